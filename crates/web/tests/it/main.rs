//! API tests: the whole router in process, on both databases.

mod access;
mod affiliations;
mod commerce;
mod contracts;
mod errors;
mod events;
mod idempotency;
mod logs;
mod notes;
mod openapi;
mod ownership;
mod parties;
mod relationships;
mod robustness;
mod routes;
mod session;
mod support;
mod value;
mod webhooks;
mod workspace;
