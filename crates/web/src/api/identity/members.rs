//! `/api/v1/members`: the users of the caller's workspace and their roles.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use rapport_domain::access::Role;
use rapport_domain::common::ids::UserId;
use rapport_domain::identity::{User, UserInput};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::responses::Items;
use crate::extract::{ApiJson, Caller, PathId};
use crate::problem::Problem;
use crate::state::AppState;

/// A member: a user and their role in the workspace.
#[derive(Serialize, ToSchema)]
pub struct MemberView {
    user: User,
    role: Role,
}

/// The members of the workspace (a role that sees only itself gets itself).
#[utoipa::path(get, path = "/api/v1/members", tag = "members",
    responses((status = 200, description = "Members", body = Items<MemberView>)))]
pub async fn list(State(state): State<AppState>, Caller(actor): Caller) -> Result<Json<Items<MemberView>>, Problem> {
    let members = state.app.members(&actor).await?;
    Ok(Json(Items { items: members.into_iter().map(|(user, role)| MemberView { user, role }).collect() }))
}

/// Creates a user with a password and a role in this workspace.
#[utoipa::path(post, path = "/api/v1/members", tag = "members", request_body = UserInput,
    responses(
        (status = 201, description = "Created", body = MemberView),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(state): State<AppState>,
    Caller(actor): Caller,
    ApiJson(input): ApiJson<UserInput>,
) -> Result<Response, Problem> {
    let user = state.app.create_user(&actor, actor.workspace_id, &input).await?;
    let role = Role::parse(&input.role).map_err(|p| Problem::validation(p.at("role")))?;
    Ok((StatusCode::CREATED, Json(MemberView { user, role })).into_response())
}

/// A new role.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleInput {
    #[schema(value_type = Role)]
    role: String,
}

/// Gives a user a role in this workspace.
#[utoipa::path(put, path = "/api/v1/members/{id}", tag = "members", request_body = RoleInput,
    params(("id" = UserId, Path)),
    responses(
        (status = 200, description = "The member", body = MemberView),
        (status = 404, description = "No such user", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn set_role(
    State(state): State<AppState>,
    Caller(actor): Caller,
    id: PathId,
    ApiJson(input): ApiJson<RoleInput>,
) -> Result<Json<MemberView>, Problem> {
    let role = Role::parse(&input.role).map_err(|p| Problem::validation(p.at("role")))?;
    let user: UserId = id.parse()?;
    state.app.set_role(&actor, user, actor.workspace_id, role).await?;
    Ok(Json(MemberView { user: state.app.user(user).await?, role }))
}
