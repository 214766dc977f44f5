//! Time and identity sources: the only places the core reads the clock or
//! makes ids. The application holds a [`Clock`]: the system's in production,
//! one a test sets and moves, so no test waits for time to pass.

use std::sync::{Arc, Mutex, PoisonError};

use time::OffsetDateTime;
use uuid::Uuid;

/// Where the time comes from.
#[derive(Clone, Debug, Default)]
pub struct Clock(Option<Arc<Mutex<OffsetDateTime>>>);

impl Clock {
    /// The system's clock.
    pub fn system() -> Self {
        Self(None)
    }

    /// A clock standing at `at` until it is set or moved.
    pub fn fixed(at: OffsetDateTime) -> Self {
        Self(Some(Arc::new(Mutex::new(stored(at)))))
    }

    /// The current time in UTC, truncated to microseconds (see [`stored`]).
    pub fn now(&self) -> OffsetDateTime {
        match &self.0 {
            None => stored(OffsetDateTime::now_utc()),
            Some(at) => *at.lock().unwrap_or_else(PoisonError::into_inner),
        }
    }

    /// Sets a fixed clock to `at`; the system's clock cannot be set.
    pub fn set(&self, at: OffsetDateTime) {
        if let Some(now) = &self.0 {
            *now.lock().unwrap_or_else(PoisonError::into_inner) = stored(at);
        }
    }

    /// Moves a fixed clock on by `by`.
    pub fn advance(&self, by: time::Duration) {
        self.set(self.now() + by);
    }
}

/// A time as it is stored: in UTC, to the microsecond (PostgreSQL keeps no
/// more), so a record reads back the same from either database whatever
/// offset it came with.
pub fn stored(at: OffsetDateTime) -> OffsetDateTime {
    let utc = at.to_offset(time::UtcOffset::UTC);
    utc.replace_microsecond(utc.microsecond()).unwrap_or(utc)
}

/// A fresh time-ordered id.
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}
