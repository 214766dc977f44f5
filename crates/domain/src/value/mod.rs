//! Customer value: who is still buying, how much they will buy and spend,
//! and what that is worth, from purchase histories with the published
//! models of Fader, Hardie & Lee (2005).

pub mod bgnbd;
pub mod cdnow;
pub mod clv;
pub mod conversion;
pub mod distribution;
pub mod events;
mod fit;
pub mod forecast;
pub mod gamma_gamma;
pub mod playbook;
pub mod special;
pub mod tracking;

use time::Date;

pub use bgnbd::{BgNbd, History};
pub use fit::{Convergence, FitError};
pub use gamma_gamma::{GammaGamma, Spend};

/// Days in the models' unit of time: histories are measured in weeks, as in
/// the papers.
pub const DAYS_PER_UNIT: f64 = 7.0;

/// One purchase of a customer: its day and value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Purchase {
    pub on: Date,
    pub value: f64,
}

/// What the models read of one customer at the end of a calibration period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub first_on: Date,
    pub history: History,
    pub spend: Spend,
}

/// Weeks from `from` to `to`, as days / 7.
pub fn weeks_between(from: Date, to: Date) -> f64 {
    (to - from).whole_days() as f64 / DAYS_PER_UNIT
}

/// Summarises a customer's purchases up to and including `end`: several
/// purchases on one day are one transaction (their values added), the first
/// transaction starts the customer's clock and the rest are repeat
/// transactions. `None` for a customer whose first purchase is after `end`.
/// `purchases` need not be sorted.
pub fn summarize(purchases: &[Purchase], end: Date) -> Option<Summary> {
    let mut days: Vec<(Date, f64)> = purchases.iter().filter(|p| p.on <= end).map(|p| (p.on, p.value)).collect();
    days.sort_by_key(|(on, _)| *on);
    days.dedup_by(|later, earlier| {
        let same = later.0 == earlier.0;
        if same {
            earlier.1 += later.1;
        }
        same
    });
    let (&(first_on, _), repeats) = days.split_first()?;
    let last_on = days.last().map_or(first_on, |(on, _)| *on);
    let frequency = u32::try_from(repeats.len()).unwrap_or(u32::MAX);
    let mean_value =
        if repeats.is_empty() { 0.0 } else { repeats.iter().map(|(_, v)| v).sum::<f64>() / repeats.len() as f64 };
    Some(Summary {
        first_on,
        history: History { frequency, recency: weeks_between(first_on, last_on), age: weeks_between(first_on, end) },
        spend: Spend { transactions: frequency, mean_value },
    })
}

/// A workspace's fitted models and what they were fitted on: kept with
/// each fit, so that every figure can be traced to its data window.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ModelFit {
    pub bgnbd: bgnbd::Fitted,
    /// None when too few customers bought again for a positive value, or
    /// their values do not pin the model down (all alike, say).
    pub gamma_gamma: Option<gamma_gamma::Fitted>,
    /// The first and last day of the data fitted on.
    #[serde(with = "crate::common::dates::iso_date")]
    pub data_from: Date,
    #[serde(with = "crate::common::dates::iso_date")]
    pub calibration_end: Date,
    pub customers: u64,
    /// Customers who bought on more than one day.
    pub repeat_customers: u64,
    /// The currency of the values fitted (orders in others are left out).
    pub currency: String,
    /// The comparison with the days after `calibration_end`, for a validation.
    pub tracking: Option<tracking::Tracking>,
}

/// Fewest customers who bought again to fit on: it is they who show how
/// often customers buy and when they stop, and a handful of them do not pin
/// four (or three) parameters down: the estimates run off to the edges.
pub const MIN_REPEAT_CUSTOMERS: usize = 10;

/// Fits both models to customers' summaries at `calibration_end`.
pub fn fit(summaries: &[Summary], calibration_end: Date, currency: &str) -> Result<ModelFit, FitError> {
    let data_from = summaries.iter().map(|s| s.first_on).min().ok_or(FitError::NoData("no customer has bought"))?;
    if summaries.iter().filter(|s| s.history.frequency > 0).count() < MIN_REPEAT_CUSTOMERS {
        return Err(FitError::NoData("fewer than 10 customers have bought again"));
    }
    let histories: Vec<History> = summaries.iter().map(|s| s.history).collect();
    if histories.iter().all(|h| h.age <= 0.0) {
        return Err(FitError::NoData("every customer bought for the first time on the last day"));
    }
    // A customer whose first purchase is on the last day tells nothing yet.
    let histories: Vec<History> = histories.into_iter().filter(|h| h.age > 0.0).collect();
    let bgnbd = BgNbd::fit(&histories)?;
    let spends: Vec<Spend> =
        summaries.iter().map(|s| s.spend).filter(|s| s.transactions > 0 && s.mean_value > 0.0).collect();
    // Spend is fitted when it can be: without it, values are not forecast,
    // but who buys and how often still is.
    let gamma_gamma = if spends.len() >= MIN_REPEAT_CUSTOMERS { GammaGamma::fit(&spends).ok() } else { None };
    Ok(ModelFit {
        bgnbd,
        gamma_gamma,
        data_from,
        calibration_end,
        customers: summaries.len() as u64,
        repeat_customers: summaries.iter().filter(|s| s.history.frequency > 0).count() as u64,
        currency: currency.to_owned(),
        tracking: None,
    })
}

#[cfg(test)]
mod tests;
