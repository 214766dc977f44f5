//! Offerings, orders, their lines and end users; and the facts the
//! relationship engine reads from them.

pub mod adjustments;

use std::collections::BTreeMap;

use rapport_domain::classification::{OrderFact, Purchases};
use rapport_domain::commerce::{Offering, OfferingKind, Order, OrderLine, OrderStatus};
use rapport_domain::common::ids::{OfferingId, OrderId, PartyId, WorkspaceId};
use rapport_domain::common::locale::{Currency, TimeZoneName};
use rapport_domain::common::money::Money;
use sqlx::Row;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::kernel::db::Exec;
use crate::kernel::store::StoreError;
use crate::on_conn;

/// The columns of an offering: id, name, kind, tailored, price, currency,
/// version, created, updated, deleted.
type OfferingRow =
    (Uuid, String, String, bool, i64, String, i64, OffsetDateTime, OffsetDateTime, Option<OffsetDateTime>);

/// The columns of [`OfferingRow`] selected, then `$rest` of the query.
macro_rules! select_offerings {
    ($rest:literal) => {
        concat!(
            "SELECT id, name, kind, tailored, price_minor, currency, version, created_at, updated_at, deleted_at \
             FROM offerings ",
            $rest
        )
    };
}

fn offering_of(workspace: WorkspaceId, row: OfferingRow) -> Result<Offering, StoreError> {
    let (id, name, kind, tailored, minor, code, version, created_at, updated_at, deleted_at) = row;
    Ok(Offering {
        id: OfferingId(id),
        workspace_id: workspace,
        name,
        kind: OfferingKind::parse(&kind).map_err(StoreError::corrupt)?,
        tailored,
        price: Money { minor, currency: currency(&code)? },
        version,
        created_at,
        updated_at,
        deleted_at,
    })
}
/// The columns of an order's head: buyer, ordered at, status, channel,
/// currency, total, version, created, updated.
type OrderHead =
    (Uuid, OffsetDateTime, String, Option<String>, String, i64, i64, OffsetDateTime, OffsetDateTime, String);

fn currency(code: &str) -> Result<Currency, StoreError> {
    Currency::parse(code).map_err(StoreError::corrupt)
}

pub async fn insert_offering(exec: Exec<'_>, offering: &Offering) -> Result<(), StoreError> {
    on_conn!(exec, c => {
        sqlx::query(
            "INSERT INTO offerings (id, workspace_id, name, kind, tailored, price_minor, currency, version, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(offering.id.0)
        .bind(offering.workspace_id.0)
        .bind(&offering.name)
        .bind(offering.kind.as_str())
        .bind(offering.tailored)
        .bind(offering.price.minor)
        .bind(offering.price.currency.as_str())
        .bind(offering.version)
        .bind(offering.created_at)
        .bind(offering.updated_at)
        .execute(&mut *c)
        .await?;
    });
    Ok(())
}

/// The offerings of a workspace by name: the live ones, or the retired ones.
pub async fn offerings(exec: Exec<'_>, workspace: WorkspaceId, retired: bool) -> Result<Vec<Offering>, StoreError> {
    let rows: Vec<OfferingRow> = on_conn!(exec, c => {
        let sql = if retired {
            select_offerings!("WHERE workspace_id = $1 AND deleted_at IS NOT NULL ORDER BY name, id")
        } else {
            select_offerings!("WHERE workspace_id = $1 AND deleted_at IS NULL ORDER BY name, id")
        };
        sqlx::query_as(sql).bind(workspace.0).fetch_all(&mut *c).await?
    });
    rows.into_iter().map(|row| offering_of(workspace, row)).collect()
}

/// One offering of a workspace, retired or not.
pub async fn offering(exec: Exec<'_>, workspace: WorkspaceId, id: OfferingId) -> Result<Option<Offering>, StoreError> {
    let row: Option<OfferingRow> = on_conn!(exec, c => {
        sqlx::query_as(select_offerings!("WHERE id = $1 AND workspace_id = $2"))
            .bind(id.0)
            .bind(workspace.0)
            .fetch_optional(&mut *c)
            .await?
    });
    row.map(|row| offering_of(workspace, row)).transpose()
}

/// Writes `next` over the offering if it is still at `expected`.
pub async fn update_offering(exec: Exec<'_>, next: &Offering, expected: i64) -> Result<bool, StoreError> {
    Ok(on_conn!(exec, c => {
        sqlx::query(
            "UPDATE offerings SET name = $1, price_minor = $2, version = $3, updated_at = $4, deleted_at = $5 \
             WHERE id = $6 AND workspace_id = $7 AND version = $8",
        )
        .bind(&next.name)
        .bind(next.price.minor)
        .bind(next.version)
        .bind(next.updated_at)
        .bind(next.deleted_at)
        .bind(next.id.0)
        .bind(next.workspace_id.0)
        .bind(expected)
        .execute(&mut *c)
        .await?
        .rows_affected()
            == 1
    }))
}

/// The list prices of the live offerings among `ids`.
pub async fn prices(
    exec: Exec<'_>,
    workspace: WorkspaceId,
    ids: &[OfferingId],
) -> Result<BTreeMap<OfferingId, Money>, StoreError> {
    let mut prices = BTreeMap::new();
    on_conn!(exec, c => {
        for id in ids {
            let row: Option<(i64, String)> = sqlx::query_as(
                "SELECT price_minor, currency FROM offerings WHERE id = $1 AND workspace_id = $2 AND deleted_at IS NULL",
            )
            .bind(id.0)
            .bind(workspace.0)
            .fetch_optional(&mut *c)
            .await?;
            if let Some((minor, code)) = row {
                prices.insert(*id, Money { minor, currency: currency(&code)? });
            }
        }
    });
    Ok(prices)
}

/// The next order's place in `year` in the workspace's count (from 1), taken
/// in the caller's transaction, so that two orders never share a number.
pub async fn next_order_sequence(exec: Exec<'_>, workspace: WorkspaceId, year: i32) -> Result<i64, StoreError> {
    Ok(on_conn!(exec, c => {
        sqlx::query_scalar(
            "INSERT INTO order_counters (workspace_id, year, last) VALUES ($1, $2, 1) \
             ON CONFLICT (workspace_id, year) DO UPDATE SET last = order_counters.last + 1 RETURNING last",
        )
        .bind(workspace.0)
        .bind(year)
        .fetch_one(&mut *c)
        .await?
    }))
}

pub async fn insert_order(exec: Exec<'_>, order: &Order) -> Result<(), StoreError> {
    on_conn!(exec, c => {
        sqlx::query(
            "INSERT INTO orders (id, workspace_id, buyer_id, ordered_at, status, channel, currency, total_minor, \
             version, created_at, updated_at, number) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(order.id.0)
        .bind(order.workspace_id.0)
        .bind(order.buyer_id.0)
        .bind(order.ordered_at)
        .bind(order.status.as_str())
        .bind(&order.channel)
        .bind(order.total.currency.as_str())
        .bind(order.total.minor)
        .bind(order.version)
        .bind(order.created_at)
        .bind(order.updated_at)
        .bind(&order.number)
        .execute(&mut *c)
        .await?;
        for (position, line) in order.lines.iter().enumerate() {
            let line_id = Uuid::now_v7();
            sqlx::query(
                "INSERT INTO order_lines (id, order_id, position, offering_id, quantity, unit_price_minor, \
                 discount_minor) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(line_id)
            .bind(order.id.0)
            .bind(i64::try_from(position).unwrap_or(i64::MAX))
            .bind(line.offering_id.0)
            .bind(i64::from(line.quantity))
            .bind(line.unit_price.minor)
            .bind(line.discount.minor)
            .execute(&mut *c)
            .await?;
            for user in &line.end_user_ids {
                sqlx::query("INSERT INTO order_end_users (order_line_id, party_id) VALUES ($1, $2)")
                    .bind(line_id)
                    .bind(user.0)
                    .execute(&mut *c)
                    .await?;
            }
        }
    });
    Ok(())
}

/// A live order of the workspace with its lines.
/// The ids of a buyer's live orders, newest first, at most `limit`.
pub async fn orders_of(
    exec: Exec<'_>,
    workspace: WorkspaceId,
    buyer: PartyId,
    limit: u32,
) -> Result<Vec<OrderId>, StoreError> {
    let ids: Vec<Uuid> = on_conn!(exec, c => {
        sqlx::query_scalar(
            "SELECT id FROM orders WHERE buyer_id = $1 AND workspace_id = $2 AND deleted_at IS NULL \
             ORDER BY ordered_at DESC, id DESC LIMIT $3",
        )
        .bind(buyer.0)
        .bind(workspace.0)
        .bind(i64::from(limit))
        .fetch_all(&mut *c)
        .await?
    });
    Ok(ids.into_iter().map(OrderId).collect())
}

/// The live order of the workspace with `number` (as written, any case).
pub async fn order_numbered(
    exec: Exec<'_>,
    workspace: WorkspaceId,
    number: &str,
) -> Result<Option<OrderId>, StoreError> {
    let id: Option<Uuid> = on_conn!(exec, c => {
        sqlx::query_scalar("SELECT id FROM orders WHERE workspace_id = $1 AND number = $2 AND deleted_at IS NULL")
            .bind(workspace.0)
            .bind(number.trim().to_uppercase())
            .fetch_optional(&mut *c)
            .await?
    });
    Ok(id.map(OrderId))
}

pub async fn order(exec: Exec<'_>, workspace: WorkspaceId, id: OrderId) -> Result<Option<Order>, StoreError> {
    on_conn!(exec, c => {
        let head: Option<OrderHead> =
            sqlx::query_as(
                "SELECT buyer_id, ordered_at, status, channel, currency, total_minor, version, created_at, updated_at, \
                 number FROM orders WHERE id = $1 AND workspace_id = $2 AND deleted_at IS NULL",
            )
            .bind(id.0)
            .bind(workspace.0)
            .fetch_optional(&mut *c)
            .await?;
        let Some((buyer, ordered_at, status, channel, code, total, version, created_at, updated_at, number)) = head
        else {
            return Ok(None);
        };
        let code = currency(&code)?;
        let rows = sqlx::query(
            "SELECT l.id, l.offering_id, l.quantity, l.unit_price_minor, l.discount_minor, e.party_id \
             FROM order_lines l LEFT JOIN order_end_users e ON e.order_line_id = l.id \
             WHERE l.order_id = $1 ORDER BY l.position, e.party_id",
        )
        .bind(id.0)
        .fetch_all(&mut *c)
        .await?;
        let mut lines: Vec<(Uuid, OrderLine)> = Vec::new();
        for row in rows {
            let line_id: Uuid = row.try_get("id")?;
            if lines.last().is_none_or(|(last, _)| *last != line_id) {
                let quantity: i64 = row.try_get("quantity")?;
                lines.push((
                    line_id,
                    OrderLine {
                        offering_id: OfferingId(row.try_get("offering_id")?),
                        quantity: u32::try_from(quantity).map_err(StoreError::corrupt)?,
                        unit_price: Money { minor: row.try_get("unit_price_minor")?, currency: code.clone() },
                        discount: Money { minor: row.try_get("discount_minor")?, currency: code.clone() },
                        end_user_ids: Vec::new(),
                    },
                ));
            }
            if let (Some(user), Some((_, line))) = (row.try_get::<Option<Uuid>, _>("party_id")?, lines.last_mut()) {
                line.end_user_ids.push(PartyId(user));
            }
        }
        Ok(Some(Order {
            id,
            number,
            workspace_id: workspace,
            buyer_id: PartyId(buyer),
            ordered_at,
            status: rapport_domain::commerce::OrderStatus::parse(&status).map_err(StoreError::corrupt)?,
            channel,
            lines: lines.into_iter().map(|(_, line)| line).collect(),
            total: Money { minor: total, currency: code },
            version,
            created_at,
            updated_at,
        }))
    })
}

/// What a party's orders add up to for the relationship engine (each order
/// on the day it fell on in the workspace's `zone`): what it
/// bought, and the first of the lines it uses (with that line's buyer).
pub async fn summarize_orders(
    exec: Exec<'_>,
    workspace: WorkspaceId,
    party: PartyId,
    zone: &TimeZoneName,
) -> Result<OrderSummary, StoreError> {
    on_conn!(exec, c => {
        let bought: Vec<(Uuid, String, OffsetDateTime, String, Option<String>)> = sqlx::query_as(
            "SELECT o.id, o.number, o.ordered_at, o.status, f.kind FROM orders o \
             LEFT JOIN order_lines l ON l.order_id = o.id LEFT JOIN offerings f ON f.id = l.offering_id \
             WHERE o.buyer_id = $1 AND o.workspace_id = $2 AND o.deleted_at IS NULL ORDER BY o.ordered_at, o.id",
        )
        .bind(party.0)
        .bind(workspace.0)
        .fetch_all(&mut *c)
        .await?;
        let mut orders: Vec<(Uuid, OrderFact)> = Vec::new();
        for (id, number, at, status, kind) in bought {
            if orders.last().is_none_or(|(last, _)| *last != id) {
                let status = OrderStatus::parse(&status).map_err(StoreError::corrupt)?;
                let fact = OrderFact {
                    reference: number,
                    ordered_on: zone.date_of(at),
                    counts: status.counts_as_purchase(),
                    offerings: Vec::new(),
                };
                orders.push((id, fact));
            }
            if let (Some(kind), Some((_, fact))) = (kind, orders.last_mut()) {
                fact.offerings.push(OfferingKind::parse(&kind).map_err(StoreError::corrupt)?);
            }
        }
        let used: Vec<(String, Uuid)> = sqlx::query_as(
            "SELECT o.number, o.buyer_id FROM order_end_users e JOIN order_lines l ON l.id = e.order_line_id \
             JOIN orders o ON o.id = l.order_id \
             WHERE e.party_id = $1 AND o.workspace_id = $2 AND o.deleted_at IS NULL AND o.buyer_id <> $1 \
             AND o.status NOT IN ('cancelled', 'refunded') \
             ORDER BY o.ordered_at, o.id",
        )
        .bind(party.0)
        .bind(workspace.0)
        .fetch_all(&mut *c)
        .await?;
        let facts: Vec<OrderFact> = orders.into_iter().map(|(_, fact)| fact).collect();
        Ok(OrderSummary {
            purchases: Purchases::summarize(&facts),
            use_count: u32::try_from(used.len()).unwrap_or(u32::MAX),
            first_use: used.first().map(|(order, buyer)| (order.clone(), PartyId(*buyer))),
        })
    })
}

/// What a party's orders add up to, as kept beside the party.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderSummary {
    pub purchases: Option<Purchases>,
    /// Order lines bought by others that the party uses.
    pub use_count: u32,
    /// The first of them: its order's reference and buyer.
    pub first_use: Option<(String, PartyId)>,
}
