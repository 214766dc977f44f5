//! The page handlers, one module per part of the interface.

pub mod classification;
pub mod commerce;
pub mod contracts;
pub mod identity;
pub mod jobs;
pub mod parties;
pub mod timeline;
pub mod value;
pub mod webhooks;
pub mod workspaces;

use rapport_core::AppError;

/// The record an address names, such as `PartyId` from `/parties/{id}`: an
/// id that is not one names nothing there is, so it is not found.
pub fn record_id<T>(raw: &str, make: fn(uuid::Uuid) -> T) -> Result<T, AppError> {
    raw.trim().parse::<uuid::Uuid>().map(make).map_err(|_| AppError::NotFound)
}

/// What the reader may see of a list: nothing, when their role may not read
/// that kind of record; a failure is a failure.
pub fn allowed<T>(found: Result<Vec<T>, AppError>) -> Result<Vec<T>, AppError> {
    match found {
        Err(AppError::Forbidden) => Ok(Vec::new()),
        other => other,
    }
}

/// A record the reader may not see, or that is gone: none; a failure is a
/// failure.
pub fn visible<T>(found: Result<T, AppError>) -> Result<Option<T>, AppError> {
    match found {
        Err(AppError::Forbidden | AppError::NotFound) => Ok(None),
        other => other.map(Some),
    }
}

/// A form's address opened as a page (a reload after a refusal, an address
/// copied): the page of the record it belongs to, instead of a bare
/// "method not allowed".
pub(crate) async fn to_record(uri: axum::http::Uri) -> axum::response::Redirect {
    let segments: Vec<&str> = uri.path().split('/').filter(|part| !part.is_empty()).collect();
    let page = match segments.as_slice() {
        ["parties", "views", ..] => "/parties".to_owned(),
        [kind @ ("parties" | "orders" | "contracts"), id, ..] => format!("/{kind}/{id}"),
        ["relationships", "model", ..] => "/relationships/model".to_owned(),
        ["settings", part @ ("webhooks" | "jobs"), ..] => format!("/settings/{part}"),
        [section @ ("relationships" | "offerings" | "settings"), ..] => format!("/{section}"),
        _ => "/parties".to_owned(),
    };
    axum::response::Redirect::to(&page)
}
