//! Amounts of money as people type them in their own language: Indonesian
//! `Rp 55.000` and `1.500.000,50`, Polish `1 500,00 zł`, English `1,500.50`.
//!
//! The API reads one machine format ([`Money::parse`]); pages read what their
//! reader types. Dots and commas swap roles between languages, so a typed
//! amount is read both ways. When only one reading makes sense, it is taken;
//! when both do and differ, the reader's language decides only if the amount
//! is written its usual way (a dot grouping thousands in Indonesian, a comma
//! in English). Otherwise (`1,500` in Indonesian: one and a half, or fifteen
//! hundred?) the amount is refused with both readings, never stored as one
//! silently. No crate reads money this way: number parsers take one
//! convention at a time and cannot tell an ambiguous input from a clear one.

use crate::common::locale::{Currency, Locale};
use crate::common::money::{Money, minor_digits, symbol};

/// Why a typed amount was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountError {
    /// Not an amount in any convention (or too many decimals for the currency).
    Invalid,
    /// Two readings that differ, the reader's language's first.
    Ambiguous(Money, Money),
}

/// Reads `raw`, typed by a reader of `locale`, as an amount of `currency`.
pub fn read(raw: &str, locale: Locale, currency: &Currency) -> Result<Money, AmountError> {
    // The sign may come before the currency or after it: `-Rp 1.000`, `Rp -1.000`.
    let (mut negative, mut digits) = sign(raw.trim());
    digits = strip_currency(digits, currency);
    if !negative {
        (negative, digits) = sign(digits);
    }
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',' || is_space(c)) {
        return Err(AmountError::Invalid);
    }
    let decimals = minor_digits(currency);
    let comma = reading(digits, ',', '.', decimals);
    let dot = reading(digits, '.', ',', decimals);
    let (preferred, other, habitual_group) = match locale {
        Locale::En => (dot, comma, Some(',')),
        Locale::Id => (comma, dot, Some('.')),
        // Polish groups with spaces; a dot is nobody's habit there.
        Locale::Pl => (comma, dot, None),
    };
    let minor = match (preferred, other) {
        (None, None) => return Err(AmountError::Invalid),
        (Some(one), None) | (None, Some(one)) => one,
        (Some(first), Some(second)) if first == second => first,
        (Some(first), Some(second)) => {
            // Both readings stand only when one separator appears once,
            // before three digits: it groups them or it starts the decimals.
            let separator = digits.chars().find(|c| *c == '.' || *c == ',');
            if separator.is_some() && separator == habitual_group {
                first
            } else {
                let money = |minor: i64| Money { minor: signed(negative, minor), currency: currency.clone() };
                return Err(AmountError::Ambiguous(money(first), money(second)));
            }
        }
    };
    Ok(Money { minor: signed(negative, minor), currency: currency.clone() })
}

fn sign(text: &str) -> (bool, &str) {
    match text.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, text),
    }
}

fn signed(negative: bool, minor: i64) -> i64 {
    if negative { -minor } else { minor }
}

/// Spaces that group digits: the ordinary one and the no-break spaces that
/// Polish formatting writes.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}')
}

/// `raw` without the currency's code or symbol before or after it.
fn strip_currency<'a>(raw: &'a str, currency: &Currency) -> &'a str {
    let code = currency.as_str();
    // How else people write the symbol: with a dot, without Polish letters.
    let also: &[&str] = match code {
        "IDR" => &["Rp."],
        "PLN" => &["zl"],
        "USD" => &["US$"],
        _ => &[],
    };
    let mut text = raw;
    for marker in also.iter().copied().chain(symbol(currency)).chain([code]) {
        let lower = text.to_lowercase();
        let marker_lower = marker.to_lowercase();
        if lower.starts_with(&marker_lower) && text.is_char_boundary(marker.len()) {
            text = text[marker.len()..].trim_start();
        } else if lower.ends_with(&marker_lower) && text.len() >= marker.len() {
            let at = text.len() - marker.len();
            if text.is_char_boundary(at) {
                text = text[..at].trim_end();
            }
        }
    }
    text
}

/// The amount in minor units if `digits` reads as a number whose decimal
/// separator is `decimal`, whose thousands are grouped by `group` or spaces
/// (groups of three, the first of one to three digits), and whose decimals
/// fit the currency (trailing zeros aside).
fn reading(digits: &str, decimal: char, group: char, decimals: u32) -> Option<i64> {
    let (whole, fraction) = match digits.split_once(decimal) {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (digits, None),
    };
    let whole_digits = grouped(whole, group)?;
    let fraction = match fraction {
        Some(f) if f.is_empty() || !f.chars().all(|c| c.is_ascii_digit()) => return None,
        Some(f) => f.trim_end_matches('0'),
        None => "",
    };
    if fraction.len() > decimals as usize {
        return None;
    }
    let scale = 10i64.checked_pow(decimals)?;
    let whole: i64 = whole_digits.parse().ok()?;
    let padded = format!("{fraction:0<width$}", width = decimals as usize);
    let fraction: i64 = if padded.is_empty() { 0 } else { padded.parse().ok()? };
    whole.checked_mul(scale)?.checked_add(fraction)
}

/// The digits of a whole part, if every separator in it groups thousands.
fn grouped(whole: &str, group: char) -> Option<String> {
    let parts: Vec<&str> = whole.split(|c: char| c == group || is_space(c)).collect();
    let (first, rest) = parts.split_first()?;
    let all_digits = |p: &&str| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit());
    if !all_digits(first) || !rest.iter().all(|p| all_digits(p) && p.len() == 3) {
        return None;
    }
    // Grouped thousands start with a digit other than zero: `0,001` groups nothing.
    if !rest.is_empty() && (first.len() > 3 || first.starts_with('0')) {
        return None;
    }
    Some(parts.concat())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn currency(code: &str) -> Currency {
        Currency::parse(code).expect("currency")
    }

    fn minor(raw: &str, locale: Locale, code: &str) -> Result<i64, AmountError> {
        read(raw, locale, &currency(code)).map(|m| m.minor)
    }

    #[test]
    fn each_language_reads_its_own_way() {
        let idr = |raw| minor(raw, Locale::Id, "IDR");
        assert_eq!(idr("55.000"), Ok(5_500_000));
        assert_eq!(idr("Rp 55.000"), Ok(5_500_000));
        assert_eq!(idr("Rp55.000"), Ok(5_500_000));
        assert_eq!(idr("1.500.000,50"), Ok(150_000_050));
        assert_eq!(idr("55000"), Ok(5_500_000));
        assert_eq!(idr("12,5"), Ok(1250));
        assert_eq!(idr("-Rp 1.000"), Ok(-100_000));
        assert_eq!(idr("Rp -1.000"), Ok(-100_000));
        assert_eq!(idr("- 1.000"), Ok(-100_000));
        let pln = |raw| minor(raw, Locale::Pl, "PLN");
        assert_eq!(pln("1 500,00"), Ok(150_000));
        assert_eq!(pln("1500,5 zł"), Ok(150_050));
        assert_eq!(pln("1\u{a0}500,00\u{a0}zł"), Ok(150_000));
        assert_eq!(pln("12 345 678"), Ok(1_234_567_800));
        let usd = |raw| minor(raw, Locale::En, "USD");
        assert_eq!(usd("1,500.50"), Ok(150_050));
        assert_eq!(usd("$1,500"), Ok(150_000));
        assert_eq!(usd("19.99"), Ok(1999));
        assert_eq!(minor("1.500", Locale::En, "JPY"), Ok(1500), "a yen has no decimals, so only one reading is left");
    }

    #[test]
    fn an_amount_written_another_languages_way_is_read_when_only_one_reading_fits() {
        assert_eq!(minor("1500.50", Locale::Id, "IDR"), Ok(150_050));
        assert_eq!(minor("1,500.50", Locale::Pl, "PLN"), Ok(150_050));
        assert_eq!(minor("1.500,50", Locale::En, "EUR"), Ok(150_050));
        assert_eq!(minor("1.500.000", Locale::En, "IDR"), Ok(150_000_000));
    }

    #[test]
    fn an_amount_that_could_mean_two_things_is_refused_with_both() {
        let both = |raw, locale, code| match read(raw, locale, &currency(code)) {
            Err(AmountError::Ambiguous(first, second)) => Some((first.minor, second.minor)),
            _ => None,
        };
        assert_eq!(both("1,500", Locale::Id, "IDR"), Some((150, 150_000)));
        assert_eq!(both("1.500", Locale::En, "USD"), Some((150, 150_000)));
        assert_eq!(both("1.500", Locale::Pl, "PLN"), Some((150_000, 150)));
        assert_eq!(both("1,500", Locale::Pl, "PLN"), Some((150, 150_000)));
        assert_eq!(both("-2,000", Locale::Id, "IDR"), Some((-200, -200_000)));
    }

    #[test]
    fn what_is_not_an_amount_is_refused() {
        for raw in
            ["", "Rp", "abc", "1,5,0", "1.50.0", "12,34.5", "1.2345,6", "1 50", ",5", "5,", "1e3", "--5", "Rp 5 Rp 5"]
        {
            assert_eq!(minor(raw, Locale::Id, "IDR"), Err(AmountError::Invalid), "{raw:?}");
        }
        assert_eq!(minor("0,001", Locale::Id, "IDR"), Err(AmountError::Invalid));
    }

    proptest! {
        #[test]
        fn an_amount_written_as_the_language_writes_it_reads_back(minor_units in -1_000_000_000_000i64..1_000_000_000_000, code in prop_oneof![Just("IDR"), Just("PLN"), Just("USD"), Just("JPY")]) {
            let currency = currency(code);
            let money = Money { minor: minor_units, currency: currency.clone() };
            for locale in [Locale::En, Locale::Id, Locale::Pl] {
                let written = write(&money, locale);
                prop_assert_eq!(read(&written, locale, &currency), Ok(money.clone()), "{}", written);
            }
        }
    }

    /// How a page writes an amount (grouped, with the language's decimal
    /// separator and every decimal), as a reader would copy it back.
    fn write(money: &Money, locale: Locale) -> String {
        let (group, decimal) = match locale {
            Locale::En => (',', '.'),
            Locale::Id => ('.', ','),
            Locale::Pl => ('\u{a0}', ','),
        };
        let plain = money.amount();
        let (sign, plain) = plain.strip_prefix('-').map_or(("", plain.as_str()), |rest| ("-", rest));
        let (whole, fraction) = plain.split_once('.').unwrap_or((plain, ""));
        let mut grouped = String::new();
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                grouped.push(group);
            }
            grouped.push(c);
        }
        if fraction.is_empty() { format!("{sign}{grouped}") } else { format!("{sign}{grouped}{decimal}{fraction}") }
    }
}
