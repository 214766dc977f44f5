//! Keeping every party's classification true: after each write that changes
//! its facts (in the same transaction), and in passes over a whole workspace
//! as time goes by or the policy changes. Every change of classification is
//! kept as history with its cause.

use std::collections::HashMap;

use rapport_domain::classification::events::{ClassificationV1, RelationshipChangedV1};
use rapport_domain::classification::{
    AccountTeamFact, Classification, ContractFact, Facts, Policy, PurchaseModel, UseFact, Uses, classify,
};
use rapport_domain::common::ids::{PartyId, WorkspaceId};
use rapport_domain::contracts::Contract;
use time::Date;

use crate::classification::store;
use crate::classification::store::{HistoryEntry, PartyState, Search, Stored, Write};
use crate::commerce::store as commerce;
use crate::commerce::store::OrderSummary;
use crate::contracts::store as contracts;
use crate::kernel::audit::publish;
use crate::kernel::db::Tx;
use crate::kernel::store::{Span, StoreError};
use crate::kernel::{App, AppError, clock};
use crate::parties::store::account_team;
use crate::workspaces::store as workspaces;

/// Parties per transaction in a whole-workspace pass: large enough to be
/// quick, small enough that writers wait only briefly behind each chunk.
const CHUNK: u32 = 5_000;

/// How long a change of policy or model waits for its reclassification;
/// see [`App::reclassify_after`].
const BACKGROUND_PASS_WAIT: std::time::Duration = std::time::Duration::from_secs(20);

/// What a whole-workspace pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reclassified {
    pub parties: u64,
    /// Parties whose classification or explanation changed.
    pub changed: u64,
}

impl std::ops::AddAssign for Reclassified {
    fn add_assign(&mut self, other: Self) {
        self.parties += other.parties;
        self.changed += other.changed;
    }
}

/// The facts of one party in the engine's terms.
fn facts_of(
    state: &PartyState,
    summary: &OrderSummary,
    buyer: Option<&str>,
    contracts: &[ContractFact],
    team: &[AccountTeamFact],
    model: Option<PurchaseModel>,
) -> Facts {
    let uses = summary.first_use.as_ref().and_then(|(order, _)| {
        let first = UseFact { order_reference: order.clone(), buyer: buyer.unwrap_or("another party").to_owned() };
        Uses::summarize(&[first]).map(|uses| Uses { count: summary.use_count, ..uses })
    });
    Facts {
        party_kind: state.kind,
        internal: state.internal,
        purchases: summary.purchases.clone(),
        uses,
        contracts: contracts.to_vec(),
        account_team: team.to_vec(),
        model,
    }
}

/// A contract as the engine reads it today (expired or rolled over with time).
fn contract_fact(contract: &Contract, today: Date) -> ContractFact {
    let now = contract.lifecycle().as_of(today);
    ContractFact {
        title: contract.title.clone(),
        status: now.status,
        starts_on: Some(now.starts_on),
        ends_on: now.ends_on,
    }
}

/// The contracts and account teams of the parties in `span`, by party.
struct Surroundings {
    contracts: HashMap<PartyId, Vec<ContractFact>>,
    teams: HashMap<PartyId, Vec<AccountTeamFact>>,
}

impl Surroundings {
    async fn load(tx: &mut Tx, workspace: WorkspaceId, span: Span<'_>, today: Date) -> Result<Self, StoreError> {
        let mut found = Self { contracts: HashMap::new(), teams: HashMap::new() };
        for contract in contracts::of_clients(tx.exec(), workspace, span).await? {
            found.contracts.entry(contract.client_id).or_default().push(contract_fact(&contract, today));
        }
        for (party, member) in account_team::of_parties(tx.exec(), workspace, span).await? {
            let fact = AccountTeamFact { member: member.display_name, role: member.role };
            found.teams.entry(party).or_default().push(fact);
        }
        Ok(found)
    }

    fn of(&self, party: PartyId) -> (&[ContractFact], &[AccountTeamFact]) {
        (
            self.contracts.get(&party).map_or(&[][..], Vec::as_slice),
            self.teams.get(&party).map_or(&[][..], Vec::as_slice),
        )
    }
}

/// Whether the kind of relationship changed, rather than only its wording.
fn reclassified(before: &Stored, after: &Classification) -> bool {
    (before.primary, &before.kinds, before.lifecycle, before.b2b)
        != (after.primary, &after.kinds, after.lifecycle, after.b2b)
}

/// Why and by whom a classification is being recomputed.
#[derive(Debug, Clone, Copy)]
pub struct Cause<'a> {
    /// Such as `order.create`, `contract.sign`, `policy` or `time`.
    pub what: &'a str,
    /// As the audit log names them.
    pub actor: &'a str,
}

/// Writes a party's new classification when it or what the row knows of
/// the party differs from what is stored, with a history entry when the
/// kind of relationship changed. Returns whether anything was written.
#[allow(clippy::too_many_arguments)]
async fn store_outcome(
    tx: &mut Tx,
    workspace: WorkspaceId,
    state: &PartyState,
    summary: &OrderSummary,
    buyer: Option<&str>,
    classification: Classification,
    today: Date,
    cause: Cause<'_>,
    write: Write,
) -> Result<bool, StoreError> {
    let previous = state.stored.as_ref();
    let unchanged = previous.is_some_and(|stored| {
        stored.fingerprint == classification.fingerprint()
            && stored.live
            && (stored.party_kind, stored.internal) == (state.kind, state.internal)
            && state.summary == *summary
            && state.first_use_buyer.as_deref() == buyer
    });
    if unchanged {
        return Ok(false);
    }
    let changed_kind = previous.is_none_or(|stored| reclassified(stored, &classification));
    let since = match previous {
        Some(stored) if !changed_kind => stored.classified_on,
        _ => today,
    };
    let row = store::NewRow {
        party: state.id,
        party_kind: state.kind,
        internal: state.internal,
        summary,
        first_use_buyer: buyer,
        classification: &classification,
        classified_on: since,
    };
    let now = tx.now();
    if !store::save(tx.exec(), workspace, &row, now, write).await? {
        // A concurrent write got there first, with fresher facts.
        return Ok(false);
    }
    if changed_kind {
        let entry = HistoryEntry {
            id: clock::new_id(),
            party_id: state.id,
            changed_at: now,
            cause: cause.what.to_owned(),
            actor: cause.actor.to_owned(),
            previous_primary: previous.map(|p| p.primary),
            previous_kinds: previous.map(|p| p.kinds.clone()),
            previous_lifecycle: previous.and_then(|p| p.lifecycle),
            classification,
        };
        store::add_history(tx.exec(), workspace, &entry).await?;
        let from = previous.map(|p| ClassificationV1::of(p.primary, p.kinds.iter().copied(), p.lifecycle));
        let event = RelationshipChangedV1::event(state.id.0, from, &entry.classification, cause.what);
        publish(tx, workspace, cause.actor, event).await?;
    }
    Ok(true)
}

impl App {
    /// Recomputes what `parties` have bought and used and how they are
    /// classified, inside the transaction of the write that changed them.
    pub async fn refresh_relationships(
        &self,
        tx: &mut Tx,
        workspace: WorkspaceId,
        parties: &[PartyId],
        cause: Cause<'_>,
    ) -> Result<Reclassified, AppError> {
        let mut done = Reclassified::default();
        if parties.is_empty() {
            return Ok(done);
        }
        // The policy as committed: a change of policy in flight is waited for,
        // so this refresh cannot write an answer under the old one after it.
        let settings = workspaces::get_shared(tx.exec(), workspace).await?.ok_or(AppError::NotFound)?.settings;
        let model = self.purchase_model(tx, workspace).await?;
        let today = settings.time_zone.date_of(tx.now());
        // In slices, to stay within the bound parameters one statement may have.
        for ids in parties.chunks(1_000) {
            store::lock(tx.exec(), ids).await?;
            let span = Span::Ids(ids);
            let surroundings = Surroundings::load(tx, workspace, span, today).await?;
            let states = store::states(tx.exec(), workspace, Some(span), None, u32::MAX).await?;
            let mut summaries = Vec::with_capacity(states.len());
            for state in &states {
                summaries.push(commerce::summarize_orders(tx.exec(), workspace, state.id, &settings.time_zone).await?);
            }
            // Every name before the first write: see `buyer_names`.
            let buyers = summaries.iter().filter_map(|s| s.first_use.as_ref().map(|(_, buyer)| *buyer));
            let names = store::buyer_names(tx.exec(), buyers).await?;
            for (state, summary) in states.iter().zip(summaries) {
                let buyer = summary.first_use.as_ref().and_then(|(_, buyer)| names.get(buyer)).cloned();
                let (contracts, team) = surroundings.of(state.id);
                let facts = facts_of(state, &summary, buyer.as_deref(), contracts, team, model);
                let computed = classify(&facts, &settings.policy, today);
                let classification = match &state.override_ {
                    Some(by_hand) => by_hand.apply(computed, today),
                    None => computed,
                };
                done.parties += 1;
                let write = Write::Replace;
                if store_outcome(tx, workspace, state, &summary, buyer.as_deref(), classification, today, cause, write)
                    .await?
                {
                    done.changed += 1;
                }
            }
        }
        Ok(done)
    }

    /// Reclassifies every live party of a workspace from the stored order
    /// summaries, in chunks of their own transactions. Idempotent: a second
    /// pass on the same day changes nothing.
    pub async fn reclassify_workspace(
        &self,
        workspace: WorkspaceId,
        today: Date,
        cause: Cause<'_>,
    ) -> Result<Reclassified, AppError> {
        let mut total = self.classify_unclassified(workspace, Search::CountsFirst, cause).await?;
        let mut after = None;
        loop {
            let mut tx = self.begin().await?;
            let policy = workspaces::get(tx.exec(), workspace).await?.ok_or(AppError::NotFound)?.settings.policy;
            let model = self.purchase_model(&mut tx, workspace).await?;
            let (done, last) = self.reclassify_chunk(&mut tx, workspace, (&policy, model), after, today, cause).await?;
            tx.commit().await?;
            total += done;
            match last {
                Some(last) => after = Some(last),
                None => return Ok(total),
            }
        }
    }

    /// Classifies the live parties that have no relationship row (from before
    /// rows were kept) from their orders, so that a pass, which reads only
    /// rows, sees them.
    async fn classify_unclassified(
        &self,
        workspace: WorkspaceId,
        search: Search,
        cause: Cause<'_>,
    ) -> Result<Reclassified, AppError> {
        let mut total = Reclassified::default();
        loop {
            let mut tx = self.begin().await?;
            let missing = store::unclassified(tx.exec(), workspace, 1_000, search).await?;
            if missing.is_empty() {
                return Ok(total);
            }
            total += self.refresh_relationships(&mut tx, workspace, &missing, cause).await?;
            tx.commit().await?;
        }
    }

    /// Reclassifies a workspace after a change committed before it: of its
    /// policy, or of its purchase model (`what` names the cause). The pass
    /// runs on its own task, in chunks like every pass, and is waited for up
    /// to [`BACKGROUND_PASS_WAIT`]: a small workspace answers with every party
    /// reclassified; a large one (a million parties take about a minute when
    /// many change) goes on in the background rather than hold the
    /// database's write lock and the request for that long. Until it is
    /// done, parties not yet reached keep their old answer, and each write
    /// reclassifies its parties under the new rules; should the process stop
    /// or the pass fail, the daily pass completes the work. The change is
    /// saved either way, so a failed pass is logged, not returned.
    pub(crate) async fn reclassify_after(&self, workspace: WorkspaceId, what: &'static str, actor: String) {
        let app = self.clone();
        let today = match self.today(workspace).await {
            Ok(today) => today,
            Err(error) => {
                tracing::error!(%error, workspace = %workspace.0, cause = what, "reclassifying failed; the daily pass will");
                return;
            }
        };
        let pass = tokio::spawn(async move {
            let cause = Cause { what, actor: &actor };
            if let Err(error) = app.reclassify_workspace(workspace, today, cause).await {
                tracing::error!(%error, workspace = %workspace.0, cause = what, "reclassifying failed; the daily pass will");
            }
        });
        match tokio::time::timeout(BACKGROUND_PASS_WAIT, pass).await {
            Err(_) => tracing::info!(workspace = %workspace.0, cause = what, "reclassifying goes on in the background"),
            Ok(Err(panicked)) => tracing::error!(%panicked, workspace = %workspace.0, "reclassifying panicked"),
            Ok(Ok(())) => {}
        }
    }

    /// Reclassifies the next chunk of parties after `after`; returns what it
    /// did and the last party it read (none when the workspace is done).
    async fn reclassify_chunk(
        &self,
        tx: &mut Tx,
        workspace: WorkspaceId,
        (policy, model): (&Policy, Option<PurchaseModel>),
        after: Option<PartyId>,
        today: Date,
        cause: Cause<'_>,
    ) -> Result<(Reclassified, Option<PartyId>), AppError> {
        let states = store::states(tx.exec(), workspace, None, after, CHUNK).await?;
        let (Some(first), Some(last)) = (states.first(), states.last()) else {
            return Ok((Reclassified::default(), None));
        };
        let surroundings = Surroundings::load(tx, workspace, Span::Between(first.id, last.id), today).await?;
        let mut done = Reclassified::default();
        for state in &states {
            let (summary, buyer) = (&state.summary, state.first_use_buyer.as_deref());
            let (contracts, team) = surroundings.of(state.id);
            let facts = facts_of(state, summary, buyer, contracts, team, model);
            let computed = classify(&facts, policy, today);
            let classification = match &state.override_ {
                Some(by_hand) => by_hand.apply(computed, today),
                None => computed,
            };
            // A pass reads rows, so each state has its stored part; revisions
            // start at 1, so none would match a 0.
            let write = Write::IfRevision(state.stored.as_ref().map_or(0, |s| s.revision));
            done.parties += 1;
            if store_outcome(tx, workspace, state, summary, buyer, classification, today, cause, write).await? {
                done.changed += 1;
            }
        }
        let last = (states.len() == CHUNK as usize).then_some(last.id);
        Ok((done, last))
    }

    /// Rebuilds every party's order summary from its orders, then
    /// reclassifies: the repair for a summary suspected wrong. Reads every
    /// order, so it takes far longer than [`App::reclassify_workspace`].
    pub async fn rebuild_relationships(
        &self,
        workspace: WorkspaceId,
        cause: Cause<'_>,
    ) -> Result<Reclassified, AppError> {
        let mut tx = self.begin().await?;
        store::repair_live(tx.exec(), workspace).await?;
        tx.commit().await?;
        let mut total = self.classify_unclassified(workspace, Search::Everywhere, cause).await?;
        let mut after = None;
        loop {
            let mut tx = self.begin().await?;
            let ids: Vec<PartyId> =
                store::states(tx.exec(), workspace, None, after, CHUNK / 5).await?.into_iter().map(|s| s.id).collect();
            let Some(last) = ids.last().copied() else {
                return Ok(total);
            };
            total += self.refresh_relationships(&mut tx, workspace, &ids, cause).await?;
            tx.commit().await?;
            after = Some(last);
        }
    }
}
