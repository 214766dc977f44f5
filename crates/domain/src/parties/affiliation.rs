//! Affiliations: which person works at (or belongs to) which organization.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::common::ids::{AffiliationId, PartyId, WorkspaceId};
use crate::common::validation::{FieldProblem, ValidationErrors};
use crate::parties::PartyKind;

/// A person's link to an organization, with their title there.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Affiliation {
    pub id: AffiliationId,
    pub workspace_id: WorkspaceId,
    pub person_id: PartyId,
    pub organization_id: PartyId,
    pub title: Option<String>,
    pub version: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub deleted_at: Option<OffsetDateTime>,
}

/// An affiliation as a caller submits it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AffiliationInput {
    pub person_id: PartyId,
    pub organization_id: PartyId,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = "line-or-blank", max_length = 100))]
    pub title: Option<String>,
}

/// A change of an affiliation: absent leaves the title, `null` removes it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AffiliationPatch {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = "line-or-blank", max_length = 100))]
    pub title: crate::common::patch::Patch<String>,
}

/// The longest title kept.
pub const MAX_TITLE_CHARS: usize = 100;

/// Parses an optional job title: blank means none.
pub fn parse_title(raw: Option<&str>) -> Result<Option<String>, FieldProblem> {
    crate::common::text::optional_line(raw, MAX_TITLE_CHARS)
}

/// Checks that the two ends of an affiliation are a person and an organization,
/// given the kinds of the parties found (`None` when no such party exists).
pub fn check_ends(person: Option<PartyKind>, organization: Option<PartyKind>) -> Result<(), ValidationErrors> {
    let mut errors = ValidationErrors::new();
    match person {
        None => errors.push("person_id", "not_found", "no such party"),
        Some(PartyKind::Organization) => errors.push("person_id", "not_a_person", "must be a person"),
        Some(PartyKind::Person) => {}
    }
    match organization {
        None => errors.push("organization_id", "not_found", "no such party"),
        Some(PartyKind::Person) => errors.push("organization_id", "not_an_organization", "must be an organization"),
        Some(PartyKind::Organization) => {}
    }
    errors.finish(|| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ends_must_be_a_person_and_an_organization() {
        assert!(check_ends(Some(PartyKind::Person), Some(PartyKind::Organization)).is_ok());
        let errors = check_ends(Some(PartyKind::Organization), None).expect_err("invalid");
        let codes: Vec<_> = errors.0.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(codes, [("person_id", "not_a_person"), ("organization_id", "not_found")]);
    }

    #[test]
    fn titles_are_optional_and_bounded() {
        assert_eq!(parse_title(None), Ok(None));
        assert_eq!(parse_title(Some("  ")), Ok(None));
        assert_eq!(parse_title(Some(" CFO ")), Ok(Some("CFO".into())));
        assert!(parse_title(Some(&"x".repeat(101))).is_err());
    }
}
