//! Writing and reading the audit log from the use cases.

use rapport_domain::common::ids::{AuditId, PartyId};
use serde::Serialize;
use uuid::Uuid;

use crate::kernel::db::Tx;
use crate::kernel::store::{StoreError, audit};
use crate::kernel::{Actor, AppError, clock};

pub use crate::kernel::store::audit::AuditEntry;

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
