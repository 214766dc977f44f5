//! Use cases of contracts with clients: drafting, sending, signing,
//! activation, termination and renewal, each a change to the client's record.

pub mod store;

use rapport_domain::ValidationErrors;
use rapport_domain::access::Action;
use rapport_domain::common::ids::{ContractId, PartyId};
use rapport_domain::common::validation::FieldProblem;
use rapport_domain::contracts::events::{ContractUsageV1, ContractV1};
use rapport_domain::contracts::usage::{NewUsage, Usage, UsageInput};
use rapport_domain::contracts::{
    Contract, ContractInput, ContractStatus, Lifecycle, LifecycleError, NewContract, Side, usage,
};
use rapport_domain::events::EventType;
use time::Date;

use crate::classification::Cause;
use crate::contracts::store::usage as contract_usage;
use crate::kernel::db::Tx;
use crate::kernel::store::StoreError;
use crate::kernel::versioned::audit_value;
use crate::kernel::versioned::{expect_version, lost_race};
use crate::kernel::{Actor, App, AppError, clock};
use crate::parties::reach::{live_party_for, visible_party};
use crate::workspaces::store as workspaces;

/// A step of a contract's lifecycle.
#[derive(Debug, Clone, Copy)]
pub enum Step {
    Send,
    Sign { side: Side, on: Date },
    Activate,
    Terminate { effective: Date },
    Renew { until: Date },
}

impl Step {
    /// The event of this step having been taken.
    fn event_type(&self) -> EventType {
        match self {
            Self::Send => EventType::ContractSent,
            Self::Sign { .. } => EventType::ContractSigned,
            Self::Activate => EventType::ContractActivated,
            Self::Terminate { .. } => EventType::ContractTerminated,
            Self::Renew { .. } => EventType::ContractRenewed,
        }
    }

    fn name(&self) -> &'static str {
        match self {
            Self::Send => "send",
            Self::Sign { .. } => "sign",
            Self::Activate => "activate",
            Self::Terminate { .. } => "terminate",
            Self::Renew { .. } => "renew",
        }
    }
}

/// A refused step: a date at fault is a field error, a step out of turn a conflict.
/// A date at fault carries the dates and days it is judged by, so a page can
/// word it (and offer the earliest valid date) in its reader's language.
fn refusal(error: LifecycleError) -> AppError {
    let message = error.to_string();
    let problem = |code| FieldProblem::new(code, message.clone());
    match error {
        LifecycleError::BadSignatureDate => problem("in_future").at("signed_on").into(),
        LifecycleError::NoticeTooShort { notice_days, earliest } => {
            problem("notice").with("days", notice_days).with("date", earliest).at("effective_on").into()
        }
        LifecycleError::AfterEnd { end } => problem("after_end").with("date", end).at("effective_on").into(),
        LifecycleError::RenewalNotLater => problem("not_later").at("ends_on").into(),
        LifecycleError::NotNow { .. } | LifecycleError::SignedAlready(_) | LifecycleError::Unsigned => {
            AppError::Conflict(message)
        }
    }
}

/// The contract as time has left it today (expired, or rolled over).
fn as_of(contract: Contract, today: Date) -> Contract {
    let lifecycle = contract.lifecycle().as_of(today);
    contract.with(lifecycle)
}

impl App {
    /// Drafts a contract with a client the actor may change.
    pub async fn create_contract(&self, actor: &Actor, input: &ContractInput) -> Result<Contract, AppError> {
        let new = NewContract::parse(input)?;
        let mut tx = self.begin().await?;
        let workspace = workspaces::get(tx.exec(), actor.workspace_id).await?.ok_or(AppError::NotFound)?;
        let Some((client, access)) = visible_party(tx.exec(), actor, input.client_id).await? else {
            return Err(ValidationErrors::single("client_id", "not_found", "no such party").into());
        };
        access.check(Action::Update)?;
        let now = self.now();
        let contract = Contract {
            id: ContractId(clock::new_id()),
            workspace_id: actor.workspace_id,
            client_id: client.id,
            title: new.title,
            scope: new.scope,
            fee: new.fee,
            currency: workspace.settings.currency,
            starts_on: new.starts_on,
            ends_on: new.ends_on,
            renewal: new.renewal,
            notice_days: new.notice_days,
            status: ContractStatus::Draft,
            client_signed_on: None,
            provider_signed_on: None,
            terms: new.terms,
            quotas: new.quotas,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        store::insert(tx.exec(), &contract).await?;
        let after = serde_json::to_value(&contract).map_err(StoreError::other)?;
        let event = ContractV1::event(EventType::ContractCreated, &contract, None);
        audit_value(&mut tx, actor, "create", "contract", contract.id.0, None, Some(&after), &[client.id], event)
            .await?;
        let cause = Cause { what: "contract.create", actor: &actor.label };
        self.refresh_relationships(&mut tx, actor.workspace_id, &[client.id], cause).await?;
        tx.commit().await?;
        Ok(contract)
    }

    /// Rewrites a draft's terms, if it is at `expected_version` (when given).
    /// The client stays the one it was drafted for.
    pub async fn revise_contract(
        &self,
        actor: &Actor,
        id: ContractId,
        expected_version: Option<i64>,
        input: &ContractInput,
    ) -> Result<Contract, AppError> {
        let new = NewContract::parse(input)?;
        let mut tx = self.begin().await?;
        let stored = store::get(tx.exec(), actor.workspace_id, id).await?.ok_or(AppError::NotFound)?;
        live_party_for(&mut tx, actor, stored.client_id, Action::Update).await?;
        if input.client_id != stored.client_id {
            return Err(ValidationErrors::single("client_id", "fixed", "a contract stays with its client").into());
        }
        expect_version(stored.version, expected_version)?;
        let mut changed = stored.revised(new).map_err(refusal)?;
        changed.version = stored.version + 1;
        changed.updated_at = self.now();
        if !store::update(tx.exec(), &changed, stored.version).await? {
            return Err(AppError::VersionMismatch { current_version: stored.version + 1 });
        }
        let before = serde_json::to_value(&stored).map_err(StoreError::other)?;
        let after = serde_json::to_value(&changed).map_err(StoreError::other)?;
        let event = ContractV1::event(EventType::ContractUpdated, &changed, Some(stored.status));
        audit_value(
            &mut tx,
            actor,
            "update",
            "contract",
            id.0,
            Some(&before),
            Some(&after),
            &[changed.client_id],
            event,
        )
        .await?;
        let today = self.today(actor.workspace_id).await?;
        let changed = self.with_month_use(&mut tx, changed, today).await?;
        tx.commit().await?;
        Ok(changed)
    }

    /// A contract, as time has left it today, to those who may read its client.
    pub async fn contract(&self, actor: &Actor, id: ContractId) -> Result<Contract, AppError> {
        let mut tx = self.begin_read().await?;
        let contract = store::get(tx.exec(), actor.workspace_id, id).await?.ok_or(AppError::NotFound)?;
        live_party_for(&mut tx, actor, contract.client_id, Action::Read).await?;
        let today = self.today(actor.workspace_id).await?;
        self.with_month_use(&mut tx, as_of(contract, today), today).await
    }

    /// A party's contracts as they stand today, oldest first, to those who
    /// may read the party.
    pub async fn contracts_of(&self, actor: &Actor, party: PartyId) -> Result<Vec<Contract>, AppError> {
        let mut tx = self.begin_read().await?;
        live_party_for(&mut tx, actor, party, Action::Read).await?;
        let today = self.today(actor.workspace_id).await?;
        let mut found = Vec::new();
        for contract in store::of_client(tx.exec(), actor.workspace_id, party).await? {
            found.push(self.with_month_use(&mut tx, as_of(contract, today), today).await?);
        }
        Ok(found)
    }

    /// Takes one step of a contract's lifecycle, if it is at `expected_version`
    /// (when given).
    pub async fn contract_step(
        &self,
        actor: &Actor,
        id: ContractId,
        expected_version: Option<i64>,
        step: Step,
    ) -> Result<Contract, AppError> {
        let mut tx = self.begin().await?;
        let stored = store::get(tx.exec(), actor.workspace_id, id).await?.ok_or(AppError::NotFound)?;
        live_party_for(&mut tx, actor, stored.client_id, Action::Update).await?;
        expect_version(stored.version, expected_version)?;
        let today = self.today(actor.workspace_id).await?;
        let current = as_of(stored.clone(), today);
        let lifecycle: Lifecycle = current.lifecycle();
        let next = match step {
            Step::Send => lifecycle.send(),
            Step::Sign { side, on } => lifecycle.sign(side, on, today),
            Step::Activate => lifecycle.activate(),
            Step::Terminate { effective } => lifecycle.terminate(today, effective),
            Step::Renew { until } => lifecycle.renew(until, today),
        }
        .map_err(refusal)?;
        let mut changed = current.with(next);
        changed.version = stored.version + 1;
        changed.updated_at = self.now();
        if !store::update(tx.exec(), &changed, stored.version).await? {
            let now_at = store::get(tx.exec(), actor.workspace_id, id).await?.map(|c| c.version);
            return Err(lost_race(now_at));
        }
        let before = serde_json::to_value(&stored).map_err(StoreError::other)?;
        let after = serde_json::to_value(&changed).map_err(StoreError::other)?;
        let event = ContractV1::event(step.event_type(), &changed, Some(stored.status));
        let parties = [changed.client_id];
        audit_value(&mut tx, actor, step.name(), "contract", id.0, Some(&before), Some(&after), &parties, event)
            .await?;
        let what = format!("contract.{}", step.name());
        let cause = Cause { what: &what, actor: &actor.label };
        self.refresh_relationships(&mut tx, actor.workspace_id, &[changed.client_id], cause).await?;
        let changed = self.with_month_use(&mut tx, changed, today).await?;
        tx.commit().await?;
        Ok(changed)
    }

    /// The contract with this month's use of each quota filled in.
    async fn with_month_use(&self, tx: &mut Tx, contract: Contract, today: Date) -> Result<Contract, AppError> {
        let (first, last) = usage::month_of(today);
        let used = contract_usage::between(tx.exec(), contract.workspace_id, contract.id, first, last).await?;
        Ok(usage::with_month_use(contract, &contract_usage::totals(&used)))
    }

    /// Records use of one of a contract's quotas (a change to its client's
    /// record); returns it with the quota's use this month, overuse flagged.
    pub async fn record_usage(
        &self,
        actor: &Actor,
        id: ContractId,
        input: &UsageInput,
    ) -> Result<(Usage, Contract), AppError> {
        let mut tx = self.begin().await?;
        let stored = store::get(tx.exec(), actor.workspace_id, id).await?.ok_or(AppError::NotFound)?;
        live_party_for(&mut tx, actor, stored.client_id, Action::Update).await?;
        let today = self.today(actor.workspace_id).await?;
        let current = as_of(stored, today);
        if let Some(why) = usage::refusal(&current) {
            return Err(AppError::Conflict(why.to_owned()));
        }
        let new = NewUsage::parse(input, &current, today)?;
        let recorded = Usage {
            id: clock::new_id(),
            contract_id: id,
            unit: new.unit,
            amount: new.amount,
            used_on: new.used_on,
            note: new.note,
            recorded_by: actor.label.clone(),
            created_at: self.now(),
        };
        contract_usage::insert(tx.exec(), actor.workspace_id, &recorded).await?;
        let after = serde_json::to_value(&recorded).map_err(StoreError::other)?;
        let event = ContractUsageV1::event(&current, &recorded);
        audit_value(&mut tx, actor, "use", "contract", id.0, None, Some(&after), &[current.client_id], event).await?;
        let contract = self.with_month_use(&mut tx, current, recorded.used_on).await?;
        tx.commit().await?;
        Ok((recorded, contract))
    }

    /// A contract's recorded use in the month of `day` (this month when none).
    pub async fn contract_usage(
        &self,
        actor: &Actor,
        id: ContractId,
        day: Option<Date>,
    ) -> Result<Vec<Usage>, AppError> {
        let mut tx = self.begin_read().await?;
        let contract = store::get(tx.exec(), actor.workspace_id, id).await?.ok_or(AppError::NotFound)?;
        live_party_for(&mut tx, actor, contract.client_id, Action::Read).await?;
        let (first, last) = usage::month_of(match day {
            Some(day) => day,
            None => self.today(actor.workspace_id).await?,
        });
        Ok(contract_usage::between(tx.exec(), actor.workspace_id, id, first, last).await?)
    }
}
