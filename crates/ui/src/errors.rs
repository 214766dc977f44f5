//! Pages for what went wrong: not found, not allowed, a stale edit, a server
//! fault. Faults are logged with their cause; the page says only what the
//! reader can act on.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use rapport_core::AppError;
use rapport_domain::common::locale::Locale;
use rapport_web::Problem;

use crate::context::Ui;

/// An error page: a status and the message that explains it.
#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub ui: Ui,
    pub status: u16,
    /// The message id of the explanation.
    pub message: &'static str,
    /// The use case's own words for what it refused, in English.
    pub details: Vec<String>,
    /// Where to go back to, when not the party list.
    pub back: Option<String>,
}

impl ErrorPage {
    /// The page's heading, by what kind of refusal it is: a reader told
    /// "Not allowed" knows more than one told "Something went wrong".
    pub fn heading(&self) -> &'static str {
        match self.status {
            403 => "error-title-forbidden",
            404 => "error-title-not-found",
            409 => "error-title-conflict",
            400 | 422 => "error-title-refused",
            _ => "error-title",
        }
    }

    pub fn new(locale: Locale, status: StatusCode, message: &'static str) -> Self {
        Self { ui: Ui::anonymous(locale, "/"), status: status.as_u16(), message, details: Vec::new(), back: None }
    }

    /// The page for a use case's refusal or failure. The API's problem for
    /// it decides the status (and logs a fault), so pages and API judge
    /// errors alike; a stale version is a conflict here, as a page sends no
    /// `If-Match`.
    pub fn from_app(locale: Locale, error: AppError) -> Response {
        let (status, message) = match Problem::from(error).status_code() {
            StatusCode::NOT_FOUND => (StatusCode::NOT_FOUND, "error-not-found"),
            StatusCode::FORBIDDEN => (StatusCode::FORBIDDEN, "error-forbidden"),
            StatusCode::CONFLICT | StatusCode::PRECONDITION_FAILED => (StatusCode::CONFLICT, "error-conflict"),
            StatusCode::UNPROCESSABLE_ENTITY | StatusCode::BAD_REQUEST => {
                (StatusCode::UNPROCESSABLE_ENTITY, "error-bad-form")
            }
            StatusCode::SERVICE_UNAVAILABLE => (StatusCode::SERVICE_UNAVAILABLE, "error-busy"),
            _ => (StatusCode::INTERNAL_SERVER_ERROR, "error-internal"),
        };
        Self::new(locale, status, message).into_response_page()
    }

    pub fn into_response_page(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        match self.render() {
            Ok(body) => (status, Html(body)).into_response(),
            Err(error) => {
                tracing::error!(%error, "the error page did not render");
                status.into_response()
            }
        }
    }
}

/// Renders a page, or the error page if the template fails.
pub fn render(locale: Locale, page: &impl Template) -> Response {
    match page.render() {
        Ok(body) => crate::http::no_store(Html(body).into_response()),
        Err(error) => {
            tracing::error!(%error, "a page did not render");
            ErrorPage::new(locale, StatusCode::INTERNAL_SERVER_ERROR, "error-internal").into_response_page()
        }
    }
}

/// A rendered page with another status, such as 422 for a form sent back
/// with its errors.
pub fn with_status(mut response: Response, status: u16) -> Response {
    if response.status().is_success() {
        *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    }
    response
}

/// A refused change as the page that sent the form shows it, beside its
/// fields: the status, and the messages. A record changed meanwhile is said
/// at `stale` (a field and a code), a conflict with its state at
/// `conflict_field`. What a form does not show (not found, not allowed, a
/// fault) is given back, for the error page.
pub fn refusal(
    error: AppError,
    stale: (&str, &'static str),
    conflict_field: &str,
) -> Result<(u16, rapport_domain::ValidationErrors), AppError> {
    use rapport_domain::ValidationErrors;
    match error {
        AppError::Validation(errors) => Ok((422, errors)),
        AppError::VersionMismatch { .. } => {
            Ok((409, ValidationErrors::single(stale.0, stale.1, "the record changed since the page was shown")))
        }
        AppError::Conflict(reason) => Ok((409, ValidationErrors::single(conflict_field, "conflict", reason))),
        other => Err(other),
    }
}
