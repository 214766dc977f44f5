//! What every capability's storage shares: the error, paging, the audit log,
//! idempotency keys, and the SQL helpers for lists and reach.
//!
//! Every function takes an [`Exec`](crate::kernel::db::Exec): a connection or an open
//! transaction, so the use cases decide what runs in one transaction.

pub mod audit;
mod error;
pub mod events;
pub mod idempotency;
pub mod jobs;
pub mod paging;
pub mod schedules;

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

/// Which parties an operation covers: a few by id (after a write), or a
/// run of ids in order (a whole-workspace pass, one chunk at a time).
#[derive(Debug, Clone, Copy)]
pub enum Span<'a> {
    Ids(&'a [rapport_domain::common::ids::PartyId]),
    Between(rapport_domain::common::ids::PartyId, rapport_domain::common::ids::PartyId),
}

/// Appends `AND column …` selecting the span to a query being built.
macro_rules! push_span {
    ($query:expr, $column:expr, $span:expr) => {
        match $span {
            $crate::kernel::store::Span::Ids(ids) => {
                $crate::kernel::store::push_in!($query, $column, ids.iter().map(|id| id.0))
            }
            $crate::kernel::store::Span::Between(first, last) => {
                $query.push(concat!(" AND ", $column, " BETWEEN ")).push_bind(first.0).push(" AND ").push_bind(last.0);
            }
        }
    };
}
pub(crate) use push_span;

/// `column <op> param` over times, right on both backends. SQLite keeps times
/// as RFC 3339 text whose fraction of a second is as long as it needs to be
/// (`10:00:04Z`, `10:00:04.7Z`), which does not sort as the times do: it
/// compares them through `julianday`. PostgreSQL compares `timestamptz`.
pub(crate) fn compare_times(exec: &crate::kernel::db::Exec<'_>, column: &str, op: &str, param: &str) -> String {
    match exec {
        crate::kernel::db::Exec::Sqlite(_) => format!("julianday({column}) {op} julianday({param})"),
        crate::kernel::db::Exec::Postgres(_) => format!("{column} {op} {param}"),
    }
}
