//! The domain of Rapport: value types, records and the rules that govern them.
//!
//! This crate performs no IO at all (no database, network, clock or randomness):
//! everything it needs from the outside world, such as today's date or a fresh id,
//! is passed in. That keeps every rule deterministic and testable exhaustively.

pub mod common;

pub mod access;
pub mod events;

pub mod classification;
pub mod commerce;
pub mod contracts;
pub mod identity;
pub mod parties;
pub mod value;
pub mod webhooks;
pub mod workspaces;

pub use common::validation::{FieldError, ValidationErrors};
