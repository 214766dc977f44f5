//! Signing in and out, and the welcome page of a sign-in link.

pub mod session;
pub mod welcome;

use axum::Router;
use axum::routing::{get, post};
use rapport_web::AppState;

/// The routes of these pages.
pub(crate) fn routes(router: Router<AppState>) -> Router<AppState> {
    router
        .route("/", get(session::home))
        .route("/login", get(session::login_form).post(session::login))
        .route("/logout", post(session::logout))
        .route("/language", post(session::set_language))
        .route("/welcome/{link}", get(welcome::show).post(welcome::set_password))
}
