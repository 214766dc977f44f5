//! Recurring jobs' rows: one a schedule, fired by moving its next time on
//! from the value read, so that of several servers one fires each period.

use rapport_domain::common::ids::WorkspaceId;
use sqlx::Row;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::kernel::db::Exec;
use crate::kernel::store::{StoreError, compare_times};
use crate::on_conn;

/// A recurring job's row.
#[derive(Debug, Clone, PartialEq)]
pub struct ScheduleRow {
    pub key: String,
    pub kind: String,
    pub workspace_id: Option<WorkspaceId>,
    pub next_run_at: OffsetDateTime,
}

/// Adds the schedule `row` unless it is there already.
pub async fn add(exec: Exec<'_>, row: &ScheduleRow) -> Result<(), StoreError> {
    on_conn!(exec, c => {
        sqlx::query(
            "INSERT INTO schedules (key, kind, workspace_id, next_run_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        )
        .bind(&row.key)
        .bind(&row.kind)
        .bind(row.workspace_id.map(|w| w.0))
        .bind(row.next_run_at)
        .execute(&mut *c)
        .await?;
    });
    Ok(())
}

/// The schedules due at `now`.
pub async fn due(exec: Exec<'_>, now: OffsetDateTime) -> Result<Vec<ScheduleRow>, StoreError> {
    let sql = format!(
        "SELECT key, kind, workspace_id, next_run_at FROM schedules WHERE {} ORDER BY next_run_at",
        compare_times(&exec, "next_run_at", "<=", "$1")
    );
    Ok(on_conn!(exec, c => {
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(now)
        .fetch_all(&mut *c)
        .await?;
        let mut due = Vec::with_capacity(rows.len());
        for row in rows {
            due.push(ScheduleRow {
                key: row.try_get("key")?,
                kind: row.try_get("kind")?,
                workspace_id: row.try_get::<Option<Uuid>, _>("workspace_id")?.map(WorkspaceId),
                next_run_at: row.try_get("next_run_at")?,
            });
        }
        due
    }))
}

/// Moves a schedule on from `was` to `next`; false when another server
/// moved it first (and fired it).
pub async fn advance(
    exec: Exec<'_>,
    key: &str,
    was: OffsetDateTime,
    next: OffsetDateTime,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let changed = on_conn!(exec, c => {
        sqlx::query("UPDATE schedules SET next_run_at = $1, last_run_at = $2 WHERE key = $3 AND next_run_at = $4")
            .bind(next)
            .bind(now)
            .bind(key)
            .bind(was)
            .execute(&mut *c)
            .await?
            .rows_affected()
    });
    Ok(changed == 1)
}
