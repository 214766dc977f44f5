//! A contract's own page: every term, who signed on which day, the quotas
//! and their use this month, its history, and the steps a member who may
//! change it can take: send, sign (on the day chosen), activate, record use,
//! terminate or renew on a date the page offers. A refused step comes back
//! to this page with the reason beside the field and what was typed kept.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use rapport_core::AppError;
use rapport_core::contracts::Step;
use rapport_domain::ValidationErrors;
use rapport_domain::access::Action;
use rapport_domain::common::dates::parse_date;
use rapport_domain::common::ids::ContractId;
use rapport_domain::contracts::usage::UsageInput;
use rapport_domain::contracts::{Contract, ContractStatus, FeeSchedule, Renewal, Side, Terms, usage};
use rapport_web::AppState;
use time::Date;

use crate::context::{Section, Ui};
use crate::errors::{ErrorPage, refusal, render, with_status};
use crate::fields::Fields;
use crate::form::{Form, Posted};
use crate::pages::record_id;
use crate::pages::timeline::{LinkView, TimelineItem, audit_detail, who};
use crate::viewer::Viewer;

/// A quota with its use this month.
pub struct QuotaView {
    pub unit: String,
    pub per_month: u32,
    pub used: u32,
    pub overuse: Option<u32>,
}

/// One recorded use of a quota.
pub struct UseView {
    pub on: Date,
    pub unit: String,
    pub amount: u32,
    pub note: String,
    pub who: String,
}

#[derive(Template)]
#[template(path = "contracts/show.html")]
pub struct ContractPage {
    pub ui: Ui,
    pub id: String,
    pub title: String,
    pub scope: String,
    pub status: ContractStatus,
    pub client: LinkView,
    pub fee: FeeSchedule,
    pub starts_on: Date,
    pub ends_on: Option<Date>,
    pub automatic: bool,
    pub notice_days: u32,
    pub terms: Terms,
    pub client_signed_on: Option<Date>,
    pub provider_signed_on: Option<Date>,
    pub quotas: Vec<QuotaView>,
    pub uses: Vec<UseView>,
    pub timeline: Vec<TimelineItem>,
    /// The workspace's today: the latest day a signature may carry.
    pub today: Date,
    pub version: i64,
    /// Whether the reader may change the contract at all.
    pub may_change: bool,
    /// The sides still to sign, when the contract is out for signature.
    pub to_sign: Vec<&'static str>,
    /// The earliest dates a termination and a renewal may take, when they may.
    pub earliest_end: Option<Date>,
    pub earliest_renewal: Option<Date>,
    /// Whether use of a quota can be recorded now.
    pub may_record_use: bool,
    /// What was typed in the form that was refused, by field.
    pub typed: BTreeMap<String, String>,
    pub errors: Fields,
}

impl ContractPage {
    /// What was typed in `field`, or `default` when the page is fresh.
    pub fn typed_or(&self, field: &str, default: &str) -> String {
        self.typed.get(field).cloned().unwrap_or_else(|| default.to_owned())
    }

    /// Whether the refused form was the one signing for `side`.
    pub fn signing(&self, side: &str) -> bool {
        self.typed.get("side").is_some_and(|s| s == side)
    }

    /// The label of the date a side signed on.
    pub fn sign_label(&self, side: &str) -> &'static str {
        if side == "client" { "contract-client-signed-on" } else { "contract-provider-signed-on" }
    }

    /// Whether the contract has a future to renew: not once it has ended.
    pub fn runs(&self) -> bool {
        !matches!(self.status, ContractStatus::Terminated | ContractStatus::Expired)
    }

    pub fn is_draft(&self) -> bool {
        self.status == ContractStatus::Draft
    }

    /// Whether a signed contract waits to be put into force.
    pub fn may_activate(&self) -> bool {
        self.may_change && self.status == ContractStatus::Signed
    }
}

async fn build(state: &AppState, viewer: &Viewer, raw_id: &str) -> Result<ContractPage, AppError> {
    let app = &state.app;
    let actor = &viewer.actor;
    let contract: Contract = app.contract(actor, record_id(raw_id, ContractId)?).await?;
    let (client, uses, audit, members) = tokio::join!(
        app.party_with_access(actor, contract.client_id, false),
        app.contract_usage(actor, contract.id, None),
        app.party_audit(actor, contract.client_id, 200),
        app.member_names(actor),
    );
    let (client, access) = client?;
    let members: BTreeMap<String, String> =
        members?.into_iter().map(|(id, name)| (format!("user:{}", id.0), name)).collect();
    let ui = viewer.ui(Section::Parties);
    let timeline = audit?
        .into_iter()
        .filter(|entry| entry.entity_id == contract.id.0)
        .map(|entry| TimelineItem {
            at: entry.at,
            what: format!("timeline-contract-{}", entry.action.replace('_', "-")),
            who: who(&entry.actor, &members),
            detail: audit_detail(&ui, &entry),
            note: None,
        })
        .collect();
    let uses = uses?
        .into_iter()
        .map(|u| UseView {
            on: u.used_on,
            unit: u.unit,
            amount: u.amount,
            note: u.note.unwrap_or_default(),
            who: who(&u.recorded_by, &members),
        })
        .collect();
    let today = viewer.today(app.now());
    let may_change = access.may(Action::Update);
    let lifecycle = contract.lifecycle();
    let to_sign = match (may_change, contract.status) {
        (true, ContractStatus::Sent) => {
            [(contract.client_signed_on.is_none(), "client"), (contract.provider_signed_on.is_none(), "provider")]
                .into_iter()
                .filter_map(|(open, side)| open.then_some(side))
                .collect()
        }
        _ => Vec::new(),
    };
    Ok(ContractPage {
        ui,
        id: contract.id.0.to_string(),
        title: contract.title.clone(),
        scope: contract.scope.clone(),
        status: contract.status,
        client: LinkView {
            id: client.id.0.to_string(),
            name: client.facts.name.as_str().to_owned(),
            detail: String::new(),
        },
        fee: contract.fee.clone(),
        starts_on: contract.starts_on,
        ends_on: contract.ends_on,
        automatic: contract.renewal == Renewal::Automatic,
        notice_days: contract.notice_days,
        terms: contract.terms.clone(),
        client_signed_on: contract.client_signed_on,
        provider_signed_on: contract.provider_signed_on,
        quotas: contract
            .quotas
            .iter()
            .map(|q| QuotaView {
                unit: q.unit.clone(),
                per_month: q.per_month,
                used: q.used_this_month,
                overuse: q.overuse(),
            })
            .collect(),
        uses,
        timeline,
        today,
        version: contract.version,
        may_change,
        to_sign,
        earliest_end: lifecycle.earliest_termination(today).filter(|_| may_change),
        earliest_renewal: lifecycle.earliest_renewal(today).filter(|_| may_change),
        may_record_use: may_change && !contract.quotas.is_empty() && usage::refusal(&contract).is_none(),
        typed: BTreeMap::new(),
        errors: Fields::default(),
    })
}

/// `GET /contracts/{id}`.
pub async fn show(State(state): State<AppState>, viewer: Viewer, Path(id): Path<String>) -> Response {
    match build(&state, &viewer, &id).await {
        Ok(page) => render(viewer.user.locale, &page),
        Err(error) => ErrorPage::from_app(viewer.user.locale, error),
    }
}

/// A date typed in `field`.
fn date(form: &Form, field: &'static str) -> Result<Date, AppError> {
    parse_date(form.get(field)).map_err(|problem| AppError::Validation(problem.at(field)))
}

/// The step a form names, with the dates it carries.
fn step_of(form: &Form) -> Result<Step, AppError> {
    Ok(match form.get("step") {
        "send" => Step::Send,
        "activate" => Step::Activate,
        "sign" => {
            let side = match form.get("side") {
                "client" => Side::Client,
                "provider" => Side::Provider,
                _ => return Err(AppError::NotFound),
            };
            Step::Sign { side, on: date(form, "signed_on")? }
        }
        "terminate" => Step::Terminate { effective: date(form, "effective_on")? },
        "renew" => Step::Renew { until: date(form, "ends_on")? },
        _ => return Err(AppError::NotFound),
    })
}

/// `POST /contracts/{id}/step`: sends, signs for one side on the day chosen,
/// activates, terminates or renews the contract at the version the page
/// showed.
pub async fn step(State(state): State<AppState>, Path(id): Path<String>, Posted { viewer, form }: Posted) -> Response {
    let result = async {
        let contract = record_id(&id, ContractId)?;
        let version = form.get("version").parse::<i64>().map_err(|_| AppError::NotFound)?;
        state.app.contract_step(&viewer.actor, contract, Some(version), step_of(&form)?).await.map(|_| ())
    }
    .await;
    after_change(&state, &viewer, &id, result, &form).await
}

/// `POST /contracts/{id}/usage`: records use of one of its quotas.
pub async fn record_use(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Posted { viewer, form }: Posted,
) -> Response {
    let result = async {
        let contract = record_id(&id, ContractId)?;
        let amount = match form.get("amount").trim() {
            "" => return Err(ValidationErrors::single("amount", "required", "how much was used").into()),
            raw => raw.parse::<u32>().map_err(|_| {
                AppError::Validation(ValidationErrors::single("amount", "invalid_number", "must be a whole number"))
            })?,
        };
        let input = UsageInput {
            unit: form.get("unit").to_owned(),
            amount,
            used_on: form.optional("used_on").map(str::to_owned),
            note: form.optional("note").map(str::to_owned),
        };
        state.app.record_usage(&viewer.actor, contract, &input).await.map(|_| ())
    }
    .await;
    after_change(&state, &viewer, &id, result, &form).await
}

/// Back to the contract's page, or the page again with what was refused
/// beside its field and what was typed kept.
async fn after_change(
    state: &AppState,
    viewer: &Viewer,
    id: &str,
    result: Result<(), AppError>,
    form: &Form,
) -> Response {
    let locale = viewer.user.locale;
    let refused = match result {
        Ok(()) => return Redirect::to(&format!("/contracts/{id}")).into_response(),
        Err(error) => refusal(error, ("step", "changed"), "step"),
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
