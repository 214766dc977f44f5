//! The playbook section's forms on the party page: choosing a lever,
//! marking the playbook won or dropped, recording a step taken.

use axum::extract::{Path, State};
use axum::response::Response;
use rapport_core::AppError;
use rapport_domain::ValidationErrors;
use rapport_domain::common::ids::PartyId;
use rapport_domain::value::conversion::Lever;
use rapport_domain::value::playbook::{PlaybookStatus, StepInput};
use rapport_web::AppState;

use crate::form::Posted;
use crate::pages::parties::actions::back;
use crate::pages::record_id;

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
    back(&state, &viewer, &party, "playbook", result, &form).await
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
    back(&state, &viewer, &party, "playbook", result, &form).await
}
