//! Every kind of job, with the code that runs it: the one place a stored
//! job's name turns back into a typed job.

use crate::classification::jobs::Reclassify;
use crate::jobs::maintenance::Expire;
use crate::kernel::App;
use crate::kernel::queue::{Deliver, Job, JobFailure, JobKind};
use crate::value::jobs::RefitModels;

/// Runs the stored job of kind `kind` with `payload`. A payload that does
/// not read as its kind's is never worth another attempt.
pub(crate) async fn run(app: &App, kind: &str, payload: serde_json::Value) -> Result<(), JobFailure> {
    let Some(kind) = JobKind::parse(kind) else {
        return Err(JobFailure::Fatal(format!("no kind of job is named {kind:?}")));
    };
    match kind {
        JobKind::Reclassify => decode::<Reclassify>(payload)?.run(app).await,
        JobKind::RefitModels => decode::<RefitModels>(payload)?.run(app).await,
        JobKind::Expire => decode::<Expire>(payload)?.run(app).await,
        JobKind::DeliverWebhook => decode::<Deliver>(payload)?.run(app).await,
        #[cfg(feature = "testing")]
        JobKind::Probe => decode::<crate::testing::Probe>(payload)?.run(app).await,
        #[cfg(not(feature = "testing"))]
        JobKind::Probe => Err(JobFailure::Fatal("probe jobs run in tests only".into())),
    }
}

/// How long to wait after failed attempt `attempt` of a job of `kind`.
pub(crate) fn backoff(kind: &str, attempt: u32) -> time::Duration {
    match JobKind::parse(kind) {
        Some(JobKind::Reclassify) => Reclassify::backoff(attempt),
        Some(JobKind::RefitModels) => RefitModels::backoff(attempt),
        Some(JobKind::DeliverWebhook) => Deliver::backoff(attempt),
        Some(JobKind::Expire | JobKind::Probe) | None => Expire::backoff(attempt),
    }
}

fn decode<J: Job>(payload: serde_json::Value) -> Result<J, JobFailure> {
    serde_json::from_value(payload).map_err(|e| JobFailure::Fatal(format!("unreadable {} job: {e}", J::KIND.as_str())))
}
