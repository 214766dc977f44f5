//! A playbook per conversion candidate: the lever chosen, the steps taken
//! with their days and who took them, and how it ended.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::common::text::clean_line;
use crate::common::validation::ValidationErrors;
use crate::value::conversion::Lever;

/// Where a playbook stands.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaybookStatus {
    Open,
    /// The customer became a client.
    Won,
    /// Given up.
    Dropped,
}

impl PlaybookStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Won => "won",
            Self::Dropped => "dropped",
        }
    }
}

/// One step taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub step: String,
    pub note: Option<String>,
    #[serde(with = "crate::common::dates::iso_date")]
    pub done_on: Date,
    /// Who took it, as the audit log names them.
    pub by: String,
}

/// A candidate's playbook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Playbook {
    pub lever: Lever,
    pub status: PlaybookStatus,
    pub steps: Vec<Step>,
    #[serde(with = "crate::common::dates::iso_date")]
    pub started_on: Date,
}

impl Lever {
    /// The steps suggested for this lever, from the ways the seeds name to
    /// turn customers into clients; a playbook may record others.
    pub fn suggested_steps(&self) -> &'static [&'static str] {
        match self {
            Self::Incentive => &["offer a free consultation", "offer a tailored trial", "follow up on the offer"],
            Self::BestService => &["call them personally", "solve what is open", "name a contact person"],
            Self::KeepInTouch => {
                &["add to the newsletter", "send a personal update", "send birthday greetings", "invite to a seminar"]
            }
            Self::ConsistentQuality => &["review their last orders", "agree on a standard", "check in after delivery"],
            Self::RelationalSelling => &["meet to understand their needs", "propose a retainer", "send a contract"],
        }
    }

    pub fn parse(raw: &str) -> Result<Self, crate::common::validation::FieldProblem> {
        Self::ALL.into_iter().find(|l| l.as_str() == raw.trim()).ok_or_else(|| {
            crate::common::validation::FieldProblem::new(
                "invalid_lever",
                "must be incentive, best_service, keep_in_touch, consistent_quality or relational_selling",
            )
        })
    }
}

/// A step as a user types it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepInput {
    /// One line, up to 200 characters.
    #[cfg_attr(feature = "openapi", schema(format = "line", max_length = 200))]
    pub step: String,
    /// Up to 2,000 characters, over several lines if need be.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(format = "text-or-blank", max_length = 2000))]
    pub note: Option<String>,
    /// YYYY-MM-DD, not after today; today when absent.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub done_on: Option<String>,
}

/// Longest step or note kept.
const MAX_STEP: usize = 200;
const MAX_NOTE: usize = 2_000;

/// A note may run over several lines; other control characters are refused.
fn note_text(note: &str) -> Result<String, crate::common::validation::FieldProblem> {
    use crate::common::validation::FieldProblem;
    if note.chars().count() > MAX_NOTE {
        return Err(FieldProblem::new("too_long", format!("must be at most {MAX_NOTE} characters")));
    }
    let note = note.replace("\r\n", "\n");
    if note.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(FieldProblem::new("control_character", "must not contain control characters"));
    }
    Ok(note)
}

impl Step {
    /// Checks a step: named, not too long, not done in the future.
    pub fn parse(input: &StepInput, by: &str, today: Date) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let step = errors.take("step", clean_line(&input.step, MAX_STEP));
        let note = match input.note.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            None => None,
            Some(note) => errors.take("note", note_text(note)),
        };
        let done_on = match input.done_on.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            None => Some(today),
            Some(raw) => errors.take("done_on", crate::common::dates::parse_date(raw)),
        };
        if done_on.is_some_and(|d| d > today) {
            errors.push("done_on", "in_future", "must not be after today");
        }
        match (step, done_on) {
            (Some(step), Some(done_on)) if errors.is_empty() => Ok(Step { step, note, done_on, by: by.to_owned() }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn a_step_is_named_dated_and_not_in_the_future() {
        let today = date!(2026 - 11 - 24);
        let input = StepInput { step: " offer a free consultation ".into(), note: Some("  ".into()), done_on: None };
        let step = Step::parse(&input, "user:ana", today).expect("valid");
        assert_eq!((step.step.as_str(), step.note, step.done_on), ("offer a free consultation", None, today));
        let lines = StepInput { note: Some("called her\r\nshe will think".into()), ..input.clone() };
        assert_eq!(
            Step::parse(&lines, "user:ana", today).expect("valid").note.as_deref(),
            Some("called her\nshe will think")
        );
        let bad = StepInput { step: "".into(), note: None, done_on: Some("2026-12-01".into()) };
        let errors = Step::parse(&bad, "user:ana", today).expect_err("invalid");
        let fields: Vec<_> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["step", "done_on"]);
    }

    #[test]
    fn every_lever_has_steps_and_reads_back() {
        for lever in Lever::ALL {
            assert!(!lever.suggested_steps().is_empty());
            assert_eq!(Lever::parse(lever.as_str()), Ok(lever));
        }
        assert!(Lever::parse("bribery").is_err());
    }
}
