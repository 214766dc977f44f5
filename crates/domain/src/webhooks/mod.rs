//! Outbound webhooks: an endpoint the business registers to be told of
//! events as they happen, and the rules of what it may be.

pub mod events;

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::common::ids::WorkspaceId;
use crate::common::validation::ValidationErrors;
use crate::events::EventType;

/// The longest address an endpoint may have.
const MAX_URL: usize = 2000;
/// The longest description.
const MAX_DESCRIPTION: usize = 200;

/// An endpoint as asked for.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookInput {
    /// Where events are posted: an `http` or `https` address.
    #[cfg_attr(
        feature = "openapi",
        schema(format = "uri", max_length = 2000, example = "https://hooks.example.com/rapport")
    )]
    pub url: String,
    /// The event types it wants, such as `party.created` (see EVENTS.md).
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::common::schemas::event_types))]
    pub events: Vec<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub description: Option<String>,
    /// Whether events are sent to it now (true by default).
    #[serde(default)]
    pub enabled: Option<bool>,
}

/// An endpoint's fields once checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewWebhook {
    pub url: String,
    pub events: BTreeSet<EventType>,
    pub description: String,
    pub enabled: bool,
}

impl NewWebhook {
    /// Checks every field at once. The address is checked for its shape
    /// here; where it leads is the outbound side's to judge.
    pub fn parse(input: &WebhookInput) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let url = input.url.trim();
        let scheme_ok = url.starts_with("https://") || url.starts_with("http://");
        if url.is_empty() {
            errors.push("url", "required", "is required");
        } else if url.len() > MAX_URL {
            errors.push("url", "too_long", format!("must be at most {MAX_URL} characters"));
        } else if !scheme_ok || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
            errors.push("url", "invalid_url", "must be an http or https address");
        }
        let mut events = BTreeSet::new();
        if input.events.is_empty() {
            errors.push("events", "required", "must name at least one event type");
        }
        for (i, name) in input.events.iter().enumerate() {
            match EventType::parse(name.trim()) {
                Some(kind) => {
                    events.insert(kind);
                }
                None => errors.push(format!("events[{i}]"), "invalid_event_type", "is not an event type"),
            }
        }
        let description = input.description.as_deref().unwrap_or("").trim().to_owned();
        if description.chars().count() > MAX_DESCRIPTION {
            errors.push("description", "too_long", format!("must be at most {MAX_DESCRIPTION} characters"));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Self { url: url.to_owned(), events, description, enabled: input.enabled.unwrap_or(true) })
    }
}

/// An endpoint as stored (its secrets apart: they are never read back
/// through the API after creation).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Webhook {
    pub id: Uuid,
    #[serde(skip)]
    pub workspace_id: WorkspaceId,
    pub url: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub events: BTreeSet<EventType>,
    pub description: String,
    pub enabled: bool,
    /// Why it stopped receiving events, when Rapport stopped it (an
    /// endpoint that answered 410 Gone).
    pub disabled_reason: Option<String>,
    pub version: i64,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub updated_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub deleted_at: Option<OffsetDateTime>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(url: &str, events: &[&str]) -> WebhookInput {
        WebhookInput { url: url.into(), events: events.iter().map(|e| (*e).to_owned()).collect(), ..Default::default() }
    }

    #[test]
    fn an_endpoint_names_an_address_and_known_event_types() {
        let ok = NewWebhook::parse(&input(" https://hooks.example.com/in ", &["party.created", "order.placed"]))
            .expect("ok");
        assert_eq!(ok.url, "https://hooks.example.com/in");
        assert_eq!(ok.events.len(), 2);
        assert!(ok.enabled);
        let refused = NewWebhook::parse(&input("ftp://x", &["party.exploded"])).expect_err("refused");
        let fields: Vec<_> = refused.0.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(fields, [("url", "invalid_url"), ("events[0]", "invalid_event_type")]);
        let empty = NewWebhook::parse(&input("", &[])).expect_err("refused");
        assert_eq!(empty.0.len(), 2);
    }
}
