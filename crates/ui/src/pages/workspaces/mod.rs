//! The workspace's settings: its defaults, members, teams and tokens.

pub mod settings;

use axum::Router;
use axum::routing::{get, post};
use rapport_web::AppState;

use crate::pages::to_record;

/// The routes of these pages.
pub(crate) fn routes(router: Router<AppState>) -> Router<AppState> {
    router
        .route("/settings", get(settings::show))
        .route("/settings/workspace", post(settings::update_workspace).get(to_record))
        .route("/settings/terminology", post(settings::update_terminology).get(to_record))
        .route("/settings/policy", post(settings::update_policy).get(to_record))
        .route("/settings/members", post(settings::add_member).get(to_record))
        .route("/settings/members/{id}/role", post(settings::set_role).get(to_record))
        .route("/settings/members/{id}/link", post(settings::make_sign_in_link).get(to_record))
        .route("/settings/teams", post(settings::create_team).get(to_record))
        .route("/settings/teams/{id}/{change}", post(settings::change_team).get(to_record))
        .route("/settings/tokens", post(settings::create_token).get(to_record))
        .route("/settings/tokens/{id}/revoke", post(settings::revoke_token).get(to_record))
}
