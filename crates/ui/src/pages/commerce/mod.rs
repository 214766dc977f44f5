//! Offerings and orders: the catalogue, the order form and the order's page.

pub mod offerings;
pub mod order;
pub mod order_form;

use axum::Router;
use axum::routing::{get, post};
use rapport_web::AppState;

use crate::pages::to_record;

/// The routes of these pages.
pub(crate) fn routes(router: Router<AppState>) -> Router<AppState> {
    router
        .route("/parties/{id}/orders/new", get(order_form::new_order))
        .route("/parties/{id}/orders", post(order_form::create_order).get(to_record))
        .route("/orders/{id}", get(order::show))
        .route("/orders/{id}/status", post(order::set_status).get(to_record))
        .route("/orders/{id}/refunds", post(order::refund).get(to_record))
        .route("/orders/{id}/exchanges", post(order::exchange).get(to_record))
        .route("/offerings", get(offerings::offerings).post(offerings::create_offering))
        .route("/offerings/{id}/edit", get(offerings::edit_form).post(offerings::update))
        .route("/offerings/{id}/{change}", post(offerings::retire_or_restore).get(to_record))
}
