//! The `order_adjustments` table: refunds and exchanges of orders.

use rapport_domain::commerce::OrderStatus;
use rapport_domain::commerce::adjustment::{Adjustment, AdjustmentKind, Items};
use rapport_domain::common::ids::{OrderId, WorkspaceId};
use rapport_domain::common::locale::Currency;
use rapport_domain::common::money::Money;
use sqlx::Row;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::kernel::db::Exec;
use crate::kernel::store::StoreError;
use crate::on_conn;

pub async fn insert(exec: Exec<'_>, workspace: WorkspaceId, a: &Adjustment) -> Result<(), StoreError> {
    let items = serde_json::to_string(&a.items).map_err(StoreError::other)?;
    on_conn!(exec, c => {
        sqlx::query(
            "INSERT INTO order_adjustments (id, workspace_id, order_id, kind, amount_minor, currency, reason, items, \
             happened_at, recorded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(a.id)
        .bind(workspace.0)
        .bind(a.order_id.0)
        .bind(a.kind.as_str())
        .bind(a.amount.minor)
        .bind(a.amount.currency.as_str())
        .bind(&a.reason)
        .bind(&items)
        .bind(a.happened_at)
        .bind(&a.recorded_by)
        .bind(a.created_at)
        .execute(&mut *c)
        .await?;
    });
    Ok(())
}

/// The refunds and exchanges of an order, oldest first.
pub async fn of_order(exec: Exec<'_>, workspace: WorkspaceId, order: OrderId) -> Result<Vec<Adjustment>, StoreError> {
    on_conn!(exec, c => {
        let rows = sqlx::query(
            "SELECT id, kind, amount_minor, currency, reason, items, happened_at, recorded_by, created_at \
             FROM order_adjustments WHERE order_id = $1 AND workspace_id = $2 ORDER BY id",
        )
        .bind(order.0)
        .bind(workspace.0)
        .fetch_all(&mut *c)
        .await?;
        let mut found = Vec::with_capacity(rows.len());
        for row in rows {
            let kind: String = row.try_get("kind")?;
            let code: String = row.try_get("currency")?;
            let items: String = row.try_get("items")?;
            found.push(Adjustment {
                id: row.try_get::<Uuid, _>("id")?,
                order_id: order,
                kind: AdjustmentKind::parse(&kind).map_err(StoreError::corrupt)?,
                amount: Money {
                    minor: row.try_get("amount_minor")?,
                    currency: Currency::parse(&code).map_err(StoreError::corrupt)?,
                },
                reason: row.try_get("reason")?,
                items: serde_json::from_str::<Items>(&items).map_err(StoreError::corrupt)?,
                happened_at: row.try_get::<OffsetDateTime, _>("happened_at")?,
                recorded_by: row.try_get("recorded_by")?,
                created_at: row.try_get("created_at")?,
            });
        }
        Ok(found)
    })
}

/// Moves an order to `status` if it is still at `expected_version`.
pub async fn set_status(
    exec: Exec<'_>,
    order: OrderId,
    status: OrderStatus,
    expected_version: i64,
    at: OffsetDateTime,
) -> Result<bool, StoreError> {
    Ok(on_conn!(exec, c => {
        sqlx::query(
            "UPDATE orders SET status = $1, version = version + 1, updated_at = $2 \
             WHERE id = $3 AND version = $4 AND deleted_at IS NULL",
        )
        .bind(status.as_str())
        .bind(at)
        .bind(order.0)
        .bind(expected_version)
        .execute(&mut *c)
        .await?
        .rows_affected()
            == 1
    }))
}
