//! Rapport over HTTP: the JSON API under `/api/v1`, health checks, and the
//! middleware every request passes through.

pub mod api;
pub mod auth;
pub mod client;
mod extract;
mod health;
mod idempotency;
pub mod metrics;
mod openapi;
mod problem;
mod request_id;
pub mod retry;
mod state;
mod timeout;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::HeaderName;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

pub use problem::Problem;
pub use state::AppState;

/// The largest request body accepted.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// The JSON API and health checks alone, answering every other path with a
/// problem document.
pub fn router(state: AppState) -> Router {
    router_with(state, Router::new().fallback(problem::not_found))
}

/// The whole HTTP surface of Rapport: the API and `pages`, which must bring
/// the fallback for paths no route takes (a router has only one), under the
/// same middleware. Layers listed later wrap those listed earlier: a panic or
/// a timeout becomes a 5xx response *inside* the idempotency layer, which then
/// frees the key for a retry.
pub fn router_with(state: AppState, pages: Router<AppState>) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    let proxies = state.proxies.clone();
    api::router()
        .merge(pages)
        .route_layer(axum::middleware::from_fn_with_state(state.clone(), metrics::middleware))
        .method_not_allowed_fallback(problem::method_not_allowed)
        .layer(axum::middleware::from_fn(retry::middleware))
        .layer(CatchPanicLayer::custom(problem::from_panic))
        .layer(axum::middleware::from_fn(timeout::middleware))
        .layer(axum::middleware::from_fn_with_state(state.clone(), idempotency::middleware))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(move |request: &axum::extract::Request| request_id::span(request, &proxies)),
        )
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(SetRequestIdLayer::new(request_id, request_id::MakeId))
        .with_state(state)
}
