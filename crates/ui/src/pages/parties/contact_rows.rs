//! The emails and phones of the party form: a row for each, with its label
//! (mobile, work, home…), and a blank row to add one more. Known labels are
//! kept as their code and shown in the reader's language; a label set over
//! the API in other words is offered as it is, so that editing keeps it.

use rapport_domain::parties::{EmailInput, LabelledEmail, LabelledPhone, PhoneInput};

use crate::form::Form;

/// The labels the form offers for a phone, by code.
pub const PHONE_LABELS: [&str; 5] = ["mobile", "work", "home", "office", "whatsapp"];
/// The labels the form offers for an email.
pub const EMAIL_LABELS: [&str; 3] = ["work", "home", "office"];

/// One email or phone as the form shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactRow {
    pub value: String,
    /// A code from [`LABELS`], other words, or empty.
    pub label: String,
}

impl ContactRow {
    /// The labels to choose from: the known ones, and this row's own when
    /// it is another.
    fn choices(&self, known: &[&str]) -> Vec<String> {
        let mut choices: Vec<String> = known.iter().map(|l| (*l).to_owned()).collect();
        if !self.label.is_empty() && !known.contains(&self.label.as_str()) {
            choices.push(self.label.clone());
        }
        choices
    }
}

/// The emails or the phones of the form, as it shows them.
#[derive(Debug, Clone)]
pub struct ContactGroup {
    /// `email` or `phone`: the name of the rows' inputs.
    pub kind: &'static str,
    /// Where the use case's errors land: `emails` or `phones`.
    pub field: &'static str,
    /// The message id of the group's legend.
    pub legend: &'static str,
    /// The HTML type of the rows' inputs.
    pub input: &'static str,
    pub rows: Vec<ContactRow>,
}

impl ContactGroup {
    pub fn emails(rows: &[ContactRow]) -> Self {
        Self { kind: "email", field: "emails", legend: "party-emails", input: "email", rows: with_blank(rows) }
    }

    pub fn phones(rows: &[ContactRow]) -> Self {
        Self { kind: "phone", field: "phones", legend: "party-phones", input: "tel", rows: with_blank(rows) }
    }

    pub fn is_phone(&self) -> bool {
        self.kind == "phone"
    }

    /// The labels a row of this group may take.
    pub fn choices(&self, row: &ContactRow) -> Vec<String> {
        row.choices(if self.is_phone() { &PHONE_LABELS } else { &EMAIL_LABELS })
    }
}

/// The rows posted as `value_field` and `label_field`, paired in order.
pub fn posted(form: &Form, value_field: &str, label_field: &str) -> Vec<ContactRow> {
    let column = |name: &str| form.0.iter().filter(|(k, _)| k == name).map(|(_, v)| v.clone()).collect::<Vec<_>>();
    let (values, labels) = (column(value_field), column(label_field));
    (0..values.len())
        .map(|i| ContactRow { value: values[i].clone(), label: labels.get(i).cloned().unwrap_or_default() })
        .collect()
}

/// The rows to show: those filled in, then a blank one.
pub fn with_blank(rows: &[ContactRow]) -> Vec<ContactRow> {
    rows.iter().filter(|r| !r.value.trim().is_empty()).cloned().chain(std::iter::once(ContactRow::default())).collect()
}

fn label(row: &ContactRow) -> Option<String> {
    Some(row.label.trim().to_owned()).filter(|l| !l.is_empty())
}

fn filled(rows: &[ContactRow]) -> impl Iterator<Item = &ContactRow> {
    rows.iter().filter(|r| !r.value.trim().is_empty())
}

/// The emails the rows hold, each with its label.
pub fn emails(rows: &[ContactRow]) -> Vec<EmailInput> {
    filled(rows)
        .map(|r| EmailInput::Labelled(LabelledEmail { address: r.value.trim().to_owned(), label: label(r) }))
        .collect()
}

/// The phones the rows hold, each with its label.
pub fn phones(rows: &[ContactRow]) -> Vec<PhoneInput> {
    filled(rows)
        .map(|r| PhoneInput::Labelled(LabelledPhone { number: r.value.trim().to_owned(), label: label(r) }))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_pair_in_order_and_blank_ones_are_skipped() {
        let form = Form::parse(b"email=a%40x.id&email_label=work&email=&email_label=home&email=b%40x.id&email_label=");
        let rows = posted(&form, "email", "email_label");
        assert_eq!(rows.len(), 3);
        let emails = emails(&rows);
        assert_eq!(emails.len(), 2);
        assert!(
            matches!(&emails[0], EmailInput::Labelled(e) if e.address == "a@x.id" && e.label.as_deref() == Some("work"))
        );
        assert!(matches!(&emails[1], EmailInput::Labelled(e) if e.label.is_none()));
        assert_eq!(with_blank(&rows).len(), 3, "two filled, one blank");
        let odd = ContactRow { value: "x".into(), label: "kantor pusat".into() };
        let group = ContactGroup::phones(std::slice::from_ref(&odd));
        assert!(group.choices(&odd).contains(&"kantor pusat".to_owned()), "a label of other words stays on offer");
        assert!(!ContactGroup::emails(&[]).choices(&ContactRow::default()).contains(&"mobile".to_owned()));
    }
}
