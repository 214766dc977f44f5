//! The outbox of domain events: written in the transaction of the change
//! they describe, read in order by the dispatcher and by readers of the log.

use rapport_domain::common::ids::WorkspaceId;
use rapport_domain::events::EventType;
use serde::Serialize;
use sqlx::Row;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::kernel::db::Exec;
use crate::kernel::store::StoreError;
use crate::on_conn;

/// An event as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredEvent {
    pub id: Uuid,
    pub workspace_id: WorkspaceId,
    #[serde(rename = "type")]
    pub kind: EventType,
    pub version: u32,
    pub subject_id: Uuid,
    /// Who made the change, as the audit log names them.
    pub actor: String,
    pub data: serde_json::Value,
    #[serde(with = "time::serde::rfc3339")]
    pub occurred_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub dispatched_at: Option<OffsetDateTime>,
}

/// Writes `event` to the outbox.
pub async fn insert(exec: Exec<'_>, event: &StoredEvent) -> Result<(), StoreError> {
    let data = event.data.to_string();
    on_conn!(exec, c => {
        sqlx::query(
            "INSERT INTO events (id, workspace_id, type, version, subject_id, actor, data, occurred_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(event.id)
        .bind(event.workspace_id.0)
        .bind(event.kind.as_str())
        .bind(i64::from(event.version))
        .bind(event.subject_id)
        .bind(&event.actor)
        .bind(&data)
        .bind(event.occurred_at)
        .execute(&mut *c)
        .await?;
    });
    Ok(())
}

/// Reads a row of `events` into a [`StoredEvent`], on either backend.
macro_rules! event_row {
    ($row:expr) => {{
        let row = &$row;
        let name: String = row.try_get("type")?;
        let data: String = row.try_get("data")?;
        StoredEvent {
            id: row.try_get("id")?,
            workspace_id: WorkspaceId(row.try_get("workspace_id")?),
            kind: EventType::parse(&name).ok_or_else(|| StoreError::Corrupt(format!("no event type {name:?}")))?,
            version: u32::try_from(row.try_get::<i64, _>("version")?).map_err(StoreError::corrupt)?,
            subject_id: row.try_get("subject_id")?,
            actor: row.try_get("actor")?,
            data: serde_json::from_str(&data).map_err(StoreError::corrupt)?,
            occurred_at: row.try_get("occurred_at")?,
            dispatched_at: row.try_get("dispatched_at")?,
        }
    }};
}

/// A workspace's events after `after` (by id, which orders them in time),
/// oldest first.
pub async fn list(
    exec: Exec<'_>,
    workspace: WorkspaceId,
    after: Option<Uuid>,
    limit: u32,
) -> Result<Vec<StoredEvent>, StoreError> {
    let after = after.unwrap_or(Uuid::nil());
    Ok(on_conn!(exec, c => {
        let rows = sqlx::query(
            "SELECT id, workspace_id, type, version, subject_id, actor, data, occurred_at, dispatched_at \
             FROM events WHERE workspace_id = $1 AND id > $2 ORDER BY id LIMIT $3",
        )
        .bind(workspace.0)
        .bind(after)
        .bind(i64::from(limit))
        .fetch_all(&mut *c)
        .await?;
        let mut events = Vec::with_capacity(rows.len());
        for row in rows {
            events.push(event_row!(row));
        }
        events
    }))
}
