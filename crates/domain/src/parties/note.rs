//! Notes: free text a user writes about a party (a call summary, a preference).

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::common::ids::{NoteId, PartyId, WorkspaceId};
use crate::common::validation::FieldProblem;

/// A note as stored.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub id: NoteId,
    pub workspace_id: WorkspaceId,
    pub party_id: PartyId,
    pub body: String,
    /// Who wrote it, as the audit log names actors.
    pub author: String,
    pub version: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub deleted_at: Option<OffsetDateTime>,
}

/// A note as a user submits it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteInput {
    #[cfg_attr(feature = "openapi", schema(format = "text", max_length = 10000))]
    pub body: String,
}

/// The longest note kept.
pub const MAX_BODY_CHARS: usize = 10_000;

/// A note's text: trimmed, non-empty, bounded; line breaks and tabs are kept,
/// other control characters refused.
pub fn parse_body(raw: &str) -> Result<String, FieldProblem> {
    let body = raw.trim();
    if body.is_empty() {
        return Err(FieldProblem::new("required", "must not be empty"));
    }
    if raw.chars().count() > MAX_BODY_CHARS {
        return Err(FieldProblem::new("too_long", format!("must be at most {MAX_BODY_CHARS} characters")));
    }
    if body.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        return Err(FieldProblem::new("control_character", "must not contain control characters"));
    }
    Ok(body.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_keep_line_breaks_and_refuse_the_rest() {
        assert_eq!(parse_body("  Called.\n\tWants a quote.  "), Ok("Called.\n\tWants a quote.".to_owned()));
        assert_eq!(parse_body(" \n ").map_err(|e| e.code), Err("required"));
        assert_eq!(parse_body("a\u{0}b").map_err(|e| e.code), Err("control_character"));
        assert_eq!(parse_body(&"x".repeat(MAX_BODY_CHARS + 1)).map_err(|e| e.code), Err("too_long"));
    }
}
