//! The job queue at work: the runner, the recurring schedules, every kind
//! of job by name, and the use cases with which administrators watch the
//! queue, retry a dead job or cancel a waiting one. The queue itself (the
//! `Job` trait, enqueueing in a change's transaction) is the kernel's.

mod maintenance;
mod registry;
pub mod runner;
pub mod schedules;

use rapport_domain::access::{Action, Resource};
use uuid::Uuid;

use crate::kernel::access::check_reach_all;
use crate::kernel::queue::{Deliver, JobKind};
use crate::kernel::store::jobs;
pub use crate::kernel::store::jobs::{JobStatus, StoredJob};
use crate::kernel::{Actor, App, AppError, Principal};
pub use maintenance::Expire;

/// How the queue and the deliveries stand, for metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct QueueHealth {
    /// Jobs due and waiting.
    pub due: i64,
    /// How long the oldest due job has waited, in seconds.
    pub oldest_due_seconds: i64,
    /// Jobs out of attempts, kept.
    pub dead: i64,
    /// Webhook attempts that got no 2xx answer, ever.
    pub failed_deliveries: i64,
}

/// The most jobs one read returns.
pub const MAX_JOBS: u32 = 200;

impl App {
    /// The jobs of the actor's workspace and of the installation, newest
    /// first, to those who may change the whole workspace.
    pub async fn list_jobs(
        &self,
        actor: &Actor,
        status: Option<JobStatus>,
        before: Option<Uuid>,
        limit: u32,
    ) -> Result<Vec<StoredJob>, AppError> {
        check_reach_all(actor, Resource::Workspace, Action::Update)?;
        let mut conn = self.db().acquire().await?;
        Ok(jobs::list(conn.exec(), actor.workspace_id, status, before, limit.clamp(1, MAX_JOBS)).await?)
    }

    /// How the queue and the deliveries of the whole installation stand:
    /// for the operators' metrics, not for members.
    pub async fn queue_health(&self) -> Result<QueueHealth, AppError> {
        let now = self.now();
        let mut conn = self.db().acquire().await?;
        let (due, oldest) = jobs::depth(conn.exec(), now).await?;
        let (dead, failed_deliveries) = jobs::troubles(conn.exec()).await?;
        let oldest_due_seconds = oldest.map_or(0, |at| (now - at).whole_seconds().max(0));
        Ok(QueueHealth { due, oldest_due_seconds, dead, failed_deliveries })
    }

    /// One job of the actor's workspace or of the installation (any job, to
    /// the system).
    pub async fn get_job(&self, actor: &Actor, id: Uuid) -> Result<StoredJob, AppError> {
        check_reach_all(actor, Resource::Workspace, Action::Update)?;
        let mut conn = self.db().acquire().await?;
        let job = jobs::get(conn.exec(), id).await?.ok_or(AppError::NotFound)?;
        let system = matches!(actor.principal, Principal::System);
        if !system && job.workspace_id.is_some_and(|w| w != actor.workspace_id) {
            return Err(AppError::NotFound);
        }
        Ok(job)
    }

    /// Queues a dead, cancelled or done job again, with fresh attempts.
    pub async fn retry_job(&self, actor: &Actor, id: Uuid) -> Result<StoredJob, AppError> {
        let job = self.get_job(actor, id).await?;
        let mut tx = self.begin().await?;
        let now = tx.now();
        if !jobs::retry(tx.exec(), id, now).await? {
            return Err(AppError::Conflict("the job is waiting or running already".into()));
        }
        // A delivery's job sends only a delivery still to be made: trying the
        // job again makes its delivery one again.
        if job.kind == JobKind::DeliverWebhook.as_str()
            && let Ok(Deliver { delivery_id }) = serde_json::from_value::<Deliver>(job.payload.clone())
        {
            crate::webhooks::store::reopen(tx.exec(), delivery_id, now).await?;
        }
        jobs::notify(tx.exec()).await?;
        tx.commit().await?;
        self.get_job(actor, id).await
    }

    /// Cancels a job that is waiting.
    pub async fn cancel_job(&self, actor: &Actor, id: Uuid) -> Result<StoredJob, AppError> {
        self.get_job(actor, id).await?;
        let mut tx = self.begin().await?;
        let now = tx.now();
        if !jobs::cancel(tx.exec(), id, now).await? {
            return Err(AppError::Conflict("only a waiting job can be cancelled".into()));
        }
        tx.commit().await?;
        self.get_job(actor, id).await
    }
}
