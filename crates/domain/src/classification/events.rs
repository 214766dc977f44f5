//! The relationship engine's events on the wire: a party's kind of
//! relationship changed, or a person overrode it.

use serde::{Deserialize, Serialize};
use time::Date;
use uuid::Uuid;

use crate::classification::{Classification, Kind, Lifecycle, Override};
use crate::events::{Event, EventType};

/// A classification as subscribers see it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassificationV1 {
    /// `client`, `customer`, `consumer`, `internal` or `prospect`.
    pub primary: String,
    /// Every kind the party is at once (a client may be a consumer too).
    pub kinds: Vec<String>,
    /// A buyer's stage: `new`, `returning`, `loyal`, `at_risk`, `lapsed`.
    pub lifecycle: Option<String>,
}

impl ClassificationV1 {
    pub fn of(primary: Kind, kinds: impl IntoIterator<Item = Kind>, lifecycle: Option<Lifecycle>) -> Self {
        Self {
            primary: primary.as_str().to_owned(),
            kinds: kinds.into_iter().map(|k| k.as_str().to_owned()).collect(),
            lifecycle: lifecycle.map(|l| l.as_str().to_owned()),
        }
    }
}

/// One reason the engine gives, by its rule and in the workspace's words.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReasonV1 {
    pub rule: String,
    pub text: String,
}

/// A party's kind of relationship or stage changed: `relationship.changed`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RelationshipChangedV1 {
    pub party_id: Uuid,
    /// None for a party classified for the first time.
    pub from: Option<ClassificationV1>,
    pub to: ClassificationV1,
    pub reasons: Vec<ReasonV1>,
    /// What caused it, such as `order.create`, `contract.sign`, `time`.
    pub cause: String,
}

impl RelationshipChangedV1 {
    pub fn event(party_id: Uuid, from: Option<ClassificationV1>, to: &Classification, cause: &str) -> Event {
        let payload = Self {
            party_id,
            from,
            to: ClassificationV1::of(to.primary, to.kinds.iter().copied(), to.lifecycle),
            reasons: to.explanation.iter().map(|r| ReasonV1 { rule: r.rule.clone(), text: r.text.clone() }).collect(),
            cause: cause.to_owned(),
        };
        Event::new(EventType::RelationshipChanged, party_id, &payload)
    }
}

/// A person set or cleared the kind of a party's relationship by hand:
/// `relationship.overridden`, `relationship.override_cleared`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RelationshipOverrideV1 {
    pub party_id: Uuid,
    /// The kind set; none when cleared.
    pub kind: Option<String>,
    pub reason: Option<String>,
    #[serde(with = "crate::common::dates::iso_date::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub expires_on: Option<Date>,
}

impl RelationshipOverrideV1 {
    pub fn event(party_id: Uuid, set: Option<&Override>) -> Event {
        let payload = Self {
            party_id,
            kind: set.map(|o| o.kind.as_str().to_owned()),
            reason: set.map(|o| o.reason.clone()),
            expires_on: set.and_then(|o| o.expires_on),
        };
        let kind =
            if set.is_some() { EventType::RelationshipOverridden } else { EventType::RelationshipOverrideCleared };
        Event::new(kind, party_id, &payload)
    }
}
