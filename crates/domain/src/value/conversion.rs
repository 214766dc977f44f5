//! Conversion candidates: customers who look like future clients, and what
//! would move them. A loyal customer becomes a client by buying regularly,
//! over time, and building a relationship with the people who serve them;
//! the levers are an incentive (a free consultation, a tailored trial), the
//! best service, keeping in touch, consistent quality, and selling on the
//! relationship rather than the transaction.

use serde::{Deserialize, Serialize};

use crate::classification::{Lifecycle, Reason};

/// What a customer's record says, for scoring.
#[derive(Debug, Clone, PartialEq)]
pub struct Prospect {
    /// Days with purchases.
    pub purchase_days: u32,
    /// Days since the first purchase.
    pub tenure_days: u32,
    /// Orders of services or professional services (tailored, personal work).
    pub service_orders: u32,
    /// The staff member serving them, if any (an account team member).
    pub staff: Option<String>,
    pub lifecycle: Option<Lifecycle>,
    /// From a fitted model, when there is one.
    pub p_alive: Option<f64>,
    pub lifetime_value: Option<f64>,
}

/// What to do next with a candidate.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lever {
    /// A free consultation or a tailored trial of the services.
    Incentive,
    /// The best service: a quick answer and a named person, to win back
    /// a customer going quiet (at risk).
    BestService,
    /// Newsletters, regular updates, birthday greetings, seminars.
    KeepInTouch,
    /// The same quality every time, so that returning becomes loyal.
    ConsistentQuality,
    /// A proposal built on the relationship: a retainer or a contract.
    RelationalSelling,
}

impl Lever {
    pub const ALL: [Lever; 5] =
        [Lever::Incentive, Lever::BestService, Lever::KeepInTouch, Lever::ConsistentQuality, Lever::RelationalSelling];

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Incentive => "incentive",
            Self::BestService => "best_service",
            Self::KeepInTouch => "keep_in_touch",
            Self::ConsistentQuality => "consistent_quality",
            Self::RelationalSelling => "relational_selling",
        }
    }

    /// The advice, in words.
    pub fn advice(&self) -> &'static str {
        match self {
            Self::Incentive => "Offer an incentive to try the services: a free consultation or a tailored trial.",
            Self::BestService => {
                "Give them the best service: a quick answer and a named person, before they drift away."
            }
            Self::KeepInTouch => {
                "Keep in touch: newsletters, regular updates, birthday greetings, invitations to seminars."
            }
            Self::ConsistentQuality => "Keep the quality consistent, so that returning becomes a habit.",
            Self::RelationalSelling => {
                "Sell on the relationship: propose a retainer or a contract for the services they use."
            }
        }
    }
}

/// A customer worth turning into a client.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// 0 to 100.
    pub score: f64,
    pub reasons: Vec<Reason>,
    pub lever: Lever,
}

/// How much each part weighs in the score; they add up to 1.
const WEIGHTS: Weights = Weights { frequency: 0.3, value: 0.25, tenure: 0.15, services: 0.15, contact: 0.15 };

struct Weights {
    frequency: f64,
    value: f64,
    tenure: f64,
    services: f64,
    contact: f64,
}

/// Scores a customer (one who is not already a client). `typical_value` is a
/// high lifetime value for the business (the candidates' 90th percentile,
/// say), against which a customer's value is measured; without a model, the
/// value part follows purchase frequency. `None` for customers who are not
/// candidates: bought on fewer than two days, or lapsed.
pub fn assess(prospect: &Prospect, typical_value: Option<f64>) -> Option<Candidate> {
    if prospect.purchase_days < 2 || prospect.lifecycle == Some(Lifecycle::Lapsed) {
        return None;
    }
    let mut reasons = Vec::new();
    // Saturating curves: the fifth purchase day or the first year count more
    // than the fiftieth or the fifth year.
    let repeats = f64::from(prospect.purchase_days - 1);
    let frequency = 1.0 - (-repeats / 4.0).exp();
    let days = prospect.purchase_days.to_string();
    reasons.push(Reason::new(
        "repeat_purchases",
        format!("Bought on {days} different days."),
        [("count", days.clone())],
    ));
    let tenure = (f64::from(prospect.tenure_days) / 365.0).min(1.0);
    if prospect.tenure_days >= 90 {
        let days = prospect.tenure_days.to_string();
        reasons.push(Reason::new("tenure", format!("A customer for {days} days."), [("days", days.clone())]));
    }
    let value = match (prospect.lifetime_value, typical_value) {
        (Some(value), Some(typical)) if typical > 0.0 => {
            let text = format!("Expected to bring {value:.2} over the coming years.");
            reasons.push(Reason::new("expected_value", text, [("value", format!("{value:.2}"))]));
            (value / typical).clamp(0.0, 1.0)
        }
        _ => frequency,
    };
    let services = match prospect.service_orders {
        0 => 0.0,
        n => {
            let text = format!("Bought services {n} time{}.", if n == 1 { "" } else { "s" });
            reasons.push(Reason::new("buys_services", text, [("count", n.to_string())]));
            (0.6 + 0.1 * f64::from(n - 1)).min(1.0)
        }
    };
    let contact = match &prospect.staff {
        Some(name) => {
            reasons.push(Reason::new("staff_contact", format!("Served by {name}."), [("name", name.clone())]));
            1.0
        }
        None => 0.0,
    };
    let score = 100.0
        * (WEIGHTS.frequency * frequency
            + WEIGHTS.value * value
            + WEIGHTS.tenure * tenure
            + WEIGHTS.services * services
            + WEIGHTS.contact * contact);
    // At risk by the engine, which judges by the workspace's own lines (its
    // P(alive) line when a model is fitted, days without a purchase otherwise).
    let going_quiet = prospect.lifecycle == Some(Lifecycle::AtRisk);
    if let Some(p) = prospect.p_alive {
        let percent = format!("{:.0}", p * 100.0);
        let text = format!("{percent} % likely to still be buying.");
        reasons.push(Reason::new("p_alive", text, [("percent", percent)]));
    }
    let lever = if going_quiet {
        Lever::BestService
    } else if prospect.service_orders == 0 {
        Lever::Incentive
    } else if prospect.staff.is_none() {
        Lever::KeepInTouch
    } else if prospect.lifecycle == Some(Lifecycle::Loyal) {
        Lever::RelationalSelling
    } else {
        Lever::ConsistentQuality
    };
    Some(Candidate { score, reasons, lever })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn regular() -> Prospect {
        Prospect {
            purchase_days: 8,
            tenure_days: 400,
            service_orders: 3,
            staff: Some("Dewi".into()),
            lifecycle: Some(Lifecycle::Loyal),
            p_alive: Some(0.9),
            lifetime_value: Some(900.0),
        }
    }

    #[test]
    fn a_loyal_buyer_of_services_served_by_staff_is_a_strong_candidate() {
        let candidate = assess(&regular(), Some(1000.0)).expect("a candidate");
        assert!(candidate.score > 80.0, "{}", candidate.score);
        assert_eq!(candidate.lever, Lever::RelationalSelling);
        let rules: Vec<&str> = candidate.reasons.iter().map(|r| r.rule.as_str()).collect();
        assert_eq!(
            rules,
            ["repeat_purchases", "tenure", "expected_value", "buys_services", "staff_contact", "p_alive"]
        );
        assert!(candidate.reasons.iter().any(|r| r.text == "Served by Dewi."));
    }

    #[test]
    fn the_lever_follows_what_is_missing() {
        let lever = |p: Prospect| assess(&p, Some(1000.0)).expect("a candidate").lever;
        assert_eq!(
            lever(Prospect { lifecycle: Some(Lifecycle::AtRisk), p_alive: None, ..regular() }),
            Lever::BestService
        );
        assert_eq!(lever(Prospect { service_orders: 0, ..regular() }), Lever::Incentive);
        assert_eq!(lever(Prospect { staff: None, ..regular() }), Lever::KeepInTouch);
        assert_eq!(lever(Prospect { lifecycle: Some(Lifecycle::Returning), ..regular() }), Lever::ConsistentQuality);
    }

    #[test]
    fn more_of_each_part_scores_higher_and_one_off_buyers_are_not_candidates() {
        let score = |p: Prospect| assess(&p, Some(1000.0)).expect("a candidate").score;
        let base = Prospect { purchase_days: 3, tenure_days: 60, service_orders: 0, staff: None, ..regular() };
        assert!(score(Prospect { purchase_days: 6, ..base.clone() }) > score(base.clone()));
        assert!(score(Prospect { tenure_days: 300, ..base.clone() }) > score(base.clone()));
        assert!(score(Prospect { service_orders: 1, ..base.clone() }) > score(base.clone()));
        assert!(score(Prospect { staff: Some("Ola".into()), ..base.clone() }) > score(base.clone()));
        assert!(score(Prospect { lifetime_value: Some(2000.0), ..base.clone() }) > score(base.clone()));
        assert!(score(regular()) <= 100.0);
        assert_eq!(assess(&Prospect { purchase_days: 1, ..regular() }, None), None);
        assert_eq!(assess(&Prospect { lifecycle: Some(Lifecycle::Lapsed), ..regular() }, None), None);
    }
}
