//! Housekeeping: forgetting what is kept only for a while.

use serde::{Deserialize, Serialize};

use crate::kernel::App;
use crate::kernel::queue::{Job, JobFailure, JobKind};

/// Forgets ended sessions, old sign-in failures and old idempotency keys.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Expire;

impl Job for Expire {
    const KIND: JobKind = JobKind::Expire;

    async fn run(self, app: &App) -> Result<(), JobFailure> {
        let keys = app.expire_idempotency_keys().await?;
        let credentials = app.expire_credentials().await?;
        tracing::debug!(keys, credentials, "expired idempotency keys, sessions and sign-in failures");
        Ok(())
    }
}
