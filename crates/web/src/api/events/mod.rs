//! `/api/v1/events`: the workspace's event log, for administrators and for
//! integrations that read it in order instead of receiving webhooks. Each
//! payload's schema is in the document's components, named as in
//! `docs/EVENTS.md`.

use axum::Json;
use axum::extract::State;
use rapport_core::kernel::store::events::StoredEvent;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::api::responses::{Items, list_limit};
use crate::extract::{ApiQuery, Caller};
use crate::problem::Problem;
use crate::state::AppState;

/// One event of the log.
#[derive(Serialize, ToSchema)]
pub struct EventView {
    /// Time-ordered: read on from the last one seen with `after`.
    id: Uuid,
    /// Such as `party.created`; see `docs/EVENTS.md`.
    #[serde(rename = "type")]
    kind: String,
    /// The version of the payload's shape.
    version: u32,
    /// The id of the record the event is about.
    subject_id: Uuid,
    /// Who made the change: `user:…`, `token:…`, or `system:…`.
    actor: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    occurred_at: OffsetDateTime,
    /// The payload, shaped as the type's schema says.
    #[schema(value_type = Object)]
    data: serde_json::Value,
}

impl From<StoredEvent> for EventView {
    fn from(event: StoredEvent) -> Self {
        Self {
            id: event.id,
            kind: event.kind.as_str().to_owned(),
            version: event.version,
            subject_id: event.subject_id,
            actor: event.actor,
            occurred_at: event.occurred_at,
            data: event.data,
        }
    }
}

/// Where to read from.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct EventQuery {
    /// The id of the last event already read; from the first when absent.
    after: Option<Uuid>,
    /// At most this many events, 1 to 200 (50 when absent).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<u32>,
}

/// The workspace's events, oldest first, after the one given.
#[utoipa::path(get, path = "/api/v1/events", tag = "events", params(EventQuery),
    responses(
        (status = 200, description = "Events, oldest first", body = Items<EventView>),
        (status = 422, description = "Invalid parameters", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(
    State(state): State<AppState>,
    Caller(actor): Caller,
    ApiQuery(query): ApiQuery<EventQuery>,
) -> Result<Json<Items<EventView>>, Problem> {
    let limit = list_limit(query.limit)?;
    let events = state.app.events(&actor, query.after, limit).await?;
    Ok(Json(Items { items: events.into_iter().map(EventView::from).collect() }))
}

/// The routes of the event log.
pub(super) fn routes(router: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    router.routes(routes!(list))
}
