//! The `contracts` table.

pub mod usage;

use rapport_domain::common::ids::{ContractId, PartyId, WorkspaceId};
use rapport_domain::common::locale::Currency;
use rapport_domain::contracts::{Contract, ContractStatus, Renewal};
use sqlx::Row;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::kernel::db::Exec;
use crate::kernel::store::StoreError;
use crate::on_conn;

fn status_of(name: &str) -> Result<ContractStatus, StoreError> {
    serde_json::from_value(serde_json::Value::String(name.to_owned())).map_err(StoreError::corrupt)
}

fn renewal_name(renewal: Renewal) -> &'static str {
    match renewal {
        Renewal::Automatic => "automatic",
        Renewal::Manual => "manual",
    }
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(StoreError::other)
}

fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(StoreError::corrupt)
}

macro_rules! select_contracts {
    () => {
        "SELECT id, workspace_id, client_id, title, scope, fee, currency, starts_on, ends_on, renewal, notice_days, \
         status, client_signed_on, provider_signed_on, terms, quotas, version, created_at, updated_at FROM contracts"
    };
}

macro_rules! contract_row {
    ($row:expr) => {{
        let row = &$row;
        let fee: String = row.try_get("fee")?;
        let currency: String = row.try_get("currency")?;
        let renewal: String = row.try_get("renewal")?;
        let status: String = row.try_get("status")?;
        let terms: String = row.try_get("terms")?;
        let quotas: String = row.try_get("quotas")?;
        let notice: i64 = row.try_get("notice_days")?;
        Contract {
            id: ContractId(row.try_get::<Uuid, _>("id")?),
            workspace_id: WorkspaceId(row.try_get("workspace_id")?),
            client_id: PartyId(row.try_get("client_id")?),
            title: row.try_get("title")?,
            scope: row.try_get("scope")?,
            fee: from_json(&fee)?,
            currency: Currency::parse(&currency).map_err(StoreError::corrupt)?,
            starts_on: row.try_get::<Date, _>("starts_on")?,
            ends_on: row.try_get("ends_on")?,
            renewal: if renewal == "automatic" { Renewal::Automatic } else { Renewal::Manual },
            notice_days: u32::try_from(notice).map_err(StoreError::corrupt)?,
            status: status_of(&status)?,
            client_signed_on: row.try_get("client_signed_on")?,
            provider_signed_on: row.try_get("provider_signed_on")?,
            terms: from_json(&terms)?,
            quotas: from_json(&quotas)?,
            version: row.try_get("version")?,
            created_at: row.try_get::<OffsetDateTime, _>("created_at")?,
            updated_at: row.try_get("updated_at")?,
        }
    }};
}

pub async fn insert(exec: Exec<'_>, c: &Contract) -> Result<(), StoreError> {
    let (fee, terms, quotas) = (json(&c.fee)?, json(&c.terms)?, json(&c.quotas)?);
    on_conn!(exec, conn => {
        sqlx::query(
            "INSERT INTO contracts (id, workspace_id, client_id, title, scope, fee, currency, starts_on, ends_on, \
             renewal, notice_days, status, client_signed_on, provider_signed_on, terms, quotas, version, created_at, \
             updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)",
        )
        .bind(c.id.0)
        .bind(c.workspace_id.0)
        .bind(c.client_id.0)
        .bind(&c.title)
        .bind(&c.scope)
        .bind(&fee)
        .bind(c.currency.as_str())
        .bind(c.starts_on)
        .bind(c.ends_on)
        .bind(renewal_name(c.renewal))
        .bind(i64::from(c.notice_days))
        .bind(c.status.as_str())
        .bind(c.client_signed_on)
        .bind(c.provider_signed_on)
        .bind(&terms)
        .bind(&quotas)
        .bind(c.version)
        .bind(c.created_at)
        .bind(c.updated_at)
        .execute(&mut *conn)
        .await?;
    });
    Ok(())
}

/// Writes `c` (its terms, which only a draft changes, and its lifecycle) if
/// the stored row is still at `expected_version`.
pub async fn update(exec: Exec<'_>, c: &Contract, expected_version: i64) -> Result<bool, StoreError> {
    let (fee, terms, quotas) = (json(&c.fee)?, json(&c.terms)?, json(&c.quotas)?);
    Ok(on_conn!(exec, conn => {
        sqlx::query(
            "UPDATE contracts SET title = $1, scope = $2, fee = $3, starts_on = $4, ends_on = $5, renewal = $6, \
             notice_days = $7, status = $8, client_signed_on = $9, provider_signed_on = $10, terms = $11, \
             quotas = $12, version = $13, updated_at = $14 WHERE id = $15 AND workspace_id = $16 AND version = $17",
        )
        .bind(&c.title)
        .bind(&c.scope)
        .bind(&fee)
        .bind(c.starts_on)
        .bind(c.ends_on)
        .bind(renewal_name(c.renewal))
        .bind(i64::from(c.notice_days))
        .bind(c.status.as_str())
        .bind(c.client_signed_on)
        .bind(c.provider_signed_on)
        .bind(&terms)
        .bind(&quotas)
        .bind(c.version)
        .bind(c.updated_at)
        .bind(c.id.0)
        .bind(c.workspace_id.0)
        .bind(expected_version)
        .execute(&mut *conn)
        .await?
        .rows_affected()
            == 1
    }))
}

pub async fn get(exec: Exec<'_>, workspace: WorkspaceId, id: ContractId) -> Result<Option<Contract>, StoreError> {
    on_conn!(exec, conn => {
        match sqlx::query(concat!(select_contracts!(), " WHERE id = $1 AND workspace_id = $2 AND deleted_at IS NULL"))
            .bind(id.0)
            .bind(workspace.0)
            .fetch_optional(&mut *conn)
            .await?
        {
            Some(row) => Ok(Some(contract_row!(row))),
            None => Ok(None),
        }
    })
}

/// The contracts of a client, oldest first.
pub async fn of_client(exec: Exec<'_>, workspace: WorkspaceId, client: PartyId) -> Result<Vec<Contract>, StoreError> {
    on_conn!(exec, conn => {
        let rows = sqlx::query(concat!(
            select_contracts!(),
            " WHERE client_id = $1 AND workspace_id = $2 AND deleted_at IS NULL ORDER BY id"
        ))
        .bind(client.0)
        .bind(workspace.0)
        .fetch_all(&mut *conn)
        .await?;
        let mut contracts = Vec::with_capacity(rows.len());
        for row in rows {
            contracts.push(contract_row!(row));
        }
        Ok(contracts)
    })
}

/// The contracts of every client in `span`, by client and age.
pub async fn of_clients(
    exec: Exec<'_>,
    workspace: WorkspaceId,
    span: crate::kernel::store::Span<'_>,
) -> Result<Vec<Contract>, StoreError> {
    use crate::kernel::store::push_span;
    on_conn!(exec, conn => {
        let mut query = sqlx::QueryBuilder::new(concat!(select_contracts!(), " WHERE workspace_id = "));
        query.push_bind(workspace.0).push(" AND deleted_at IS NULL");
        push_span!(query, "client_id", span);
        query.push(" ORDER BY client_id, id");
        let rows = query.build().fetch_all(&mut *conn).await?;
        let mut contracts = Vec::with_capacity(rows.len());
        for row in rows {
            contracts.push(contract_row!(row));
        }
        Ok(contracts)
    })
}
