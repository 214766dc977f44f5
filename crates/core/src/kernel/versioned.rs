//! The one way a versioned record is changed: read it live, check the version the
//! caller read, apply the change, write it only if it is still at that version,
//! and audit it, all in one transaction.

use rapport_domain::common::ids::{PartyId, WorkspaceId};
use rapport_domain::events::Event;
use serde::Serialize;
use time::OffsetDateTime;
use uuid::Uuid;

use rapport_domain::access::Action;

use crate::kernel::audit::{Change, record};
use crate::kernel::db::Tx;
use crate::kernel::store::StoreError;
use crate::kernel::{Actor, App, AppError};

/// Checks that a record now at `current` is still at the version the caller
/// read (`expected`, when the caller sent one): the one version check of
/// every versioned record.
pub(crate) fn expect_version(current: i64, expected: Option<i64>) -> Result<(), AppError> {
    match expected {
        Some(read) if read != current => Err(AppError::VersionMismatch { current_version: current }),
        _ => Ok(()),
    }
}

/// What a conditional write that changed nothing reports: another writer got
/// there first, and the record is now at `now_at` (none when it is gone).
pub(crate) fn lost_race(now_at: Option<i64>) -> AppError {
    now_at.map_or(AppError::NotFound, |current_version| AppError::VersionMismatch { current_version })
}

/// A record with a version, changed through [`App::change`].
pub(crate) trait Versioned: Clone + PartialEq + Serialize + Sized {
    /// How the audit log names this kind of record.
    const ENTITY: &'static str;
    type Id: Copy;

    fn uuid(&self) -> Uuid;
    fn version(&self) -> i64;
    fn stamp(&mut self, version: i64, at: OffsetDateTime);
    /// The parties whose audit trail shows changes of this record.
    fn parties(&self) -> Vec<PartyId>;
    async fn live(tx: &mut Tx, workspace: WorkspaceId, id: Self::Id) -> Result<Option<Self>, StoreError>;
    /// Writes `next` if the stored record is still at `expected`.
    async fn save(tx: &mut Tx, next: &Self, expected: i64) -> Result<bool, StoreError>;
    /// The domain event of `action` (`create`, `update`, `delete`,
    /// `restore`) having been taken on this record.
    fn event(&self, action: &'static str) -> Event;
    /// Checks that `actor` may take `action` on this record.
    async fn authorize(&self, tx: &mut Tx, actor: &Actor, action: Action) -> Result<(), AppError>;
}

/// Records `action` on `after` (and what it was `before`) in the audit log.
pub(crate) async fn audit<R: Versioned>(
    tx: &mut Tx,
    actor: &Actor,
    action: &'static str,
    before: Option<&R>,
    after: &R,
) -> Result<(), AppError> {
    let parties = after.parties();
    record(
        tx,
        actor,
        Change {
            action,
            entity_type: R::ENTITY,
            entity_id: after.uuid(),
            before,
            after: Some(after),
            parties: &parties,
            event: after.event(action),
        },
    )
    .await
}

/// Records a change of a record that is not [`Versioned`] (users, memberships,
/// tokens), described by JSON values.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn audit_value(
    tx: &mut Tx,
    actor: &Actor,
    action: &'static str,
    entity_type: &'static str,
    entity_id: Uuid,
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
    parties: &[PartyId],
    event: Event,
) -> Result<(), AppError> {
    record(tx, actor, Change { action, entity_type, entity_id, before, after, parties, event }).await
}

impl App {
    /// Applies `change` to the live record `id`, if it is at `expected_version`
    /// (when given). A change that changes nothing is not a new version.
    pub(crate) async fn change<R: Versioned>(
        &self,
        actor: &Actor,
        id: R::Id,
        expected_version: Option<i64>,
        action: &'static str,
        change: impl FnOnce(R) -> R,
    ) -> Result<R, AppError> {
        let mut tx = self.begin().await?;
        let current = R::live(&mut tx, actor.workspace_id, id).await?.ok_or(AppError::NotFound)?;
        current.authorize(&mut tx, actor, Action::Update).await?;
        expect_version(current.version(), expected_version)?;
        let mut next = change(current.clone());
        if next == current {
            return Ok(current);
        }
        next.stamp(current.version() + 1, self.now());
        if !R::save(&mut tx, &next, current.version()).await? {
            // Another writer got there first: report where the record is now.
            let now_at = R::live(&mut tx, actor.workspace_id, id).await?.map(|r| r.version());
            return Err(lost_race(now_at));
        }
        audit(&mut tx, actor, action, Some(&current), &next).await?;
        tx.commit().await?;
        Ok(next)
    }
}
