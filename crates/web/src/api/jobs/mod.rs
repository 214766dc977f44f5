//! `/api/v1/jobs`: the job queue as administrators see it: what waits, runs,
//! is done or dead; a dead job tried again, a waiting one cancelled.

use axum::Json;
use axum::extract::State;
use rapport_core::jobs::{JobStatus, StoredJob};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::api::responses::{Items, list_limit};
use crate::extract::{ApiQuery, Caller, PathId};
use crate::problem::Problem;
use crate::state::AppState;

/// A job of the queue.
#[derive(Serialize, ToSchema)]
pub struct JobView {
    id: Uuid,
    /// Such as `relationships.reclassify` or `webhooks.deliver`.
    kind: String,
    /// `queued`, `running`, `done`, `dead` or `cancelled`.
    status: String,
    attempts: u32,
    max_attempts: u32,
    /// When it runs (next).
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    run_at: OffsetDateTime,
    last_error: Option<String>,
    /// Whose work it is: none for the whole installation's.
    workspace_id: Option<Uuid>,
    /// What the job was given, as its kind defines it (any JSON value).
    payload: serde_json::Value,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    finished_at: Option<OffsetDateTime>,
}

impl From<StoredJob> for JobView {
    fn from(job: StoredJob) -> Self {
        Self {
            id: job.id,
            kind: job.kind,
            status: job.status.as_str().to_owned(),
            attempts: job.attempts,
            max_attempts: job.max_attempts,
            run_at: job.run_at,
            last_error: job.last_error,
            workspace_id: job.workspace_id.map(|w| w.0),
            payload: job.payload,
            created_at: job.created_at,
            finished_at: job.finished_at,
        }
    }
}

/// Which jobs to list.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct JobQuery {
    /// Only jobs in this state.
    #[param(pattern = "^(queued|running|done|dead|cancelled)$")]
    status: Option<String>,
    /// The id of the last job already read; from the newest when absent.
    before: Option<Uuid>,
    /// At most this many, 1 to 200 (50 when absent).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<u32>,
}

/// The workspace's jobs and the installation's, newest first.
#[utoipa::path(get, path = "/api/v1/jobs", tag = "jobs", params(JobQuery),
    responses(
        (status = 200, description = "Jobs, newest first", body = Items<JobView>),
        (status = 422, description = "Invalid parameters", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(
    State(state): State<AppState>,
    Caller(actor): Caller,
    ApiQuery(query): ApiQuery<JobQuery>,
) -> Result<Json<Items<JobView>>, Problem> {
    let limit = list_limit(query.limit)?;
    let status = match query.status.as_deref() {
        Some(name) => Some(JobStatus::parse(name).ok_or_else(|| {
            Problem::validation(rapport_domain::ValidationErrors::single(
                "status",
                "invalid_status",
                "must be queued, running, done, dead or cancelled",
            ))
        })?),
        None => None,
    };
    let jobs = state.app.list_jobs(&actor, status, query.before, limit).await?;
    Ok(Json(Items { items: jobs.into_iter().map(JobView::from).collect() }))
}

/// One job.
#[utoipa::path(get, path = "/api/v1/jobs/{id}", tag = "jobs", params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "The job", body = JobView),
        (status = 404, description = "No such job", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get(State(state): State<AppState>, Caller(actor): Caller, id: PathId) -> Result<Json<JobView>, Problem> {
    Ok(Json(state.app.get_job(&actor, id.parse()?).await?.into()))
}

/// Queues a dead, cancelled or done job again, with fresh attempts.
#[utoipa::path(post, path = "/api/v1/jobs/{id}/retry", tag = "jobs", params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "The job, queued", body = JobView),
        (status = 404, description = "No such job", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Waiting or running already", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn retry(State(state): State<AppState>, Caller(actor): Caller, id: PathId) -> Result<Json<JobView>, Problem> {
    Ok(Json(state.app.retry_job(&actor, id.parse()?).await?.into()))
}

/// Cancels a waiting job.
#[utoipa::path(post, path = "/api/v1/jobs/{id}/cancel", tag = "jobs", params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "The job, cancelled", body = JobView),
        (status = 404, description = "No such job", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not waiting", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn cancel(
    State(state): State<AppState>,
    Caller(actor): Caller,
    id: PathId,
) -> Result<Json<JobView>, Problem> {
    Ok(Json(state.app.cancel_job(&actor, id.parse()?).await?.into()))
}

/// The routes of the job queue.
pub(super) fn routes(router: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    router.routes(routes!(list)).routes(routes!(get)).routes(routes!(retry)).routes(routes!(cancel))
}
