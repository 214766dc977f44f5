//! Checking a fitted model against what happened next: a calibration
//! period to fit on and a holdout period to compare with, week by week, as
//! in the tracking plots of the BG/NBD paper (its figures 1 and 2).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::Date;

use crate::value::{BgNbd, DAYS_PER_UNIT, weeks_between};

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
    #[serde(with = "crate::common::dates::iso_date")]
    pub ends_on: Date,
    /// Whether the week ends past the calibration period (a week that
    /// straddles it counts here; the holdout totals split it exactly).
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
/// the first day any of them bought to `end` (the last week may be short). Customers whose first purchase
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
    // Week k covers days 7k to 7k + 6 from the start; the last may be short.
    let total_weeks = ((end - start).whole_days().max(0) / 7 + 1) as usize;
    // The cohort's expected repeat transactions by the end of `day`.
    let expected_by = |day: Date| -> Option<f64> {
        let mut sum = 0.0;
        for (first_on, count) in &starts {
            let t = weeks_between(*first_on, day + time::Duration::DAY).max(0.0);
            sum += count * model.expected_repeat_purchases(t)?;
        }
        Some(sum)
    };
    let mut actual = vec![0u64; total_weeks];
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
        let expected_cumulative = expected_by(ends_on)?;
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
    // The holdout totals split at the calibration's last day exactly, even
    // when a week straddles it.
    let holdout_actual =
        cohort.iter().flat_map(|c| &c.repeats).filter(|d| **d > calibration_end && **d <= end).count() as u64;
    let holdout_expected = expected_by(end)? - expected_by(calibration_end)?;
    let errors: Vec<f64> = weeks
        .iter()
        .filter(|w| w.holdout && w.actual > 0)
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

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn weeks_reach_the_end_and_the_holdout_splits_at_the_calibration_day() {
        let model = BgNbd { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
        let start = date!(2026 - 01 - 01);
        // Fourteen days exactly: three weeks, the last one day long.
        let end = start + time::Duration::days(14);
        let customers =
            [PurchaseDays { first_on: start, repeats: vec![date!(2026 - 01 - 09), date!(2026 - 01 - 10), end] }];
        let calibration_end = date!(2026 - 01 - 09);
        let tracked = track(&model, &customers, calibration_end, end).expect("tracks");
        assert_eq!(tracked.weeks.len(), 3);
        assert_eq!(tracked.weeks[2].ends_on, end);
        assert_eq!(
            tracked.weeks.iter().map(|w| w.actual).collect::<Vec<_>>(),
            [0, 2, 1],
            "nothing on the end day is lost"
        );
        // Week 2 (8 to 14 January) straddles the calibration's last day.
        assert_eq!(tracked.holdout_actual, 2, "the 10th and the 15th, not the 9th");
        let by = |days: i64| model.expected_repeat_purchases(days as f64 / 7.0).expect("converges");
        assert!((tracked.holdout_expected - (by(15) - by(9))).abs() < 1e-12);
    }
}
