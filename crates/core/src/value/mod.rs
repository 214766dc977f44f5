//! Customer value: fitting the purchase and spend models to a workspace's
//! orders, and what they say of each customer, of the coming weeks and of
//! who could become a client.

pub mod cdnow;
pub mod jobs;
pub mod playbooks;
pub mod store;

pub use playbooks::MonthCount;

use rapport_domain::value::events::ValueModelFittedV1;
use std::collections::{BTreeMap, HashMap};

use rapport_domain::access::{Action, Resource};
use rapport_domain::classification::{Kind, PurchaseModel};
use rapport_domain::common::ids::{PartyId, WorkspaceId};
use rapport_domain::common::locale::TimeZoneName;
use rapport_domain::common::money::minor_digits;
use rapport_domain::value;
use rapport_domain::value::clv::Horizon;
use rapport_domain::value::conversion::{Candidate, Prospect};
use rapport_domain::value::tracking::PurchaseDays;
use rapport_domain::value::{ModelFit, Purchase, Summary, clv, conversion, forecast, tracking};
use serde::Serialize;
use time::Date;

use crate::kernel::access::check;

use crate::kernel::db::Tx;
use crate::kernel::store::StoreError;
use crate::kernel::versioned::audit_value;
use crate::kernel::{Actor, App, AppError, clock};
use crate::parties::reach::{live_party_for, readable_parties};
use crate::parties::store::account_team;
use crate::value::store::{BuyerPurchase, Purpose, Segment, StoredFit};
use crate::workspaces::store as workspaces;

/// Days after which the scheduled job fits the models again.
pub const REFIT_AFTER_DAYS: i64 = 7;

/// Weeks ahead for a customer's expected purchases.
pub const VALUE_WEEKS: u32 = 52;

/// What the models say of one customer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartyValue {
    pub party_id: PartyId,
    /// Days with purchases, up to today.
    pub purchase_days: u32,
    #[serde(flatten)]
    pub value: Option<clv::Value>,
    /// Purchases expected in the next [`VALUE_WEEKS`] weeks.
    pub expected_purchases_next_year: Option<f64>,
    pub currency: String,
    pub horizon: Horizon,
    /// The fit the figures come from; none (and no figures) before the
    /// workspace's first fit.
    pub model_id: Option<uuid::Uuid>,
    #[serde(with = "rapport_domain::common::dates::iso_date::option")]
    pub calibration_end: Option<Date>,
}

/// The forecast for a segment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forecast {
    pub customers: u64,
    pub currency: String,
    pub model_id: uuid::Uuid,
    #[serde(with = "rapport_domain::common::dates::iso_date")]
    pub from: Date,
    pub weeks: Vec<forecast::Week>,
}

/// How the lifetime values of the customers are spread.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValueDistribution {
    pub customers: u64,
    pub currency: String,
    pub bands: Vec<rapport_domain::value::distribution::Band>,
}

/// A conversion candidate, named.
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateView {
    pub party_id: PartyId,
    pub name: String,
    pub primary: Kind,
    pub candidate: Candidate,
    pub lifetime_value: Option<f64>,
    pub p_alive: Option<f64>,
}

/// Purchases by buyer, in major units of the currency, each buyer's oldest
/// first, on the days they fell on in the workspace's time zone.
fn by_buyer(purchases: &[BuyerPurchase], digits: u32, zone: &TimeZoneName) -> BTreeMap<PartyId, Vec<Purchase>> {
    let scale = 10f64.powi(i32::try_from(digits).unwrap_or(2));
    let mut grouped: BTreeMap<PartyId, Vec<Purchase>> = BTreeMap::new();
    for p in purchases {
        grouped
            .entry(p.buyer)
            .or_default()
            .push(Purchase { on: zone.date_of(p.ordered_at), value: p.net_minor as f64 / scale });
    }
    grouped
}

/// Each buyer's summary at `end`.
fn summaries(grouped: &BTreeMap<PartyId, Vec<Purchase>>, end: Date) -> BTreeMap<PartyId, Summary> {
    grouped.iter().filter_map(|(buyer, purchases)| Some((*buyer, value::summarize(purchases, end)?))).collect()
}

/// The workspace's purchases in its currency (one buyer's when given), by
/// buyer, with the currency's code.
async fn workspace_purchases(
    tx: &mut Tx,
    workspace: WorkspaceId,
    buyer: Option<PartyId>,
) -> Result<(BTreeMap<PartyId, Vec<Purchase>>, String), AppError> {
    let settings = workspaces::get(tx.exec(), workspace).await?.ok_or(AppError::NotFound)?.settings;
    let currency = settings.currency.as_str().to_owned();
    let (purchases, _) = store::purchases(tx.exec(), workspace, &currency, buyer).await?;
    Ok((by_buyer(&purchases, minor_digits(&settings.currency), &settings.time_zone), currency))
}

/// A field error when `day` is after `limit`.
fn not_after(day: Date, limit: Date, field: &str, limit_name: &str) -> Result<(), AppError> {
    if day > limit {
        return Err(AppError::Validation(rapport_domain::ValidationErrors::single(
            field,
            "in_future",
            format!("must not be after {limit_name}"),
        )));
    }
    Ok(())
}

/// Runs a fit on a thread meant for blocking work: fitting a large base
/// keeps a core busy for a second or more, which would stall the requests
/// sharing the runtime's threads.
async fn off_the_runtime<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, AppError> {
    tokio::task::spawn_blocking(work).await.map_err(|e| AppError::Store(StoreError::other(e)))
}

fn model_error(error: value::FitError) -> AppError {
    AppError::Conflict(format!("the models cannot be fitted: {error}"))
}

impl App {
    /// Fits the models to the workspace's orders up to `calibration_end`
    /// (today by default; not after today), keeps the fit (audited), and
    /// reclassifies the workspace so that lifecycles follow the model (see
    /// [`App::reclassify_after`]). Workspace administrators only.
    pub async fn fit_value_models(&self, actor: &Actor, calibration_end: Option<Date>) -> Result<StoredFit, AppError> {
        check(actor, Resource::Workspace, Action::Update, None)?;
        let today = self.today(actor.workspace_id).await?;
        let end = calibration_end.unwrap_or(today);
        not_after(end, today, "calibration_end", "today")?;
        let mut tx = self.begin_read().await?;
        let (grouped, currency) = workspace_purchases(&mut tx, actor.workspace_id, None).await?;
        drop(tx);
        let fit = off_the_runtime(move || {
            let customers: Vec<Summary> = summaries(&grouped, end).into_values().collect();
            value::fit(&customers, end, &currency)
        })
        .await?
        .map_err(model_error)?;
        let stored = self.keep_fit(actor, fit, None, "fit").await?;
        self.reclassify_after(actor.workspace_id, "model.fit", actor.label.clone()).await;
        Ok(stored)
    }

    /// Fits the models on the orders up to `calibration_end` and compares
    /// their forecast with what happened after it, week by week, up to
    /// `holdout_end` (today by default). Kept as a validation (audited): the
    /// model in use does not change.
    pub async fn validate_value_models(
        &self,
        actor: &Actor,
        calibration_end: Date,
        holdout_end: Option<Date>,
    ) -> Result<StoredFit, AppError> {
        check(actor, Resource::Workspace, Action::Update, None)?;
        let today = self.today(actor.workspace_id).await?;
        let holdout_end = holdout_end.unwrap_or(today);
        not_after(holdout_end, today, "holdout_end", "today")?;
        if holdout_end <= calibration_end {
            return Err(AppError::Validation(rapport_domain::ValidationErrors::single(
                "holdout_end",
                "not_after_calibration_end",
                "must be after calibration_end",
            )));
        }
        let mut tx = self.begin_read().await?;
        let (grouped, currency) = workspace_purchases(&mut tx, actor.workspace_id, None).await?;
        drop(tx);
        let fit = off_the_runtime(move || {
            let customers: Vec<Summary> = summaries(&grouped, calibration_end).into_values().collect();
            let mut fit = value::fit(&customers, calibration_end, &currency)?;
            let days: Vec<PurchaseDays> = grouped
                .values()
                .filter_map(|purchases| {
                    let mut days: Vec<Date> = purchases.iter().map(|p| p.on).filter(|d| *d <= holdout_end).collect();
                    days.sort();
                    days.dedup();
                    let (first, repeats) = days.split_first()?;
                    Some(PurchaseDays { first_on: *first, repeats: repeats.to_vec() })
                })
                .collect();
            fit.tracking = tracking::track(&fit.bgnbd.params, &days, calibration_end, holdout_end);
            Ok(fit)
        })
        .await?
        .map_err(model_error)?;
        self.keep_fit(actor, fit, Some(holdout_end), "validate").await
    }

    /// Stores a fit with its audit entry.
    async fn keep_fit(
        &self,
        actor: &Actor,
        fit: ModelFit,
        holdout_end: Option<Date>,
        action: &'static str,
    ) -> Result<StoredFit, AppError> {
        let stored =
            StoredFit { id: clock::new_id(), fitted_at: self.now(), holdout_end, actor: actor.label.clone(), fit };
        let mut tx = self.begin().await?;
        store::insert(tx.exec(), actor.workspace_id, &stored).await?;
        let after = serde_json::to_value(&stored).map_err(StoreError::other)?;
        let event = ValueModelFittedV1 {
            id: stored.id,
            purpose: if holdout_end.is_some() { "validation" } else { "in_use" }.to_owned(),
            data_from: stored.fit.data_from,
            data_to: stored.fit.calibration_end,
            customers: stored.fit.customers,
        }
        .event();
        audit_value(&mut tx, actor, action, "value_model", stored.id, None, Some(&after), &[], event).await?;
        tx.commit().await?;
        Ok(stored)
    }

    /// The latest fit in use, or the latest validation.
    pub async fn value_model(&self, actor: &Actor, purpose: Purpose) -> Result<StoredFit, AppError> {
        check(actor, Resource::Workspace, Action::Read, None)?;
        let mut tx = self.begin_read().await?;
        store::latest(tx.exec(), actor.workspace_id, purpose).await?.ok_or(AppError::NotFound)
    }

    /// What the models say of one party, to those who may read it: only how
    /// often they bought, before the workspace's first fit.
    pub async fn party_value(&self, actor: &Actor, party: PartyId, horizon: Horizon) -> Result<PartyValue, AppError> {
        let mut tx = self.begin_read().await?;
        live_party_for(&mut tx, actor, party, Action::Read).await?;
        let model = store::latest(tx.exec(), actor.workspace_id, Purpose::InUse).await?;
        let (grouped, currency) = workspace_purchases(&mut tx, actor.workspace_id, Some(party)).await?;
        let today = self.today(actor.workspace_id).await?;
        let summary = grouped.get(&party).and_then(|purchases| value::summarize(purchases, today));
        let bgnbd = model.as_ref().map(|m| m.fit.bgnbd.params);
        let figures = summary.as_ref().zip(model.as_ref()).and_then(|(s, m)| {
            let spend = m.fit.gamma_gamma.as_ref()?.params;
            clv::value(&m.fit.bgnbd.params, &spend, &s.history, &s.spend, horizon)
        });
        Ok(PartyValue {
            party_id: party,
            purchase_days: summary.as_ref().map_or(0, |s| s.history.frequency + 1),
            value: figures,
            expected_purchases_next_year: summary
                .as_ref()
                .zip(bgnbd)
                .and_then(|(s, bgnbd)| bgnbd.expected_purchases(&s.history, f64::from(VALUE_WEEKS))),
            currency,
            horizon,
            model_id: model.as_ref().map(|m| m.id),
            calibration_end: model.as_ref().map(|m| m.fit.calibration_end),
        })
    }

    /// Transactions and revenue expected from the workspace's customers (those
    /// in `segment`) for each of the next `weeks` weeks, among the parties
    /// the actor may read: an account manager sees what her book will bring.
    pub async fn value_forecast(&self, actor: &Actor, segment: &Segment, weeks: u32) -> Result<Forecast, AppError> {
        let readable = readable_parties(actor)?;
        let mut tx = self.begin_read().await?;
        let model = store::latest(tx.exec(), actor.workspace_id, Purpose::InUse).await?.ok_or(AppError::NotFound)?;
        let Some(spend) = model.fit.gamma_gamma.as_ref().map(|g| g.params) else {
            return Err(AppError::Conflict("too few repeat customers to forecast revenue".into()));
        };
        let members = store::buyers(tx.exec(), actor.workspace_id, segment, readable.as_ref()).await?;
        let (grouped, currency) = workspace_purchases(&mut tx, actor.workspace_id, None).await?;
        let today = self.today(actor.workspace_id).await?;
        let customers: Vec<_> = members
            .iter()
            .filter_map(|b| grouped.get(&b.id).and_then(|p| value::summarize(p, today)))
            .map(|s| (s.history, s.spend))
            .collect();
        let weeks = forecast::weekly(&model.fit.bgnbd.params, &spend, &customers, weeks)
            .ok_or_else(|| AppError::Conflict("the models cannot forecast these customers".into()))?;
        Ok(Forecast { customers: customers.len() as u64, currency, model_id: model.id, from: today, weeks })
    }

    /// How the lifetime values of the workspace's live buyers are spread, in
    /// `bands` bands on a logarithmic scale, among the parties the actor may
    /// read; none before the first fit of both models.
    pub async fn value_distribution(&self, actor: &Actor, bands: usize) -> Result<ValueDistribution, AppError> {
        let readable = readable_parties(actor)?;
        let mut tx = self.begin_read().await?;
        let model = store::latest(tx.exec(), actor.workspace_id, Purpose::InUse).await?.ok_or(AppError::NotFound)?;
        let Some(spend) = model.fit.gamma_gamma.as_ref().map(|g| g.params) else {
            return Err(AppError::Conflict("too few repeat customers to value".into()));
        };
        let members = store::buyers(tx.exec(), actor.workspace_id, &Segment::default(), readable.as_ref()).await?;
        let (grouped, currency) = workspace_purchases(&mut tx, actor.workspace_id, None).await?;
        let today = self.today(actor.workspace_id).await?;
        let values: Vec<f64> = members
            .iter()
            .filter_map(|b| grouped.get(&b.id).and_then(|p| value::summarize(p, today)))
            .filter_map(|s| clv::value(&model.fit.bgnbd.params, &spend, &s.history, &s.spend, Horizon::default()))
            .map(|v| v.lifetime_value)
            .collect();
        Ok(ValueDistribution {
            customers: values.len() as u64,
            currency,
            bands: rapport_domain::value::distribution::histogram(&values, bands),
        })
    }

    /// Customers who look like future clients, best first, among the parties
    /// the actor may read.
    pub async fn conversion_candidates(&self, actor: &Actor, limit: usize) -> Result<Vec<CandidateView>, AppError> {
        let readable = readable_parties(actor)?;
        let mut tx = self.begin_read().await?;
        let workspace = actor.workspace_id;
        let model = store::latest(tx.exec(), workspace, Purpose::InUse).await?;
        let buyers = store::buyers(tx.exec(), workspace, &Segment::default(), readable.as_ref()).await?;
        let buyers: Vec<_> = buyers
            .into_iter()
            .filter(|b| !b.kinds.contains(&Kind::Client) && !b.kinds.contains(&Kind::Internal))
            .collect();
        let (grouped, _) = workspace_purchases(&mut tx, workspace, None).await?;
        let services = store::service_orders(tx.exec(), workspace).await?;
        let ids: Vec<PartyId> = buyers.iter().map(|b| b.id).collect();
        let mut staff: HashMap<PartyId, String> = HashMap::new();
        for ids in ids.chunks(1_000) {
            let span = crate::kernel::store::Span::Ids(ids);
            for (party, member) in account_team::of_parties(tx.exec(), workspace, span).await? {
                staff.entry(party).or_insert(member.display_name);
            }
        }
        let today = self.today(actor.workspace_id).await?;
        let models = model.as_ref().map(|m| (m.fit.bgnbd.params, m.fit.gamma_gamma.as_ref().map(|g| g.params)));
        let mut assessed: Vec<(store::Buyer, Prospect)> = Vec::new();
        for buyer in buyers {
            let Some(summary) = grouped.get(&buyer.id).and_then(|p| value::summarize(p, today)) else { continue };
            let figures = models.and_then(|(bgnbd, spend)| {
                clv::value(&bgnbd, &spend?, &summary.history, &summary.spend, Horizon::default())
            });
            let prospect = Prospect {
                purchase_days: summary.history.frequency + 1,
                tenure_days: u32::try_from((today - summary.first_on).whole_days()).unwrap_or(0),
                service_orders: services.get(&buyer.id).copied().unwrap_or(0),
                staff: staff.get(&buyer.id).cloned(),
                lifecycle: buyer.lifecycle,
                p_alive: models.map(|(bgnbd, _)| bgnbd.p_alive(&summary.history)),
                lifetime_value: figures.map(|f| f.lifetime_value),
            };
            assessed.push((buyer, prospect));
        }
        // A high value for the business: the 90th percentile among candidates.
        let mut values: Vec<f64> = assessed.iter().filter_map(|(_, p)| p.lifetime_value).collect();
        values.sort_by(f64::total_cmp);
        let typical = values.get(values.len() * 9 / 10).or(values.last()).copied();
        let mut candidates: Vec<CandidateView> = assessed
            .into_iter()
            .filter_map(|(buyer, prospect)| {
                Some(CandidateView {
                    candidate: conversion::assess(&prospect, typical)?,
                    party_id: buyer.id,
                    name: buyer.name,
                    primary: buyer.primary,
                    lifetime_value: prospect.lifetime_value,
                    p_alive: prospect.p_alive,
                })
            })
            .collect();
        candidates
            .sort_by(|a, b| b.candidate.score.total_cmp(&a.candidate.score).then(a.party_id.0.cmp(&b.party_id.0)));
        candidates.truncate(limit);
        Ok(candidates)
    }

    /// Fits the models again in every workspace whose fit in use ends a week
    /// or more before its own today, or that has none: the scheduled job. A
    /// workspace with too little data is skipped (and tried again the next
    /// day), as is one whose fit fails. Returns how many were fitted and how
    /// many skipped.
    pub async fn refit_stale_models(&self) -> Result<(u64, u64), AppError> {
        let (mut fitted, mut skipped) = (0, 0);
        for workspace in self.list_workspaces().await? {
            let today = workspace.settings.time_zone.date_of(self.now());
            let mut conn = self.db().acquire().await?;
            // An unreadable fit is refitted, like a stale one.
            let latest = store::latest(conn.exec(), workspace.id, Purpose::InUse).await.ok().flatten();
            drop(conn);
            if latest.is_some_and(|m| (today - m.fit.calibration_end).whole_days() < REFIT_AFTER_DAYS) {
                continue;
            }
            let actor = Actor::system(workspace.id, "system:scheduler");
            match self.fit_value_models(&actor, Some(today)).await {
                Ok(_) => fitted += 1,
                Err(AppError::Conflict(reason)) => {
                    tracing::debug!(workspace = %workspace.slug, %reason, "value models not fitted");
                    skipped += 1;
                }
                // One workspace's failure does not hold up the others.
                Err(error) => {
                    tracing::warn!(workspace = %workspace.slug, %error, "value models could not be fitted");
                    skipped += 1;
                }
            }
        }
        Ok((fitted, skipped))
    }

    /// The model a workspace's classifications use, if one has been fitted.
    /// A fit that cannot be read is logged and passed over (the days-based
    /// rules apply): it must not stop every write in its workspace.
    pub(crate) async fn purchase_model(
        &self,
        tx: &mut Tx,
        workspace: WorkspaceId,
    ) -> Result<Option<PurchaseModel>, StoreError> {
        match store::latest(tx.exec(), workspace, Purpose::InUse).await {
            Ok(found) => {
                Ok(found.map(|m| PurchaseModel { params: m.fit.bgnbd.params, fitted_on: m.fit.calibration_end }))
            }
            Err(StoreError::Corrupt(reason)) => {
                tracing::warn!(workspace = %workspace.0, %reason, "the value model in use cannot be read; classifying by days");
                Ok(None)
            }
            Err(error) => Err(error),
        }
    }
}
