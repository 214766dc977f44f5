//! The audit log. Entries are written in the same transaction as the change they describe.

pub use rapport_domain::common::audit::AuditEntry;
use rapport_domain::common::ids::{AuditId, PartyId, UserId, WorkspaceId};
use sqlx::Row;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::kernel::db::Exec;
use crate::kernel::store::StoreError;
use crate::on_conn;

/// Records `entry`, linked to every party it concerns.
pub async fn record(exec: Exec<'_>, entry: &AuditEntry, parties: &[PartyId]) -> Result<(), StoreError> {
    let text = |value: &Option<serde_json::Value>| value.as_ref().map(serde_json::Value::to_string);
    let (before, after) = (text(&entry.before), text(&entry.after));
    on_conn!(exec, c => {
        sqlx::query(
            "INSERT INTO audit_log (id, workspace_id, actor, action, entity_type, entity_id, before, after, at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(entry.id.0)
        .bind(entry.workspace_id.0)
        .bind(&entry.actor)
        .bind(&entry.action)
        .bind(&entry.entity_type)
        .bind(entry.entity_id)
        .bind(before)
        .bind(after)
        .bind(entry.at)
        .execute(&mut *c)
        .await?;
        for party in parties {
            sqlx::query("INSERT INTO audit_parties (party_id, audit_id) VALUES ($1, $2)")
                .bind(party.0)
                .bind(entry.id.0)
                .execute(&mut *c)
                .await?;
        }
    });
    Ok(())
}

/// The entries concerning a party, newest first.
pub async fn for_party(
    exec: Exec<'_>,
    workspace: WorkspaceId,
    party: PartyId,
    limit: u32,
) -> Result<Vec<AuditEntry>, StoreError> {
    let rows = on_conn!(exec, c => {
        let rows = sqlx::query(
            "SELECT a.id, a.workspace_id, a.actor, a.action, a.entity_type, a.entity_id, a.before, a.after, a.at \
             FROM audit_parties p JOIN audit_log a ON a.id = p.audit_id \
             WHERE p.party_id = $1 AND a.workspace_id = $2 ORDER BY a.id DESC LIMIT $3",
        )
        .bind(party.0)
        .bind(workspace.0)
        .bind(i64::from(limit))
        .fetch_all(&mut *c)
        .await?;
        let mut raw = Vec::with_capacity(rows.len());
        for row in rows {
            raw.push((
                row.try_get::<Uuid, _>("id")?,
                row.try_get::<Uuid, _>("workspace_id")?,
                row.try_get::<String, _>("actor")?,
                row.try_get::<String, _>("action")?,
                row.try_get::<String, _>("entity_type")?,
                row.try_get::<Uuid, _>("entity_id")?,
                row.try_get::<Option<String>, _>("before")?,
                row.try_get::<Option<String>, _>("after")?,
                row.try_get::<OffsetDateTime, _>("at")?,
            ));
        }
        raw
    });
    let json = |text: Option<String>| -> Result<Option<serde_json::Value>, StoreError> {
        text.map(|t| serde_json::from_str(&t).map_err(StoreError::corrupt)).transpose()
    };
    rows.into_iter()
        .map(|(id, workspace_id, actor, action, entity_type, entity_id, before, after, at)| {
            Ok(AuditEntry {
                id: AuditId(id),
                workspace_id: WorkspaceId(workspace_id),
                actor,
                action,
                entity_type,
                entity_id,
                before: json(before)?,
                after: json(after)?,
                at,
            })
        })
        .collect()
}

/// For every entry concerning `party`, every party the entry concerns with
/// its owner (as `(entry, party, owner)`): who may see the whole entry.
pub async fn linked_parties(
    exec: Exec<'_>,
    party: PartyId,
) -> Result<Vec<(AuditId, PartyId, Option<UserId>)>, StoreError> {
    let rows: Vec<(Uuid, Uuid, Option<Uuid>)> = on_conn!(exec, c => {
        sqlx::query_as(
            "SELECT other.audit_id, pt.id, pt.owner_id FROM audit_parties mine \
             JOIN audit_parties other ON other.audit_id = mine.audit_id \
             JOIN parties pt ON pt.id = other.party_id WHERE mine.party_id = $1",
        )
        .bind(party.0)
        .fetch_all(&mut *c)
        .await?
    });
    Ok(rows.into_iter().map(|(entry, party, owner)| (AuditId(entry), PartyId(party), owner.map(UserId))).collect())
}
