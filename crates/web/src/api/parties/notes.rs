//! Notes about a party: `/api/v1/parties/{id}/notes` and `/api/v1/notes/{id}`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use rapport_domain::common::ids::{NoteId, PartyId};
use rapport_domain::parties::note::{Note, NoteInput};

use crate::api::responses::{Items, versioned};
use crate::extract::{ApiJson, Caller, IfMatch, PathId};
use crate::problem::Problem;
use crate::state::AppState;

/// Writes a note about a party.
#[utoipa::path(post, path = "/api/v1/parties/{id}/notes", tag = "notes", request_body = NoteInput,
    params(("id" = PartyId, Path), ("Idempotency-Key" = Option<String>, Header, description = "Makes a retry return the first response")),
    responses(
        (status = 201, description = "Created", body = Note, headers(("ETag" = String), ("Location" = String))),
        (status = 404, description = "No such party", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(state): State<AppState>,
    Caller(actor): Caller,
    id: PathId,
    ApiJson(input): ApiJson<NoteInput>,
) -> Result<Response, Problem> {
    let note = state.app.add_note(&actor, id.parse()?, &input).await?;
    let location = format!("/api/v1/notes/{}", note.id);
    Ok(versioned(StatusCode::CREATED, note.version, Some(location), &note))
}

/// The notes about a party, newest first.
#[utoipa::path(get, path = "/api/v1/parties/{id}/notes", tag = "notes", params(("id" = PartyId, Path)),
    responses(
        (status = 200, description = "Notes", body = Items<Note>),
        (status = 404, description = "No such party", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(
    State(state): State<AppState>,
    Caller(actor): Caller,
    id: PathId,
) -> Result<Json<Items<Note>>, Problem> {
    let items = state.app.notes_of(&actor, id.parse()?).await?;
    Ok(Json(Items { items }))
}

/// Reads one note.
#[utoipa::path(get, path = "/api/v1/notes/{id}", tag = "notes", params(("id" = NoteId, Path)),
    responses(
        (status = 200, description = "The note", body = Note, headers(("ETag" = String))),
        (status = 404, description = "No such note", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get(State(state): State<AppState>, Caller(actor): Caller, id: PathId) -> Result<Response, Problem> {
    let note = state.app.note(&actor, id.parse()?).await?;
    Ok(versioned(StatusCode::OK, note.version, None, &note))
}

/// Rewrites a note.
#[utoipa::path(patch, path = "/api/v1/notes/{id}", tag = "notes", request_body = NoteInput,
    params(("id" = NoteId, Path), ("If-Match" = String, Header, description = "The ETag of the version being changed")),
    responses(
        (status = 200, description = "The changed note", body = Note, headers(("ETag" = String))),
        (status = 404, description = "No such note", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "It changed since it was read", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match is missing", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn update(
    State(state): State<AppState>,
    Caller(actor): Caller,
    id: PathId,
    if_match: IfMatch,
    ApiJson(input): ApiJson<NoteInput>,
) -> Result<Response, Problem> {
    let id: NoteId = id.parse()?;
    let note = state.app.edit_note(&actor, id, if_match.required()?, &input).await?;
    Ok(versioned(StatusCode::OK, note.version, None, &note))
}

/// Deletes a note (softly: the audit log keeps it).
#[utoipa::path(delete, path = "/api/v1/notes/{id}", tag = "notes",
    params(("id" = NoteId, Path), ("If-Match" = Option<String>, Header, description = "When given, the version being deleted")),
    responses(
        (status = 200, description = "The deleted note", body = Note),
        (status = 404, description = "No such note", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "It changed since it was read", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn delete(
    State(state): State<AppState>,
    Caller(actor): Caller,
    id: PathId,
    if_match: IfMatch,
) -> Result<Response, Problem> {
    let note = state.app.delete_note(&actor, id.parse()?, if_match.optional()).await?;
    Ok(versioned(StatusCode::OK, note.version, None, &note))
}

/// Brings a deleted note back; a live one is answered as it is.
#[utoipa::path(post, path = "/api/v1/notes/{id}/restore", tag = "notes", params(("id" = NoteId, Path)),
    responses(
        (status = 200, description = "The note, live again", body = Note),
        (status = 404, description = "No such note, or its party is deleted", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn restore(State(state): State<AppState>, Caller(actor): Caller, id: PathId) -> Result<Response, Problem> {
    let note = state.app.restore_note(&actor, id.parse()?).await?;
    Ok(versioned(StatusCode::OK, note.version, None, &note))
}
