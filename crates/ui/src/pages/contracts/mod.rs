//! Contracts: the form that drafts them and the page that works them.

pub mod form;
pub mod show;

use axum::Router;
use axum::routing::{get, post};
use rapport_web::AppState;

use crate::pages::to_record;

/// The routes of these pages.
pub(crate) fn routes(router: Router<AppState>) -> Router<AppState> {
    router
        .route("/parties/{id}/contracts/new", get(form::new_contract))
        .route("/parties/{id}/contracts", post(form::create_contract).get(to_record))
        .route("/contracts/{id}", get(show::show).post(form::update_contract))
        .route("/contracts/{id}/edit", get(form::edit_contract))
        .route("/contracts/{id}/step", post(show::step).get(to_record))
        .route("/contracts/{id}/usage", post(show::record_use).get(to_record))
}
