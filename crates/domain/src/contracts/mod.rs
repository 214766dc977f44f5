//! Contracts with clients and the rules of their lifecycle:
//! draft → sent → signed by both sides → active → expired, terminated or renewed.

pub mod events;
pub mod usage;

use serde::{Deserialize, Serialize};
use time::{Date, Duration, OffsetDateTime};

use crate::common::dates::parse_date;
use crate::common::ids::{ContractId, PartyId, WorkspaceId};
use crate::common::locale::Currency;
use crate::common::text::clean_line;
use crate::common::validation::ValidationErrors;

/// Where a contract with the party stands.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContractStatus {
    Draft,
    Sent,
    Signed,
    Active,
    Expired,
    Terminated,
    Renewed,
}

impl ContractStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Sent => "sent",
            Self::Signed => "signed",
            Self::Active => "active",
            Self::Expired => "expired",
            Self::Terminated => "terminated",
            Self::Renewed => "renewed",
        }
    }
}

/// Which side signs.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Client,
    Provider,
}

/// How a contract's fees are charged.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum FeeSchedule {
    /// One amount for the whole scope, in minor units.
    Fixed {
        #[cfg_attr(feature = "openapi", schema(minimum = 0))]
        amount_minor: i64,
    },
    /// A retainer every `period_days`.
    Retainer {
        #[cfg_attr(feature = "openapi", schema(minimum = 0))]
        amount_minor: i64,
        #[cfg_attr(feature = "openapi", schema(minimum = 1))]
        period_days: u32,
    },
    /// By the hour, up to a cap of hours per month when set.
    Hourly {
        #[cfg_attr(feature = "openapi", schema(minimum = 0))]
        rate_minor: i64,
        cap_hours: Option<u32>,
    },
}

/// How a contract continues at its end.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Renewal {
    Automatic,
    Manual,
}

/// The state of a contract that its lifecycle rules look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lifecycle {
    pub status: ContractStatus,
    pub client_signed_on: Option<Date>,
    pub provider_signed_on: Option<Date>,
    pub starts_on: Date,
    pub ends_on: Option<Date>,
    /// Days of notice either side must give to end the contract early.
    pub notice_days: u32,
    pub renewal: Renewal,
}

/// Why a step of the lifecycle is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LifecycleError {
    #[error("a {from} contract cannot be {to}")]
    NotNow { from: &'static str, to: &'static str },
    #[error("the {0} side has signed already")]
    SignedAlready(&'static str),
    #[error("a signature cannot be dated in the future")]
    BadSignatureDate,
    #[error("both sides must sign before the contract is active")]
    Unsigned,
    #[error("termination needs {notice_days} days of notice: the earliest end is {earliest}")]
    NoticeTooShort { notice_days: u32, earliest: Date },
    #[error("the new end must be after the current one and after today")]
    RenewalNotLater,
    #[error("a termination cannot take effect after the contract ends ({end})")]
    AfterEnd { end: Date },
}

fn side_name(side: Side) -> &'static str {
    match side {
        Side::Client => "client",
        Side::Provider => "provider",
    }
}

impl Lifecycle {
    fn refuse(&self, to: &'static str) -> LifecycleError {
        LifecycleError::NotNow { from: self.status.as_str(), to }
    }

    /// A draft goes out to the client.
    pub fn send(&self) -> Result<Self, LifecycleError> {
        match self.status {
            ContractStatus::Draft => Ok(Self { status: ContractStatus::Sent, ..self.clone() }),
            _ => Err(self.refuse("sent")),
        }
    }

    /// One side signs on `on` (not in the future of `today`). When both have,
    /// the contract is signed.
    pub fn sign(&self, side: Side, on: Date, today: Date) -> Result<Self, LifecycleError> {
        if self.status != ContractStatus::Sent {
            return Err(self.refuse("signed"));
        }
        if on > today {
            return Err(LifecycleError::BadSignatureDate);
        }
        let mut next = self.clone();
        let slot = match side {
            Side::Client => &mut next.client_signed_on,
            Side::Provider => &mut next.provider_signed_on,
        };
        if slot.is_some() {
            return Err(LifecycleError::SignedAlready(side_name(side)));
        }
        *slot = Some(on);
        if next.client_signed_on.is_some() && next.provider_signed_on.is_some() {
            next.status = ContractStatus::Signed;
        }
        Ok(next)
    }

    /// A contract signed by both sides comes into force.
    pub fn activate(&self) -> Result<Self, LifecycleError> {
        match self.status {
            ContractStatus::Signed if self.client_signed_on.is_some() && self.provider_signed_on.is_some() => {
                Ok(Self { status: ContractStatus::Active, ..self.clone() })
            }
            ContractStatus::Draft | ContractStatus::Sent => Err(LifecycleError::Unsigned),
            _ => Err(self.refuse("activated")),
        }
    }

    /// Ends an active contract on `effective`, which must leave the notice
    /// period from `today`.
    pub fn terminate(&self, today: Date, effective: Date) -> Result<Self, LifecycleError> {
        if !matches!(self.status, ContractStatus::Active | ContractStatus::Renewed) {
            return Err(self.refuse("terminated"));
        }
        let earliest = today + Duration::days(i64::from(self.notice_days));
        if effective < earliest {
            return Err(LifecycleError::NoticeTooShort { notice_days: self.notice_days, earliest });
        }
        if let Some(end) = self.ends_on.filter(|end| effective > *end) {
            return Err(LifecycleError::AfterEnd { end });
        }
        Ok(Self { status: ContractStatus::Terminated, ends_on: Some(effective), ..self.clone() })
    }

    /// Extends an active contract to `new_end`, later than its end and than `today`.
    pub fn renew(&self, new_end: Date, today: Date) -> Result<Self, LifecycleError> {
        if !matches!(self.status, ContractStatus::Active | ContractStatus::Renewed) {
            return Err(self.refuse("renewed"));
        }
        if new_end <= today || self.ends_on.is_some_and(|end| new_end <= end) {
            return Err(LifecycleError::RenewalNotLater);
        }
        Ok(Self { status: ContractStatus::Renewed, ends_on: Some(new_end), ..self.clone() })
    }

    /// The earliest day a termination given `today` may take effect: the
    /// notice period from today, when that still falls within the term. A
    /// page offers it, so that the user is not left to guess the rule.
    pub fn earliest_termination(&self, today: Date) -> Option<Date> {
        let earliest = today + Duration::days(i64::from(self.notice_days));
        let live = matches!(self.status, ContractStatus::Active | ContractStatus::Renewed);
        (live && self.ends_on.is_none_or(|end| earliest <= end)).then_some(earliest)
    }

    /// The earliest new end a renewal given `today` may set: the day after
    /// both today and the current end.
    pub fn earliest_renewal(&self, today: Date) -> Option<Date> {
        let live = matches!(self.status, ContractStatus::Active | ContractStatus::Renewed);
        live.then(|| self.ends_on.map_or(today, |end| end.max(today)) + Duration::days(1))
    }

    /// What time alone does to the contract on `today`: an automatic renewal
    /// rolls it over by its own length, a manual one lets it expire.
    pub fn as_of(&self, today: Date) -> Self {
        let live = matches!(self.status, ContractStatus::Active | ContractStatus::Renewed);
        match (live, self.ends_on) {
            (true, Some(end)) if today > end => match self.renewal {
                Renewal::Automatic => {
                    let length = (end - self.starts_on).max(Duration::days(1));
                    let mut next_end = end;
                    while next_end < today {
                        next_end += length;
                    }
                    Self { status: ContractStatus::Renewed, ends_on: Some(next_end), ..self.clone() }
                }
                Renewal::Manual => Self { status: ContractStatus::Expired, ..self.clone() },
            },
            _ => self.clone(),
        }
    }
}

/// A quota of the contract (hours or requests per month) and its use.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quota {
    /// What is counted, such as `hours` or `requests`.
    pub unit: String,
    pub per_month: u32,
    /// Filled in when read, from the use recorded this month.
    pub used_this_month: u32,
}

impl Quota {
    /// By how much the month's use exceeds the quota (flagged, not refused:
    /// the work is done, and the overuse is a conversation with the client).
    pub fn overuse(&self) -> Option<u32> {
        self.used_this_month.checked_sub(self.per_month).filter(|over| *over > 0)
    }
}

/// The unit of an hourly fee's cap, as its quota counts it.
pub const HOURS: &str = "hours";

/// A contract as stored.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contract {
    pub id: ContractId,
    pub workspace_id: WorkspaceId,
    pub client_id: PartyId,
    pub title: String,
    /// What the service covers.
    pub scope: String,
    pub fee: FeeSchedule,
    pub currency: Currency,
    #[serde(with = "crate::common::dates::iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub starts_on: Date,
    #[serde(with = "crate::common::dates::iso_date::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub ends_on: Option<Date>,
    pub renewal: Renewal,
    pub notice_days: u32,
    pub status: ContractStatus,
    #[serde(with = "crate::common::dates::iso_date::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub client_signed_on: Option<Date>,
    #[serde(with = "crate::common::dates::iso_date::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub provider_signed_on: Option<Date>,
    /// Each side's responsibilities, the expected outcomes and the withdrawal
    /// clause, in the contract's words.
    pub terms: Terms,
    pub quotas: Vec<Quota>,
    pub version: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// The written terms of a contract.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Terms {
    #[serde(default)]
    pub client_responsibilities: Option<String>,
    #[serde(default)]
    pub provider_responsibilities: Option<String>,
    #[serde(default)]
    pub expected_outcomes: Option<String>,
    #[serde(default)]
    pub withdrawal_clause: Option<String>,
}

impl Contract {
    pub fn lifecycle(&self) -> Lifecycle {
        Lifecycle {
            status: self.status,
            client_signed_on: self.client_signed_on,
            provider_signed_on: self.provider_signed_on,
            starts_on: self.starts_on,
            ends_on: self.ends_on,
            notice_days: self.notice_days,
            renewal: self.renewal,
        }
    }

    /// This draft with the terms of `new`. Once a contract has gone out, its
    /// terms are what the client was sent: only its lifecycle changes it.
    pub fn revised(&self, new: NewContract) -> Result<Self, LifecycleError> {
        if self.status != ContractStatus::Draft {
            return Err(LifecycleError::NotNow { from: self.status.as_str(), to: "edited" });
        }
        Ok(Self {
            title: new.title,
            scope: new.scope,
            fee: new.fee,
            starts_on: new.starts_on,
            ends_on: new.ends_on,
            renewal: new.renewal,
            notice_days: new.notice_days,
            terms: new.terms,
            quotas: new.quotas,
            ..self.clone()
        })
    }

    /// This contract moved to `lifecycle`.
    pub fn with(&self, lifecycle: Lifecycle) -> Self {
        Self {
            status: lifecycle.status,
            client_signed_on: lifecycle.client_signed_on,
            provider_signed_on: lifecycle.provider_signed_on,
            ends_on: lifecycle.ends_on,
            ..self.clone()
        }
    }
}

/// A quota as given: what is counted and how much a month.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuotaInput {
    #[cfg_attr(feature = "openapi", schema(format = "line", max_length = 40))]
    pub unit: String,
    pub per_month: u32,
}

/// A contract as a user drafts it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContractInput {
    pub client_id: PartyId,
    #[cfg_attr(feature = "openapi", schema(format = "line", max_length = 200))]
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(format = "line", max_length = 2000))]
    pub scope: String,
    pub fee: FeeSchedule,
    /// `YYYY-MM-DD`.
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub starts_on: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub ends_on: Option<String>,
    /// `automatic` or `manual` (default).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Renewal>))]
    pub renewal: Option<String>,
    #[serde(default)]
    pub notice_days: Option<u32>,
    #[serde(default)]
    pub terms: Terms,
    #[serde(default)]
    pub quotas: Vec<QuotaInput>,
}

/// The validated parts of a new contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewContract {
    pub title: String,
    pub scope: String,
    pub fee: FeeSchedule,
    pub starts_on: Date,
    pub ends_on: Option<Date>,
    pub renewal: Renewal,
    pub notice_days: u32,
    pub terms: Terms,
    pub quotas: Vec<Quota>,
}

fn optional_text(field: &str, value: &Option<String>, errors: &mut ValidationErrors) -> Option<String> {
    match value.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) if text.chars().count() > 5000 => {
            errors.push(field, "too_long", "must be at most 5000 characters");
            None
        }
        Some(text) => Some(text.to_owned()),
    }
}

impl NewContract {
    pub fn parse(input: &ContractInput) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let title = errors.take("title", clean_line(&input.title, 200));
        let scope = errors.take("scope", clean_line(&input.scope, 2000));
        let starts_on = errors.take("starts_on", parse_date(&input.starts_on));
        let ends_on = match &input.ends_on {
            None => None,
            Some(raw) => errors.take("ends_on", parse_date(raw)),
        };
        if let (Some(start), Some(end)) = (starts_on, ends_on)
            && end < start
        {
            errors.push("ends_on", "before_start", "must not be before starts_on");
        }
        let renewal = match input.renewal.as_deref().map(str::trim) {
            None | Some("manual") => Some(Renewal::Manual),
            Some("automatic") => Some(Renewal::Automatic),
            Some(_) => {
                errors.push("renewal", "invalid_renewal", "must be automatic or manual");
                None
            }
        };
        let negative = match &input.fee {
            FeeSchedule::Fixed { amount_minor } | FeeSchedule::Retainer { amount_minor, .. } => *amount_minor < 0,
            FeeSchedule::Hourly { rate_minor, .. } => *rate_minor < 0,
        };
        if negative {
            errors.push("fee", "negative", "must not be negative");
        }
        let (FeeSchedule::Fixed { amount_minor: fee }
        | FeeSchedule::Retainer { amount_minor: fee, .. }
        | FeeSchedule::Hourly { rate_minor: fee, .. }) = &input.fee;
        if *fee > crate::common::money::Money::MAX_MINOR {
            errors.push("fee", "too_large", "is larger than any amount this system keeps");
        }
        if matches!(input.fee, FeeSchedule::Retainer { period_days: 0, .. }) {
            errors.push("fee.period_days", "out_of_range", "must be at least 1");
        }
        let terms = Terms {
            client_responsibilities: optional_text(
                "terms.client_responsibilities",
                &input.terms.client_responsibilities,
                &mut errors,
            ),
            provider_responsibilities: optional_text(
                "terms.provider_responsibilities",
                &input.terms.provider_responsibilities,
                &mut errors,
            ),
            expected_outcomes: optional_text("terms.expected_outcomes", &input.terms.expected_outcomes, &mut errors),
            withdrawal_clause: optional_text("terms.withdrawal_clause", &input.terms.withdrawal_clause, &mut errors),
        };
        let mut quotas = Vec::new();
        for (i, quota) in input.quotas.iter().enumerate() {
            if let Some(unit) = errors.take(format!("quotas[{i}].unit"), clean_line(&quota.unit, 40)) {
                quotas.push(Quota { unit, per_month: quota.per_month, used_this_month: 0 });
            }
        }
        // An hourly fee's cap is the hours the client may use a month: kept
        // as a quota of its own (unless one counts hours already), so that
        // the hours recorded are held against it and going past it shows.
        if let FeeSchedule::Hourly { cap_hours: Some(cap), .. } = input.fee
            && !quotas.iter().any(|q| q.unit == HOURS)
        {
            quotas.push(Quota { unit: HOURS.to_owned(), per_month: cap, used_this_month: 0 });
        }
        match (title, scope, starts_on, renewal) {
            (Some(title), Some(scope), Some(starts_on), Some(renewal)) if errors.is_empty() => Ok(Self {
                title,
                scope,
                fee: input.fee.clone(),
                starts_on,
                ends_on,
                renewal,
                notice_days: input.notice_days.unwrap_or(30),
                terms,
                quotas,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use time::macros::date;

    use super::*;

    const TODAY: Date = date!(2026 - 11 - 24);

    fn draft() -> Lifecycle {
        Lifecycle {
            status: ContractStatus::Draft,
            client_signed_on: None,
            provider_signed_on: None,
            starts_on: date!(2026 - 12 - 01),
            ends_on: Some(date!(2027 - 11 - 30)),
            notice_days: 30,
            renewal: Renewal::Manual,
        }
    }

    #[test]
    fn a_contract_is_active_only_once_both_sides_have_signed() {
        assert_eq!(draft().activate(), Err(LifecycleError::Unsigned));
        let sent = draft().send().expect("send");
        assert_eq!(sent.activate(), Err(LifecycleError::Unsigned));
        let half = sent.sign(Side::Client, date!(2026 - 11 - 20), TODAY).expect("client signs");
        assert_eq!(half.status, ContractStatus::Sent);
        assert_eq!(half.activate(), Err(LifecycleError::Unsigned));
        assert_eq!(half.sign(Side::Client, TODAY, TODAY), Err(LifecycleError::SignedAlready("client")));
        assert_eq!(half.sign(Side::Provider, date!(2026 - 11 - 30), TODAY), Err(LifecycleError::BadSignatureDate));
        let signed = half.sign(Side::Provider, TODAY, TODAY).expect("provider signs");
        assert_eq!(signed.status, ContractStatus::Signed);
        assert_eq!(signed.activate().map(|c| c.status), Ok(ContractStatus::Active));
        assert!(draft().sign(Side::Client, TODAY, TODAY).is_err(), "a draft is not signed before it is sent");
    }

    #[test]
    fn termination_respects_the_notice_period() {
        let active = Lifecycle {
            status: ContractStatus::Active,
            client_signed_on: Some(TODAY),
            provider_signed_on: Some(TODAY),
            ..draft()
        };
        let early = active.terminate(TODAY, date!(2026 - 12 - 10));
        assert_eq!(early, Err(LifecycleError::NoticeTooShort { notice_days: 30, earliest: date!(2026 - 12 - 24) }));
        let ended = active.terminate(TODAY, date!(2026 - 12 - 24)).expect("with notice");
        assert_eq!((ended.status, ended.ends_on), (ContractStatus::Terminated, Some(date!(2026 - 12 - 24))));
        assert!(draft().terminate(TODAY, date!(2027 - 01 - 01)).is_err());
        assert!(ended.renew(date!(2028 - 01 - 01), TODAY).is_err(), "a terminated contract is not renewed");
        assert_eq!(
            active.terminate(TODAY, date!(2028 - 01 - 01)),
            Err(LifecycleError::AfterEnd { end: date!(2027 - 11 - 30) })
        );
    }

    #[test]
    fn time_expires_manual_contracts_and_rolls_automatic_ones_over() {
        let active = Lifecycle { status: ContractStatus::Active, ..draft() };
        assert_eq!(active.as_of(date!(2027 - 06 - 01)).status, ContractStatus::Active);
        assert_eq!(active.as_of(date!(2027 - 12 - 01)).status, ContractStatus::Expired);
        let rolling = Lifecycle { renewal: Renewal::Automatic, ..active.clone() };
        let rolled = rolling.as_of(date!(2029 - 01 - 15));
        assert_eq!(rolled.status, ContractStatus::Renewed);
        assert!(rolled.ends_on.is_some_and(|end| end >= date!(2029 - 01 - 15)));
        assert_eq!(active.renew(date!(2027 - 06 - 01), TODAY), Err(LifecycleError::RenewalNotLater));
        assert_eq!(active.renew(date!(2028 - 11 - 30), TODAY).map(|c| c.status), Ok(ContractStatus::Renewed));
        let open_ended = Lifecycle { ends_on: None, ..active.clone() };
        assert_eq!(open_ended.renew(date!(2020 - 01 - 01), TODAY), Err(LifecycleError::RenewalNotLater));
    }

    #[test]
    fn drafts_are_validated_field_by_field() {
        let input: ContractInput = serde_json::from_value(serde_json::json!({
            "client_id": uuid::Uuid::nil(),
            "title": "Legal retainer",
            "scope": "Corporate advice",
            "fee": {"type": "retainer", "amount_minor": 1500000000, "period_days": 30},
            "starts_on": "2026-12-01",
            "ends_on": "2027-11-30",
            "quotas": [{"unit": "hours", "per_month": 20}]
        }))
        .expect("json");
        let new = NewContract::parse(&input).expect("valid");
        assert_eq!((new.renewal, new.notice_days, new.quotas.len()), (Renewal::Manual, 30, 1));
        let bad: ContractInput = serde_json::from_value(serde_json::json!({
            "client_id": uuid::Uuid::nil(), "title": "", "scope": "x",
            "fee": {"type": "retainer", "amount_minor": -1, "period_days": 0},
            "starts_on": "2026-12-01", "ends_on": "2026-01-01", "renewal": "sometimes"
        }))
        .expect("json");
        let fields: Vec<_> = NewContract::parse(&bad).expect_err("invalid").0.into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["title", "ends_on", "renewal", "fee", "fee.period_days"]);
    }

    #[test]
    fn an_hourly_fees_cap_is_held_as_a_quota_of_hours() {
        let input = |cap_hours, quotas: Vec<QuotaInput>| ContractInput {
            client_id: crate::common::ids::PartyId(uuid::Uuid::nil()),
            title: "Support".into(),
            scope: "Help desk".into(),
            fee: FeeSchedule::Hourly { rate_minor: 50_000_000, cap_hours },
            starts_on: "2026-01-01".into(),
            ends_on: None,
            renewal: None,
            notice_days: None,
            terms: Terms::default(),
            quotas,
        };
        let capped = NewContract::parse(&input(Some(10), Vec::new())).expect("a contract");
        assert_eq!(capped.quotas, [Quota { unit: HOURS.into(), per_month: 10, used_this_month: 0 }]);
        let own = NewContract::parse(&input(Some(10), vec![QuotaInput { unit: "hours".into(), per_month: 8 }]));
        assert_eq!(own.expect("a contract").quotas.len(), 1, "a quota of hours given is kept as given");
        assert!(NewContract::parse(&input(None, Vec::new())).expect("a contract").quotas.is_empty());
    }

    #[test]
    fn quota_overuse_is_flagged() {
        let quota = |used| Quota { unit: "hours".into(), per_month: 20, used_this_month: used };
        assert_eq!(quota(12).overuse(), None);
        assert_eq!(quota(20).overuse(), None);
        assert_eq!(quota(26).overuse(), Some(6));
    }

    proptest! {
        #[test]
        fn no_sequence_of_steps_activates_an_unsigned_contract(steps in prop::collection::vec(0u8..6, 0..12)) {
            let mut contract = draft();
            for step in steps {
                let next = match step {
                    0 => contract.send(),
                    1 => contract.sign(Side::Client, TODAY, TODAY),
                    2 => contract.sign(Side::Provider, TODAY, TODAY),
                    3 => contract.activate(),
                    4 => contract.terminate(TODAY, TODAY + Duration::days(60)),
                    _ => contract.renew(date!(2030 - 01 - 01), TODAY),
                };
                if let Ok(next) = next {
                    contract = next;
                }
                if matches!(contract.status, ContractStatus::Active | ContractStatus::Renewed | ContractStatus::Terminated) {
                    prop_assert!(contract.client_signed_on.is_some() && contract.provider_signed_on.is_some());
                }
            }
        }

        /// The dates a page offers are the boundary of what the lifecycle
        /// accepts: the offered day passes and the day before it is refused.
        #[test]
        fn the_offered_earliest_dates_are_exactly_the_first_accepted(
            notice in 0u32..120,
            ends_in in prop::option::of(-30i64..400),
            renewed in any::<bool>(),
        ) {
            let contract = Lifecycle {
                status: if renewed { ContractStatus::Renewed } else { ContractStatus::Active },
                client_signed_on: Some(TODAY),
                provider_signed_on: Some(TODAY),
                starts_on: TODAY - Duration::days(60),
                ends_on: ends_in.map(|days| TODAY + Duration::days(days)),
                notice_days: notice,
                renewal: Renewal::Manual,
            };
            match contract.earliest_termination(TODAY) {
                Some(day) => {
                    prop_assert!(contract.terminate(TODAY, day).is_ok());
                    prop_assert!(contract.terminate(TODAY, day - Duration::days(1)).is_err());
                }
                None => prop_assert!(contract.terminate(TODAY, TODAY + Duration::days(i64::from(notice))).is_err()),
            }
            let renewal = contract.earliest_renewal(TODAY).expect("a live contract can be renewed");
            prop_assert!(contract.renew(renewal, TODAY).is_ok());
            prop_assert!(contract.renew(renewal - Duration::days(1), TODAY).is_err());
            prop_assert_eq!(draft().earliest_termination(TODAY), None);
            prop_assert_eq!(draft().earliest_renewal(TODAY), None);
        }
    }
}
