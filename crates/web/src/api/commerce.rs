//! Offerings and orders.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use rapport_domain::commerce::{Offering, OfferingInput, Order, OrderInput};
use rapport_domain::ids::OrderId;

use super::responses::{Items, versioned};
use crate::extract::{ApiJson, Caller, PathId};
use crate::problem::Problem;
use crate::state::AppState;

/// The catalogue of the workspace.
#[utoipa::path(get, path = "/api/v1/offerings", tag = "commerce",
    responses((status = 200, description = "Offerings", body = Items<Offering>)))]
pub async fn offerings(State(state): State<AppState>, Caller(actor): Caller) -> Result<Json<Items<Offering>>, Problem> {
    Ok(Json(Items { items: state.app.offerings(&actor).await? }))
}

/// Adds an offering (owners and admins).
#[utoipa::path(post, path = "/api/v1/offerings", tag = "commerce", request_body = OfferingInput,
    responses(
        (status = 201, description = "Created", body = Offering),
        (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
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
        (status = 403, description = "May not change the buyer's record", body = Problem, content_type = "application/problem+json"),
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
