//! Calendar dates: on the wire and in forms as `YYYY-MM-DD`, and months as
//! labels.

use time::Date;
use time::macros::format_description;

use crate::common::validation::FieldProblem;

time::serde::format_description!(pub iso_date, Date, "[year]-[month]-[day]");

/// Months of a range, as `YYYY-MM`, oldest first.
pub fn month_labels(from: time::Date, to: time::Date) -> Vec<String> {
    let (mut year, mut month) = (from.year(), u8::from(from.month()));
    let mut out = Vec::new();
    while (year, month) <= (to.year(), u8::from(to.month())) {
        out.push(format!("{year:04}-{month:02}"));
        (year, month) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
    }
    out
}

/// Formats a date as `YYYY-MM-DD`.
pub fn format_date(date: Date) -> String {
    let format = format_description!("[year]-[month]-[day]");
    date.format(&format).unwrap_or_default()
}

/// Parses a `YYYY-MM-DD` date.
pub fn parse_date(raw: &str) -> Result<Date, FieldProblem> {
    let format = format_description!("[year]-[month]-[day]");
    Date::parse(raw.trim(), &format).map_err(|_| FieldProblem::new("invalid_date", "must be a date as YYYY-MM-DD"))
}
