//! What the record pages share to show a history: the people and parties
//! they link to, timeline entries, and how an entry names who acted.

use std::collections::BTreeMap;

use rapport_core::{Actor, App, AppError};
use rapport_domain::common::ids::PartyId;
use time::OffsetDateTime;

use crate::context::Ui;
use crate::pages::visible;

/// Someone linked to the party: a person's organization or an organization's
/// person, or a consumer of its orders.
#[derive(Debug, Clone)]
pub struct LinkView {
    pub id: String,
    pub name: String,
    pub detail: String,
}

#[derive(Debug, Clone)]
pub struct TimelineItem {
    pub at: OffsetDateTime,
    /// The message id of what happened.
    pub what: String,
    /// Who did it, as far as the reader may know.
    pub who: String,
    /// More words: a note's text, a new classification.
    pub detail: String,
    /// A note's id and version, for the form that edits it.
    pub note: Option<(String, i64)>,
}

/// Names the parties in `ids` that the reader may see (a deleted one, or
/// one the reader may not read, is left out).
pub(crate) async fn names(app: &App, actor: &Actor, ids: Vec<PartyId>) -> Result<BTreeMap<PartyId, String>, AppError> {
    let mut found = BTreeMap::new();
    for id in ids {
        if found.contains_key(&id) {
            continue;
        }
        if let Some(party) = visible(app.party(actor, id, false).await)? {
            found.insert(id, party.facts.name.as_str().to_owned());
        }
    }
    Ok(found)
}

/// How the timeline names who did something: a member by name, the system
/// as such, anyone else (a token) by its label.
pub(crate) fn who(label: &str, members: &BTreeMap<String, String>) -> String {
    match members.get(label) {
        Some(name) => name.clone(),
        // The daily pass, the CLI and the demo act as Rapport itself.
        None if label.starts_with("system:") => "Rapport".to_owned(),
        None => label.to_owned(),
    }
}

/// What a timeline adds to an audit entry in words: which side a
/// signature was ("Contract signed · Client").
pub(crate) fn audit_detail(ui: &Ui, entry: &rapport_domain::common::audit::AuditEntry) -> String {
    if entry.entity_type != "contract" || entry.action != "sign" {
        return String::new();
    }
    let set =
        |side: Option<&serde_json::Value>, field: &str| side.and_then(|v| v.get(field)).is_some_and(|d| !d.is_null());
    let newly = |field: &str| set(entry.after.as_ref(), field) && !set(entry.before.as_ref(), field);
    if newly("client_signed_on") {
        ui.t("contract-side-client")
    } else if newly("provider_signed_on") {
        ui.t("contract-side-provider")
    } else {
        String::new()
    }
}
