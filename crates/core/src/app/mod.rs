//! The use cases: one copy of every workflow, called by the API, the web pages,
//! the CLI and the jobs alike. Each decides its transaction and writes the audit
//! log in it.

mod affiliations;
mod audit;
mod error;
mod idempotency;
pub mod identity;
mod notes;
mod parties;
mod versioned;
mod workspaces;

pub use error::AppError;
pub use parties::ListRequest;
pub use workspaces::DEFAULT_WORKSPACE_SLUG;

use rapport_domain::ids::WorkspaceId;

use crate::db::Db;

/// Who is acting, and in which workspace. Every use case takes one: today it is
/// made by the CLI or the HTTP layer; authentication decides it later.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub workspace_id: WorkspaceId,
    /// How the audit log names the actor: `system:cli`, `user:…`, `token:…`.
    pub label: String,
}

/// The application: every use case, over one database.
#[derive(Clone, Debug)]
pub struct App {
    db: Db,
}

impl App {
    pub fn new(db: Db) -> Self {
        Self { db }
    }

    pub fn db(&self) -> &Db {
        &self.db
    }
}
