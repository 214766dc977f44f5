//! Checking a fitted model against what happened next: a calibration
//! period to fit on and a holdout period to compare with, week by week, as
//! in the tracking plots of the BG/NBD paper (its figures 1 and 2).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::Date;

use super::{BgNbd, DAYS_PER_UNIT, weeks_between};

/// A customer's days with purchases, first day first.
#[derive(Debug, Clone, PartialEq)]
pub struct PurchaseDays {
    pub first_on: Date,
    /// The later days with purchases, each once.
    pub repeats: Vec<Date>,
}

/// One week of the comparison: repeat transactions that happened against
/// those the model expected, in the week and since the start.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Week {
    /// From 1; week 1 starts on the first day of the data.
    pub week: u32,
    #[serde(with = "crate::dates::iso_date")]
    pub ends_on: Date,
    /// Whether the week is past the calibration period.
    pub holdout: bool,
    pub actual: u64,
    pub expected: f64,
    pub actual_cumulative: u64,
    pub expected_cumulative: f64,
}

/// The comparison, and how far the forecast of the holdout period's repeat
/// transactions was off.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tracking {
    pub weeks: Vec<Week>,
    pub holdout_actual: u64,
    pub holdout_expected: f64,
    /// `(expected − actual) / actual` over the holdout period; none when
    /// nothing happened in it.
    pub holdout_error: Option<f64>,
    /// The mean absolute percentage error of the weekly holdout figures,
    /// over the weeks with repeat transactions.
    pub weekly_mape: Option<f64>,
}

/// Compares `model`'s expectations with what `customers` did, weekly from
/// the first day any of them bought to `end`. Customers whose first purchase
/// is after `calibration_end` are left out: the model forecasts a cohort it
/// has seen. `None` when the series for the expectations does not converge.
pub fn track(model: &BgNbd, customers: &[PurchaseDays], calibration_end: Date, end: Date) -> Option<Tracking> {
    let cohort: Vec<&PurchaseDays> = customers.iter().filter(|c| c.first_on <= calibration_end).collect();
    let start = cohort.iter().map(|c| c.first_on).min()?;
    // Customers who started on the same day share their expectations.
    let mut starts: BTreeMap<Date, f64> = BTreeMap::new();
    for c in &cohort {
        *starts.entry(c.first_on).or_default() += 1.0;
    }
    let total_weeks = (weeks_between(start, end).ceil() as u32).max(1);
    let mut actual = vec![0u64; total_weeks as usize];
    for c in &cohort {
        for day in c.repeats.iter().filter(|d| **d <= end) {
            let week = ((*day - start).whole_days() as f64 / DAYS_PER_UNIT) as usize;
            if let Some(slot) = actual.get_mut(week) {
                *slot += 1;
            }
        }
    }
    let mut weeks = Vec::with_capacity(actual.len());
    let (mut actual_cumulative, mut previous_expected) = (0, 0.0);
    for (index, in_week) in actual.into_iter().enumerate() {
        let ends_on = (start + time::Duration::days(7 * (index as i64 + 1)) - time::Duration::DAY).min(end);
        let mut expected_cumulative = 0.0;
        for (first_on, count) in &starts {
            // Repeat transactions by the end of the week's last day.
            let t = weeks_between(*first_on, ends_on + time::Duration::DAY).max(0.0);
            expected_cumulative += count * model.expected_repeat_purchases(t)?;
        }
        actual_cumulative += in_week;
        weeks.push(Week {
            week: index as u32 + 1,
            ends_on,
            holdout: ends_on > calibration_end,
            actual: in_week,
            expected: expected_cumulative - previous_expected,
            actual_cumulative,
            expected_cumulative,
        });
        previous_expected = expected_cumulative;
    }
    let holdout: Vec<&Week> = weeks.iter().filter(|w| w.holdout).collect();
    let holdout_actual: u64 = holdout.iter().map(|w| w.actual).sum();
    let holdout_expected: f64 = holdout.iter().map(|w| w.expected).sum();
    let errors: Vec<f64> = holdout
        .iter()
        .filter(|w| w.actual > 0)
        .map(|w| (w.expected - w.actual as f64).abs() / w.actual as f64)
        .collect();
    Some(Tracking {
        holdout_error: (holdout_actual > 0).then(|| (holdout_expected - holdout_actual as f64) / holdout_actual as f64),
        weekly_mape: (!errors.is_empty()).then(|| errors.iter().sum::<f64>() / errors.len() as f64),
        weeks,
        holdout_actual,
        holdout_expected,
    })
}
