//! The JSON API under `/api/v1`, documented by the OpenAPI document it serves.
//! Routes are registered through `utoipa_axum`, so a route cannot exist without
//! its documentation.

mod classification;
mod commerce;
mod contracts;
mod identity;
mod parties;
mod responses;
mod value;
mod workspaces;

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
    let capabilities: [fn(OpenApiRouter<AppState>) -> OpenApiRouter<AppState>; 7] = [
        parties::routes,
        classification::routes,
        value::routes,
        commerce::routes,
        contracts::routes,
        workspaces::routes,
        identity::routes,
    ];
    let router =
        capabilities.iter().fold(OpenApiRouter::with_openapi(ApiDoc::openapi()), |router, routes| routes(router));
    router.routes(routes!(crate::health::healthz)).routes(routes!(crate::health::readyz)).routes(routes!(openapi_json))
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
