//! `/api/v1/parties`: the party register.

mod account_team;
mod affiliations;
mod notes;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use rapport_core::parties::ListRequest;
use rapport_core::parties::store::PartyListItem;
use rapport_domain::common::audit::AuditEntry;
use rapport_domain::common::ids::PartyId;
use rapport_domain::parties::affiliation::Affiliation;
use rapport_domain::parties::{Party, PartyInput, PartyPatch};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::api::responses::{Items, Paged, versioned};
use crate::extract::{ApiJson, ApiQuery, Caller, IfMatch, PathId};
use crate::problem::Problem;
use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

fn location(party: &Party) -> Option<String> {
    Some(format!("/api/v1/parties/{}", party.id))
}

/// Creates a person or an organization.
#[utoipa::path(post, path = "/api/v1/parties", tag = "parties", request_body = PartyInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry return the first response instead of creating twice")),
    responses(
        (status = 201, description = "Created", body = Party, headers(("ETag" = String), ("Location" = String))),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(state): State<AppState>,
    Caller(actor): Caller,
    ApiJson(input): ApiJson<PartyInput>,
) -> Result<Response, Problem> {
    let party = state.app.create_party(&actor, &input).await?;
    Ok(versioned(StatusCode::CREATED, party.version, location(&party), &party))
}

/// Query parameters of the party list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// `person` or `organization`.
    #[param(value_type = Option<rapport_domain::parties::PartyKind>)]
    kind: Option<String>,
    /// Text searched for in names, emails and phone numbers.
    q: Option<String>,
    /// Only parties with this tag.
    tag: Option<String>,
    /// Only parties holding this kind of relationship: `client`, `customer`,
    /// `consumer`, `internal` or `prospect`.
    #[param(value_type = Option<rapport_domain::classification::Kind>)]
    relationship: Option<String>,
    /// Only buyers at this stage: `new`, `returning`, `loyal`, `at_risk` or `lapsed`.
    #[param(value_type = Option<rapport_domain::classification::Lifecycle>)]
    lifecycle: Option<String>,
    /// Whose parties: `me`, `none` (no one's) or a user's id.
    #[param(pattern = "^(me|none|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$")]
    owner: Option<String>,
    /// Whose accounts: the parties whose account team has `me` or the member
    /// with this id ("my accounts").
    #[param(pattern = "^(me|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$")]
    account_team: Option<String>,
    /// The order: `name` (A to Z, the default), `-name`, `-created` (newest
    /// first), `created` or `-updated` (most recently changed first).
    #[param(pattern = "^(name|-name|created|-created|-updated)$")]
    sort: Option<String>,
    /// The `next_cursor` of the previous page (in the same order).
    #[param(min_length = 1)]
    cursor: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<u32>,
}

/// A filter given empty is refused rather than read as no filter: the
/// document lists the values each one takes, and the empty string is not
/// among them.
fn given(field: &str, value: Option<String>) -> Result<Option<String>, Problem> {
    match value {
        Some(text) if text.trim().is_empty() => Err(Problem::validation(rapport_domain::ValidationErrors::single(
            field,
            "required",
            "must not be empty; leave it out for no filter",
        ))),
        other => Ok(other),
    }
}

/// Lists live parties, by name unless asked otherwise, a page at a time.
#[utoipa::path(get, path = "/api/v1/parties", tag = "parties", params(ListParams),
    responses(
        (status = 200, description = "A page of parties", body = Paged<Party>),
        (status = 422, description = "Invalid parameters", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(
    State(state): State<AppState>,
    Caller(actor): Caller,
    ApiQuery(params): ApiQuery<ListParams>,
) -> Result<Json<Paged<PartyListItem>>, Problem> {
    let request = ListRequest {
        kind: given("kind", params.kind)?,
        q: params.q,
        tag: params.tag,
        relationship: given("relationship", params.relationship)?,
        lifecycle: given("lifecycle", params.lifecycle)?,
        owner: given("owner", params.owner)?,
        account_team: given("account_team", params.account_team)?,
        sort: given("sort", params.sort)?,
        cursor: given("cursor", params.cursor)?,
        limit: params.limit,
    };
    let page = state.app.list_parties(&actor, &request).await?;
    Ok(Json(Paged { items: page.items, next_cursor: page.next_cursor.map(|c| c.encode()) }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GetParams {
    /// Also answer for a deleted party.
    #[serde(default)]
    include_deleted: bool,
}

/// Reads one party.
#[utoipa::path(get, path = "/api/v1/parties/{id}", tag = "parties", params(("id" = PartyId, Path), GetParams),
    responses(
        (status = 200, description = "The party", body = Party, headers(("ETag" = String))),
        (status = 404, description = "No such party", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get(
    State(state): State<AppState>,
    Caller(actor): Caller,
    id: PathId,
    ApiQuery(params): ApiQuery<GetParams>,
) -> Result<Response, Problem> {
    let party = state.app.party(&actor, id.parse()?, params.include_deleted).await?;
    Ok(versioned(StatusCode::OK, party.version, None, &party))
}

/// Changes some fields of a party. `If-Match` must carry the ETag that was read.
#[utoipa::path(patch, path = "/api/v1/parties/{id}", tag = "parties", request_body = PartyPatch,
    params(("id" = PartyId, Path), ("If-Match" = String, Header, description = "The ETag of the version being changed")),
    responses(
        (status = 200, description = "The changed party", body = Party, headers(("ETag" = String))),
        (status = 404, description = "No such party", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "The party changed since it was read", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match is missing", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn update(
    State(state): State<AppState>,
    Caller(actor): Caller,
    id: PathId,
    if_match: IfMatch,
    ApiJson(patch): ApiJson<PartyPatch>,
) -> Result<Response, Problem> {
    let id: PartyId = id.parse()?;
    let party = state.app.update_party(&actor, id, if_match.required()?, patch).await?;
    Ok(versioned(StatusCode::OK, party.version, None, &party))
}

/// Deletes a party softly: it leaves every list and can be restored.
#[utoipa::path(delete, path = "/api/v1/parties/{id}", tag = "parties",
    params(("id" = PartyId, Path), ("If-Match" = Option<String>, Header, description = "When given, the version being deleted")),
    responses(
        (status = 200, description = "The deleted party", body = Party, headers(("ETag" = String))),
        (status = 404, description = "No such live party", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "The party changed since it was read", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn delete(
    State(state): State<AppState>,
    Caller(actor): Caller,
    id: PathId,
    if_match: IfMatch,
) -> Result<Response, Problem> {
    let party = state.app.delete_party(&actor, id.parse()?, if_match.optional()).await?;
    Ok(versioned(StatusCode::OK, party.version, None, &party))
}

/// Brings a deleted party back.
#[utoipa::path(post, path = "/api/v1/parties/{id}/restore", tag = "parties", params(("id" = PartyId, Path)),
    responses(
        (status = 200, description = "The restored party", body = Party, headers(("ETag" = String))),
        (status = 404, description = "No such party", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn restore(State(state): State<AppState>, Caller(actor): Caller, id: PathId) -> Result<Response, Problem> {
    let party = state.app.restore_party(&actor, id.parse()?).await?;
    Ok(versioned(StatusCode::OK, party.version, None, &party))
}

/// The audit log of a party, newest first: its own changes and its affiliations'.
#[utoipa::path(get, path = "/api/v1/parties/{id}/audit", tag = "parties", params(("id" = PartyId, Path)),
    responses(
        (status = 200, description = "Audit entries", body = Items<AuditEntry>),
        (status = 404, description = "No such party", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn audit(
    State(state): State<AppState>,
    Caller(actor): Caller,
    id: PathId,
) -> Result<Json<Items<AuditEntry>>, Problem> {
    let items = state.app.party_audit(&actor, id.parse()?, 500).await?;
    Ok(Json(Items { items }))
}

/// The live affiliations of a party.
#[utoipa::path(get, path = "/api/v1/parties/{id}/affiliations", tag = "affiliations", params(("id" = PartyId, Path)),
    responses(
        (status = 200, description = "Affiliations", body = Items<Affiliation>),
        (status = 404, description = "No such party", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn affiliations(
    State(state): State<AppState>,
    Caller(actor): Caller,
    id: PathId,
) -> Result<Json<Items<Affiliation>>, Problem> {
    let items = state.app.affiliations_of(&actor, id.parse()?).await?;
    Ok(Json(Items { items }))
}

/// The routes of parties, their affiliations, notes and account teams.
pub(super) fn routes(router: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    router
        .routes(routes!(create, list))
        .routes(routes!(get, update, delete))
        .routes(routes!(restore))
        .routes(routes!(audit))
        .routes(routes!(affiliations))
        .routes(routes!(account_team::list, account_team::assign, account_team::unassign))
        .routes(routes!(notes::create, notes::list))
        .routes(routes!(notes::get, notes::update, notes::delete))
        .routes(routes!(notes::restore))
        .routes(routes!(affiliations::create))
        .routes(routes!(affiliations::get, affiliations::update, affiliations::delete))
        .routes(routes!(affiliations::restore))
}
