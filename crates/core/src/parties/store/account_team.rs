//! The `account_team` table: who serves a party personally.

use rapport_domain::classification::TeamRole;
use rapport_domain::common::ids::{PartyId, UserId, WorkspaceId};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::kernel::db::Exec;
use crate::kernel::store::StoreError;
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
    span: crate::kernel::store::Span<'_>,
) -> Result<Vec<(PartyId, Assignment)>, StoreError> {
    use crate::kernel::store::push_span;
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
