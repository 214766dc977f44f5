//! Who is asking: a web session (cookie) or an API token (bearer), resolved
//! once per request into the [`Actor`] every use case takes.

use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use rapport_core::Actor;
use rapport_domain::access::TokenScope;

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

/// The `Set-Cookie` value for a new session. `Secure` when the request came
/// over TLS (directly or as a proxy says), so cookies work on plain-HTTP
/// development servers too.
pub fn session_cookie(secret: &str, parts: &Parts) -> HeaderValue {
    let secure = parts.uri.scheme_str() == Some("https")
        || parts.headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()) == Some("https");
    let max_age = rapport_core::app::identity::SESSION_LIFETIME.whole_seconds();
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
