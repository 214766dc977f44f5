//! What a member does from a party's 360° page besides orders and contracts:
//! writes a note, links a person and an organization, assigns or removes a
//! member of the account team, hands it over to another owner, or deletes
//! and restores it, or sets its relationship by hand. Each form posts here
//! and comes back to the page; a refusal shows the page again with the
//! reason beside the field.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use rapport_core::AppError;
use rapport_domain::classification::{OverrideInput, TeamRole};
use rapport_domain::common::ids::{AffiliationId, NoteId, PartyId, UserId};
use rapport_domain::common::patch::Patch;
use rapport_domain::parties::affiliation::AffiliationInput;
use rapport_domain::parties::note::NoteInput;
use rapport_domain::parties::{PartyKind, PartyPatch};
use rapport_web::AppState;

use crate::errors::{ErrorPage, refusal, render, with_status};
use crate::fields::Fields;
use crate::form::{Form, Posted};
use crate::pages::record_id;
use crate::viewer::Viewer;

/// Back to the party's page at `section`; a refusal shows the page again
/// with the reason beside the field at fault and what was typed kept (or,
/// when the page itself cannot be shown, a page explaining the refusal).
pub(crate) async fn back(
    state: &AppState,
    viewer: &Viewer,
    party: &str,
    section: &str,
    result: Result<(), AppError>,
    form: &Form,
) -> Response {
    let locale = viewer.user.locale;
    let refused = match result {
        Ok(()) => return Redirect::to(&format!("/parties/{party}#{section}")).into_response(),
        Err(error) => refusal(error, ("page", "changed"), "page"),
    };
    let (status, errors) = match refused {
        Ok(refused) => refused,
        Err(error) => return ErrorPage::from_app(locale, error),
    };
    match crate::pages::parties::show::build(&state.app, viewer, party).await {
        Ok(mut page) => {
            page.typed = form.typed();
            page.errors = Fields::from(errors);
            with_status(render(locale, &page), status)
        }
        Err(_) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::CONFLICT);
            let mut page = ErrorPage::new(locale, status, "error-action-refused");
            page.details = errors.0.iter().map(|e| crate::fields::translate(locale, e)).collect();
            page.back = Some(format!("/parties/{party}#{section}"));
            page.into_response_page()
        }
    }
}

/// `POST /parties/{id}/override`: sets the party's relationship by hand,
/// with a reason and, if given, the day it stops applying.
pub async fn set_override(
    State(state): State<AppState>,
    Path(party): Path<String>,
    Posted { viewer, form }: Posted,
) -> Response {
    let result = async {
        let input = OverrideInput {
            kind: form.get("kind").to_owned(),
            reason: form.get("reason").to_owned(),
            expires_on: form.optional("expires_on").map(str::to_owned),
        };
        state.app.set_override(&viewer.actor, record_id(&party, PartyId)?, &input).await.map(|_| ())
    }
    .await;
    back(&state, &viewer, &party, "relationship", result, &form).await
}

/// `POST /parties/{id}/override/clear`: the rules decide again.
pub async fn clear_override(
    State(state): State<AppState>,
    Path(party): Path<String>,
    Posted { viewer, form }: Posted,
) -> Response {
    let result = async { state.app.clear_override(&viewer.actor, record_id(&party, PartyId)?).await.map(|_| ()) }.await;
    back(&state, &viewer, &party, "relationship", result, &form).await
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
    back(&state, &viewer, &party, "timeline", result, &form).await
}

/// `POST /notes/{id}`: rewrites a note at the version the page showed.
pub async fn edit_note(
    State(state): State<AppState>,
    Path(note): Path<String>,
    Posted { viewer, form }: Posted,
) -> Response {
    let found = async { state.app.note(&viewer.actor, record_id(&note, NoteId)?).await }.await;
    let note = match found {
        Ok(note) => note,
        Err(error) => return ErrorPage::from_app(viewer.user.locale, error),
    };
    let result = async {
        let version = form.get("version").parse::<i64>().map_err(|_| AppError::NotFound)?;
        let input = NoteInput { body: form.get("body").to_owned() };
        state.app.edit_note(&viewer.actor, note.id, Some(version), &input).await.map(|_| ())
    }
    .await;
    back(&state, &viewer, &note.party_id.0.to_string(), "timeline", result, &form).await
}

/// `POST /notes/{id}/delete` (softly, at the version the page showed) and
/// `/notes/{id}/restore`: back to the party's timeline, which offers to
/// restore a note just deleted.
pub async fn delete_or_restore_note(
    State(state): State<AppState>,
    Path((note, change)): Path<(String, String)>,
    Posted { viewer, form }: Posted,
) -> Response {
    let locale = viewer.user.locale;
    let id = match record_id(&note, NoteId) {
        Ok(id) => id,
        Err(error) => return ErrorPage::from_app(locale, error),
    };
    let result = match change.as_str() {
        "delete" => match form.get("version").parse::<i64>() {
            Ok(version) => state.app.delete_note(&viewer.actor, id, Some(version)).await,
            Err(_) => Err(AppError::NotFound),
        },
        "restore" => state.app.restore_note(&viewer.actor, id).await,
        _ => Err(AppError::NotFound),
    };
    match result {
        Ok(note) if note.deleted_at.is_some() => {
            Redirect::to(&format!("/parties/{}?deleted_note={}#timeline", note.party_id.0, note.id.0)).into_response()
        }
        Ok(note) => Redirect::to(&format!("/parties/{}#timeline", note.party_id.0)).into_response(),
        Err(error) => ErrorPage::from_app(locale, error),
    }
}

/// `POST /affiliations/{id}` (a new title), `/affiliations/{id}/end` and
/// `/affiliations/{id}/restore`: back to the person's page, which offers to
/// undo a link just ended.
pub async fn change_affiliation(
    State(state): State<AppState>,
    Path(params): Path<std::collections::HashMap<String, String>>,
    Posted { viewer, form }: Posted,
) -> Response {
    let locale = viewer.user.locale;
    let raw = params.get("id").map(String::as_str).unwrap_or_default();
    let change = params.get("change").map_or("title", String::as_str);
    let id = match record_id(raw, AffiliationId) {
        Ok(id) => id,
        Err(error) => return ErrorPage::from_app(locale, error),
    };
    let version = form.get("version").parse::<i64>().ok();
    let result = match change {
        "title" => {
            let title = match form.get("title").trim() {
                "" => Patch::Clear,
                text => Patch::Set(text.to_owned()),
            };
            state.app.retitle_affiliation(&viewer.actor, id, version, title).await
        }
        "end" => state.app.delete_affiliation(&viewer.actor, id, version).await,
        "restore" => state.app.restore_affiliation(&viewer.actor, id).await,
        _ => Err(AppError::NotFound),
    };
    match result {
        Ok(link) if link.deleted_at.is_some() => {
            Redirect::to(&format!("/parties/{}?ended_link={}#details", link.person_id.0, link.id.0)).into_response()
        }
        Ok(link) => Redirect::to(&format!("/parties/{}#details", link.person_id.0)).into_response(),
        Err(error) => match state.app.affiliation(&viewer.actor, id).await {
            // The person's page, which every link has, with the reason on it.
            Ok(link) => back(&state, &viewer, &link.person_id.0.to_string(), "details", Err(error), &form).await,
            Err(_) => ErrorPage::from_app(locale, error),
        },
    }
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
    back(&state, &viewer, &party, "details", result, &form).await
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
    back(&state, &viewer, &party, "details", result, &form).await
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
    back(&state, &viewer, &party, "details", result, &form).await
}

/// `POST /parties/{id}/delete` and `/parties/{id}/restore`. Deleting is soft
/// (at the version the page showed); the list then offers to restore it.
pub async fn delete_or_restore(
    State(state): State<AppState>,
    Path((party, change)): Path<(String, String)>,
    Posted { viewer, form }: Posted,
) -> Response {
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
        Err(error) => back(&state, &viewer, &party, "relationship", Err(error), &form).await,
    }
}
