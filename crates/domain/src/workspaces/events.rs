//! The workspace's events on the wire: made, and its settings changed.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::events::{Event, EventType};
use crate::workspaces::Workspace;

/// A workspace and its defaults: `workspace.created`, `workspace.updated`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkspaceV1 {
    pub id: Uuid,
    pub slug: String,
    pub name: String,
    pub currency: String,
    pub locale: String,
    pub time_zone: String,
    pub version: i64,
}

impl WorkspaceV1 {
    pub fn event(kind: EventType, workspace: &Workspace) -> Event {
        let settings = &workspace.settings;
        let payload = Self {
            id: workspace.id.0,
            slug: workspace.slug.clone(),
            name: settings.name.clone(),
            currency: settings.currency.as_str().to_owned(),
            locale: settings.locale.as_str().to_owned(),
            time_zone: settings.time_zone.as_str().to_owned(),
            version: workspace.version,
        };
        Event::new(kind, workspace.id.0, &payload)
    }
}
