//! Offerings and orders: what the business sells, who buys it, and who uses it.

pub mod adjustment;
pub mod events;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::common::ids::{OfferingId, OrderId, PartyId, WorkspaceId};
use crate::common::locale::Currency;
use crate::common::money::Money;
use crate::common::text::clean_line;
use crate::common::validation::{FieldProblem, ValidationErrors};

impl OfferingKind {
    pub fn parse(raw: &str) -> Result<Self, FieldProblem> {
        match raw.trim() {
            "goods" => Ok(Self::Goods),
            "service" => Ok(Self::Service),
            "professional_service" => Ok(Self::ProfessionalService),
            "subscription" => Ok(Self::Subscription),
            _ => Err(FieldProblem::new("invalid_kind", "must be goods, service, professional_service or subscription")),
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Goods => "goods",
            Self::Service => "service",
            Self::ProfessionalService => "professional_service",
            Self::Subscription => "subscription",
        }
    }
}

/// The kind of thing an offering is.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OfferingKind {
    Goods,
    Service,
    ProfessionalService,
    Subscription,
}

/// An amount as given: a JSON number or a decimal string.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum AmountInput {
    Text(String),
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    Number(serde_json::Number),
}

impl AmountInput {
    pub(crate) fn text(&self) -> String {
        match self {
            Self::Text(text) => text.clone(),
            Self::Number(number) => number.to_string(),
        }
    }
}

/// The validated parts of a new offering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOffering {
    pub name: String,
    pub kind: OfferingKind,
    /// Made to the buyer's measure (a client's typical purchase) or ready-made.
    pub tailored: bool,
    pub price: Money,
}

/// An offering as a user submits it. The price is in the workspace's currency
/// unless another is named.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfferingInput {
    #[cfg_attr(feature = "openapi", schema(format = "line", max_length = 200))]
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = OfferingKind))]
    pub kind: String,
    #[serde(default)]
    pub tailored: bool,
    pub price: AmountInput,
    #[serde(default)]
    pub currency: Option<String>,
}

impl NewOffering {
    pub fn parse(input: &OfferingInput, default_currency: &Currency) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let name = errors.take("name", clean_line(&input.name, 200));
        let kind = errors.take("kind", OfferingKind::parse(&input.kind));
        let currency = match &input.currency {
            None => Some(default_currency.clone()),
            Some(code) => errors.take("currency", Currency::parse(code)),
        };
        let price = currency.and_then(|c| errors.take("price", Money::parse(&input.price.text(), c)));
        if price.as_ref().is_some_and(|p| p.minor < 0) {
            errors.push("price", "negative", "must not be negative");
        }
        match (name, kind, price) {
            (Some(name), Some(kind), Some(price)) if errors.is_empty() => {
                Ok(Self { name, kind, tailored: input.tailored, price })
            }
            _ => Err(errors),
        }
    }
}

/// Where an order stands.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    Placed,
    Paid,
    Fulfilled,
    Cancelled,
    Refunded,
    PartiallyRefunded,
}

impl OrderStatus {
    pub fn parse(raw: &str) -> Result<Self, FieldProblem> {
        match raw.trim() {
            "placed" => Ok(Self::Placed),
            "paid" => Ok(Self::Paid),
            "fulfilled" => Ok(Self::Fulfilled),
            "cancelled" => Ok(Self::Cancelled),
            "refunded" => Ok(Self::Refunded),
            "partially_refunded" => Ok(Self::PartiallyRefunded),
            _ => Err(FieldProblem::new(
                "invalid_status",
                "must be placed, paid, fulfilled, cancelled, refunded or partially_refunded",
            )),
        }
    }

    /// Whether the order is a purchase the buyer made (a cancelled or fully
    /// refunded one is not).
    pub fn counts_as_purchase(&self) -> bool {
        !matches!(self, Self::Cancelled | Self::Refunded)
    }
}

/// A line of a new order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrderLine {
    pub offering_id: OfferingId,
    pub quantity: u32,
    pub unit_price: Money,
    pub discount: Money,
    /// The consumers who use what this line bought.
    pub end_user_ids: Vec<PartyId>,
}

impl NewOrderLine {
    /// Quantity × unit price − discount.
    pub fn total_minor(&self) -> i64 {
        i64::from(self.quantity).saturating_mul(self.unit_price.minor).saturating_sub(self.discount.minor)
    }
}

/// The validated parts of a new order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrder {
    pub buyer_id: PartyId,
    pub ordered_at: OffsetDateTime,
    pub status: OrderStatus,
    pub channel: Option<String>,
    pub lines: Vec<NewOrderLine>,
}

/// A line as a user submits it: the offering's price applies unless another is given.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderLineInput {
    pub offering_id: OfferingId,
    #[serde(default = "one")]
    pub quantity: u32,
    #[serde(default)]
    pub unit_price: Option<AmountInput>,
    #[serde(default)]
    pub discount: Option<AmountInput>,
    #[serde(default)]
    pub end_user_ids: Vec<PartyId>,
}

fn one() -> u32 {
    1
}

/// An order as a user submits it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderInput {
    pub buyer_id: PartyId,
    /// RFC 3339, such as `2026-11-24T10:00:00+07:00`.
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub ordered_at: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(pattern = "^(placed|paid|fulfilled|cancelled)$"))]
    pub status: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = "line-or-blank", max_length = 50))]
    pub channel: Option<String>,
    #[cfg_attr(feature = "openapi", schema(min_items = 1))]
    pub lines: Vec<OrderLineInput>,
}

/// Lines an order may have.
pub const MAX_LINES: usize = 500;

impl NewOrder {
    /// Validates an order against the offerings it names (their prices, by
    /// id) and the currency orders are kept in; `now` bounds `ordered_at`.
    pub fn parse(
        input: &OrderInput,
        offerings: &BTreeMap<OfferingId, Money>,
        currency: &Currency,
        now: OffsetDateTime,
    ) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let ordered_at = errors.take(
            "ordered_at",
            OffsetDateTime::parse(input.ordered_at.trim(), &time::format_description::well_known::Rfc3339).map_err(
                |_| FieldProblem::new("invalid_time", "must be a time as RFC 3339, such as 2026-11-24T10:00:00Z"),
            ),
        );
        if ordered_at.is_some_and(|at| at > now + time::Duration::days(1)) {
            errors.push("ordered_at", "in_future", "must not be in the future");
        }
        let status = match &input.status {
            None => Some(OrderStatus::Placed),
            Some(raw) => match errors.take("status", OrderStatus::parse(raw)) {
                // A refund is a record of its own, made after the order.
                Some(OrderStatus::Refunded | OrderStatus::PartiallyRefunded) => {
                    errors.push("status", "refund_required", "record a refund of the order instead");
                    None
                }
                other => other,
            },
        };
        let channel =
            errors.take("channel", crate::common::text::optional_line(input.channel.as_deref(), 50)).flatten();
        if input.lines.is_empty() {
            errors.push("lines", "required", "an order has at least one line");
        }
        if input.lines.len() > MAX_LINES {
            errors.push("lines", "too_many", format!("at most {MAX_LINES} lines"));
        }
        let mut lines = Vec::with_capacity(input.lines.len());
        for (i, line) in input.lines.iter().enumerate() {
            let field = |name: &str| format!("lines[{i}].{name}");
            let Some(list_price) = offerings.get(&line.offering_id) else {
                errors.push(field("offering_id"), "not_found", "no such offering");
                continue;
            };
            if !(1..=1_000_000).contains(&line.quantity) {
                errors.push_problem(
                    field("quantity"),
                    FieldProblem::new("out_of_range", "must be between 1 and 1000000")
                        .with("min", 1)
                        .with("max", 1_000_000),
                );
            }
            let unit_price = match &line.unit_price {
                None if list_price.currency == *currency => Some(list_price.clone()),
                None => {
                    errors.push(field("unit_price"), "required", "the offering is priced in another currency");
                    None
                }
                Some(amount) => errors.take(field("unit_price"), Money::parse(&amount.text(), currency.clone())),
            };
            let discount = match &line.discount {
                None => Some(Money { minor: 0, currency: currency.clone() }),
                Some(amount) => errors.take(field("discount"), Money::parse(&amount.text(), currency.clone())),
            };
            let unique: BTreeSet<_> = line.end_user_ids.iter().collect();
            if unique.len() != line.end_user_ids.len() {
                errors.push(field("end_user_ids"), "duplicate", "names a party twice");
            }
            if let (Some(unit_price), Some(discount)) = (unit_price, discount) {
                let line = NewOrderLine {
                    offering_id: line.offering_id,
                    quantity: line.quantity,
                    unit_price,
                    discount,
                    end_user_ids: line.end_user_ids.clone(),
                };
                if line.unit_price.minor < 0 {
                    errors.push(field("unit_price"), "negative", "must not be negative");
                } else if line.discount.minor < 0 {
                    errors.push(field("discount"), "negative", "must not be negative");
                } else if line.total_minor() < 0 {
                    errors.push(field("discount"), "too_large", "must not exceed the line's price");
                }
                lines.push(line);
            }
        }
        match (ordered_at, status) {
            (Some(ordered_at), Some(status)) if errors.is_empty() => {
                Ok(Self { buyer_id: input.buyer_id, ordered_at, status, channel, lines })
            }
            _ => Err(errors),
        }
    }

    /// Every party the order concerns: its buyer and its end users.
    pub fn parties(&self) -> BTreeSet<PartyId> {
        concerned(self.buyer_id, self.lines.iter().map(|l| l.end_user_ids.as_slice()))
    }
}

/// A buyer and the end users of an order's lines, once each.
fn concerned<'a>(buyer: PartyId, end_users: impl Iterator<Item = &'a [PartyId]>) -> BTreeSet<PartyId> {
    let mut parties: BTreeSet<PartyId> = end_users.flatten().copied().collect();
    parties.insert(buyer);
    parties
}

/// An offering as stored.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Offering {
    pub id: OfferingId,
    pub workspace_id: WorkspaceId,
    pub name: String,
    pub kind: OfferingKind,
    pub tailored: bool,
    pub price: Money,
    pub version: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    /// When it was retired from the catalogue: no new order takes it, past
    /// orders keep it with the price they were sold at.
    #[serde(with = "time::serde::rfc3339::option")]
    pub deleted_at: Option<OffsetDateTime>,
}

/// A change of an offering: its name and its list price. What it is (its
/// kind, and whether it is tailored) stays, since its past orders were
/// classified by it; an offering that was something else is retired and a
/// new one made. A new price applies to new orders only: each order line
/// keeps the price it was sold at.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfferingPatch {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = "line", max_length = 200))]
    pub name: Option<String>,
    /// In the offering's own currency.
    #[serde(default)]
    pub price: Option<AmountInput>,
}

impl OfferingPatch {
    /// `current` with this change applied.
    pub fn apply(&self, current: &Offering) -> Result<Offering, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let name = match &self.name {
            Some(name) => errors.take("name", clean_line(name, 200)),
            None => Some(current.name.clone()),
        };
        let price = match &self.price {
            Some(price) => errors.take("price", Money::parse(&price.text(), current.price.currency.clone())),
            None => Some(current.price.clone()),
        };
        if price.as_ref().is_some_and(|p| p.minor < 0) {
            errors.push("price", "negative", "must not be negative");
        }
        match (name, price) {
            (Some(name), Some(price)) if errors.is_empty() => Ok(Offering { name, price, ..current.clone() }),
            _ => Err(errors),
        }
    }
}

/// A line of an order as stored.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrderLine {
    pub offering_id: OfferingId,
    pub quantity: u32,
    pub unit_price: Money,
    pub discount: Money,
    pub end_user_ids: Vec<PartyId>,
}

/// An order as stored.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Order {
    pub id: OrderId,
    /// The number people read out and search for, such as `SO-2026-000123`:
    /// counted per workspace and year.
    pub number: String,
    pub workspace_id: WorkspaceId,
    pub buyer_id: PartyId,
    #[serde(with = "time::serde::rfc3339")]
    pub ordered_at: OffsetDateTime,
    pub status: OrderStatus,
    pub channel: Option<String>,
    pub lines: Vec<OrderLine>,
    pub total: Money,
    pub version: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl Order {
    /// Every party the order concerns: its buyer and its end users.
    pub fn parties(&self) -> BTreeSet<PartyId> {
        concerned(self.buyer_id, self.lines.iter().map(|l| l.end_user_ids.as_slice()))
    }
}

impl Order {
    /// How pages and explanations name the order: its number.
    pub fn reference(&self) -> String {
        self.number.clone()
    }
}

/// The number of the `sequence`th order of `year` in a workspace:
/// `SO-2026-000123`. Six digits keep a year's numbers sorting as text; a
/// busier year simply gets longer numbers.
pub fn order_number(year: i32, sequence: i64) -> String {
    format!("SO-{year}-{sequence:06}")
}

impl OrderStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Placed => "placed",
            Self::Paid => "paid",
            Self::Fulfilled => "fulfilled",
            Self::Cancelled => "cancelled",
            Self::Refunded => "refunded",
            Self::PartiallyRefunded => "partially_refunded",
        }
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;
    use uuid::Uuid;

    use super::*;

    fn idr() -> Currency {
        Currency::parse("IDR").expect("currency")
    }

    #[test]
    fn order_numbers_read_by_year_and_sort_as_text() {
        assert_eq!(order_number(2026, 123), "SO-2026-000123");
        assert!(order_number(2026, 9) < order_number(2026, 10));
        assert_eq!(order_number(2027, 1_234_567), "SO-2027-1234567");
    }

    fn offering() -> (OfferingId, BTreeMap<OfferingId, Money>) {
        let id = OfferingId(Uuid::now_v7());
        (id, BTreeMap::from([(id, Money { minor: 2_500_000, currency: idr() })]))
    }

    fn line(offering_id: OfferingId) -> OrderLineInput {
        OrderLineInput { offering_id, quantity: 2, unit_price: None, discount: None, end_user_ids: vec![] }
    }

    fn input(lines: Vec<OrderLineInput>) -> OrderInput {
        OrderInput {
            buyer_id: PartyId(Uuid::now_v7()),
            ordered_at: "2026-11-20T10:00:00+07:00".into(),
            status: None,
            channel: Some("web".into()),
            lines,
        }
    }

    const NOW: OffsetDateTime = datetime!(2026-11-24 10:00 UTC);

    #[test]
    fn offerings_are_priced_exactly_in_the_workspace_currency() {
        let input = OfferingInput {
            name: " Legal retainer ".into(),
            kind: "professional_service".into(),
            tailored: true,
            price: AmountInput::Text("15000000".into()),
            currency: None,
        };
        let offering = NewOffering::parse(&input, &idr()).expect("valid");
        assert_eq!(
            (offering.name.as_str(), offering.kind, offering.price.minor),
            ("Legal retainer", OfferingKind::ProfessionalService, 1_500_000_000)
        );
        let bad = OfferingInput { kind: "vibes".into(), price: AmountInput::Text("-1".into()), ..input };
        let fields: Vec<_> =
            NewOffering::parse(&bad, &idr()).expect_err("invalid").0.into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["kind", "price"]);
    }

    #[test]
    fn an_order_takes_list_prices_and_names_the_line_at_fault() {
        let (id, prices) = offering();
        let mut with_user = line(id);
        with_user.end_user_ids = vec![PartyId(Uuid::now_v7())];
        let order = NewOrder::parse(&input(vec![with_user]), &prices, &idr(), NOW).expect("valid");
        assert_eq!((order.status, order.lines[0].total_minor()), (OrderStatus::Placed, 5_000_000));
        assert_eq!(order.parties().len(), 2);

        let unknown = line(OfferingId(Uuid::now_v7()));
        let zero = OrderLineInput { quantity: 0, ..line(id) };
        let greedy = OrderLineInput { discount: Some(AmountInput::Text("60000".into())), ..line(id) };
        let twice_user = PartyId(Uuid::now_v7());
        let twice = OrderLineInput { end_user_ids: vec![twice_user, twice_user], ..line(id) };
        let mut bad = input(vec![unknown, zero, greedy, twice]);
        bad.status = Some("shipped".into());
        bad.ordered_at = "yesterday".into();
        let fields: Vec<_> =
            NewOrder::parse(&bad, &prices, &idr(), NOW).expect_err("invalid").0.into_iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "ordered_at",
                "status",
                "lines[0].offering_id",
                "lines[1].quantity",
                "lines[2].discount",
                "lines[3].end_user_ids"
            ]
        );
        assert!(NewOrder::parse(&input(vec![]), &prices, &idr(), NOW).is_err());
    }

    #[test]
    fn refunds_and_cancellations_are_no_purchase() {
        assert!(OrderStatus::PartiallyRefunded.counts_as_purchase());
        assert!(!OrderStatus::Refunded.counts_as_purchase());
        assert!(!OrderStatus::Cancelled.counts_as_purchase());
    }
}
