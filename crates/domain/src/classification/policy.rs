//! What counts as loyal, at risk, lapsed or a client: a workspace's choice,
//! with defaults that suit a shop or a salon.

use serde::{Deserialize, Serialize};

use crate::common::validation::ValidationErrors;

/// What counts as what, per workspace.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Policy {
    /// Purchases (days with a purchase) a loyal customer has made at least…
    pub loyal_min_purchases: u32,
    /// …over at least this many days.
    pub loyal_min_span_days: u32,
    /// A buyer with no purchase for this many days is at risk…
    pub at_risk_after_days: u32,
    /// …and after this many, lapsed.
    pub lapsed_after_days: u32,
    /// Whether buying professional services with a personal account manager
    /// or customer-success manager makes a client even without a contract.
    pub client_by_personal_service: bool,
    /// When a purchase model has been fitted, a repeat buyer is at risk once
    /// the chance that they are still buying falls below this percentage…
    pub at_risk_below_alive_percent: u32,
    /// …and lapsed below this one (the days-based rules apply otherwise).
    pub lapsed_below_alive_percent: u32,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            loyal_min_purchases: 4,
            loyal_min_span_days: 180,
            at_risk_after_days: 120,
            lapsed_after_days: 365,
            client_by_personal_service: true,
            at_risk_below_alive_percent: 50,
            lapsed_below_alive_percent: 20,
        }
    }
}

/// A change to a policy: the fields given replace the current ones.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyInput {
    #[cfg_attr(feature = "openapi", schema(minimum = 2, maximum = 1000))]
    pub loyal_min_purchases: Option<u32>,
    #[cfg_attr(feature = "openapi", schema(maximum = 3650))]
    pub loyal_min_span_days: Option<u32>,
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 3650))]
    pub at_risk_after_days: Option<u32>,
    #[cfg_attr(feature = "openapi", schema(minimum = 2, maximum = 3650))]
    pub lapsed_after_days: Option<u32>,
    pub client_by_personal_service: Option<bool>,
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 99))]
    pub at_risk_below_alive_percent: Option<u32>,
    pub lapsed_below_alive_percent: Option<u32>,
}

/// Ten years: longer spans are typing mistakes, not policies.
const MAX_DAYS: u32 = 3650;

impl Policy {
    /// Applies `input` to this policy and checks the result as a whole;
    /// errors name fields under `prefix` (such as `policy.lapsed_after_days`).
    pub fn with(&self, input: &PolicyInput, prefix: &str) -> Result<Policy, ValidationErrors> {
        let policy = Policy {
            loyal_min_purchases: input.loyal_min_purchases.unwrap_or(self.loyal_min_purchases),
            loyal_min_span_days: input.loyal_min_span_days.unwrap_or(self.loyal_min_span_days),
            at_risk_after_days: input.at_risk_after_days.unwrap_or(self.at_risk_after_days),
            lapsed_after_days: input.lapsed_after_days.unwrap_or(self.lapsed_after_days),
            client_by_personal_service: input.client_by_personal_service.unwrap_or(self.client_by_personal_service),
            at_risk_below_alive_percent: input.at_risk_below_alive_percent.unwrap_or(self.at_risk_below_alive_percent),
            lapsed_below_alive_percent: input.lapsed_below_alive_percent.unwrap_or(self.lapsed_below_alive_percent),
        };
        let mut errors = ValidationErrors::new();
        let field = |name: &str| format!("{prefix}{name}");
        if !(2..=1000).contains(&policy.loyal_min_purchases) {
            errors.push(field("loyal_min_purchases"), "out_of_range", "must be between 2 and 1000");
        }
        if policy.loyal_min_span_days > MAX_DAYS {
            errors.push(field("loyal_min_span_days"), "out_of_range", format!("must be at most {MAX_DAYS}"));
        }
        if !(1..=MAX_DAYS).contains(&policy.at_risk_after_days) {
            errors.push(field("at_risk_after_days"), "out_of_range", format!("must be between 1 and {MAX_DAYS}"));
        }
        if policy.lapsed_after_days > MAX_DAYS {
            errors.push(field("lapsed_after_days"), "out_of_range", format!("must be at most {MAX_DAYS}"));
        } else if policy.lapsed_after_days <= policy.at_risk_after_days {
            errors.push(
                field("lapsed_after_days"),
                "not_after_at_risk",
                format!("must be more than at_risk_after_days ({})", policy.at_risk_after_days),
            );
        }
        if !(1..=99).contains(&policy.at_risk_below_alive_percent) {
            errors.push(field("at_risk_below_alive_percent"), "out_of_range", "must be between 1 and 99");
        }
        if !(1..=99).contains(&policy.lapsed_below_alive_percent) {
            errors.push(field("lapsed_below_alive_percent"), "out_of_range", "must be between 1 and 99");
        } else if policy.lapsed_below_alive_percent >= policy.at_risk_below_alive_percent {
            errors.push(
                field("lapsed_below_alive_percent"),
                "not_below_at_risk",
                format!("must be less than at_risk_below_alive_percent ({})", policy.at_risk_below_alive_percent),
            );
        }
        errors.finish(|| policy)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_keeps_what_it_does_not_name_and_is_checked_as_a_whole() {
        let stricter = Policy::default()
            .with(&PolicyInput { loyal_min_purchases: Some(6), ..Default::default() }, "policy.")
            .expect("valid");
        assert_eq!((stricter.loyal_min_purchases, stricter.lapsed_after_days), (6, 365));

        let errors = Policy::default()
            .with(&PolicyInput { at_risk_after_days: Some(400), ..Default::default() }, "policy.")
            .expect_err("lapsing before being at risk");
        assert_eq!(errors.0[0].field, "policy.lapsed_after_days");

        let errors = Policy::default()
            .with(&PolicyInput { loyal_min_purchases: Some(1), at_risk_after_days: Some(0), ..Default::default() }, "")
            .expect_err("out of range");
        let fields: Vec<_> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["loyal_min_purchases", "at_risk_after_days"]);

        let errors = Policy::default()
            .with(&PolicyInput { lapsed_below_alive_percent: Some(60), ..Default::default() }, "policy.")
            .expect_err("lapsed above at risk");
        assert_eq!(
            (errors.0[0].field.as_str(), errors.0[0].code),
            ("policy.lapsed_below_alive_percent", "not_below_at_risk")
        );
    }

    #[test]
    fn a_stored_policy_missing_fields_reads_as_the_defaults() {
        let policy: Policy = serde_json::from_str(r#"{"lapsed_after_days": 500}"#).expect("policy");
        assert_eq!(policy, Policy { lapsed_after_days: 500, ..Policy::default() });
    }
}
