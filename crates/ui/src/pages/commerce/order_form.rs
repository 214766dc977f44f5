//! The form that records an order: any number of lines, each with its
//! quantity and discount (typed as the reader writes amounts), a running
//! total, and the people who will use what was bought.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use rapport_core::AppError;
use rapport_domain::access::Action;
use rapport_domain::commerce::{AmountInput, OrderInput, OrderLineInput};
use rapport_domain::common::ids::{OfferingId, PartyId};
use rapport_domain::parties::PartyKind;
use rapport_web::AppState;
use time::Date;
use time::format_description::well_known::Rfc3339;

use crate::context::{Section, Ui};
use crate::errors::{ErrorPage, render, with_status};
use crate::fields::Fields;
use crate::form::{Form, Posted};
use crate::pages::commerce::offerings::OfferingView;
use crate::pages::timeline::LinkView;
use crate::pages::{allowed, record_id, visible};
use crate::viewer::Viewer;

/// The lines a fresh order form offers; "Add a line" gives more.
const FIRST_LINES: usize = 2;

/// One line of the order form as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineValues {
    pub offering: String,
    pub quantity: String,
    pub discount: String,
}

impl LineValues {
    fn blank() -> Self {
        Self { offering: String::new(), quantity: "1".to_owned(), discount: String::new() }
    }
}

/// The values of the order form as typed.
#[derive(Debug, Clone, Default)]
pub struct OrderValues {
    pub ordered_on: String,
    pub lines: Vec<LineValues>,
    pub channel: String,
    pub end_users: Vec<String>,
}

impl OrderValues {
    /// The form as posted: its lines are those the page numbered (`offering.0`,
    /// `offering.1`, …), however many the browser added.
    fn from_form(form: &Form) -> Self {
        // A line keeps its place, so that its error shows under it.
        let last = form
            .0
            .iter()
            .filter_map(|(name, _)| name.strip_prefix("offering.").and_then(|n| n.parse::<usize>().ok()))
            .filter(|place| *place <= rapport_domain::commerce::MAX_LINES)
            .max();
        let lines = last
            .map_or(0..0, |last| 0..last + 1)
            .map(|i| LineValues {
                offering: form.get(&format!("offering.{i}")).to_owned(),
                quantity: form.get(&format!("quantity.{i}")).to_owned(),
                discount: form.get(&format!("discount.{i}")).to_owned(),
            })
            .collect();
        Self {
            ordered_on: form.get("ordered_on").to_owned(),
            lines,
            channel: form.get("channel").to_owned(),
            end_users: form.all("end_user").into_iter().map(str::to_owned).collect(),
        }
    }
}

#[derive(Template)]
#[template(path = "commerce/order_form.html")]
pub struct OrderFormPage {
    pub ui: Ui,
    pub buyer_id: String,
    pub buyer_name: String,
    pub offerings: Vec<OfferingView>,
    /// Each line's total, when what was typed tells it.
    pub line_totals: Vec<Option<i64>>,
    /// People offered as end users without a search: the buyer's own people,
    /// or the buyer itself when a person.
    pub suggested: Vec<LinkView>,
    pub values: OrderValues,
    pub errors: Fields,
}

/// A line's total as far as it can be told from what was typed: price
/// times quantity, less the discount when it reads as an amount.
fn line_total(line: &LineValues, offerings: &[OfferingView], viewer: &Viewer) -> Option<i64> {
    let price = offerings.iter().find(|o| o.id == line.offering.trim())?.price_minor;
    let quantity = i64::from(line.quantity.trim().parse::<u32>().ok()?);
    let discount = match line.discount.trim() {
        "" => 0,
        raw => crate::amounts::read(raw, viewer.user.locale, &viewer.workspace.settings.currency).ok()?.minor,
    };
    Some(price.saturating_mul(quantity).saturating_sub(discount))
}

impl OrderFormPage {
    /// The running total of the lines as typed (the page keeps it current as
    /// lines change; this is what it starts from).
    pub fn total(&self) -> String {
        self.ui.money(&self.line_totals.iter().flatten().sum())
    }

    /// Line `index`'s total, when what was typed tells it.
    pub fn line_total(&self, index: &usize) -> String {
        self.line_totals.get(*index).copied().flatten().map(|total| self.ui.money(&total)).unwrap_or_default()
    }

    pub fn chosen(&self, id: &str) -> bool {
        self.values.end_users.iter().any(|u| u == id)
    }

    /// Errors for no field of the form, shown at its top (a line's error is
    /// shown under the line).
    pub fn stray_errors(&self) -> Vec<&crate::fields::FieldMessage> {
        let shown = |field: &str| {
            matches!(field, "ordered_on" | "channel" | "end_user")
                || ["line", "quantity", "discount"].iter().any(|part| field.starts_with(part))
        };
        self.errors.0.iter().filter(|e| !shown(&e.field)).collect()
    }

    /// The form field name of line `index`'s errors: of the line as a
    /// whole (its offering), of its quantity, of its discount.
    pub fn line_field(&self, index: &usize) -> String {
        format!("line{index}")
    }

    pub fn quantity_field(&self, index: &usize) -> String {
        format!("quantity{index}")
    }

    pub fn discount_field(&self, index: &usize) -> String {
        format!("discount{index}")
    }
}

async fn order_form(
    state: &AppState,
    viewer: &Viewer,
    buyer: &str,
    values: OrderValues,
    errors: Fields,
) -> Result<OrderFormPage, AppError> {
    let id = record_id(buyer, PartyId)?;
    let (party, access) = state.app.party_with_access(&viewer.actor, id, false).await?;
    if !access.may(Action::Update) {
        return Err(AppError::Forbidden);
    }
    let offerings = state.app.offerings(&viewer.actor, false).await?.into_iter().map(OfferingView::from).collect();
    let mut suggested = Vec::new();
    if party.facts.kind == PartyKind::Person {
        suggested.push(LinkView {
            id: buyer.to_owned(),
            name: party.facts.name.as_str().to_owned(),
            detail: String::new(),
        });
    }
    for link in allowed(state.app.affiliations_of(&viewer.actor, id).await)? {
        let person = link.person_id;
        if person == id {
            continue;
        }
        if let Some(found) = visible(state.app.party(&viewer.actor, person, false).await)? {
            let detail = link.title.unwrap_or_default();
            suggested.push(LinkView { id: person.0.to_string(), name: found.facts.name.as_str().to_owned(), detail });
        }
    }
    // Chosen end users found by search stay on the form when it comes back.
    for chosen in &values.end_users {
        if suggested.iter().any(|s| &s.id == chosen) {
            continue;
        }
        if let Some(found) =
            visible(async { state.app.party(&viewer.actor, record_id(chosen, PartyId)?, false).await }.await)?
        {
            suggested.push(LinkView {
                id: chosen.clone(),
                name: found.facts.name.as_str().to_owned(),
                detail: String::new(),
            });
        }
    }
    let offerings: Vec<OfferingView> = offerings;
    let mut values = values;
    if values.lines.is_empty() {
        values.lines = vec![LineValues::blank(); FIRST_LINES];
    }
    let line_totals = values.lines.iter().map(|line| line_total(line, &offerings, viewer)).collect();
    Ok(OrderFormPage {
        ui: viewer.ui(Section::Parties),
        buyer_id: buyer.to_owned(),
        buyer_name: party.facts.name.as_str().to_owned(),
        offerings,
        line_totals,
        suggested,
        values,
        errors,
    })
}

/// `GET /parties/{id}/orders/new`.
pub async fn new_order(State(state): State<AppState>, viewer: Viewer, Path(buyer): Path<String>) -> Response {
    let values = OrderValues {
        ordered_on: viewer.today(state.app.now()).to_string(),
        lines: vec![LineValues::blank(); FIRST_LINES],
        ..OrderValues::default()
    };
    match order_form(&state, &viewer, &buyer, values, Fields::default()).await {
        Ok(page) => render(viewer.user.locale, &page),
        Err(error) => ErrorPage::from_app(viewer.user.locale, error),
    }
}

/// The moment an order placed on `day` is recorded at: `now` for today, noon
/// in the workspace's time zone for another day, as the form asks only for
/// the day.
fn ordered_at(day: &str, viewer: &Viewer, now: time::OffsetDateTime) -> String {
    match Date::parse(day.trim(), &time::macros::format_description!("[year]-[month]-[day]")) {
        Ok(day) if day == viewer.today(now) => now.format(&Rfc3339).unwrap_or_default(),
        Ok(day) => {
            let noon = viewer.workspace.settings.time_zone.at(day, time::macros::time!(12:00));
            noon.format(&Rfc3339).unwrap_or_default()
        }
        // The use case names the field at fault.
        Err(_) => day.to_owned(),
    }
}

/// The part of the order form that holds the use case's field `path`:
/// `lines[2].quantity` belongs under the third line.
fn order_form_field(path: &str, places: &[usize]) -> String {
    if path == "ordered_at" {
        "ordered_on".to_owned()
    } else if path.contains("end_user") {
        "end_user".to_owned()
    } else if let Some(rest) = path.strip_prefix("lines[") {
        let line = rest.split(']').next().and_then(|n| n.parse::<usize>().ok()).unwrap_or(0);
        let place = places.get(line).copied().unwrap_or(0);
        // A quantity or a discount at fault is marked on its own input.
        match rest.split_once("].").map(|(_, part)| part) {
            Some("quantity") => format!("quantity{place}"),
            Some("discount") => format!("discount{place}"),
            _ => format!("line{place}"),
        }
    } else if path == "lines" {
        "line0".to_owned()
    } else {
        path.to_owned()
    }
}

/// `POST /parties/{id}/orders`: the lines with an offering chosen make the
/// order; the end users chosen use what every line bought.
pub async fn create_order(
    State(state): State<AppState>,
    Path(buyer): Path<String>,
    Posted { viewer, form }: Posted,
) -> Response {
    let locale = viewer.user.locale;
    let mut values = OrderValues::from_form(&form);
    if form.optional("add_line").is_some() {
        // Without scripts, "Add a line" comes back here: the form again,
        // one line longer, nothing saved.
        values.lines.push(LineValues::blank());
        return match order_form(&state, &viewer, &buyer, values, Fields::default()).await {
            Ok(page) => render(locale, &page),
            Err(error) => ErrorPage::from_app(locale, error),
        };
    }
    let mut errors = rapport_domain::ValidationErrors::new();
    let end_users: Vec<PartyId> = values.end_users.iter().filter_map(|u| record_id(u, PartyId).ok()).collect();
    let currency = viewer.workspace.settings.currency.clone();
    let mut lines = Vec::new();
    // The form's line behind each line of the order (blank lines are skipped).
    let mut places = Vec::new();
    for (i, line) in values.lines.iter().enumerate() {
        if line.offering.trim().is_empty() {
            continue;
        }
        let offering = line.offering.trim().parse::<uuid::Uuid>().map(OfferingId);
        let quantity = line.quantity.trim().parse::<u32>();
        let discount = match line.discount.trim() {
            "" => Ok(None),
            raw => crate::amounts::read(raw, locale, &currency).map(|m| Some(AmountInput::Text(m.amount()))),
        };
        match (offering, quantity, discount) {
            (Ok(offering_id), Ok(quantity), Ok(discount)) => {
                places.push(i);
                lines.push(OrderLineInput {
                    offering_id,
                    quantity,
                    unit_price: None,
                    discount,
                    end_user_ids: end_users.clone(),
                });
            }
            (Err(_), _, _) => errors.push(format!("line{i}"), "required", "choose an offering"),
            (_, Err(_), _) => errors.push(format!("quantity{i}"), "invalid_quantity", "must be a whole number from 1"),
            (_, _, Err(problem)) => errors.push_problem(format!("discount{i}"), problem),
        }
    }
    if lines.is_empty() && errors.is_empty() {
        errors.push("line0", "required", "choose an offering");
    }
    let result = match record_id(&buyer, PartyId) {
        Err(error) => Err(error),
        Ok(buyer_id) if errors.is_empty() => {
            let input = OrderInput {
                buyer_id,
                ordered_at: ordered_at(&values.ordered_on, &viewer, state.app.now()),
                status: None,
                channel: Some(values.channel.trim().to_owned()).filter(|c| !c.is_empty()),
                lines,
            };
            state.app.create_order(&viewer.actor, &input).await
        }
        Ok(_) => Err(AppError::Validation(errors)),
    };
    match result {
        // The order's own page, where it is paid, fulfilled or refunded.
        Ok(order) => Redirect::to(&format!("/orders/{}", order.id.0)).into_response(),
        Err(AppError::Validation(mut errors)) => {
            // The use case names an order's fields by their place in it: each
            // line's error goes under that line of the form.
            for error in &mut errors.0 {
                error.field = order_form_field(&error.field, &places);
            }
            let fields = Fields::from(errors);
            match order_form(&state, &viewer, &buyer, values, fields).await {
                Ok(page) => with_status(render(locale, &page), 422),
                Err(error) => ErrorPage::from_app(locale, error),
            }
        }
        Err(error) => ErrorPage::from_app(locale, error),
    }
}
