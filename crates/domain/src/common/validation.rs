//! Field-level validation errors, collected rather than short-circuited so that a
//! rejected input tells the caller everything that was wrong with it at once.

use serde::Serialize;

/// One problem with one field of an input, addressed by a JSON-pointer-like path
/// such as `emails[1]` or `name`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    /// A stable, machine-readable code (`required`, `invalid_email`, …).
    pub code: &'static str,
    /// A human-readable explanation in English.
    pub message: String,
    /// The facts the explanation is made of (a limit, a date, two readings
    /// of an amount), by name, for an interface to word it in its reader's
    /// language. Not part of the API's problem document, which carries the
    /// English message.
    #[serde(skip)]
    pub args: Vec<(&'static str, String)>,
}

/// Every problem found with an input.
#[derive(Debug, Clone, Default, PartialEq, Eq, thiserror::Error)]
#[error("invalid input: {}", self.summary())]
pub struct ValidationErrors(pub Vec<FieldError>);

impl ValidationErrors {
    pub fn new() -> Self {
        Self::default()
    }

    /// A single error, for the common case of one field at fault.
    pub fn single(field: impl Into<String>, code: &'static str, message: impl Into<String>) -> Self {
        let mut errors = Self::new();
        errors.push(field, code, message);
        errors
    }

    pub fn push(&mut self, field: impl Into<String>, code: &'static str, message: impl Into<String>) {
        self.0.push(FieldError { field: field.into(), code, message: message.into(), args: Vec::new() });
    }

    /// Records `problem` under `field`, its facts included.
    pub fn push_problem(&mut self, field: impl Into<String>, problem: FieldProblem) {
        self.0.push(FieldError {
            field: field.into(),
            code: problem.code,
            message: problem.message,
            args: problem.args,
        });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Records the error of `result` under `field` and returns its value, if any.
    pub fn take<T>(&mut self, field: impl Into<String>, result: Result<T, FieldProblem>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(problem) => {
                self.push_problem(field, problem);
                None
            }
        }
    }

    /// `Ok(value)` when nothing was recorded, the collected errors otherwise.
    pub fn finish<T>(self, value: impl FnOnce() -> T) -> Result<T, Self> {
        if self.is_empty() { Ok(value()) } else { Err(self) }
    }

    fn summary(&self) -> String {
        self.0.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; ")
    }
}

/// What is wrong with a single value, before it is known which field held it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct FieldProblem {
    pub code: &'static str,
    pub message: String,
    /// The facts of the message, as [`FieldError::args`].
    pub args: Vec<(&'static str, String)>,
}

impl FieldProblem {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), args: Vec::new() }
    }

    /// The same problem with one more fact.
    pub fn with(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, value.to_string()));
        self
    }

    /// Attaches the field name, turning the problem into a full error list.
    pub fn at(self, field: impl Into<String>) -> ValidationErrors {
        let mut errors = ValidationErrors::new();
        errors.push_problem(field, self);
        errors
    }
}
