//! Rapport's core: the use cases that every entry point (API, web pages, CLI,
//! jobs) calls, and their storage on SQLite and PostgreSQL.
//!
//! One folder per capability, each holding its use cases (`mod.rs` and
//! siblings) and its storage (`store`); what they all share is in [`kernel`].

pub mod kernel;

pub mod classification;
pub mod commerce;
pub mod contracts;
pub mod events;
pub mod identity;
pub mod jobs;
pub mod parties;
pub mod value;
pub mod webhooks;
pub mod workspaces;

pub mod demo;
#[cfg(feature = "testing")]
pub mod testing;

pub use kernel::db::Db;
pub use kernel::{Actor, App, AppError};
