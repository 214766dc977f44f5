//! Signing in and out, and the language switch.

use askama::Template;
use axum::extract::{Query, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use rapport_domain::common::locale::Locale;
use rapport_domain::identity::Password;
use rapport_web::AppState;
use rapport_web::auth::{SESSION_COOKIE, begin_session, cleared_cookie, cookie};
use serde::Deserialize;

use crate::context::Ui;
use crate::errors::{ErrorPage, render};
use crate::form::{Posted, from_this_site, read_form};
use crate::http::{no_store, safe_next};
use crate::i18n::request_locale;

#[derive(Template)]
#[template(path = "identity/login.html")]
pub struct LoginPage {
    pub ui: Ui,
    pub email: String,
    pub next: String,
    /// The message id of why the last attempt failed.
    pub failure: Option<&'static str>,
    /// Set after a password was set through a sign-in link.
    pub welcomed: bool,
}

#[derive(Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
    welcome: Option<String>,
}

/// `GET /login`.
pub async fn login_form(parts: Parts, Query(query): Query<LoginQuery>) -> Response {
    let locale = request_locale(&parts);
    let next = safe_next(query.next.as_deref());
    let page = LoginPage {
        ui: Ui::anonymous(locale, &format!("/login?next={}", crate::http::encode(&next))),
        email: String::new(),
        next,
        failure: None,
        welcomed: query.welcome.is_some(),
    };
    render(locale, &page)
}

/// `POST /login`: opens a session and goes where the reader was headed.
pub async fn login(State(state): State<AppState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let form_locale = request_locale(&parts);
    if !from_this_site(&parts) {
        return ErrorPage::new(form_locale, StatusCode::FORBIDDEN, "error-csrf").into_response_page();
    }
    let form = match read_form(Request::from_parts(parts.clone(), body), &state, form_locale).await {
        Ok(form) => form,
        Err(page) => return page,
    };
    let locale = form.optional("lang").and_then(|l| Locale::parse(l).ok()).unwrap_or(form_locale);
    let next = safe_next(form.optional("next"));
    let email = form.get("email").trim().to_owned();
    let password = Password::new(form.get("password").to_owned());
    match begin_session(&state, &parts, &email, &password, None).await {
        Ok(begun) => {
            let mut headers = HeaderMap::new();
            headers.insert(header::SET_COOKIE, begun.cookie);
            (headers, Redirect::to(&next)).into_response()
        }
        Err(problem) => {
            let (status, failure) = match problem.status {
                401 => (StatusCode::UNAUTHORIZED, "login-refused"),
                429 => (StatusCode::TOO_MANY_REQUESTS, "login-throttled"),
                403 => (StatusCode::FORBIDDEN, "login-no-workspace"),
                _ => (StatusCode::SERVICE_UNAVAILABLE, "error-internal"),
            };
            let page =
                LoginPage { ui: Ui::anonymous(locale, "/login"), email, next, failure: Some(failure), welcomed: false };
            let mut response = render(locale, &page);
            *response.status_mut() = status;
            response
        }
    }
}

/// `POST /logout`: ends the session and clears its cookie.
pub async fn logout(State(state): State<AppState>, headers: HeaderMap, Posted { viewer, .. }: Posted) -> Response {
    if let Some(secret) = cookie(&headers, SESSION_COOKIE)
        && let Err(error) = state.app.close_session(&secret).await
    {
        return ErrorPage::from_app(viewer.user.locale, error);
    }
    // The sign-in page goes on in the language the member chose.
    let mut response = Redirect::to(&format!("/login?lang={}", viewer.user.locale.as_str())).into_response();
    response.headers_mut().insert(header::SET_COOKIE, cleared_cookie());
    response
}

/// `POST /language`: the member's language, kept on their account.
pub async fn set_language(State(state): State<AppState>, Posted { viewer, form }: Posted) -> Response {
    let next = safe_next(form.optional("next"));
    match state.app.set_own_locale(&viewer.actor, form.get("locale")).await {
        Ok(_) => no_store(Redirect::to(&next).into_response()),
        Err(error) => ErrorPage::from_app(viewer.user.locale, error),
    }
}

/// `GET /`: the party list.
pub async fn home() -> Redirect {
    Redirect::to("/parties")
}
