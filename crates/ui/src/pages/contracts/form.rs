//! Drafting a contract with a client and editing the draft: its fee, dates,
//! renewal and notice, its written terms and its monthly quotas. The steps
//! that follow (sending, signing, activation…) are on the contract's page.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use rapport_core::AppError;
use rapport_domain::ValidationErrors;
use rapport_domain::access::Action;
use rapport_domain::common::ids::{ContractId, PartyId};
use rapport_domain::contracts::{Contract, ContractInput, FeeSchedule, NewContract, QuotaInput, Renewal, Terms};
use rapport_web::AppState;

use crate::context::{Section, Ui};
use crate::errors::{ErrorPage, render, with_status};
use crate::fields::Fields;
use crate::form::{Form, Posted};
use crate::pages::record_id;
use crate::viewer::Viewer;

/// How many blank quota rows the form offers beyond those filled in.
const BLANK_QUOTAS: usize = 2;

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
    pub client_responsibilities: String,
    pub provider_responsibilities: String,
    pub expected_outcomes: String,
    pub withdrawal_clause: String,
    /// The quotas as typed (unit, amount a month), blank rows included.
    pub quotas: Vec<(String, String)>,
}

impl ContractValues {
    fn from_form(form: &Form) -> Self {
        let get = |name: &str| form.get(name).to_owned();
        let column = |name: &str| form.0.iter().filter(|(k, _)| k == name).map(|(_, v)| v.clone()).collect::<Vec<_>>();
        let (units, amounts) = (column("quota_unit"), column("quota_per_month"));
        let quotas = (0..units.len().max(amounts.len()))
            .map(|i| (units.get(i).cloned().unwrap_or_default(), amounts.get(i).cloned().unwrap_or_default()))
            .collect();
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
            client_responsibilities: get("client_responsibilities"),
            provider_responsibilities: get("provider_responsibilities"),
            expected_outcomes: get("expected_outcomes"),
            withdrawal_clause: get("withdrawal_clause"),
            quotas,
        }
    }

    /// A stored draft as the form shows it, amounts written the reader's way.
    fn of(contract: &Contract, viewer: &Viewer) -> Self {
        let amount = |minor: i64| crate::format::amount(viewer.user.locale, minor.unsigned_abs(), &contract.currency);
        let (fee_type, amount, period_days, cap_hours) = match &contract.fee {
            FeeSchedule::Fixed { amount_minor } => ("fixed", amount(*amount_minor), String::new(), String::new()),
            FeeSchedule::Retainer { amount_minor, period_days } => {
                ("retainer", amount(*amount_minor), period_days.to_string(), String::new())
            }
            FeeSchedule::Hourly { rate_minor, cap_hours } => {
                ("hourly", amount(*rate_minor), String::new(), cap_hours.map(|c| c.to_string()).unwrap_or_default())
            }
        };
        let text = |t: &Option<String>| t.clone().unwrap_or_default();
        Self {
            title: contract.title.clone(),
            scope: contract.scope.clone(),
            fee_type: fee_type.to_owned(),
            amount,
            period_days,
            cap_hours,
            starts_on: contract.starts_on.to_string(),
            ends_on: contract.ends_on.map(|d| d.to_string()).unwrap_or_default(),
            renewal: if contract.renewal == Renewal::Automatic { "automatic" } else { "manual" }.to_owned(),
            notice_days: contract.notice_days.to_string(),
            client_responsibilities: text(&contract.terms.client_responsibilities),
            provider_responsibilities: text(&contract.terms.provider_responsibilities),
            expected_outcomes: text(&contract.terms.expected_outcomes),
            withdrawal_clause: text(&contract.terms.withdrawal_clause),
            quotas: contract.quotas.iter().map(|q| (q.unit.clone(), q.per_month.to_string())).collect(),
        }
    }

    /// The quota rows to show: those typed, then blank ones to add more.
    pub fn quota_rows(&self) -> Vec<(String, String)> {
        let typed = self.quotas.iter().filter(|(unit, amount)| !unit.trim().is_empty() || !amount.trim().is_empty());
        typed.cloned().chain(std::iter::repeat_n((String::new(), String::new()), BLANK_QUOTAS)).collect()
    }
}

#[derive(Template)]
#[template(path = "contracts/form.html")]
pub struct ContractFormPage {
    pub ui: Ui,
    pub client_id: String,
    pub client_name: String,
    /// Where the form posts: a new draft for the client, or the draft edited.
    pub action: String,
    /// The draft's version when one is edited.
    pub version: Option<i64>,
    pub values: ContractValues,
    pub errors: Fields,
}

impl ContractFormPage {
    pub fn editing(&self) -> bool {
        self.version.is_some()
    }
}

/// The form for `client`, if the reader may change the client's record.
async fn form_page(
    state: &AppState,
    viewer: &Viewer,
    client: PartyId,
    draft: Option<(ContractId, i64)>,
    values: ContractValues,
    errors: Fields,
) -> Result<ContractFormPage, AppError> {
    let (party, access) = state.app.party_with_access(&viewer.actor, client, false).await?;
    if !access.may(Action::Update) {
        return Err(AppError::Forbidden);
    }
    Ok(ContractFormPage {
        ui: viewer.ui(Section::Parties),
        client_id: client.0.to_string(),
        client_name: party.facts.name.as_str().to_owned(),
        action: match draft {
            Some((id, _)) => format!("/contracts/{}", id.0),
            None => format!("/parties/{}/contracts", client.0),
        },
        version: draft.map(|(_, version)| version),
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
    let page =
        async { form_page(&state, &viewer, record_id(&client, PartyId)?, None, values, Fields::default()).await };
    match page.await {
        Ok(page) => render(viewer.user.locale, &page),
        Err(error) => ErrorPage::from_app(viewer.user.locale, error),
    }
}

/// `GET /contracts/{id}/edit`: the draft in the form; a contract that has
/// gone out is not edited, so its page is shown instead.
pub async fn edit_contract(State(state): State<AppState>, viewer: Viewer, Path(id): Path<String>) -> Response {
    let page = async {
        let contract = state.app.contract(&viewer.actor, record_id(&id, ContractId)?).await?;
        if contract.status != rapport_domain::contracts::ContractStatus::Draft {
            return Ok(None);
        }
        let values = ContractValues::of(&contract, &viewer);
        let draft = Some((contract.id, contract.version));
        form_page(&state, &viewer, contract.client_id, draft, values, Fields::default()).await.map(Some)
    };
    match page.await {
        Ok(Some(page)) => render(viewer.user.locale, &page),
        Ok(None) => Redirect::to(&format!("/contracts/{id}")).into_response(),
        Err(error) => ErrorPage::from_app(viewer.user.locale, error),
    }
}

/// Reads a whole number typed in `field`, if any.
fn whole(raw: &str, field: &str, errors: &mut ValidationErrors) -> Option<u32> {
    match raw.trim() {
        "" => None,
        text => text.parse::<u32>().map_err(|_| errors.push(field, "invalid_number", "must be a whole number")).ok(),
    }
}

/// Reads the fee part of the form in the workspace's currency.
fn fee(values: &ContractValues, viewer: &Viewer, errors: &mut ValidationErrors) -> Option<FeeSchedule> {
    let currency = viewer.workspace.settings.currency.clone();
    let amount =
        errors.take("amount", crate::amounts::read(&values.amount, viewer.user.locale, &currency)).map(|m| m.minor);
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

/// The quotas typed: a row with a unit needs its amount a month, and a row
/// left blank is skipped.
fn quotas(values: &ContractValues, errors: &mut ValidationErrors) -> Vec<QuotaInput> {
    let mut quotas = Vec::new();
    for (unit, per_month) in &values.quotas {
        match (unit.trim(), per_month.trim()) {
            ("", "") => {}
            ("", _) => errors.push("quotas", "required", "a quota needs its unit"),
            (unit, raw) => match raw.parse::<u32>() {
                Ok(per_month) if per_month > 0 => quotas.push(QuotaInput { unit: unit.to_owned(), per_month }),
                _ => errors.push("quotas", "not_positive", "a quota needs a whole number a month"),
            },
        }
    }
    quotas
}

/// The contract the form describes, with every field at fault in `errors`.
fn input(values: &ContractValues, client_id: PartyId, viewer: &Viewer) -> Result<ContractInput, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let fee = fee(values, viewer, &mut errors);
    let notice_days = whole(&values.notice_days, "notice_days", &mut errors);
    let quotas = quotas(values, &mut errors);
    let text = |t: &str| Some(t.trim().to_owned()).filter(|t| !t.is_empty());
    let input = ContractInput {
        client_id,
        title: values.title.clone(),
        scope: values.scope.clone(),
        // A refused fee stands in as nothing, so that the rest of the form
        // is still checked and every field at fault is shown at once.
        fee: fee.clone().unwrap_or(FeeSchedule::Fixed { amount_minor: 0 }),
        starts_on: values.starts_on.clone(),
        ends_on: text(&values.ends_on),
        renewal: text(&values.renewal),
        notice_days,
        terms: Terms {
            client_responsibilities: text(&values.client_responsibilities),
            provider_responsibilities: text(&values.provider_responsibilities),
            expected_outcomes: text(&values.expected_outcomes),
            withdrawal_clause: text(&values.withdrawal_clause),
        },
        quotas,
    };
    if let Err(others) = NewContract::parse(&input) {
        errors.0.extend(others.0.into_iter().filter(|e| fee.is_some() || !e.field.starts_with("fee")));
    }
    if errors.is_empty() { Ok(input) } else { Err(errors) }
}

/// Saves the form (a new draft, or the draft edited) and goes to the
/// contract's page; a refusal shows the form again with every error.
async fn save(
    state: &AppState,
    viewer: &Viewer,
    client: PartyId,
    draft: Option<(ContractId, i64)>,
    form: &Form,
) -> Response {
    let locale = viewer.user.locale;
    let values = ContractValues::from_form(form);
    let result = match input(&values, client, viewer) {
        Err(errors) => Err(AppError::Validation(errors)),
        Ok(input) => match draft {
            None => state.app.create_contract(&viewer.actor, &input).await,
            Some((id, version)) => state.app.revise_contract(&viewer.actor, id, Some(version), &input).await,
        },
    };
    let errors = match result {
        Ok(contract) => return Redirect::to(&format!("/contracts/{}", contract.id.0)).into_response(),
        Err(AppError::Validation(errors)) => errors,
        Err(AppError::VersionMismatch { .. }) => {
            ValidationErrors::single("title", "changed", "the contract changed since the form was shown")
        }
        Err(AppError::Conflict(reason)) => ValidationErrors::single("title", "conflict", reason),
        Err(error) => return ErrorPage::from_app(locale, error),
    };
    match form_page(state, viewer, client, draft, values, Fields::from(errors)).await {
        Ok(page) => with_status(render(locale, &page), 422),
        Err(error) => ErrorPage::from_app(locale, error),
    }
}

/// `POST /parties/{id}/contracts`: saves a new draft.
pub async fn create_contract(
    State(state): State<AppState>,
    Path(client): Path<String>,
    Posted { viewer, form }: Posted,
) -> Response {
    match record_id(&client, PartyId) {
        Ok(client) => save(&state, &viewer, client, None, &form).await,
        Err(error) => ErrorPage::from_app(viewer.user.locale, error),
    }
}

/// `POST /contracts/{id}`: saves the draft edited, at the version the form
/// was shown at.
pub async fn update_contract(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Posted { viewer, form }: Posted,
) -> Response {
    let found = async {
        let contract = state.app.contract(&viewer.actor, record_id(&id, ContractId)?).await?;
        let version = form.get("version").parse::<i64>().map_err(|_| AppError::NotFound)?;
        Ok::<_, AppError>((contract.client_id, contract.id, version))
    };
    match found.await {
        Ok((client, id, version)) => save(&state, &viewer, client, Some((id, version)), &form).await,
        Err(error) => ErrorPage::from_app(viewer.user.locale, error),
    }
}
