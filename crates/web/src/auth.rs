//! Who is asking: a web session (cookie) or an API token (bearer), resolved
//! once per request into the [`Actor`] every use case takes.

use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use rapport_core::Actor;
use rapport_core::identity::store::credentials::Session;
use rapport_core::identity::{FAILURE_WINDOW, SignIn};
use rapport_domain::access::{Role, TokenScope};
use rapport_domain::common::ids::WorkspaceId;
use rapport_domain::identity::{Password, User};

use crate::problem::Problem;
use crate::state::AppState;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "rapport_session";
/// The header a session's state-changing requests carry their CSRF token in.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// How a request proved who it is.
#[derive(Debug, Clone)]
pub enum Via {
    /// A browser session; `secret` is the cookie's value.
    Session {
        secret: String,
    },
    Token {
        scope: TokenScope,
    },
}

/// A request's actor and the credential it came with.
#[derive(Debug, Clone)]
pub struct Authenticated {
    pub actor: Actor,
    pub via: Via,
}

fn unauthorized(detail: &str) -> Problem {
    Problem::new(StatusCode::UNAUTHORIZED, "unauthorized", "Sign-in required", detail)
}

/// The value of cookie `name`, if the request carries it.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// Resolves the credentials of a request. No credentials, or ones that are not
/// (or no longer) valid, answer 401; a session's state-changing request without
/// its CSRF token answers 403.
pub async fn authenticate(parts: &Parts, state: &AppState) -> Result<Authenticated, Problem> {
    if let Some(found) = parts.extensions.get::<Authenticated>() {
        return Ok(found.clone());
    }
    let bearer = parts.headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).map(str::trim);
    if let Some(value) = bearer {
        let secret = value
            .strip_prefix("Bearer ")
            .or_else(|| value.strip_prefix("bearer "))
            .ok_or_else(|| unauthorized("send API tokens as Authorization: Bearer <token>"))?;
        let (token, actor) =
            state.app.token_actor(secret.trim()).await?.ok_or_else(|| {
                unauthorized("the token is not valid, or its user no longer a member of its workspace")
            })?;
        return Ok(Authenticated { actor, via: Via::Token { scope: token.scope } });
    }
    if let Some(secret) = cookie(&parts.headers, SESSION_COOKIE) {
        let (session, actor) =
            state.app.session_actor(&secret).await?.ok_or_else(|| unauthorized("the session has ended"))?;
        if is_unsafe(&parts.method) {
            let sent = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
            if sent != Some(session.csrf_token.as_str()) {
                let mut problem = Problem::new(
                    StatusCode::FORBIDDEN,
                    "csrf",
                    "CSRF token missing or wrong",
                    "a change made with a session cookie must carry the session's CSRF token",
                );
                problem.errors.push(rapport_domain::FieldError {
                    field: "X-CSRF-Token".into(),
                    code: "csrf",
                    message: "must be the csrf_token given at sign-in".into(),
                    args: Vec::new(),
                });
                return Err(problem);
            }
        }
        return Ok(Authenticated { actor, via: Via::Session { secret } });
    }
    let mut problem = unauthorized("sign in (POST /api/v1/session) or send an API token");
    problem.www_authenticate = true;
    Err(problem)
}

fn is_unsafe(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// A session just opened by [`begin_session`].
#[derive(Debug)]
pub struct Begun {
    pub user: User,
    pub workspace_id: WorkspaceId,
    pub role: Role,
    pub session: Session,
    /// The `Set-Cookie` value that hands the session to the browser.
    pub cookie: HeaderValue,
}

/// Signs in with an email and a password and opens a new session in
/// `workspace` (a slug; the user's first workspace when absent). Any session
/// the request carried is ended: a session id never survives a sign-in. The
/// JSON API and the sign-in page share this, so both refuse and throttle alike.
pub async fn begin_session(
    state: &AppState,
    parts: &Parts,
    email: &str,
    password: &Password,
    workspace: Option<&str>,
) -> Result<Begun, Problem> {
    let address = state
        .proxies
        .client_of(&parts.extensions, &parts.headers)
        .map_or_else(|| "unknown".to_owned(), |ip| ip.to_string());
    let user = match state.app.sign_in(email, password, &address).await? {
        SignIn::Ok(user) => user,
        SignIn::Refused => {
            return Err(Problem::new(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "Sign-in refused",
                "wrong email or password",
            ));
        }
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
    let chosen = match workspace.map(str::trim).filter(|s| !s.is_empty()) {
        None => memberships.first().copied(),
        Some(slug) => {
            let found = state.app.workspace_by_slug(slug).await.ok();
            found.and_then(|w| memberships.iter().copied().find(|(id, _)| *id == w.id))
        }
    };
    let (workspace_id, role) = chosen.ok_or_else(|| {
        Problem::new(StatusCode::FORBIDDEN, "no-workspace", "No workspace", "you are not a member of that workspace")
    })?;
    if let Some(old) = cookie(&parts.headers, SESSION_COOKIE) {
        state.app.close_session(&old).await?;
    }
    let (secret, session) = state.app.open_session(user.id, workspace_id).await?;
    Ok(Begun { user, workspace_id, role, session, cookie: session_cookie(&secret, parts) })
}

/// The `Set-Cookie` value for a new session. `Secure` when the request came
/// over TLS (directly or as a proxy says), so cookies work on plain-HTTP
/// development servers too.
pub fn session_cookie(secret: &str, parts: &Parts) -> HeaderValue {
    let secure = parts.uri.scheme_str() == Some("https")
        || parts.headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()) == Some("https");
    let max_age = rapport_core::identity::SESSION_LIFETIME.whole_seconds();
    let mut text = format!("{SESSION_COOKIE}={secret}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}");
    if secure {
        text.push_str("; Secure");
    }
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("rapport_session=; Path=/"))
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn cleared_cookie() -> HeaderValue {
    HeaderValue::from_static("rapport_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_static("theme=dark; rapport_session=rps_abc; x=1"));
        assert_eq!(cookie(&headers, SESSION_COOKIE).as_deref(), Some("rps_abc"));
        assert_eq!(cookie(&headers, "missing"), None);
    }
}
