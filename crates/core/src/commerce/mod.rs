//! Use cases of offerings and orders, and a party's relationship to the
//! business as the engine reads it from them.

pub mod adjustments;
pub mod store;

use rapport_domain::ValidationErrors;
use rapport_domain::access::{Action, Resource};
use rapport_domain::commerce::events::{OfferingV1, OrderPlacedV1};
use rapport_domain::commerce::{
    NewOffering, NewOrder, Offering, OfferingInput, OfferingPatch, Order, OrderInput, OrderLine, order_number,
};
use rapport_domain::common::ids::{OfferingId, OrderId, PartyId};
use rapport_domain::common::money::Money;
use rapport_domain::events::EventType;

use crate::classification::Cause;
use crate::kernel::access::check_any;
use crate::kernel::store::StoreError;
use crate::kernel::versioned::audit_value;
use crate::kernel::versioned::{expect_version, lost_race};
use crate::kernel::{Actor, App, AppError, clock};
use crate::parties::reach::{live_party_for, visible_party};
use crate::workspaces::store as workspaces;

impl App {
    /// Adds an offering to the workspace's catalogue (a change to the workspace).
    pub async fn create_offering(&self, actor: &Actor, input: &OfferingInput) -> Result<Offering, AppError> {
        check_any(actor, Resource::Workspace, Action::Update)?;
        let workspace = self.workspace(actor).await?;
        let new = NewOffering::parse(input, &workspace.settings.currency)?;
        let now = self.now();
        let offering = Offering {
            id: OfferingId(clock::new_id()),
            workspace_id: actor.workspace_id,
            name: new.name,
            kind: new.kind,
            tailored: new.tailored,
            price: new.price,
            version: 1,
            created_at: now,
            updated_at: now,
            deleted_at: None,
        };
        let mut tx = self.begin().await?;
        store::insert_offering(tx.exec(), &offering).await?;
        let after = serde_json::to_value(&offering).map_err(StoreError::other)?;
        let event = OfferingV1::event(EventType::OfferingCreated, &offering);
        audit_value(&mut tx, actor, "create", "offering", offering.id.0, None, Some(&after), &[], event).await?;
        tx.commit().await?;
        Ok(offering)
    }

    /// The catalogue: the live offerings, or with `retired` the retired ones.
    pub async fn offerings(&self, actor: &Actor, retired: bool) -> Result<Vec<Offering>, AppError> {
        check_any(actor, Resource::Workspace, Action::Read)?;
        let mut conn = self.db().acquire().await?;
        Ok(store::offerings(conn.exec(), actor.workspace_id, retired).await?)
    }

    /// An offering, retired or not.
    pub async fn offering(&self, actor: &Actor, id: OfferingId) -> Result<Offering, AppError> {
        check_any(actor, Resource::Workspace, Action::Read)?;
        let mut conn = self.db().acquire().await?;
        store::offering(conn.exec(), actor.workspace_id, id).await?.ok_or(AppError::NotFound)
    }

    /// Renames an offering or changes its list price, if it is still at
    /// `expected_version` (when given). Past orders keep their prices.
    pub async fn update_offering(
        &self,
        actor: &Actor,
        id: OfferingId,
        expected_version: Option<i64>,
        patch: &OfferingPatch,
    ) -> Result<Offering, AppError> {
        self.change_offering(actor, id, expected_version, "update", |current| {
            if current.deleted_at.is_some() {
                return Err(AppError::Conflict("a retired offering is restored before it is changed".into()));
            }
            Ok(patch.apply(current)?)
        })
        .await
    }

    /// Retires an offering from the catalogue (softly: it can be restored).
    pub async fn retire_offering(
        &self,
        actor: &Actor,
        id: OfferingId,
        expected_version: Option<i64>,
    ) -> Result<Offering, AppError> {
        let now = self.now();
        self.change_offering(actor, id, expected_version, "delete", |current| {
            Ok(Offering { deleted_at: current.deleted_at.or(Some(now)), ..current.clone() })
        })
        .await
    }

    /// Brings a retired offering back into the catalogue.
    pub async fn restore_offering(&self, actor: &Actor, id: OfferingId) -> Result<Offering, AppError> {
        self.change_offering(actor, id, None, "restore", |current| Ok(Offering { deleted_at: None, ..current.clone() }))
            .await
    }

    /// Applies `change` to an offering at `expected_version` (when given) in
    /// one transaction, audited; a change that changes nothing is no new version.
    async fn change_offering(
        &self,
        actor: &Actor,
        id: OfferingId,
        expected_version: Option<i64>,
        action: &'static str,
        change: impl FnOnce(&Offering) -> Result<Offering, AppError>,
    ) -> Result<Offering, AppError> {
        check_any(actor, Resource::Workspace, Action::Update)?;
        let mut tx = self.begin().await?;
        let current = store::offering(tx.exec(), actor.workspace_id, id).await?.ok_or(AppError::NotFound)?;
        expect_version(current.version, expected_version)?;
        let mut next = change(&current)?;
        if next == current {
            return Ok(current);
        }
        next.version = current.version + 1;
        next.updated_at = self.now();
        if !store::update_offering(tx.exec(), &next, current.version).await? {
            let now_at = store::offering(tx.exec(), actor.workspace_id, id).await?.map(|o| o.version);
            return Err(lost_race(now_at));
        }
        let before = serde_json::to_value(&current).map_err(StoreError::other)?;
        let after = serde_json::to_value(&next).map_err(StoreError::other)?;
        let kind = match action {
            "delete" => EventType::OfferingRetired,
            "restore" => EventType::OfferingRestored,
            _ => EventType::OfferingUpdated,
        };
        let event = OfferingV1::event(kind, &next);
        audit_value(&mut tx, actor, action, "offering", id.0, Some(&before), Some(&after), &[], event).await?;
        tx.commit().await?;
        Ok(next)
    }

    /// Records an order: a change to its buyer's record. Its buyer and end
    /// users must be live parties the actor can see.
    pub async fn create_order(&self, actor: &Actor, input: &OrderInput) -> Result<Order, AppError> {
        let mut tx = self.begin().await?;
        let workspace = workspaces::get(tx.exec(), actor.workspace_id).await?.ok_or(AppError::NotFound)?;
        let ids: Vec<OfferingId> = input.lines.iter().map(|l| l.offering_id).collect();
        let prices = store::prices(tx.exec(), actor.workspace_id, &ids).await?;
        let new = NewOrder::parse(input, &prices, &workspace.settings.currency, self.now())?;
        let Some((_, access)) = visible_party(tx.exec(), actor, new.buyer_id).await? else {
            return Err(ValidationErrors::single("buyer_id", "not_found", "no such party").into());
        };
        access.check(Action::Update)?;
        let mut errors = ValidationErrors::new();
        for (i, line) in new.lines.iter().enumerate() {
            for (j, user) in line.end_user_ids.iter().enumerate() {
                if visible_party(tx.exec(), actor, *user).await?.is_none() {
                    errors.push(format!("lines[{i}].end_user_ids[{j}]"), "not_found", "no such party");
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors.into());
        }
        let now = self.now();
        let currency = workspace.settings.currency.clone();
        let total = new.lines.iter().map(|l| l.total_minor()).fold(0i64, i64::saturating_add);
        // Numbered by the year of the day the order falls on where the business is.
        let year = workspace.settings.time_zone.date_of(new.ordered_at).year();
        let sequence = store::next_order_sequence(tx.exec(), actor.workspace_id, year).await?;
        let order = Order {
            id: OrderId(clock::new_id()),
            number: order_number(year, sequence),
            workspace_id: actor.workspace_id,
            buyer_id: new.buyer_id,
            ordered_at: clock::stored(new.ordered_at),
            status: new.status,
            channel: new.channel.clone(),
            lines: new
                .lines
                .iter()
                .map(|l| {
                    // In the order a read gives them back.
                    let mut end_user_ids = l.end_user_ids.clone();
                    end_user_ids.sort();
                    OrderLine {
                        offering_id: l.offering_id,
                        quantity: l.quantity,
                        unit_price: l.unit_price.clone(),
                        discount: l.discount.clone(),
                        end_user_ids,
                    }
                })
                .collect(),
            total: Money { minor: total, currency },
            version: 1,
            created_at: now,
            updated_at: now,
        };
        store::insert_order(tx.exec(), &order).await?;
        let after = serde_json::to_value(&order).map_err(StoreError::other)?;
        let concerned: Vec<PartyId> = new.parties().into_iter().collect();
        let event = OrderPlacedV1::event(&order);
        audit_value(&mut tx, actor, "create", "order", order.id.0, None, Some(&after), &concerned, event).await?;
        let cause = Cause { what: "order.create", actor: &actor.label };
        self.refresh_relationships(&mut tx, actor.workspace_id, &concerned, cause).await?;
        tx.commit().await?;
        Ok(order)
    }

    /// An order, to those who may read its buyer.
    /// The orders a party bought, newest first (at most `limit`), to those
    /// who may read the party.
    pub async fn orders_of(&self, actor: &Actor, buyer: PartyId, limit: u32) -> Result<Vec<Order>, AppError> {
        let mut tx = self.begin_read().await?;
        live_party_for(&mut tx, actor, buyer, Action::Read).await?;
        let mut found = Vec::new();
        for id in store::orders_of(tx.exec(), actor.workspace_id, buyer, limit).await? {
            found.extend(store::order(tx.exec(), actor.workspace_id, id).await?);
        }
        Ok(found)
    }

    pub async fn order(&self, actor: &Actor, id: OrderId) -> Result<Order, AppError> {
        let mut tx = self.begin_read().await?;
        let order = store::order(tx.exec(), actor.workspace_id, id).await?.ok_or(AppError::NotFound)?;
        // An order is part of its buyer's record: it goes where the buyer goes.
        live_party_for(&mut tx, actor, order.buyer_id, Action::Read).await?;
        Ok(order)
    }

    /// The order with `number` (`SO-2026-000123`), to those who may read its
    /// buyer; none when there is no such order or it is not theirs to see.
    pub async fn order_numbered(&self, actor: &Actor, number: &str) -> Result<Option<Order>, AppError> {
        let found = {
            let mut tx = self.begin_read().await?;
            store::order_numbered(tx.exec(), actor.workspace_id, number).await?
        };
        match found {
            None => Ok(None),
            Some(id) => match self.order(actor, id).await {
                Err(AppError::NotFound | AppError::Forbidden) => Ok(None),
                other => other.map(Some),
            },
        }
    }
}
