//! A deadline for every request, answered with a problem document when missed.

use std::time::Duration;

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::problem::Problem;

/// How long a request may take before it is abandoned.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

pub async fn middleware(request: Request, next: Next) -> Response {
    match tokio::time::timeout(REQUEST_TIMEOUT, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!("request timed out");
            Problem::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "timeout",
                "Request timed out",
                "the request took too long and was abandoned; retry later",
            )
            .into_response()
        }
    }
}
