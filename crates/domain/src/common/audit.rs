//! The audit log's entries: who changed what, when, with the record before and after.

use serde::Serialize;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::common::ids::{AuditId, WorkspaceId};

/// One change to one record.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    pub id: AuditId,
    pub workspace_id: WorkspaceId,
    /// Who made the change: `user:…`, `token:…`, or `system:…` for the CLI and jobs.
    pub actor: String,
    /// `create`, `update`, `delete`, `restore`.
    pub action: String,
    /// `party`, `affiliation`, `workspace`.
    pub entity_type: String,
    pub entity_id: Uuid,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}
