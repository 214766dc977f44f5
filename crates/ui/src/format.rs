//! Numbers, money and dates as each language writes them.
//!
//! Written by hand: the crates that know every locale's conventions (ICU4X and
//! its data) are several times larger than all of Rapport's pages, and Rapport
//! speaks three languages whose rules fit on this page. The rules follow
//! CLDR: English groups with commas, Indonesian with full stops, Polish with
//! no-break spaces and only from five digits on.

use rapport_domain::common::locale::{Currency, Locale};
use rapport_domain::common::money::{minor_digits, symbol};
use time::{Date, Month, OffsetDateTime};

/// A no-break space: keeps "1 500" and "24 lis" on one line.
const NBSP: char = '\u{a0}';

fn group_separator(locale: Locale) -> char {
    match locale {
        Locale::En => ',',
        Locale::Id => '.',
        Locale::Pl => NBSP,
    }
}

fn decimal_separator(locale: Locale) -> char {
    match locale {
        Locale::En => '.',
        Locale::Id | Locale::Pl => ',',
    }
}

/// Digits of a whole number with the locale's grouping.
fn grouped(locale: Locale, value: u64) -> String {
    let digits = value.to_string();
    // Polish leaves four-digit numbers whole ("1500", "15 000").
    if locale == Locale::Pl && digits.len() <= 4 {
        return digits;
    }
    let separator = group_separator(locale);
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 2);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

/// A whole number, such as `1,234` / `1.234` / `1234`.
pub fn integer(locale: Locale, value: i64) -> String {
    let sign = if value < 0 { "-" } else { "" };
    format!("{sign}{}", grouped(locale, value.unsigned_abs()))
}

/// A number with `places` decimals, rounded half away from zero.
pub fn decimal(locale: Locale, value: f64, places: u32) -> String {
    if !value.is_finite() {
        return "–".to_owned();
    }
    let scale = 10f64.powi(i32::try_from(places).unwrap_or(0));
    let scaled = (value.abs() * scale).round();
    // Beyond 2^53 the value has no exact decimals to show anyway.
    let scaled = if scaled < 9.0e15 { scaled as u64 } else { return format!("{value:e}") };
    let factor = 10u64.pow(places);
    let sign = if value < 0.0 && scaled > 0 { "-" } else { "" };
    let whole = grouped(locale, scaled / factor);
    if places == 0 {
        return format!("{sign}{whole}");
    }
    let fraction = scaled % factor;
    let width = places as usize;
    format!("{sign}{whole}{}{fraction:0width$}", decimal_separator(locale))
}

/// A share from 0 to 1 as a percentage with no decimals: `83 %` in Polish,
/// `83%` otherwise.
pub fn percent(locale: Locale, share: f64) -> String {
    let number = decimal(locale, share * 100.0, 0);
    match locale {
        Locale::Pl => format!("{number}{NBSP}%"),
        Locale::En | Locale::Id => format!("{number}%"),
    }
}

/// The number of an amount of `minor` units without its currency, as a form
/// shows it to be edited: `1.500.000`, `1 500,50`, `1,500.50`.
pub fn amount(locale: Locale, minor: u64, currency: &Currency) -> String {
    let digits = minor_digits(currency);
    let scale = 10u64.pow(digits);
    let (whole, fraction) = (minor / scale, minor % scale);
    let number = grouped(locale, whole);
    if fraction == 0 {
        number
    } else {
        let width = digits as usize;
        format!("{number}{}{fraction:0width$}", decimal_separator(locale))
    }
}

/// An amount in minor units: `Rp 1.500.000`, `1 500,50 zł`, `$1,500.50`.
/// Decimals are shown only when there are any, as prices are usually written.
pub fn money(locale: Locale, minor: i64, currency: &Currency) -> String {
    let number = amount(locale, minor.unsigned_abs(), currency);
    let sign = if minor < 0 { "-" } else { "" };
    match (locale, symbol(currency)) {
        (Locale::Pl, Some(sign_of)) => format!("{sign}{number}{NBSP}{sign_of}"),
        (Locale::Pl, None) => format!("{sign}{number}{NBSP}{}", currency.as_str()),
        (_, Some(s)) if s.len() == 1 || s == "€" || s == "£" || s == "¥" => format!("{sign}{s}{number}"),
        (_, Some(s)) => format!("{sign}{s}{NBSP}{number}"),
        (_, None) => format!("{sign}{}{NBSP}{number}", currency.as_str()),
    }
}

fn month_abbreviation(locale: Locale, month: Month) -> &'static str {
    const EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    const ID: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"];
    const PL: [&str; 12] = ["sty", "lut", "mar", "kwi", "maj", "cze", "lip", "sie", "wrz", "paź", "lis", "gru"];
    let index = usize::from(u8::from(month)) - 1;
    match locale {
        Locale::En => EN[index],
        Locale::Id => ID[index],
        Locale::Pl => PL[index],
    }
}

/// A month written `YYYY-MM` as the language names it: `Nov 2026`, `lis 2026`;
/// anything else as it is.
pub fn month(locale: Locale, month: &str) -> String {
    let named = month.split_once('-').and_then(|(year, number)| {
        let year: i32 = year.parse().ok()?;
        let month = Month::try_from(number.parse::<u8>().ok()?).ok()?;
        Some(format!("{}{NBSP}{year}", month_abbreviation(locale, month)))
    });
    named.unwrap_or_else(|| month.to_owned())
}

/// A day: `24 Nov 2026`, `24 Nov 2026`, `24 lis 2026`.
pub fn date(locale: Locale, day: Date) -> String {
    format!("{}{NBSP}{}{NBSP}{}", day.day(), month_abbreviation(locale, day.month()), day.year())
}

/// A moment, in UTC: `24 Nov 2026, 14:05` (Indonesian writes `14.05`).
/// A time as a clock shows it, `at` already at the offset to show.
pub fn date_time(locale: Locale, at: OffsetDateTime) -> String {
    let time_separator = if locale == Locale::Id { '.' } else { ':' };
    format!("{}, {:02}{time_separator}{:02}", date(locale, at.date()), at.hour(), at.minute())
}

#[cfg(test)]
mod tests {
    use time::macros::{date, datetime};

    use super::*;

    fn currency(code: &str) -> Currency {
        Currency::parse(code).unwrap_or_else(|_| panic!("{code} is a currency"))
    }

    #[test]
    fn integers_are_grouped_per_language() {
        assert_eq!(integer(Locale::En, 1_234_567), "1,234,567");
        assert_eq!(integer(Locale::Id, 1_234_567), "1.234.567");
        assert_eq!(integer(Locale::Pl, 1_234_567), "1\u{a0}234\u{a0}567");
        assert_eq!(integer(Locale::Pl, 1500), "1500");
        assert_eq!(integer(Locale::Pl, 15_000), "15\u{a0}000");
        assert_eq!(integer(Locale::En, -1000), "-1,000");
        assert_eq!(integer(Locale::En, 999), "999");
        assert_eq!(integer(Locale::En, 0), "0");
        assert_eq!(integer(Locale::En, i64::MIN), "-9,223,372,036,854,775,808");
    }

    #[test]
    fn decimals_round_and_use_the_language_separator() {
        assert_eq!(decimal(Locale::En, 1234.567, 2), "1,234.57");
        assert_eq!(decimal(Locale::Id, 1234.567, 2), "1.234,57");
        assert_eq!(decimal(Locale::Pl, 12345.5, 1), "12\u{a0}345,5");
        assert_eq!(decimal(Locale::En, -0.004, 2), "0.00");
        assert_eq!(decimal(Locale::En, -2.5, 0), "-3");
        assert_eq!(decimal(Locale::En, f64::NAN, 2), "–");
        assert_eq!(percent(Locale::En, 0.834), "83%");
        assert_eq!(percent(Locale::Pl, 0.834), "83\u{a0}%");
    }

    #[test]
    fn money_is_written_as_each_language_writes_its_currency() {
        let idr = currency("IDR");
        assert_eq!(money(Locale::Id, 150_000_000, &idr), "Rp\u{a0}1.500.000");
        assert_eq!(money(Locale::En, 150_000_050, &idr), "Rp\u{a0}1,500,000.50");
        assert_eq!(money(Locale::Pl, 150_050, &currency("PLN")), "1500,50\u{a0}zł");
        assert_eq!(money(Locale::Pl, 1_500_000, &currency("PLN")), "15\u{a0}000\u{a0}zł");
        assert_eq!(money(Locale::En, 150_050, &currency("USD")), "$1,500.50");
        assert_eq!(money(Locale::En, -500, &currency("EUR")), "-€5");
        assert_eq!(money(Locale::En, 1200, &currency("JPY")), "¥1,200");
        assert_eq!(money(Locale::En, 1205, &currency("CHF")), "CHF\u{a0}12.05");
        assert_eq!(money(Locale::Pl, 1205, &currency("CHF")), "12,05\u{a0}CHF");
        assert_eq!(money(Locale::En, 1_234_567, &currency("KWD")), "KWD\u{a0}1,234.567");
    }

    #[test]
    fn dates_use_the_language_month_names() {
        let day = date!(2026 - 11 - 24);
        assert_eq!(date(Locale::En, day), "24\u{a0}Nov\u{a0}2026");
        assert_eq!(date(Locale::Pl, day), "24\u{a0}lis\u{a0}2026");
        assert_eq!(date(Locale::Id, date!(2026 - 05 - 02)), "2\u{a0}Mei\u{a0}2026");
        assert_eq!(date_time(Locale::Id, datetime!(2026-11-24 14:05 +07:00)), "24\u{a0}Nov\u{a0}2026, 14.05");
        assert_eq!(date_time(Locale::En, datetime!(2026-11-24 14:05 UTC)), "24\u{a0}Nov\u{a0}2026, 14:05");
    }
}
