//! What a member does from a party's 360° page besides orders and contracts:
//! writes a note, links a person and an organization, assigns or removes a
//! member of the account team, and ends or renews an active contract. Each
//! form posts here and comes back to the page; a refusal shows the page's
//! error with the reason.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use rapport_core::AppError;
use rapport_core::app::contracts::Step;
use rapport_domain::affiliation::AffiliationInput;
use rapport_domain::ids::{ContractId, PartyId, UserId};
use rapport_domain::note::NoteInput;
use rapport_domain::party::{PartyKind, PartyPatch};
use rapport_domain::patch::Patch;
use rapport_domain::relationship::TeamRole;
use rapport_web::AppState;
use time::Date;

use crate::errors::ErrorPage;
use crate::form::Posted;
use crate::pages::record_id;

fn date(raw: &str, field: &'static str) -> Result<Date, AppError> {
    Date::parse(raw.trim(), &time::macros::format_description!("[year]-[month]-[day]")).map_err(|_| {
        AppError::Validation(rapport_domain::ValidationErrors::single(field, "invalid_date", "must be a date"))
    })
}

/// Back to the party's page at `section`, or the page explaining a refusal.
fn back(
    locale: rapport_domain::workspace::Locale,
    party: &str,
    section: &str,
    result: Result<(), AppError>,
) -> Response {
    match result {
        Ok(()) => Redirect::to(&format!("/parties/{party}#{section}")).into_response(),
        Err(AppError::Validation(errors)) => {
            let mut page = ErrorPage::new(locale, StatusCode::UNPROCESSABLE_ENTITY, "error-action-refused");
            page.details = errors.0.iter().map(|e| crate::fields::translate(locale, e)).collect();
            page.back = Some(format!("/parties/{party}#{section}"));
            page.into_response_page()
        }
        Err(AppError::Conflict(reason)) => {
            let mut page = ErrorPage::new(locale, StatusCode::CONFLICT, "error-action-refused");
            page.details = vec![reason];
            page.back = Some(format!("/parties/{party}#{section}"));
            page.into_response_page()
        }
        Err(error) => ErrorPage::from_app(locale, error),
    }
}

/// `POST /parties/{id}/notes`.
pub async fn add_note(
    State(state): State<AppState>,
    Path(party): Path<String>,
    Posted { viewer, form }: Posted,
) -> Response {
    let result = async {
        let input = NoteInput { body: form.get("body").to_owned() };
        state.app.add_note(&viewer.actor, record_id(&party, PartyId)?, &input).await.map(|_| ())
    }
    .await;
    back(viewer.user.locale, &party, "timeline", result)
}

/// `POST /parties/{id}/affiliations`: links the party with the one chosen
/// (`other`), whichever of the two is the person.
pub async fn affiliate(
    State(state): State<AppState>,
    Path(party): Path<String>,
    Posted { viewer, form }: Posted,
) -> Response {
    let result = async {
        let this = state.app.party(&viewer.actor, record_id(&party, PartyId)?, false).await?;
        let other = record_id(form.get("other"), PartyId).map_err(|_| {
            AppError::Validation(rapport_domain::ValidationErrors::single("other", "required", "choose whom to link"))
        })?;
        let (person_id, organization_id) =
            if this.facts.kind == PartyKind::Person { (this.id, other) } else { (other, this.id) };
        let title = form.optional("title").map(str::to_owned);
        let input = AffiliationInput { person_id, organization_id, title };
        state.app.create_affiliation(&viewer.actor, &input).await.map(|_| ())
    }
    .await;
    back(viewer.user.locale, &party, "details", result)
}

/// `POST /parties/{id}/team` (assign) and `/parties/{id}/team/remove`.
pub async fn team(
    State(state): State<AppState>,
    Path((party, change)): Path<(String, String)>,
    Posted { viewer, form }: Posted,
) -> Response {
    let result = async {
        let party_id = record_id(&party, PartyId)?;
        let user = record_id(form.get("user"), UserId)?;
        let role = TeamRole::parse(form.get("role")).map_err(|p| AppError::Validation(p.at("role")))?;
        match change.as_str() {
            "assign" => state.app.assign(&viewer.actor, party_id, user, role).await,
            "remove" => state.app.unassign(&viewer.actor, party_id, user, role).await,
            _ => Err(AppError::NotFound),
        }
    }
    .await;
    back(viewer.user.locale, &party, "details", result)
}

/// `POST /parties/{id}/owner`: hands the party to the member chosen, or to
/// no one, at the version the page showed.
pub async fn hand_over(
    State(state): State<AppState>,
    Path(party): Path<String>,
    Posted { viewer, form }: Posted,
) -> Response {
    let result = async {
        let id = record_id(&party, PartyId)?;
        let version = form.get("version").parse::<i64>().map_err(|_| AppError::NotFound)?;
        let owner = match form.get("owner").trim() {
            "" => Patch::Clear,
            raw => Patch::Set(record_id(raw, UserId)?),
        };
        let patch = PartyPatch { owner_id: owner, ..PartyPatch::default() };
        state.app.update_party(&viewer.actor, id, Some(version), patch).await.map(|_| ())
    }
    .await;
    back(viewer.user.locale, &party, "details", result)
}

/// `POST /contracts/{id}/end`: terminates an active contract on a date, or
/// renews it until one (`step` says which), at the version the page showed.
pub async fn end_or_renew(
    State(state): State<AppState>,
    Path(contract): Path<String>,
    Posted { viewer, form }: Posted,
) -> Response {
    let locale = viewer.user.locale;
    let result = async {
        let contract = record_id(&contract, ContractId)?;
        let version = form.get("version").parse::<i64>().map_err(|_| AppError::NotFound)?;
        let step = match form.get("step") {
            "terminate" => Step::Terminate { effective: date(form.get("on"), "on")? },
            "renew" => Step::Renew { until: date(form.get("on"), "on")? },
            _ => return Err(AppError::NotFound),
        };
        state.app.contract_step(&viewer.actor, contract, Some(version), step).await.map(|c| c.client_id)
    }
    .await;
    match result {
        Ok(client) => back(locale, &client.0.to_string(), "contracts", Ok(())),
        Err(error) => {
            // Back to the party the form was on (an id, or the list).
            let party = record_id(form.get("party"), PartyId).map(|p| p.0.to_string()).unwrap_or_default();
            back(locale, &party, "contracts", Err(error))
        }
    }
}

/// `POST /parties/{id}/delete` and `/parties/{id}/restore`. Deleting is soft
/// (at the version the page showed); the list then offers to restore it.
pub async fn delete_or_restore(
    State(state): State<AppState>,
    Path((party, change)): Path<(String, String)>,
    Posted { viewer, form }: Posted,
) -> Response {
    let locale = viewer.user.locale;
    let result = async {
        let id = record_id(&party, PartyId)?;
        match change.as_str() {
            "delete" => {
                let version = form.get("version").parse::<i64>().map_err(|_| AppError::NotFound)?;
                state.app.delete_party(&viewer.actor, id, Some(version)).await
            }
            "restore" => state.app.restore_party(&viewer.actor, id).await,
            _ => Err(AppError::NotFound),
        }
    }
    .await;
    match result {
        Ok(party) if party.deleted_at.is_some() => {
            Redirect::to(&format!("/parties?deleted_party={}", party.id.0)).into_response()
        }
        Ok(party) => Redirect::to(&format!("/parties/{}", party.id.0)).into_response(),
        Err(error) => back(locale, &party, "relationship", Err(error)),
    }
}
