//! The form that records an order with the people who will use what was
//! bought.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use rapport_core::AppError;
use rapport_domain::access::Action;
use rapport_domain::commerce::{OrderInput, OrderLineInput};
use rapport_domain::ids::{OfferingId, PartyId};
use rapport_domain::party::PartyKind;
use rapport_web::AppState;
use time::Date;
use time::format_description::well_known::Rfc3339;

use crate::context::{Section, Ui};
use crate::errors::{ErrorPage, render, with_status};
use crate::fields::Fields;
use crate::form::Posted;
use crate::pages::offerings::OfferingView;
use crate::pages::party::LinkView;
use crate::pages::{allowed, record_id, visible};
use crate::viewer::Viewer;

/// The lines the order form offers.
const LINES: usize = 3;

/// The values of the order form as typed.
#[derive(Debug, Clone, Default)]
pub struct OrderValues {
    pub ordered_on: String,
    /// Each line's offering and quantity, as typed.
    pub lines: Vec<(String, String)>,
    pub channel: String,
    pub end_users: Vec<String>,
}

#[derive(Template)]
#[template(path = "orders/form.html")]
pub struct OrderFormPage {
    pub ui: Ui,
    pub buyer_id: String,
    pub buyer_name: String,
    pub offerings: Vec<OfferingView>,
    /// People offered as end users without a search: the buyer's own people,
    /// or the buyer itself when a person.
    pub suggested: Vec<LinkView>,
    pub values: OrderValues,
    pub errors: Fields,
}

impl OrderFormPage {
    pub fn chosen(&self, id: &str) -> bool {
        self.values.end_users.iter().any(|u| u == id)
    }

    /// The form field name of line `index`'s errors.
    pub fn line_field(&self, index: &usize) -> String {
        format!("line{index}")
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
    Ok(OrderFormPage {
        ui: viewer.ui(Section::Parties),
        buyer_id: buyer.to_owned(),
        buyer_name: party.facts.name.as_str().to_owned(),
        offerings,
        suggested,
        values,
        errors,
    })
}

/// `GET /parties/{id}/orders/new`.
pub async fn new_order(State(state): State<AppState>, viewer: Viewer, Path(buyer): Path<String>) -> Response {
    let values = OrderValues {
        ordered_on: viewer.today(state.app.now()).to_string(),
        lines: (0..LINES).map(|_| (String::new(), "1".to_owned())).collect(),
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
        format!("line{}", places.get(line).copied().unwrap_or(0))
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
    let values = OrderValues {
        ordered_on: form.get("ordered_on").to_owned(),
        lines: (0..LINES)
            .map(|i| (form.get(&format!("offering.{i}")).to_owned(), form.get(&format!("quantity.{i}")).to_owned()))
            .collect(),
        channel: form.get("channel").to_owned(),
        end_users: form.all("end_user").into_iter().map(str::to_owned).collect(),
    };
    let mut errors = rapport_domain::ValidationErrors::new();
    let end_users: Vec<PartyId> = values.end_users.iter().filter_map(|u| record_id(u, PartyId).ok()).collect();
    let mut lines = Vec::new();
    // The form's line behind each line of the order (blank lines are skipped).
    let mut places = Vec::new();
    for (i, (offering, quantity)) in values.lines.iter().enumerate() {
        if offering.trim().is_empty() {
            continue;
        }
        let offering = offering.trim().parse::<uuid::Uuid>().map(OfferingId);
        let quantity = quantity.trim().parse::<u32>();
        match (offering, quantity) {
            (Ok(offering_id), Ok(quantity)) => {
                places.push(i);
                lines.push(OrderLineInput {
                    offering_id,
                    quantity,
                    unit_price: None,
                    discount: None,
                    end_user_ids: end_users.clone(),
                });
            }
            (Err(_), _) => errors.push(format!("line{i}"), "required", "choose an offering"),
            (_, Err(_)) => errors.push(format!("line{i}"), "invalid_quantity", "must be a whole number from 1"),
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
            state.app.create_order(&viewer.actor, &input).await.map(|_| ())
        }
        Ok(_) => Err(AppError::Validation(errors)),
    };
    match result {
        Ok(()) => Redirect::to(&format!("/parties/{buyer}")).into_response(),
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
