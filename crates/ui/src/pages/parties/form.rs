//! The party form: a new person or organization (a person at their
//! organization in one step), and an existing party edited at the version
//! the form was opened at.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use rapport_core::AppError;
use rapport_domain::access::{Action, Resource};
use rapport_domain::common::contact::AddressInput;
use rapport_domain::common::ids::PartyId;
use rapport_domain::common::patch::Patch;
use rapport_domain::parties::affiliation::AffiliationInput;
use rapport_domain::parties::{Party, PartyInput, PartyKind, PartyPatch};
use rapport_web::AppState;

use crate::context::{Section, Ui};
use crate::errors::{ErrorPage, render};
use crate::fields::Fields;
use crate::form::{Form, Posted};
use crate::pages::parties::contact_rows;
use crate::pages::parties::contact_rows::{ContactGroup, ContactRow};
use crate::pages::record_id;
use crate::viewer::Viewer;

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
    fn of(party: &Party, region: rapport_domain::common::locale::Region) -> Self {
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

    fn with_address(mut self, address: Option<&rapport_domain::common::contact::Address>) -> Self {
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
