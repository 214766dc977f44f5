//! Rapport's core: storage on SQLite and PostgreSQL, and the use cases that every
//! entry point (API, web pages, CLI, jobs) calls.

pub mod app;
pub mod clock;
pub mod db;
pub mod demo;
pub mod migrate;
pub mod secrets;
pub mod store;
#[cfg(feature = "testing")]
pub mod testing;

pub use app::{Actor, App, AppError};
pub use db::Db;
