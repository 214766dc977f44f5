//! What a member does from a party's 360° page besides orders and contracts:
//! writes a note, links a person and an organization, assigns or removes a
//! member of the account team, hands it over to another owner, or deletes
//! and restores it. Each form posts here and comes back to the page; a
//! refusal shows the page's error with the reason.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use rapport_core::AppError;
use rapport_domain::affiliation::AffiliationInput;
use rapport_domain::ids::{PartyId, UserId};
use rapport_domain::note::NoteInput;
use rapport_domain::party::{PartyKind, PartyPatch};
use rapport_domain::patch::Patch;
use rapport_domain::relationship::TeamRole;
use rapport_web::AppState;

use crate::errors::ErrorPage;
use crate::form::Posted;
use crate::pages::record_id;

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
