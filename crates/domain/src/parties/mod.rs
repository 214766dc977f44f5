//! The party register: people and organizations, and what is known about them.

pub mod affiliation;
pub mod events;
pub mod note;
pub mod view;

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use crate::common::contact::{Address, AddressInput, Email, Phone};
use crate::common::dates::{format_date, parse_date};
use crate::common::ids::{PartyId, UserId, WorkspaceId};
use crate::common::locale::Region;
use crate::common::patch::Patch;
use crate::common::text::{PartyName, Tag};
use crate::common::validation::{FieldProblem, ValidationErrors};

/// Whether a party is a person or an organization. (Whether it is a client, a
/// customer or a consumer is a different question, answered from its data.)
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PartyKind {
    Person,
    Organization,
}

impl PartyKind {
    pub fn parse(raw: &str) -> Result<Self, FieldProblem> {
        match raw.trim() {
            "person" => Ok(Self::Person),
            "organization" => Ok(Self::Organization),
            _ => Err(FieldProblem::new("invalid_kind", "must be 'person' or 'organization'")),
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Person => "person",
            Self::Organization => "organization",
        }
    }
}

/// An email address of a party, optionally labelled.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailContact {
    pub address: Email,
    pub label: Option<String>,
}

/// A phone number of a party, optionally labelled.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneContact {
    pub number: Phone,
    pub label: Option<String>,
}

/// An email as given: a bare string or an object with a label.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum EmailInput {
    Bare(String),
    Labelled(LabelledEmail),
}

/// An email with a label such as `work`. Unknown keys are refused, so that a
/// misspelt `lable` is not silently dropped.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelledEmail {
    #[cfg_attr(feature = "openapi", schema(format = Email, max_length = 254))]
    pub address: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = "line-or-blank", max_length = 40))]
    pub label: Option<String>,
}

/// A phone as given: a bare string or an object with a label.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PhoneInput {
    Bare(String),
    Labelled(LabelledPhone),
}

/// A phone number with a label such as `mobile`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelledPhone {
    pub number: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = "line-or-blank", max_length = 40))]
    pub label: Option<String>,
}

/// The facts a user states about a party: everything but its identity and
/// bookkeeping. Always valid once constructed.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartyFacts {
    pub kind: PartyKind,
    pub name: PartyName,
    pub emails: Vec<EmailContact>,
    pub phones: Vec<PhoneContact>,
    pub addresses: Vec<Address>,
    #[serde(with = "crate::common::dates::iso_date::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub birthday: Option<Date>,
    pub tags: Vec<Tag>,
    /// An employee or department of the business itself.
    pub internal: bool,
}

/// A party as stored.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Party {
    pub id: PartyId,
    pub workspace_id: WorkspaceId,
    #[serde(flatten)]
    pub facts: PartyFacts,
    /// The user this party belongs to: who sees it when roles see only their own
    /// or their team's records. None for records made by the system.
    pub owner_id: Option<UserId>,
    pub version: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub deleted_at: Option<OffsetDateTime>,
}

/// Serialized field by field rather than through `#[serde(flatten)]`, which
/// buffers every party into a map first: the party list writes thousands of them
/// a second. The shape is the same as the derived one.
impl Serialize for Party {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Wire<'a> {
            id: PartyId,
            workspace_id: WorkspaceId,
            kind: PartyKind,
            name: &'a PartyName,
            emails: &'a [EmailContact],
            phones: &'a [PhoneContact],
            addresses: &'a [Address],
            #[serde(with = "crate::common::dates::iso_date::option")]
            birthday: Option<Date>,
            tags: &'a [Tag],
            internal: bool,
            owner_id: Option<UserId>,
            version: i64,
            #[serde(with = "time::serde::rfc3339")]
            created_at: OffsetDateTime,
            #[serde(with = "time::serde::rfc3339")]
            updated_at: OffsetDateTime,
            #[serde(with = "time::serde::rfc3339::option")]
            deleted_at: Option<OffsetDateTime>,
        }
        let f = &self.facts;
        Wire {
            id: self.id,
            workspace_id: self.workspace_id,
            kind: f.kind,
            name: &f.name,
            emails: &f.emails,
            phones: &f.phones,
            addresses: &f.addresses,
            birthday: f.birthday,
            tags: &f.tags,
            internal: f.internal,
            owner_id: self.owner_id,
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
            deleted_at: self.deleted_at,
        }
        .serialize(serializer)
    }
}

/// A party as a user submits it, before validation.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartyInput {
    #[cfg_attr(feature = "openapi", schema(value_type = PartyKind))]
    pub kind: String,
    #[cfg_attr(feature = "openapi", schema(format = "line", max_length = 200))]
    pub name: String,
    #[serde(default)]
    pub emails: Vec<EmailInput>,
    #[serde(default)]
    pub phones: Vec<PhoneInput>,
    #[serde(default)]
    pub addresses: Vec<AddressInput>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub birthday: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub internal: bool,
}

/// A partial update of a party. A party's kind cannot change: a person does not
/// become an organization, and history would stop making sense if it did.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartyPatch {
    /// A name cannot be cleared: `null` is refused.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = "line", max_length = 200))]
    pub name: Patch<String>,
    /// `null` removes every email; a list replaces them.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<EmailInput>>))]
    pub emails: Patch<Vec<EmailInput>>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<PhoneInput>>))]
    pub phones: Patch<Vec<PhoneInput>>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<AddressInput>>))]
    pub addresses: Patch<Vec<AddressInput>>,
    /// `null` clears the birthday.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub birthday: Patch<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<String>>))]
    pub tags: Patch<Vec<String>>,
    /// Cannot be cleared: `null` is refused.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<bool>))]
    pub internal: Patch<bool>,
    /// Hands the party to another member (`null`: to no one). Handing a party
    /// to someone else needs the right to change every party.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<UserId>))]
    pub owner_id: Patch<UserId>,
}

/// What parsing needs from outside: the workspace's phone region and today's date.
#[derive(Debug, Clone, Copy)]
pub struct ParseContext {
    pub phone_region: Region,
    pub today: Date,
}

/// How many contact points or tags one party may carry.
pub const MAX_LIST_LEN: usize = 50;

impl PartyFacts {
    /// Validates a whole party, reporting every field at fault.
    pub fn parse(input: &PartyInput, ctx: ParseContext) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let kind = errors.take("kind", PartyKind::parse(&input.kind));
        let name = errors.take("name", PartyName::parse(&input.name));
        let emails = parse_emails(&input.emails, &mut errors);
        let phones = parse_phones(&input.phones, ctx.phone_region, &mut errors);
        let addresses = parse_addresses(&input.addresses, &mut errors);
        let birthday = match &input.birthday {
            None => None,
            Some(raw) => errors.take("birthday", parse_birthday(raw, ctx.today)),
        };
        if birthday.is_some() && kind == Some(PartyKind::Organization) {
            errors.push("birthday", "not_a_person", "only a person has a birthday");
        }
        let tags = parse_tags(&input.tags, &mut errors);
        match (kind, name) {
            (Some(kind), Some(name)) if errors.is_empty() => {
                Ok(Self { kind, name, emails, phones, addresses, birthday, tags, internal: input.internal })
            }
            _ => Err(errors),
        }
    }

    /// The input that would produce these facts, so a patch can be merged into it
    /// and the result validated as a whole.
    pub fn to_input(&self) -> PartyInput {
        PartyInput {
            kind: self.kind.as_str().to_owned(),
            name: self.name.as_str().to_owned(),
            emails: self
                .emails
                .iter()
                .map(|e| {
                    EmailInput::Labelled(LabelledEmail {
                        address: e.address.as_str().to_owned(),
                        label: e.label.clone(),
                    })
                })
                .collect(),
            phones: self
                .phones
                .iter()
                .map(|p| {
                    PhoneInput::Labelled(LabelledPhone { number: p.number.as_str().to_owned(), label: p.label.clone() })
                })
                .collect(),
            addresses: self
                .addresses
                .iter()
                .map(|a| AddressInput {
                    label: a.label.clone(),
                    street: a.street.clone(),
                    city: a.city.clone(),
                    region: a.region.clone(),
                    postal_code: a.postal_code.clone(),
                    country: a.country.clone(),
                })
                .collect(),
            birthday: self.birthday.map(format_date),
            tags: self.tags.iter().map(|t| t.as_str().to_owned()).collect(),
            internal: self.internal,
        }
    }

    /// These facts with `patch` applied, validated as a whole.
    pub fn patched(&self, patch: PartyPatch, ctx: ParseContext) -> Result<Self, ValidationErrors> {
        let mut input = self.to_input();
        let mut cleared = ValidationErrors::new();
        match patch.name {
            Patch::Unchanged => {}
            Patch::Clear => cleared.push("name", "required", "a party always has a name"),
            Patch::Set(name) => input.name = name,
        }
        match patch.internal {
            Patch::Unchanged => {}
            Patch::Clear => cleared.push("internal", "required", "must be true or false"),
            Patch::Set(internal) => input.internal = internal,
        }
        input.emails = patch.emails.apply(Some(input.emails)).unwrap_or_default();
        input.phones = patch.phones.apply(Some(input.phones)).unwrap_or_default();
        input.addresses = patch.addresses.apply(Some(input.addresses)).unwrap_or_default();
        input.tags = patch.tags.apply(Some(input.tags)).unwrap_or_default();
        input.birthday = patch.birthday.apply(input.birthday);
        match Self::parse(&input, ctx) {
            Ok(facts) if cleared.is_empty() => Ok(facts),
            Ok(_) => Err(cleared),
            Err(mut errors) => {
                errors.0.splice(0..0, cleared.0);
                Err(errors)
            }
        }
    }

    /// The lower-cased text that a search for `q` looks in: name, emails, phones.
    pub fn search_text(&self) -> String {
        let mut text = self.name.sort_key();
        for email in &self.emails {
            text.push(' ');
            text.push_str(&email.address.key());
        }
        for phone in &self.phones {
            text.push(' ');
            text.push_str(phone.number.as_str());
        }
        text
    }
}

fn parse_birthday(raw: &str, today: Date) -> Result<Date, FieldProblem> {
    let date = parse_date(raw)?;
    if date > today {
        return Err(FieldProblem::new("in_future", "must not be in the future"));
    }
    if date.year() < 1900 {
        return Err(FieldProblem::new("too_early", "must be in 1900 or later"));
    }
    Ok(date)
}

fn check_len<T>(field: &str, items: &[T], errors: &mut ValidationErrors) -> bool {
    if items.len() > MAX_LIST_LEN {
        errors.push(field, "too_many", format!("at most {MAX_LIST_LEN} entries"));
        return false;
    }
    true
}

fn parse_optional_label(field: String, label: &Option<String>, errors: &mut ValidationErrors) -> Option<String> {
    errors
        .take(field, crate::common::text::optional_line(label.as_deref(), crate::common::contact::MAX_LABEL))
        .flatten()
}

fn parse_emails(inputs: &[EmailInput], errors: &mut ValidationErrors) -> Vec<EmailContact> {
    if !check_len("emails", inputs, errors) {
        return Vec::new();
    }
    let mut seen = BTreeSet::new();
    let mut emails = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        let (raw, label) = match input {
            EmailInput::Bare(raw) => (raw, &None),
            EmailInput::Labelled(LabelledEmail { address, label }) => (address, label),
        };
        let field = format!("emails[{i}]");
        let label = parse_optional_label(format!("{field}.label"), label, errors);
        if let Some(address) = errors.take(field.clone(), Email::parse(raw)) {
            if seen.insert(address.key()) {
                emails.push(EmailContact { address, label });
            } else {
                errors.push(field, "duplicate", "is listed twice");
            }
        }
    }
    emails
}

fn parse_phones(inputs: &[PhoneInput], region: Region, errors: &mut ValidationErrors) -> Vec<PhoneContact> {
    if !check_len("phones", inputs, errors) {
        return Vec::new();
    }
    let mut seen = BTreeSet::new();
    let mut phones = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        let (raw, label) = match input {
            PhoneInput::Bare(raw) => (raw, &None),
            PhoneInput::Labelled(LabelledPhone { number, label }) => (number, label),
        };
        let field = format!("phones[{i}]");
        let label = parse_optional_label(format!("{field}.label"), label, errors);
        if let Some(number) = errors.take(field.clone(), Phone::parse(raw, region)) {
            if seen.insert(number.as_str().to_owned()) {
                phones.push(PhoneContact { number, label });
            } else {
                errors.push(field, "duplicate", "is listed twice");
            }
        }
    }
    phones
}

fn parse_addresses(inputs: &[AddressInput], errors: &mut ValidationErrors) -> Vec<Address> {
    if !check_len("addresses", inputs, errors) {
        return Vec::new();
    }
    let mut addresses = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        match Address::parse(input) {
            Ok(address) => addresses.push(address),
            Err((part, problem)) => errors.push(format!("addresses[{i}].{part}"), problem.code, problem.message),
        }
    }
    addresses
}

fn parse_tags(inputs: &[String], errors: &mut ValidationErrors) -> Vec<Tag> {
    if !check_len("tags", inputs, errors) {
        return Vec::new();
    }
    let mut tags = BTreeSet::new();
    for (i, raw) in inputs.iter().enumerate() {
        if let Some(tag) = errors.take(format!("tags[{i}]"), Tag::parse(raw)) {
            tags.insert(tag);
        }
    }
    tags.into_iter().collect()
}

#[cfg(test)]
mod tests;
