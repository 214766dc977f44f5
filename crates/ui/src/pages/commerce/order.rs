//! An order's own page: its lines with their prices and discounts, the
//! total, who uses what was bought (each once), its refunds and exchanges,
//! its history, and the moves a member who may change it can make: paid,
//! fulfilled, cancelled, a refund typed as the reader writes amounts, or an
//! exchange of some of what was bought for something else.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use rapport_core::AppError;
use rapport_domain::ValidationErrors;
use rapport_domain::access::Action;
use rapport_domain::commerce::adjustment::{
    Adjustment, AdjustmentKind, ExchangeInput, RefundInput, Replacement, Returned,
};
use rapport_domain::commerce::{AmountInput, Order, OrderStatus};
use rapport_domain::common::ids::{OfferingId, OrderId, PartyId};
use rapport_web::AppState;
use time::OffsetDateTime;

use crate::context::{Section, Ui};
use crate::errors::{ErrorPage, refusal, render, with_status};
use crate::fields::Fields;
use crate::form::{Form, Posted};
use crate::pages::record_id;
use crate::pages::timeline::{LinkView, TimelineItem, names, who};
use crate::viewer::Viewer;

/// A line as the page shows it.
pub struct LineView {
    pub offering: String,
    pub quantity: u32,
    pub unit_price: i64,
    pub discount: i64,
    pub total: i64,
}

/// A refund or an exchange as the page shows it.
pub struct AdjustmentView {
    pub refund: bool,
    pub amount: i64,
    pub reason: String,
    pub at: OffsetDateTime,
    /// For an exchange, what went back and what came instead:
    /// `2 × Haircut → 1 × Creambath`.
    pub swap: String,
}

#[derive(Template)]
#[template(path = "commerce/order.html")]
pub struct OrderPage {
    pub ui: Ui,
    pub id: String,
    pub reference: String,
    pub buyer: LinkView,
    pub ordered_at: OffsetDateTime,
    pub status: String,
    pub channel: Option<String>,
    pub lines: Vec<LineView>,
    pub total: i64,
    /// What is left to refund.
    pub refundable: i64,
    /// Everyone who uses what was bought, each once.
    pub end_users: Vec<LinkView>,
    pub adjustments: Vec<AdjustmentView>,
    pub timeline: Vec<TimelineItem>,
    /// The statuses the order may be moved to by hand, if the reader may.
    pub moves: Vec<&'static str>,
    pub can_refund: bool,
    /// Whether an exchange may be recorded, and what may be given instead.
    pub can_exchange: bool,
    pub offerings: Vec<(String, String)>,
    pub version: i64,
    /// What was typed in the form that was refused, by field.
    pub typed: BTreeMap<String, String>,
    pub errors: Fields,
}

impl OrderPage {
    /// What was typed in `field`, or `default` when the page is fresh.
    pub fn typed_or(&self, field: &str, default: &str) -> String {
        self.typed.get(field).cloned().unwrap_or_else(|| default.to_owned())
    }

    /// Whether `value` was the choice typed in `field`.
    pub fn was_chosen(&self, field: &str, value: &str) -> bool {
        self.typed.get(field).is_some_and(|v| v == value)
    }

    /// The button's words for moving the order to `status`.
    pub fn move_label(&self, status: &str) -> &'static str {
        match status {
            "paid" => "order-move-paid",
            "fulfilled" => "order-move-fulfilled",
            _ => "order-move-cancelled",
        }
    }
}

/// The statuses an order at `status` may be moved to by hand.
fn moves(status: OrderStatus) -> Vec<&'static str> {
    [OrderStatus::Paid, OrderStatus::Fulfilled, OrderStatus::Cancelled]
        .into_iter()
        .filter(|next| status.move_to(*next).is_ok())
        .map(|next| next.as_str())
        .collect()
}

async fn build(state: &AppState, viewer: &Viewer, raw_id: &str) -> Result<OrderPage, AppError> {
    let app = &state.app;
    let actor = &viewer.actor;
    let order: Order = app.order(actor, record_id(raw_id, OrderId)?).await?;
    let (buyer, adjustments, live, retired, audit, members) = tokio::join!(
        app.party_with_access(actor, order.buyer_id, true),
        app.order_adjustments(actor, order.id),
        app.offerings(actor, false),
        app.offerings(actor, true),
        app.party_audit(actor, order.buyer_id, 200),
        app.member_names(actor),
    );
    let (buyer, access) = buyer?;
    let live = live?;
    let on_sale: Vec<(String, String)> = live.iter().map(|o| (o.id.0.to_string(), o.name.clone())).collect();
    let offerings: BTreeMap<_, _> = live.into_iter().chain(retired?).map(|o| (o.id, o.name)).collect();
    let mut end_user_ids: Vec<PartyId> = order.lines.iter().flat_map(|l| l.end_user_ids.iter().copied()).collect();
    end_user_ids.sort();
    end_user_ids.dedup();
    let end_user_names = names(app, actor, end_user_ids.clone()).await?;
    let adjustments = adjustments?;
    let refunded: i64 = adjustments.iter().filter(|a| a.kind == AdjustmentKind::Refund).map(|a| a.amount.minor).sum();
    let members: BTreeMap<String, String> =
        members?.into_iter().map(|(id, name)| (format!("user:{}", id.0), name)).collect();
    let ui = viewer.ui(Section::Parties);
    let timeline = audit?
        .into_iter()
        .filter(|entry| entry.entity_id == order.id.0)
        .map(|entry| TimelineItem {
            at: entry.at,
            what: format!("timeline-order-{}", entry.action.replace('_', "-")),
            who: who(&entry.actor, &members),
            detail: entry
                .after
                .as_ref()
                .and_then(|after| after.get("status"))
                .and_then(|s| s.as_str())
                .map(|s| ui.order_status(s))
                .unwrap_or_default(),
            note: None,
        })
        .collect();
    let may_change = access.may(Action::Update);
    let refundable = order.total.minor - refunded;
    Ok(OrderPage {
        ui,
        id: order.id.0.to_string(),
        reference: order.reference(),
        buyer: LinkView {
            id: buyer.id.0.to_string(),
            name: buyer.facts.name.as_str().to_owned(),
            detail: String::new(),
        },
        ordered_at: order.ordered_at,
        status: order.status.as_str().to_owned(),
        channel: order.channel.clone(),
        lines: order
            .lines
            .iter()
            .map(|l| LineView {
                offering: offerings.get(&l.offering_id).cloned().unwrap_or_else(|| l.offering_id.0.to_string()),
                quantity: l.quantity,
                unit_price: l.unit_price.minor,
                discount: l.discount.minor,
                total: l.unit_price.minor * i64::from(l.quantity) - l.discount.minor,
            })
            .collect(),
        total: order.total.minor,
        refundable,
        end_users: end_user_ids
            .iter()
            .filter_map(|id| {
                end_user_names.get(id).map(|name| LinkView {
                    id: id.0.to_string(),
                    name: name.clone(),
                    detail: String::new(),
                })
            })
            .collect(),
        adjustments: adjustments.iter().map(|a| adjustment_view(a, &order, &offerings)).collect(),
        timeline,
        moves: if may_change { moves(order.status) } else { Vec::new() },
        // Offered only where the rule would take it (not an unpaid order).
        can_refund: may_change
            && refundable > 0
            && rapport_domain::commerce::adjustment::refusal(&order, AdjustmentKind::Refund).is_none(),
        can_exchange: may_change
            && !on_sale.is_empty()
            && rapport_domain::commerce::adjustment::refusal(&order, AdjustmentKind::Exchange).is_none(),
        offerings: on_sale,
        version: order.version,
        typed: BTreeMap::new(),
        errors: Fields::default(),
    })
}

fn adjustment_view(a: &Adjustment, order: &Order, names: &BTreeMap<OfferingId, String>) -> AdjustmentView {
    let name = |id: &OfferingId| names.get(id).cloned().unwrap_or_else(|| id.0.to_string());
    let back: Vec<String> = a
        .items
        .returned
        .iter()
        .filter_map(|r| order.lines.get(r.line).map(|line| format!("{} × {}", r.quantity, name(&line.offering_id))))
        .collect();
    let instead: Vec<String> =
        a.items.replacement.iter().map(|r| format!("{} × {}", r.quantity, name(&r.offering_id))).collect();
    AdjustmentView {
        refund: a.kind == AdjustmentKind::Refund,
        amount: a.amount.minor,
        reason: a.reason.clone(),
        at: a.happened_at,
        swap: if back.is_empty() { String::new() } else { format!("{} → {}", back.join(", "), instead.join(", ")) },
    }
}

/// `GET /orders/{id}`.
pub async fn show(State(state): State<AppState>, viewer: Viewer, Path(id): Path<String>) -> Response {
    match build(&state, &viewer, &id).await {
        Ok(page) => render(viewer.user.locale, &page),
        Err(error) => ErrorPage::from_app(viewer.user.locale, error),
    }
}

/// `POST /orders/{id}/status`: moves the order on, at the version shown.
pub async fn set_status(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Posted { viewer, form }: Posted,
) -> Response {
    let result = async {
        let order = record_id(&id, OrderId)?;
        let version = form.get("version").parse::<i64>().map_err(|_| AppError::NotFound)?;
        state.app.set_order_status(&viewer.actor, order, Some(version), form.get("status")).await
    }
    .await;
    after_change(&state, &viewer, &id, result.map(|_| ()), &form).await
}

/// `POST /orders/{id}/refunds`: records a refund of the amount typed (what
/// is left when blank), for the reason given.
pub async fn refund(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Posted { viewer, form }: Posted,
) -> Response {
    let result = async {
        let order = record_id(&id, OrderId)?;
        let amount = match form.get("amount").trim() {
            "" => None,
            raw => {
                let currency = &viewer.workspace.settings.currency;
                let money = crate::amounts::read(raw, viewer.user.locale, currency).map_err(|p| p.at("amount"))?;
                Some(AmountInput::Text(money.amount()))
            }
        };
        let input = RefundInput { amount, reason: form.get("reason").to_owned(), refunded_at: None };
        state.app.refund_order(&viewer.actor, order, &input).await.map(|_| ())
    }
    .await;
    after_change(&state, &viewer, &id, result, &form).await
}

/// `POST /orders/{id}/exchanges`: records that some of a line was given
/// back and something else given instead, for the reason given.
pub async fn exchange(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Posted { viewer, form }: Posted,
) -> Response {
    let result = async {
        let order = record_id(&id, OrderId)?;
        let number = |field: &'static str| {
            form.get(field).trim().parse::<u32>().map_err(|_| {
                AppError::Validation(ValidationErrors::single(
                    field,
                    "invalid_quantity",
                    "must be a whole number from 1",
                ))
            })
        };
        let line = form.get("returned_line").trim().parse::<usize>().map_err(|_| {
            AppError::Validation(ValidationErrors::single("returned", "required", "choose what was given back"))
        })?;
        let offering = record_id(form.get("replacement_offering"), OfferingId).map_err(|_| {
            AppError::Validation(ValidationErrors::single("replacement", "required", "choose what was given instead"))
        })?;
        let input = ExchangeInput {
            returned: vec![Returned { line, quantity: number("returned_quantity")? }],
            replacement: vec![Replacement { offering_id: offering, quantity: number("replacement_quantity")? }],
            reason: form.get("exchange_reason").to_owned(),
            exchanged_at: None,
        };
        state.app.exchange_order(&viewer.actor, order, &input).await.map(|_| ()).map_err(|error| match error {
            // The exchange form's own names for the use case's fields.
            AppError::Validation(mut errors) => {
                for e in &mut errors.0 {
                    e.field = match crate::fields::form_field(&e.field) {
                        "reason" => "exchange_reason".to_owned(),
                        "returned" | "replacement" => crate::fields::form_field(&e.field).to_owned(),
                        other => other.to_owned(),
                    };
                }
                AppError::Validation(errors)
            }
            AppError::Conflict(reason) => {
                AppError::Validation(ValidationErrors::single("returned", "conflict", reason))
            }
            other => other,
        })
    }
    .await;
    after_change(&state, &viewer, &id, result, &form).await
}

/// Back to the order's page, or the page again with what was refused beside
/// its field (and what was typed kept).
async fn after_change(
    state: &AppState,
    viewer: &Viewer,
    id: &str,
    result: Result<(), AppError>,
    form: &Form,
) -> Response {
    let locale = viewer.user.locale;
    let refused = match result {
        Ok(()) => return Redirect::to(&format!("/orders/{id}")).into_response(),
        Err(error) => refusal(error, ("status", "stale"), "amount"),
    };
    let (status, errors) = match refused {
        Ok((status, errors)) => (status, Fields::from(errors)),
        Err(error) => return ErrorPage::from_app(locale, error),
    };
    match build(state, viewer, id).await {
        Ok(mut page) => {
            page.typed = form.typed();
            page.errors = errors;
            with_status(render(locale, &page), status)
        }
        Err(error) => ErrorPage::from_app(locale, error),
    }
}
