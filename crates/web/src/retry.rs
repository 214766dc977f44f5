//! A request whose transaction gave way to a concurrent one (a PostgreSQL
//! deadlock or serialization failure: `StoreError::Busy`) is made again a
//! few times, after short random waits, before its caller ever sees `503`.
//! The failed transaction was rolled back whole, so making it again acts
//! once. The body is kept to send again; the request timeout bounds it all.

use std::time::Duration;

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::problem::Problem;

/// Marks a response whose transaction gave way to another (see
/// [`Problem`]'s `busy`).
#[derive(Clone, Copy, Debug)]
pub struct GaveWay;

/// Attempts in all, the first included.
const ATTEMPTS: u32 = 4;

pub async fn middleware(request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, crate::BODY_LIMIT).await else {
        return Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too-large",
            "Request body too large",
            "the body is too large",
        )
        .into_response();
    };
    let mut attempt = 1;
    loop {
        let again = Request::from_parts(parts.clone(), Body::from(bytes.clone()));
        let response = next.clone().run(again).await;
        if response.extensions().get::<GaveWay>().is_none() || attempt == ATTEMPTS {
            return response;
        }
        tracing::info!(attempt, "making a request again after its transaction gave way");
        // A few milliseconds, growing, each with a random part so that the
        // two that collided do not collide again.
        let wait = 5.0 * f64::from(1u32 << attempt) * (0.5 + fastrand::f64());
        tokio::time::sleep(Duration::from_secs_f64(wait / 1000.0)).await;
        attempt += 1;
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU32, Ordering};

    use axum::Router;
    use axum::routing::post;
    use rapport_core::AppError;
    use rapport_core::kernel::store::StoreError;
    use tower::ServiceExt;

    use super::*;

    /// A route that gives way `times` times, then answers with the body it
    /// got.
    fn route(times: u32, calls: Arc<AtomicU32>) -> Router {
        Router::new()
            .route(
                "/",
                post(move |body: String| {
                    let calls = calls.clone();
                    async move {
                        if calls.fetch_add(1, Ordering::SeqCst) < times {
                            return Problem::from(AppError::Store(StoreError::Busy("deadlock detected".into())))
                                .into_response();
                        }
                        (StatusCode::CREATED, body).into_response()
                    }
                }),
            )
            .layer(axum::middleware::from_fn(middleware))
    }

    async fn send(router: Router) -> (StatusCode, String) {
        let request = Request::post("/").body(Body::from("the same body")).expect("request");
        let response = router.oneshot(request).await.expect("infallible");
        let status = response.status();
        let bytes = to_bytes(response.into_body(), 1024).await.expect("body");
        (status, String::from_utf8_lossy(&bytes).into_owned())
    }

    #[tokio::test]
    async fn a_request_that_gave_way_is_made_again_with_its_body() {
        let calls = Arc::new(AtomicU32::new(0));
        let (status, body) = send(route(2, calls.clone())).await;
        assert_eq!((status, body.as_str()), (StatusCode::CREATED, "the same body"));
        assert_eq!(calls.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn one_that_keeps_giving_way_is_503_after_four_attempts() {
        let calls = Arc::new(AtomicU32::new(0));
        let (status, body) = send(route(10, calls.clone())).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(body.contains("/problems/busy"), "{body}");
        assert_eq!(calls.load(Ordering::SeqCst), ATTEMPTS);
    }
}
