//! `Idempotency-Key` on POST: the first response to a key is kept, and a retry
//! with the same key and the same request gets it again, creating nothing twice.
//!
//! The keyed request runs in a task of its own, so a client that hangs up does
//! not cancel it half-way: it finishes, and its response is kept for the retry.
//! A crash of the whole process between the commit of the change and the
//! keeping of the response cannot make a retry act twice: the change marked
//! the key in its own transaction, and a retry after `ABANDONED_AFTER` is told
//! the request was carried out (409 `idempotency-done`). A request that made
//! no change before the crash is carried out afresh.

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rapport_core::kernel::store::idempotency::{Claim, StoredResponse};
use sha2::{Digest, Sha256};

use crate::problem::Problem;
use crate::state::AppState;

const HEADER: &str = "idempotency-key";
/// Response headers kept and replayed with the body.
const KEPT_HEADERS: [&str; 3] = ["content-type", "location", "etag"];

pub async fn middleware(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.method() != Method::POST || !request.headers().contains_key(HEADER) {
        return next.run(request).await;
    }
    match tokio::spawn(keyed(state, request, next)).await {
        Ok(Ok(response) | Err(response)) => response,
        Err(join_error) => Problem::internal(&join_error).into_response(),
    }
}

async fn keyed(state: AppState, request: Request, next: Next) -> Result<Response, Response> {
    let key = request
        .headers()
        .get(HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.len() <= 255)
        .map(str::to_owned)
        .ok_or_else(|| {
            Problem::bad_request("Idempotency-Key", "invalid_key", "must be 1 to 255 visible ASCII characters")
                .into_response()
        })?;
    let (parts, body) = request.into_parts();
    let bytes = to_bytes(body, crate::BODY_LIMIT).await.map_err(|e| {
        let too_large = std::error::Error::source(&e).is_some_and(|s| s.is::<http_body_util::LengthLimitError>());
        if too_large {
            Problem::new(StatusCode::PAYLOAD_TOO_LARGE, "too-large", "Request body too large", "the body is too large")
                .into_response()
        } else {
            Problem::bad_request("body", "unreadable", "the request body could not be read").into_response()
        }
    })?;
    // Keys are kept per caller. A request without valid credentials goes on
    // unkeyed: a public route (signing in) answers it, any other refuses it.
    let authenticated = match crate::auth::authenticate(&parts, &state).await {
        Ok(found) => found,
        Err(_) => return Ok(next.run(Request::from_parts(parts, Body::from(bytes))).await),
    };
    let scope = format!("{}:{}", authenticated.actor.workspace_id, authenticated.actor.label);
    let mut parts = parts;
    parts.extensions.insert(authenticated);
    let hash = request_hash(&parts.method, parts.uri.path_and_query().map_or("", |p| p.as_str()), &bytes);

    let app = &state.app;
    let claimed =
        app.claim_idempotency_key(&scope, &key, &hash).await.map_err(|e| Problem::internal(&e).into_response())?;
    match claimed {
        Claim::Fresh => {}
        Claim::Replay(stored) => return Ok(replay(stored)),
        Claim::InFlight => {
            return Err(Problem::new(
                StatusCode::CONFLICT,
                "idempotency-in-flight",
                "Request in progress",
                "a request with this Idempotency-Key is still being processed; retry later",
            )
            .into_response());
        }
        Claim::Done => {
            return Err(Problem::new(
                StatusCode::CONFLICT,
                "idempotency-done",
                "Request carried out",
                "a request with this Idempotency-Key was carried out, but its answer was lost: read the record instead",
            )
            .into_response());
        }
        Claim::Mismatch => {
            let mut problem = Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency-mismatch",
                "Idempotency-Key reused",
                "this Idempotency-Key was used for a different request",
            );
            problem.errors.push(rapport_domain::FieldError {
                field: "Idempotency-Key".into(),
                code: "reused",
                message: "was used for a different request".into(),
                args: Vec::new(),
            });
            return Err(problem.into_response());
        }
    }

    let work = next.run(Request::from_parts(parts, Body::from(bytes)));
    let response = rapport_core::kernel::idempotency::keyed(scope.clone(), key.clone(), work).await;
    let (parts, body) = response.into_parts();
    let body = to_bytes(body, usize::MAX).await.map_err(|e| Problem::internal(&e).into_response())?;
    let status = parts.status;
    let outcome = async {
        if status.is_server_error() {
            // Worth retrying: let the next attempt run afresh.
            app.release_idempotency_key(&scope, &key).await
        } else {
            let headers = KEPT_HEADERS
                .iter()
                .filter_map(|name| {
                    parts.headers.get(*name).and_then(|v| v.to_str().ok()).map(|v| ((*name).to_owned(), v.to_owned()))
                })
                .collect();
            let stored = StoredResponse { status: status.as_u16(), headers, body: body.to_vec() };
            app.complete_idempotency_key(&scope, &key, &stored).await
        }
    }
    .await;
    if let Err(error) = outcome {
        tracing::error!(%error, "could not record the idempotent response");
    }
    Ok(Response::from_parts(parts, Body::from(body)))
}

fn request_hash(method: &Method, path_and_query: &str, body: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(method.as_str().as_bytes());
    hasher.update([0]);
    hasher.update(path_and_query.as_bytes());
    hasher.update([0]);
    hasher.update(body);
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

fn replay(stored: StoredResponse) -> Response {
    let status = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
    let mut response = (status, Body::from(stored.body)).into_response();
    let headers = response.headers_mut();
    for (name, value) in stored.headers {
        if let (Ok(name), Ok(value)) = (HeaderName::try_from(name), HeaderValue::try_from(value)) {
            headers.insert(name, value);
        }
    }
    headers.insert("idempotency-replayed", HeaderValue::from_static("true"));
    response
}
