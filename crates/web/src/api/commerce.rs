//! Offerings, orders, and a party's relationship to the business.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use rapport_domain::commerce::{Offering, OfferingInput, Order, OrderInput};
use rapport_domain::ids::{OrderId, PartyId};
use rapport_domain::relationship::{Classification, Kind};
use serde::Serialize;
use utoipa::ToSchema;

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

/// A party's relationship to the business.
#[derive(Serialize, ToSchema)]
pub struct RelationshipView {
    #[serde(flatten)]
    classification: Classification,
    /// The primary kind in words (the workspace's own words once terminology
    /// can be set; English until then).
    label: &'static str,
}

fn label(kind: Kind) -> &'static str {
    match kind {
        Kind::Client => "client",
        Kind::Customer => "customer",
        Kind::Consumer => "consumer",
        Kind::Internal => "internal",
        Kind::Prospect => "prospect",
    }
}

/// What the party is to the business (client, customer, consumer, internal,
/// prospect), its lifecycle as a buyer, and why.
#[utoipa::path(get, path = "/api/v1/parties/{id}/relationship", tag = "parties", params(("id" = PartyId, Path)),
    responses(
        (status = 200, description = "The classification", body = RelationshipView),
        (status = 404, description = "No such party", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn relationship(
    State(state): State<AppState>,
    Caller(actor): Caller,
    id: PathId,
) -> Result<Json<RelationshipView>, Problem> {
    let classification = state.app.relationship(&actor, id.parse()?).await?;
    let label = label(classification.primary);
    Ok(Json(RelationshipView { classification, label }))
}
