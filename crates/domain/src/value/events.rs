//! Customer value's events on the wire: playbooks worked and models fitted.

use serde::{Deserialize, Serialize};
use time::Date;
use uuid::Uuid;

use crate::events::{Event, EventType};
use crate::value::playbook::Playbook;

/// A party's conversion playbook started, changed or closed:
/// `playbook.changed`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaybookV1 {
    pub party_id: Uuid,
    /// The lever chosen to turn a customer into a client.
    pub lever: String,
    /// `open`, `won` or `dropped`.
    pub status: String,
    pub steps_taken: usize,
    #[serde(with = "crate::common::dates::iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub started_on: Date,
}

impl PlaybookV1 {
    pub fn event(party_id: Uuid, playbook: &Playbook) -> Event {
        let payload = Self {
            party_id,
            lever: playbook.lever.as_str().to_owned(),
            status: playbook.status.as_str().to_owned(),
            steps_taken: playbook.steps.len(),
            started_on: playbook.started_on,
        };
        Event::new(EventType::PlaybookChanged, party_id, &payload)
    }
}

/// The purchase and spend models were fitted (or validated) anew:
/// `value_model.fitted`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValueModelFittedV1 {
    pub id: Uuid,
    /// `in_use` for the model the workspace runs on, `validation` for a
    /// fit held against later purchases.
    pub purpose: String,
    #[serde(with = "crate::common::dates::iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub data_from: Date,
    #[serde(with = "crate::common::dates::iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub data_to: Date,
    /// How many customers the fit read.
    pub customers: u64,
}

impl ValueModelFittedV1 {
    pub fn event(self) -> Event {
        let id = self.id;
        Event::new(EventType::ValueModelFitted, id, &self)
    }
}
