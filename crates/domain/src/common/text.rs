//! Free-text value types: names and tags.

use serde::{Deserialize, Serialize};

use crate::common::validation::FieldProblem;

/// Trims `raw` and checks it is non-empty, at most `max` characters and free of
/// control characters (which break exports, logs and terminals). The API
/// document states the same rule as the `line` text pattern.
pub fn clean_line(raw: &str, max: usize) -> Result<String, FieldProblem> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(FieldProblem::new("required", "must not be empty"));
    }
    // Measured as sent, as the API document's `maxLength` measures it.
    if raw.chars().count() > max {
        return Err(FieldProblem::new("too_long", format!("must be at most {max} characters")));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(FieldProblem::new("control_character", "must not contain control characters"));
    }
    Ok(trimmed.to_owned())
}

/// An optional line: absent or blank is none, anything else is checked
/// as [`clean_line`] checks it. Measured as sent, blank or not.
pub fn optional_line(raw: Option<&str>, max: usize) -> Result<Option<String>, FieldProblem> {
    let Some(raw) = raw else { return Ok(None) };
    if raw.chars().count() > max {
        return Err(FieldProblem::new("too_long", format!("must be at most {max} characters")));
    }
    if raw.trim().is_empty() {
        return Ok(None);
    }
    clean_line(raw, max).map(Some)
}

/// The display name of a party: a person's full name or an organization's name.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PartyName(String);

impl PartyName {
    pub const MAX_CHARS: usize = 200;

    pub fn parse(raw: &str) -> Result<Self, FieldProblem> {
        clean_line(raw, Self::MAX_CHARS).map(Self)
    }

    /// A name read back from storage, which was validated when it was written.
    pub fn from_stored(name: String) -> Self {
        Self(name)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key the party list sorts and pages by: case-folded so that "ada" and
    /// "Ada" sit together.
    pub fn sort_key(&self) -> String {
        self.0.to_lowercase()
    }
}

/// A label a user attaches to parties, compared case-insensitively and therefore
/// stored in lower case.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Tag(String);

impl Tag {
    pub const MAX_CHARS: usize = 50;

    pub fn parse(raw: &str) -> Result<Self, FieldProblem> {
        // Lower-case before measuring: some letters ('İ') grow when lower-cased,
        // and what is stored must parse again.
        let line = clean_line(&raw.to_lowercase(), Self::MAX_CHARS)?;
        if line.contains(',') {
            return Err(FieldProblem::new("invalid_tag", "must not contain a comma"));
        }
        Ok(Self(line))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(PartyName::parse("  Ada  ").map(|n| n.0), Ok("Ada".to_owned()));
        assert_eq!(PartyName::parse("   ").map_err(|e| e.code), Err("required"));
        assert_eq!(PartyName::parse(&"x".repeat(201)).map_err(|e| e.code), Err("too_long"));
        assert_eq!(PartyName::parse("a\u{0}b").map_err(|e| e.code), Err("control_character"));
        assert!(PartyName::parse("Zażółć Gęślą Jaźń").is_ok());
    }

    #[test]
    fn tags_are_lower_case_without_commas() {
        assert_eq!(Tag::parse(" VIP ").map(|t| t.0), Ok("vip".to_owned()));
        assert_eq!(Tag::parse("a,b").map_err(|e| e.code), Err("invalid_tag"));
        let growing = "İ".repeat(Tag::MAX_CHARS);
        assert_eq!(Tag::parse(&growing).map_err(|e| e.code), Err("too_long"));
    }

    proptest! {
        #[test]
        fn a_parsed_name_is_trimmed_non_empty_and_bounded(raw in any::<String>()) {
            if let Ok(name) = PartyName::parse(&raw) {
                prop_assert!(!name.as_str().is_empty());
                prop_assert_eq!(name.as_str(), name.as_str().trim());
                prop_assert!(name.as_str().chars().count() <= PartyName::MAX_CHARS);
                prop_assert!(!name.as_str().chars().any(char::is_control));
                // Parsing is idempotent.
                prop_assert_eq!(PartyName::parse(name.as_str()), Ok(name.clone()));
            }
        }

        #[test]
        fn a_parsed_tag_is_stable(raw in "\\PC{0,60}") {
            if let Ok(tag) = Tag::parse(&raw) {
                prop_assert_eq!(Tag::parse(tag.as_str()), Ok(tag.clone()));
            }
        }
    }
}
