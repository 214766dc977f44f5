//! What a party's orders add up to, as far as the engine cares.

use std::collections::BTreeSet;

use time::Date;

use crate::classification::{OrderFact, UseFact};
use crate::commerce::OfferingKind;

/// A buyer's purchases, summarised: enough to classify, small enough to keep
/// beside each party and update with every order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Purchases {
    /// Days with at least one purchase (several purchases on one day are one visit).
    pub days: u32,
    pub first_on: Date,
    pub last_on: Date,
    /// The first purchase of professional services, by reference.
    pub professional_order: Option<String>,
}

impl Purchases {
    /// Sums up a buyer's orders; `None` when none of them is a purchase
    /// (cancelled and fully refunded orders are not).
    pub fn summarize(orders: &[OrderFact]) -> Option<Self> {
        let mut bought: Vec<&OrderFact> = orders.iter().filter(|o| o.counts).collect();
        bought.sort_by(|a, b| (a.ordered_on, &a.reference).cmp(&(b.ordered_on, &b.reference)));
        let first_on = bought.first()?.ordered_on;
        let last_on = bought.last()?.ordered_on;
        let days: BTreeSet<Date> = bought.iter().map(|o| o.ordered_on).collect();
        let professional_order = bought
            .iter()
            .find(|o| o.offerings.contains(&OfferingKind::ProfessionalService))
            .map(|o| o.reference.clone());
        Some(Self { days: u32::try_from(days.len()).unwrap_or(u32::MAX), first_on, last_on, professional_order })
    }
}

/// A purchase model fitted for the workspace (BG/NBD), as the engine reads it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PurchaseModel {
    pub params: crate::value::BgNbd,
    /// The last day of the data it was fitted on.
    pub fitted_on: Date,
}

impl Purchases {
    /// The first day on which, by `model`, the chance that this buyer is
    /// still buying is below `percent`, if they have bought again since
    /// their first day (the model cannot judge a one-time buyer). The chance
    /// falls as time passes without a purchase, so the day can be solved
    /// for: from P(alive) = 1 / (1 + a/(b+x−1) ((α+T)/(α+tₓ))^(r+x)), it is
    /// below θ once α+T > (α+tₓ) (((1−θ)/θ)(b+x−1)/a)^(1/(r+x)). Worked out
    /// as a date, an explanation can name it and stay true from day to day.
    pub fn alive_below(&self, model: &PurchaseModel, percent: u32) -> Option<Date> {
        let crate::value::BgNbd { r, alpha, a, b } = model.params;
        let x = f64::from(self.days.checked_sub(1).filter(|x| *x > 0)?);
        let theta = f64::from(percent.clamp(1, 99)) / 100.0;
        let recency = crate::value::weeks_between(self.first_on, self.last_on);
        let ln_k = ((1.0 - theta) / theta * (b + x - 1.0) / a).ln();
        let age = (alpha + recency) * (ln_k / (r + x)).exp() - alpha;
        if age < recency {
            // Below the line already on the day of the last purchase.
            return Some(self.last_on);
        }
        let days = (age * crate::value::DAYS_PER_UNIT).floor() + 1.0;
        // Beyond a thousand years is never.
        (days.is_finite() && days < 365_250.0).then(|| self.first_on + time::Duration::days(days as i64))
    }
}

/// What a consumer uses that others bought: how many order lines, and the
/// first of them to name in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uses {
    pub count: u32,
    pub first: UseFact,
}

impl Uses {
    /// `uses` in the order they happened.
    pub fn summarize(uses: &[UseFact]) -> Option<Self> {
        let first = uses.first()?.clone();
        Some(Self { count: u32::try_from(uses.len()).unwrap_or(u32::MAX), first })
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    fn order(reference: &str, ordered_on: Date, counts: bool, offerings: &[OfferingKind]) -> OrderFact {
        OrderFact { reference: reference.into(), ordered_on, counts, offerings: offerings.to_vec() }
    }

    #[test]
    fn purchases_count_days_not_orders_and_skip_what_was_not_bought() {
        let orders = [
            order("B", date!(2026 - 03 - 02), true, &[OfferingKind::ProfessionalService]),
            order("A", date!(2026 - 03 - 02), true, &[OfferingKind::Goods]),
            order("C", date!(2026 - 01 - 01), false, &[OfferingKind::ProfessionalService]),
            order("D", date!(2026 - 05 - 01), true, &[OfferingKind::ProfessionalService]),
        ];
        let summary = Purchases::summarize(&orders).expect("bought");
        assert_eq!(summary.days, 2);
        assert_eq!((summary.first_on, summary.last_on), (date!(2026 - 03 - 02), date!(2026 - 05 - 01)));
        assert_eq!(summary.professional_order.as_deref(), Some("B"), "the first one actually bought");
        assert_eq!(Purchases::summarize(&orders[2..3]), None);
        assert_eq!(Purchases::summarize(&[]), None);
    }
}
