//! Playbooks for conversion candidates, and the count of customers who
//! became clients.

use rapport_domain::access::{Action, Resource};
use rapport_domain::common::ids::PartyId;
use rapport_domain::value::conversion::Lever;
use rapport_domain::value::events::PlaybookV1;
use rapport_domain::value::playbook::{Playbook, PlaybookStatus, Step, StepInput};
use time::Date;

use crate::kernel::access::check_reach_all;
use crate::kernel::store::StoreError;
use crate::kernel::versioned::audit_value;
use crate::kernel::{Actor, App, AppError};
use crate::parties::reach::live_party_for;
use crate::value::store::playbooks;
use crate::value::store::playbooks::StoredPlaybook;
use rapport_domain::common::dates::month_labels;

/// The longest range the conversion count covers: ten years of months.
const MAX_RANGE_DAYS: i64 = 3_653;

/// Customers who became clients in one month.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MonthCount {
    /// `YYYY-MM`.
    pub month: String,
    pub became_clients: i64,
}

impl App {
    /// A party's playbook, to those who may read the party.
    pub async fn playbook(&self, actor: &Actor, party: PartyId) -> Result<StoredPlaybook, AppError> {
        let mut tx = self.begin_read().await?;
        live_party_for(&mut tx, actor, party, Action::Read).await?;
        playbooks::get(tx.exec(), actor.workspace_id, party).await?.ok_or(AppError::NotFound)
    }

    /// Starts a playbook with `lever`, or changes the lever or status of the
    /// one there is (its steps are kept); opening one that was won or
    /// dropped starts afresh. Audited.
    pub async fn set_playbook(
        &self,
        actor: &Actor,
        party: PartyId,
        lever: Lever,
        status: PlaybookStatus,
    ) -> Result<StoredPlaybook, AppError> {
        let mut tx = self.begin().await?;
        live_party_for(&mut tx, actor, party, Action::Update).await?;
        let current = playbooks::get(tx.exec(), actor.workspace_id, party).await?;
        let today = self.today(actor.workspace_id).await?;
        // Opening a finished playbook starts a new one; otherwise the steps stay.
        let next = match &current {
            Some(c) if !(c.playbook.status != PlaybookStatus::Open && status == PlaybookStatus::Open) => {
                Playbook { lever, status, ..c.playbook.clone() }
            }
            _ => Playbook { lever, status, steps: Vec::new(), started_on: today },
        };
        let stored = self.write_playbook(&mut tx, actor, party, current.as_ref(), next).await?;
        tx.commit().await?;
        Ok(stored)
    }

    /// Records a step taken in a party's open playbook. Audited.
    pub async fn record_playbook_step(
        &self,
        actor: &Actor,
        party: PartyId,
        input: &StepInput,
    ) -> Result<StoredPlaybook, AppError> {
        let step = Step::parse(input, &actor.label, self.today(actor.workspace_id).await?)?;
        let mut tx = self.begin().await?;
        live_party_for(&mut tx, actor, party, Action::Update).await?;
        let current = playbooks::get(tx.exec(), actor.workspace_id, party).await?;
        let Some(current) = current else {
            return Err(AppError::Conflict("the party has no playbook: start one first".into()));
        };
        if current.playbook.status != PlaybookStatus::Open {
            return Err(AppError::Conflict(format!("the playbook is {}", current.playbook.status.as_str())));
        }
        let mut next = current.playbook.clone();
        next.steps.push(step);
        let stored = self.write_playbook(&mut tx, actor, party, Some(&current), next).await?;
        tx.commit().await?;
        Ok(stored)
    }

    async fn write_playbook(
        &self,
        tx: &mut crate::kernel::db::Tx,
        actor: &Actor,
        party: PartyId,
        current: Option<&StoredPlaybook>,
        next: Playbook,
    ) -> Result<StoredPlaybook, AppError> {
        let now = self.now();
        let expected = current.map(|c| c.version);
        if !playbooks::put(tx.exec(), actor.workspace_id, party, &next, expected, now).await? {
            return Err(AppError::Conflict("the playbook changed meanwhile: read it again".into()));
        }
        let json = |p: &Playbook| serde_json::to_value(p).map_err(StoreError::other);
        let before = current.map(|c| json(&c.playbook)).transpose()?;
        let action = if current.is_some() { "update" } else { "create" };
        let event = PlaybookV1::event(party.0, &next);
        audit_value(tx, actor, action, "playbook", party.0, before.as_ref(), Some(&json(&next)?), &[party], event)
            .await?;
        let stored = StoredPlaybook { playbook: next, version: expected.map_or(1, |v| v + 1) };
        Ok(stored)
    }

    /// Customers who became clients, per month from `from` to `to`: the
    /// conversion KPI. For those who may read every party.
    pub async fn conversions(&self, actor: &Actor, from: Date, to: Date) -> Result<Vec<MonthCount>, AppError> {
        check_reach_all(actor, Resource::Party, Action::Read)?;
        if to < from {
            return Err(AppError::Validation(rapport_domain::ValidationErrors::single(
                "to",
                "before_from",
                "must not be before from",
            )));
        }
        if (to - from).whole_days() > MAX_RANGE_DAYS {
            return Err(AppError::Validation(rapport_domain::ValidationErrors::single(
                "from",
                "out_of_range",
                "must be at most ten years before to",
            )));
        }
        let mut conn = self.db().acquire().await?;
        let counted = playbooks::conversions(conn.exec(), actor.workspace_id, from, to).await?;
        Ok(month_labels(from, to)
            .into_iter()
            .map(|month| {
                let became_clients = counted.iter().find(|(m, _)| *m == month).map_or(0, |(_, n)| *n);
                MonthCount { month, became_clients }
            })
            .collect())
    }
}
