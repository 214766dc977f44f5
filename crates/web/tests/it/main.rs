//! API tests: the whole router in process, on both databases.

mod affiliations;
mod errors;
mod idempotency;
mod notes;
mod openapi;
mod parties;
mod robustness;
mod routes;
mod session;
mod support;
mod workspace;
