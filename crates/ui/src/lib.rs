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
pub mod i18n;
pub mod pages;
pub mod viewer;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use rapport_web::AppState;

use crate::pages::{
    actions, commerce, contract, contracts, dashboard, model, offerings, order, parties, party, playbook, search,
    session, settings,
};

/// What a page may load and where it may send forms: only from Rapport
/// itself. No inline script or style is allowed, so injected markup cannot
/// run.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/// The pages, with the fallback for every path no route takes.
pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/", get(session::home))
        .route("/login", get(session::login_form).post(session::login))
        .route("/logout", post(session::logout))
        .route("/language", post(session::set_language))
        .route("/parties", get(parties::list).post(parties::create))
        .route("/parties/new", get(parties::new_form))
        .route("/parties/views", post(parties::save_view))
        .route("/parties/views/{id}/{action}", post(parties::delete_view))
        .route("/parties/{id}", get(party::show))
        .route("/parties/{id}/edit", get(parties::edit_form).post(parties::update))
        .route("/parties/{id}/orders/new", get(commerce::new_order))
        .route("/parties/{id}/orders", post(commerce::create_order))
        .route("/parties/{id}/contracts/new", get(contracts::new_contract))
        .route("/parties/{id}/contracts", post(contracts::create_contract))
        .route("/orders/{id}", get(order::show))
        .route("/orders/{id}/status", post(order::set_status))
        .route("/orders/{id}/refunds", post(order::refund))
        .route("/orders/{id}/exchanges", post(order::exchange))
        .route("/contracts/{id}", get(contract::show).post(contracts::update_contract))
        .route("/contracts/{id}/edit", get(contracts::edit_contract))
        .route("/contracts/{id}/step", post(contract::step))
        .route("/contracts/{id}/usage", post(contract::record_use))
        .route("/parties/{id}/notes", post(actions::add_note))
        .route("/parties/{id}/affiliations", post(actions::affiliate))
        .route("/parties/{id}/team/{change}", post(actions::team))
        .route("/parties/{id}/owner", post(actions::hand_over))
        .route("/parties/{id}/override", post(actions::set_override))
        .route("/parties/{id}/override/clear", post(actions::clear_override))
        .route("/parties/{id}/playbook", post(playbook::set))
        .route("/parties/{id}/playbook/steps", post(playbook::record_step))
        .route("/parties/{id}/{change}", post(actions::delete_or_restore))
        .route("/relationships", get(dashboard::show))
        .route("/relationships/fit", post(dashboard::fit))
        .route("/relationships/model", get(model::show))
        .route("/relationships/model/fit", post(model::fit))
        .route("/relationships/model/validate", post(model::validate))
        .route("/offerings", get(offerings::offerings).post(offerings::create_offering))
        .route("/offerings/{id}/edit", get(offerings::edit_form).post(offerings::update))
        .route("/offerings/{id}/{change}", post(offerings::retire_or_restore))
        .route("/settings", get(settings::show))
        .route("/settings/workspace", post(settings::update_workspace))
        .route("/settings/terminology", post(settings::update_terminology))
        .route("/settings/policy", post(settings::update_policy))
        .route("/settings/members", post(settings::add_member))
        .route("/settings/members/{id}/role", post(settings::set_role))
        .route("/settings/teams", post(settings::create_team))
        .route("/settings/teams/{id}/{change}", post(settings::change_team))
        .route("/settings/tokens", post(settings::create_token))
        .route("/settings/tokens/{id}/revoke", post(settings::revoke_token))
        .route("/search", get(search::search))
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
        Err(_) => session::request_locale(&parts),
    };
    let mut response = errors::ErrorPage::new(locale, StatusCode::NOT_FOUND, "error-not-found").into_response_page();
    response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    response
}
