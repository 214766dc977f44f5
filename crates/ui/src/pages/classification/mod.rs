//! The relationships dashboard: who is what to the business, and how that moves.

pub mod dashboard;

use axum::Router;
use axum::routing::{get, post};
use rapport_web::AppState;

use crate::pages::to_record;

/// The routes of these pages.
pub(crate) fn routes(router: Router<AppState>) -> Router<AppState> {
    router
        .route("/relationships", get(dashboard::show))
        .route("/relationships/fit", post(dashboard::fit).get(to_record))
}
