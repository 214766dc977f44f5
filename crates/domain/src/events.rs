//! Domain events: what happened to the records, named and shaped for the
//! world outside (webhooks, automation, later the inbox). Every audited
//! change writes one, in the same transaction.
//!
//! A payload is a wire type of its own (see each capability's `events`
//! module), never a record's own struct: records' fields will move, and a
//! subscriber must not break when they do. A payload that changes shape
//! gets a new version.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use uuid::Uuid;

/// Declares the event types: the enum, its wire names and its list.
macro_rules! event_types {
    ($($(#[$doc:meta])* $variant:ident => $name:literal,)*) => {
        /// Every kind of event, as named on the wire (`party.created`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum EventType {
            $($(#[$doc])* $variant,)*
        }

        impl EventType {
            /// Every event type, in the order of the documentation.
            pub const ALL: &'static [EventType] = &[$(EventType::$variant,)*];

            /// The name on the wire, such as `party.created`.
            pub fn as_str(&self) -> &'static str {
                match self {
                    $(EventType::$variant => $name,)*
                }
            }

            /// The event type named `name`, if there is one.
            pub fn parse(name: &str) -> Option<Self> {
                match name {
                    $($name => Some(EventType::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

event_types! {
    PartyCreated => "party.created",
    PartyUpdated => "party.updated",
    PartyDeleted => "party.deleted",
    PartyRestored => "party.restored",
    AffiliationCreated => "affiliation.created",
    AffiliationUpdated => "affiliation.updated",
    AffiliationDeleted => "affiliation.deleted",
    AffiliationRestored => "affiliation.restored",
    NoteCreated => "note.created",
    NoteUpdated => "note.updated",
    NoteDeleted => "note.deleted",
    NoteRestored => "note.restored",
    AccountTeamAssigned => "account_team.assigned",
    AccountTeamUnassigned => "account_team.unassigned",
    SavedViewSaved => "saved_view.saved",
    SavedViewDeleted => "saved_view.deleted",
    OfferingCreated => "offering.created",
    OfferingUpdated => "offering.updated",
    OfferingRetired => "offering.retired",
    OfferingRestored => "offering.restored",
    OrderPlaced => "order.placed",
    OrderStatusChanged => "order.status_changed",
    OrderRefunded => "order.refunded",
    OrderExchanged => "order.exchanged",
    ContractCreated => "contract.created",
    ContractUpdated => "contract.updated",
    ContractSent => "contract.sent",
    ContractSigned => "contract.signed",
    ContractActivated => "contract.activated",
    ContractTerminated => "contract.terminated",
    ContractRenewed => "contract.renewed",
    ContractUsageRecorded => "contract.usage_recorded",
    RelationshipChanged => "relationship.changed",
    RelationshipOverridden => "relationship.overridden",
    RelationshipOverrideCleared => "relationship.override_cleared",
    PlaybookChanged => "playbook.changed",
    ValueModelFitted => "value_model.fitted",
    MemberAdded => "member.added",
    MemberUpdated => "member.updated",
    TokenCreated => "token.created",
    TokenRevoked => "token.revoked",
    TeamCreated => "team.created",
    TeamChanged => "team.changed",
    SignInLinkIssued => "sign_in_link.issued",
    WorkspaceCreated => "workspace.created",
    WorkspaceUpdated => "workspace.updated",
}

impl EventType {
    /// The version of the payload this type carries today.
    pub fn version(&self) -> u32 {
        1
    }
}

impl std::fmt::Display for EventType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for EventType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for EventType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        EventType::parse(&name).ok_or_else(|| serde::de::Error::custom(format!("no event type is named {name:?}")))
    }
}

/// An event about to be written: its type, the record it is about, and its
/// payload as it will go on the wire.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub kind: EventType,
    /// The id of the record the event is about.
    pub subject: Uuid,
    pub data: serde_json::Value,
}

impl Event {
    /// The event `kind` about `subject`, carrying `payload`.
    pub fn new(kind: EventType, subject: Uuid, payload: &impl Serialize) -> Self {
        // A payload is a plain struct of strings, numbers and lists: it
        // always serializes.
        let data = serde_json::to_value(payload).unwrap_or(serde_json::Value::Null);
        Self { kind, subject, data }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_is_named_once_and_read_back_by_its_name() {
        let mut names = std::collections::BTreeSet::new();
        for kind in EventType::ALL {
            assert!(names.insert(kind.as_str()), "{kind} named twice");
            assert_eq!(EventType::parse(kind.as_str()), Some(*kind));
            let (record, happened) = kind.as_str().split_once('.').expect("record.happened");
            assert!(!record.is_empty() && !happened.is_empty());
        }
        assert_eq!(EventType::parse("party.exploded"), None);
    }
}
