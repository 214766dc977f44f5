//! Signing in and out: `/api/v1/session`, and who the caller is: `/api/v1/me`.

use axum::Json;
use axum::extract::State;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rapport_domain::access::{Role, TokenScope};
use rapport_domain::common::ids::WorkspaceId;
use rapport_domain::identity::{Password, User};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::{Begun, Via, cleared_cookie};
use crate::extract::{ApiJson, Signed};
use crate::problem::Problem;
use crate::state::AppState;

/// Credentials to sign in with.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignInInput {
    email: String,
    password: Password,
    /// The slug of the workspace to work in; the user's first one when absent.
    #[serde(default)]
    workspace: Option<String>,
}

/// A signed-in session: the cookie is set on the response; state-changing
/// requests of the session must send `csrf_token` as `X-CSRF-Token`.
#[derive(Serialize, ToSchema)]
pub struct SessionView {
    user: User,
    workspace_id: WorkspaceId,
    role: Role,
    csrf_token: String,
}

/// Signs in with an email and a password, opening a new session (any session
/// the request carried is ended: a session id never survives a sign-in).
#[utoipa::path(post, path = "/api/v1/session", tag = "session", request_body = SignInInput,
    responses(
        (status = 200, description = "Signed in; the session cookie is set", body = SessionView),
        (status = 401, description = "Wrong email or password", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn sign_in(
    State(state): State<AppState>,
    parts: Parts,
    ApiJson(input): ApiJson<SignInInput>,
) -> Result<Response, Problem> {
    let begun =
        crate::auth::begin_session(&state, &parts, &input.email, &input.password, input.workspace.as_deref()).await?;
    let mut headers = HeaderMap::new();
    headers.insert(header::SET_COOKIE, begun.cookie);
    headers.insert(header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    let Begun { user, workspace_id, role, session, .. } = begun;
    let body = SessionView { user, workspace_id, role, csrf_token: session.csrf_token };
    Ok((StatusCode::OK, headers, Json(body)).into_response())
}

/// Signs out: ends the session and clears its cookie.
#[utoipa::path(delete, path = "/api/v1/session", tag = "session",
    responses(
        (status = 204, description = "Signed out"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The caller used a token, not a session", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn sign_out(State(state): State<AppState>, Signed(auth): Signed) -> Result<Response, Problem> {
    match auth.via {
        Via::Session { secret } => {
            state.app.close_session(&secret).await?;
            Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, cleared_cookie())]).into_response())
        }
        Via::Token { .. } => Err(Problem::new(
            StatusCode::CONFLICT,
            "not-a-session",
            "Not a session",
            "a token is not signed out; revoke it with DELETE /api/v1/tokens/{id}",
        )),
    }
}

/// A workspace the caller belongs to, and their role there.
#[derive(Serialize, ToSchema)]
pub struct MembershipView {
    workspace_id: WorkspaceId,
    role: Role,
}

/// The caller.
#[derive(Serialize, ToSchema)]
pub struct MeView {
    user: User,
    workspace_id: WorkspaceId,
    role: Role,
    /// `session` or `token`.
    via: &'static str,
    /// The scope of the token, when the caller uses one.
    token_scope: Option<TokenScope>,
    memberships: Vec<MembershipView>,
}

/// Who the caller is, in which workspace, with which role.
#[utoipa::path(get, path = "/api/v1/me", tag = "session",
    responses(
        (status = 200, description = "The caller", body = MeView),
        (status = 401, description = "No credentials", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn me(State(state): State<AppState>, Signed(auth): Signed) -> Result<Json<MeView>, Problem> {
    let rapport_core::kernel::Principal::Member { user, role, token, .. } = auth.actor.principal else {
        return Err(Problem::not_found());
    };
    let memberships = state.app.memberships_of(user).await?;
    Ok(Json(MeView {
        user: state.app.user(user).await?,
        workspace_id: auth.actor.workspace_id,
        role,
        via: match auth.via {
            Via::Session { .. } => "session",
            Via::Token { .. } => "token",
        },
        token_scope: token,
        memberships: memberships
            .into_iter()
            .map(|(workspace_id, role)| MembershipView { workspace_id, role })
            .collect(),
    }))
}

/// Which workspace to switch to.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SwitchInput {
    workspace_id: WorkspaceId,
}

/// Moves the session to another workspace of the user.
#[utoipa::path(put, path = "/api/v1/session/workspace", tag = "session", request_body = SwitchInput,
    responses(
        (status = 204, description = "Switched"),
        (status = 404, description = "Not a member of that workspace", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The caller used a token, not a session", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn switch_workspace(
    State(state): State<AppState>,
    Signed(auth): Signed,
    ApiJson(input): ApiJson<SwitchInput>,
) -> Result<StatusCode, Problem> {
    let Via::Session { secret } = &auth.via else {
        return Err(Problem::new(
            StatusCode::CONFLICT,
            "not-a-session",
            "Not a session",
            "a token belongs to one workspace",
        ));
    };
    let user = auth.actor.user().ok_or_else(Problem::not_found)?;
    let member = state.app.memberships_of(user).await?.iter().any(|(id, _)| *id == input.workspace_id);
    if !member {
        return Err(Problem::not_found());
    }
    state.app.switch_workspace(secret, input.workspace_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The language to speak to the caller.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LocaleInput {
    /// `en`, `id` or `pl`.
    #[schema(value_type = rapport_domain::common::locale::Locale)]
    locale: String,
}

/// Sets the language the interface speaks to the caller.
#[utoipa::path(put, path = "/api/v1/me/locale", tag = "session", request_body = LocaleInput,
    responses(
        (status = 200, description = "The caller, in their new language", body = User),
        (status = 422, description = "Not a language Rapport speaks", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn set_locale(
    State(state): State<AppState>,
    Signed(auth): Signed,
    ApiJson(input): ApiJson<LocaleInput>,
) -> Result<Json<User>, Problem> {
    Ok(Json(state.app.set_own_locale(&auth.actor, &input.locale).await?))
}
