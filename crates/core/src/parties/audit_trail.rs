//! A party's audit trail: every change that concerns it, as far as the
//! reader may see.

use std::collections::{BTreeMap, BTreeSet};

use rapport_domain::access::Action;
use rapport_domain::common::ids::{AuditId, PartyId};

use crate::kernel::store::audit;
use crate::kernel::store::audit::AuditEntry;
use crate::kernel::{Actor, App, AppError};
use crate::parties::reach::{check_party, party_access};
use crate::parties::store as parties;

impl App {
    /// The audit entries concerning a party (deleted or not), newest first.
    pub async fn party_audit(&self, actor: &Actor, id: PartyId, limit: u32) -> Result<Vec<AuditEntry>, AppError> {
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
