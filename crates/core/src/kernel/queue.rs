//! Jobs: work done after a change, or on a schedule, by a worker rather than
//! by the request. A job is enqueued in the transaction of the change that
//! asks for it, so it exists exactly when the change does; the runner (see
//! `crate::jobs`) claims it, runs it and retries it on failure.

use std::future::Future;

use rapport_domain::common::ids::WorkspaceId;
use serde::Serialize;
use serde::de::DeserializeOwned;
use time::{Duration, OffsetDateTime};

use crate::kernel::db::Tx;
use crate::kernel::store::StoreError;
use crate::kernel::store::jobs::{self, NewJob};
use crate::kernel::{App, AppError, clock};

/// Declares the kinds of job: the enum and its names.
macro_rules! job_kinds {
    ($($(#[$doc:meta])* $variant:ident => $name:literal,)*) => {
        /// Every kind of job, by the name the queue stores.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum JobKind {
            $($(#[$doc])* $variant,)*
        }

        impl JobKind {
            pub const ALL: &'static [JobKind] = &[$(JobKind::$variant,)*];

            pub fn as_str(&self) -> &'static str {
                match self {
                    $(JobKind::$variant => $name,)*
                }
            }

            pub fn parse(name: &str) -> Option<Self> {
                match name {
                    $($name => Some(JobKind::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

job_kinds! {
    /// Reclassifies every party of a workspace as of its day.
    Reclassify => "relationships.reclassify",
    /// Fits the value models again where the fit is a week old.
    RefitModels => "value.refit_stale",
    /// Forgets ended sessions, old sign-in failures and idempotency keys.
    Expire => "maintenance.expire",
    /// Sends one event to one webhook endpoint.
    DeliverWebhook => "webhooks.deliver",
    /// A job that does what its payload says, for the queue's own tests;
    /// outside them it is refused as dead.
    Probe => "testing.probe",
}

/// A kind of job: what it carries, and how it runs.
pub trait Job: Serialize + DeserializeOwned + Send + Sync {
    const KIND: JobKind;
    /// Attempts before the job is dead.
    const MAX_ATTEMPTS: u32 = 5;

    fn run(self, app: &App) -> impl Future<Output = Result<(), JobFailure>> + Send;

    /// How long to wait after failed attempt `attempt` (1 for the first):
    /// exponentially longer, from 10 seconds to at most an hour, each with
    /// a random part so that jobs that failed together do not retry together.
    fn backoff(attempt: u32) -> Duration {
        let base = 10.0 * 2f64.powi(i32::try_from(attempt.saturating_sub(1)).unwrap_or(i32::MAX).min(20));
        let capped = base.min(3600.0);
        Duration::seconds_f64(capped * (0.5 + fastrand::f64()))
    }
}

/// Why an attempt failed.
#[derive(Debug)]
pub enum JobFailure {
    /// Worth another attempt after the usual wait.
    Retry(String),
    /// Worth another attempt, not before this long (a `Retry-After`).
    RetryAfter(String, Duration),
    /// Never worth another attempt: the job is dead at once.
    Fatal(String),
}

impl JobFailure {
    pub fn message(&self) -> &str {
        match self {
            Self::Retry(m) | Self::RetryAfter(m, _) | Self::Fatal(m) => m,
        }
    }
}

impl From<AppError> for JobFailure {
    fn from(error: AppError) -> Self {
        match error {
            // Nothing to do: the record is gone.
            AppError::NotFound => Self::Fatal(error.to_string()),
            other => Self::Retry(other.to_string()),
        }
    }
}

impl From<StoreError> for JobFailure {
    fn from(error: StoreError) -> Self {
        Self::Retry(error.to_string())
    }
}

/// A delivery of one event to one webhook endpoint, to be sent: enqueued by
/// the outbox with the event itself; sent by the webhooks capability.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Deliver {
    pub delivery_id: uuid::Uuid,
}

/// How a job is to be enqueued.
#[derive(Debug, Clone, Default)]
pub struct Enqueue {
    /// The workspace the job works in; none for the whole installation.
    pub workspace: Option<WorkspaceId>,
    /// When it may run; now when none.
    pub run_at: Option<OffsetDateTime>,
    /// No second job of this kind with this key is enqueued while one waits
    /// or runs.
    pub unique_key: Option<String>,
}

/// Enqueues `job` in `tx`; false when a copy with the same unique key is
/// waiting or running already.
pub async fn enqueue<J: Job>(tx: &mut Tx, job: &J, how: Enqueue) -> Result<bool, StoreError> {
    let payload = serde_json::to_value(job).map_err(StoreError::other)?;
    let now = tx.now();
    let new = NewJob {
        id: clock::new_id(),
        workspace_id: how.workspace,
        kind: J::KIND.as_str(),
        payload: &payload,
        unique_key: how.unique_key.as_deref(),
        max_attempts: J::MAX_ATTEMPTS,
        run_at: how.run_at.unwrap_or(now),
    };
    let added = jobs::enqueue(tx.exec(), &new, now).await?;
    if added {
        jobs::notify(tx.exec()).await?;
        tx.enqueued();
    }
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, serde::Deserialize)]
    struct Nothing;

    impl Job for Nothing {
        const KIND: JobKind = JobKind::Expire;
        async fn run(self, _: &App) -> Result<(), JobFailure> {
            Ok(())
        }
    }

    #[test]
    fn the_wait_grows_with_each_attempt_within_its_random_part_and_its_cap() {
        for attempt in 1..=12 {
            let expected = (10.0 * 2f64.powi(i32::try_from(attempt).expect("small") - 1)).min(3600.0);
            let wait = Nothing::backoff(attempt).as_seconds_f64();
            assert!(wait >= expected * 0.5 && wait <= expected * 1.5, "attempt {attempt}: {wait}");
        }
    }

    #[test]
    fn every_kind_is_read_back_by_its_name() {
        for kind in JobKind::ALL {
            assert_eq!(JobKind::parse(kind.as_str()), Some(*kind));
        }
    }
}
