//! `/api/v1/contracts`: contracts with clients and their lifecycle.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use rapport_core::contracts::Step;
use rapport_domain::common::dates::parse_date;
use rapport_domain::common::ids::ContractId;
use rapport_domain::contracts::usage::{Usage, UsageInput};
use rapport_domain::contracts::{Contract, ContractInput, Side};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::responses::{Items, versioned};
use crate::extract::{ApiJson, ApiQuery, Caller, IfMatch, PathId};
use crate::problem::Problem;
use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Drafts a contract with a client.
#[utoipa::path(post, path = "/api/v1/contracts", tag = "contracts", request_body = ContractInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry return the first response")),
    responses(
        (status = 201, description = "Drafted", body = Contract),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(state): State<AppState>,
    Caller(actor): Caller,
    ApiJson(input): ApiJson<ContractInput>,
) -> Result<Response, Problem> {
    let contract = state.app.create_contract(&actor, &input).await?;
    Ok(versioned(StatusCode::CREATED, contract.version, Some(format!("/api/v1/contracts/{}", contract.id)), &contract))
}

/// A party's contracts as they stand today, oldest first.
#[utoipa::path(get, path = "/api/v1/parties/{id}/contracts", tag = "contracts",
    params(("id" = rapport_domain::common::ids::PartyId, Path)),
    responses(
        (status = 200, description = "The party's contracts", body = crate::api::responses::Items<Contract>),
        (status = 404, description = "No such party", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn of_party(
    State(state): State<AppState>,
    Caller(actor): Caller,
    id: PathId,
) -> Result<Json<crate::api::responses::Items<Contract>>, Problem> {
    Ok(Json(crate::api::responses::Items { items: state.app.contracts_of(&actor, id.parse()?).await? }))
}

/// Reads a contract as it stands today.
#[utoipa::path(get, path = "/api/v1/contracts/{id}", tag = "contracts", params(("id" = ContractId, Path)),
    responses(
        (status = 200, description = "The contract", body = Contract),
        (status = 404, description = "No such contract", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get(State(state): State<AppState>, Caller(actor): Caller, id: PathId) -> Result<Response, Problem> {
    let contract = state.app.contract(&actor, id.parse()?).await?;
    Ok(versioned(StatusCode::OK, contract.version, None, &contract))
}

/// Rewrites a draft's terms; a contract sent to its client is changed only
/// by its lifecycle.
#[utoipa::path(put, path = "/api/v1/contracts/{id}", tag = "contracts", request_body = ContractInput,
    params(("id" = ContractId, Path),
        ("If-Match" = Option<String>, Header, description = "The version read, as an ETag; a later one is refused")),
    responses(
        (status = 200, description = "Revised", body = Contract),
        (status = 409, description = "Not a draft any more", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed since it was read", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn revise(
    State(state): State<AppState>,
    Caller(actor): Caller,
    id: PathId,
    if_match: IfMatch,
    ApiJson(input): ApiJson<ContractInput>,
) -> Result<Response, Problem> {
    let contract = state.app.revise_contract(&actor, id.parse()?, if_match.optional(), &input).await?;
    Ok(versioned(StatusCode::OK, contract.version, None, &contract))
}

async fn step(
    state: &AppState,
    actor: &rapport_core::Actor,
    id: &PathId,
    if_match: IfMatch,
    step: Step,
) -> Result<Response, Problem> {
    let contract = state.app.contract_step(actor, id.parse()?, if_match.optional(), step).await?;
    Ok(versioned(StatusCode::OK, contract.version, None, &contract))
}

fn date(field: &str, raw: &str) -> Result<time::Date, Problem> {
    parse_date(raw).map_err(|p| Problem::validation(p.at(field)))
}

/// Sends a draft to the client.
#[utoipa::path(post, path = "/api/v1/contracts/{id}/send", tag = "contracts", params(("id" = ContractId, Path), ("If-Match" = Option<String>, Header, description = "When given, the version read, as its ETag; a later one is refused")),
    responses(
        (status = 200, description = "Sent", body = Contract),
        (status = 409, description = "Not a draft", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn send(
    State(state): State<AppState>,
    Caller(actor): Caller,
    id: PathId,
    if_match: IfMatch,
) -> Result<Response, Problem> {
    step(&state, &actor, &id, if_match, Step::Send).await
}

/// A signature.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignInput {
    side: Side,
    /// `YYYY-MM-DD`, not in the future.
    #[schema(format = Date)]
    signed_on: String,
}

/// Records one side's signature; with both, the contract is signed.
#[utoipa::path(post, path = "/api/v1/contracts/{id}/sign", tag = "contracts", request_body = SignInput,
    params(("id" = ContractId, Path), ("If-Match" = Option<String>, Header, description = "When given, the version read, as its ETag; a later one is refused")),
    responses(
        (status = 200, description = "Signed by that side", body = Contract),
        (status = 409, description = "Not awaiting that signature", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid date", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn sign(
    State(state): State<AppState>,
    Caller(actor): Caller,
    id: PathId,
    if_match: IfMatch,
    ApiJson(input): ApiJson<SignInput>,
) -> Result<Response, Problem> {
    let on = date("signed_on", &input.signed_on)?;
    step(&state, &actor, &id, if_match, Step::Sign { side: input.side, on }).await
}

/// Brings a contract signed by both sides into force.
#[utoipa::path(post, path = "/api/v1/contracts/{id}/activate", tag = "contracts", params(("id" = ContractId, Path), ("If-Match" = Option<String>, Header, description = "When given, the version read, as its ETag; a later one is refused")),
    responses(
        (status = 200, description = "Active", body = Contract),
        (status = 409, description = "Not signed by both sides", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn activate(
    State(state): State<AppState>,
    Caller(actor): Caller,
    id: PathId,
    if_match: IfMatch,
) -> Result<Response, Problem> {
    step(&state, &actor, &id, if_match, Step::Activate).await
}

/// When a termination takes effect.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TerminateInput {
    /// `YYYY-MM-DD`, at least the notice period away.
    #[schema(format = Date)]
    effective_on: String,
}

/// Ends an active contract, respecting its notice period.
#[utoipa::path(post, path = "/api/v1/contracts/{id}/terminate", tag = "contracts", request_body = TerminateInput,
    params(("id" = ContractId, Path), ("If-Match" = Option<String>, Header, description = "When given, the version read, as its ETag; a later one is refused")),
    responses(
        (status = 200, description = "Terminated", body = Contract),
        (status = 409, description = "Not active", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Too little notice", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn terminate(
    State(state): State<AppState>,
    Caller(actor): Caller,
    id: PathId,
    if_match: IfMatch,
    ApiJson(input): ApiJson<TerminateInput>,
) -> Result<Response, Problem> {
    let effective = date("effective_on", &input.effective_on)?;
    step(&state, &actor, &id, if_match, Step::Terminate { effective }).await
}

/// The new end of a renewed contract.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RenewInput {
    /// `YYYY-MM-DD`, after the current end.
    #[schema(format = Date)]
    ends_on: String,
}

/// Extends an active contract.
#[utoipa::path(post, path = "/api/v1/contracts/{id}/renew", tag = "contracts", request_body = RenewInput,
    params(("id" = ContractId, Path), ("If-Match" = Option<String>, Header, description = "When given, the version read, as its ETag; a later one is refused")),
    responses(
        (status = 200, description = "Renewed", body = Contract),
        (status = 409, description = "Not active", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not later than the current end", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn renew(
    State(state): State<AppState>,
    Caller(actor): Caller,
    id: PathId,
    if_match: IfMatch,
    ApiJson(input): ApiJson<RenewInput>,
) -> Result<Response, Problem> {
    let until = date("ends_on", &input.ends_on)?;
    step(&state, &actor, &id, if_match, Step::Renew { until }).await
}

/// Recorded use, with the quota it counts against this month.
#[derive(Serialize, ToSchema)]
pub struct UsageRecorded {
    usage: Usage,
    /// The quota's use in the month of the recorded day; `overuse` when beyond it.
    quota: QuotaView,
}

/// A quota's use in a month.
#[derive(Serialize, ToSchema)]
pub struct QuotaView {
    unit: String,
    per_month: u32,
    used_this_month: u32,
    /// By how much the month's use exceeds the quota.
    overuse: Option<u32>,
}

/// Records use of one of the contract's quotas (hours, requests…).
#[utoipa::path(post, path = "/api/v1/contracts/{id}/usage", tag = "contracts", request_body = UsageInput,
    params(("id" = ContractId, Path),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retry return the first response")),
    responses(
        (status = 201, description = "Recorded", body = UsageRecorded),
        (status = 404, description = "No such contract", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not signed by both sides", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn record_usage(
    State(state): State<AppState>,
    Caller(actor): Caller,
    id: PathId,
    ApiJson(input): ApiJson<UsageInput>,
) -> Result<(StatusCode, Json<UsageRecorded>), Problem> {
    let (usage, contract) = state.app.record_usage(&actor, id.parse()?, &input).await?;
    let quota = contract
        .quotas
        .iter()
        .find(|q| q.unit == usage.unit)
        .map(|q| QuotaView {
            unit: q.unit.clone(),
            per_month: q.per_month,
            used_this_month: q.used_this_month,
            overuse: q.overuse(),
        })
        .ok_or_else(|| Problem::internal(&"the recorded quota vanished"))?;
    Ok((StatusCode::CREATED, Json(UsageRecorded { usage, quota })))
}

/// Query parameters of the usage list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UsageParams {
    /// `YYYY-MM`; this month when absent.
    #[param(pattern = r"^[0-9]{4}-(0[1-9]|1[0-2])$")]
    month: Option<String>,
}

/// The use recorded against the contract's quotas in one month.
#[utoipa::path(get, path = "/api/v1/contracts/{id}/usage", tag = "contracts", params(("id" = ContractId, Path), UsageParams),
    responses(
        (status = 200, description = "Recorded use, by day", body = Items<Usage>),
        (status = 404, description = "No such contract", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid month", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn usage(
    State(state): State<AppState>,
    Caller(actor): Caller,
    id: PathId,
    ApiQuery(params): ApiQuery<UsageParams>,
) -> Result<Json<Items<Usage>>, Problem> {
    let day = match params.month.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(month) => Some(parse_date(&format!("{month}-01")).map_err(|_| {
            Problem::validation(rapport_domain::ValidationErrors::single("month", "invalid_month", "must be YYYY-MM"))
        })?),
    };
    Ok(Json(Items { items: state.app.contract_usage(&actor, id.parse()?, day).await? }))
}

/// The routes of contracts with clients.
pub(super) fn routes(router: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    router
        .routes(routes!(create))
        .routes(routes!(get, revise))
        .routes(routes!(of_party))
        .routes(routes!(send))
        .routes(routes!(sign))
        .routes(routes!(activate))
        .routes(routes!(terminate))
        .routes(routes!(renew))
        .routes(routes!(record_usage, usage))
}
