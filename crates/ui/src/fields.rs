//! Validation errors placed beside the fields of a form: the use cases name
//! the field at fault (`emails[1]`, `lines[0].quantity`); a form shows the
//! message under the input that holds it.

use rapport_domain::ValidationErrors;
use rapport_domain::common::locale::Locale;

use fluent_bundle::FluentValue;

use crate::i18n;

/// One error of a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldMessage {
    /// The form field it belongs to, such as `emails`.
    pub field: String,
    /// A stable code such as `required`, for the translated message.
    pub code: String,
    /// The use case's own words, in English, when no translation has the code.
    pub fallback: String,
    /// The facts the translated message is made of, by name.
    pub args: Vec<(&'static str, String)>,
}

/// The errors of a form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields(pub Vec<FieldMessage>);

/// The form field a use case's field path belongs to: its first segment, so
/// that `emails[1]` lands on `emails` and `fee.amount` on `fee`.
pub fn form_field(path: &str) -> &str {
    let end = path.find(['[', '.']).unwrap_or(path.len());
    &path[..end]
}

impl From<ValidationErrors> for Fields {
    fn from(errors: ValidationErrors) -> Self {
        Self(
            errors
                .0
                .into_iter()
                .map(|e| FieldMessage {
                    field: form_field(&e.field).to_owned(),
                    code: e.code.to_owned(),
                    fallback: e.message,
                    args: e.args,
                })
                .collect(),
        )
    }
}

/// A message's facts as Fluent arguments: dates written as `locale` writes
/// them, counts as numbers (for plurals), the rest as given.
fn arguments<'a>(locale: Locale, args: &'a [(&'static str, String)]) -> fluent_bundle::FluentArgs<'a> {
    let iso = time::macros::format_description!("[year]-[month]-[day]");
    i18n::args(args.iter().map(|(name, value)| {
        let argument = match (time::Date::parse(value, &iso), value.parse::<i64>()) {
            (Ok(day), _) => FluentValue::from(crate::format::date(locale, day)),
            (_, Ok(number)) => FluentValue::from(number),
            _ => FluentValue::from(value.as_str()),
        };
        (*name, argument)
    }))
}

/// The message id of an error: its code's, or the code's with a range when
/// the error says between which numbers ("Must be from 1 to 3.").
fn message_id(locale: Locale, code: &str, args: &[(&'static str, String)]) -> String {
    let id = format!("invalid-{}", code.replace('_', "-"));
    let ranged = format!("{id}-between");
    let has = |name: &str| args.iter().any(|(arg, _)| *arg == name);
    if has("min") && has("max") && i18n::has(locale, &ranged) { ranged } else { id }
}

/// A use case's error in `locale`: its translation, or its English words
/// where no translation has its code.
pub fn translate(locale: Locale, error: &rapport_domain::FieldError) -> String {
    let id = message_id(locale, error.code, &error.args);
    if i18n::has(locale, &id) {
        i18n::message(locale, &id, Some(&arguments(locale, &error.args)))
    } else {
        error.message.clone()
    }
}

impl Fields {
    pub fn any(&self) -> bool {
        !self.0.is_empty()
    }

    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|e| e.field == field)
    }

    /// The messages for `field` in `locale`, joined.
    pub fn message(&self, locale: &Locale, field: &str) -> String {
        self.0
            .iter()
            .filter(|e| e.field == field)
            .map(|e| {
                let id = message_id(*locale, &e.code, &e.args);
                if !i18n::has(*locale, &id) {
                    return e.fallback.clone();
                }
                i18n::message(*locale, &id, Some(&arguments(*locale, &e.args)))
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Errors for fields that the form has no input for, shown at its top.
    pub fn others<const N: usize>(&self, shown: &[&str; N]) -> Vec<&FieldMessage> {
        self.0.iter().filter(|e| !shown.contains(&e.field.as_str())).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_land_on_the_field_that_holds_them() {
        assert_eq!(form_field("emails[1]"), "emails");
        assert_eq!(form_field("fee.amount_minor"), "fee");
        assert_eq!(form_field("name"), "name");
        let mut errors = ValidationErrors::new();
        errors.push("name", "required", "must not be empty");
        errors.push("emails[0]", "no_such_code_anywhere", "must be an email address");
        let fields = Fields::from(errors);
        assert!(fields.has("name") && fields.has("emails") && !fields.has("phones"));
        assert_eq!(fields.message(&Locale::En, "emails"), "must be an email address");
        assert_ne!(fields.message(&Locale::Pl, "name"), "must not be empty");
        assert_eq!(fields.others(&["name"]).len(), 1);
    }
}
