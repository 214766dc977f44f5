//! `/api/v1/affiliations`: who works where.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use rapport_domain::common::ids::AffiliationId;
use rapport_domain::parties::affiliation::{Affiliation, AffiliationInput, AffiliationPatch};

use crate::api::responses::versioned;
use crate::extract::{ApiJson, Caller, IfMatch, PathId};
use crate::problem::Problem;
use crate::state::AppState;

/// Links a person to an organization, with an optional title.
#[utoipa::path(post, path = "/api/v1/affiliations", tag = "affiliations", request_body = AffiliationInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry return the first response")),
    responses(
        (status = 201, description = "Created", body = Affiliation, headers(("ETag" = String), ("Location" = String))),
        (status = 409, description = "The pair is linked already", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(state): State<AppState>,
    Caller(actor): Caller,
    ApiJson(input): ApiJson<AffiliationInput>,
) -> Result<Response, Problem> {
    let created = state.app.create_affiliation(&actor, &input).await?;
    let location = format!("/api/v1/affiliations/{}", created.id);
    Ok(versioned(StatusCode::CREATED, created.version, Some(location), &created))
}

/// Reads one affiliation.
#[utoipa::path(get, path = "/api/v1/affiliations/{id}", tag = "affiliations", params(("id" = AffiliationId, Path)),
    responses(
        (status = 200, description = "The affiliation", body = Affiliation, headers(("ETag" = String))),
        (status = 404, description = "No such affiliation", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get(State(state): State<AppState>, Caller(actor): Caller, id: PathId) -> Result<Response, Problem> {
    let found = state.app.affiliation(&actor, id.parse()?).await?;
    Ok(versioned(StatusCode::OK, found.version, None, &found))
}

/// Changes the title of an affiliation.
#[utoipa::path(patch, path = "/api/v1/affiliations/{id}", tag = "affiliations", request_body = AffiliationPatch,
    params(("id" = AffiliationId, Path), ("If-Match" = String, Header, description = "The ETag of the version being changed")),
    responses(
        (status = 200, description = "The changed affiliation", body = Affiliation, headers(("ETag" = String))),
        (status = 404, description = "No such affiliation", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "It changed since it was read", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match is missing", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn update(
    State(state): State<AppState>,
    Caller(actor): Caller,
    id: PathId,
    if_match: IfMatch,
    ApiJson(patch): ApiJson<AffiliationPatch>,
) -> Result<Response, Problem> {
    let id: AffiliationId = id.parse()?;
    let changed = state.app.retitle_affiliation(&actor, id, if_match.required()?, patch.title).await?;
    Ok(versioned(StatusCode::OK, changed.version, None, &changed))
}

/// Ends an affiliation (softly: the audit log keeps it).
#[utoipa::path(delete, path = "/api/v1/affiliations/{id}", tag = "affiliations",
    params(("id" = AffiliationId, Path), ("If-Match" = Option<String>, Header, description = "When given, the version being deleted")),
    responses(
        (status = 200, description = "The deleted affiliation", body = Affiliation),
        (status = 404, description = "No such affiliation", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "It changed since it was read", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn delete(
    State(state): State<AppState>,
    Caller(actor): Caller,
    id: PathId,
    if_match: IfMatch,
) -> Result<Response, Problem> {
    let deleted = state.app.delete_affiliation(&actor, id.parse()?, if_match.optional()).await?;
    Ok(versioned(StatusCode::OK, deleted.version, None, &deleted))
}

/// Links an ended affiliation again; a live one is answered as it is.
#[utoipa::path(post, path = "/api/v1/affiliations/{id}/restore", tag = "affiliations", params(("id" = AffiliationId, Path)),
    responses(
        (status = 200, description = "The affiliation, live again", body = Affiliation),
        (status = 404, description = "No such affiliation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The two are linked anew already", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn restore(State(state): State<AppState>, Caller(actor): Caller, id: PathId) -> Result<Response, Problem> {
    let affiliation = state.app.restore_affiliation(&actor, id.parse()?).await?;
    Ok(versioned(StatusCode::OK, affiliation.version, None, &affiliation))
}
