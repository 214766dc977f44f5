//! `/welcome/{link}`: where a sign-in link leads. The member sets a password
//! of their own (twice, so a slip is caught) and goes on to sign in. The page
//! is open without a session: the link is the key, and it serves once.

use askama::Template;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use rapport_core::AppError;
use rapport_domain::identity::Password;
use rapport_web::AppState;

use crate::context::Ui;
use crate::errors::{ErrorPage, render, with_status};
use crate::fields::Fields;
use crate::form::{from_this_site, read_form};
use crate::i18n::request_locale;

#[derive(Template)]
#[template(path = "identity/welcome.html")]
pub struct WelcomePage {
    pub ui: Ui,
    pub link: String,
    pub errors: Fields,
}

/// A link that no longer serves: said plainly, with what to do.
fn spent(parts: &Parts) -> Response {
    ErrorPage::new(request_locale(parts), StatusCode::NOT_FOUND, "welcome-spent").into_response_page()
}

/// `GET /welcome/{link}`.
pub async fn show(State(state): State<AppState>, parts: Parts, Path(link): Path<String>) -> Response {
    let locale = request_locale(&parts);
    match state.app.password_link(&link).await {
        Ok(_) => render(locale, &WelcomePage { ui: Ui::anonymous(locale, "/login"), link, errors: Fields::default() }),
        Err(AppError::NotFound) => spent(&parts),
        Err(error) => ErrorPage::from_app(locale, error),
    }
}

/// `POST /welcome/{link}`: sets the password and goes to the sign-in page.
pub async fn set_password(State(state): State<AppState>, Path(link): Path<String>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let locale = request_locale(&parts);
    if !from_this_site(&parts) {
        return ErrorPage::new(locale, StatusCode::FORBIDDEN, "error-csrf").into_response_page();
    }
    let form = match read_form(Request::from_parts(parts.clone(), body), &state, locale).await {
        Ok(form) => form,
        Err(page) => return page,
    };
    let result = if form.get("password") != form.get("again") {
        Err(AppError::Validation(rapport_domain::ValidationErrors::single(
            "again",
            "not_the_same",
            "must be the same password",
        )))
    } else {
        state.app.redeem_password_link(&link, &Password::new(form.get("password").to_owned())).await
    };
    match result {
        Ok(_) => Redirect::to("/login?welcome=1").into_response(),
        Err(AppError::Validation(errors)) => {
            let page = WelcomePage { ui: Ui::anonymous(locale, "/login"), link, errors: Fields::from(errors) };
            with_status(render(locale, &page), 422)
        }
        Err(AppError::NotFound) => spent(&parts),
        Err(error) => ErrorPage::from_app(locale, error),
    }
}
