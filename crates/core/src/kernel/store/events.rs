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
            "SELECT id, workspace_id, type, version, subject_id, actor, data, occurred_at \
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

/// One event by id.
pub async fn get(exec: Exec<'_>, id: Uuid) -> Result<Option<StoredEvent>, StoreError> {
    Ok(on_conn!(exec, c => {
        match sqlx::query(
            "SELECT id, workspace_id, type, version, subject_id, actor, data, occurred_at FROM events WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *c)
        .await?
        {
            Some(row) => Some(event_row!(row)),
            None => None,
        }
    }))
}

/// The enabled, live webhook endpoints of `workspace` that subscribe to
/// `kind`: those an event of that kind is delivered to.
pub async fn subscribers(exec: Exec<'_>, workspace: WorkspaceId, kind: EventType) -> Result<Vec<Uuid>, StoreError> {
    let found: Vec<(Uuid,)> = on_conn!(exec, c => {
        sqlx::query_as(
            "SELECT e.id FROM webhook_subscriptions s JOIN webhook_endpoints e ON e.id = s.endpoint_id \
             WHERE s.event_type = $1 AND e.workspace_id = $2 AND e.enabled AND e.deleted_at IS NULL",
        )
        .bind(kind.as_str())
        .bind(workspace.0)
        .fetch_all(&mut *c)
        .await?
    });
    Ok(found.into_iter().map(|(id,)| id).collect())
}

/// Writes a pending delivery of `event` to `endpoint`.
pub async fn add_delivery(
    exec: Exec<'_>,
    id: Uuid,
    workspace: WorkspaceId,
    endpoint: Uuid,
    event: Uuid,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    on_conn!(exec, c => {
        sqlx::query(
            "INSERT INTO webhook_deliveries (id, workspace_id, endpoint_id, event_id, status, attempts, created_at, \
             updated_at) VALUES ($1, $2, $3, $4, 'pending', 0, $5, $5)",
        )
        .bind(id)
        .bind(workspace.0)
        .bind(endpoint)
        .bind(event)
        .bind(now)
        .execute(&mut *c)
        .await?;
    });
    Ok(())
}
