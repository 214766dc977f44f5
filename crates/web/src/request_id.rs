//! Every request gets an id (or keeps the one its caller sent), echoed in the
//! response and attached to every log line of the request.

use axum::http::{HeaderValue, Request};
use tower_http::request_id::{MakeRequestId, RequestId};
use tracing::Span;

use crate::client::TrustedProxies;

#[derive(Clone, Copy, Debug)]
pub struct MakeId;

impl MakeRequestId for MakeId {
    fn make_request_id<B>(&mut self, _request: &Request<B>) -> Option<RequestId> {
        HeaderValue::from_str(&uuid::Uuid::now_v7().to_string()).ok().map(RequestId::new)
    }
}

/// The span of one request: method, path (never the query, which may hold
/// search terms about people), request id and the client's address (as
/// `proxies` let it be told).
pub fn span<B>(request: &Request<B>, proxies: &TrustedProxies) -> Span {
    let id = request.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
    let client =
        proxies.client_of(request.extensions(), request.headers()).map_or_else(|| "-".to_owned(), |ip| ip.to_string());
    tracing::info_span!("request", method = %request.method(), path = %request.uri().path(), request_id = %id, client = %client)
}
