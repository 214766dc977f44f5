//! The `account_team` table: who serves a party personally.

use rapport_domain::ids::{PartyId, UserId, WorkspaceId};
use rapport_domain::relationship::TeamRole;
use time::OffsetDateTime;
use uuid::Uuid;

use super::StoreError;
use crate::db::Exec;
use crate::on_conn;

/// One assignment, with the member's name for explanations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub user_id: UserId,
    pub display_name: String,
    pub role: TeamRole,
}

/// Assigns `user` to `party` in `role`; false when they were already.
pub async fn add(
    exec: Exec<'_>,
    workspace: WorkspaceId,
    party: PartyId,
    user: UserId,
    role: TeamRole,
    at: OffsetDateTime,
) -> Result<bool, StoreError> {
    Ok(on_conn!(exec, c => {
        sqlx::query(
            "INSERT INTO account_team (workspace_id, party_id, user_id, role, created_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (party_id, user_id, role) DO NOTHING",
        )
        .bind(workspace.0)
        .bind(party.0)
        .bind(user.0)
        .bind(role.as_str())
        .bind(at)
        .execute(&mut *c)
        .await?
        .rows_affected()
            == 1
    }))
}

/// Ends an assignment; false when there was none.
pub async fn remove(exec: Exec<'_>, party: PartyId, user: UserId, role: TeamRole) -> Result<bool, StoreError> {
    Ok(on_conn!(exec, c => {
        sqlx::query("DELETE FROM account_team WHERE party_id = $1 AND user_id = $2 AND role = $3")
            .bind(party.0)
            .bind(user.0)
            .bind(role.as_str())
            .execute(&mut *c)
            .await?
            .rows_affected()
            == 1
    }))
}

/// The account team of a party, in the order they were assigned.
pub async fn of_party(exec: Exec<'_>, workspace: WorkspaceId, party: PartyId) -> Result<Vec<Assignment>, StoreError> {
    let rows: Vec<(Uuid, String, String)> = on_conn!(exec, c => {
        sqlx::query_as(
            "SELECT a.user_id, u.display_name, a.role FROM account_team a JOIN users u ON u.id = a.user_id \
             WHERE a.party_id = $1 AND a.workspace_id = $2 ORDER BY a.created_at, a.user_id, a.role",
        )
        .bind(party.0)
        .bind(workspace.0)
        .fetch_all(&mut *c)
        .await?
    });
    rows.into_iter()
        .map(|(user, display_name, role)| {
            Ok(Assignment {
                user_id: UserId(user),
                display_name,
                role: TeamRole::parse(&role).map_err(StoreError::corrupt)?,
            })
        })
        .collect()
}

/// The account teams of every party in `span`, by party.
pub async fn of_parties(
    exec: Exec<'_>,
    workspace: WorkspaceId,
    span: super::relationships::Span<'_>,
) -> Result<Vec<(PartyId, Assignment)>, StoreError> {
    use super::relationships::{Span, push_span};
    let rows: Vec<(Uuid, Uuid, String, String)> = on_conn!(exec, c => {
        let mut query = sqlx::QueryBuilder::new(
            "SELECT a.party_id, a.user_id, u.display_name, a.role FROM account_team a JOIN users u ON u.id = a.user_id \
             WHERE a.workspace_id = ",
        );
        query.push_bind(workspace.0);
        push_span!(query, "a.party_id", span);
        query.push(" ORDER BY a.party_id, a.created_at, a.user_id, a.role");
        query.build_query_as().fetch_all(&mut *c).await?
    });
    rows.into_iter()
        .map(|(party, user, display_name, role)| {
            let role = TeamRole::parse(&role).map_err(StoreError::corrupt)?;
            Ok((PartyId(party), Assignment { user_id: UserId(user), display_name, role }))
        })
        .collect()
}

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
