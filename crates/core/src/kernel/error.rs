use rapport_domain::ValidationErrors;

use crate::kernel::store::StoreError;

/// Why a use case refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The input is wrong; every field at fault is named.
    #[error(transparent)]
    Validation(#[from] ValidationErrors),
    /// No such record in the actor's workspace (records of other workspaces are
    /// indistinguishable from records that do not exist).
    #[error("not found")]
    NotFound,
    /// The actor may see the record but not do this to it, or may not do this
    /// at all.
    #[error("not allowed")]
    Forbidden,
    /// The record changed since the caller read it.
    #[error("the record has changed: it is now at version {current_version}")]
    VersionMismatch { current_version: i64 },
    /// The change would break a uniqueness rule.
    #[error("{0}")]
    Conflict(String),
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => Self::NotFound,
            other => Self::Store(other),
        }
    }
}
