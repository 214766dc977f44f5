//! Use cases of notes about parties.

use rapport_domain::ids::{NoteId, PartyId};
use rapport_domain::note::{Note, NoteInput, parse_body};

use super::audit::{Change, record};
use super::{Actor, App, AppError};
use crate::clock;
use crate::db::Tx;
use crate::store::{notes, parties};

impl App {
    /// Writes a note about a live party, signed by the actor.
    pub async fn add_note(&self, actor: &Actor, party: PartyId, input: &NoteInput) -> Result<Note, AppError> {
        let body = parse_body(&input.body).map_err(|p| p.at("body"))?;
        let mut tx = self.db().begin().await?;
        match parties::get(tx.exec(), actor.workspace_id, party).await? {
            Some(found) if found.deleted_at.is_none() => {}
            _ => return Err(AppError::NotFound),
        }
        let now = clock::now();
        let note = Note {
            id: NoteId(clock::new_id()),
            workspace_id: actor.workspace_id,
            party_id: party,
            body,
            author: actor.label.clone(),
            version: 1,
            created_at: now,
            updated_at: now,
            deleted_at: None,
        };
        notes::insert(tx.exec(), &note).await?;
        audit(&mut tx, actor, "create", None, &note).await?;
        tx.commit().await?;
        Ok(note)
    }

    /// The live notes of a live party, newest first.
    pub async fn notes_of(&self, actor: &Actor, party: PartyId) -> Result<Vec<Note>, AppError> {
        let mut conn = self.db().acquire().await?;
        match parties::get(conn.exec(), actor.workspace_id, party).await? {
            Some(found) if found.deleted_at.is_none() => {}
            _ => return Err(AppError::NotFound),
        }
        Ok(notes::of_party(conn.exec(), actor.workspace_id, party).await?)
    }

    pub async fn note(&self, actor: &Actor, id: NoteId) -> Result<Note, AppError> {
        let mut conn = self.db().acquire().await?;
        notes::get_live(conn.exec(), actor.workspace_id, id).await?.ok_or(AppError::NotFound)
    }

    /// Rewrites a note still at `expected_version` (when given).
    pub async fn edit_note(
        &self,
        actor: &Actor,
        id: NoteId,
        expected_version: Option<i64>,
        input: &NoteInput,
    ) -> Result<Note, AppError> {
        let body = parse_body(&input.body).map_err(|p| p.at("body"))?;
        self.change_note(actor, id, expected_version, "update", |n| Note { body, ..n }).await
    }

    /// Soft-deletes a note.
    pub async fn delete_note(
        &self,
        actor: &Actor,
        id: NoteId,
        expected_version: Option<i64>,
    ) -> Result<Note, AppError> {
        let now = clock::now();
        self.change_note(actor, id, expected_version, "delete", |n| Note { deleted_at: Some(now), ..n }).await
    }

    async fn change_note(
        &self,
        actor: &Actor,
        id: NoteId,
        expected_version: Option<i64>,
        action: &'static str,
        change: impl FnOnce(Note) -> Note,
    ) -> Result<Note, AppError> {
        let mut tx = self.db().begin().await?;
        let current = notes::get_live(tx.exec(), actor.workspace_id, id).await?.ok_or(AppError::NotFound)?;
        if expected_version.is_some_and(|v| v != current.version) {
            return Err(AppError::VersionMismatch { current_version: current.version });
        }
        let mut next = change(current.clone());
        if next == current {
            return Ok(current);
        }
        next.version = current.version + 1;
        next.updated_at = clock::now();
        if !notes::update(tx.exec(), &next, current.version).await? {
            let now_at = notes::get_live(tx.exec(), actor.workspace_id, id).await?.map(|n| n.version);
            return Err(now_at.map_or(AppError::NotFound, |v| AppError::VersionMismatch { current_version: v }));
        }
        audit(&mut tx, actor, action, Some(&current), &next).await?;
        tx.commit().await?;
        Ok(next)
    }
}

async fn audit(
    tx: &mut Tx,
    actor: &Actor,
    action: &'static str,
    before: Option<&Note>,
    after: &Note,
) -> Result<(), AppError> {
    record(
        tx,
        actor,
        Change {
            action,
            entity_type: "note",
            entity_id: after.id.0,
            before,
            after: Some(after),
            parties: &[after.party_id],
        },
    )
    .await
}
