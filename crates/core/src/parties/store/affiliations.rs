//! The `affiliations` table.

use rapport_domain::common::ids::{AffiliationId, PartyId, WorkspaceId};
use rapport_domain::parties::affiliation::Affiliation;
use sqlx::Row;

use crate::kernel::db::Exec;
use crate::kernel::store::StoreError;
use crate::on_conn;

macro_rules! select_affiliations {
    () => {
        "SELECT id, workspace_id, person_id, organization_id, title, version, created_at, updated_at, deleted_at \
         FROM affiliations"
    };
}

macro_rules! affiliation_row {
    ($row:expr) => {{
        let row = &$row;
        Affiliation {
            id: AffiliationId(row.try_get("id")?),
            workspace_id: WorkspaceId(row.try_get("workspace_id")?),
            person_id: PartyId(row.try_get("person_id")?),
            organization_id: PartyId(row.try_get("organization_id")?),
            title: row.try_get("title")?,
            version: row.try_get("version")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
            deleted_at: row.try_get("deleted_at")?,
        }
    }};
}

pub async fn insert(exec: Exec<'_>, a: &Affiliation) -> Result<(), StoreError> {
    on_conn!(exec, c => {
        sqlx::query(
            "INSERT INTO affiliations (id, workspace_id, person_id, organization_id, title, version, created_at, \
             updated_at, deleted_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(a.id.0)
        .bind(a.workspace_id.0)
        .bind(a.person_id.0)
        .bind(a.organization_id.0)
        .bind(&a.title)
        .bind(a.version)
        .bind(a.created_at)
        .bind(a.updated_at)
        .bind(a.deleted_at)
        .execute(&mut *c)
        .await?;
    });
    Ok(())
}

/// Writes `a` over the stored row if it is still at `expected_version`.
pub async fn update(exec: Exec<'_>, a: &Affiliation, expected_version: i64) -> Result<bool, StoreError> {
    let affected = on_conn!(exec, c => {
        sqlx::query(
            "UPDATE affiliations SET title = $1, version = $2, updated_at = $3, deleted_at = $4 \
             WHERE id = $5 AND workspace_id = $6 AND version = $7",
        )
        .bind(&a.title)
        .bind(a.version)
        .bind(a.updated_at)
        .bind(a.deleted_at)
        .bind(a.id.0)
        .bind(a.workspace_id.0)
        .bind(expected_version)
        .execute(&mut *c)
        .await?
        .rows_affected()
    });
    Ok(affected == 1)
}

/// An affiliation of the workspace, deleted or not.
/// The columns of `affiliations a` whose two ends are live parties.
macro_rules! live_ends {
    () => {
        " AND EXISTS (SELECT 1 FROM parties p WHERE p.id = person_id AND p.deleted_at IS NULL) \
          AND EXISTS (SELECT 1 FROM parties o WHERE o.id = organization_id AND o.deleted_at IS NULL)"
    };
}

/// A live affiliation between two live parties. A deleted party hides its
/// affiliations without deleting them, so restoring the party brings them back.
pub async fn get_live(
    exec: Exec<'_>,
    workspace: WorkspaceId,
    id: AffiliationId,
) -> Result<Option<Affiliation>, StoreError> {
    Ok(on_conn!(exec, c => {
        match sqlx::query(concat!(select_affiliations!(), " WHERE id = $1 AND workspace_id = $2 AND deleted_at IS NULL", live_ends!()))
            .bind(id.0)
            .bind(workspace.0)
            .fetch_optional(&mut *c)
            .await?
        {
            Some(row) => Some(affiliation_row!(row)),
            None => None,
        }
    }))
}

pub async fn get(exec: Exec<'_>, workspace: WorkspaceId, id: AffiliationId) -> Result<Option<Affiliation>, StoreError> {
    Ok(on_conn!(exec, c => {
        match sqlx::query(concat!(select_affiliations!(), " WHERE id = $1 AND workspace_id = $2"))
            .bind(id.0)
            .bind(workspace.0)
            .fetch_optional(&mut *c)
            .await?
        {
            Some(row) => Some(affiliation_row!(row)),
            None => None,
        }
    }))
}

/// The live affiliations a party is an end of, whose other end is live too, oldest first.
pub async fn of_party(exec: Exec<'_>, workspace: WorkspaceId, party: PartyId) -> Result<Vec<Affiliation>, StoreError> {
    Ok(on_conn!(exec, c => {
        let rows = sqlx::query(concat!(
            select_affiliations!(),
            " WHERE workspace_id = $1 AND (person_id = $2 OR organization_id = $2) AND deleted_at IS NULL",
            live_ends!(),
            " ORDER BY id"
        ))
        .bind(workspace.0)
        .bind(party.0)
        .fetch_all(&mut *c)
        .await?;
        let mut items = Vec::with_capacity(rows.len());
        for row in rows {
            items.push(affiliation_row!(row));
        }
        items
    }))
}
