//! The page handlers, one module per part of the interface.

pub mod actions;
pub mod commerce;
pub mod contact_rows;
pub mod contract;
pub mod contracts;
pub mod dashboard;
pub mod model;
pub mod offerings;
pub mod order;
pub mod parties;
pub mod party;
pub mod party_form;
pub mod playbook;
pub mod search;
pub mod session;
pub mod settings;
pub mod welcome;

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
