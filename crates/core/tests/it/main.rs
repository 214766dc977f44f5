//! The storage conformance suite: every behaviour runs on SQLite and on PostgreSQL.

mod affiliations;
mod busy;
mod events;
mod idempotency;
mod identity;
mod jobs;
mod notes;
mod parties;
mod playbooks;
mod relationships;
mod schema;
mod value;
mod views;
mod workspaces;
mod writes;

use rapport_domain::parties::{EmailInput, PartyInput, PhoneInput};

/// A person with the given name, email and phone.
pub fn person(name: &str, email: &str, phone: &str) -> PartyInput {
    PartyInput {
        kind: "person".into(),
        name: name.into(),
        emails: vec![EmailInput::Bare(email.into())],
        phones: vec![PhoneInput::Bare(phone.into())],
        ..Default::default()
    }
}

pub fn organization(name: &str) -> PartyInput {
    PartyInput { kind: "organization".into(), name: name.into(), ..Default::default() }
}
