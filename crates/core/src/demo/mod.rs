//! Demo data: a mixed Indonesian business with two years behind it, made
//! from a seed so every run tells the same story. The register (people,
//! organizations, who works where) is `register`; `history` lives through
//! the two years on a clock of its own: the catalogue, orders (some used by
//! the buyer's staff), clients signed on contracts with an account manager
//! and their quota use, so that every kind of relationship, every stage of
//! a buyer's life and every chart of the dashboard has something in it;
//! `platform` gives the webhook and job pages something to show.

mod history;
mod members;
mod platform;
mod register;

pub use members::Credentials;
pub use register::parties;

use crate::kernel::clock::Clock;
use crate::kernel::{Actor, App, AppError};

/// What the demo's business is called.
pub const WORKSPACE_NAME: &str = "Sejahtera Salon & Konsultan";

/// How many days the demo's history covers, ending today.
pub const HISTORY_DAYS: i64 = 730;

/// What a demo seed made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seeded {
    pub parties: usize,
    pub orders: usize,
    pub contracts: usize,
    /// Whether the value models could be fitted to the history.
    pub fitted: bool,
    /// The members made besides the owner, to sign in as.
    pub members: Vec<Credentials>,
}

/// Fills the workspace of `actor` with a register of `size` parties and two
/// years of their history, ending at `app`'s now. The history is written by
/// an application on a clock of its own, moved through the two years, so
/// that every record, audit entry and change of classification carries the
/// day it happened; the value models are then fitted as of today.
pub async fn seed(app: &App, actor: &Actor, size: usize) -> Result<Seeded, AppError> {
    let today = app.now();
    // The business has a name of its own, not "Default".
    let named = rapport_domain::workspaces::SettingsPatch { name: Some(WORKSPACE_NAME.into()), ..Default::default() };
    app.update_workspace(actor, None, named).await?;
    let clock = Clock::fixed(today - time::Duration::days(HISTORY_DAYS));
    let past = App::with_clock(app.db().clone(), clock.clone());
    let created = register::seed(&past, actor, size).await?;
    let members = members::members(&past, actor).await?;
    let account_managers: Vec<_> = members.iter().filter(|m| m.role == "account_manager").map(|m| m.id).collect();
    let endpoint = platform::subscribe(&past, actor).await?;
    let (orders, contracts) = history::live(&past, actor, &clock, &created, &account_managers, today).await?;
    clock.set(today);
    let fitted = match past.fit_value_models(actor, None).await {
        Ok(_) => true,
        Err(AppError::Conflict(_)) => false,
        Err(other) => return Err(other),
    };
    if fitted {
        work_the_best_candidate(&past, actor).await?;
    }
    platform::settle(&past, actor, &endpoint).await?;
    Ok(Seeded { parties: created.len(), orders, contracts, fitted, members })
}

/// The strongest conversion candidate gets a playbook with the lever the
/// model suggests and a first step taken, so that a newcomer sees one.
async fn work_the_best_candidate(app: &App, actor: &Actor) -> Result<(), AppError> {
    use rapport_domain::value::playbook::PlaybookStatus;
    use rapport_domain::value::playbook::StepInput;
    let Some(best) = app.conversion_candidates(actor, 1).await?.into_iter().next() else { return Ok(()) };
    let lever = best.candidate.lever;
    app.set_playbook(actor, best.party_id, lever, PlaybookStatus::Open).await?;
    let step = StepInput {
        step: "Telepon langsung, tawarkan konsultasi gratis".to_owned(),
        note: Some("Tertarik; minta penawaran tertulis".to_owned()),
        done_on: None,
    };
    app.record_playbook_step(actor, best.party_id, &step).await?;
    Ok(())
}
