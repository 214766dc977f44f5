//! Response shapes shared by the resources.

use axum::Json;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::extract::etag;

/// The `limit` of a list that takes one: 1 to 200, 50 when absent.
pub fn list_limit(asked: Option<u32>) -> Result<u32, crate::problem::Problem> {
    let limit = asked.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(crate::problem::Problem::validation(rapport_domain::ValidationErrors::single(
            "limit",
            "out_of_range",
            "must be between 1 and 200",
        )));
    }
    Ok(limit)
}

/// A list with nothing more to page through.
#[derive(Serialize, ToSchema)]
pub struct Items<T> {
    pub items: Vec<T>,
}

/// A page of a list; `next_cursor` is null on the last page.
#[derive(Serialize, ToSchema)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

/// A record with its version as ETag, and its URL when just created.
pub fn versioned<T: Serialize>(status: StatusCode, version: i64, location: Option<String>, body: &T) -> Response {
    let mut headers = HeaderMap::new();
    if let Ok(value) = HeaderValue::from_str(&etag(version)) {
        headers.insert(header::ETAG, value);
    }
    if let Some(value) = location.and_then(|l| HeaderValue::from_str(&l).ok()) {
        headers.insert(header::LOCATION, value);
    }
    (status, headers, Json(body)).into_response()
}
