//! Typed identifiers. Each record kind has its own id type so that a party id can
//! never be passed where a workspace id is expected. The ids are UUIDv7 (time
//! ordered, so they index well), made outside this crate and wrapped here.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl From<Uuid> for $name {
            fn from(value: Uuid) -> Self {
                Self(value)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

id_type!(
    /// A workspace: one tenant, owning every business record in it.
    WorkspaceId
);
id_type!(
    /// A party: a person or an organization.
    PartyId
);
id_type!(
    /// A link between a person and an organization.
    AffiliationId
);
id_type!(
    /// A note written about a party.
    NoteId
);
id_type!(
    /// One entry of the audit log.
    AuditId
);
id_type!(
    /// A person who signs in to Rapport.
    UserId
);
id_type!(
    /// A team of members within a workspace.
    TeamId
);
id_type!(
    /// An API token.
    TokenId
);
id_type!(
    /// Something the business sells.
    OfferingId
);
id_type!(
    /// An order.
    OrderId
);
id_type!(
    /// A contract with a client.
    ContractId
);
