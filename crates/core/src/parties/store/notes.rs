//! The `notes` table.

use rapport_domain::common::ids::{NoteId, PartyId, WorkspaceId};
use rapport_domain::parties::note::Note;
use sqlx::Row;

use crate::kernel::db::Exec;
use crate::kernel::store::StoreError;
use crate::on_conn;

macro_rules! select_live_notes {
    () => {
        "SELECT n.id, n.workspace_id, n.party_id, n.body, n.author, n.version, n.created_at, n.updated_at, \
         n.deleted_at FROM notes n JOIN parties p ON p.id = n.party_id \
         WHERE n.deleted_at IS NULL AND p.deleted_at IS NULL"
    };
}

macro_rules! note_row {
    ($row:expr) => {{
        let row = &$row;
        Note {
            id: NoteId(row.try_get("id")?),
            workspace_id: WorkspaceId(row.try_get("workspace_id")?),
            party_id: PartyId(row.try_get("party_id")?),
            body: row.try_get("body")?,
            author: row.try_get("author")?,
            version: row.try_get("version")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
            deleted_at: row.try_get("deleted_at")?,
        }
    }};
}

pub async fn insert(exec: Exec<'_>, note: &Note) -> Result<(), StoreError> {
    on_conn!(exec, c => {
        sqlx::query(
            "INSERT INTO notes (id, workspace_id, party_id, body, author, version, created_at, updated_at, deleted_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(note.id.0)
        .bind(note.workspace_id.0)
        .bind(note.party_id.0)
        .bind(&note.body)
        .bind(&note.author)
        .bind(note.version)
        .bind(note.created_at)
        .bind(note.updated_at)
        .bind(note.deleted_at)
        .execute(&mut *c)
        .await?;
    });
    Ok(())
}

/// Writes `note` over the stored row if it is still at `expected_version`.
pub async fn update(exec: Exec<'_>, note: &Note, expected_version: i64) -> Result<bool, StoreError> {
    let affected = on_conn!(exec, c => {
        sqlx::query(
            "UPDATE notes SET body = $1, version = $2, updated_at = $3, deleted_at = $4 \
             WHERE id = $5 AND workspace_id = $6 AND version = $7",
        )
        .bind(&note.body)
        .bind(note.version)
        .bind(note.updated_at)
        .bind(note.deleted_at)
        .bind(note.id.0)
        .bind(note.workspace_id.0)
        .bind(expected_version)
        .execute(&mut *c)
        .await?
        .rows_affected()
    });
    Ok(affected == 1)
}

/// A live note of a live party.
pub async fn get_live(exec: Exec<'_>, workspace: WorkspaceId, id: NoteId) -> Result<Option<Note>, StoreError> {
    Ok(on_conn!(exec, c => {
        match sqlx::query(concat!(select_live_notes!(), " AND n.id = $1 AND n.workspace_id = $2"))
            .bind(id.0)
            .bind(workspace.0)
            .fetch_optional(&mut *c)
            .await?
        {
            Some(row) => Some(note_row!(row)),
            None => None,
        }
    }))
}

/// A note of a live party, deleted or not: what restoring one reads.
pub async fn get_any(exec: Exec<'_>, workspace: WorkspaceId, id: NoteId) -> Result<Option<Note>, StoreError> {
    Ok(on_conn!(exec, c => {
        match sqlx::query(
            "SELECT n.id, n.workspace_id, n.party_id, n.body, n.author, n.version, n.created_at, n.updated_at, \
             n.deleted_at FROM notes n JOIN parties p ON p.id = n.party_id \
             WHERE p.deleted_at IS NULL AND n.id = $1 AND n.workspace_id = $2",
        )
        .bind(id.0)
        .bind(workspace.0)
        .fetch_optional(&mut *c)
        .await?
        {
            Some(row) => Some(note_row!(row)),
            None => None,
        }
    }))
}

/// The live notes of a live party, newest first.
pub async fn of_party(exec: Exec<'_>, workspace: WorkspaceId, party: PartyId) -> Result<Vec<Note>, StoreError> {
    Ok(on_conn!(exec, c => {
        let rows = sqlx::query(concat!(select_live_notes!(), " AND n.party_id = $1 AND n.workspace_id = $2 ORDER BY n.id DESC"))
            .bind(party.0)
            .bind(workspace.0)
            .fetch_all(&mut *c)
            .await?;
        let mut notes = Vec::with_capacity(rows.len());
        for row in rows {
            notes.push(note_row!(row));
        }
        notes
    }))
}
