//! The application and who acts in it: every capability's use cases are
//! methods of [`App`], and take an [`Actor`].

use rapport_domain::access::{Role, TokenScope};
use rapport_domain::common::ids::{UserId, WorkspaceId};

use crate::kernel::clock::Clock;
use crate::kernel::db::Db;
use crate::kernel::outbound::Outbound;

/// Who is acting, and in which workspace. Every use case takes one and decides
/// from it what is allowed: the HTTP layer makes it from a session or a token,
/// the CLI and the jobs act as the system.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub workspace_id: WorkspaceId,
    /// How the audit log names the actor: `system:cli`, `user:…`, `token:…`.
    pub label: String,
    pub principal: Principal,
}

/// On whose authority an actor acts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// The CLI, jobs and setup: trusted, unrestricted.
    System,
    /// A member of the workspace, signed in or through an API token.
    Member {
        user: UserId,
        role: Role,
        /// The token's scope when acting through a token.
        token: Option<TokenScope>,
        /// The members who share a team with the user (the user included when
        /// in any team): whose records "team" scope reaches.
        teammates: Vec<UserId>,
    },
}

impl Actor {
    /// The system acting in `workspace`, named `label` in the audit log.
    pub fn system(workspace_id: WorkspaceId, label: &str) -> Self {
        Self { workspace_id, label: label.to_owned(), principal: Principal::System }
    }

    /// The user acting, if a user is.
    pub fn user(&self) -> Option<UserId> {
        match &self.principal {
            Principal::Member { user, .. } => Some(*user),
            Principal::System => None,
        }
    }
}

/// The application: every use case, over one database, on one clock, with
/// one way out to the world outside.
#[derive(Clone, Debug)]
pub struct App {
    db: Db,
    clock: Clock,
    outbound: Outbound,
    /// Told when a transaction that enqueued jobs commits, so that a worker
    /// in this process starts on them at once instead of at its next look.
    jobs_enqueued: std::sync::Arc<tokio::sync::Notify>,
}

impl App {
    /// The application on the system's clock.
    pub fn new(db: Db) -> Self {
        Self::with_clock(db, Clock::system())
    }

    /// The application on `clock`, its outbound requests refused towards
    /// inside addresses.
    pub fn with_clock(db: Db, clock: Clock) -> Self {
        Self { db, clock, outbound: Outbound::new(false), jobs_enqueued: Default::default() }
    }

    /// The same application, its outbound requests made by `outbound`.
    pub fn with_outbound(self, outbound: Outbound) -> Self {
        Self { outbound, ..self }
    }

    pub fn outbound(&self) -> &Outbound {
        &self.outbound
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// The time now, by the application's clock.
    pub fn now(&self) -> time::OffsetDateTime {
        self.clock.now()
    }

    /// A transaction that writes, happening now; the jobs it enqueues wake
    /// this process's workers when it commits.
    pub(crate) async fn begin(&self) -> Result<crate::kernel::db::Tx, crate::kernel::store::StoreError> {
        Ok(self.db.begin(self.now()).await?.waking(std::sync::Arc::clone(&self.jobs_enqueued)))
    }

    /// Completes when a transaction begun here that enqueued jobs has
    /// committed since the last call (or is waited for now).
    pub async fn jobs_enqueued(&self) {
        self.jobs_enqueued.notified().await
    }

    /// A transaction that only reads, as of now.
    pub(crate) async fn begin_read(&self) -> Result<crate::kernel::db::Tx, crate::kernel::store::StoreError> {
        self.db.begin_read(self.now()).await
    }
}
