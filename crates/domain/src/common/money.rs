//! Money: an exact amount in a currency's minor units. Never a float.

use serde::{Deserialize, Serialize};

use crate::common::locale::Currency;
use crate::common::validation::FieldProblem;

/// How many decimals a currency's amounts have (ISO 4217). Most have two; the
/// ones listed here have none or three.
pub fn minor_digits(currency: &Currency) -> u32 {
    match currency.as_str() {
        "BIF" | "CLP" | "DJF" | "GNF" | "ISK" | "JPY" | "KMF" | "KRW" | "PYG" | "RWF" | "UGX" | "UYI" | "VND"
        | "VUV" | "XAF" | "XOF" | "XPF" => 0,
        "BHD" | "IQD" | "JOD" | "KWD" | "LYD" | "OMR" | "TND" => 3,
        _ => 2,
    }
}

/// The sign a currency is written with, where it has one everyone reads.
pub fn symbol(currency: &Currency) -> Option<&'static str> {
    Some(match currency.as_str() {
        "IDR" => "Rp",
        "PLN" => "zł",
        "USD" => "$",
        "EUR" => "€",
        "GBP" => "£",
        "JPY" => "¥",
        _ => return None,
    })
}

/// An amount of money.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    /// The amount in the currency's smallest unit (sen, grosz, cent).
    pub minor: i64,
    pub currency: Currency,
}

impl Money {
    /// The largest amount kept, in minor units: 2^53 − 1, the largest
    /// integer every JSON reader (a browser's included) holds exactly.
    pub const MAX_MINOR: i64 = 9_007_199_254_740_991;

    /// Reads a decimal amount such as `150000`, `19.99` or `-5.5` exactly, with
    /// no more decimals than the currency has.
    pub fn parse(amount: &str, currency: Currency) -> Result<Self, FieldProblem> {
        let digits = minor_digits(&currency);
        let bad =
            || FieldProblem::new("invalid_amount", format!("must be a decimal number with at most {digits} decimals"));
        let text = amount.trim();
        let (negative, unsigned) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
        let plain = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if unsigned.contains('.') && fraction.is_empty() {
            return Err(bad());
        }
        // Trailing zeros say nothing: 1000.0 yen is 1000 yen.
        let fraction = fraction.trim_end_matches('0');
        if whole.is_empty() || !plain(whole) || !plain(fraction) || fraction.len() > digits as usize {
            return Err(bad());
        }
        let scale = 10i64.pow(digits);
        let whole: i64 = whole.parse().map_err(|_| bad())?;
        let padded = format!("{fraction:0<width$}", width = digits as usize);
        let fraction: i64 = if padded.is_empty() { 0 } else { padded.parse().map_err(|_| bad())? };
        let minor = whole.checked_mul(scale).and_then(|w| w.checked_add(fraction)).ok_or_else(bad)?;
        if minor > Self::MAX_MINOR {
            return Err(FieldProblem::new("too_large", "is larger than any amount this system keeps"));
        }
        Ok(Self { minor: if negative { -minor } else { minor }, currency })
    }

    /// The amount as a decimal string, such as `19.99`.
    pub fn amount(&self) -> String {
        let digits = minor_digits(&self.currency);
        if digits == 0 {
            return self.minor.to_string();
        }
        let scale = 10i64.pow(digits).unsigned_abs();
        let sign = if self.minor < 0 { "-" } else { "" };
        let value = self.minor.unsigned_abs();
        format!("{sign}{}.{:0width$}", value / scale, value % scale, width = digits as usize)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn currency(code: &str) -> Currency {
        Currency::parse(code).expect("currency")
    }

    #[test]
    fn amounts_are_read_exactly_in_minor_units() {
        let idr = |a: &str| Money::parse(a, currency("IDR")).map(|m| m.minor);
        assert_eq!(idr("150000"), Ok(15_000_000));
        assert_eq!(idr("19.9"), Ok(1990));
        assert_eq!(idr("-5.05"), Ok(-505));
        assert_eq!(Money::parse("1500", currency("JPY")).map(|m| m.minor), Ok(1500));
        assert_eq!(Money::parse("1.234", currency("KWD")).map(|m| m.minor), Ok(1234));
        for bad in ["", "1.", ".5", "1.234", "1e3", "abc", "1,50", "99999999999999999999"] {
            assert!(idr(bad).is_err(), "{bad:?} should be refused");
        }
        assert!(Money::parse("1.5", currency("JPY")).is_err());
        assert_eq!(Money::parse("1000.0", currency("JPY")).map(|m| m.minor), Ok(1000));
        assert_eq!(idr("19.900"), Ok(1990));
    }

    proptest! {
        #[test]
        fn the_amount_reads_back_as_itself(minor in -10_000_000_000i64..10_000_000_000, code in prop_oneof![Just("IDR"), Just("JPY"), Just("KWD"), Just("PLN")]) {
            let money = Money { minor, currency: currency(code) };
            prop_assert_eq!(Money::parse(&money.amount(), money.currency.clone()), Ok(money.clone()));
        }
    }
}
