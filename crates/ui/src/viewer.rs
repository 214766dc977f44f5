//! Who is looking at a page: the signed-in member, resolved from the session
//! cookie once per request. Pages take no API tokens; a request without a live
//! session is sent to the sign-in page and brought back afterwards.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use rapport_core::Actor;
use rapport_core::kernel::{Principal, may};
use rapport_domain::access::{Action, Resource, Role};
use rapport_domain::common::ids::UserId;
use rapport_domain::identity::User;
use rapport_domain::workspaces::Workspace;
use rapport_web::AppState;
use rapport_web::auth::{SESSION_COOKIE, cookie};

use crate::context::{Member, Section, Ui};
use crate::errors::ErrorPage;
use crate::http::{encode, safe_next};

/// The signed-in member behind a page request.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub actor: Actor,
    pub role: Role,
    pub csrf: String,
    pub user: User,
    pub workspace: Workspace,
    /// The path and query asked for.
    pub path: String,
}

impl Viewer {
    /// The layout's context for a page of `section`.
    pub fn ui(&self, section: Section) -> Ui {
        let settings = &self.workspace.settings;
        Ui {
            locale: self.user.locale,
            csrf: self.csrf.clone(),
            member: Some(Member {
                name: self.user.display_name.clone(),
                role: self.role,
                workspace: settings.name.clone(),
            }),
            currency: settings.currency.clone(),
            zone: settings.time_zone.clone(),
            terminology: settings.terminology.clone(),
            section,
            path: self.path.clone(),
            can_create_parties: self.may(Resource::Party, Action::Create, self.actor.user()),
        }
    }

    /// The day it is at `now` in the workspace's time zone: every default
    /// "today" of a form.
    pub fn today(&self, now: time::OffsetDateTime) -> time::Date {
        self.workspace.settings.time_zone.date_of(now)
    }

    /// Whether the viewer may do `action` to a `resource` owned by `owner`:
    /// what decides which buttons and forms a page shows. The use cases
    /// check again on every change.
    pub fn may(&self, resource: Resource, action: Action, owner: Option<UserId>) -> bool {
        may(&self.actor, resource, action, owner)
    }
}

/// Whether a request came from htmx, which follows redirects itself and
/// needs `HX-Redirect` to leave the page.
pub fn is_htmx(parts: &Parts) -> bool {
    parts.headers.contains_key("hx-request")
}

/// Sends the browser to the sign-in page, to come back to `path` after.
pub fn to_sign_in(parts: &Parts) -> Response {
    let path = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    let target = format!("/login?next={}", encode(path));
    if is_htmx(parts) {
        let mut response = StatusCode::NO_CONTENT.into_response();
        if let Ok(value) = HeaderValue::from_str(&target) {
            response.headers_mut().insert("hx-redirect", value);
        }
        return response;
    }
    Redirect::to(&target).into_response()
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Some(secret) = cookie(&parts.headers, SESSION_COOKIE) else {
            return Err(to_sign_in(parts));
        };
        let locale = crate::i18n::request_locale(parts);
        let found = state.app.session_actor(&secret).await.map_err(|e| ErrorPage::from_app(locale, e))?;
        let Some((session, actor)) = found else {
            return Err(to_sign_in(parts));
        };
        let role = match &actor.principal {
            Principal::Member { role, .. } => *role,
            Principal::System => return Err(to_sign_in(parts)),
        };
        let (user, workspace) = tokio::join!(state.app.user(session.user_id), state.app.workspace(&actor));
        let user = user.map_err(|e| ErrorPage::from_app(locale, e))?;
        let workspace = workspace.map_err(|e| ErrorPage::from_app(user.locale, e))?;
        let path = page_path(parts);
        Ok(Self { actor, role, csrf: session.csrf_token, user, workspace, path })
    }
}

/// The address of the page the reader sees, for the language switch to
/// reload: the request's own for a `GET`; for a form sent back with errors,
/// the page the form was on (the `Referer`, when it is of this site), since
/// the form's address answers only posts.
fn page_path(parts: &Parts) -> String {
    if parts.method == axum::http::Method::GET {
        return parts.uri.path_and_query().map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned());
    }
    let host = parts.headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let referer = parts.headers.get(header::REFERER).and_then(|v| v.to_str().ok());
    referer
        .and_then(|r| r.parse::<axum::http::Uri>().ok())
        .filter(|uri| uri.authority().map(|a| a.as_str()) == host)
        .and_then(|uri| uri.path_and_query().map(|p| p.as_str().to_owned()))
        .map_or_else(|| "/parties".to_owned(), |p| safe_next(Some(&p)))
}
