//! Calendar dates: on the wire as `YYYY-MM-DD`, and months as labels.

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
