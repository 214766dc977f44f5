//! The JSON API under `/api/v1`, documented by the OpenAPI document it serves.
//! Routes are registered through `utoipa_axum`, so a route cannot exist without
//! its documentation.

mod account_team;
mod affiliations;
mod commerce;
mod contracts;
mod members;
mod notes;
mod parties;
mod relationships;
mod responses;
mod session;
mod teams;
mod tokens;
mod value;
mod workspace;

use std::sync::OnceLock;

use axum::Json;
use axum::response::IntoResponse;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "Rapport API", description = "The CRM that knows a client from a customer from a consumer."),
    tags(
        (name = "parties", description = "People and organizations"),
        (name = "affiliations", description = "Who works where"),
        (name = "notes", description = "Notes about parties"),
        (name = "commerce", description = "Offerings and orders"),
        (name = "contracts", description = "Contracts with clients"),
        (name = "relationships", description = "What each party is to the business, and why"),
        (name = "analytics", description = "Customer value: the models, forecasts and conversion candidates"),
        (name = "workspace", description = "The workspace and its settings"),
        (name = "session", description = "Signing in and out, and who the caller is"),
        (name = "members", description = "Users of the workspace and their roles"),
        (name = "tokens", description = "The caller's API tokens"),
        (name = "operations", description = "Health and the API document")
    )
)]
struct ApiDoc;

/// Every documented route, with its documentation.
pub fn documented() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(parties::create, parties::list))
        .routes(routes!(parties::get, parties::update, parties::delete))
        .routes(routes!(parties::restore))
        .routes(routes!(parties::audit))
        .routes(routes!(parties::affiliations))
        .routes(routes!(relationships::relationship))
        .routes(routes!(relationships::set_override, relationships::clear_override))
        .routes(routes!(relationships::history))
        .routes(routes!(relationships::summary))
        .routes(routes!(value::model))
        .routes(routes!(value::validation))
        .routes(routes!(value::fit))
        .routes(routes!(value::validate))
        .routes(routes!(value::party_value))
        .routes(routes!(value::forecast))
        .routes(routes!(value::conversion_candidates))
        .routes(routes!(value::playbook, value::set_playbook))
        .routes(routes!(value::record_step))
        .routes(routes!(value::conversions))
        .routes(routes!(account_team::list, account_team::assign, account_team::unassign))
        .routes(routes!(commerce::offerings, commerce::create_offering))
        .routes(routes!(commerce::offering, commerce::update_offering, commerce::retire_offering))
        .routes(routes!(commerce::restore_offering))
        .routes(routes!(commerce::create_order))
        .routes(routes!(commerce::order))
        .routes(routes!(commerce::orders_of))
        .routes(routes!(commerce::set_status))
        .routes(routes!(commerce::refund))
        .routes(routes!(commerce::exchange))
        .routes(routes!(commerce::adjustments))
        .routes(routes!(contracts::create))
        .routes(routes!(contracts::get, contracts::revise))
        .routes(routes!(contracts::of_party))
        .routes(routes!(contracts::send))
        .routes(routes!(contracts::sign))
        .routes(routes!(contracts::activate))
        .routes(routes!(contracts::terminate))
        .routes(routes!(contracts::renew))
        .routes(routes!(contracts::record_usage, contracts::usage))
        .routes(routes!(notes::create, notes::list))
        .routes(routes!(notes::get, notes::update, notes::delete))
        .routes(routes!(notes::restore))
        .routes(routes!(affiliations::create))
        .routes(routes!(affiliations::get, affiliations::update, affiliations::delete))
        .routes(routes!(affiliations::restore))
        .routes(routes!(workspace::get, workspace::update))
        .routes(routes!(session::sign_in, session::sign_out))
        .routes(routes!(session::switch_workspace))
        .routes(routes!(session::me))
        .routes(routes!(session::set_locale))
        .routes(routes!(members::list, members::create))
        .routes(routes!(members::set_role))
        .routes(routes!(teams::list, teams::create))
        .routes(routes!(teams::add_member, teams::remove_member))
        .routes(routes!(tokens::list, tokens::create))
        .routes(routes!(tokens::revoke))
        .routes(routes!(crate::health::healthz))
        .routes(routes!(crate::health::readyz))
        .routes(routes!(openapi_json))
}

/// The OpenAPI 3.1 document of this API.
pub fn openapi() -> utoipa::openapi::OpenApi {
    documented().into_openapi()
}

pub fn router() -> axum::Router<AppState> {
    documented().split_for_parts().0
}

/// The OpenAPI 3.1 document of this API.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "operations",
    responses((status = 200, description = "The OpenAPI document", content_type = "application/json")))]
async fn openapi_json() -> impl IntoResponse {
    static DOCUMENT: OnceLock<serde_json::Value> = OnceLock::new();
    Json(DOCUMENT.get_or_init(|| serde_json::to_value(openapi()).unwrap_or_default()).clone())
}
