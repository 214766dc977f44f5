//! `/api/v1/tokens`: the caller's own API tokens.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use rapport_domain::access::TokenScope;
use rapport_domain::common::ids::TokenId;
use rapport_domain::identity::ApiToken;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::api::responses::Items;
use crate::auth::Via;
use crate::extract::{ApiJson, PathId, Signed};
use crate::problem::Problem;
use crate::state::AppState;

/// A token to create.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenInput {
    #[schema(format = "line", max_length = 100)]
    name: String,
    /// `read`, `write` or `admin` (default `read`).
    #[serde(default)]
    #[schema(value_type = Option<TokenScope>)]
    scope: Option<String>,
    /// When the token stops working; never when absent.
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    expires_at: Option<OffsetDateTime>,
}

/// A new token: `secret` is shown this once and never again.
#[derive(Serialize, ToSchema)]
pub struct CreatedToken {
    secret: String,
    token: ApiToken,
}

fn user_of(auth: &crate::auth::Authenticated) -> Result<rapport_domain::common::ids::UserId, Problem> {
    auth.actor.user().ok_or_else(Problem::not_found)
}

/// The caller's tokens (their secrets are never shown again).
#[utoipa::path(get, path = "/api/v1/tokens", tag = "tokens",
    responses((status = 200, description = "Tokens", body = Items<ApiToken>)))]
pub async fn list(State(state): State<AppState>, Signed(auth): Signed) -> Result<Json<Items<ApiToken>>, Problem> {
    Ok(Json(Items { items: state.app.tokens_of(user_of(&auth)?).await? }))
}

/// Creates a token for the caller in the current workspace. Through a token,
/// only an `admin` token may create another, and never a wider one.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "tokens", request_body = TokenInput,
    responses(
        (status = 201, description = "Created; the secret is shown once", body = CreatedToken),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(state): State<AppState>,
    Signed(auth): Signed,
    ApiJson(input): ApiJson<TokenInput>,
) -> Result<Response, Problem> {
    let scope = match input.scope.as_deref() {
        None => TokenScope::Read,
        Some(raw) => TokenScope::parse(raw).map_err(|p| Problem::validation(p.at("scope")))?,
    };
    if let Via::Token { scope: mine } = auth.via
        && (mine != TokenScope::Admin || scope > mine)
    {
        return Err(rapport_core::AppError::Forbidden.into());
    }
    let user = user_of(&auth)?;
    let (secret, token) = state
        .app
        .create_token(&auth.actor, user, auth.actor.workspace_id, &input.name, scope, input.expires_at)
        .await?;
    Ok((StatusCode::CREATED, Json(CreatedToken { secret, token })).into_response())
}

/// Revokes one of the caller's tokens.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "tokens", params(("id" = TokenId, Path)),
    responses(
        (status = 204, description = "Revoked"),
        (status = 404, description = "No such live token of yours", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn revoke(State(state): State<AppState>, Signed(auth): Signed, id: PathId) -> Result<StatusCode, Problem> {
    let user = user_of(&auth)?;
    state.app.revoke_token(&auth.actor, user, id.parse()?).await?;
    Ok(StatusCode::NO_CONTENT)
}
