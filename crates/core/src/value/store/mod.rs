//! Fitted customer-value models, and the purchases they are fitted on.

pub mod playbooks;

use rapport_domain::commerce::OrderStatus;
use rapport_domain::common::ids::{PartyId, WorkspaceId};
use rapport_domain::value::ModelFit;
use serde::Serialize;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::kernel::db::Exec;
use crate::kernel::store::StoreError;
use crate::on_conn;

/// A fit as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredFit {
    pub id: Uuid,
    #[serde(with = "time::serde::rfc3339")]
    pub fitted_at: OffsetDateTime,
    /// The last day compared with, for a validation.
    #[serde(with = "rapport_domain::common::dates::iso_date::option")]
    pub holdout_end: Option<Date>,
    /// Who fitted it, as the audit log names them.
    pub actor: String,
    #[serde(flatten)]
    pub fit: ModelFit,
}

pub async fn insert(exec: Exec<'_>, workspace: WorkspaceId, stored: &StoredFit) -> Result<(), StoreError> {
    let report = serde_json::to_string(&stored.fit).map_err(StoreError::other)?;
    // JSON has no NaN or infinity: serde writes them as null, which would not
    // read back. A fit that does not survive the round trip is not kept.
    serde_json::from_str::<ModelFit>(&report)
        .map_err(|e| StoreError::other(format!("a fit with values JSON cannot hold: {e}")))?;
    on_conn!(exec, c => {
        sqlx::query(
            "INSERT INTO value_models (id, workspace_id, fitted_at, calibration_end, holdout_end, customers, report, actor) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(stored.id)
        .bind(workspace.0)
        .bind(stored.fitted_at)
        .bind(stored.fit.calibration_end)
        .bind(stored.holdout_end)
        .bind(i64::try_from(stored.fit.customers).map_err(StoreError::other)?)
        .bind(report)
        .bind(&stored.actor)
        .execute(&mut *c)
        .await?;
    });
    Ok(())
}

/// Which fits [`latest`] looks among.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Fits on all the data, the one in use.
    InUse,
    /// Fits with a holdout period, checking the models.
    Validation,
}

/// The workspace's latest fit of the kind asked for.
pub async fn latest(exec: Exec<'_>, workspace: WorkspaceId, purpose: Purpose) -> Result<Option<StoredFit>, StoreError> {
    let holdout = match purpose {
        Purpose::InUse => "holdout_end IS NULL",
        Purpose::Validation => "holdout_end IS NOT NULL",
    };
    let sql = format!(
        "SELECT id, fitted_at, holdout_end, actor, report FROM value_models WHERE workspace_id = $1 AND {holdout} \
         ORDER BY fitted_at DESC, id DESC LIMIT 1"
    );
    type Row = (Uuid, OffsetDateTime, Option<Date>, String, String);
    let row: Option<Row> = on_conn!(exec, c => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(workspace.0).fetch_optional(&mut *c).await?
    });
    row.map(|(id, fitted_at, holdout_end, actor, report)| {
        let fit = serde_json::from_str(&report).map_err(StoreError::corrupt)?;
        Ok(StoredFit { id, fitted_at, holdout_end, actor, fit })
    })
    .transpose()
}

/// One purchase as the models read it: who bought, when, and for how much
/// net of refunds, in minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuyerPurchase {
    pub buyer: PartyId,
    pub ordered_at: OffsetDateTime,
    pub net_minor: i64,
}

/// The purchases of live buyers in `currency` (of one buyer when given),
/// by buyer: orders that count as purchases (not cancelled, not wholly
/// refunded), less what was refunded of them. Returns them with how many
/// orders in other currencies were left out.
pub async fn purchases(
    exec: Exec<'_>,
    workspace: WorkspaceId,
    currency: &str,
    buyer: Option<PartyId>,
) -> Result<(Vec<BuyerPurchase>, u64), StoreError> {
    type Row = (Uuid, OffsetDateTime, String, String, i64, i64);
    let rows: Vec<Row> = on_conn!(exec, c => {
        let mut query = sqlx::QueryBuilder::new(
            "SELECT o.buyer_id, o.ordered_at, o.status, o.currency, o.total_minor, \
             CAST(COALESCE((SELECT SUM(a.amount_minor) FROM order_adjustments a WHERE a.order_id = o.id \
             AND a.kind = 'refund'), 0) AS BIGINT) \
             FROM orders o JOIN parties p ON p.id = o.buyer_id \
             WHERE o.deleted_at IS NULL AND p.deleted_at IS NULL AND o.workspace_id = ",
        );
        query.push_bind(workspace.0);
        if let Some(buyer) = buyer {
            query.push(" AND o.buyer_id = ").push_bind(buyer.0);
        }
        query.push(" ORDER BY o.buyer_id, o.ordered_at");
        query.build_query_as().fetch_all(&mut *c).await?
    });
    let mut other_currencies = 0;
    let mut purchases = Vec::with_capacity(rows.len());
    for (buyer, ordered_at, status, order_currency, total, refunded) in rows {
        if !OrderStatus::parse(&status).map_err(StoreError::corrupt)?.counts_as_purchase() {
            continue;
        }
        if order_currency != currency {
            other_currencies += 1;
            continue;
        }
        purchases.push(BuyerPurchase { buyer: PartyId(buyer), ordered_at, net_minor: total - refunded });
    }
    Ok((purchases, other_currencies))
}

/// A buyer as the value analyses group and rank them.
#[derive(Debug, Clone, PartialEq)]
pub struct Buyer {
    pub id: PartyId,
    pub name: String,
    pub primary: rapport_domain::classification::Kind,
    pub kinds: std::collections::BTreeSet<rapport_domain::classification::Kind>,
    pub lifecycle: Option<rapport_domain::classification::Lifecycle>,
}

/// Who a segment takes in; every part given must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segment {
    /// A kind of relationship held (among others).
    pub kind: Option<rapport_domain::classification::Kind>,
    pub lifecycle: Option<rapport_domain::classification::Lifecycle>,
    pub tag: Option<String>,
}

/// The live parties of a workspace that have bought, with their
/// classification, in `segment`, and only the `readable` ones when given.
pub async fn buyers(
    exec: Exec<'_>,
    workspace: WorkspaceId,
    segment: &Segment,
    readable: Option<&crate::parties::store::reach::Readable>,
) -> Result<Vec<Buyer>, StoreError> {
    use rapport_domain::classification::Kind;
    use rapport_domain::classification::Lifecycle;
    let rows: Vec<(Uuid, String, String, i64, Option<String>)> = on_conn!(exec, c => {
        let mut query = sqlx::QueryBuilder::new(
            "SELECT p.id, p.name, r.primary_kind, r.kinds, r.lifecycle FROM party_relationships r \
             JOIN parties p ON p.id = r.party_id WHERE r.live AND r.purchase_days > 0 AND r.workspace_id = ",
        );
        query.push_bind(workspace.0);
        if let Some(kind) = segment.kind {
            query.push(" AND (r.kinds & ").push_bind(kind.bit()).push(") <> 0");
        }
        if let Some(lifecycle) = segment.lifecycle {
            query.push(" AND r.lifecycle = ").push_bind(lifecycle.as_str());
        }
        if let Some(tag) = &segment.tag {
            query
                .push(" AND EXISTS (SELECT 1 FROM party_tags t WHERE t.workspace_id = r.workspace_id AND t.tag = ")
                .push_bind(tag.clone())
                .push(" AND t.party_id = r.party_id)");
        }
        if let Some(readable) = readable {
            crate::parties::store::reach::push_readable!(query, "p.id", "p.owner_id", readable);
        }
        query.push(" ORDER BY p.id");
        query.build_query_as().fetch_all(&mut *c).await?
    });
    rows.into_iter()
        .map(|(id, name, primary, kinds, lifecycle)| {
            Ok(Buyer {
                id: PartyId(id),
                name,
                primary: Kind::parse(&primary).map_err(StoreError::corrupt)?,
                kinds: Kind::set_from_bits(kinds),
                lifecycle: lifecycle.map(|l| Lifecycle::parse(&l)).transpose().map_err(StoreError::corrupt)?,
            })
        })
        .collect()
}

/// How many orders of services or professional services each buyer has
/// made that count as purchases.
pub async fn service_orders(
    exec: Exec<'_>,
    workspace: WorkspaceId,
) -> Result<std::collections::HashMap<PartyId, u32>, StoreError> {
    let rows: Vec<(Uuid, i64)> = on_conn!(exec, c => {
        sqlx::query_as(
            "SELECT o.buyer_id, COUNT(DISTINCT o.id) FROM orders o JOIN order_lines l ON l.order_id = o.id \
             JOIN offerings f ON f.id = l.offering_id WHERE o.workspace_id = $1 AND o.deleted_at IS NULL \
             AND o.status NOT IN ('cancelled', 'refunded') AND f.kind IN ('service', 'professional_service') \
             GROUP BY o.buyer_id",
        )
        .bind(workspace.0)
        .fetch_all(&mut *c)
        .await?
    });
    Ok(rows.into_iter().map(|(buyer, n)| (PartyId(buyer), u32::try_from(n).unwrap_or(u32::MAX))).collect())
}
