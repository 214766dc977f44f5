//! What every capability shares: the application and its actors, the
//! database and its transactions, the clock, errors, access, the audit log,
//! versioned records, paging and idempotency keys. Nothing here knows a
//! capability.

pub mod access;
mod app;
pub mod audit;
pub mod clock;
pub mod db;
mod error;
pub mod idempotency;
pub mod migrate;
pub mod outbound;
pub mod queue;
pub mod secrets;
pub mod store;
pub mod versioned;

pub use access::{may, reaches_all};
pub use app::{Actor, App, Principal};
pub use error::AppError;
