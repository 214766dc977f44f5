//! The worker: fires the schedules, claims due jobs under a lease, runs
//! them, and records how each went: done, waiting to be tried again, or dead.
//! It is woken at once by a commit in its own process that enqueued jobs;
//! on PostgreSQL also by `NOTIFY` from other servers; and for jobs waiting
//! out a retry (or enqueued by another process on SQLite) it looks again
//! every little while. When
//! told to stop, it hands back the jobs it holds, unfinished, for another.

use std::future::Future;
use std::time::Duration as Wait;

use sqlx::postgres::PgListener;
use time::Duration;

use crate::jobs::registry;
use crate::kernel::db::Db;
use crate::kernel::queue::JobFailure;
use crate::kernel::store::jobs::{self, StoredJob};
use crate::kernel::{App, AppError, clock};

/// How long a claim holds before another worker may take the job over: long
/// enough for any job, since the worker extends it while the job runs.
const LEASE: Duration = Duration::minutes(5);

/// How often the lease of a running job is extended.
const HEARTBEAT: Wait = Wait::from_secs(60);

/// Jobs claimed at once, and run side by side.
const BATCH: u32 = 8;

/// What one round of work did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ran {
    /// Recurring jobs enqueued.
    pub fired: u32,
    pub done: u32,
    /// Failed attempts to be tried again.
    pub retried: u32,
    pub dead: u32,
}

/// One worker of the queue. Several may run, in one process or in many
/// servers on one PostgreSQL database: each job is claimed by one of them.
pub struct Worker {
    app: App,
    id: String,
}

impl Worker {
    /// A worker with a name of its own: the host, the process and a random
    /// part, so that two workers never share one.
    pub fn new(app: App) -> Self {
        let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "rapport".to_owned());
        let id = format!("{host}:{}:{:08x}", std::process::id(), fastrand::u32(..));
        Self { app, id }
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// Fires the schedules that are due and runs every job due now, batch
    /// after batch, until none is left. Time is the application's clock's:
    /// a test moves the clock and calls this, rather than waiting.
    pub async fn run_once(&self) -> Result<Ran, AppError> {
        let fired = self.app.fire_schedules().await?;
        Ok(Ran { fired, ..self.run_due().await? })
    }

    /// Runs every job due now, batch after batch, until none is left.
    pub async fn run_due(&self) -> Result<Ran, AppError> {
        let mut ran = Ran::default();
        loop {
            let now = self.app.now();
            let mut tx = self.app.db().begin(now).await?;
            let claimed = jobs::claim(tx.exec(), &self.id, now, now + LEASE, BATCH).await?;
            tx.commit().await?;
            if claimed.is_empty() {
                return Ok(ran);
            }
            let outcomes = futures_util::future::join_all(claimed.into_iter().map(|job| self.execute(job))).await;
            for outcome in outcomes {
                match outcome? {
                    Outcome::Done => ran.done += 1,
                    Outcome::Retried => ran.retried += 1,
                    Outcome::Dead => ran.dead += 1,
                    Outcome::Lost => {}
                }
            }
        }
    }

    /// Works until `shutdown` completes, then hands back what it holds.
    pub async fn run(self, shutdown: impl Future<Output = ()>) {
        tracing::info!(worker = %self.id, "working");
        let mut listener = self.listen().await;
        let poll = if listener.is_some() { Wait::from_secs(5) } else { Wait::from_secs(1) };
        tokio::pin!(shutdown);
        loop {
            tokio::select! {
                () = &mut shutdown => break,
                result = self.run_once() => {
                    if let Err(error) = result {
                        tracing::warn!(%error, worker = %self.id, "the job queue could not be worked");
                    }
                }
            }
            tokio::select! {
                () = &mut shutdown => break,
                () = woken(&mut listener, poll) => {}
                () = self.app.jobs_enqueued() => {}
            }
        }
        match self.app.db().begin(self.app.now()).await {
            Ok(mut tx) => match jobs::release(tx.exec(), &self.id, self.app.now()).await {
                Ok(released) => {
                    if let Err(error) = tx.commit().await {
                        tracing::warn!(%error, "could not hand back the jobs held");
                    } else if released > 0 {
                        tracing::info!(released, "handed back unfinished jobs");
                    }
                }
                Err(error) => tracing::warn!(%error, "could not hand back the jobs held"),
            },
            Err(error) => tracing::warn!(%error, "could not hand back the jobs held"),
        }
        tracing::info!(worker = %self.id, "stopped working");
    }

    /// On PostgreSQL, a connection listening for enqueued jobs.
    async fn listen(&self) -> Option<PgListener> {
        let Db::Postgres(pool) = self.app.db() else { return None };
        let mut listener = match PgListener::connect_with(pool).await {
            Ok(listener) => listener,
            Err(error) => {
                tracing::warn!(%error, "cannot listen for jobs: polling instead");
                return None;
            }
        };
        match listener.listen("rapport_jobs").await {
            Ok(()) => Some(listener),
            Err(error) => {
                tracing::warn!(%error, "cannot listen for jobs: polling instead");
                None
            }
        }
    }

    /// Runs one claimed job, extending its lease while it runs, and records
    /// how it went.
    async fn execute(&self, job: StoredJob) -> Result<Outcome, AppError> {
        let work = registry::run(&self.app, &job.kind, job.payload.clone());
        tokio::pin!(work);
        let mut beat = tokio::time::interval(HEARTBEAT);
        beat.tick().await;
        let result = loop {
            tokio::select! {
                result = &mut work => break result,
                _ = beat.tick() => {
                    let now = self.app.now();
                    let mut tx = self.app.db().begin(now).await?;
                    let held = jobs::extend(tx.exec(), job.id, &self.id, now + LEASE).await?;
                    tx.commit().await?;
                    if !held {
                        tracing::warn!(job = %job.id, kind = %job.kind, "lost the lease of a running job");
                    }
                }
            }
        };
        let now = self.app.now();
        let mut tx = self.app.db().begin(now).await?;
        let outcome = match result {
            Ok(()) => {
                if jobs::finish(tx.exec(), job.id, &self.id, now).await? {
                    Outcome::Done
                } else {
                    Outcome::Lost
                }
            }
            Err(failure) => {
                let out_of_attempts = job.attempts >= job.max_attempts;
                let retry_at = match &failure {
                    JobFailure::Fatal(_) => None,
                    _ if out_of_attempts => None,
                    JobFailure::Retry(_) => Some(now + registry::backoff(&job.kind, job.attempts)),
                    JobFailure::RetryAfter(_, wait) => {
                        Some(now + (*wait).max(registry::backoff(&job.kind, job.attempts) / 2))
                    }
                };
                let message = failure.message();
                tracing::warn!(job = %job.id, kind = %job.kind, attempt = job.attempts, error = message, dead = retry_at.is_none(), "a job failed");
                if !jobs::fail(tx.exec(), job.id, &self.id, message, retry_at.map(clock::stored), now).await? {
                    Outcome::Lost
                } else if retry_at.is_some() {
                    Outcome::Retried
                } else {
                    Outcome::Dead
                }
            }
        };
        tx.commit().await?;
        Ok(outcome)
    }
}

enum Outcome {
    Done,
    Retried,
    Dead,
    /// Another worker took the job over (this one's lease ran out).
    Lost,
}

/// Waits for a `NOTIFY` or for `poll` to pass, whichever comes first.
async fn woken(listener: &mut Option<PgListener>, poll: Wait) {
    match listener {
        Some(listener) => {
            let _ = tokio::time::timeout(poll, listener.recv()).await;
        }
        None => tokio::time::sleep(poll).await,
    }
}
