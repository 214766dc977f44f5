//! Use cases of the party register.

pub mod account_team;
pub mod affiliations;
pub mod audit_trail;
pub mod notes;
pub mod reach;
pub mod store;
pub mod views;

use rapport_domain::ValidationErrors;
use rapport_domain::classification::{Kind, Lifecycle};
use rapport_domain::common::ids::{PartyId, UserId, WorkspaceId};
use rapport_domain::common::text::Tag;
use rapport_domain::events::Changes;
use rapport_domain::parties::events::PartyV1;
use rapport_domain::parties::{ParseContext, Party, PartyFacts, PartyInput, PartyKind, PartyPatch};

use rapport_domain::access::{Action, Resource};

use crate::classification::Cause;
use crate::classification::store as relationships;
use crate::identity::store::accounts;
use crate::kernel::access::{check_any, check_reach_all};
use crate::kernel::audit::{Change, record};
use crate::kernel::db::Tx;
use crate::kernel::store::paging::{Cursor, DEFAULT_LIMIT, MAX_LIMIT, Page};
use crate::kernel::versioned::{expect_version, lost_race};
use crate::kernel::{Actor, App, AppError, clock};
use crate::parties::reach::{PartyAccess, check_party, live_party, party_access, readable_parties};
use crate::parties::store::PartyFilter;
pub use crate::parties::store::{PartyListItem, PartySort};
use crate::workspaces::store as workspaces;

/// A request for a page of the party list, as given by a caller.
#[derive(Debug, Clone, Default)]
pub struct ListRequest {
    pub kind: Option<String>,
    pub q: Option<String>,
    pub tag: Option<String>,
    /// A kind of relationship held: `client`, `customer`, `consumer`, `internal`, `prospect`.
    pub relationship: Option<String>,
    /// A buyer's stage: `new`, `returning`, `loyal`, `at_risk`, `lapsed`.
    pub lifecycle: Option<String>,
    /// Whose parties: `me` (the caller's), `none` (no one's), or a user's id.
    pub owner: Option<String>,
    /// Whose accounts: the parties whose account team has `me` (the caller)
    /// or the user with this id.
    pub account_team: Option<String>,
    /// The order: `name` (the default), `-name`, `created`, `-created` or `-updated`.
    pub sort: Option<String>,
    pub cursor: Option<String>,
    pub limit: Option<u32>,
}

impl ListRequest {
    fn parse(&self, me: Option<UserId>) -> Result<(PartyFilter, Option<Cursor>, u32), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let non_blank =
            |value: &Option<String>| value.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
        let kind = non_blank(&self.kind).and_then(|k| errors.take("kind", PartyKind::parse(&k)));
        let tag = non_blank(&self.tag).and_then(|t| errors.take("tag", Tag::parse(&t)));
        let relationship = non_blank(&self.relationship).and_then(|k| errors.take("relationship", Kind::parse(&k)));
        let lifecycle = non_blank(&self.lifecycle).and_then(|l| errors.take("lifecycle", Lifecycle::parse(&l)));
        let owner = non_blank(&self.owner).and_then(|raw| match raw.as_str() {
            "me" => Some(me),
            "none" => Some(None),
            id => match id.parse::<uuid::Uuid>() {
                Ok(id) => Some(Some(UserId(id))),
                Err(_) => {
                    errors.push("owner", "invalid_owner", "must be me, none or a user's id");
                    None
                }
            },
        });
        let account_team = non_blank(&self.account_team).and_then(|raw| match raw.as_str() {
            "me" => me,
            id => match id.parse::<uuid::Uuid>() {
                Ok(id) => Some(UserId(id)),
                Err(_) => {
                    errors.push("account_team", "invalid_member", "must be me or a user's id");
                    None
                }
            },
        });
        let text = non_blank(&self.q).map(|q| q.to_lowercase());
        if text.as_ref().is_some_and(|q| q.chars().count() > 200) {
            errors.push("q", "too_long", "must be at most 200 characters");
        }
        // No stored text holds control characters (and PostgreSQL refuses NUL).
        if text.as_ref().is_some_and(|q| q.chars().any(char::is_control)) {
            errors.push("q", "control_character", "must not contain control characters");
        }
        let sort = non_blank(&self.sort).and_then(|s| errors.take("sort", PartySort::parse(&s))).unwrap_or_default();
        let cursor = non_blank(&self.cursor).and_then(|c| {
            let decoded = Cursor::decode(&c).filter(|cursor| sort.holds(&cursor.sort_key));
            if decoded.is_none() {
                errors.push("cursor", "invalid_cursor", "is not a cursor this list returned");
            }
            decoded
        });
        let limit = self.limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            errors.push("limit", "out_of_range", format!("must be between 1 and {MAX_LIMIT}"));
        }
        let filter =
            PartyFilter { readable: None, owner, account_team, kind, text, tag, relationship, lifecycle, sort };
        errors.finish(|| (filter, cursor, limit))
    }
}

impl App {
    /// What parsing a party needs from the workspace.
    async fn parse_context(&self, workspace: WorkspaceId) -> Result<ParseContext, AppError> {
        let mut conn = self.db().acquire().await?;
        let found = workspaces::get(conn.exec(), workspace).await?.ok_or(AppError::NotFound)?;
        // The latest date it is anywhere on Earth (UTC+14): a birthday of "today"
        // in the workspace's own zone is never refused as being in the future.
        let today = (self.now() + time::Duration::hours(14)).date();
        Ok(ParseContext { phone_region: found.settings.phone_region, today })
    }

    pub async fn create_party(&self, actor: &Actor, input: &PartyInput) -> Result<Party, AppError> {
        check_any(actor, Resource::Party, Action::Create)?;
        let ctx = self.parse_context(actor.workspace_id).await?;
        let party = new_party(actor, PartyFacts::parse(input, ctx)?, self.now());
        let mut tx = self.begin().await?;
        store::insert(tx.exec(), &party).await?;
        audit_party(&mut tx, actor, "create", None, &party).await?;
        let cause = Cause { what: "party.create", actor: &actor.label };
        self.refresh_relationships(&mut tx, actor.workspace_id, &[party.id], cause).await?;
        tx.commit().await?;
        Ok(party)
    }

    /// Creates many parties in one transaction: all of them or, if any is
    /// invalid, none (the errors name the entry, as `[3].emails[0]`).
    pub async fn create_parties(&self, actor: &Actor, inputs: &[PartyInput]) -> Result<Vec<Party>, AppError> {
        check_any(actor, Resource::Party, Action::Create)?;
        let ctx = self.parse_context(actor.workspace_id).await?;
        let mut errors = ValidationErrors::new();
        let mut created = Vec::with_capacity(inputs.len());
        for (i, input) in inputs.iter().enumerate() {
            match PartyFacts::parse(input, ctx) {
                Ok(facts) => created.push(new_party(actor, facts, self.now())),
                Err(found) => {
                    for e in found.0 {
                        errors.push(format!("[{i}].{}", e.field), e.code, e.message);
                    }
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors.into());
        }
        let mut tx = self.begin().await?;
        for party in &created {
            store::insert(tx.exec(), party).await?;
            audit_party(&mut tx, actor, "create", None, party).await?;
        }
        let ids: Vec<PartyId> = created.iter().map(|p| p.id).collect();
        let cause = Cause { what: "party.create", actor: &actor.label };
        self.refresh_relationships(&mut tx, actor.workspace_id, &ids, cause).await?;
        tx.commit().await?;
        Ok(created)
    }

    /// A live party, or with `include_deleted` a deleted one too.
    pub async fn party(&self, actor: &Actor, id: PartyId, include_deleted: bool) -> Result<Party, AppError> {
        Ok(self.party_with_access(actor, id, include_deleted).await?.0)
    }

    /// A party as [`App::party`] reads it, with what `actor` may do to it:
    /// for pages, to offer only what will be allowed.
    pub async fn party_with_access(
        &self,
        actor: &Actor,
        id: PartyId,
        include_deleted: bool,
    ) -> Result<(Party, PartyAccess), AppError> {
        let mut conn = self.db().acquire().await?;
        match store::get(conn.exec(), actor.workspace_id, id).await? {
            Some(party) if include_deleted || party.deleted_at.is_none() => {
                let access = party_access(conn.exec(), actor, party.id, party.owner_id).await?;
                access.check(Action::Read)?;
                Ok((party, access))
            }
            _ => Err(AppError::NotFound),
        }
    }

    pub async fn list_parties(&self, actor: &Actor, request: &ListRequest) -> Result<Page<PartyListItem>, AppError> {
        let (mut filter, cursor, limit) = request.parse(actor.user())?;
        filter.readable = readable_parties(actor)?;
        let mut conn = self.db().acquire().await?;
        Ok(store::list(conn.exec(), actor.workspace_id, &filter, cursor.as_ref(), limit).await?)
    }

    /// Applies `patch` to a live party still at `expected_version` (when given).
    pub async fn update_party(
        &self,
        actor: &Actor,
        id: PartyId,
        expected_version: Option<i64>,
        patch: PartyPatch,
    ) -> Result<Party, AppError> {
        let ctx = self.parse_context(actor.workspace_id).await?;
        let mut tx = self.begin().await?;
        let current = live_party(&mut tx, actor, id).await?;
        check_party(tx.exec(), actor, Action::Update, &current).await?;
        expect_version(current.version, expected_version)?;
        let owner_id = match patch.owner_id.clone().apply(current.owner_id) {
            owner if owner == current.owner_id => owner,
            owner => {
                self.check_new_owner(&mut tx, actor, owner).await?;
                owner
            }
        };
        let facts = current.facts.patched(patch, ctx)?;
        if facts == current.facts && owner_id == current.owner_id {
            return Ok(current);
        }
        let updated =
            Party { facts, owner_id, version: current.version + 1, updated_at: self.now(), ..current.clone() };
        save(&mut tx, &updated, &current).await?;
        audit_party(&mut tx, actor, "update", Some(&current), &updated).await?;
        if updated.facts.name != current.facts.name {
            relationships::rename_buyer(tx.exec(), id, updated.facts.name.as_str()).await?;
        }
        if (updated.facts.kind, updated.facts.internal) != (current.facts.kind, current.facts.internal) {
            let cause = Cause { what: "party.update", actor: &actor.label };
            self.refresh_relationships(&mut tx, actor.workspace_id, &[id], cause).await?;
        }
        tx.commit().await?;
        Ok(updated)
    }

    /// Checks that `actor` may hand a party to `owner`: a member of the
    /// workspace, and, unless it is the actor themselves, only by one who may
    /// change every party.
    async fn check_new_owner(&self, tx: &mut Tx, actor: &Actor, owner: Option<UserId>) -> Result<(), AppError> {
        if let Some(owner) = owner
            && accounts::role(tx.exec(), owner, actor.workspace_id).await?.is_none()
        {
            return Err(
                ValidationErrors::single("owner_id", "not_a_member", "must be a member of this workspace").into()
            );
        }
        if owner.is_none() || owner != actor.user() {
            check_reach_all(actor, Resource::Party, Action::Update)?;
        }
        Ok(())
    }

    /// Soft-deletes a live party; `expected_version`, when given, must match.
    pub async fn delete_party(
        &self,
        actor: &Actor,
        id: PartyId,
        expected_version: Option<i64>,
    ) -> Result<Party, AppError> {
        let mut tx = self.begin().await?;
        let current = live_party(&mut tx, actor, id).await?;
        check_party(tx.exec(), actor, Action::Delete, &current).await?;
        expect_version(current.version, expected_version)?;
        let now = self.now();
        let deleted = Party { version: current.version + 1, updated_at: now, deleted_at: Some(now), ..current.clone() };
        save(&mut tx, &deleted, &current).await?;
        relationships::set_live(tx.exec(), id, false).await?;
        audit_party(&mut tx, actor, "delete", Some(&current), &deleted).await?;
        tx.commit().await?;
        Ok(deleted)
    }

    /// Brings a deleted party back. Restoring a live party changes nothing.
    pub async fn restore_party(&self, actor: &Actor, id: PartyId) -> Result<Party, AppError> {
        let mut tx = self.begin().await?;
        let current = store::get(tx.exec(), actor.workspace_id, id).await?.ok_or(AppError::NotFound)?;
        // Restoring undoes a delete, so it needs the right to delete.
        check_party(tx.exec(), actor, Action::Delete, &current).await?;
        if current.deleted_at.is_none() {
            return Ok(current);
        }
        let restored =
            Party { version: current.version + 1, updated_at: self.now(), deleted_at: None, ..current.clone() };
        save(&mut tx, &restored, &current).await?;
        audit_party(&mut tx, actor, "restore", Some(&current), &restored).await?;
        // Time may have passed while it was deleted.
        let cause = Cause { what: "party.restore", actor: &actor.label };
        self.refresh_relationships(&mut tx, actor.workspace_id, &[id], cause).await?;
        tx.commit().await?;
        Ok(restored)
    }
}

/// A new party of the actor's workspace, owned by the acting user.
fn new_party(actor: &Actor, facts: PartyFacts, now: time::OffsetDateTime) -> Party {
    Party {
        id: PartyId(clock::new_id()),
        workspace_id: actor.workspace_id,
        facts,
        owner_id: actor.user(),
        version: 1,
        created_at: now,
        updated_at: now,
        deleted_at: None,
    }
}

/// Writes `next` over `current`, failing if another writer got there first.
async fn save(tx: &mut Tx, next: &Party, current: &Party) -> Result<(), AppError> {
    if store::update(tx.exec(), next, current.version).await? {
        return Ok(());
    }
    let now_at = store::get(tx.exec(), current.workspace_id, current.id).await?.map(|p| p.version);
    Err(lost_race(now_at))
}

async fn audit_party(
    tx: &mut Tx,
    actor: &Actor,
    action: &'static str,
    before: Option<&Party>,
    after: &Party,
) -> Result<(), AppError> {
    record(
        tx,
        actor,
        Change {
            action,
            entity_type: "party",
            entity_id: after.id.0,
            before,
            after: Some(after),
            parties: &[after.id],
            event: PartyV1::event(Changes::PARTY.of(action), after),
        },
    )
    .await
}
