//! Time and identity sources: the only places the core reads the clock or makes ids.

use time::OffsetDateTime;
use uuid::Uuid;

/// The current time in UTC, truncated to microseconds: PostgreSQL keeps no more,
/// and a record must read back exactly as it was written on either database.
pub fn now() -> OffsetDateTime {
    let now = OffsetDateTime::now_utc();
    let micros = now.microsecond();
    now.replace_microsecond(micros).unwrap_or(now)
}

/// A fresh time-ordered id.
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}
