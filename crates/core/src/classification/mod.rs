//! The relationship of each party to the business (client, customer,
//! consumer), read and overridden by people; kept true by [`refresh`].

pub mod jobs;
pub mod refresh;
pub mod store;

pub use refresh::{Cause, Reclassified};

use rapport_domain::access::Action;
use rapport_domain::classification::events::RelationshipOverrideV1;
use rapport_domain::classification::{Classification, Kind, Override, OverrideInput, Terminology};
use rapport_domain::common::ids::PartyId;
use rapport_domain::common::locale::Locale;
use rapport_domain::workspaces::WorkspaceSettings;
use time::Date;

use crate::classification::store::{Counts, HistoryEntry};
use crate::identity::store::accounts;
use crate::kernel::store::{Span, StoreError};
use crate::kernel::versioned::audit_value;
use crate::kernel::{Actor, App, AppError};
use crate::parties::reach::live_party_for;
use crate::workspaces::store as workspaces;

/// A party's relationship as stored, with what a reader needs to word it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relationship {
    pub classification: Classification,
    /// The day this classification was reached.
    pub since: Date,
    pub override_: Option<Override>,
    pub terminology: Terminology,
    /// The workspace's language, for readers who ask for none.
    pub locale: Locale,
}

impl App {
    /// A party's relationship as stored, to those who may read the party.
    /// A party never classified yet (one from before classifications were
    /// kept) is classified on the spot.
    pub async fn relationship(&self, actor: &Actor, id: PartyId) -> Result<Relationship, AppError> {
        for _ in 0..2 {
            let mut tx = self.begin_read().await?;
            live_party_for(&mut tx, actor, id, Action::Read).await?;
            let settings = workspaces::get(tx.exec(), actor.workspace_id).await?.ok_or(AppError::NotFound)?.settings;
            let mut states = store::states(tx.exec(), actor.workspace_id, Some(Span::Ids(&[id])), None, 1).await?;
            let state = states.pop().ok_or(AppError::NotFound)?;
            if let Some((classification, since)) = store::classification_of(tx.exec(), actor.workspace_id, id).await? {
                return Ok(Relationship {
                    classification,
                    since,
                    override_: state.override_.filter(|o| o.in_force(settings.time_zone.date_of(tx.now()))),
                    terminology: settings.terminology,
                    locale: settings.locale,
                });
            }
            drop(tx);
            let mut tx = self.begin().await?;
            let cause = Cause { what: "reclassify", actor: "system:relationships" };
            self.refresh_relationships(&mut tx, actor.workspace_id, &[id], cause).await?;
            tx.commit().await?;
        }
        Err(AppError::Store(StoreError::corrupt(format!("party {} could not be classified", id.0))))
    }

    /// How a party's classification changed, newest first.
    pub async fn relationship_history(
        &self,
        actor: &Actor,
        id: PartyId,
        before: Option<uuid::Uuid>,
        limit: u32,
    ) -> Result<Vec<HistoryEntry>, AppError> {
        let mut tx = self.begin_read().await?;
        live_party_for(&mut tx, actor, id, Action::Read).await?;
        Ok(store::history(tx.exec(), actor.workspace_id, id, before, limit).await?)
    }

    /// Sets a party's classification by hand (a change to the party).
    pub async fn set_override(
        &self,
        actor: &Actor,
        id: PartyId,
        input: &OverrideInput,
    ) -> Result<Relationship, AppError> {
        let today = self.today(actor.workspace_id).await?;
        let mut tx = self.begin().await?;
        live_party_for(&mut tx, actor, id, Action::Update).await?;
        // Explanations name people, not ids; the audit entry keeps the id.
        let by = match actor.user() {
            Some(user) => accounts::user(tx.exec(), user).await?.map(|u| u.user.display_name),
            None => None,
        };
        let value = Override::parse(input, by.as_deref().unwrap_or(&actor.label), today)?;
        let after = serde_json::to_value(&value).map_err(StoreError::other)?;
        let mut states = store::states(tx.exec(), actor.workspace_id, Some(Span::Ids(&[id])), None, 1).await?;
        let before = match states.pop().and_then(|s| s.override_) {
            Some(replaced) => Some(serde_json::to_value(&replaced).map_err(StoreError::other)?),
            None => None,
        };
        store::put_override(tx.exec(), actor.workspace_id, id, &value, self.now()).await?;
        let event = RelationshipOverrideV1::event(id.0, Some(&value));
        audit_value(&mut tx, actor, "override", "relationship", id.0, before.as_ref(), Some(&after), &[id], event)
            .await?;
        let cause = Cause { what: "override.set", actor: &actor.label };
        self.refresh_relationships(&mut tx, actor.workspace_id, &[id], cause).await?;
        tx.commit().await?;
        self.relationship(actor, id).await
    }

    /// Lifts a party's override; the engine's answer applies again. Lifting
    /// one that is not there changes nothing.
    pub async fn clear_override(&self, actor: &Actor, id: PartyId) -> Result<Relationship, AppError> {
        let mut tx = self.begin().await?;
        live_party_for(&mut tx, actor, id, Action::Update).await?;
        if let Some(lifted) = store::delete_override(tx.exec(), actor.workspace_id, id).await? {
            let before = serde_json::to_value(&lifted).map_err(StoreError::other)?;
            let event = RelationshipOverrideV1::event(id.0, None);
            audit_value(&mut tx, actor, "clear_override", "relationship", id.0, Some(&before), None, &[id], event)
                .await?;
            let cause = Cause { what: "override.clear", actor: &actor.label };
            self.refresh_relationships(&mut tx, actor.workspace_id, &[id], cause).await?;
        }
        tx.commit().await?;
        self.relationship(actor, id).await
    }

    /// The parties of each primary kind at the end of each of the last
    /// `months` months (the current one ending today), oldest first: the mix
    /// of kinds over time, among the parties live now that the actor may read.
    pub async fn relationship_trend(
        &self,
        actor: &Actor,
        months: u32,
    ) -> Result<Vec<(String, std::collections::BTreeMap<Kind, i64>)>, AppError> {
        let readable = crate::parties::reach::readable_parties(actor)?;
        let today = self.today(actor.workspace_id).await?;
        let back = i32::try_from(months.clamp(1, 120) - 1).unwrap_or(0);
        let index = today.year() * 12 + i32::from(u8::from(today.month())) - 1 - back;
        let month =
            time::Month::try_from(u8::try_from(index.rem_euclid(12) + 1).unwrap_or(1)).unwrap_or(time::Month::January);
        let first = Date::from_calendar_date(index.div_euclid(12), month, 1).map_err(StoreError::other)?;
        let labels = rapport_domain::common::dates::month_labels(first, today);
        let mut tx = self.begin_read().await?;
        let counts = store::counts(tx.exec(), actor.workspace_id, readable.as_ref()).await?;
        let mut now = std::collections::BTreeMap::new();
        for (kind, _, parties) in &counts.by_primary {
            *now.entry(*kind).or_insert(0) += parties;
        }
        let since = first.midnight().assume_utc();
        let flows = store::kind_flows(tx.exec(), actor.workspace_id, since, readable.as_ref()).await?;
        let mix = rapport_domain::classification::trend::walk_back(&now, &flows, &labels);
        Ok(labels.into_iter().zip(mix).collect())
    }

    /// Live parties per kind and lifecycle in the actor's workspace, among
    /// the parties the actor may read (a sales member sees their own book).
    pub async fn relationship_counts(&self, actor: &Actor) -> Result<(Counts, WorkspaceSettings), AppError> {
        let readable = crate::parties::reach::readable_parties(actor)?;
        let mut tx = self.begin_read().await?;
        let settings = workspaces::get(tx.exec(), actor.workspace_id).await?.ok_or(AppError::NotFound)?.settings;
        Ok((store::counts(tx.exec(), actor.workspace_id, readable.as_ref()).await?, settings))
    }
}
