//! The relationship engine's jobs: the daily pass that lets time move
//! buyers to at risk and lapsed, expires contracts and ends overrides.

use rapport_domain::common::ids::WorkspaceId;
use serde::{Deserialize, Serialize};

use crate::classification::Cause;
use crate::kernel::App;
use crate::kernel::queue::{Job, JobFailure, JobKind};

/// Reclassifies every party of a workspace as of its day, in its time zone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reclassify {
    pub workspace_id: WorkspaceId,
}

impl Job for Reclassify {
    const KIND: JobKind = JobKind::Reclassify;

    async fn run(self, app: &App) -> Result<(), JobFailure> {
        let today = app.today(self.workspace_id).await?;
        let cause = Cause { what: "time", actor: "system:scheduler" };
        let done = app.reclassify_workspace(self.workspace_id, today, cause).await?;
        tracing::info!(workspace = %self.workspace_id, parties = done.parties, changed = done.changed, "reclassified for the day");
        Ok(())
    }
}
