//! `/api/v1/parties/{id}/account-team`: who serves a party personally.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use rapport_domain::classification::TeamRole;
use rapport_domain::common::ids::{PartyId, UserId};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::responses::Items;
use crate::extract::{ApiJson, ApiQuery, Caller, PathId};
use crate::problem::Problem;
use crate::state::AppState;

/// A member serving the party, and how.
#[derive(Serialize, Deserialize, ToSchema, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AssignmentView {
    user_id: UserId,
    /// `account_manager`, `customer_success_manager` or `service_representative`.
    #[schema(value_type = TeamRole)]
    #[param(value_type = TeamRole)]
    role: String,
}

fn role(raw: &str) -> Result<TeamRole, Problem> {
    TeamRole::parse(raw).map_err(|p| Problem::validation(p.at("role")))
}

/// The party's account team.
#[utoipa::path(get, path = "/api/v1/parties/{id}/account-team", tag = "parties", params(("id" = PartyId, Path)),
    responses(
        (status = 200, description = "The account team", body = Items<AssignmentView>),
        (status = 404, description = "No such party", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(
    State(state): State<AppState>,
    Caller(actor): Caller,
    id: PathId,
) -> Result<Json<Items<AssignmentView>>, Problem> {
    let team = state.app.account_team(&actor, id.parse()?).await?;
    let items =
        team.into_iter().map(|a| AssignmentView { user_id: a.user_id, role: a.role.as_str().to_owned() }).collect();
    Ok(Json(Items { items }))
}

/// Assigns a member to serve the party.
#[utoipa::path(post, path = "/api/v1/parties/{id}/account-team", tag = "parties", request_body = AssignmentView,
    params(("id" = PartyId, Path)),
    responses(
        (status = 204, description = "Assigned"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn assign(
    State(state): State<AppState>,
    Caller(actor): Caller,
    id: PathId,
    ApiJson(input): ApiJson<AssignmentView>,
) -> Result<StatusCode, Problem> {
    state.app.assign(&actor, id.parse()?, input.user_id, role(&input.role)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Ends an assignment (`?user_id=…&role=…`).
#[utoipa::path(delete, path = "/api/v1/parties/{id}/account-team", tag = "parties",
    params(("id" = PartyId, Path), AssignmentView),
    responses(
        (status = 204, description = "No longer assigned"),
    ))]
pub async fn unassign(
    State(state): State<AppState>,
    Caller(actor): Caller,
    id: PathId,
    ApiQuery(input): ApiQuery<AssignmentView>,
) -> Result<StatusCode, Problem> {
    state.app.unassign(&actor, id.parse()?, input.user_id, role(&input.role)?).await?;
    Ok(StatusCode::NO_CONTENT)
}
