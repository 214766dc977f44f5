//! Conversion playbooks, and the conversions they aim at.

use rapport_domain::common::ids::{PartyId, WorkspaceId};
use rapport_domain::value::conversion::Lever;
use rapport_domain::value::playbook::{Playbook, PlaybookStatus, Step};
use time::{Date, OffsetDateTime};

use crate::kernel::db::Exec;
use crate::kernel::store::StoreError;
use crate::on_conn;

/// A playbook as stored, with its version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPlaybook {
    pub playbook: Playbook,
    pub version: i64,
}

pub async fn get(exec: Exec<'_>, workspace: WorkspaceId, party: PartyId) -> Result<Option<StoredPlaybook>, StoreError> {
    type Row = (String, String, String, Date, i64);
    let row: Option<Row> = on_conn!(exec, c => {
        sqlx::query_as(
            "SELECT lever, status, steps, started_on, version FROM conversion_playbooks \
             WHERE party_id = $1 AND workspace_id = $2",
        )
        .bind(party.0)
        .bind(workspace.0)
        .fetch_optional(&mut *c)
        .await?
    });
    row.map(|(lever, status, steps, started_on, version)| {
        let status = match status.as_str() {
            "open" => PlaybookStatus::Open,
            "won" => PlaybookStatus::Won,
            "dropped" => PlaybookStatus::Dropped,
            other => return Err(StoreError::corrupt(format!("playbook status {other}"))),
        };
        let steps: Vec<Step> = serde_json::from_str(&steps).map_err(StoreError::corrupt)?;
        let lever = Lever::parse(&lever).map_err(StoreError::corrupt)?;
        Ok(StoredPlaybook { playbook: Playbook { lever, status, steps, started_on }, version })
    })
    .transpose()
}

/// Writes a party's playbook if it is still at `expected` (none: there is
/// none yet); returns whether it was written.
pub async fn put(
    exec: Exec<'_>,
    workspace: WorkspaceId,
    party: PartyId,
    playbook: &Playbook,
    expected: Option<i64>,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let steps = serde_json::to_string(&playbook.steps).map_err(StoreError::other)?;
    let done = on_conn!(exec, c => {
        match expected {
            None => sqlx::query(
                "INSERT INTO conversion_playbooks (party_id, workspace_id, lever, status, steps, started_on, version, \
                 updated_at) VALUES ($1, $2, $3, $4, $5, $6, 1, $7) ON CONFLICT (party_id) DO NOTHING",
            )
            .bind(party.0)
            .bind(workspace.0)
            .bind(playbook.lever.as_str())
            .bind(playbook.status.as_str())
            .bind(&steps)
            .bind(playbook.started_on)
            .bind(now)
            .execute(&mut *c)
            .await?
            .rows_affected(),
            Some(version) => sqlx::query(
                "UPDATE conversion_playbooks SET lever = $1, status = $2, steps = $3, started_on = $4, \
                 version = version + 1, updated_at = $5 WHERE party_id = $6 AND workspace_id = $7 AND version = $8",
            )
            .bind(playbook.lever.as_str())
            .bind(playbook.status.as_str())
            .bind(&steps)
            .bind(playbook.started_on)
            .bind(now)
            .bind(party.0)
            .bind(workspace.0)
            .bind(version)
            .execute(&mut *c)
            .await?
            .rows_affected(),
        }
    });
    Ok(done == 1)
}

/// Customers who became clients, per calendar month (`YYYY-MM`, UTC) from
/// `from` to `to` inclusive: history entries whose primary kind changed
/// from customer to client, of parties still live.
pub async fn conversions(
    exec: Exec<'_>,
    workspace: WorkspaceId,
    from: Date,
    to: Date,
) -> Result<Vec<(String, i64)>, StoreError> {
    let (start, end) = (from.midnight().assume_utc(), (to + time::Duration::DAY).midnight().assume_utc());
    let rows: Vec<(OffsetDateTime,)> = on_conn!(exec, c => {
        sqlx::query_as(
            "SELECT h.changed_at FROM relationship_history h JOIN parties p ON p.id = h.party_id \
             WHERE h.workspace_id = $1 AND h.primary_kind = 'client' AND h.previous_primary = 'customer' \
             AND h.changed_at >= $2 AND h.changed_at < $3 AND p.deleted_at IS NULL ORDER BY h.changed_at",
        )
        .bind(workspace.0)
        .bind(start)
        .bind(end)
        .fetch_all(&mut *c)
        .await?
    });
    let mut months: Vec<(String, i64)> = Vec::new();
    for (at,) in rows {
        let at = at.to_offset(time::UtcOffset::UTC);
        let month = format!("{:04}-{:02}", at.year(), u8::from(at.month()));
        match months.last_mut() {
            Some((last, count)) if *last == month => *count += 1,
            _ => months.push((month, 1)),
        }
    }
    Ok(months)
}
