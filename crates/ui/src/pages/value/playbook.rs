//! A party's conversion playbook on its 360° page: the lever chosen to turn a
//! customer into a client, the steps taken (with the ones the lever
//! suggests), and whether it was won or dropped.

use rapport_core::{Actor, App, AppError};
use rapport_domain::common::ids::PartyId;
use rapport_domain::value::conversion::Lever;
use time::Date;

use crate::pages::timeline::who;
use crate::pages::visible;

/// A step taken, as the page shows it.
#[derive(Debug, Clone)]
pub struct StepView {
    pub step: String,
    pub note: String,
    pub done_on: Date,
    pub by: String,
}

/// A party's playbook as the page shows it.
#[derive(Debug, Clone)]
pub struct PlaybookView {
    /// `incentive`, `best_service`, …
    pub lever: &'static str,
    /// `open`, `won` or `dropped`.
    pub status: &'static str,
    pub started_on: Date,
    pub steps: Vec<StepView>,
    /// The message ids of the steps the lever suggests.
    pub suggested: Vec<String>,
}

impl PlaybookView {
    pub fn is_open(&self) -> bool {
        self.status == "open"
    }
}

/// The message ids of the steps `lever` suggests, in their order.
fn suggested(lever: Lever) -> Vec<String> {
    (1..=lever.suggested_steps().len())
        .map(|i| format!("playbook-step-{}-{i}", lever.as_str().replace('_', "-")))
        .collect()
}

/// Every lever, for the form that starts a playbook or changes its lever.
pub fn levers() -> Vec<&'static str> {
    Lever::ALL.iter().map(|l| l.as_str()).collect()
}

/// The party's playbook, if it has one the reader may see.
pub async fn load(
    app: &App,
    actor: &Actor,
    party: PartyId,
    members: &std::collections::BTreeMap<String, String>,
) -> Result<Option<PlaybookView>, AppError> {
    Ok(visible(app.playbook(actor, party).await)?.map(|stored| {
        let p = stored.playbook;
        PlaybookView {
            lever: p.lever.as_str(),
            status: p.status.as_str(),
            started_on: p.started_on,
            steps: p
                .steps
                .into_iter()
                .rev()
                .map(|s| StepView {
                    step: s.step,
                    note: s.note.unwrap_or_default(),
                    done_on: s.done_on,
                    by: who(&s.by, members),
                })
                .collect(),
            suggested: suggested(p.lever),
        }
    }))
}
