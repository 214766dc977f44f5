//! The CDNOW purchase files, on which the models were published: one
//! purchase a line, whitespace-separated. The full cohort
//! (`CDNOW_master.txt`) has a header and four columns: customer, date
//! (`YYYYMMDD`), number of CDs, dollar value. The 1/10 sample
//! (`CDNOW_sample.txt`) has no header and five: the master customer id, the
//! sample's own id, then the same three.

use time::{Date, Month};

use crate::value::Purchase;

/// One line of a CDNOW file.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The customer's id in the full cohort.
    pub customer: String,
    pub purchase: Purchase,
    pub quantity: u32,
}

/// A line that could not be read, with its number (from 1).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {problem}")]
pub struct ParseError {
    pub line: usize,
    pub problem: String,
}

/// Reads either file. A first line that is not a purchase is taken for the
/// header; blank lines are skipped.
pub fn parse(text: &str) -> Result<Vec<Line>, ParseError> {
    let mut lines = Vec::new();
    for (number, raw) in text.lines().enumerate() {
        let fields: Vec<&str> = raw.split_whitespace().collect();
        if fields.is_empty() || (number == 0 && fields.iter().any(|f| f.parse::<f64>().is_err())) {
            continue;
        }
        let problem = |problem: String| ParseError { line: number + 1, problem };
        let (customer, rest) = match fields.as_slice() {
            [customer, _sample, rest @ ..] if rest.len() == 3 => (customer, rest),
            [customer, rest @ ..] if rest.len() == 3 => (customer, rest),
            _ => return Err(problem(format!("expected 4 or 5 columns, found {}", fields.len()))),
        };
        let on = date(rest[0]).ok_or_else(|| problem(format!("{:?} is not a date as YYYYMMDD", rest[0])))?;
        let quantity = rest[1].parse().map_err(|_| problem(format!("{:?} is not a number of CDs", rest[1])))?;
        let value: f64 = rest[2].parse().map_err(|_| problem(format!("{:?} is not a dollar value", rest[2])))?;
        if !value.is_finite() || value < 0.0 {
            return Err(problem(format!("{value} is not a value")));
        }
        lines.push(Line { customer: (*customer).to_owned(), purchase: Purchase { on, value }, quantity });
    }
    Ok(lines)
}

fn date(text: &str) -> Option<Date> {
    if text.len() != 8 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year = text[..4].parse().ok()?;
    let month = Month::try_from(text[4..6].parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(year, month, text[6..].parse().ok()?).ok()
}
