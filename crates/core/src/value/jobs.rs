//! Customer value's jobs: fitting the models again once a week.

use serde::{Deserialize, Serialize};

use crate::kernel::App;
use crate::kernel::queue::{Job, JobFailure, JobKind};

/// Fits the value models of every workspace whose fit is a week old (a new
/// fit reclassifies its workspace itself).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RefitModels;

impl Job for RefitModels {
    const KIND: JobKind = JobKind::RefitModels;

    async fn run(self, app: &App) -> Result<(), JobFailure> {
        let (fitted, skipped) = app.refit_stale_models().await?;
        if fitted + skipped > 0 {
            tracing::info!(fitted, skipped, "value models fitted where a week old");
        }
        Ok(())
    }
}
