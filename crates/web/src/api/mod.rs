//! The JSON API under `/api/v1`, documented by the OpenAPI document it serves.
//! Routes are registered through `utoipa_axum`, so a route cannot exist without
//! its documentation.

mod classification;
mod commerce;
mod contracts;
mod events;
mod identity;
mod jobs;
mod parties;
mod responses;
mod value;
mod webhooks;
mod workspaces;

use std::sync::OnceLock;

use axum::Json;
use axum::response::IntoResponse;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use rapport_domain::classification::events as classification_events;
use rapport_domain::commerce::events as commerce_events;
use rapport_domain::contracts::events as contract_events;
use rapport_domain::identity::events as identity_events;
use rapport_domain::parties::events as party_events;
use rapport_domain::value::events as value_events;
use rapport_domain::webhooks::events as webhook_events;
use rapport_domain::workspaces::events as workspace_events;

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
        (name = "events", description = "The event log: what happened, oldest first"),
        (name = "webhooks", description = "Endpoints told of events, signed as Standard Webhooks specifies"),
        (name = "jobs", description = "The job queue: scheduled passes, deliveries, their retries"),
        (name = "operations", description = "Health and the API document")
    ),
    components(schemas(
        party_events::PartyV1, party_events::AffiliationV1, party_events::NoteV1, party_events::AccountTeamV1,
        party_events::SavedViewV1, commerce_events::MoneyV1, commerce_events::OfferingV1, commerce_events::OrderLineV1,
        commerce_events::OrderPlacedV1, commerce_events::OrderStatusChangedV1, commerce_events::OrderAdjustedV1,
        contract_events::ContractV1, contract_events::ContractUsageV1, classification_events::ClassificationV1,
        classification_events::ReasonV1, classification_events::RelationshipChangedV1,
        classification_events::RelationshipOverrideV1, value_events::PlaybookV1, value_events::ValueModelFittedV1,
        identity_events::MemberV1, identity_events::TokenV1, identity_events::TeamV1, identity_events::TeamMemberV1,
        identity_events::SignInLinkV1, workspace_events::WorkspaceV1, webhook_events::WebhookV1,
    ))
)]
struct ApiDoc;

/// Every documented route, with its documentation.
pub fn documented() -> OpenApiRouter<AppState> {
    let capabilities: [fn(OpenApiRouter<AppState>) -> OpenApiRouter<AppState>; 10] = [
        parties::routes,
        classification::routes,
        value::routes,
        commerce::routes,
        contracts::routes,
        workspaces::routes,
        identity::routes,
        events::routes,
        webhooks::routes,
        jobs::routes,
    ];
    let router =
        capabilities.iter().fold(OpenApiRouter::with_openapi(ApiDoc::openapi()), |router, routes| routes(router));
    router
        .routes(routes!(crate::health::healthz))
        .routes(routes!(crate::health::readyz))
        .routes(routes!(crate::metrics::metrics))
        .routes(routes!(openapi_json))
}

/// The OpenAPI 3.1 document of this API, with what its routes share.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut document = documented().into_openapi();
    utoipa::Modify::modify(&crate::openapi::Shared, &mut document);
    document
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
