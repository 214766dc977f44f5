//! Webhook endpoints' own events on the wire (their secrets never).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::events::{Event, EventType};
use crate::webhooks::Webhook;

/// An endpoint registered, changed, stopped or removed:
/// `webhook.created`, `webhook.updated`, `webhook.deleted`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebhookV1 {
    pub id: Uuid,
    pub url: String,
    pub events: Vec<String>,
    pub enabled: bool,
    pub version: i64,
    pub deleted: bool,
}

impl WebhookV1 {
    pub fn event(kind: EventType, webhook: &Webhook) -> Event {
        let payload = Self {
            id: webhook.id,
            url: webhook.url.clone(),
            events: webhook.events.iter().map(|e| e.as_str().to_owned()).collect(),
            enabled: webhook.enabled,
            version: webhook.version,
            deleted: webhook.deleted_at.is_some(),
        };
        Event::new(kind, webhook.id, &payload)
    }
}
