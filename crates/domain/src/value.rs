//! Customer value: who is still buying, how much they will buy and spend,
//! and what that is worth, from purchase histories with the published
//! models of Fader, Hardie & Lee (2005).

pub mod bgnbd;
pub mod cdnow;
pub mod clv;
pub mod conversion;
mod fit;
pub mod forecast;
pub mod gamma_gamma;
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

#[cfg(test)]
mod tests;
