//! A party's conversion playbook on its 360° page: the lever chosen to turn a
//! customer into a client, the steps taken (with the ones the lever
//! suggests), and whether it was won or dropped.

use axum::extract::{Path, State};
use axum::response::Response;
use rapport_core::{Actor, App, AppError};
use rapport_domain::ValidationErrors;
use rapport_domain::common::ids::PartyId;
use rapport_domain::value::conversion::Lever;
use rapport_domain::value::playbook::{PlaybookStatus, StepInput};
use rapport_web::AppState;
use time::Date;

use crate::form::Posted;
use crate::pages::party::who;
use crate::pages::{record_id, visible};

/// A step taken, as the page shows it.
#[derive(Debug, Clone)]
pub struct StepView {
    pub step: String,
    pub note: String,
    pub done_on: Date,
    pub by: String,
}

/// A party's playbook as the page shows it.
#[derive(Debug, Clone)]
pub struct PlaybookView {
    /// `incentive`, `best_service`, …
    pub lever: &'static str,
    /// `open`, `won` or `dropped`.
    pub status: &'static str,
    pub started_on: Date,
    pub steps: Vec<StepView>,
    /// The message ids of the steps the lever suggests.
    pub suggested: Vec<String>,
}

impl PlaybookView {
    pub fn is_open(&self) -> bool {
        self.status == "open"
    }
}

/// The message ids of the steps `lever` suggests, in their order.
fn suggested(lever: Lever) -> Vec<String> {
    (1..=lever.suggested_steps().len())
        .map(|i| format!("playbook-step-{}-{i}", lever.as_str().replace('_', "-")))
        .collect()
}

/// Every lever, for the form that starts a playbook or changes its lever.
pub fn levers() -> Vec<&'static str> {
    Lever::ALL.iter().map(|l| l.as_str()).collect()
}

/// The party's playbook, if it has one the reader may see.
pub async fn load(
    app: &App,
    actor: &Actor,
    party: PartyId,
    members: &std::collections::BTreeMap<String, String>,
) -> Result<Option<PlaybookView>, AppError> {
    Ok(visible(app.playbook(actor, party).await)?.map(|stored| {
        let p = stored.playbook;
        PlaybookView {
            lever: p.lever.as_str(),
            status: p.status.as_str(),
            started_on: p.started_on,
            steps: p
                .steps
                .into_iter()
                .rev()
                .map(|s| StepView {
                    step: s.step,
                    note: s.note.unwrap_or_default(),
                    done_on: s.done_on,
                    by: who(&s.by, members),
                })
                .collect(),
            suggested: suggested(p.lever),
        }
    }))
}

/// `POST /parties/{id}/playbook`: starts a playbook with the lever chosen,
/// or changes its lever, or marks it won, dropped or open again.
pub async fn set(
    State(state): State<AppState>,
    Path(party): Path<String>,
    Posted { viewer, form }: Posted,
) -> Response {
    let result = async {
        let id = record_id(&party, PartyId)?;
        let lever = Lever::parse(form.get("lever")).map_err(|p| AppError::Validation(p.at("lever")))?;
        let status = match form.get("status") {
            "" | "open" => PlaybookStatus::Open,
            "won" => PlaybookStatus::Won,
            "dropped" => PlaybookStatus::Dropped,
            _ => return Err(ValidationErrors::single("lever", "invalid_status", "not one of the statuses").into()),
        };
        state.app.set_playbook(&viewer.actor, id, lever, status).await.map(|_| ())
    }
    .await;
    crate::pages::actions::back(&state, &viewer, &party, "playbook", result, &form).await
}

/// `POST /parties/{id}/playbook/steps`: records a step taken, on the day
/// chosen (today by default).
pub async fn record_step(
    State(state): State<AppState>,
    Path(party): Path<String>,
    Posted { viewer, form }: Posted,
) -> Response {
    let result = async {
        let id = record_id(&party, PartyId)?;
        let input = StepInput {
            step: form.get("step").to_owned(),
            note: form.optional("step_note").map(str::to_owned),
            done_on: form.optional("done_on").map(str::to_owned),
        };
        state.app.record_playbook_step(&viewer.actor, id, &input).await.map(|_| ()).map_err(|error| match error {
            // The form's own name for the step's note.
            AppError::Validation(mut errors) => {
                for e in &mut errors.0 {
                    if e.field == "note" {
                        e.field = "step_note".to_owned();
                    }
                }
                AppError::Validation(errors)
            }
            other => other,
        })
    }
    .await;
    crate::pages::actions::back(&state, &viewer, &party, "playbook", result, &form).await
}
