//! Offerings and orders.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use rapport_domain::commerce::adjustment::{Adjustment, ExchangeInput, RefundInput};
use rapport_domain::commerce::{Offering, OfferingInput, OfferingPatch, Order, OrderInput};
use rapport_domain::common::ids::{OfferingId, OrderId};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::api::responses::{Items, versioned};
use crate::extract::{ApiJson, Caller, IfMatch, PathId};
use crate::problem::Problem;
use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Which part of the catalogue to list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OfferingsParams {
    /// `true` for the retired offerings instead of the live ones.
    #[serde(default)]
    retired: bool,
}

/// The catalogue of the workspace, by name.
#[utoipa::path(get, path = "/api/v1/offerings", tag = "commerce", params(OfferingsParams),
    responses(
        (status = 200, description = "Offerings", body = Items<Offering>),
        (status = 422, description = "Invalid parameters", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn offerings(
    State(state): State<AppState>,
    Caller(actor): Caller,
    crate::extract::ApiQuery(params): crate::extract::ApiQuery<OfferingsParams>,
) -> Result<Json<Items<Offering>>, Problem> {
    Ok(Json(Items { items: state.app.offerings(&actor, params.retired).await? }))
}

/// An offering, retired or not.
#[utoipa::path(get, path = "/api/v1/offerings/{id}", tag = "commerce",
    params(("id" = OfferingId, Path)),
    responses(
        (status = 200, description = "The offering", body = Offering, headers(("ETag" = String))),
        (status = 404, description = "No such offering", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn offering(State(state): State<AppState>, Caller(actor): Caller, id: PathId) -> Result<Response, Problem> {
    let offering = state.app.offering(&actor, id.parse()?).await?;
    Ok(versioned(StatusCode::OK, offering.version, None, &offering))
}

/// Renames an offering or changes its list price (owners and admins). Past
/// orders keep the prices they were sold at.
#[utoipa::path(patch, path = "/api/v1/offerings/{id}", tag = "commerce", request_body = OfferingPatch,
    params(("id" = OfferingId, Path), ("If-Match" = String, Header, description = "The ETag of the version being changed")),
    responses(
        (status = 200, description = "The changed offering", body = Offering, headers(("ETag" = String))),
        (status = 404, description = "No such offering", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Retired: restore it first", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "It changed since it was read", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match is missing", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn update_offering(
    State(state): State<AppState>,
    Caller(actor): Caller,
    id: PathId,
    if_match: IfMatch,
    ApiJson(patch): ApiJson<OfferingPatch>,
) -> Result<Response, Problem> {
    let offering = state.app.update_offering(&actor, id.parse()?, if_match.required()?, &patch).await?;
    Ok(versioned(StatusCode::OK, offering.version, None, &offering))
}

/// Retires an offering (softly): no new order takes it; it can be restored.
#[utoipa::path(delete, path = "/api/v1/offerings/{id}", tag = "commerce",
    params(("id" = OfferingId, Path), ("If-Match" = Option<String>, Header, description = "When given, the version being retired")),
    responses(
        (status = 200, description = "The retired offering", body = Offering),
        (status = 404, description = "No such offering", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "It changed since it was read", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn retire_offering(
    State(state): State<AppState>,
    Caller(actor): Caller,
    id: PathId,
    if_match: IfMatch,
) -> Result<Response, Problem> {
    let offering = state.app.retire_offering(&actor, id.parse()?, if_match.optional()).await?;
    Ok(versioned(StatusCode::OK, offering.version, None, &offering))
}

/// Brings a retired offering back into the catalogue.
#[utoipa::path(post, path = "/api/v1/offerings/{id}/restore", tag = "commerce",
    params(("id" = OfferingId, Path)),
    responses(
        (status = 200, description = "The offering", body = Offering),
        (status = 404, description = "No such offering", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn restore_offering(
    State(state): State<AppState>,
    Caller(actor): Caller,
    id: PathId,
) -> Result<Response, Problem> {
    let offering = state.app.restore_offering(&actor, id.parse()?).await?;
    Ok(versioned(StatusCode::OK, offering.version, None, &offering))
}

/// Adds an offering (owners and admins).
#[utoipa::path(post, path = "/api/v1/offerings", tag = "commerce", request_body = OfferingInput,
    responses(
        (status = 201, description = "Created", body = Offering),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create_offering(
    State(state): State<AppState>,
    Caller(actor): Caller,
    ApiJson(input): ApiJson<OfferingInput>,
) -> Result<Response, Problem> {
    let offering = state.app.create_offering(&actor, &input).await?;
    Ok(versioned(StatusCode::CREATED, offering.version, None, &offering))
}

/// Records an order, with the end users of each line.
#[utoipa::path(post, path = "/api/v1/orders", tag = "commerce", request_body = OrderInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry return the first response")),
    responses(
        (status = 201, description = "Created", body = Order),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create_order(
    State(state): State<AppState>,
    Caller(actor): Caller,
    ApiJson(input): ApiJson<OrderInput>,
) -> Result<Response, Problem> {
    let order = state.app.create_order(&actor, &input).await?;
    Ok(versioned(StatusCode::CREATED, order.version, Some(format!("/api/v1/orders/{}", order.id)), &order))
}

/// How many of a party's orders.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrdersParams {
    /// 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<u32>,
}

/// The orders a party bought, newest first.
#[utoipa::path(get, path = "/api/v1/parties/{id}/orders", tag = "commerce",
    params(("id" = rapport_domain::common::ids::PartyId, Path), OrdersParams),
    responses(
        (status = 200, description = "The party's orders", body = Items<Order>),
        (status = 404, description = "No such party", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid parameters", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn orders_of(
    State(state): State<AppState>,
    Caller(actor): Caller,
    id: PathId,
    crate::extract::ApiQuery(params): crate::extract::ApiQuery<OrdersParams>,
) -> Result<Json<Items<Order>>, Problem> {
    let limit = crate::api::responses::list_limit(params.limit)?;
    Ok(Json(Items { items: state.app.orders_of(&actor, id.parse()?, limit).await? }))
}

/// Reads one order.
#[utoipa::path(get, path = "/api/v1/orders/{id}", tag = "commerce", params(("id" = OrderId, Path)),
    responses(
        (status = 200, description = "The order", body = Order),
        (status = 404, description = "No such order", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn order(State(state): State<AppState>, Caller(actor): Caller, id: PathId) -> Result<Response, Problem> {
    let order = state.app.order(&actor, id.parse()?).await?;
    Ok(versioned(StatusCode::OK, order.version, None, &order))
}

/// A new status for an order.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusInput {
    /// `paid`, `fulfilled` or `cancelled` (refunds set the refunded statuses).
    #[schema(pattern = "^(paid|fulfilled|cancelled)$")]
    status: String,
}

/// Moves an order on: paid, fulfilled, or cancelled.
#[utoipa::path(post, path = "/api/v1/orders/{id}/status", tag = "commerce", request_body = StatusInput,
    params(("id" = OrderId, Path), ("If-Match" = Option<String>, Header, description = "When given, the version read, as its ETag; a later one is refused")),
    responses(
        (status = 200, description = "The order", body = Order),
        (status = 404, description = "No such order", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Changed meanwhile (without If-Match)", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed since read (If-Match)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a move the order can make", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn set_status(
    State(state): State<AppState>,
    Caller(actor): Caller,
    id: PathId,
    if_match: IfMatch,
    ApiJson(input): ApiJson<StatusInput>,
) -> Result<Response, Problem> {
    let order = state.app.set_order_status(&actor, id.parse()?, if_match.optional(), &input.status).await?;
    Ok(versioned(StatusCode::OK, order.version, None, &order))
}

/// Records a refund: part of the order's total or all that is left.
#[utoipa::path(post, path = "/api/v1/orders/{id}/refunds", tag = "commerce", request_body = RefundInput,
    params(("id" = OrderId, Path),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retry return the first response")),
    responses(
        (status = 201, description = "Recorded", body = Adjustment),
        (status = 404, description = "No such order", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The order's state allows none (cancelled, unpaid, refunded)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn refund(
    State(state): State<AppState>,
    Caller(actor): Caller,
    id: PathId,
    ApiJson(input): ApiJson<RefundInput>,
) -> Result<(StatusCode, Json<Adjustment>), Problem> {
    Ok((StatusCode::CREATED, Json(state.app.refund_order(&actor, id.parse()?, &input).await?)))
}

/// Records an exchange: lines given back for other offerings.
#[utoipa::path(post, path = "/api/v1/orders/{id}/exchanges", tag = "commerce", request_body = ExchangeInput,
    params(("id" = OrderId, Path),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retry return the first response")),
    responses(
        (status = 201, description = "Recorded", body = Adjustment),
        (status = 404, description = "No such order", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The order's state allows none (cancelled, unpaid, refunded)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn exchange(
    State(state): State<AppState>,
    Caller(actor): Caller,
    id: PathId,
    ApiJson(input): ApiJson<ExchangeInput>,
) -> Result<(StatusCode, Json<Adjustment>), Problem> {
    Ok((StatusCode::CREATED, Json(state.app.exchange_order(&actor, id.parse()?, &input).await?)))
}

/// The refunds and exchanges of an order, oldest first.
#[utoipa::path(get, path = "/api/v1/orders/{id}/adjustments", tag = "commerce", params(("id" = OrderId, Path)),
    responses(
        (status = 200, description = "Refunds and exchanges", body = Items<Adjustment>),
        (status = 404, description = "No such order", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn adjustments(
    State(state): State<AppState>,
    Caller(actor): Caller,
    id: PathId,
) -> Result<Json<Items<Adjustment>>, Problem> {
    Ok(Json(Items { items: state.app.order_adjustments(&actor, id.parse()?).await? }))
}

/// The routes of offerings and orders.
pub(super) fn routes(router: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    router
        .routes(routes!(offerings, create_offering))
        .routes(routes!(offering, update_offering, retire_offering))
        .routes(routes!(restore_offering))
        .routes(routes!(create_order))
        .routes(routes!(order))
        .routes(routes!(orders_of))
        .routes(routes!(set_status))
        .routes(routes!(refund))
        .routes(routes!(exchange))
        .routes(routes!(adjustments))
}
