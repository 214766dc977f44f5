//! Storage operations in domain terms, on both backends.
//!
//! Every function takes an [`Exec`](crate::db::Exec): a connection or an open
//! transaction, so the use cases decide what runs in one transaction.

pub mod account_team;
pub mod accounts;
pub mod adjustments;
pub mod affiliations;
pub mod audit;
pub mod commerce;
pub mod contract_usage;
pub mod contracts;
pub mod credentials;
mod error;
pub mod idempotency;
pub mod notes;
pub mod paging;
pub mod parties;
pub mod password_links;
pub mod playbooks;
pub mod relationships;
pub mod value_models;
pub mod views;
pub mod workspaces;

pub use error::StoreError;

/// Appends ` AND {column} IN (…)` over `ids` (uuids) to a query being built.
/// An empty list matches nothing, which `IN ()` cannot say portably: the
/// nil uuid, which no record has, stands in the list.
macro_rules! push_in {
    ($query:expr, $column:expr, $ids:expr) => {{
        $query.push(concat!(" AND ", $column, " IN ("));
        let mut list = $query.separated(", ");
        list.push_bind(uuid::Uuid::nil());
        for id in $ids {
            list.push_bind(id);
        }
        $query.push(")");
    }};
}
pub(crate) use push_in;

/// The parties a member of limited reach may read: those owned by one of
/// `owners`, and those `server` serves (on their account team, or a person or
/// end user under a party that is; see [`account_team::serves`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Readable {
    pub owners: Vec<rapport_domain::ids::UserId>,
    pub server: rapport_domain::ids::UserId,
}

/// Adds ` AND (<owner> IN (…) OR <id> IN (parties served))` for a
/// [`Readable`] to a query, the id and owner columns named as the query
/// names them.
macro_rules! push_readable {
    ($query:expr, $id:expr, $owner:expr, $readable:expr) => {{
        let readable: &$crate::store::Readable = $readable;
        $query.push(concat!(" AND (", $owner, " IN ("));
        let mut list = $query.separated(", ");
        list.push_bind(uuid::Uuid::nil());
        for owner in &readable.owners {
            list.push_bind(owner.0);
        }
        $query.push(concat!(") OR ", $id, " IN ("));
        $crate::store::account_team::push_served(&mut $query, readable.server);
        $query.push("))");
    }};
}
pub(crate) use push_readable;
