//! Saved views of the party list.

use rapport_domain::common::ids::{UserId, WorkspaceId};
use rapport_domain::parties::view::SavedView;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::kernel::db::Exec;
use crate::kernel::store::StoreError;
use crate::on_conn;

type Row = (Uuid, Uuid, Uuid, String, String);

fn view((id, workspace, user, name, query): Row) -> SavedView {
    SavedView { id, workspace_id: WorkspaceId(workspace), user_id: UserId(user), name, query }
}

pub async fn insert(exec: Exec<'_>, view: &SavedView, at: OffsetDateTime) -> Result<(), StoreError> {
    on_conn!(exec, c => {
        sqlx::query(
            "INSERT INTO saved_views (id, workspace_id, user_id, name, query, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(view.id)
        .bind(view.workspace_id.0)
        .bind(view.user_id.0)
        .bind(&view.name)
        .bind(&view.query)
        .bind(at)
        .execute(&mut *c)
        .await?;
    });
    Ok(())
}

/// A member's live views, by name.
pub async fn of_member(exec: Exec<'_>, workspace: WorkspaceId, user: UserId) -> Result<Vec<SavedView>, StoreError> {
    let rows: Vec<Row> = on_conn!(exec, c => {
        sqlx::query_as(
            "SELECT id, workspace_id, user_id, name, query FROM saved_views \
             WHERE workspace_id = $1 AND user_id = $2 AND deleted_at IS NULL ORDER BY lower(name), id",
        )
        .bind(workspace.0)
        .bind(user.0)
        .fetch_all(&mut *c)
        .await?
    });
    Ok(rows.into_iter().map(view).collect())
}

/// Marks a member's view deleted (`Some(at)`) or live again (`None`); the
/// view as it was, if the member has it.
pub async fn set_deleted(
    exec: Exec<'_>,
    workspace: WorkspaceId,
    user: UserId,
    id: Uuid,
    deleted_at: Option<OffsetDateTime>,
) -> Result<Option<SavedView>, StoreError> {
    let row: Option<Row> = on_conn!(exec, c => {
        sqlx::query_as(
            "UPDATE saved_views SET deleted_at = $4 WHERE id = $1 AND workspace_id = $2 AND user_id = $3 \
             AND (deleted_at IS NULL) = ($4 IS NOT NULL) RETURNING id, workspace_id, user_id, name, query",
        )
        .bind(id)
        .bind(workspace.0)
        .bind(user.0)
        .bind(deleted_at)
        .fetch_optional(&mut *c)
        .await?
    });
    Ok(row.map(view))
}
