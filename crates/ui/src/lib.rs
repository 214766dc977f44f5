//! Rapport in the browser: server-rendered pages with compiled, auto-escaping
//! templates, made lively with htmx, in English, Bahasa Indonesia and Polish.
//! Every page calls the same use cases as the JSON API, so permissions,
//! validation, conflicts and the audit log are the API's own.

pub mod amounts;
pub mod assets;
pub mod context;
pub mod errors;
pub mod fields;
pub mod form;
pub mod format;
pub mod http;
pub mod i18n;
pub mod pages;
pub mod viewer;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use rapport_web::AppState;

/// What a page may load and where it may send forms: only from Rapport
/// itself. No inline script or style is allowed, so injected markup cannot
/// run.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/// The pages, with the fallback for every path no route takes.
pub fn pages() -> Router<AppState> {
    let capabilities: [fn(Router<AppState>) -> Router<AppState>; 9] = [
        pages::identity::routes,
        pages::parties::routes,
        pages::commerce::routes,
        pages::contracts::routes,
        pages::classification::routes,
        pages::value::routes,
        pages::workspaces::routes,
        pages::webhooks::routes,
        pages::jobs::routes,
    ];
    capabilities
        .iter()
        .fold(Router::new(), |router, routes| routes(router))
        .route("/assets/{hash}/{name}", get(assets::serve))
        .layer(axum::middleware::from_fn(security_headers))
        .fallback(not_found)
}

/// The whole application: the API and the pages.
pub fn router(state: AppState) -> Router {
    rapport_web::router_with(state, pages())
}

/// Headers every page carries: its content policy, no sniffing of types, no
/// framing by other sites, no full addresses leaked in `Referer`.
async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    response
}

/// A path no route takes: a problem document under `/api/`, where clients
/// read JSON, and a page elsewhere, in the member's language when one is
/// signed in (the browser's otherwise).
async fn not_found(axum::extract::State(state): axum::extract::State<AppState>, request: Request) -> Response {
    use axum::extract::FromRequestParts;
    if request.uri().path().starts_with("/api/") {
        return rapport_web::Problem::not_found().into_response();
    }
    let (mut parts, _) = request.into_parts();
    let locale = match viewer::Viewer::from_request_parts(&mut parts, &state).await {
        Ok(viewer) => viewer.user.locale,
        Err(_) => i18n::request_locale(&parts),
    };
    let mut response = errors::ErrorPage::new(locale, StatusCode::NOT_FOUND, "error-not-found").into_response_page();
    response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    response
}
