//! What happens to an order after it is placed: its status moves on, and
//! refunds and exchanges are records of their own, linked to the order.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::commerce::{AmountInput, Order, OrderStatus};
use crate::common::ids::{OfferingId, OrderId};
use crate::common::money::Money;
use crate::common::text::clean_line;
use crate::common::validation::{FieldProblem, ValidationErrors};

impl OrderStatus {
    /// The status an order may be moved to by hand. Refunds set `refunded`
    /// and `partially_refunded` themselves; a cancelled order stays so.
    pub fn move_to(self, next: OrderStatus) -> Result<OrderStatus, FieldProblem> {
        use OrderStatus::*;
        // A partial refund does not end the order: what is left of it is
        // still delivered. Money has moved, so it is not cancelled any more.
        let allowed = matches!(
            (self, next),
            (Placed, Paid | Fulfilled | Cancelled) | (Paid, Fulfilled | Cancelled) | (PartiallyRefunded, Fulfilled)
        );
        if allowed {
            Ok(next)
        } else if matches!(next, Refunded | PartiallyRefunded) {
            Err(FieldProblem::new("refund_required", "is set by recording a refund"))
        } else {
            Err(FieldProblem::new(
                "invalid_transition",
                format!("cannot move from {} to {}", self.as_str(), next.as_str()),
            ))
        }
    }
}

/// A refund or an exchange.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdjustmentKind {
    Refund,
    Exchange,
}

impl AdjustmentKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Refund => "refund",
            Self::Exchange => "exchange",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldProblem> {
        match raw {
            "refund" => Ok(Self::Refund),
            "exchange" => Ok(Self::Exchange),
            _ => Err(FieldProblem::new("invalid_kind", "must be refund or exchange")),
        }
    }
}

/// Part of a line given back in an exchange.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Returned {
    /// The line's position in the order, from 0.
    pub line: usize,
    pub quantity: u32,
}

/// What the buyer received instead.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Replacement {
    pub offering_id: OfferingId,
    pub quantity: u32,
}

/// The items of an exchange (none for a refund).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Items {
    pub returned: Vec<Returned>,
    pub replacement: Vec<Replacement>,
}

/// A refund or an exchange as recorded.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adjustment {
    pub id: uuid::Uuid,
    pub order_id: OrderId,
    pub kind: AdjustmentKind,
    /// What was paid back (zero for an exchange).
    pub amount: Money,
    pub reason: String,
    #[serde(flatten)]
    pub items: Items,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub happened_at: OffsetDateTime,
    /// Who recorded it, as the audit log names them.
    pub recorded_by: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
}

/// A refund as a user records it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefundInput {
    /// What is paid back, in the order's currency; everything still
    /// refundable when absent.
    #[serde(default)]
    pub amount: Option<AmountInput>,
    #[cfg_attr(feature = "openapi", schema(format = "line", max_length = 500))]
    pub reason: String,
    /// RFC 3339; now when absent.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub refunded_at: Option<String>,
}

/// An exchange as a user records it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExchangeInput {
    #[cfg_attr(feature = "openapi", schema(min_items = 1))]
    pub returned: Vec<Returned>,
    pub replacement: Vec<Replacement>,
    #[cfg_attr(feature = "openapi", schema(format = "line", max_length = 500))]
    pub reason: String,
    /// RFC 3339; now when absent.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub exchanged_at: Option<String>,
}

fn when(
    raw: &Option<String>,
    field: &str,
    order: &Order,
    now: OffsetDateTime,
    errors: &mut ValidationErrors,
) -> Option<OffsetDateTime> {
    match raw.as_deref().map(str::trim) {
        None | Some("") => Some(now),
        Some(text) => match OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339) {
            Ok(at) if at < order.ordered_at => {
                errors.push(field, "before_order", "must not be before the order");
                None
            }
            Ok(at) if at > now => {
                errors.push(field, "in_future", "must not be in the future");
                None
            }
            Ok(at) => Some(at),
            Err(_) => {
                errors.push(field, "invalid_time", "must be an RFC 3339 time such as 2026-11-24T10:00:00+07:00");
                None
            }
        },
    }
}

/// What a refund does to its order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refund {
    pub amount: Money,
    pub reason: String,
    pub at: OffsetDateTime,
    /// The order's status afterwards.
    pub status: OrderStatus,
}

/// Why an order cannot be refunded or exchanged as it stands: a conflict
/// with its state, not a fault in the request.
pub fn refusal(order: &Order, kind: AdjustmentKind) -> Option<String> {
    match (order.status, kind) {
        (OrderStatus::Cancelled, _) => Some("the order is cancelled: it was never paid".to_owned()),
        (OrderStatus::Placed, AdjustmentKind::Refund) => {
            Some("the order is not paid yet: cancel it instead of refunding it".to_owned())
        }
        (OrderStatus::Refunded, _) => Some("the order is refunded in full already".to_owned()),
        _ => None,
    }
}

impl Refund {
    /// Checks a refund of `order` (one [`refusal`] lets through), of which
    /// `refunded` (minor units) was paid back already: never more than was paid.
    pub fn parse(
        input: &RefundInput,
        order: &Order,
        refunded: i64,
        now: OffsetDateTime,
    ) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let remaining = order.total.minor.saturating_sub(refunded);
        if remaining <= 0 {
            errors.push("amount", "nothing_left", "the order is refunded in full already");
        }
        let amount = match &input.amount {
            None => Some(Money { minor: remaining, currency: order.total.currency.clone() }),
            Some(raw) => errors.take("amount", Money::parse(&raw.text(), order.total.currency.clone())),
        };
        match &amount {
            Some(a) if a.minor <= 0 => errors.push("amount", "not_positive", "must be more than zero"),
            Some(a) if a.minor > remaining && remaining > 0 => errors.push(
                "amount",
                "more_than_paid",
                format!(
                    "must be at most what is left to refund ({})",
                    Money { minor: remaining, currency: a.currency.clone() }.amount()
                ),
            ),
            _ => {}
        }
        let reason = errors.take("reason", clean_line(&input.reason, 500));
        let at = when(&input.refunded_at, "refunded_at", order, now, &mut errors);
        match (amount, reason, at) {
            (Some(amount), Some(reason), Some(at)) if errors.is_empty() => {
                let status =
                    if amount.minor == remaining { OrderStatus::Refunded } else { OrderStatus::PartiallyRefunded };
                Ok(Self { amount, reason, at, status })
            }
            _ => Err(errors),
        }
    }
}

/// A checked exchange.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    pub items: Items,
    pub reason: String,
    pub at: OffsetDateTime,
}

impl Exchange {
    /// Checks an exchange against its order (one [`refusal`] lets through):
    /// lines that exist, no more given back than bought (counting `earlier`
    /// exchanges of the order), something received instead. Whether the
    /// replacements are offerings of the workspace is the caller's to check.
    pub fn parse(
        input: &ExchangeInput,
        order: &Order,
        earlier: &[Adjustment],
        now: OffsetDateTime,
    ) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        if input.returned.is_empty() {
            errors.push("returned", "empty", "must name at least one line given back");
        }
        // What each line has left to give back, as this request uses it up.
        let mut left: Vec<u32> = order.lines.iter().map(|l| l.quantity).collect();
        for back in earlier.iter().flat_map(|a| a.items.returned.iter()) {
            if let Some(n) = left.get_mut(back.line) {
                *n = n.saturating_sub(back.quantity);
            }
        }
        for (i, back) in input.returned.iter().enumerate() {
            match left.get_mut(back.line) {
                None => errors.push(format!("returned[{i}].line"), "not_found", "the order has no such line"),
                Some(n) if back.quantity == 0 || back.quantity > *n => errors.push_problem(
                    format!("returned[{i}].quantity"),
                    FieldProblem::new("out_of_range", format!("must be between 1 and {n}, what is left of the line"))
                        .with("min", 1)
                        .with("max", *n),
                ),
                Some(n) => *n -= back.quantity,
            }
        }
        if input.replacement.is_empty() {
            errors.push("replacement", "empty", "must name what was given instead (a refund pays back instead)");
        }
        for (i, instead) in input.replacement.iter().enumerate() {
            if instead.quantity == 0 {
                errors.push_problem(
                    format!("replacement[{i}].quantity"),
                    FieldProblem::new("out_of_range", "must be at least 1").with("min", 1).with("max", 1_000_000),
                );
            }
        }
        let reason = errors.take("reason", clean_line(&input.reason, 500));
        let at = when(&input.exchanged_at, "exchanged_at", order, now, &mut errors);
        match (reason, at) {
            (Some(reason), Some(at)) if errors.is_empty() => Ok(Self {
                items: Items { returned: input.returned.clone(), replacement: input.replacement.clone() },
                reason,
                at,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;
    use crate::commerce::OrderLine;
    use crate::common::ids::{PartyId, WorkspaceId};
    use crate::common::locale::Currency;

    const NOW: OffsetDateTime = datetime!(2026-11-24 10:00 UTC);

    fn idr(minor: i64) -> Money {
        Money { minor, currency: Currency::parse("IDR").expect("IDR") }
    }

    fn order(status: OrderStatus) -> Order {
        Order {
            id: OrderId(uuid::Uuid::nil()),
            number: "SO-2026-000001".to_owned(),
            workspace_id: WorkspaceId(uuid::Uuid::nil()),
            buyer_id: PartyId(uuid::Uuid::nil()),
            ordered_at: datetime!(2026-11-20 10:00 UTC),
            status,
            channel: None,
            lines: vec![OrderLine {
                offering_id: OfferingId(uuid::Uuid::nil()),
                quantity: 2,
                unit_price: idr(50_000),
                discount: idr(0),
                end_user_ids: vec![],
            }],
            total: idr(100_000),
            version: 1,
            created_at: NOW,
            updated_at: NOW,
        }
    }

    fn refund(amount: Option<&str>) -> RefundInput {
        RefundInput { amount: amount.map(|a| AmountInput::Text(a.into())), reason: "damaged".into(), refunded_at: None }
    }

    #[test]
    fn refunds_pay_back_at_most_what_was_paid_and_set_the_status() {
        let paid = order(OrderStatus::Paid);
        let part = Refund::parse(&refund(Some("300")), &paid, 0, NOW).expect("partial");
        assert_eq!((part.amount.minor, part.status), (30_000, OrderStatus::PartiallyRefunded));
        let rest = Refund::parse(&refund(None), &paid, 30_000, NOW).expect("the rest");
        assert_eq!((rest.amount.minor, rest.status), (70_000, OrderStatus::Refunded));
        let too_much = Refund::parse(&refund(Some("700.01")), &paid, 30_000, NOW).expect_err("too much");
        assert_eq!(too_much.0[0].code, "more_than_paid");
        assert_eq!(Refund::parse(&refund(None), &paid, 100_000, NOW).expect_err("done").0[0].code, "nothing_left");
        assert_eq!(Refund::parse(&refund(Some("0")), &paid, 0, NOW).expect_err("zero").0[0].code, "not_positive");
        let early = RefundInput { refunded_at: Some("2026-11-19T10:00:00Z".into()), ..refund(None) };
        assert_eq!(Refund::parse(&early, &paid, 0, NOW).expect_err("early").0[0].code, "before_order");
        for status in [OrderStatus::Cancelled, OrderStatus::Placed, OrderStatus::Refunded] {
            assert!(refusal(&order(status), AdjustmentKind::Refund).is_some(), "{status:?}");
        }
        assert!(refusal(&order(OrderStatus::PartiallyRefunded), AdjustmentKind::Refund).is_none());
        assert!(refusal(&order(OrderStatus::Placed), AdjustmentKind::Exchange).is_none());
    }

    #[test]
    fn exchanges_give_back_what_was_bought_for_something_else() {
        let paid = order(OrderStatus::Fulfilled);
        let swap = |line, quantity, replacement: Vec<Replacement>| ExchangeInput {
            returned: vec![Returned { line, quantity }],
            replacement,
            reason: "wrong size".into(),
            exchanged_at: None,
        };
        let other = Replacement { offering_id: OfferingId(uuid::Uuid::max()), quantity: 1 };
        let first = Exchange::parse(&swap(0, 1, vec![other.clone()]), &paid, &[], NOW).expect("valid");
        let fields = |e: ValidationErrors| e.0.into_iter().map(|f| f.field).collect::<Vec<_>>();
        let no_line = Exchange::parse(&swap(1, 1, vec![other.clone()]), &paid, &[], NOW).expect_err("no line");
        assert_eq!(fields(no_line), ["returned[0].line"]);
        let too_many = Exchange::parse(&swap(0, 3, vec![]), &paid, &[], NOW).expect_err("too many");
        assert_eq!(fields(too_many), ["returned[0].quantity", "replacement"]);
        // What earlier exchanges gave back is gone: one of the two is left.
        let earlier = Adjustment {
            id: uuid::Uuid::nil(),
            order_id: paid.id,
            kind: AdjustmentKind::Exchange,
            amount: idr(0),
            reason: first.reason,
            items: first.items,
            happened_at: NOW,
            recorded_by: "user:x".into(),
            created_at: NOW,
        };
        let again = swap(0, 1, vec![other.clone()]);
        assert!(Exchange::parse(&again, &paid, std::slice::from_ref(&earlier), NOW).is_ok());
        let twice = ExchangeInput {
            returned: vec![Returned { line: 0, quantity: 1 }, Returned { line: 0, quantity: 1 }],
            ..swap(0, 1, vec![other])
        };
        assert_eq!(
            fields(Exchange::parse(&twice, &paid, &[earlier], NOW).expect_err("twice")),
            ["returned[1].quantity"]
        );
    }

    #[test]
    fn statuses_move_forward_only_and_refunds_are_recorded_not_set() {
        use OrderStatus::*;
        assert_eq!(Placed.move_to(Paid), Ok(Paid));
        assert_eq!(Paid.move_to(Fulfilled), Ok(Fulfilled));
        assert_eq!(Paid.move_to(Cancelled), Ok(Cancelled));
        assert_eq!(Cancelled.move_to(Paid).map_err(|e| e.code), Err("invalid_transition"));
        assert_eq!(Fulfilled.move_to(Paid).map_err(|e| e.code), Err("invalid_transition"));
        assert_eq!(Paid.move_to(Refunded).map_err(|e| e.code), Err("refund_required"));
        assert_eq!(PartiallyRefunded.move_to(Fulfilled), Ok(Fulfilled), "what is left is still delivered");
        assert_eq!(PartiallyRefunded.move_to(Cancelled).map_err(|e| e.code), Err("invalid_transition"));
        assert_eq!(Refunded.move_to(Fulfilled).map_err(|e| e.code), Err("invalid_transition"));
    }
}
