//! Customer lifetime value: the purchases BG/NBD expects of a customer,
//! period by period, each at the value Gamma-Gamma expects, discounted to
//! today.

use serde::{Deserialize, Serialize};

use crate::value::{BgNbd, DAYS_PER_UNIT, GammaGamma, History, Spend};

/// How far ahead, and how future money is weighed against money today.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Horizon {
    /// Months ahead (of 365.25 / 12 days each).
    pub months: u32,
    /// The discount rate per month (0.01 is 1 %).
    pub monthly_discount: f64,
}

impl Default for Horizon {
    /// Three years at 1 % a month (about 12.7 % a year), as commonly used.
    fn default() -> Self {
        Self { months: 36, monthly_discount: 0.01 }
    }
}

/// A customer's value as the models see it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Value {
    pub p_alive: f64,
    /// Purchases expected over the horizon.
    pub expected_purchases: f64,
    /// The value expected of each purchase.
    pub expected_value: f64,
    /// The discounted value of the purchases expected over the horizon.
    pub lifetime_value: f64,
}

/// Weeks in a month.
const WEEKS_PER_MONTH: f64 = 365.25 / 12.0 / DAYS_PER_UNIT;

/// A customer's value over `horizon`: for each month, the purchases expected
/// in it (the difference of BG/NBD's cumulative expectations) times the
/// expected value of a purchase, divided by `(1 + d)^month`. `None` when a
/// model cannot say (see [`BgNbd::expected_purchases`] and
/// [`GammaGamma::expected_value`]).
pub fn value(
    bgnbd: &BgNbd,
    spend_model: &GammaGamma,
    history: &History,
    spend: &Spend,
    horizon: Horizon,
) -> Option<Value> {
    let expected_value = spend_model.expected_value(spend)?;
    let per_month = bgnbd.expected_per_period(history, (1..=horizon.months).map(|m| f64::from(m) * WEEKS_PER_MONTH))?;
    let discount = 1.0 + horizon.monthly_discount;
    let lifetime_value: f64 =
        per_month.iter().zip(1..).map(|(purchases, month)| purchases * expected_value / discount.powi(month)).sum();
    let expected_purchases = per_month.iter().sum();
    Some(Value { p_alive: bgnbd.p_alive(history), expected_purchases, expected_value, lifetime_value })
}

#[cfg(test)]
mod tests {
    use super::*;

    const BGNBD: BgNbd = BgNbd { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    const SPEND: GammaGamma = GammaGamma { p: 6.25, q: 3.74, gamma: 15.44 };

    #[test]
    fn undiscounted_value_is_purchases_times_their_value() {
        let history = History { frequency: 5, recency: 30.0, age: 38.0 };
        let spend = Spend { transactions: 5, mean_value: 40.0 };
        let flat =
            value(&BGNBD, &SPEND, &history, &spend, Horizon { months: 12, monthly_discount: 0.0 }).expect("value");
        assert!((flat.lifetime_value - flat.expected_purchases * flat.expected_value).abs() < 1e-9);
        let discounted =
            value(&BGNBD, &SPEND, &history, &spend, Horizon { months: 12, monthly_discount: 0.01 }).expect("value");
        assert!(discounted.lifetime_value < flat.lifetime_value && discounted.lifetime_value > 0.0);
    }

    #[test]
    fn a_customer_gone_quiet_is_worth_less() {
        let spend = Spend { transactions: 5, mean_value: 40.0 };
        let recent = History { frequency: 5, recency: 37.0, age: 38.0 };
        let quiet = History { frequency: 5, recency: 5.0, age: 38.0 };
        let worth = |h| value(&BGNBD, &SPEND, &h, &spend, Horizon::default()).expect("value");
        assert!(worth(quiet).lifetime_value < worth(recent).lifetime_value);
        assert!(worth(quiet).p_alive < worth(recent).p_alive);
    }
}
