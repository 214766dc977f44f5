//! Use cases of notes about parties.

use rapport_domain::common::ids::{NoteId, PartyId};
use rapport_domain::events::{Changes, Event};
use rapport_domain::parties::events::NoteV1;
use rapport_domain::parties::note::{Note, NoteInput, parse_body};

use rapport_domain::access::Action;

use crate::kernel::db::Tx;
use crate::kernel::store::StoreError;
use crate::kernel::versioned::{Versioned, audit};
use crate::kernel::{Actor, App, AppError, clock};
use crate::parties::reach::{check_party_id, visible_party};
use crate::parties::store::notes;
use rapport_domain::common::ids::WorkspaceId;
use time::OffsetDateTime;
use uuid::Uuid;

impl App {
    /// Writes a note about a live party, signed by the actor.
    pub async fn add_note(&self, actor: &Actor, party: PartyId, input: &NoteInput) -> Result<Note, AppError> {
        let body = parse_body(&input.body).map_err(|p| p.at("body"))?;
        let mut tx = self.begin().await?;
        // Writing about a party is changing its record.
        let (_, access) = visible_party(tx.exec(), actor, party).await?.ok_or(AppError::NotFound)?;
        access.check(Action::Update)?;
        let now = self.now();
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
        visible_party(conn.exec(), actor, party).await?.ok_or(AppError::NotFound)?;
        Ok(notes::of_party(conn.exec(), actor.workspace_id, party).await?)
    }

    pub async fn note(&self, actor: &Actor, id: NoteId) -> Result<Note, AppError> {
        let mut tx = self.begin_read().await?;
        let note = notes::get_live(tx.exec(), actor.workspace_id, id).await?.ok_or(AppError::NotFound)?;
        note.authorize(&mut tx, actor, Action::Read).await?;
        Ok(note)
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
        self.change(actor, id, expected_version, "update", |n| Note { body, ..n }).await
    }

    /// Brings a deleted note back (a live one stays as it is), for those
    /// who may change its party. Audited.
    pub async fn restore_note(&self, actor: &Actor, id: NoteId) -> Result<Note, AppError> {
        let mut tx = self.begin().await?;
        let current = notes::get_any(tx.exec(), actor.workspace_id, id).await?.ok_or(AppError::NotFound)?;
        current.authorize(&mut tx, actor, Action::Update).await?;
        if current.deleted_at.is_none() {
            return Ok(current);
        }
        let mut next = Note { deleted_at: None, ..current.clone() };
        next.stamp(current.version + 1, self.now());
        if !notes::update(tx.exec(), &next, current.version).await? {
            return Err(AppError::Conflict("the note changed meanwhile: read it again".into()));
        }
        audit(&mut tx, actor, "restore", Some(&current), &next).await?;
        tx.commit().await?;
        Ok(next)
    }

    /// Soft-deletes a note.
    pub async fn delete_note(
        &self,
        actor: &Actor,
        id: NoteId,
        expected_version: Option<i64>,
    ) -> Result<Note, AppError> {
        let now = self.now();
        self.change(actor, id, expected_version, "delete", |n| Note { deleted_at: Some(now), ..n }).await
    }
}

impl Versioned for Note {
    fn event(&self, action: &'static str) -> Event {
        NoteV1::event(Changes::NOTE.of(action), self)
    }
    const ENTITY: &'static str = "note";
    type Id = NoteId;

    fn uuid(&self) -> Uuid {
        self.id.0
    }
    fn version(&self) -> i64 {
        self.version
    }
    fn stamp(&mut self, version: i64, at: OffsetDateTime) {
        self.version = version;
        self.updated_at = at;
    }
    fn parties(&self) -> Vec<PartyId> {
        vec![self.party_id]
    }
    async fn authorize(&self, tx: &mut Tx, actor: &Actor, action: Action) -> Result<(), AppError> {
        check_party_id(tx, actor, action, self.party_id).await
    }
    async fn live(tx: &mut Tx, workspace: WorkspaceId, id: NoteId) -> Result<Option<Self>, StoreError> {
        notes::get_live(tx.exec(), workspace, id).await
    }
    async fn save(tx: &mut Tx, next: &Self, expected: i64) -> Result<bool, StoreError> {
        notes::update(tx.exec(), next, expected).await
    }
}
