//! Storage of webhook endpoints, their subscriptions, deliveries and the log
//! of attempts.

use std::collections::BTreeSet;

use rapport_domain::common::ids::WorkspaceId;
use rapport_domain::events::EventType;
use rapport_domain::webhooks::Webhook;
use serde::Serialize;
use sqlx::Row;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::kernel::db::Exec;
use crate::kernel::store::StoreError;
use crate::on_conn;

/// An endpoint with the secrets it signs with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub webhook: Webhook,
    pub secret: String,
    /// The secret before the last rotation, still signed with until
    /// `previous_until`.
    pub previous_secret: Option<String>,
    pub previous_until: Option<OffsetDateTime>,
}

const ENDPOINT_COLUMNS: &str = "id, workspace_id, url, description, secret, previous_secret, previous_secret_until, \
                                enabled, disabled_reason, version, created_at, updated_at, deleted_at";

macro_rules! endpoint_row {
    ($row:expr, $events:expr) => {{
        let row = &$row;
        Endpoint {
            webhook: Webhook {
                id: row.try_get("id")?,
                workspace_id: WorkspaceId(row.try_get("workspace_id")?),
                url: row.try_get("url")?,
                events: $events,
                description: row.try_get("description")?,
                enabled: row.try_get("enabled")?,
                disabled_reason: row.try_get("disabled_reason")?,
                version: row.try_get("version")?,
                created_at: row.try_get("created_at")?,
                updated_at: row.try_get("updated_at")?,
                deleted_at: row.try_get("deleted_at")?,
            },
            secret: row.try_get("secret")?,
            previous_secret: row.try_get("previous_secret")?,
            previous_until: row.try_get("previous_secret_until")?,
        }
    }};
}

/// Writes a new endpoint and its subscriptions.
pub async fn insert(mut exec: Exec<'_>, endpoint: &Endpoint) -> Result<(), StoreError> {
    let w = &endpoint.webhook;
    on_conn!(exec.reborrow(), c => {
        sqlx::query(
            "INSERT INTO webhook_endpoints (id, workspace_id, url, description, secret, enabled, version, created_at, \
             updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(w.id)
        .bind(w.workspace_id.0)
        .bind(&w.url)
        .bind(&w.description)
        .bind(&endpoint.secret)
        .bind(w.enabled)
        .bind(w.version)
        .bind(w.created_at)
        .bind(w.updated_at)
        .execute(&mut *c)
        .await?;
    });
    subscribe(exec, w.id, &w.events).await
}

/// Replaces an endpoint's subscriptions with `events`.
async fn subscribe(exec: Exec<'_>, id: Uuid, events: &BTreeSet<EventType>) -> Result<(), StoreError> {
    on_conn!(exec, c => {
        sqlx::query("DELETE FROM webhook_subscriptions WHERE endpoint_id = $1").bind(id).execute(&mut *c).await?;
        for event in events {
            sqlx::query("INSERT INTO webhook_subscriptions (endpoint_id, event_type) VALUES ($1, $2)")
                .bind(id)
                .bind(event.as_str())
                .execute(&mut *c)
                .await?;
        }
    });
    Ok(())
}

/// Writes `next` over the endpoint if it is still at `expected`.
pub async fn update(mut exec: Exec<'_>, next: &Endpoint, expected: i64) -> Result<bool, StoreError> {
    let w = &next.webhook;
    let changed = on_conn!(exec.reborrow(), c => {
        sqlx::query(
            "UPDATE webhook_endpoints SET url = $1, description = $2, secret = $3, previous_secret = $4, \
             previous_secret_until = $5, enabled = $6, disabled_reason = $7, version = $8, updated_at = $9, \
             deleted_at = $10 WHERE id = $11 AND workspace_id = $12 AND version = $13",
        )
        .bind(&w.url)
        .bind(&w.description)
        .bind(&next.secret)
        .bind(&next.previous_secret)
        .bind(next.previous_until)
        .bind(w.enabled)
        .bind(&w.disabled_reason)
        .bind(w.version)
        .bind(w.updated_at)
        .bind(w.deleted_at)
        .bind(w.id)
        .bind(w.workspace_id.0)
        .bind(expected)
        .execute(&mut *c)
        .await?
        .rows_affected()
    });
    if changed != 1 {
        return Ok(false);
    }
    subscribe(exec, w.id, &w.events).await?;
    Ok(true)
}

async fn events_of(exec: Exec<'_>, id: Uuid) -> Result<BTreeSet<EventType>, StoreError> {
    let names: Vec<(String,)> = on_conn!(exec, c => {
        sqlx::query_as("SELECT event_type FROM webhook_subscriptions WHERE endpoint_id = $1")
            .bind(id)
            .fetch_all(&mut *c)
            .await?
    });
    // A type no longer known (renamed in a later version) is dropped.
    Ok(names.into_iter().filter_map(|(name,)| EventType::parse(&name)).collect())
}

/// One endpoint of the workspace, deleted or not.
pub async fn get(mut exec: Exec<'_>, workspace: WorkspaceId, id: Uuid) -> Result<Option<Endpoint>, StoreError> {
    let events = events_of(exec.reborrow(), id).await?;
    Ok(on_conn!(exec, c => {
        match sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = $1 AND workspace_id = $2"
        )))
        .bind(id)
        .bind(workspace.0)
        .fetch_optional(&mut *c)
        .await?
        {
            Some(row) => Some(endpoint_row!(row, events)),
            None => None,
        }
    }))
}

/// The workspace's endpoints, oldest first; deleted ones when asked.
pub async fn list(mut exec: Exec<'_>, workspace: WorkspaceId, deleted: bool) -> Result<Vec<Endpoint>, StoreError> {
    let ids: Vec<(Uuid,)> = on_conn!(exec.reborrow(), c => {
        sqlx::query_as(
            "SELECT id FROM webhook_endpoints WHERE workspace_id = $1 AND (deleted_at IS NULL OR $2) ORDER BY id",
        )
        .bind(workspace.0)
        .bind(deleted)
        .fetch_all(&mut *c)
        .await?
    });
    let mut found = Vec::with_capacity(ids.len());
    for (id,) in ids {
        if let Some(endpoint) = get(exec.reborrow(), workspace, id).await? {
            found.push(endpoint);
        }
    }
    Ok(found)
}

/// A delivery of one event to one endpoint, with what it needs to be sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    pub id: Uuid,
    pub workspace_id: WorkspaceId,
    pub endpoint_id: Uuid,
    pub event_id: Uuid,
    pub status: String,
    pub attempts: u32,
}

/// One delivery by id.
pub async fn delivery(exec: Exec<'_>, id: Uuid) -> Result<Option<Delivery>, StoreError> {
    Ok(on_conn!(exec, c => {
        match sqlx::query(
            "SELECT id, workspace_id, endpoint_id, event_id, status, attempts FROM webhook_deliveries WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *c)
        .await?
        {
            Some(row) => Some(Delivery {
                id: row.try_get("id")?,
                workspace_id: WorkspaceId(row.try_get("workspace_id")?),
                endpoint_id: row.try_get("endpoint_id")?,
                event_id: row.try_get("event_id")?,
                status: row.try_get("status")?,
                attempts: u32::try_from(row.try_get::<i64, _>("attempts")?).map_err(StoreError::corrupt)?,
            }),
            None => None,
        }
    }))
}

/// One attempt at a delivery, as logged.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attempt {
    pub id: Uuid,
    pub delivery_id: Uuid,
    /// The event delivered and its type.
    pub event_id: Uuid,
    pub event_type: String,
    /// 1 for the first.
    pub attempt: u32,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// The endpoint's answer; none when none came (refused, timed out).
    pub response_status: Option<u16>,
    pub latency_ms: u64,
    pub error: Option<String>,
    /// Where the delivery stands now: `pending`, `succeeded` or `failed`.
    pub delivery_status: String,
}

/// Logs an attempt and moves the delivery to `status`.
#[allow(clippy::too_many_arguments)]
pub async fn record_attempt(
    exec: Exec<'_>,
    delivery: &Delivery,
    attempt: u32,
    at: OffsetDateTime,
    response_status: Option<u16>,
    latency_ms: u64,
    error: Option<&str>,
    status: &str,
) -> Result<(), StoreError> {
    let latency = i64::try_from(latency_ms).unwrap_or(i64::MAX);
    on_conn!(exec, c => {
        sqlx::query(
            "INSERT INTO webhook_attempts (id, delivery_id, endpoint_id, attempt, at, response_status, latency_ms, \
             error) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(crate::kernel::clock::new_id())
        .bind(delivery.id)
        .bind(delivery.endpoint_id)
        .bind(i64::from(attempt))
        .bind(at)
        .bind(response_status.map(i64::from))
        .bind(latency)
        .bind(error)
        .execute(&mut *c)
        .await?;
        sqlx::query(
            "UPDATE webhook_deliveries SET status = $1, attempts = $2, last_status = $3, last_error = $4, \
             updated_at = $5 WHERE id = $6",
        )
        .bind(status)
        .bind(i64::from(attempt))
        .bind(response_status.map(i64::from))
        .bind(error)
        .bind(at)
        .bind(delivery.id)
        .execute(&mut *c)
        .await?;
    });
    Ok(())
}

/// Marks a delivery pending again, for a replay by hand.
pub async fn reopen(exec: Exec<'_>, id: Uuid, now: OffsetDateTime) -> Result<(), StoreError> {
    on_conn!(exec, c => {
        sqlx::query("UPDATE webhook_deliveries SET status = 'pending', attempts = 0, updated_at = $1 WHERE id = $2")
            .bind(now)
            .bind(id)
            .execute(&mut *c)
            .await?;
    });
    Ok(())
}

/// An endpoint's log of attempts, newest first, before the attempt `before`.
pub async fn attempts(
    exec: Exec<'_>,
    endpoint: Uuid,
    before: Option<Uuid>,
    limit: u32,
) -> Result<Vec<Attempt>, StoreError> {
    let before = before.unwrap_or(Uuid::max());
    Ok(on_conn!(exec, c => {
        let rows = sqlx::query(
            "SELECT a.id, a.delivery_id, d.event_id, e.type, a.attempt, a.at, a.response_status, a.latency_ms, \
             a.error, d.status FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id \
             JOIN events e ON e.id = d.event_id WHERE a.endpoint_id = $1 AND a.id < $2 ORDER BY a.id DESC LIMIT $3",
        )
        .bind(endpoint)
        .bind(before)
        .bind(i64::from(limit))
        .fetch_all(&mut *c)
        .await?;
        let mut found = Vec::with_capacity(rows.len());
        for row in rows {
            found.push(Attempt {
                id: row.try_get("id")?,
                delivery_id: row.try_get("delivery_id")?,
                event_id: row.try_get("event_id")?,
                event_type: row.try_get("type")?,
                attempt: u32::try_from(row.try_get::<i64, _>("attempt")?).map_err(StoreError::corrupt)?,
                at: row.try_get("at")?,
                response_status: row
                    .try_get::<Option<i64>, _>("response_status")?
                    .map(|s| u16::try_from(s).map_err(StoreError::corrupt))
                    .transpose()?,
                latency_ms: u64::try_from(row.try_get::<i64, _>("latency_ms")?).map_err(StoreError::corrupt)?,
                error: row.try_get("error")?,
                delivery_status: row.try_get("status")?,
            });
        }
        found
    }))
}
