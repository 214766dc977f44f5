//! Customer value: the model's page, and a party's playbook.

pub mod model;
pub mod playbook;

use axum::Router;
use axum::routing::{get, post};
use rapport_web::AppState;

use crate::pages::to_record;

/// The routes of these pages.
pub(crate) fn routes(router: Router<AppState>) -> Router<AppState> {
    router
        .route("/relationships/model", get(model::show))
        .route("/relationships/model/fit", post(model::fit).get(to_record))
        .route("/relationships/model/validate", post(model::validate).get(to_record))
}
