//! The party list with its search and filters, the quick search behind the
//! command palette, and the forms that create and edit parties.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use rapport_core::AppError;
use rapport_core::app::ListRequest;
use rapport_core::store::parties::PartySort;
use rapport_domain::access::{Action, Resource};
use rapport_domain::affiliation::AffiliationInput;
use rapport_domain::contact::AddressInput;
use rapport_domain::ids::PartyId;
use rapport_domain::party::{Party, PartyInput, PartyKind, PartyPatch};
use rapport_domain::patch::Patch;
use rapport_domain::relationship::{Kind, Lifecycle};
use rapport_domain::view::SavedView;
use rapport_web::AppState;
use serde::Deserialize;

use crate::context::{Section, Ui};
use crate::errors::{ErrorPage, render};
use crate::fields::Fields;
use crate::form::{Form, Posted};
use crate::pages::contact_rows::{self, ContactGroup, ContactRow};
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
        rapport_domain::view::parse("view", &self.query()).map(|(_, query)| query).unwrap_or_default()
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
    item: rapport_core::store::parties::PartyListItem,
    region: rapport_domain::workspace::Region,
) -> PartyRow {
    let email = serde_json::from_str::<Vec<serde_json::Value>>(item.emails.get())
        .ok()
        .and_then(|emails| emails.into_iter().next())
        .and_then(|first| first.get("address").and_then(|a| a.as_str()).map(str::to_owned));
    let tags = serde_json::from_str::<Vec<String>>(item.tags.get()).unwrap_or_default();
    let phone = serde_json::from_str::<Vec<rapport_domain::party::PhoneContact>>(item.phones.get())
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

/// What the party form shows: the values as typed, and the errors beside them.
#[derive(Debug, Clone, Default)]
pub struct PartyFormValues {
    pub kind: String,
    pub name: String,
    /// A new person's organization (its id) and title there, to link them
    /// in the same step; the organization's name, to show it chosen again.
    pub organization: String,
    pub organization_name: String,
    pub title: String,
    /// Each email and phone with its label.
    pub emails: Vec<ContactRow>,
    pub phones: Vec<ContactRow>,
    pub tags: String,
    pub birthday: String,
    pub internal: bool,
    pub version: i64,
    /// The first postal address, part by part (street, city, region,
    /// postal code, country); the form edits that one and keeps the others.
    pub street: String,
    pub city: String,
    pub region: String,
    pub postal_code: String,
    pub country: String,
}

impl PartyFormValues {
    /// A stored party as the form shows it: phones written the local way of
    /// `region` (they are read back the same way).
    fn of(party: &Party, region: rapport_domain::workspace::Region) -> Self {
        let f = &party.facts;
        Self {
            kind: f.kind.as_str().to_owned(),
            name: f.name.as_str().to_owned(),
            emails: f
                .emails
                .iter()
                .map(|e| ContactRow {
                    value: e.address.as_str().to_owned(),
                    label: e.label.clone().unwrap_or_default(),
                })
                .collect(),
            phones: f
                .phones
                .iter()
                .map(|p| ContactRow { value: p.number.written_in(region), label: p.label.clone().unwrap_or_default() })
                .collect(),
            tags: f.tags.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(", "),
            birthday: f.birthday.map(|d| d.to_string()).unwrap_or_default(),
            internal: f.internal,
            version: party.version,
            ..Self::default()
        }
        .with_address(f.addresses.first())
    }

    fn with_address(mut self, address: Option<&rapport_domain::contact::Address>) -> Self {
        if let Some(a) = address {
            let text = |part: &Option<String>| part.clone().unwrap_or_default();
            (self.street, self.city, self.region) = (text(&a.street), text(&a.city), text(&a.region));
            (self.postal_code, self.country) = (text(&a.postal_code), text(&a.country));
        }
        self
    }

    /// The address the form holds, if any part of it is filled in.
    fn address(&self) -> Option<AddressInput> {
        let part = |text: &str| Some(text.trim().to_owned()).filter(|t| !t.is_empty());
        let input = AddressInput {
            label: None,
            street: part(&self.street),
            city: part(&self.city),
            region: part(&self.region),
            postal_code: part(&self.postal_code),
            country: part(&self.country),
        };
        let filled = [&input.street, &input.city, &input.region, &input.postal_code, &input.country];
        filled.iter().any(|p| p.is_some()).then_some(input)
    }

    fn from_form(form: &Form) -> Self {
        Self {
            kind: form.get("kind").to_owned(),
            name: form.get("name").to_owned(),
            organization: form.get("other").to_owned(),
            organization_name: String::new(),
            title: form.get("title").to_owned(),
            emails: contact_rows::posted(form, "email", "email_label"),
            phones: contact_rows::posted(form, "phone", "phone_label"),
            tags: form.get("tags").to_owned(),
            birthday: form.get("birthday").to_owned(),
            internal: form.get("internal") == "on",
            version: form.get("version").parse().unwrap_or(0),
            street: form.get("street").to_owned(),
            city: form.get("city").to_owned(),
            region: form.get("region").to_owned(),
            postal_code: form.get("postal_code").to_owned(),
            country: form.get("country").to_owned(),
        }
    }
}

fn tags(text: &str) -> Vec<String> {
    text.split(',').map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect()
}

#[derive(Template)]
#[template(path = "parties/form.html")]
pub struct PartyFormPage {
    pub ui: Ui,
    /// The party edited; none for a new one.
    pub party_id: Option<String>,
    pub values: PartyFormValues,
    pub errors: Fields,
    /// Set when the party changed since the form was opened.
    pub conflict: bool,
}

impl PartyFormPage {
    /// The emails and the phones, each with a blank row to add another.
    pub fn contact_groups(&self) -> [ContactGroup; 2] {
        [ContactGroup::emails(&self.values.emails), ContactGroup::phones(&self.values.phones)]
    }
}

/// `GET /parties/new`.
pub async fn new_form(viewer: Viewer, Query(query): Query<std::collections::HashMap<String, String>>) -> Response {
    if !viewer.may(Resource::Party, Action::Create, viewer.actor.user()) {
        return ErrorPage::from_app(viewer.user.locale, AppError::Forbidden);
    }
    let kind = query.get("kind").filter(|k| *k == "organization").map_or("person", |k| k.as_str());
    let values = PartyFormValues { kind: kind.to_owned(), ..PartyFormValues::default() };
    let page = PartyFormPage {
        ui: viewer.ui(Section::Parties),
        party_id: None,
        values,
        errors: Fields::default(),
        conflict: false,
    };
    render(viewer.user.locale, &page)
}

/// `POST /parties`: creates the party and shows it.
pub async fn create(State(state): State<AppState>, Posted { viewer, form }: Posted) -> Response {
    let values = PartyFormValues::from_form(&form);
    let input = PartyInput {
        kind: values.kind.clone(),
        name: values.name.clone(),
        emails: contact_rows::emails(&values.emails),
        phones: contact_rows::phones(&values.phones),
        addresses: values.address().into_iter().collect(),
        birthday: Some(values.birthday.trim().to_owned()).filter(|b| !b.is_empty()),
        tags: tags(&values.tags),
        internal: values.internal,
    };
    let mut values = values;
    // A person's organization, chosen in the form, is checked before the
    // person is made: both are made, or neither.
    let organization = match works_at(&state, &viewer, &mut values).await {
        Ok(organization) => organization,
        Err(error) => return ErrorPage::from_app(viewer.user.locale, error),
    };
    let made = match organization {
        Err(problem) => Err(AppError::Validation(problem)),
        Ok(organization) => match state.app.create_party(&viewer.actor, &input).await {
            Ok(party) => match organization {
                None => Ok(party),
                Some(organization_id) => {
                    let title = Some(values.title.trim().to_owned()).filter(|t| !t.is_empty());
                    let link = AffiliationInput { person_id: party.id, organization_id, title };
                    state.app.create_affiliation(&viewer.actor, &link).await.map(|_| party)
                }
            },
            Err(error) => Err(error),
        },
    };
    match made {
        Ok(party) => Redirect::to(&format!("/parties/{}", party.id.0)).into_response(),
        Err(AppError::Validation(errors)) => {
            let ui = viewer.ui(Section::Parties);
            let page = PartyFormPage { ui, party_id: None, values, errors: Fields::from(errors), conflict: false };
            crate::errors::with_status(render(viewer.user.locale, &page), 422)
        }
        Err(error) => ErrorPage::from_app(viewer.user.locale, error),
    }
}

/// The organization a new person is said to work at, if one was chosen:
/// one the reader may see, and an organization (its name is kept in
/// `values`, to show it chosen if the form comes back).
async fn works_at(
    state: &AppState,
    viewer: &Viewer,
    values: &mut PartyFormValues,
) -> Result<Result<Option<PartyId>, rapport_domain::ValidationErrors>, AppError> {
    let refused = |code, message| Ok(Err(rapport_domain::ValidationErrors::single("other", code, message)));
    if values.kind != "person" || values.organization.trim().is_empty() {
        return Ok(Ok(None));
    }
    let Ok(id) = record_id(&values.organization, PartyId) else {
        return refused("not_found", "no such organization");
    };
    match crate::pages::visible(state.app.party(&viewer.actor, id, false).await)? {
        Some(found) if found.facts.kind == PartyKind::Organization => {
            values.organization_name = found.facts.name.as_str().to_owned();
            Ok(Ok(Some(id)))
        }
        Some(_) => refused("not_an_organization", "must be an organization"),
        None => refused("not_found", "no such organization"),
    }
}

/// `GET /parties/{id}/edit`.
pub async fn edit_form(State(state): State<AppState>, viewer: Viewer, Path(id): Path<String>) -> Response {
    let found = async { state.app.party_with_access(&viewer.actor, record_id(&id, PartyId)?, false).await }.await;
    let (party, access) = match found {
        Ok(found) => found,
        Err(error) => return ErrorPage::from_app(viewer.user.locale, error),
    };
    if !access.may(Action::Update) {
        return ErrorPage::from_app(viewer.user.locale, AppError::Forbidden);
    }
    let page = PartyFormPage {
        ui: viewer.ui(Section::Parties),
        party_id: Some(id),
        values: PartyFormValues::of(&party, viewer.workspace.settings.phone_region),
        errors: Fields::default(),
        conflict: false,
    };
    render(viewer.user.locale, &page)
}

/// The change the form makes to `current`.
fn patch_of(values: &PartyFormValues, current: &Party) -> PartyPatch {
    let emails = contact_rows::emails(&values.emails);
    let phones = contact_rows::phones(&values.phones);
    let birthday = values.birthday.trim();
    // The form edits the first address; the others stay as they are.
    let rest = current.facts.to_input().addresses.into_iter().skip(1);
    let first = values.address().map(|mut edited| {
        edited.label = current.facts.addresses.first().and_then(|a| a.label.clone());
        edited
    });
    let addresses: Vec<AddressInput> = first.into_iter().chain(rest).collect();
    PartyPatch {
        name: Patch::Set(values.name.clone()),
        emails: if emails.is_empty() { Patch::Clear } else { Patch::Set(emails) },
        phones: if phones.is_empty() { Patch::Clear } else { Patch::Set(phones) },
        addresses: if addresses.is_empty() { Patch::Clear } else { Patch::Set(addresses) },
        birthday: if birthday.is_empty() { Patch::Clear } else { Patch::Set(birthday.to_owned()) },
        tags: Patch::Set(tags(&values.tags)),
        internal: Patch::Set(values.internal),
        owner_id: Patch::Unchanged,
    }
}

/// `POST /parties/{id}/edit`: saves the form if the party is still at the
/// version the form was opened at; otherwise shows the form again with the
/// conflict, the reader's values kept, and nothing overwritten.
pub async fn update(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Posted { viewer, form }: Posted,
) -> Response {
    let locale = viewer.user.locale;
    let mut values = PartyFormValues::from_form(&form);
    let current = match async { state.app.party(&viewer.actor, record_id(&id, PartyId)?, false).await }.await {
        Ok(party) => party,
        Err(error) => return ErrorPage::from_app(locale, error),
    };
    values.kind = current.facts.kind.as_str().to_owned();
    let patch = patch_of(&values, &current);
    let page = |values, errors, conflict| PartyFormPage {
        ui: viewer.ui(Section::Parties),
        party_id: Some(id.clone()),
        values,
        errors,
        conflict,
    };
    match state.app.update_party(&viewer.actor, current.id, Some(values.version), patch).await {
        Ok(party) => Redirect::to(&format!("/parties/{}", party.id.0)).into_response(),
        Err(AppError::Validation(errors)) => {
            crate::errors::with_status(render(locale, &page(values, Fields::from(errors), false)), 422)
        }
        Err(AppError::VersionMismatch { current_version }) => {
            values.version = current_version;
            crate::errors::with_status(render(locale, &page(values, Fields::default(), true)), 409)
        }
        Err(error) => ErrorPage::from_app(locale, error),
    }
}
