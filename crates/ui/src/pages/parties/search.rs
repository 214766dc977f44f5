//! The quick search (Ctrl+K, "/") and the party pickers of the forms:
//! parties matching what was typed, and for the palette the pages whose
//! name matches too.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use rapport_core::AppError;
use rapport_core::parties::ListRequest;
use rapport_web::AppState;
use serde::Deserialize;

use crate::context::{Section, Ui};
use crate::errors::{ErrorPage, render};
use crate::pages::parties::list::{PartyRow, row};
use crate::viewer::Viewer;

#[derive(Template)]
#[template(path = "parties/search.html")]
pub struct SearchResults {
    pub ui: Ui,
    pub rows: Vec<PartyRow>,
    /// Pages whose name matches, as (address, name): the palette goes to
    /// them too ("settings", "produk"), and to an order by its number.
    pub pages: Vec<(String, String)>,
    /// For the end-user picker: the name of the checkboxes; empty for links.
    pub pick: String,
}

#[derive(Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    pick: String,
    #[serde(default)]
    kind: String,
}

/// `GET /search`: up to ten parties matching `q`, as links (the command
/// palette) or as checkboxes named `pick` (the end-user picker).
pub async fn search(State(state): State<AppState>, viewer: Viewer, Query(query): Query<SearchQuery>) -> Response {
    let ui = viewer.ui(Section::None);
    let q = query.q.trim();
    if q.is_empty() {
        // Nothing typed yet: nothing to say, not "nothing matches".
        return axum::response::Html("").into_response();
    }
    let request = ListRequest {
        q: Some(q.to_owned()),
        kind: Some(query.kind.trim().to_owned()).filter(|k| !k.is_empty()),
        limit: Some(10),
        ..ListRequest::default()
    };
    let rows = match state.app.list_parties(&viewer.actor, &request).await {
        Ok(page) => page.items.into_iter().map(|item| row(item, viewer.workspace.settings.phone_region)).collect(),
        Err(AppError::Validation(_)) => Vec::new(),
        Err(error) => return ErrorPage::from_app(viewer.user.locale, error),
    };
    let pick = if matches!(query.pick.as_str(), "end_user" | "other") { query.pick } else { String::new() };
    let mut pages = if pick.is_empty() { pages_named(&ui, q) } else { Vec::new() };
    if pick.is_empty() && q.to_uppercase().starts_with("SO-") {
        match state.app.order_numbered(&viewer.actor, q).await {
            Ok(Some(order)) => {
                pages.insert(0, (format!("/orders/{}", order.id.0), ui.t1("order-title", "reference", order.number)))
            }
            Ok(None) => {}
            Err(error) => return ErrorPage::from_app(viewer.user.locale, error),
        }
    }
    render(viewer.user.locale, &SearchResults { ui, rows, pages, pick })
}

/// The pages whose name, in the reader's language or in English, has a
/// word starting with `q`.
fn pages_named(ui: &Ui, q: &str) -> Vec<(String, String)> {
    let q = q.trim().to_lowercase();
    if q.is_empty() {
        return Vec::new();
    }
    const PAGES: [(&str, &str); 6] = [
        ("/parties", "parties-title"),
        ("/parties?account_team=me", "views-my-accounts"),
        ("/relationships", "nav-relationships"),
        ("/offerings", "nav-offerings"),
        ("/settings", "nav-settings"),
        ("/parties/new?kind=person", "party-new-person"),
    ];
    let english = rapport_domain::common::locale::Locale::En;
    PAGES
        .into_iter()
        .filter(|(_, id)| {
            [ui.t(id), crate::i18n::message(english, id, None)]
                .iter()
                .any(|name| name.to_lowercase().split(|c: char| !c.is_alphanumeric()).any(|word| word.starts_with(&q)))
        })
        .map(|(path, id)| (path.to_owned(), ui.t(id)))
        .collect()
}
