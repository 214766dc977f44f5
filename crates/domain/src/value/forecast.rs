//! What the customers a business has now will buy in the coming weeks, and
//! for how much. New customers are not forecast: the models describe the
//! customers they were fitted on.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::value::{BgNbd, GammaGamma, History, Spend};

/// One week ahead.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Week {
    /// From 1: the week after the forecast's day.
    pub week: u32,
    pub transactions: f64,
    pub revenue: f64,
}

/// Expected transactions and revenue for each of the next `weeks` weeks, over
/// `customers`. Customers with the same history share the model's
/// expectations (computed once); each brings their own expected value.
/// `None` when a model cannot say (see [`BgNbd::expected_purchases`] and
/// [`GammaGamma::expected_value`]).
pub fn weekly(bgnbd: &BgNbd, spend: &GammaGamma, customers: &[(History, Spend)], weeks: u32) -> Option<Vec<Week>> {
    // By history: how many customers, and the sum of their expected values.
    // Ordered, so that the sums come out the same to the last bit every time.
    let mut groups: BTreeMap<(u32, u64, u64), (History, f64, f64)> = BTreeMap::new();
    for (history, their_spend) in customers {
        let value = spend.expected_value(their_spend)?;
        let group = groups
            .entry((history.frequency, history.recency.to_bits(), history.age.to_bits()))
            .or_insert((*history, 0.0, 0.0));
        group.1 += 1.0;
        group.2 += value;
    }
    let mut forecast: Vec<Week> = (1..=weeks).map(|week| Week { week, transactions: 0.0, revenue: 0.0 }).collect();
    for (history, count, value) in groups.into_values() {
        let per_week = bgnbd.expected_per_period(&history, (1..=weeks).map(f64::from))?;
        for (week, per_customer) in forecast.iter_mut().zip(per_week) {
            week.transactions += count * per_customer;
            week.revenue += value * per_customer;
        }
    }
    Some(forecast)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BGNBD: BgNbd = BgNbd { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    const SPEND: GammaGamma = GammaGamma { p: 6.25, q: 3.74, gamma: 15.44 };

    #[test]
    fn the_forecast_adds_up_each_customers_expectations() {
        let customers = [
            (History { frequency: 3, recency: 20.0, age: 30.0 }, Spend { transactions: 3, mean_value: 30.0 }),
            (History { frequency: 3, recency: 20.0, age: 30.0 }, Spend { transactions: 3, mean_value: 60.0 }),
            (History { frequency: 0, recency: 0.0, age: 10.0 }, Spend { transactions: 0, mean_value: 0.0 }),
        ];
        let forecast = weekly(&BGNBD, &SPEND, &customers, 13).expect("forecast");
        assert_eq!(forecast.len(), 13);
        let total: f64 = forecast.iter().map(|w| w.transactions).sum();
        let expected: f64 = customers.iter().map(|(h, _)| BGNBD.expected_purchases(h, 13.0).expect("converges")).sum();
        assert!((total - expected).abs() < 1e-9);
        let revenue: f64 = forecast.iter().map(|w| w.revenue).sum();
        let by_customer: f64 = customers
            .iter()
            .map(|(h, s)| {
                BGNBD.expected_purchases(h, 13.0).expect("converges") * SPEND.expected_value(s).expect("q > 1")
            })
            .sum();
        assert!((revenue - by_customer).abs() < 1e-6);
        assert!(forecast.iter().all(|w| w.transactions > 0.0 && w.revenue > 0.0));
    }
}
