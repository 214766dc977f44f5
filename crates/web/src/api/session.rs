//! Signing in and out: `/api/v1/session`, and who the caller is: `/api/v1/me`.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rapport_core::app::identity::{FAILURE_WINDOW, SignIn};
use rapport_domain::access::{Role, TokenScope};
use rapport_domain::ids::WorkspaceId;
use rapport_domain::user::{Password, User};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::{SESSION_COOKIE, Via, cleared_cookie, cookie, session_cookie};
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

fn refused() -> Problem {
    Problem::new(StatusCode::UNAUTHORIZED, "unauthorized", "Sign-in refused", "wrong email or password")
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
    let address = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(|| "unknown".to_owned(), |ConnectInfo(peer)| peer.ip().to_string());
    let user = match state.app.sign_in(&input.email, &input.password, &address).await? {
        SignIn::Ok(user) => user,
        SignIn::Refused => return Err(refused()),
        SignIn::Throttled => {
            let mut problem = Problem::new(
                StatusCode::TOO_MANY_REQUESTS,
                "throttled",
                "Too many attempts",
                "too many failed sign-ins; wait and try again",
            );
            problem.retry_after = u32::try_from(FAILURE_WINDOW.whole_seconds()).ok();
            return Err(problem);
        }
    };
    let memberships = state.app.memberships_of(user.id).await?;
    let chosen = match input.workspace.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => memberships.first().copied(),
        Some(slug) => {
            let workspace = state.app.workspace_by_slug(slug).await.ok();
            workspace.and_then(|w| memberships.iter().copied().find(|(id, _)| *id == w.id))
        }
    };
    let (workspace_id, role) = chosen.ok_or_else(|| {
        Problem::new(StatusCode::FORBIDDEN, "no-workspace", "No workspace", "you are not a member of that workspace")
    })?;
    if let Some(old) = cookie(&parts.headers, SESSION_COOKIE) {
        state.app.close_session(&old).await?;
    }
    let (secret, session) = state.app.open_session(user.id, workspace_id).await?;
    let mut headers = HeaderMap::new();
    headers.insert(header::SET_COOKIE, session_cookie(&secret, &parts));
    headers.insert(header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    let body = SessionView { user, workspace_id, role, csrf_token: session.csrf_token };
    Ok((StatusCode::OK, headers, Json(body)).into_response())
}

/// Signs out: ends the session and clears its cookie.
#[utoipa::path(delete, path = "/api/v1/session", tag = "session",
    responses(
        (status = 204, description = "Signed out"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
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
    let rapport_core::app::Principal::Member { user, role, token, .. } = auth.actor.principal else {
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
