//! A person's judgement over the engine's: "treat them as a client", with a
//! reason and, if it is temporary, an end.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::classification::{Classification, Kind, Reason};
use crate::common::validation::ValidationErrors;

/// A classification set by hand.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Override {
    pub kind: Kind,
    pub reason: String,
    /// The first day it no longer applies; none for as long as it is not lifted.
    #[serde(with = "crate::common::dates::iso_date::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub expires_on: Option<Date>,
    /// Who set it, as the audit log names them.
    pub set_by: String,
}

/// An override as a user asks for it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverrideInput {
    /// `client`, `customer`, `consumer`, `internal` or `prospect`.
    #[cfg_attr(feature = "openapi", schema(value_type = Kind))]
    pub kind: String,
    #[cfg_attr(feature = "openapi", schema(format = "line", max_length = 500))]
    pub reason: String,
    /// `YYYY-MM-DD`, after today.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub expires_on: Option<String>,
}

impl Override {
    pub fn parse(input: &OverrideInput, set_by: &str, today: Date) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let kind = errors.take("kind", Kind::parse(&input.kind));
        let reason = errors.take("reason", crate::common::text::clean_line(&input.reason, 500));
        // Absent is no end; an empty value is not a date.
        let expires_on = match input.expires_on.as_deref() {
            None => None,
            Some(raw) => match errors.take("expires_on", crate::common::dates::parse_date(raw)) {
                Some(day) if day <= today => {
                    errors.push("expires_on", "not_in_future", format!("must be after today ({today})"));
                    None
                }
                day => day,
            },
        };
        match (kind, reason) {
            (Some(kind), Some(reason)) if errors.is_empty() => {
                Ok(Self { kind, reason, expires_on, set_by: set_by.to_owned() })
            }
            _ => Err(errors),
        }
    }

    pub fn in_force(&self, today: Date) -> bool {
        self.expires_on.is_none_or(|end| today < end)
    }

    /// The engine's answer with this override laid over it: the chosen kind
    /// becomes primary, the computed kinds and lifecycle stay, and the
    /// explanation says who decided so and why, before the engine's reasons.
    pub fn apply(&self, mut computed: Classification, today: Date) -> Classification {
        if !self.in_force(today) {
            return computed;
        }
        if self.kind == Kind::Prospect {
            computed.kinds.clear();
        } else {
            computed.kinds.remove(&Kind::Prospect);
        }
        computed.kinds.insert(self.kind);
        computed.primary = self.kind;
        let until = self.expires_on.map(|end| format!(", until {end}")).unwrap_or_default();
        let text = format!("set to {} by {}: {}{until}", self.kind.as_str(), self.set_by, self.reason);
        let args = [
            ("variant", if self.expires_on.is_some() { "until" } else { "open" }.to_owned()),
            ("kind", self.kind.as_str().to_owned()),
            ("by", self.set_by.clone()),
            ("reason", self.reason.clone()),
            ("until", self.expires_on.map(|d| d.to_string()).unwrap_or_default()),
        ];
        computed.explanation.insert(0, Reason::new("override", text, args));
        computed
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::classification::{Facts, Policy, classify};
    use crate::parties::PartyKind;

    const TODAY: Date = date!(2026 - 11 - 24);

    fn input(kind: &str, reason: &str, expires_on: Option<&str>) -> OverrideInput {
        OverrideInput { kind: kind.into(), reason: reason.into(), expires_on: expires_on.map(Into::into) }
    }

    fn prospect() -> Classification {
        let facts = Facts {
            party_kind: PartyKind::Organization,
            internal: false,
            purchases: None,
            uses: None,
            contracts: vec![],
            account_team: vec![],
            model: None,
        };
        classify(&facts, &Policy::default(), TODAY)
    }

    #[test]
    fn an_override_makes_its_kind_primary_until_it_expires_and_says_why() {
        let by_hand =
            Override::parse(&input("client", "framework agreement on paper", Some("2027-01-01")), "user:rina", TODAY)
                .expect("valid");
        let c = by_hand.apply(prospect(), TODAY);
        assert_eq!(c.primary, Kind::Client);
        assert_eq!(c.kinds.iter().copied().collect::<Vec<_>>(), [Kind::Client]);
        assert_eq!(c.explanation[0].rule, "override");
        assert_eq!(c.explanation[0].text, "set to client by user:rina: framework agreement on paper, until 2027-01-01");
        assert_eq!(by_hand.apply(prospect(), date!(2027 - 01 - 01)), prospect(), "expired on its day");
    }

    #[test]
    fn bad_overrides_name_every_field() {
        let errors = Override::parse(&input("vip", " ", Some("2026-11-24")), "user:rina", TODAY).expect_err("invalid");
        let fields: Vec<_> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["kind", "reason", "expires_on"]);
    }
}
