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
    ($($(#[$doc:meta])* $variant:ident => $name:literal: $payload:ident,)*) => {
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

            /// The name of the payload's wire type (in its capability's
            /// `events` module), as the API document's schemas name it.
            pub fn payload(&self) -> &'static str {
                match self {
                    $(EventType::$variant => stringify!($payload),)*
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
    PartyCreated => "party.created": PartyV1,
    PartyUpdated => "party.updated": PartyV1,
    PartyDeleted => "party.deleted": PartyV1,
    PartyRestored => "party.restored": PartyV1,
    AffiliationCreated => "affiliation.created": AffiliationV1,
    AffiliationUpdated => "affiliation.updated": AffiliationV1,
    AffiliationDeleted => "affiliation.deleted": AffiliationV1,
    AffiliationRestored => "affiliation.restored": AffiliationV1,
    NoteCreated => "note.created": NoteV1,
    NoteUpdated => "note.updated": NoteV1,
    NoteDeleted => "note.deleted": NoteV1,
    NoteRestored => "note.restored": NoteV1,
    AccountTeamAssigned => "account_team.assigned": AccountTeamV1,
    AccountTeamUnassigned => "account_team.unassigned": AccountTeamV1,
    SavedViewSaved => "saved_view.saved": SavedViewV1,
    SavedViewDeleted => "saved_view.deleted": SavedViewV1,
    OfferingCreated => "offering.created": OfferingV1,
    OfferingUpdated => "offering.updated": OfferingV1,
    OfferingRetired => "offering.retired": OfferingV1,
    OfferingRestored => "offering.restored": OfferingV1,
    OrderPlaced => "order.placed": OrderPlacedV1,
    OrderStatusChanged => "order.status_changed": OrderStatusChangedV1,
    OrderRefunded => "order.refunded": OrderAdjustedV1,
    OrderExchanged => "order.exchanged": OrderAdjustedV1,
    ContractCreated => "contract.created": ContractV1,
    ContractUpdated => "contract.updated": ContractV1,
    ContractSent => "contract.sent": ContractV1,
    ContractSigned => "contract.signed": ContractV1,
    ContractActivated => "contract.activated": ContractV1,
    ContractTerminated => "contract.terminated": ContractV1,
    ContractRenewed => "contract.renewed": ContractV1,
    ContractUsageRecorded => "contract.usage_recorded": ContractUsageV1,
    RelationshipChanged => "relationship.changed": RelationshipChangedV1,
    RelationshipOverridden => "relationship.overridden": RelationshipOverrideV1,
    RelationshipOverrideCleared => "relationship.override_cleared": RelationshipOverrideV1,
    PlaybookChanged => "playbook.changed": PlaybookV1,
    ValueModelFitted => "value_model.fitted": ValueModelFittedV1,
    MemberAdded => "member.added": MemberV1,
    MemberUpdated => "member.updated": MemberV1,
    TokenCreated => "token.created": TokenV1,
    TokenRevoked => "token.revoked": TokenV1,
    TeamCreated => "team.created": TeamV1,
    TeamChanged => "team.changed": TeamMemberV1,
    SignInLinkIssued => "sign_in_link.issued": SignInLinkV1,
    WorkspaceCreated => "workspace.created": WorkspaceV1,
    WorkspaceUpdated => "workspace.updated": WorkspaceV1,
    WebhookCreated => "webhook.created": WebhookV1,
    WebhookUpdated => "webhook.updated": WebhookV1,
    WebhookDeleted => "webhook.deleted": WebhookV1,
}

impl EventType {
    /// The version of the payload this type carries today.
    pub fn version(&self) -> u32 {
        1
    }
}

/// The event types of a record changed by the usual four actions, as the
/// audit log names them (`create`, `update`, `delete`, `restore`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Changes {
    pub created: EventType,
    pub updated: EventType,
    pub deleted: EventType,
    pub restored: EventType,
}

impl Changes {
    pub const PARTY: Changes = Changes {
        created: EventType::PartyCreated,
        updated: EventType::PartyUpdated,
        deleted: EventType::PartyDeleted,
        restored: EventType::PartyRestored,
    };
    pub const AFFILIATION: Changes = Changes {
        created: EventType::AffiliationCreated,
        updated: EventType::AffiliationUpdated,
        deleted: EventType::AffiliationDeleted,
        restored: EventType::AffiliationRestored,
    };
    pub const NOTE: Changes = Changes {
        created: EventType::NoteCreated,
        updated: EventType::NoteUpdated,
        deleted: EventType::NoteDeleted,
        restored: EventType::NoteRestored,
    };

    /// The event of `action`; any action but the other three is an update.
    pub fn of(&self, action: &str) -> EventType {
        match action {
            "create" => self.created,
            "delete" => self.deleted,
            "restore" => self.restored,
            _ => self.updated,
        }
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
