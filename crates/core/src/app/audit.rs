//! Writing and reading the audit log from the use cases.

use rapport_domain::ids::{AuditId, PartyId};
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
        at: tx.now(),
    };
    audit::record(tx.exec(), &entry, change.parties).await?;
    Ok(())
}

impl App {
    /// The audit entries concerning a party (deleted or not), newest first.
    pub async fn party_audit(&self, actor: &Actor, id: PartyId, limit: u32) -> Result<Vec<AuditEntry>, AppError> {
        use rapport_domain::access::Action;
        use std::collections::{BTreeMap, BTreeSet};

        use super::access::{check_party, party_access};
        let mut conn = self.db().acquire().await?;
        let party = parties::get(conn.exec(), actor.workspace_id, id).await?.ok_or(AppError::NotFound)?;
        check_party(conn.exec(), actor, Action::Read, &party).await?;
        let entries = audit::for_party(conn.exec(), actor.workspace_id, id, limit.clamp(1, 500)).await?;
        // An entry can concern other parties too (an order: its buyer and end
        // users); it is shown only to those who may read every one of them,
        // or it would reveal what their own routes hide.
        let mut readable: BTreeMap<PartyId, bool> = BTreeMap::new();
        let mut hidden: BTreeSet<AuditId> = BTreeSet::new();
        for (entry, other, owner) in audit::linked_parties(conn.exec(), id).await? {
            let may_read = match readable.get(&other) {
                Some(known) => *known,
                None => {
                    let may_read = party_access(conn.exec(), actor, other, owner).await?.may(Action::Read);
                    readable.insert(other, may_read);
                    may_read
                }
            };
            if !may_read {
                hidden.insert(entry);
            }
        }
        Ok(entries.into_iter().filter(|e| !hidden.contains(&e.id)).collect())
    }
}
