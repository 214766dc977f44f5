//! Amounts typed on a page, read in the reader's language
//! ([`rapport_domain::common::amount`]) and handed to the use cases in the API's one
//! machine format. A refusal carries what the reader needs to put it right:
//! the way their language writes an amount, or the two readings of an
//! ambiguous one, each written as their language writes money.

use rapport_domain::common::amount;
use rapport_domain::common::amount::AmountError;
use rapport_domain::common::locale::{Currency, Locale};
use rapport_domain::common::money::Money;
use rapport_domain::common::validation::FieldProblem;

use crate::format;

/// Reads `raw` as an amount of `currency` typed by a reader of `locale`.
pub fn read(raw: &str, locale: Locale, currency: &Currency) -> Result<Money, FieldProblem> {
    amount::read(raw, locale, currency).map_err(|error| match error {
        AmountError::Invalid => FieldProblem::new("invalid_amount", "is not an amount")
            .with("example", format::amount(locale, example_minor(currency).unsigned_abs(), currency)),
        AmountError::Ambiguous(first, second) => FieldProblem::new(
            "ambiguous_amount",
            format!("could be {} or {}: write it as one of them", first.amount(), second.amount()),
        )
        .with("first", format::money(locale, first.minor, currency))
        .with("second", format::money(locale, second.minor, currency)),
    })
}

/// The amount a refused one is shown how to write: one and a half million
/// with decimals, where the currency has them.
pub fn example_minor(currency: &Currency) -> i64 {
    let scale = 10i64.pow(rapport_domain::common::money::minor_digits(currency));
    1_500_000 * scale + scale / 2
}
