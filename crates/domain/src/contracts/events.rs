//! Contracts' events on the wire: drafted, changed, sent, signed, active,
//! ended, renewed, and the use of their quotas.

use serde::{Deserialize, Serialize};
use time::Date;
use uuid::Uuid;

use crate::contracts::usage::Usage;
use crate::contracts::{Contract, ContractStatus};
use crate::events::{Event, EventType};

/// A contract with a client: `contract.created`, `.updated`, `.sent`,
/// `.signed`, `.activated`, `.terminated`, `.renewed`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContractV1 {
    pub id: Uuid,
    pub client_id: Uuid,
    pub title: String,
    /// `draft`, `sent`, `signed`, `active`, `expired`, `terminated`, `renewed`.
    pub status: String,
    /// The status before this event, when it changed.
    pub previous_status: Option<String>,
    #[serde(with = "crate::common::dates::iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub starts_on: Date,
    #[serde(with = "crate::common::dates::iso_date::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub ends_on: Option<Date>,
    #[serde(with = "crate::common::dates::iso_date::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub client_signed_on: Option<Date>,
    #[serde(with = "crate::common::dates::iso_date::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub provider_signed_on: Option<Date>,
    pub currency: String,
    pub version: i64,
}

impl ContractV1 {
    /// The event `kind` of `contract`, which was at `before` until now.
    pub fn event(kind: EventType, contract: &Contract, before: Option<ContractStatus>) -> Event {
        let payload = Self {
            id: contract.id.0,
            client_id: contract.client_id.0,
            title: contract.title.clone(),
            status: contract.status.as_str().to_owned(),
            previous_status: before.filter(|b| *b != contract.status).map(|b| b.as_str().to_owned()),
            starts_on: contract.starts_on,
            ends_on: contract.ends_on,
            client_signed_on: contract.client_signed_on,
            provider_signed_on: contract.provider_signed_on,
            currency: contract.currency.as_str().to_owned(),
            version: contract.version,
        };
        Event::new(kind, contract.id.0, &payload)
    }
}

/// Use of a contract's quota recorded: `contract.usage_recorded`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContractUsageV1 {
    pub id: Uuid,
    pub contract_id: Uuid,
    pub client_id: Uuid,
    /// The quota's unit, such as `hours` or `consultations`.
    pub unit: String,
    pub amount: u32,
    #[serde(with = "crate::common::dates::iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub used_on: Date,
}

impl ContractUsageV1 {
    pub fn event(contract: &Contract, usage: &Usage) -> Event {
        let payload = Self {
            id: usage.id,
            contract_id: contract.id.0,
            client_id: contract.client_id.0,
            unit: usage.unit.clone(),
            amount: usage.amount,
            used_on: usage.used_on,
        };
        Event::new(EventType::ContractUsageRecorded, contract.id.0, &payload)
    }
}
