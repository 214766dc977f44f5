//! `/api/v1/webhooks`: endpoints told of events as they happen, signed as
//! Standard Webhooks specifies; their secrets, shown once; the log of every
//! attempt to deliver, and a delivery sent again by hand.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use rapport_core::webhooks::WithSecret;
use rapport_core::webhooks::store::Attempt;
use rapport_domain::webhooks::{Webhook, WebhookInput};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::api::responses::{Items, list_limit, versioned};
use crate::extract::{ApiJson, ApiQuery, Caller, IfMatch, PathId, parse_id};
use crate::problem::Problem;
use crate::state::AppState;

/// An endpoint with its secret: the answer to registering one or rotating
/// its secret, and the only time the secret is shown.
#[derive(Serialize, ToSchema)]
pub struct WebhookWithSecret {
    #[serde(flatten)]
    webhook: Webhook,
    /// `whsec_` and the base64 of the signing key.
    secret: String,
}

impl From<WithSecret> for WebhookWithSecret {
    fn from(made: WithSecret) -> Self {
        Self { webhook: made.webhook, secret: made.secret }
    }
}

/// Registers an endpoint; its secret is in the answer, and only there.
#[utoipa::path(post, path = "/api/v1/webhooks", tag = "webhooks", request_body = WebhookInput,
    responses(
        (status = 201, description = "Registered", body = WebhookWithSecret),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(state): State<AppState>,
    Caller(actor): Caller,
    ApiJson(input): ApiJson<WebhookInput>,
) -> Result<Response, Problem> {
    let made = state.app.create_webhook(&actor, &input).await?;
    let (version, location) = (made.webhook.version, format!("/api/v1/webhooks/{}", made.webhook.id));
    Ok(versioned(StatusCode::CREATED, version, Some(location), &WebhookWithSecret::from(made)))
}

/// The workspace's endpoints.
#[utoipa::path(get, path = "/api/v1/webhooks", tag = "webhooks",
    responses(
        (status = 200, description = "Endpoints, oldest first", body = Items<Webhook>),
    ))]
pub async fn list(State(state): State<AppState>, Caller(actor): Caller) -> Result<Json<Items<Webhook>>, Problem> {
    Ok(Json(Items { items: state.app.list_webhooks(&actor).await? }))
}

/// One endpoint.
#[utoipa::path(get, path = "/api/v1/webhooks/{id}", tag = "webhooks", params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "The endpoint", body = Webhook),
        (status = 404, description = "No such endpoint", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get(State(state): State<AppState>, Caller(actor): Caller, id: PathId) -> Result<Response, Problem> {
    let webhook = state.app.get_webhook(&actor, id.parse()?).await?;
    Ok(versioned(StatusCode::OK, webhook.version, None, &webhook))
}

/// Replaces an endpoint's address, event types, description and whether it
/// is enabled.
#[utoipa::path(put, path = "/api/v1/webhooks/{id}", tag = "webhooks", request_body = WebhookInput,
    params(("id" = Uuid, Path), ("If-Match" = String, Header, description = "The version read, as its ETag")),
    responses(
        (status = 200, description = "The endpoint", body = Webhook),
        (status = 404, description = "No such endpoint", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed since read", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn update(
    State(state): State<AppState>,
    Caller(actor): Caller,
    id: PathId,
    if_match: IfMatch,
    ApiJson(input): ApiJson<WebhookInput>,
) -> Result<Response, Problem> {
    let expected = if_match.required()?;
    let webhook = state.app.update_webhook(&actor, id.parse()?, expected, &input).await?;
    Ok(versioned(StatusCode::OK, webhook.version, None, &webhook))
}

/// Removes an endpoint: nothing more is sent to it.
#[utoipa::path(delete, path = "/api/v1/webhooks/{id}", tag = "webhooks", params(("id" = Uuid, Path), ("If-Match" = Option<String>, Header, description = "When given, the version read, as its ETag; a later one is refused")),
    responses(
        (status = 200, description = "The endpoint, removed", body = Webhook),
        (status = 404, description = "No such endpoint", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed since read", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn delete(
    State(state): State<AppState>,
    Caller(actor): Caller,
    id: PathId,
    if_match: IfMatch,
) -> Result<Response, Problem> {
    let webhook = state.app.delete_webhook(&actor, id.parse()?, if_match.optional()).await?;
    Ok(versioned(StatusCode::OK, webhook.version, None, &webhook))
}

/// Gives an endpoint a new secret, shown in the answer only; deliveries are
/// signed with the old one too for a day.
#[utoipa::path(post, path = "/api/v1/webhooks/{id}/rotate-secret", tag = "webhooks", params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "The endpoint and its new secret", body = WebhookWithSecret),
        (status = 404, description = "No such endpoint", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn rotate_secret(
    State(state): State<AppState>,
    Caller(actor): Caller,
    id: PathId,
) -> Result<Json<WebhookWithSecret>, Problem> {
    Ok(Json(state.app.rotate_webhook_secret(&actor, id.parse()?).await?.into()))
}

/// One attempt to deliver an event, as logged.
#[derive(Serialize, ToSchema)]
pub struct AttemptView {
    id: Uuid,
    /// The delivery: one event to this endpoint, its `webhook-id` being
    /// `msg_` and this id without dashes.
    delivery_id: Uuid,
    event_id: Uuid,
    event_type: String,
    /// 1 for the first.
    attempt: u32,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    at: OffsetDateTime,
    /// The endpoint's status code; none when it did not answer.
    response_status: Option<u16>,
    latency_ms: u64,
    error: Option<String>,
    /// `pending`, `succeeded` or `failed`.
    delivery_status: String,
}

impl From<Attempt> for AttemptView {
    fn from(a: Attempt) -> Self {
        Self {
            id: a.id,
            delivery_id: a.delivery_id,
            event_id: a.event_id,
            event_type: a.event_type,
            attempt: a.attempt,
            at: a.at,
            response_status: a.response_status,
            latency_ms: a.latency_ms,
            error: a.error,
            delivery_status: a.delivery_status,
        }
    }
}

/// Where to read the log from.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AttemptQuery {
    /// The id of the last attempt already read; from the newest when absent.
    before: Option<Uuid>,
    /// At most this many, 1 to 200 (50 when absent).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<u32>,
}

/// The endpoint's log of attempts, newest first.
#[utoipa::path(get, path = "/api/v1/webhooks/{id}/attempts", tag = "webhooks", params(("id" = Uuid, Path), AttemptQuery),
    responses(
        (status = 200, description = "Attempts, newest first", body = Items<AttemptView>),
        (status = 404, description = "No such endpoint", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid parameters", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn attempts(
    State(state): State<AppState>,
    Caller(actor): Caller,
    id: PathId,
    ApiQuery(query): ApiQuery<AttemptQuery>,
) -> Result<Json<Items<AttemptView>>, Problem> {
    let limit = list_limit(query.limit)?;
    let found = state.app.webhook_attempts(&actor, id.parse()?, query.before, limit).await?;
    Ok(Json(Items { items: found.into_iter().map(AttemptView::from).collect() }))
}

/// Sends a delivery again, with its `webhook-id` and fresh attempts.
#[utoipa::path(post, path = "/api/v1/webhooks/{id}/deliveries/{delivery_id}/replay", tag = "webhooks",
    params(("id" = Uuid, Path), ("delivery_id" = Uuid, Path)),
    responses(
        (status = 202, description = "Queued to be sent again"),
        (status = 409, description = "The endpoint is paused", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such endpoint or delivery", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn replay(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path((id, delivery)): Path<(String, String)>,
) -> Result<Response, Problem> {
    state.app.replay_delivery(&actor, parse_id(&id)?, parse_id(&delivery)?).await?;
    Ok(StatusCode::ACCEPTED.into_response())
}

/// The routes of webhooks.
pub(super) fn routes(router: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    router
        .routes(routes!(create, list))
        .routes(routes!(get, update, delete))
        .routes(routes!(rotate_secret))
        .routes(routes!(attempts))
        .routes(routes!(replay))
}
