//! `/api/v1/workspace`: the caller's workspace and its settings.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use rapport_domain::workspaces::{SettingsPatch, Workspace};

use crate::api::responses::versioned;
use crate::extract::{ApiJson, Caller, IfMatch};
use crate::problem::Problem;
use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The caller's workspace.
#[utoipa::path(get, path = "/api/v1/workspace", tag = "workspace",
    responses((status = 200, description = "The workspace", body = Workspace, headers(("ETag" = String)))))]
pub async fn get(State(state): State<AppState>, Caller(actor): Caller) -> Result<Response, Problem> {
    let workspace = state.app.workspace(&actor).await?;
    Ok(versioned(StatusCode::OK, workspace.version, None, &workspace))
}

/// Changes the workspace's settings: name, currency, locale, time zone, phone region.
#[utoipa::path(patch, path = "/api/v1/workspace", tag = "workspace", request_body = SettingsPatch,
    params(("If-Match" = String, Header, description = "The ETag of the version being changed")),
    responses(
        (status = 200, description = "The changed workspace", body = Workspace, headers(("ETag" = String))),
        (status = 412, description = "It changed since it was read", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match is missing", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn update(
    State(state): State<AppState>,
    Caller(actor): Caller,
    if_match: IfMatch,
    ApiJson(patch): ApiJson<SettingsPatch>,
) -> Result<Response, Problem> {
    let workspace = state.app.update_workspace(&actor, if_match.required()?, patch).await?;
    Ok(versioned(StatusCode::OK, workspace.version, None, &workspace))
}

/// The routes of the workspace and its settings.
pub(super) fn routes(router: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    router.routes(routes!(get, update))
}
