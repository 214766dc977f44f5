//! Commerce's events on the wire: offerings, orders, and what happens to
//! orders after the sale.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::commerce::adjustment::Adjustment;
use crate::commerce::{Offering, Order, OrderStatus};
use crate::common::money::Money;
use crate::events::{Event, EventType};

/// An amount in a currency's minor units (cents, groszy; rupiah have none).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MoneyV1 {
    pub minor: i64,
    /// ISO 4217, such as `IDR`.
    pub currency: String,
}

impl From<&Money> for MoneyV1 {
    fn from(money: &Money) -> Self {
        Self { minor: money.minor, currency: money.currency.as_str().to_owned() }
    }
}

/// An offering of the catalogue: `offering.created`, `.updated`,
/// `.retired`, `.restored`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfferingV1 {
    pub id: Uuid,
    pub name: String,
    /// `goods`, `service`, `professional_service` or `subscription`.
    pub kind: String,
    pub tailored: bool,
    pub price: MoneyV1,
    pub version: i64,
    pub retired: bool,
}

impl OfferingV1 {
    pub fn event(kind: EventType, offering: &Offering) -> Event {
        let payload = Self {
            id: offering.id.0,
            name: offering.name.clone(),
            kind: offering.kind.as_str().to_owned(),
            tailored: offering.tailored,
            price: (&offering.price).into(),
            version: offering.version,
            retired: offering.deleted_at.is_some(),
        };
        Event::new(kind, offering.id.0, &payload)
    }
}

/// A line of an order placed.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderLineV1 {
    pub offering_id: Uuid,
    pub quantity: u32,
    pub unit_price: MoneyV1,
    pub discount: MoneyV1,
    /// Who uses what was bought, when not the buyer: the consumers.
    pub end_user_ids: Vec<Uuid>,
}

/// An order placed: `order.placed`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderPlacedV1 {
    pub id: Uuid,
    /// Such as `SO-2026-000123`.
    pub number: String,
    pub buyer_id: Uuid,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub ordered_at: OffsetDateTime,
    pub status: String,
    pub channel: Option<String>,
    pub total: MoneyV1,
    pub lines: Vec<OrderLineV1>,
}

impl OrderPlacedV1 {
    pub fn event(order: &Order) -> Event {
        let lines = order
            .lines
            .iter()
            .map(|line| OrderLineV1 {
                offering_id: line.offering_id.0,
                quantity: line.quantity,
                unit_price: (&line.unit_price).into(),
                discount: (&line.discount).into(),
                end_user_ids: line.end_user_ids.iter().map(|id| id.0).collect(),
            })
            .collect();
        let payload = Self {
            id: order.id.0,
            number: order.number.clone(),
            buyer_id: order.buyer_id.0,
            ordered_at: order.ordered_at,
            status: order.status.as_str().to_owned(),
            channel: order.channel.clone(),
            total: (&order.total).into(),
            lines,
        };
        Event::new(EventType::OrderPlaced, order.id.0, &payload)
    }
}

/// An order's status changed: `order.status_changed`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderStatusChangedV1 {
    pub id: Uuid,
    pub number: String,
    pub buyer_id: Uuid,
    pub from: String,
    pub to: String,
}

impl OrderStatusChangedV1 {
    pub fn event(order: &Order, from: OrderStatus) -> Event {
        let payload = Self {
            id: order.id.0,
            number: order.number.clone(),
            buyer_id: order.buyer_id.0,
            from: from.as_str().to_owned(),
            to: order.status.as_str().to_owned(),
        };
        Event::new(EventType::OrderStatusChanged, order.id.0, &payload)
    }
}

/// Money given back, or goods exchanged: `order.refunded`, `order.exchanged`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderAdjustedV1 {
    pub id: Uuid,
    pub order_id: Uuid,
    pub number: String,
    pub buyer_id: Uuid,
    pub amount: MoneyV1,
    pub reason: String,
    /// The order's status after it.
    pub status: String,
}

impl OrderAdjustedV1 {
    pub fn event(kind: EventType, order: &Order, adjustment: &Adjustment) -> Event {
        let payload = Self {
            id: adjustment.id,
            order_id: order.id.0,
            number: order.number.clone(),
            buyer_id: order.buyer_id.0,
            amount: (&adjustment.amount).into(),
            reason: adjustment.reason.clone(),
            status: order.status.as_str().to_owned(),
        };
        Event::new(kind, order.id.0, &payload)
    }
}
