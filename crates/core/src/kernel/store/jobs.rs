//! The job queue's storage, on both backends: enqueueing, claiming under a
//! lease, finishing, retrying and listing.

use rapport_domain::common::ids::WorkspaceId;
use serde::Serialize;
use sqlx::Row;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::kernel::db::Exec;
use crate::kernel::store::{StoreError, compare_times};
use crate::on_conn;

/// Where a job stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    /// Waiting for `run_at`.
    Queued,
    /// Claimed by a worker, under a lease.
    Running,
    Done,
    /// Out of attempts: kept, to be looked at and retried by hand.
    Dead,
    Cancelled,
}

impl JobStatus {
    pub const ALL: [JobStatus; 5] = [Self::Queued, Self::Running, Self::Done, Self::Dead, Self::Cancelled];

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Running => "running",
            Self::Done => "done",
            Self::Dead => "dead",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }
}

/// A job as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredJob {
    pub id: Uuid,
    pub workspace_id: Option<WorkspaceId>,
    /// The job's kind by name, such as `relationships.reclassify`.
    pub kind: String,
    pub payload: serde_json::Value,
    pub unique_key: Option<String>,
    pub status: JobStatus,
    pub attempts: u32,
    pub max_attempts: u32,
    #[serde(with = "time::serde::rfc3339")]
    pub run_at: OffsetDateTime,
    pub locked_by: Option<String>,
    pub last_error: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub finished_at: Option<OffsetDateTime>,
}

/// A job to write.
#[derive(Debug, Clone)]
pub struct NewJob<'a> {
    pub id: Uuid,
    pub workspace_id: Option<WorkspaceId>,
    pub kind: &'a str,
    pub payload: &'a serde_json::Value,
    pub unique_key: Option<&'a str>,
    pub max_attempts: u32,
    pub run_at: OffsetDateTime,
}

/// Writes `job`, queued. Returns false when a job of its kind with its
/// unique key is waiting or running already, and nothing is written.
pub async fn enqueue(exec: Exec<'_>, job: &NewJob<'_>, now: OffsetDateTime) -> Result<bool, StoreError> {
    let payload = job.payload.to_string();
    let inserted = on_conn!(exec, c => {
        sqlx::query(
            "INSERT INTO jobs (id, workspace_id, kind, payload, unique_key, status, attempts, max_attempts, run_at, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'queued', 0, $6, $7, $8, $8) ON CONFLICT DO NOTHING",
        )
        .bind(job.id)
        .bind(job.workspace_id.map(|w| w.0))
        .bind(job.kind)
        .bind(&payload)
        .bind(job.unique_key)
        .bind(i64::from(job.max_attempts))
        .bind(job.run_at)
        .bind(now)
        .execute(&mut *c)
        .await?
        .rows_affected()
    });
    Ok(inserted == 1)
}

/// Asks PostgreSQL to wake the workers listening when the transaction
/// commits; SQLite's workers poll.
pub async fn notify(exec: Exec<'_>) -> Result<(), StoreError> {
    if let Exec::Postgres(c) = exec {
        sqlx::query("SELECT pg_notify('rapport_jobs', '')").execute(&mut *c).await?;
    }
    Ok(())
}

/// Reads a row of `jobs`, on either backend.
macro_rules! job_row {
    ($row:expr) => {{
        let row = &$row;
        let payload: String = row.try_get("payload")?;
        let status: String = row.try_get("status")?;
        let count = |name: &str| -> Result<u32, StoreError> {
            u32::try_from(row.try_get::<i64, _>(name)?).map_err(StoreError::corrupt)
        };
        StoredJob {
            id: row.try_get("id")?,
            workspace_id: row.try_get::<Option<Uuid>, _>("workspace_id")?.map(WorkspaceId),
            kind: row.try_get("kind")?,
            payload: serde_json::from_str(&payload).map_err(StoreError::corrupt)?,
            unique_key: row.try_get("unique_key")?,
            status: JobStatus::parse(&status).ok_or_else(|| StoreError::Corrupt(format!("job status {status:?}")))?,
            attempts: count("attempts")?,
            max_attempts: count("max_attempts")?,
            run_at: row.try_get("run_at")?,
            locked_by: row.try_get("locked_by")?,
            last_error: row.try_get("last_error")?,
            created_at: row.try_get("created_at")?,
            finished_at: row.try_get("finished_at")?,
        }
    }};
}

/// Reads every row of `jobs` in `rows`, on either backend.
macro_rules! job_rows {
    ($rows:expr) => {{
        let rows = $rows;
        let mut jobs = Vec::with_capacity(rows.len());
        for row in rows {
            jobs.push(job_row!(row));
        }
        jobs
    }};
}

const COLUMNS: &str = "id, workspace_id, kind, payload, unique_key, status, attempts, max_attempts, run_at, \
                       locked_by, last_error, created_at, finished_at";

/// Claims up to `limit` jobs that are due (or whose worker's lease ran
/// out) for `worker`, leased until `until`, counting an attempt on each.
/// On PostgreSQL, `FOR UPDATE SKIP LOCKED` lets workers claim side by side
/// without waiting on one another; SQLite's one writer at a time makes the
/// statement atomic by itself.
pub async fn claim(
    exec: Exec<'_>,
    worker: &str,
    now: OffsetDateTime,
    until: OffsetDateTime,
    limit: u32,
) -> Result<Vec<StoredJob>, StoreError> {
    let due = format!(
        "SELECT id FROM jobs WHERE (status = 'queued' AND {}) OR (status = 'running' AND {}) \
         ORDER BY run_at, id LIMIT $4",
        compare_times(&exec, "run_at", "<=", "$2"),
        compare_times(&exec, "locked_until", "<", "$2"),
    );
    let lock = if matches!(exec, Exec::Postgres(_)) { " FOR UPDATE SKIP LOCKED" } else { "" };
    Ok(on_conn!(exec, c => {
        let sql = format!(
            "UPDATE jobs SET status = 'running', locked_by = $1, locked_until = $3, attempts = attempts + 1, \
             updated_at = $2 WHERE id IN ({due}{lock}) RETURNING {COLUMNS}"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(worker)
            .bind(now)
            .bind(until)
            .bind(i64::from(limit))
            .fetch_all(&mut *c)
            .await?;
        job_rows!(rows)
    }))
}

/// Extends `worker`'s lease on a job it is running; false when the lease
/// was lost (another worker took the job over).
pub async fn extend(exec: Exec<'_>, id: Uuid, worker: &str, until: OffsetDateTime) -> Result<bool, StoreError> {
    let changed = on_conn!(exec, c => {
        sqlx::query("UPDATE jobs SET locked_until = $1 WHERE id = $2 AND locked_by = $3 AND status = 'running'")
            .bind(until)
            .bind(id)
            .bind(worker)
            .execute(&mut *c)
            .await?
            .rows_affected()
    });
    Ok(changed == 1)
}

/// Marks a job `worker` ran as done; false when its lease was lost.
pub async fn finish(exec: Exec<'_>, id: Uuid, worker: &str, now: OffsetDateTime) -> Result<bool, StoreError> {
    let changed = on_conn!(exec, c => {
        sqlx::query(
            "UPDATE jobs SET status = 'done', locked_by = NULL, locked_until = NULL, last_error = NULL, \
             updated_at = $1, finished_at = $1 WHERE id = $2 AND locked_by = $3 AND status = 'running'",
        )
        .bind(now)
        .bind(id)
        .bind(worker)
        .execute(&mut *c)
        .await?
        .rows_affected()
    });
    Ok(changed == 1)
}

/// Records a failed attempt: the job waits until `retry_at`, or is dead
/// when `retry_at` is none (out of attempts, or not worth another).
pub async fn fail(
    exec: Exec<'_>,
    id: Uuid,
    worker: &str,
    error: &str,
    retry_at: Option<OffsetDateTime>,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let (status, finished) = match retry_at {
        Some(_) => ("queued", None),
        None => ("dead", Some(now)),
    };
    let changed = on_conn!(exec, c => {
        sqlx::query(
            "UPDATE jobs SET status = $1, run_at = COALESCE($2, run_at), last_error = $3, locked_by = NULL, \
             locked_until = NULL, updated_at = $4, finished_at = $5 \
             WHERE id = $6 AND locked_by = $7 AND status = 'running'",
        )
        .bind(status)
        .bind(retry_at)
        .bind(error)
        .bind(now)
        .bind(finished)
        .bind(id)
        .bind(worker)
        .execute(&mut *c)
        .await?
        .rows_affected()
    });
    Ok(changed == 1)
}

/// Hands back every job `worker` holds, as if never claimed: what a worker
/// stopping (SIGTERM) does with the jobs it could not finish.
pub async fn release(exec: Exec<'_>, worker: &str, now: OffsetDateTime) -> Result<u64, StoreError> {
    Ok(on_conn!(exec, c => {
        sqlx::query(
            "UPDATE jobs SET status = 'queued', locked_by = NULL, locked_until = NULL, \
             attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END, updated_at = $1 \
             WHERE locked_by = $2 AND status = 'running'",
        )
        .bind(now)
        .bind(worker)
        .execute(&mut *c)
        .await?
        .rows_affected()
    }))
}

/// Queues a dead, cancelled or done job again with fresh attempts; false
/// when it is waiting or running already, or another copy of it is.
pub async fn retry(exec: Exec<'_>, id: Uuid, now: OffsetDateTime) -> Result<bool, StoreError> {
    let changed = on_conn!(exec, c => {
        sqlx::query(
            "UPDATE jobs SET status = 'queued', attempts = 0, run_at = $1, last_error = NULL, finished_at = NULL, \
             updated_at = $1 WHERE id = $2 AND status IN ('dead', 'cancelled', 'done') AND NOT EXISTS \
             (SELECT 1 FROM jobs o WHERE o.kind = jobs.kind AND o.unique_key = jobs.unique_key \
              AND o.status IN ('queued', 'running'))",
        )
        .bind(now)
        .bind(id)
        .execute(&mut *c)
        .await?
        .rows_affected()
    });
    Ok(changed == 1)
}

/// Cancels a job that is waiting; false when it is not.
pub async fn cancel(exec: Exec<'_>, id: Uuid, now: OffsetDateTime) -> Result<bool, StoreError> {
    let changed = on_conn!(exec, c => {
        sqlx::query(
            "UPDATE jobs SET status = 'cancelled', updated_at = $1, finished_at = $1 WHERE id = $2 AND status = 'queued'",
        )
        .bind(now)
        .bind(id)
        .execute(&mut *c)
        .await?
        .rows_affected()
    });
    Ok(changed == 1)
}

/// One job by id.
pub async fn get(exec: Exec<'_>, id: Uuid) -> Result<Option<StoredJob>, StoreError> {
    Ok(on_conn!(exec, c => {
        match sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM jobs WHERE id = $1")))
            .bind(id)
            .fetch_optional(&mut *c)
            .await?
        {
            Some(row) => Some(job_row!(row)),
            None => None,
        }
    }))
}

/// Jobs of the workspace and of the whole installation, newest first, in
/// `status` when given, before the job `before` (for paging).
pub async fn list(
    exec: Exec<'_>,
    workspace: WorkspaceId,
    status: Option<JobStatus>,
    before: Option<Uuid>,
    limit: u32,
) -> Result<Vec<StoredJob>, StoreError> {
    let before = before.unwrap_or(Uuid::max());
    Ok(on_conn!(exec, c => {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM jobs WHERE (workspace_id = $1 OR workspace_id IS NULL) \
             AND ($2 IS NULL OR status = $2) AND id < $3 ORDER BY id DESC LIMIT $4"
        )))
        .bind(workspace.0)
        .bind(status.map(|s| s.as_str()))
        .bind(before)
        .bind(i64::from(limit))
        .fetch_all(&mut *c)
        .await?;
        job_rows!(rows)
    }))
}

/// How many jobs wait, and since when the oldest due one has waited: the
/// queue's depth and lag, for metrics.
pub async fn depth(exec: Exec<'_>, now: OffsetDateTime) -> Result<(i64, Option<OffsetDateTime>), StoreError> {
    let sql = format!(
        "SELECT COUNT(*) AS n, MIN(run_at) AS oldest FROM jobs WHERE status = 'queued' AND {}",
        compare_times(&exec, "run_at", "<=", "$1")
    );
    Ok(on_conn!(exec, c => {
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(now)
            .fetch_one(&mut *c)
            .await?;
        (row.try_get::<i64, _>("n")?, row.try_get::<Option<OffsetDateTime>, _>("oldest")?)
    }))
}

/// How many jobs are dead, and how many webhook attempts failed.
pub async fn troubles(exec: Exec<'_>) -> Result<(i64, i64), StoreError> {
    Ok(on_conn!(exec, c => {
        let dead: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE status = 'dead'").fetch_one(&mut *c).await?;
        let failed: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM webhook_attempts WHERE response_status IS NULL OR response_status < 200 \
             OR response_status >= 300",
        )
        .fetch_one(&mut *c)
        .await?;
        (dead, failed)
    }))
}
