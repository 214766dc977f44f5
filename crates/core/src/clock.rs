//! Time and identity sources: the only places the core reads the clock or makes ids.

use time::OffsetDateTime;
use uuid::Uuid;

/// The current time in UTC, truncated to microseconds: PostgreSQL keeps no more,
/// and a record must read back exactly as it was written on either database.
pub fn now() -> OffsetDateTime {
    stored(OffsetDateTime::now_utc())
}

/// A time as it is stored: in UTC, to the microsecond, so it reads back the
/// same from either database whatever offset it came with.
pub fn stored(at: OffsetDateTime) -> OffsetDateTime {
    let utc = at.to_offset(time::UtcOffset::UTC);
    utc.replace_microsecond(utc.microsecond()).unwrap_or(utc)
}

/// A fresh time-ordered id.
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}
