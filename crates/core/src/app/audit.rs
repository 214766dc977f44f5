//! Writing and reading the audit log from the use cases.

use rapport_domain::ids::{AuditId, PartyId, UserId};
use serde::Serialize;
use uuid::Uuid;

use super::{Actor, App, AppError};
use crate::clock;
use crate::db::Tx;
use crate::store::{StoreError, audit, parties};

pub use crate::store::audit::AuditEntry;

/// What changed, for the audit log.
pub(crate) struct Change<'a, T: Serialize> {
    pub action: &'static str,
    pub entity_type: &'static str,
    pub entity_id: Uuid,
    pub before: Option<&'a T>,
    pub after: Option<&'a T>,
    pub parties: &'a [PartyId],
}

/// Records `change` by `actor` inside `tx`.
pub(crate) async fn record<T: Serialize>(tx: &mut Tx, actor: &Actor, change: Change<'_, T>) -> Result<(), AppError> {
    let json = |value: Option<&T>| value.map(serde_json::to_value).transpose().map_err(StoreError::other);
    let entry = AuditEntry {
        id: AuditId(clock::new_id()),
        workspace_id: actor.workspace_id,
        actor: actor.label.clone(),
        action: change.action.to_owned(),
        entity_type: change.entity_type.to_owned(),
        entity_id: change.entity_id,
        before: json(change.before)?,
        after: json(change.after)?,
        at: clock::now(),
    };
    audit::record(tx.exec(), &entry, change.parties).await?;
    Ok(())
}

impl App {
    /// The audit entries concerning a party (deleted or not), newest first.
    pub async fn party_audit(&self, actor: &Actor, id: PartyId, limit: u32) -> Result<Vec<AuditEntry>, AppError> {
        use rapport_domain::access::{Action, Resource};
        let mut conn = self.db().acquire().await?;
        let party = parties::get(conn.exec(), actor.workspace_id, id).await?.ok_or(AppError::NotFound)?;
        super::access::check(actor, Resource::Party, Action::Read, party.owner_id)?;
        let entries = audit::for_party(conn.exec(), actor.workspace_id, id, limit.clamp(1, 500)).await?;
        // An entry can concern other parties too (an order: its buyer and end
        // users); it is shown only to those who may read every one of them,
        // or it would reveal what their own routes hide.
        let hidden: std::collections::BTreeSet<AuditId> = audit::linked_owners(conn.exec(), id)
            .await?
            .into_iter()
            .filter(|(_, owner)| !super::access::may(actor, Resource::Party, Action::Read, owner.map(UserId)))
            .map(|(entry, _)| entry)
            .collect();
        Ok(entries.into_iter().filter(|e| !hidden.contains(&e.id)).collect())
    }
}
