//! The use of a contract's quotas (hours, requests), recorded day by day and
//! added up per month, where overuse shows.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use crate::common::ids::ContractId;
use crate::common::validation::ValidationErrors;
use crate::contracts::{Contract, ContractStatus};

/// Use of a quota as a user records it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsageInput {
    /// The quota's unit, such as `hours`.
    #[cfg_attr(feature = "openapi", schema(format = "line", max_length = 40))]
    pub unit: String,
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 100000))]
    pub amount: u32,
    /// `YYYY-MM-DD`; today when absent.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub used_on: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = "line-or-blank", max_length = 500))]
    pub note: Option<String>,
}

/// Use of a quota as recorded.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    pub id: uuid::Uuid,
    pub contract_id: ContractId,
    pub unit: String,
    pub amount: u32,
    #[serde(with = "crate::common::dates::iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub used_on: Date,
    pub note: Option<String>,
    /// Who recorded it, as the audit log names them.
    pub recorded_by: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
}

/// The checked parts of a new use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUsage {
    pub unit: String,
    pub amount: u32,
    pub used_on: Date,
    pub note: Option<String>,
}

/// The most one entry may record: a typing mistake beyond that.
const MAX_AMOUNT: u32 = 100_000;

/// Why no use can be recorded against a contract as it stands: a conflict
/// with its state, not a fault in the request.
pub fn refusal(contract: &Contract) -> Option<&'static str> {
    let signed = matches!(
        contract.status,
        ContractStatus::Signed
            | ContractStatus::Active
            | ContractStatus::Renewed
            | ContractStatus::Terminated
            | ContractStatus::Expired
    );
    (!signed).then_some("only a contract signed by both sides has quotas to use")
}

impl NewUsage {
    /// Checks use of `contract` (as time has left it `today`): a quota it
    /// has, on a day it was signed and running.
    pub fn parse(input: &UsageInput, contract: &Contract, today: Date) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let unit = input.unit.trim().to_owned();
        if !contract.quotas.iter().any(|q| q.unit == unit) {
            let units: Vec<&str> = contract.quotas.iter().map(|q| q.unit.as_str()).collect();
            let known = if units.is_empty() { "the contract has no quotas".to_owned() } else { units.join(", ") };
            errors.push("unit", "not_a_quota", format!("must be a quota of the contract ({known})"));
        }
        if !(1..=MAX_AMOUNT).contains(&input.amount) {
            errors.push("amount", "out_of_range", format!("must be between 1 and {MAX_AMOUNT}"));
        }
        let used_on = match input.used_on.as_deref().map(str::trim) {
            None | Some("") => Some(today),
            Some(raw) => errors.take("used_on", crate::common::dates::parse_date(raw)),
        };
        if let Some(day) = used_on {
            if day > today {
                errors.push("used_on", "in_future", "must not be after today");
            } else if day < contract.starts_on || contract.ends_on.is_some_and(|end| day > end) {
                errors.push("used_on", "outside_contract", "must be within the contract's dates");
            }
        }
        let note = errors.take("note", crate::common::text::optional_line(input.note.as_deref(), 500)).flatten();
        match used_on {
            Some(used_on) if errors.is_empty() => Ok(Self { unit, amount: input.amount, used_on, note }),
            _ => Err(errors),
        }
    }
}

/// The contract with each quota's use in the month of `today` filled in
/// from `used` (unit to amount that month).
pub fn with_month_use(mut contract: Contract, used: &BTreeMap<String, u32>) -> Contract {
    for quota in &mut contract.quotas {
        quota.used_this_month = used.get(&quota.unit).copied().unwrap_or(0);
    }
    contract
}

/// The first and last day of the month of `day`.
pub fn month_of(day: Date) -> (Date, Date) {
    let first = day.replace_day(1).unwrap_or(day);
    let last = first.replace_day(day.month().length(day.year())).unwrap_or(day);
    (first, last)
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::contracts::{ContractInput, NewContract};

    const TODAY: Date = date!(2026 - 11 - 24);

    fn contract(status: ContractStatus) -> Contract {
        let input: ContractInput = serde_json::from_value(serde_json::json!({
            "client_id": uuid::Uuid::nil(), "title": "Support", "scope": "Help desk",
            "fee": {"type": "fixed", "amount_minor": 1000},
            "starts_on": "2026-01-01", "ends_on": "2026-12-31",
            "quotas": [{"unit": "hours", "per_month": 10}]
        }))
        .expect("input");
        let new = NewContract::parse(&input).expect("contract");
        Contract {
            id: ContractId(uuid::Uuid::nil()),
            workspace_id: crate::common::ids::WorkspaceId(uuid::Uuid::nil()),
            client_id: input.client_id,
            title: new.title,
            scope: new.scope,
            fee: new.fee,
            currency: crate::common::locale::Currency::parse("IDR").expect("IDR"),
            starts_on: new.starts_on,
            ends_on: new.ends_on,
            renewal: new.renewal,
            notice_days: new.notice_days,
            status,
            client_signed_on: None,
            provider_signed_on: None,
            terms: new.terms,
            quotas: new.quotas,
            version: 1,
            created_at: OffsetDateTime::UNIX_EPOCH,
            updated_at: OffsetDateTime::UNIX_EPOCH,
        }
    }

    fn input(unit: &str, amount: u32, used_on: Option<&str>) -> UsageInput {
        UsageInput { unit: unit.into(), amount, used_on: used_on.map(Into::into), note: None }
    }

    #[test]
    fn use_is_recorded_against_a_quota_of_a_signed_contract_within_its_dates() {
        let active = contract(ContractStatus::Active);
        let used = NewUsage::parse(&input(" hours ", 3, None), &active, TODAY).expect("valid");
        assert_eq!((used.unit.as_str(), used.amount, used.used_on), ("hours", 3, TODAY));
        let fields = |e: ValidationErrors| e.0.into_iter().map(|f| f.field).collect::<Vec<_>>();
        let wrong = NewUsage::parse(&input("requests", 0, Some("2027-01-05")), &active, TODAY).expect_err("invalid");
        assert_eq!(fields(wrong), ["unit", "amount", "used_on"]);
        let before = NewUsage::parse(&input("hours", 1, Some("2025-12-31")), &active, TODAY).expect_err("before");
        assert_eq!(before.0[0].code, "outside_contract");
        assert!(refusal(&contract(ContractStatus::Draft)).is_some());
        assert!(refusal(&active).is_none());
    }

    #[test]
    fn a_month_of_use_shows_overuse() {
        let used: BTreeMap<String, u32> = [("hours".to_owned(), 12)].into_iter().collect();
        let filled = with_month_use(contract(ContractStatus::Active), &used);
        assert_eq!((filled.quotas[0].used_this_month, filled.quotas[0].overuse()), (12, Some(2)));
        assert_eq!(month_of(date!(2028 - 02 - 10)), (date!(2028 - 02 - 01), date!(2028 - 02 - 29)));
    }
}
