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
    actions, commerce, contract, contracts, dashboard, model, offerings, order, parties, party, party_form, playbook,
    search, session, settings, welcome,
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
        .route("/parties", get(parties::list).post(party_form::create))
        .route("/parties/new", get(party_form::new_form))
        .route("/parties/views", post(parties::save_view).get(to_record))
        .route("/parties/views/{id}/{action}", post(parties::delete_view).get(to_record))
        .route("/parties/{id}", get(party::show))
        .route("/parties/{id}/edit", get(party_form::edit_form).post(party_form::update))
        .route("/parties/{id}/orders/new", get(commerce::new_order))
        .route("/parties/{id}/orders", post(commerce::create_order).get(to_record))
        .route("/parties/{id}/contracts/new", get(contracts::new_contract))
        .route("/parties/{id}/contracts", post(contracts::create_contract).get(to_record))
        .route("/orders/{id}", get(order::show))
        .route("/orders/{id}/status", post(order::set_status).get(to_record))
        .route("/orders/{id}/refunds", post(order::refund).get(to_record))
        .route("/orders/{id}/exchanges", post(order::exchange).get(to_record))
        .route("/contracts/{id}", get(contract::show).post(contracts::update_contract))
        .route("/contracts/{id}/edit", get(contracts::edit_contract))
        .route("/contracts/{id}/step", post(contract::step).get(to_record))
        .route("/contracts/{id}/usage", post(contract::record_use).get(to_record))
        .route("/parties/{id}/notes", post(actions::add_note).get(to_record))
        .route("/affiliations/{id}", post(actions::change_affiliation).get(to_record))
        .route("/affiliations/{id}/{change}", post(actions::change_affiliation).get(to_record))
        .route("/notes/{id}", post(actions::edit_note).get(to_record))
        .route("/notes/{id}/{change}", post(actions::delete_or_restore_note).get(to_record))
        .route("/parties/{id}/affiliations", post(actions::affiliate).get(to_record))
        .route("/parties/{id}/team/{change}", post(actions::team).get(to_record))
        .route("/parties/{id}/owner", post(actions::hand_over).get(to_record))
        .route("/parties/{id}/override", post(actions::set_override).get(to_record))
        .route("/parties/{id}/override/clear", post(actions::clear_override).get(to_record))
        .route("/parties/{id}/playbook", post(playbook::set).get(to_record))
        .route("/parties/{id}/playbook/steps", post(playbook::record_step).get(to_record))
        .route("/parties/{id}/{change}", post(actions::delete_or_restore).get(to_record))
        .route("/relationships", get(dashboard::show))
        .route("/relationships/fit", post(dashboard::fit).get(to_record))
        .route("/relationships/model", get(model::show))
        .route("/relationships/model/fit", post(model::fit).get(to_record))
        .route("/relationships/model/validate", post(model::validate).get(to_record))
        .route("/offerings", get(offerings::offerings).post(offerings::create_offering))
        .route("/offerings/{id}/edit", get(offerings::edit_form).post(offerings::update))
        .route("/offerings/{id}/{change}", post(offerings::retire_or_restore).get(to_record))
        .route("/settings", get(settings::show))
        .route("/settings/workspace", post(settings::update_workspace).get(to_record))
        .route("/settings/terminology", post(settings::update_terminology).get(to_record))
        .route("/settings/policy", post(settings::update_policy).get(to_record))
        .route("/settings/members", post(settings::add_member).get(to_record))
        .route("/settings/members/{id}/role", post(settings::set_role).get(to_record))
        .route("/settings/members/{id}/link", post(settings::make_sign_in_link).get(to_record))
        .route("/welcome/{link}", get(welcome::show).post(welcome::set_password))
        .route("/settings/teams", post(settings::create_team).get(to_record))
        .route("/settings/teams/{id}/{change}", post(settings::change_team).get(to_record))
        .route("/settings/tokens", post(settings::create_token).get(to_record))
        .route("/settings/tokens/{id}/revoke", post(settings::revoke_token).get(to_record))
        .route("/search", get(search::search))
        .route("/assets/{hash}/{name}", get(assets::serve))
        .layer(axum::middleware::from_fn(security_headers))
        .fallback(not_found)
}

/// A form's address opened as a page (a reload after a refusal, an address
/// copied): the page of the record it belongs to, instead of a bare
/// "method not allowed".
async fn to_record(uri: axum::http::Uri) -> axum::response::Redirect {
    let segments: Vec<&str> = uri.path().split('/').filter(|part| !part.is_empty()).collect();
    let page = match segments.as_slice() {
        ["parties", "views", ..] => "/parties".to_owned(),
        [kind @ ("parties" | "orders" | "contracts"), id, ..] => format!("/{kind}/{id}"),
        ["relationships", "model", ..] => "/relationships/model".to_owned(),
        [section @ ("relationships" | "offerings" | "settings"), ..] => format!("/{section}"),
        _ => "/parties".to_owned(),
    };
    axum::response::Redirect::to(&page)
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
