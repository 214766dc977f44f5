//! Drafting a contract, and taking it through sending, signing by each side
//! and activation from the party's page.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use rapport_core::AppError;
use rapport_domain::access::Action;
use rapport_domain::contract::{ContractInput, FeeSchedule, NewContract, Terms};
use rapport_domain::ids::{ContractId, PartyId};
use rapport_web::AppState;

use crate::context::{Section, Ui};
use crate::errors::{ErrorPage, render, with_status};
use crate::fields::Fields;
use crate::form::{Form, Posted};
use crate::pages::party::step_named;
use crate::pages::record_id;
use crate::viewer::Viewer;

/// The values of the contract form as typed.
#[derive(Debug, Clone, Default)]
pub struct ContractValues {
    pub title: String,
    pub scope: String,
    /// `fixed`, `retainer` or `hourly`.
    pub fee_type: String,
    pub amount: String,
    pub period_days: String,
    pub cap_hours: String,
    pub starts_on: String,
    pub ends_on: String,
    pub renewal: String,
    pub notice_days: String,
}

impl ContractValues {
    fn from_form(form: &Form) -> Self {
        let get = |name: &str| form.get(name).to_owned();
        Self {
            title: get("title"),
            scope: get("scope"),
            fee_type: get("fee_type"),
            amount: get("amount"),
            period_days: get("period_days"),
            cap_hours: get("cap_hours"),
            starts_on: get("starts_on"),
            ends_on: get("ends_on"),
            renewal: get("renewal"),
            notice_days: get("notice_days"),
        }
    }
}

#[derive(Template)]
#[template(path = "contracts/form.html")]
pub struct ContractFormPage {
    pub ui: Ui,
    pub client_id: String,
    pub client_name: String,
    pub values: ContractValues,
    pub errors: Fields,
}

async fn form_page(
    state: &AppState,
    viewer: &Viewer,
    client: &str,
    values: ContractValues,
    errors: Fields,
) -> Result<ContractFormPage, AppError> {
    let (party, access) = state.app.party_with_access(&viewer.actor, record_id(client, PartyId)?, false).await?;
    if !access.may(Action::Update) {
        return Err(AppError::Forbidden);
    }
    Ok(ContractFormPage {
        ui: viewer.ui(Section::Parties),
        client_id: client.to_owned(),
        client_name: party.facts.name.as_str().to_owned(),
        values,
        errors,
    })
}

/// `GET /parties/{id}/contracts/new`.
pub async fn new_contract(State(state): State<AppState>, viewer: Viewer, Path(client): Path<String>) -> Response {
    let values = ContractValues {
        fee_type: "retainer".to_owned(),
        period_days: "30".to_owned(),
        starts_on: viewer.today(state.app.now()).to_string(),
        renewal: "manual".to_owned(),
        notice_days: "30".to_owned(),
        ..ContractValues::default()
    };
    match form_page(&state, &viewer, &client, values, Fields::default()).await {
        Ok(page) => render(viewer.user.locale, &page),
        Err(error) => ErrorPage::from_app(viewer.user.locale, error),
    }
}

/// Reads the fee part of the form in the workspace's currency.
fn fee(values: &ContractValues, viewer: &Viewer, errors: &mut rapport_domain::ValidationErrors) -> Option<FeeSchedule> {
    let currency = viewer.workspace.settings.currency.clone();
    let amount =
        errors.take("amount", crate::amounts::read(&values.amount, viewer.user.locale, &currency)).map(|m| m.minor);
    let whole = |raw: &str, field: &str, errors: &mut rapport_domain::ValidationErrors| match raw.trim() {
        "" => None,
        text => text.parse::<u32>().map_err(|_| errors.push(field, "invalid_number", "must be a whole number")).ok(),
    };
    match values.fee_type.as_str() {
        "fixed" => amount.map(|amount_minor| FeeSchedule::Fixed { amount_minor }),
        "retainer" => {
            let period = whole(&values.period_days, "period_days", errors);
            if period.is_none() && values.period_days.trim().is_empty() {
                errors.push("period_days", "required", "must be given for a retainer");
            }
            amount.zip(period).map(|(amount_minor, period_days)| FeeSchedule::Retainer { amount_minor, period_days })
        }
        "hourly" => {
            let cap_hours = whole(&values.cap_hours, "cap_hours", errors);
            amount.map(|rate_minor| FeeSchedule::Hourly { rate_minor, cap_hours })
        }
        _ => {
            errors.push("fee_type", "invalid_fee", "must be fixed, retainer or hourly");
            None
        }
    }
}

/// `POST /parties/{id}/contracts`: saves the draft and goes back to the party.
pub async fn create_contract(
    State(state): State<AppState>,
    Path(client): Path<String>,
    Posted { viewer, form }: Posted,
) -> Response {
    let locale = viewer.user.locale;
    let values = ContractValues::from_form(&form);
    let mut errors = rapport_domain::ValidationErrors::new();
    let fee = fee(&values, &viewer, &mut errors);
    let notice_days = match values.notice_days.trim() {
        "" => None,
        raw => {
            raw.parse::<u32>().map_err(|_| errors.push("notice_days", "invalid_number", "must be a whole number")).ok()
        }
    };
    let result = match record_id(&client, PartyId) {
        Err(error) => Err(error),
        Ok(client_id) => {
            let input = ContractInput {
                client_id,
                title: values.title.clone(),
                scope: values.scope.clone(),
                // A refused fee stands in as nothing, so that the rest of the
                // form is still checked and every field at fault is shown at once.
                fee: fee.clone().unwrap_or(FeeSchedule::Fixed { amount_minor: 0 }),
                starts_on: values.starts_on.clone(),
                ends_on: Some(values.ends_on.trim().to_owned()).filter(|e| !e.is_empty()),
                renewal: Some(values.renewal.clone()).filter(|r| !r.is_empty()),
                notice_days,
                terms: Terms::default(),
                quotas: Vec::new(),
            };
            if errors.is_empty() && fee.is_some() {
                state.app.create_contract(&viewer.actor, &input).await.map(|_| ())
            } else {
                if let Err(others) = NewContract::parse(&input) {
                    errors.0.extend(others.0.into_iter().filter(|e| fee.is_some() || !e.field.starts_with("fee")));
                }
                Err(AppError::Validation(errors))
            }
        }
    };
    match result {
        Ok(()) => Redirect::to(&format!("/parties/{client}#contracts")).into_response(),
        Err(AppError::Validation(errors)) => {
            match form_page(&state, &viewer, &client, values, Fields::from(errors)).await {
                Ok(page) => with_status(render(locale, &page), 422),
                Err(error) => ErrorPage::from_app(locale, error),
            }
        }
        Err(error) => ErrorPage::from_app(locale, error),
    }
}

/// `POST /contracts/{id}/step`: sends, signs (for one side, today) or
/// activates a contract at the version the page showed; a contract changed
/// meanwhile is not stepped, and the page says so.
pub async fn step(State(state): State<AppState>, Path(id): Path<String>, Posted { viewer, form }: Posted) -> Response {
    let locale = viewer.user.locale;
    let contract = match record_id(&id, ContractId) {
        Ok(contract) => contract,
        Err(error) => return ErrorPage::from_app(locale, error),
    };
    let Some(step) = step_named(form.get("step"), viewer.today(state.app.now())) else {
        return ErrorPage::new(locale, axum::http::StatusCode::UNPROCESSABLE_ENTITY, "error-bad-form")
            .into_response_page();
    };
    // The step is taken only on the contract as the page showed it.
    let Ok(version) = form.get("version").parse::<i64>() else {
        return ErrorPage::new(locale, axum::http::StatusCode::UNPROCESSABLE_ENTITY, "error-bad-form")
            .into_response_page();
    };
    match state.app.contract_step(&viewer.actor, contract, Some(version), step).await {
        Ok(contract) => Redirect::to(&format!("/parties/{}#contracts", contract.client_id.0)).into_response(),
        Err(AppError::Validation(_)) => {
            ErrorPage::new(locale, axum::http::StatusCode::UNPROCESSABLE_ENTITY, "error-contract-step")
                .into_response_page()
        }
        Err(error) => ErrorPage::from_app(locale, error),
    }
}
