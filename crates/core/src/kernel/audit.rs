//! Writing the audit log from the use cases, and with every entry the
//! domain event that tells the world outside what happened.

use rapport_domain::common::ids::{AuditId, PartyId, WorkspaceId};
use rapport_domain::events::Event;
use serde::Serialize;
use uuid::Uuid;

use crate::kernel::db::Tx;
use crate::kernel::queue::{Deliver, Enqueue, enqueue};
use crate::kernel::store::events::{self, StoredEvent};
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
    /// What happened, for the outbox.
    pub event: Event,
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
    publish(tx, actor.workspace_id, &actor.label, change.event).await?;
    if let Some((scope, key)) = crate::kernel::idempotency::current() {
        let now = tx.now();
        crate::kernel::store::idempotency::mark_committed(tx.exec(), &scope, &key, now).await?;
    }
    Ok(())
}

/// Writes `event` by `actor` to the outbox inside `tx`: for a change that the
/// audit log does not record itself (a reclassification), and for every
/// entry it does.
pub(crate) async fn publish(tx: &mut Tx, workspace: WorkspaceId, actor: &str, event: Event) -> Result<(), StoreError> {
    let stored = StoredEvent {
        id: clock::new_id(),
        workspace_id: workspace,
        kind: event.kind,
        version: event.kind.version(),
        subject_id: event.subject,
        actor: actor.to_owned(),
        data: event.data,
        occurred_at: tx.now(),
    };
    events::insert(tx.exec(), &stored).await?;
    // The event's webhook deliveries, with the jobs that send them: written
    // with the event, so none is lost and none sent for an event undone.
    for endpoint in events::subscribers(tx.exec(), workspace, stored.kind).await? {
        let delivery_id = clock::new_id();
        events::add_delivery(tx.exec(), delivery_id, workspace, endpoint, stored.id, stored.occurred_at).await?;
        let how = Enqueue { workspace: Some(workspace), ..Enqueue::default() };
        enqueue(tx, &Deliver { delivery_id }, how).await?;
    }
    Ok(())
}
