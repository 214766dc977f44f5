//! The catalogue of offerings: listed for every member; added, renamed,
//! repriced, retired and restored by those who may change the workspace.
//! Prices are typed as the reader writes amounts ([`crate::amounts`]).

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use rapport_core::AppError;
use rapport_domain::access::{Action, Resource};
use rapport_domain::commerce::{AmountInput, NewOffering, Offering, OfferingInput, OfferingPatch};
use rapport_domain::common::ids::OfferingId;
use rapport_domain::common::money::Money;
use rapport_web::AppState;

use crate::context::{Section, Ui};
use crate::errors::{ErrorPage, render, with_status};
use crate::fields::Fields;
use crate::form::Posted;
use crate::pages::record_id;
use crate::viewer::Viewer;

#[derive(Debug, Clone)]
pub struct OfferingView {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub price_minor: i64,
    pub version: i64,
}

impl From<Offering> for OfferingView {
    fn from(o: Offering) -> Self {
        Self {
            id: o.id.0.to_string(),
            name: o.name,
            kind: o.kind.as_str().to_owned(),
            price_minor: o.price.minor,
            version: o.version,
        }
    }
}

/// The values of the offering form as typed.
#[derive(Debug, Clone, Default)]
pub struct OfferingValues {
    pub name: String,
    pub kind: String,
    pub price: String,
}

#[derive(Template)]
#[template(path = "commerce/offerings.html")]
pub struct OfferingsPage {
    pub ui: Ui,
    pub offerings: Vec<OfferingView>,
    pub retired: Vec<OfferingView>,
    pub can_create: bool,
    pub values: OfferingValues,
    pub errors: Fields,
}

/// The kinds of offering, as the form offers them.
const OFFERING_KINDS: [&str; 4] = ["goods", "service", "professional_service", "subscription"];

impl OfferingsPage {
    pub fn kinds(&self) -> [&'static str; 4] {
        OFFERING_KINDS
    }
}

async fn offerings_page(state: &AppState, viewer: &Viewer, values: OfferingValues, errors: Fields) -> Response {
    let (live, retired) =
        tokio::join!(state.app.offerings(&viewer.actor, false), state.app.offerings(&viewer.actor, true));
    let (offerings, retired) = match (live, retired) {
        (Ok(live), Ok(retired)) => {
            (live.into_iter().map(OfferingView::from).collect(), retired.into_iter().map(OfferingView::from).collect())
        }
        (Err(error), _) | (_, Err(error)) => return ErrorPage::from_app(viewer.user.locale, error),
    };
    let can_create = viewer.may(Resource::Workspace, Action::Update, None);
    let status = if errors.any() { 422 } else { 200 };
    let page = OfferingsPage { ui: viewer.ui(Section::Offerings), offerings, retired, can_create, values, errors };
    with_status(render(viewer.user.locale, &page), status)
}

/// `GET /offerings`.
pub async fn offerings(State(state): State<AppState>, viewer: Viewer) -> Response {
    let values = OfferingValues { kind: "service".to_owned(), ..OfferingValues::default() };
    offerings_page(&state, &viewer, values, Fields::default()).await
}

/// `POST /offerings`.
pub async fn create_offering(State(state): State<AppState>, Posted { viewer, form }: Posted) -> Response {
    let values = OfferingValues {
        name: form.get("name").to_owned(),
        kind: form.get("kind").to_owned(),
        price: form.get("price").to_owned(),
    };
    let currency = &viewer.workspace.settings.currency;
    let price = crate::amounts::read(&values.price, viewer.user.locale, currency);
    let input = OfferingInput {
        name: values.name.clone(),
        kind: values.kind.clone(),
        tailored: form.get("tailored") == "on",
        price: AmountInput::Text(price.as_ref().map_or_else(|_| "0".to_owned(), Money::amount)),
        currency: None,
    };
    if let Err(problem) = price {
        // Every field at fault at once: the rest of the form is checked as
        // the use case would check it, with the refused price left out.
        let mut errors = problem.at("price");
        if let Err(others) = NewOffering::parse(&input, currency) {
            errors.0.extend(others.0.into_iter().filter(|e| e.field != "price"));
        }
        return offerings_page(&state, &viewer, values, Fields::from(errors)).await;
    }
    match state.app.create_offering(&viewer.actor, &input).await {
        Ok(_) => Redirect::to("/offerings").into_response(),
        Err(AppError::Validation(errors)) => offerings_page(&state, &viewer, values, Fields::from(errors)).await,
        Err(error) => ErrorPage::from_app(viewer.user.locale, error),
    }
}

#[derive(Template)]
#[template(path = "commerce/offering_edit.html")]
pub struct OfferingEditPage {
    pub ui: Ui,
    pub offering: OfferingView,
    pub values: OfferingValues,
    pub errors: Fields,
    /// Set when the offering changed since the form was opened.
    pub conflict: bool,
}

/// `GET /offerings/{id}/edit`.
pub async fn edit_form(State(state): State<AppState>, viewer: Viewer, Path(id): Path<String>) -> Response {
    let locale = viewer.user.locale;
    if !viewer.may(Resource::Workspace, Action::Update, None) {
        return ErrorPage::from_app(locale, AppError::Forbidden);
    }
    match async { state.app.offering(&viewer.actor, record_id(&id, OfferingId)?).await }.await {
        Ok(offering) => {
            let values = typed(&offering, locale);
            let page = OfferingEditPage {
                ui: viewer.ui(Section::Offerings),
                offering: offering.into(),
                values,
                errors: Fields::default(),
                conflict: false,
            };
            render(locale, &page)
        }
        Err(error) => ErrorPage::from_app(locale, error),
    }
}

/// The form's values for `offering`, its price written as `locale` writes amounts.
fn typed(offering: &Offering, locale: rapport_domain::common::locale::Locale) -> OfferingValues {
    OfferingValues {
        name: offering.name.clone(),
        kind: offering.kind.as_str().to_owned(),
        price: crate::format::amount(locale, offering.price.minor.unsigned_abs(), &offering.price.currency),
    }
}

/// `POST /offerings/{id}/edit`: renames and reprices the offering if it is
/// still at the version the form was opened at; otherwise the form comes
/// back with the conflict and what was typed.
pub async fn update(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Posted { viewer, form }: Posted,
) -> Response {
    let locale = viewer.user.locale;
    let current = match async { state.app.offering(&viewer.actor, record_id(&id, OfferingId)?).await }.await {
        Ok(current) => current,
        Err(error) => return ErrorPage::from_app(locale, error),
    };
    let values = OfferingValues {
        name: form.get("name").to_owned(),
        kind: current.kind.as_str().to_owned(),
        price: form.get("price").to_owned(),
    };
    let version = form.get("version").parse::<i64>().unwrap_or(0);
    let page = |offering: Offering, values, errors, conflict| OfferingEditPage {
        ui: viewer.ui(Section::Offerings),
        offering: offering.into(),
        values,
        errors,
        conflict,
    };
    let price = match crate::amounts::read(&values.price, locale, &current.price.currency) {
        Ok(price) => price,
        Err(problem) => {
            let mut errors = problem.at("price");
            let name_only = OfferingPatch { name: Some(values.name.clone()), price: None };
            if let Err(others) = name_only.apply(&current) {
                errors.0.extend(others.0);
            }
            let shown = page(current, values, Fields::from(errors), false);
            return with_status(render(locale, &shown), 422);
        }
    };
    let patch = OfferingPatch { name: Some(values.name.clone()), price: Some(AmountInput::Text(price.amount())) };
    match state.app.update_offering(&viewer.actor, current.id, Some(version), &patch).await {
        Ok(_) => Redirect::to("/offerings").into_response(),
        Err(AppError::Validation(errors)) => {
            with_status(render(locale, &page(current, values, Fields::from(errors), false)), 422)
        }
        Err(AppError::VersionMismatch { .. }) => match state.app.offering(&viewer.actor, current.id).await {
            Ok(now) => with_status(render(locale, &page(now, values, Fields::default(), true)), 409),
            Err(error) => ErrorPage::from_app(locale, error),
        },
        Err(error) => ErrorPage::from_app(locale, error),
    }
}

/// `POST /offerings/{id}/retire` (at the version shown) and `…/restore`.
pub async fn retire_or_restore(
    State(state): State<AppState>,
    Path((id, change)): Path<(String, String)>,
    Posted { viewer, form }: Posted,
) -> Response {
    let result = async {
        let id = record_id(&id, OfferingId)?;
        match change.as_str() {
            "retire" => {
                let version = form.get("version").parse::<i64>().map_err(|_| AppError::NotFound)?;
                state.app.retire_offering(&viewer.actor, id, Some(version)).await
            }
            "restore" => state.app.restore_offering(&viewer.actor, id).await,
            _ => Err(AppError::NotFound),
        }
    }
    .await;
    match result {
        Ok(_) => Redirect::to("/offerings").into_response(),
        Err(error) => ErrorPage::from_app(viewer.user.locale, error),
    }
}
