//! The `password_links` table: sign-in links, kept as their hash.

use rapport_domain::common::ids::{UserId, WorkspaceId};
use time::OffsetDateTime;

use crate::kernel::db::Exec;
use crate::kernel::store::StoreError;
use crate::on_conn;

/// A link as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordLink {
    pub user_id: UserId,
    pub workspace_id: WorkspaceId,
    pub expires_at: OffsetDateTime,
    pub used_at: Option<OffsetDateTime>,
}

pub async fn insert(
    exec: Exec<'_>,
    secret_hash: &str,
    link: &PasswordLink,
    created_by: &str,
    at: OffsetDateTime,
) -> Result<(), StoreError> {
    on_conn!(exec, c => {
        sqlx::query(
            "INSERT INTO password_links (secret_hash, user_id, workspace_id, created_by, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(secret_hash)
        .bind(link.user_id.0)
        .bind(link.workspace_id.0)
        .bind(created_by)
        .bind(at)
        .bind(link.expires_at)
        .execute(&mut *c)
        .await?;
    });
    Ok(())
}

pub async fn get(exec: Exec<'_>, secret_hash: &str) -> Result<Option<PasswordLink>, StoreError> {
    type Row = (uuid::Uuid, uuid::Uuid, OffsetDateTime, Option<OffsetDateTime>);
    let row: Option<Row> = on_conn!(exec, c => {
        sqlx::query_as("SELECT user_id, workspace_id, expires_at, used_at FROM password_links WHERE secret_hash = $1")
            .bind(secret_hash)
            .fetch_optional(&mut *c)
            .await?
    });
    Ok(row.map(|(user, workspace, expires_at, used_at)| PasswordLink {
        user_id: UserId(user),
        workspace_id: WorkspaceId(workspace),
        expires_at,
        used_at,
    }))
}

/// Marks the link used, if it was not: whether this call did.
pub async fn use_once(exec: Exec<'_>, secret_hash: &str, at: OffsetDateTime) -> Result<bool, StoreError> {
    Ok(on_conn!(exec, c => {
        sqlx::query("UPDATE password_links SET used_at = $1 WHERE secret_hash = $2 AND used_at IS NULL")
            .bind(at)
            .bind(secret_hash)
            .execute(&mut *c)
            .await?
            .rows_affected()
            == 1
    }))
}
