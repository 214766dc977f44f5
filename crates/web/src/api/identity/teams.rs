//! `/api/v1/teams`: teams of the caller's workspace, whose members see each
//! other's records where their role reaches "team".

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use rapport_domain::common::ids::{TeamId, UserId};
use rapport_domain::identity::Team;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::responses::Items;
use crate::extract::{ApiJson, Caller, parse_id};
use crate::problem::Problem;
use crate::state::AppState;

/// A team and its members.
#[derive(Serialize, ToSchema)]
pub struct TeamView {
    #[serde(flatten)]
    team: Team,
    members: Vec<UserId>,
}

/// A team to create.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamInput {
    #[schema(format = "line", max_length = 100)]
    name: String,
    #[serde(default)]
    members: Vec<UserId>,
}

/// The teams of the workspace.
#[utoipa::path(get, path = "/api/v1/teams", tag = "members",
    responses((status = 200, description = "Teams", body = Items<TeamView>)))]
pub async fn list(State(state): State<AppState>, Caller(actor): Caller) -> Result<Json<Items<TeamView>>, Problem> {
    let teams = state.app.teams(&actor).await?;
    Ok(Json(Items { items: teams.into_iter().map(|(team, members)| TeamView { team, members }).collect() }))
}

/// Creates a team of members of the workspace.
#[utoipa::path(post, path = "/api/v1/teams", tag = "members", request_body = TeamInput,
    responses(
        (status = 201, description = "Created", body = TeamView),
        (status = 409, description = "A team of this name exists", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(state): State<AppState>,
    Caller(actor): Caller,
    ApiJson(input): ApiJson<TeamInput>,
) -> Result<Response, Problem> {
    let team = state.app.create_team(&actor, &input.name, &input.members).await?;
    Ok((StatusCode::CREATED, Json(TeamView { team, members: input.members })).into_response())
}

/// Puts a member of the workspace in the team.
#[utoipa::path(put, path = "/api/v1/teams/{id}/members/{user_id}", tag = "members",
    params(("id" = TeamId, Path, description = "The team"), ("user_id" = UserId, Path, description = "The member")),
    responses(
        (status = 204, description = "The member is in the team"),
        (status = 404, description = "No such team", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a member of the workspace", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn add_member(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path((team, user)): Path<(String, String)>,
) -> Result<StatusCode, Problem> {
    state.app.set_team_member(&actor, parse_id(&team)?, parse_id(&user)?, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Takes a member out of the team.
#[utoipa::path(delete, path = "/api/v1/teams/{id}/members/{user_id}", tag = "members",
    params(("id" = TeamId, Path, description = "The team"), ("user_id" = UserId, Path, description = "The member")),
    responses(
        (status = 204, description = "The member is not in the team"),
        (status = 404, description = "No such team", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a member of the workspace", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn remove_member(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path((team, user)): Path<(String, String)>,
) -> Result<StatusCode, Problem> {
    state.app.set_team_member(&actor, parse_id(&team)?, parse_id(&user)?, false).await?;
    Ok(StatusCode::NO_CONTENT)
}
