//! The `contract_usage` table: what clients used of their contracts' quotas.

use std::collections::BTreeMap;

use rapport_domain::common::ids::{ContractId, WorkspaceId};
use rapport_domain::contracts::usage::Usage;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::kernel::db::Exec;
use crate::kernel::store::StoreError;
use crate::on_conn;

pub async fn insert(exec: Exec<'_>, workspace: WorkspaceId, u: &Usage) -> Result<(), StoreError> {
    on_conn!(exec, c => {
        sqlx::query(
            "INSERT INTO contract_usage (id, workspace_id, contract_id, unit, amount, used_on, note, recorded_by, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(u.id)
        .bind(workspace.0)
        .bind(u.contract_id.0)
        .bind(&u.unit)
        .bind(i64::from(u.amount))
        .bind(u.used_on)
        .bind(&u.note)
        .bind(&u.recorded_by)
        .bind(u.created_at)
        .execute(&mut *c)
        .await?;
    });
    Ok(())
}

/// A contract's recorded use between two days (inclusive), oldest first.
pub async fn between(
    exec: Exec<'_>,
    workspace: WorkspaceId,
    contract: ContractId,
    first: Date,
    last: Date,
) -> Result<Vec<Usage>, StoreError> {
    type Row = (Uuid, String, i64, Date, Option<String>, String, OffsetDateTime);
    let rows: Vec<Row> = on_conn!(exec, c => {
        sqlx::query_as(
            "SELECT id, unit, amount, used_on, note, recorded_by, created_at FROM contract_usage \
             WHERE contract_id = $1 AND workspace_id = $2 AND used_on BETWEEN $3 AND $4 ORDER BY used_on, id",
        )
        .bind(contract.0)
        .bind(workspace.0)
        .bind(first)
        .bind(last)
        .fetch_all(&mut *c)
        .await?
    });
    rows.into_iter()
        .map(|(id, unit, amount, used_on, note, recorded_by, created_at)| {
            Ok(Usage {
                id,
                contract_id: contract,
                unit,
                amount: u32::try_from(amount).map_err(StoreError::corrupt)?,
                used_on,
                note,
                recorded_by,
                created_at,
            })
        })
        .collect()
}

/// Use per unit between two days.
pub fn totals(used: &[Usage]) -> BTreeMap<String, u32> {
    let mut totals = BTreeMap::new();
    for u in used {
        let total: &mut u32 = totals.entry(u.unit.clone()).or_insert(0);
        *total = total.saturating_add(u.amount);
    }
    totals
}
