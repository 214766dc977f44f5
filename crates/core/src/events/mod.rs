//! The event log: what happened in the workspace, as the outbox holds it,
//! read by administrators and by integrations that poll rather than
//! subscribe.

use rapport_domain::access::{Action, Resource};
use uuid::Uuid;

use crate::kernel::access::check_reach_all;
use crate::kernel::store::events::{self, StoredEvent};
use crate::kernel::{Actor, App, AppError};

/// The most events one read returns.
pub const MAX_EVENTS: u32 = 500;

impl App {
    /// The workspace's events after `after` (oldest first), to those who
    /// may read the whole workspace: an event may concern any record.
    pub async fn events(&self, actor: &Actor, after: Option<Uuid>, limit: u32) -> Result<Vec<StoredEvent>, AppError> {
        check_reach_all(actor, Resource::Workspace, Action::Update)?;
        let mut conn = self.db().acquire().await?;
        Ok(events::list(conn.exec(), actor.workspace_id, after, limit.clamp(1, MAX_EVENTS)).await?)
    }
}
