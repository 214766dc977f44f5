use sqlx::error::ErrorKind;

/// What can go wrong in storage, in terms the use cases can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A uniqueness rule would be broken (the same pair linked twice, a key reused).
    #[error("conflict: {0}")]
    Conflict(String),
    /// A reference points at nothing (a foreign key).
    #[error("constraint violated: {0}")]
    Constraint(String),
    /// A stored value could not be read back: the database holds something this
    /// version of Rapport did not write.
    #[error("corrupt stored value: {0}")]
    Corrupt(String),
    /// The database gave up the transaction to let another through (on
    /// PostgreSQL, a deadlock or a serialization failure): nothing was
    /// written, and the same request may simply be made again.
    #[error("busy: {0}")]
    Busy(String),
    #[error("database error: {0}")]
    Other(String),
}

impl StoreError {
    pub fn other(error: impl std::fmt::Display) -> Self {
        Self::Other(error.to_string())
    }

    pub fn corrupt(error: impl std::fmt::Display) -> Self {
        Self::Corrupt(error.to_string())
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        match &error {
            sqlx::Error::RowNotFound => Self::NotFound,
            // SQLSTATE 40P01 deadlock_detected, 40001 serialization_failure.
            sqlx::Error::Database(db) if matches!(db.code().as_deref(), Some("40P01" | "40001")) => {
                Self::Busy(db.message().to_owned())
            }
            sqlx::Error::Database(db) => match db.kind() {
                ErrorKind::UniqueViolation => Self::Conflict(db.message().to_owned()),
                ErrorKind::ForeignKeyViolation => Self::Constraint(db.message().to_owned()),
                _ => Self::Other(error.to_string()),
            },
            sqlx::Error::ColumnDecode { .. } | sqlx::Error::Decode(_) => Self::Corrupt(error.to_string()),
            _ => Self::Other(error.to_string()),
        }
    }
}
