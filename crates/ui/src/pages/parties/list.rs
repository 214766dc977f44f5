//! The party list with its search, filters, orders and saved views (the
//! form that creates and edits a party is `party_form`).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use rapport_core::AppError;
use rapport_core::parties::ListRequest;
use rapport_core::parties::store::PartySort;
use rapport_domain::access::{Action, Resource};
use rapport_domain::classification::{Kind, Lifecycle};
use rapport_domain::common::ids::PartyId;
use rapport_domain::parties::PartyKind;
use rapport_domain::parties::view::SavedView;
use rapport_web::AppState;
use serde::Deserialize;

use crate::context::{Section, Ui};
use crate::errors::{ErrorPage, render};
use crate::fields::Fields;
use crate::form::{Form, Posted};
use crate::pages::{allowed, record_id, visible};
use crate::viewer::Viewer;

/// One row of the party list.
#[derive(Debug, Clone)]
pub struct PartyRow {
    pub id: String,
    pub name: String,
    pub organization: bool,
    pub email: Option<String>,
    /// The first phone, written as the workspace's region writes numbers.
    pub phone: Option<String>,
    pub tags: Vec<String>,
    pub primary: Option<Kind>,
    pub lifecycle: Option<Lifecycle>,
}

/// The filters of the list, as given.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Filters {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub relationship: String,
    #[serde(default)]
    pub lifecycle: String,
    #[serde(default)]
    pub tag: String,
    /// `me`, `none` or a member's id.
    #[serde(default)]
    pub owner: String,
    /// `me` or a member's id: the parties whose account team they are on.
    #[serde(default)]
    pub account_team: String,
    /// The order: `name`, `-name`, `created`, `-created` or `-updated`.
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub cursor: String,
    /// A saved view just deleted, for its restore button.
    #[serde(default)]
    pub deleted_view: String,
    /// A party just deleted, for its restore button.
    #[serde(default)]
    pub deleted_party: String,
}

impl Filters {
    fn request(&self) -> ListRequest {
        let given = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
        ListRequest {
            kind: given(&self.kind),
            q: given(&self.q),
            tag: given(&self.tag),
            relationship: given(&self.relationship),
            lifecycle: given(&self.lifecycle),
            owner: given(&self.owner),
            account_team: given(&self.account_team),
            sort: given(&self.sort),
            cursor: given(&self.cursor),
            limit: None,
        }
    }

    /// The query string of these filters (what a saved view keeps).
    pub fn query(&self) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (name, value) in [
            ("q", &self.q),
            ("kind", &self.kind),
            ("relationship", &self.relationship),
            ("lifecycle", &self.lifecycle),
            ("tag", &self.tag),
            ("owner", &self.owner),
            ("account_team", &self.account_team),
            ("sort", &self.sort),
        ] {
            if !value.trim().is_empty() {
                query.append_pair(name, value);
            }
        }
        query.finish()
    }

    /// The query string of these filters with another cursor.
    pub fn with_cursor(&self, cursor: &str) -> String {
        let filters = self.query();
        let cursor = form_urlencoded::Serializer::new(String::new()).append_pair("cursor", cursor).finish();
        if filters.is_empty() { cursor } else { format!("{filters}&{cursor}") }
    }

    /// These filters as a saved view keeps them, to tell which view is open.
    pub fn saved_query(&self) -> String {
        rapport_domain::parties::view::parse("view", &self.query()).map(|(_, query)| query).unwrap_or_default()
    }

    /// Whether any filter is set.
    pub fn any(&self) -> bool {
        !self.query().is_empty()
    }

    /// The list's orders, as the sort menu offers them.
    pub fn sorts(&self) -> Vec<&'static str> {
        PartySort::ALL.iter().map(|s| s.as_str()).collect()
    }

    /// Whether the list is in `sort` (by name when none is chosen).
    pub fn sorted(&self, sort: &str) -> bool {
        self.sort.trim() == sort || (self.sort.trim().is_empty() && sort == PartySort::Name.as_str())
    }

    /// The words for an order of the list.
    pub fn sort_label(&self, sort: &str) -> &'static str {
        match sort {
            "-name" => "sort-name-descending",
            "-created" => "sort-newest",
            "created" => "sort-oldest",
            "-updated" => "sort-changed",
            _ => "sort-name",
        }
    }

    /// The query string of these filters by name the other way round: what
    /// the name column's heading links to.
    pub fn name_flipped(&self) -> String {
        let sort = if self.sorted("name") { "-name" } else { "name" };
        Self { sort: sort.to_owned(), cursor: String::new(), ..self.clone() }.query()
    }

    /// How the name column is sorted, for `aria-sort`.
    pub fn name_order(&self) -> &'static str {
        if self.sorted("name") {
            "ascending"
        } else if self.sorted("-name") {
            "descending"
        } else {
            "none"
        }
    }
}

#[derive(Template)]
#[template(path = "parties/list.html")]
pub struct ListPage {
    pub ui: Ui,
    pub filters: Filters,
    pub rows: Vec<PartyRow>,
    pub next_cursor: Option<String>,
    pub can_create: bool,
    /// The fields the filters got wrong.
    pub errors: Fields,
    /// The members the owner filter offers, as (id, name).
    pub owners: Vec<(String, String)>,
    /// The reader's saved views.
    pub views: Vec<SavedView>,
    /// The id of a view just deleted, which can be restored.
    pub deleted_view: Option<String>,
    /// A party just deleted, which can be restored: (id, name).
    pub deleted_party: Option<(String, String)>,
}

/// Only the table, for htmx to swap in as the reader types.
#[derive(Template)]
#[template(path = "parties/rows.html")]
pub struct RowsFragment {
    pub ui: Ui,
    pub filters: Filters,
    pub rows: Vec<PartyRow>,
    pub next_cursor: Option<String>,
    /// Always empty: a view's errors come back on the whole page.
    pub errors: Fields,
}

pub(crate) fn row(
    item: rapport_core::parties::store::PartyListItem,
    region: rapport_domain::common::locale::Region,
) -> PartyRow {
    let email = serde_json::from_str::<Vec<serde_json::Value>>(item.emails.get())
        .ok()
        .and_then(|emails| emails.into_iter().next())
        .and_then(|first| first.get("address").and_then(|a| a.as_str()).map(str::to_owned));
    let tags = serde_json::from_str::<Vec<String>>(item.tags.get()).unwrap_or_default();
    let phone = serde_json::from_str::<Vec<rapport_domain::parties::PhoneContact>>(item.phones.get())
        .ok()
        .and_then(|phones| phones.into_iter().next())
        .map(|first| first.number.written_in(region));
    PartyRow {
        id: item.id.0.to_string(),
        name: item.name,
        organization: item.kind == PartyKind::Organization,
        email,
        phone,
        tags,
        primary: item.relationship.map(|r| r.primary),
        lifecycle: item.relationship.and_then(|r| r.lifecycle),
    }
}

/// `GET /parties`: the whole page, or only its rows when htmx asks.
pub async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: axum::http::HeaderMap,
    Query(filters): Query<Filters>,
) -> Response {
    let ui = viewer.ui(Section::Parties);
    let can_create = viewer.may(Resource::Party, Action::Create, viewer.actor.user());
    let (rows, next_cursor, errors) = match state.app.list_parties(&viewer.actor, &filters.request()).await {
        Ok(page) => {
            let region = viewer.workspace.settings.phone_region;
            let rows = page.items.into_iter().map(|item| row(item, region)).collect();
            (rows, page.next_cursor.map(|c| c.encode()), Fields::default())
        }
        Err(AppError::Validation(errors)) => (Vec::new(), None, Fields::from(errors)),
        Err(error) => return ErrorPage::from_app(viewer.user.locale, error),
    };
    if headers.get("hx-target").and_then(|v| v.to_str().ok()) == Some("party-rows") {
        return render(viewer.user.locale, &RowsFragment { ui, filters, rows, next_cursor, errors });
    }
    let (members, views) = tokio::join!(state.app.members(&viewer.actor), state.app.saved_views(&viewer.actor));
    let found = async {
        let owners =
            allowed(members)?.into_iter().map(|(user, _)| (user.id.0.to_string(), user.display_name)).collect();
        let deleted_party = match record_id(&filters.deleted_party, PartyId) {
            Ok(id) => visible(state.app.party(&viewer.actor, id, true).await)?
                .filter(|party| party.deleted_at.is_some())
                .map(|party| (party.id.0.to_string(), party.facts.name.as_str().to_owned())),
            Err(_) => None,
        };
        Ok::<_, AppError>((owners, views?, deleted_party))
    }
    .await;
    let (owners, views, deleted_party) = match found {
        Ok(found) => found,
        Err(error) => return ErrorPage::from_app(viewer.user.locale, error),
    };
    let deleted_view = record_id(&filters.deleted_view, |id| id).ok().map(|id| id.to_string());
    let page =
        ListPage { ui, filters, rows, next_cursor, can_create, errors, owners, views, deleted_view, deleted_party };
    render(viewer.user.locale, &page)
}

/// `POST /parties/views`: saves the list's filters under a name.
pub async fn save_view(State(state): State<AppState>, Posted { viewer, form }: Posted) -> Response {
    match state.app.save_view(&viewer.actor, form.get("name"), form.get("query")).await {
        Ok(view) => Redirect::to(&format!("/parties?{}", view.query)).into_response(),
        Err(AppError::Validation(errors)) => {
            let query = form.get("query").trim_start_matches('?').to_owned();
            let filters: Filters = filters_of(&query);
            let views = match state.app.saved_views(&viewer.actor).await {
                Ok(views) => views,
                Err(error) => return ErrorPage::from_app(viewer.user.locale, error),
            };
            let ui = viewer.ui(Section::Parties);
            let page = ListPage {
                ui,
                filters,
                rows: Vec::new(),
                next_cursor: None,
                can_create: false,
                errors: Fields::from(errors),
                owners: Vec::new(),
                views,
                deleted_view: None,
                deleted_party: None,
            };
            crate::errors::with_status(render(viewer.user.locale, &page), 422)
        }
        Err(error) => ErrorPage::from_app(viewer.user.locale, error),
    }
}

/// The list's filters read back from a query string.
fn filters_of(query: &str) -> Filters {
    let form = Form::parse(query.as_bytes());
    Filters {
        q: form.get("q").to_owned(),
        kind: form.get("kind").to_owned(),
        relationship: form.get("relationship").to_owned(),
        lifecycle: form.get("lifecycle").to_owned(),
        tag: form.get("tag").to_owned(),
        owner: form.get("owner").to_owned(),
        account_team: form.get("account_team").to_owned(),
        ..Filters::default()
    }
}

/// `POST /parties/views/{id}/delete` and `…/restore`.
pub async fn delete_view(
    State(state): State<AppState>,
    Path((id, action)): Path<(String, String)>,
    Posted { viewer, .. }: Posted,
) -> Response {
    let deleted = match action.as_str() {
        "delete" => true,
        "restore" => false,
        _ => return ErrorPage::from_app(viewer.user.locale, AppError::NotFound),
    };
    let result = async {
        let id = record_id(&id, |id| id)?;
        state.app.delete_view(&viewer.actor, id, deleted).await
    }
    .await;
    match result {
        Ok(view) if deleted => Redirect::to(&format!("/parties?deleted_view={}", view.id)).into_response(),
        Ok(view) => Redirect::to(&format!("/parties?{}", view.query)).into_response(),
        Err(error) => ErrorPage::from_app(viewer.user.locale, error),
    }
}
