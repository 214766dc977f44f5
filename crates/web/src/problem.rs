//! Errors as RFC 9457 problem documents (`application/problem+json`), naming the
//! field at fault where there is one. Internal details are logged, never sent.

use std::any::Any;

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rapport_core::AppError;
use rapport_domain::{FieldError, ValidationErrors};
use serde::Serialize;
use utoipa::ToSchema;

/// A problem document.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// A URI reference naming the kind of problem, such as `/problems/validation`.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: &'static str,
    pub status: u16,
    pub detail: String,
    /// The fields at fault, for validation problems.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<FieldErrorDoc>)]
    pub errors: Vec<FieldError>,
    /// For a version conflict: the version the record is at now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_version: Option<i64>,
    /// Whether the response asks for credentials (`WWW-Authenticate`).
    #[serde(skip)]
    pub www_authenticate: bool,
    /// Seconds to wait before retrying (`Retry-After`).
    #[serde(skip)]
    pub retry_after: Option<u32>,
}

/// One field at fault.
#[derive(Serialize, ToSchema)]
pub struct FieldErrorDoc {
    /// Where the field is, such as `emails[1]` or the header `If-Match`.
    pub field: String,
    /// A stable code such as `required`, `invalid_email`, `invalid_phone`.
    pub code: String,
    pub message: String,
}

impl Problem {
    pub fn new(status: StatusCode, kind: &str, title: &'static str, detail: impl Into<String>) -> Self {
        Self {
            kind: format!("/problems/{kind}"),
            title,
            status: status.as_u16(),
            detail: detail.into(),
            errors: Vec::new(),
            current_version: None,
            www_authenticate: false,
            retry_after: None,
        }
    }

    /// Input that is well-formed but wrong: 422 with every field at fault.
    pub fn validation(errors: ValidationErrors) -> Self {
        let detail = match errors.0.as_slice() {
            [one] => format!("{}: {}", one.field, one.message),
            many => format!("{} fields are invalid", many.len()),
        };
        Self { errors: errors.0, ..Self::new(StatusCode::UNPROCESSABLE_ENTITY, "validation", "Invalid input", detail) }
    }

    /// A request that could not be read at all (bad JSON, a bad header): 400,
    /// still naming the field where it is known.
    pub fn bad_request(field: &str, code: &'static str, detail: impl Into<String>) -> Self {
        let detail = detail.into();
        let mut problem = Self::new(StatusCode::BAD_REQUEST, "bad-request", "Malformed request", detail.clone());
        problem.errors.push(FieldError { field: field.to_owned(), code, message: detail, args: Vec::new() });
        problem
    }

    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "not-found", "Not found", "no such resource")
    }

    /// An unexpected failure: logged here with its cause, reported without it.
    pub fn internal(cause: &dyn std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "request failed");
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "Internal error", "the request could not be completed")
    }

    pub fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

impl From<AppError> for Problem {
    fn from(error: AppError) -> Self {
        match error {
            AppError::Validation(errors) => Self::validation(errors),
            AppError::NotFound => Self::not_found(),
            AppError::Forbidden => Self::new(
                StatusCode::FORBIDDEN,
                "forbidden",
                "Not allowed",
                "your role, or the scope of the token you use, does not allow this",
            ),
            AppError::VersionMismatch { current_version } => Self {
                current_version: Some(current_version),
                ..Self::new(
                    StatusCode::PRECONDITION_FAILED,
                    "version-mismatch",
                    "The record has changed",
                    format!("the record is at version {current_version}; read it again and reapply the change"),
                )
            },
            AppError::Conflict(detail) => Self::new(StatusCode::CONFLICT, "conflict", "Conflict", detail),
            AppError::Store(rapport_core::kernel::store::StoreError::Busy(cause)) => {
                tracing::warn!(%cause, "a transaction gave way to another; the client may retry");
                Self {
                    retry_after: Some(1),
                    ..Self::new(
                        StatusCode::SERVICE_UNAVAILABLE,
                        "busy",
                        "Busy",
                        "the change met a concurrent one and was not made; send it again",
                    )
                }
            }
            AppError::Store(cause) => Self::internal(&cause),
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = self.status_code();
        let (www_authenticate, retry_after) = (self.www_authenticate, self.retry_after);
        let busy = self.kind.ends_with("/busy");
        let mut response = (status, Json(self)).into_response();
        if busy {
            response.extensions_mut().insert(crate::retry::GaveWay);
        }
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        if www_authenticate {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"rapport\""));
        }
        if let Some(seconds) = retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

pub async fn not_found() -> Problem {
    Problem::not_found()
}

pub async fn method_not_allowed() -> Problem {
    Problem::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method-not-allowed",
        "Method not allowed",
        "this resource does not answer that method",
    )
}

pub fn from_panic(payload: Box<dyn Any + Send + 'static>) -> Response {
    let message = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    Problem::internal(&format!("panic: {message}")).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_transaction_that_gave_way_asks_for_a_retry() {
        let busy = AppError::Store(rapport_core::kernel::store::StoreError::Busy("deadlock detected".into()));
        let response = Problem::from(busy).into_response();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(response.headers().get(header::RETRY_AFTER).and_then(|v| v.to_str().ok()), Some("1"));
        let other = AppError::Store(rapport_core::kernel::store::StoreError::Other("disk full".into()));
        assert_eq!(Problem::from(other).into_response().status(), StatusCode::INTERNAL_SERVER_ERROR);
    }
}
