//! The page handlers, one module per part of the interface.

pub mod actions;
pub mod commerce;
pub mod contracts;
pub mod dashboard;
pub mod parties;
pub mod party;
pub mod session;
pub mod settings;
