//! The SQL of reach: which parties a member serves, and the filter that
//! limits a list to the parties a member may read.

use rapport_domain::common::ids::{PartyId, UserId};
use uuid::Uuid;

use crate::kernel::db::Exec;
use crate::kernel::store::StoreError;
use crate::on_conn;

/// The parties a member of limited reach may read: those owned by one of
/// `owners`, and those `server` serves (on their account team, or a person or
/// end user under a party that is; see [`serves`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Readable {
    pub owners: Vec<rapport_domain::common::ids::UserId>,
    pub server: rapport_domain::common::ids::UserId,
}

/// Adds ` AND (<owner> IN (…) OR <id> IN (parties served))` for a
/// [`Readable`] to a query, the id and owner columns named as the query
/// names them.
macro_rules! push_readable {
    ($query:expr, $id:expr, $owner:expr, $readable:expr) => {{
        let readable: &$crate::parties::store::reach::Readable = $readable;
        $query.push(concat!(" AND (", $owner, " IN ("));
        let mut list = $query.separated(", ");
        list.push_bind(uuid::Uuid::nil());
        for owner in &readable.owners {
            list.push_bind(owner.0);
        }
        $query.push(concat!(") OR ", $id, " IN ("));
        $crate::parties::store::reach::push_served(&mut $query, readable.server);
        $query.push("))");
    }};
}
pub(crate) use push_readable;

/// Whether `user` serves `party`: on its account team, or on the account team
/// of an organization the person works at (an affiliation not deleted) or of a
/// buyer whose orders the party uses as an end user.
pub async fn serves(exec: Exec<'_>, user: UserId, party: PartyId) -> Result<bool, StoreError> {
    let found: Option<(Uuid,)> = on_conn!(exec, c => {
        sqlx::query_as(
            "SELECT a.party_id FROM account_team a WHERE a.user_id = $1 AND (a.party_id = $2 \
             OR a.party_id IN (SELECT organization_id FROM affiliations WHERE person_id = $2 AND deleted_at IS NULL) \
             OR a.party_id IN (SELECT o.buyer_id FROM order_end_users e JOIN order_lines l ON l.id = e.order_line_id \
                               JOIN orders o ON o.id = l.order_id WHERE e.party_id = $2)) LIMIT 1",
        )
        .bind(user.0)
        .bind(party.0)
        .fetch_optional(&mut *c)
        .await?
    });
    Ok(found.is_some())
}

/// Pushes a subquery of the ids of every party `user` serves, as [`serves`]
/// decides for one, for a list filtered by it.
pub fn push_served<DB: sqlx::Database>(query: &mut sqlx::QueryBuilder<DB>, user: UserId)
where
    Uuid: for<'q> sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    query.push("SELECT a.party_id FROM account_team a WHERE a.user_id = ").push_bind(user.0);
    query
        .push(
            " UNION SELECT af.person_id FROM affiliations af JOIN account_team a ON a.party_id = af.organization_id \
             WHERE af.deleted_at IS NULL AND a.user_id = ",
        )
        .push_bind(user.0);
    query
        .push(
            " UNION SELECT e.party_id FROM account_team a JOIN orders o ON o.buyer_id = a.party_id \
             JOIN order_lines l ON l.order_id = o.id JOIN order_end_users e ON e.order_line_id = l.id \
             WHERE a.user_id = ",
        )
        .push_bind(user.0);
}
