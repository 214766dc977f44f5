//! The party register's events on the wire: parties, affiliations, notes,
//! account teams and saved views.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::events::{Event, EventType};
use crate::parties::Party;
use crate::parties::affiliation::Affiliation;
use crate::parties::note::Note;
use crate::parties::view::SavedView;

/// A party as subscribers see it: `party.created`, `.updated`, `.deleted`,
/// `.restored`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartyV1 {
    pub id: Uuid,
    /// `person` or `organization`.
    pub kind: String,
    pub name: String,
    pub owner_id: Option<Uuid>,
    pub tags: Vec<String>,
    /// An employee or department of the business itself.
    pub internal: bool,
    pub version: i64,
    pub deleted: bool,
}

impl PartyV1 {
    pub fn event(kind: EventType, party: &Party) -> Event {
        let payload = Self {
            id: party.id.0,
            kind: party.facts.kind.as_str().to_owned(),
            name: party.facts.name.as_str().to_owned(),
            owner_id: party.owner_id.map(|u| u.0),
            tags: party.facts.tags.iter().map(|t| t.as_str().to_owned()).collect(),
            internal: party.facts.internal,
            version: party.version,
            deleted: party.deleted_at.is_some(),
        };
        Event::new(kind, party.id.0, &payload)
    }
}

/// Who works where: `affiliation.created`, `.updated`, `.deleted`, `.restored`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AffiliationV1 {
    pub id: Uuid,
    pub person_id: Uuid,
    pub organization_id: Uuid,
    pub title: Option<String>,
    pub version: i64,
    pub deleted: bool,
}

impl AffiliationV1 {
    pub fn event(kind: EventType, affiliation: &Affiliation) -> Event {
        let payload = Self {
            id: affiliation.id.0,
            person_id: affiliation.person_id.0,
            organization_id: affiliation.organization_id.0,
            title: affiliation.title.clone(),
            version: affiliation.version,
            deleted: affiliation.deleted_at.is_some(),
        };
        Event::new(kind, affiliation.id.0, &payload)
    }
}

/// A note about a party: `note.created`, `.updated`, `.deleted`, `.restored`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoteV1 {
    pub id: Uuid,
    pub party_id: Uuid,
    pub body: String,
    /// Who wrote it, as the audit log names them.
    pub author: String,
    pub version: i64,
    pub deleted: bool,
}

impl NoteV1 {
    pub fn event(kind: EventType, note: &Note) -> Event {
        let payload = Self {
            id: note.id.0,
            party_id: note.party_id.0,
            body: note.body.clone(),
            author: note.author.clone(),
            version: note.version,
            deleted: note.deleted_at.is_some(),
        };
        Event::new(kind, note.id.0, &payload)
    }
}

/// A member put on or taken off a party's account team:
/// `account_team.assigned`, `account_team.unassigned`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountTeamV1 {
    pub party_id: Uuid,
    pub user_id: Uuid,
    /// The member's role on the team, such as `account_manager`.
    pub role: String,
}

impl AccountTeamV1 {
    pub fn event(kind: EventType, party_id: Uuid, user_id: Uuid, role: &str) -> Event {
        Event::new(kind, party_id, &Self { party_id, user_id, role: role.to_owned() })
    }
}

/// A member's saved filter of the party list: `saved_view.saved`, `.deleted`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedViewV1 {
    pub id: Uuid,
    pub user_id: Uuid,
    pub name: String,
    pub query: String,
}

impl SavedViewV1 {
    pub fn event(kind: EventType, view: &SavedView) -> Event {
        let payload = Self { id: view.id, user_id: view.user_id.0, name: view.name.clone(), query: view.query.clone() };
        Event::new(kind, view.id, &payload)
    }
}
