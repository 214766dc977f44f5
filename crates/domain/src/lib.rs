//! The domain of Rapport: value types, records and the rules that govern them.
//!
//! This crate performs no IO at all (no database, network, clock or randomness):
//! everything it needs from the outside world, such as today's date or a fresh id,
//! is passed in. That keeps every rule deterministic and testable exhaustively.

pub mod access;
pub mod adjustment;
pub mod affiliation;
pub mod amount;
pub mod audit;
pub mod commerce;
pub mod contact;
pub mod contract;
pub mod dates;
pub mod ids;
pub mod money;
pub mod note;
pub mod party;
pub mod patch;
pub mod relationship;
pub mod text;
pub mod usage;
pub mod user;
pub mod validation;
pub mod value;
pub mod view;
pub mod workspace;

pub use validation::{FieldError, ValidationErrors};
