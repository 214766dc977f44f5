//! What happens to orders after they are placed: status, refunds, exchanges.

use rapport_domain::ValidationErrors;
use rapport_domain::access::Action;
use rapport_domain::commerce::adjustment::{
    Adjustment, AdjustmentKind, Exchange, ExchangeInput, Items, Refund, RefundInput, refusal,
};
use rapport_domain::commerce::events::{OrderAdjustedV1, OrderStatusChangedV1};
use rapport_domain::commerce::{Order, OrderStatus};
use rapport_domain::common::ids::{OfferingId, OrderId};
use rapport_domain::common::money::Money;
use rapport_domain::events::{Event, EventType};

use crate::classification::Cause;
use crate::commerce::store;
use crate::commerce::store::adjustments;
use crate::kernel::db::Tx;
use crate::kernel::store::StoreError;
use crate::kernel::versioned::audit_value;
use crate::kernel::versioned::expect_version;
use crate::kernel::{Actor, App, AppError, clock};
use crate::parties::reach::live_party_for;

/// The answer to a write that lost a race for the order: 412 when the
/// caller sent a precondition, 409 when it did not.
fn raced(expected_version: Option<i64>, current_version: i64) -> AppError {
    match expected_version {
        Some(_) => AppError::VersionMismatch { current_version },
        None => AppError::Conflict("the order changed meanwhile; read it again".to_owned()),
    }
}

/// The order as it is after a refund or exchange, with the record that
/// changed it, for the audit log.
fn with_adjustment(order: &Order, adjustment: &Adjustment) -> Result<serde_json::Value, StoreError> {
    let mut after = serde_json::to_value(order).map_err(StoreError::other)?;
    if let Some(fields) = after.as_object_mut() {
        fields.insert("adjustment".to_owned(), serde_json::to_value(adjustment).map_err(StoreError::other)?);
    }
    Ok(after)
}

impl App {
    /// A live order whose buyer the actor may change.
    async fn changeable_order(&self, tx: &mut Tx, actor: &Actor, id: OrderId) -> Result<Order, AppError> {
        let order = store::order(tx.exec(), actor.workspace_id, id).await?.ok_or(AppError::NotFound)?;
        live_party_for(tx, actor, order.buyer_id, Action::Update).await?;
        Ok(order)
    }

    /// Records a change to an order: its new state, the audit entry, and the
    /// classification of everyone it concerns, in one transaction.
    async fn order_changed(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        action: &'static str,
        before: &Order,
        after: &serde_json::Value,
        event: Event,
    ) -> Result<(), AppError> {
        let was = serde_json::to_value(before).map_err(StoreError::other)?;
        let parties: Vec<_> = before.parties().into_iter().collect();
        audit_value(tx, actor, action, "order", before.id.0, Some(&was), Some(after), &parties, event).await?;
        let what = format!("order.{action}");
        self.refresh_relationships(tx, actor.workspace_id, &parties, Cause { what: &what, actor: &actor.label })
            .await?;
        Ok(())
    }

    /// Moves an order on (paid, fulfilled, cancelled), if it is at
    /// `expected_version` (when given).
    pub async fn set_order_status(
        &self,
        actor: &Actor,
        id: OrderId,
        expected_version: Option<i64>,
        status: &str,
    ) -> Result<Order, AppError> {
        let next = OrderStatus::parse(status).map_err(|p| p.at("status"))?;
        let mut tx = self.begin().await?;
        let order = self.changeable_order(&mut tx, actor, id).await?;
        expect_version(order.version, expected_version)?;
        if next == order.status {
            return Ok(order);
        }
        let next = order.status.move_to(next).map_err(|p| p.at("status"))?;
        let now = self.now();
        if !adjustments::set_status(tx.exec(), id, next, order.version, now).await? {
            return Err(raced(expected_version, order.version + 1));
        }
        let changed = Order { status: next, version: order.version + 1, updated_at: now, ..order.clone() };
        let after = serde_json::to_value(&changed).map_err(StoreError::other)?;
        let event = OrderStatusChangedV1::event(&changed, order.status);
        self.order_changed(&mut tx, actor, "status", &order, &after, event).await?;
        tx.commit().await?;
        Ok(changed)
    }

    /// Records a refund of an order; the order becomes refunded or partially
    /// refunded, and its buyer's classification follows.
    pub async fn refund_order(&self, actor: &Actor, id: OrderId, input: &RefundInput) -> Result<Adjustment, AppError> {
        let mut tx = self.begin().await?;
        let order = self.changeable_order(&mut tx, actor, id).await?;
        if let Some(why) = refusal(&order, AdjustmentKind::Refund) {
            return Err(AppError::Conflict(why));
        }
        let earlier = adjustments::of_order(tx.exec(), actor.workspace_id, id).await?;
        let refunded: i64 = earlier
            .iter()
            .filter(|a| a.kind == AdjustmentKind::Refund)
            .map(|a| a.amount.minor)
            .fold(0, i64::saturating_add);
        let now = self.now();
        let refund = Refund::parse(input, &order, refunded, now)?;
        let adjustment = Adjustment {
            id: clock::new_id(),
            order_id: id,
            kind: AdjustmentKind::Refund,
            amount: refund.amount,
            reason: refund.reason,
            items: Items::default(),
            happened_at: clock::stored(refund.at),
            recorded_by: actor.label.clone(),
            created_at: now,
        };
        adjustments::insert(tx.exec(), actor.workspace_id, &adjustment).await?;
        if !adjustments::set_status(tx.exec(), id, refund.status, order.version, now).await? {
            return Err(raced(None, order.version + 1));
        }
        let changed = Order { status: refund.status, version: order.version + 1, updated_at: now, ..order.clone() };
        let after = with_adjustment(&changed, &adjustment)?;
        let event = OrderAdjustedV1::event(EventType::OrderRefunded, &changed, &adjustment);
        self.order_changed(&mut tx, actor, "refund", &order, &after, event).await?;
        tx.commit().await?;
        Ok(adjustment)
    }

    /// Records an exchange: goods given back for others. The order stays a
    /// purchase; its classification does not change.
    pub async fn exchange_order(
        &self,
        actor: &Actor,
        id: OrderId,
        input: &ExchangeInput,
    ) -> Result<Adjustment, AppError> {
        let mut tx = self.begin().await?;
        let order = self.changeable_order(&mut tx, actor, id).await?;
        if let Some(why) = refusal(&order, AdjustmentKind::Exchange) {
            return Err(AppError::Conflict(why));
        }
        let now = self.now();
        let earlier = adjustments::of_order(tx.exec(), actor.workspace_id, id).await?;
        let exchange = Exchange::parse(input, &order, &earlier, now)?;
        let ids: Vec<OfferingId> = exchange.items.replacement.iter().map(|r| r.offering_id).collect();
        let known = store::prices(tx.exec(), actor.workspace_id, &ids).await?;
        let mut errors = ValidationErrors::new();
        for (i, id) in ids.iter().enumerate() {
            if !known.contains_key(id) {
                errors.push(format!("replacement[{i}].offering_id"), "not_found", "no such offering");
            }
        }
        if !errors.is_empty() {
            return Err(errors.into());
        }
        let adjustment = Adjustment {
            id: clock::new_id(),
            order_id: id,
            kind: AdjustmentKind::Exchange,
            amount: Money { minor: 0, currency: order.total.currency.clone() },
            reason: exchange.reason,
            items: exchange.items,
            happened_at: clock::stored(exchange.at),
            recorded_by: actor.label.clone(),
            created_at: now,
        };
        adjustments::insert(tx.exec(), actor.workspace_id, &adjustment).await?;
        // A new version of the order, so that a concurrent refund or exchange
        // read from the old one loses its race instead of passing unseen.
        if !adjustments::set_status(tx.exec(), id, order.status, order.version, now).await? {
            return Err(raced(None, order.version + 1));
        }
        let changed = Order { version: order.version + 1, updated_at: now, ..order.clone() };
        let after = with_adjustment(&changed, &adjustment)?;
        let was = serde_json::to_value(&order).map_err(StoreError::other)?;
        let parties: Vec<_> = order.parties().into_iter().collect();
        let event = OrderAdjustedV1::event(EventType::OrderExchanged, &changed, &adjustment);
        audit_value(&mut tx, actor, "exchange", "order", id.0, Some(&was), Some(&after), &parties, event).await?;
        tx.commit().await?;
        Ok(adjustment)
    }

    /// The refunds and exchanges of an order, to those who may read its buyer.
    pub async fn order_adjustments(&self, actor: &Actor, id: OrderId) -> Result<Vec<Adjustment>, AppError> {
        self.order(actor, id).await?;
        let mut conn = self.db().acquire().await?;
        Ok(adjustments::of_order(conn.exec(), actor.workspace_id, id).await?)
    }
}
