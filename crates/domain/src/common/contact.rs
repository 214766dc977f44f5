//! Contact points: email addresses, phone numbers and postal addresses.

use serde::{Deserialize, Serialize};

use crate::common::locale::Region;
use crate::common::text::clean_line;
use crate::common::validation::FieldProblem;

/// An email address, checked against RFC 5322's address syntax. It keeps the
/// spelling it was given; [`Email::key`] is what duplicates and searches compare.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    /// RFC 5321 limits a forward path to 256 octets, so an address to 254.
    pub const MAX_LEN: usize = 254;

    pub fn parse(raw: &str) -> Result<Self, FieldProblem> {
        let trimmed = raw.trim();
        let invalid =
            || FieldProblem::new("invalid_email", format!("'{}' is not a valid email address", shorten(trimmed)));
        if trimmed.len() > Self::MAX_LEN {
            return Err(FieldProblem::new("too_long", "must be at most 254 bytes"));
        }
        let parsed: email_address::EmailAddress = trimmed.parse().map_err(|_| invalid())?;
        // Display names ("Ada <ada@example.com>") parse too; a contact point is the
        // bare address, and a domain without a dot is not deliverable on the internet.
        if parsed.email() != trimmed || !parsed.domain().contains('.') {
            return Err(invalid());
        }
        Ok(Self(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The comparison key: addresses differing only in case reach the same mailbox
    /// in practice, so they count as the same address.
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }
}

/// A phone number in E.164 form (`+628123456789`), validated against the
/// numbering plan of its country.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Phone(String);

impl Phone {
    /// Reads `raw` as a number of `default_region` unless it carries a country
    /// code (`+48 …`, `0048 …` is read as national), and normalises it to E.164.
    pub fn parse(raw: &str, default_region: Region) -> Result<Self, FieldProblem> {
        let trimmed = raw.trim();
        // The refusal says how the region writes a number, and that one from
        // elsewhere needs its country code.
        let invalid = || {
            FieldProblem::new(
                "invalid_phone",
                format!("'{}' is not a valid phone number for region {}", shorten(trimmed), default_region.as_str()),
            )
            .with("region", default_region.as_str())
            .with("example", example_number(default_region))
        };
        if trimmed.is_empty() {
            return Err(FieldProblem::new("required", "must not be empty"));
        }
        if trimmed.len() > 40 {
            return Err(invalid());
        }
        // A number written with its country code is read in that country
        // alone: given a default region as well, the parser strips that
        // region's national prefix from it (an Italian `+39 06 …` read in
        // Indonesia loses the 0 of its area code).
        let region = if trimmed.starts_with('+') { None } else { Some(default_region.id()) };
        let number = phonenumber::parse(region, trimmed).map_err(|_| invalid())?;
        if !phonenumber::is_valid(&number) {
            return Err(invalid());
        }
        Ok(Self(number.format().mode(phonenumber::Mode::E164).to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number as people of `region` write it: the national way for one
    /// of their own country (`0812-3456-7890`, `601 234 567`), the
    /// international way with spaces for any other (`+48 601 234 567`).
    pub fn written_in(&self, region: Region) -> String {
        let Ok(number) = phonenumber::parse(None, &self.0) else { return self.0.clone() };
        let home = number.country().id() == Some(region.id());
        let mode = if home { phonenumber::Mode::National } else { phonenumber::Mode::International };
        number.format().mode(mode).to_string()
    }

    /// The digits of the number with its country code, as WhatsApp's
    /// `wa.me` links take them.
    pub fn digits(&self) -> &str {
        self.0.trim_start_matches('+')
    }
}

/// A mobile number as `region` writes it, for a refusal to show.
fn example_number(region: Region) -> &'static str {
    match region.as_str() {
        "ID" => "0812-3456-7890",
        "PL" => "601 234 567",
        _ => "+62 812-3456-7890",
    }
}

fn shorten(raw: &str) -> String {
    raw.chars().take(60).collect()
}

/// The longest label of a contact point.
pub const MAX_LABEL: usize = 40;

/// A label for a contact point, such as `work` or `home`.
pub fn parse_label(raw: &str) -> Result<String, FieldProblem> {
    clean_line(raw, MAX_LABEL)
}

/// A postal address. Only the country is structured; address formats differ too
/// much between countries to check more than lengths.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    pub label: Option<String>,
    pub street: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    pub postal_code: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
}

/// A postal address as given by a user, every part optional.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddressInput {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = "line-or-blank", max_length = 40))]
    pub label: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = "line-or-blank", max_length = 300))]
    pub street: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = "line-or-blank", max_length = 100))]
    pub city: Option<String>,
    #[serde(default)]
    pub region: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = "line-or-blank", max_length = 20))]
    pub postal_code: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, pattern = "^[ ]*([A-Za-z]{2})?[ ]*$"))]
    pub country: Option<String>,
}

impl Address {
    /// Parses an address, naming the sub-field at fault (`street`, `country`, …).
    pub fn parse(input: &AddressInput) -> Result<Self, (&'static str, FieldProblem)> {
        let part = |name: &'static str,
                    value: &Option<String>,
                    max: usize|
         -> Result<Option<String>, (&'static str, FieldProblem)> {
            crate::common::text::optional_line(value.as_deref(), max).map_err(|p| (name, p))
        };
        let country = match input.country.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(code) => Some(Region::parse(code).map_err(|_| {
                ("country", FieldProblem::new("invalid_country", "must be a two-letter country code such as ID"))
            })?),
        };
        let address = Self {
            label: part("label", &input.label, 40)?,
            street: part("street", &input.street, 300)?,
            city: part("city", &input.city, 100)?,
            region: part("region", &input.region, 100)?,
            postal_code: part("postal_code", &input.postal_code, 20)?,
            country: country.map(|c| c.as_str().to_owned()),
        };
        if address.street.is_none() && address.city.is_none() && address.postal_code.is_none() {
            return Err(("street", FieldProblem::new("required", "an address needs a street, city or postal code")));
        }
        Ok(address)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn region(code: &str) -> Region {
        Region::parse(code).expect("known region")
    }

    #[test]
    fn emails() {
        assert_eq!(Email::parse(" Ada@Example.com ").map(|e| e.key()), Ok("ada@example.com".to_owned()));
        for bad in ["", "ada", "ada@", "@example.com", "Ada <ada@example.com>", "ada@localhost", "a b@example.com"] {
            assert!(Email::parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn phones_are_normalised_to_e164_in_the_default_region() {
        let id = region("ID");
        assert_eq!(Phone::parse("0812-3456-7890", id).map(|p| p.0), Ok("+6281234567890".to_owned()));
        assert_eq!(Phone::parse("+48 601 234 567", id).map(|p| p.0), Ok("+48601234567".to_owned()));
        assert_eq!(Phone::parse("601 234 567", region("PL")).map(|p| p.0), Ok("+48601234567".to_owned()));
        for bad in ["", "12", "not a phone", "+99 123", "0812"] {
            assert!(Phone::parse(bad, id).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn addresses_need_substance_and_a_known_country() {
        let input = AddressInput { city: Some(" Jakarta ".into()), country: Some("id".into()), ..Default::default() };
        let address = Address::parse(&input).expect("valid");
        assert_eq!(address.city.as_deref(), Some("Jakarta"));
        assert_eq!(address.country.as_deref(), Some("ID"));
        assert_eq!(Address::parse(&AddressInput::default()).map_err(|e| e.0), Err("street"));
        let bad_country = AddressInput { city: Some("X".into()), country: Some("Narnia".into()), ..Default::default() };
        assert_eq!(Address::parse(&bad_country).map_err(|e| e.0), Err("country"));
    }

    #[test]
    fn a_number_is_written_the_local_way_at_home_and_the_international_way_abroad() {
        let mobile = Phone::parse("0812-3456-7890", region("ID")).expect("mobile");
        assert_eq!(mobile.written_in(region("ID")), "0812-3456-7890");
        assert_eq!(mobile.written_in(region("PL")), "+62 812-3456-7890");
        assert_eq!(mobile.digits(), "6281234567890");
        let warsaw = Phone::parse("601 234 567", region("PL")).expect("Polish mobile");
        assert_eq!(warsaw.written_in(region("PL")), "601 234 567");
    }

    #[test]
    fn a_number_with_its_country_code_keeps_its_national_digits() {
        let italian = Phone::parse("+39 06 1234 5678", region("ID")).map(|p| p.0);
        assert_eq!(italian, Ok("+390612345678".to_owned()));
        let indonesian = Phone::parse("+62 812-3456-7890", region("PL")).map(|p| p.0);
        assert_eq!(indonesian, Ok("+6281234567890".to_owned()));
    }

    proptest! {
        #[test]
        fn email_parsing_never_panics_and_is_idempotent(raw in "\\PC{0,80}") {
            if let Ok(email) = Email::parse(&raw) {
                prop_assert_eq!(Email::parse(email.as_str()), Ok(email.clone()));
            }
        }

        #[test]
        // Built so that no two dots meet (rather than filtered after, which
        // rejects so many cases that a long run gives up).
        fn generated_addresses_parse(local in "[a-z]([._]?[a-z0-9]){0,20}", domain in "[a-z]{1,20}\\.(com|id|pl)") {
            let raw = format!("{local}@{domain}");
            prop_assert!(Email::parse(&raw).is_ok(), "{} should be accepted", raw);
        }

        #[test]
        fn a_phone_in_e164_is_a_fixed_point(raw in "[+0-9 ()-]{0,20}") {
            if let Ok(phone) = Phone::parse(&raw, region("ID")) {
                prop_assert!(phone.as_str().starts_with('+'));
                prop_assert!(phone.as_str()[1..].chars().all(|c| c.is_ascii_digit()));
                prop_assert_eq!(Phone::parse(phone.as_str(), region("PL")), Ok(phone.clone()));
            }
        }

        #[test]
        fn a_number_in_e164_reads_the_same_in_every_region(raw in "[+0-9 ()-]{0,20}") {
            if let Ok(phone) = Phone::parse(&raw, region("PL")) {
                for other in ["ID", "IT", "GB", "US"] {
                    prop_assert_eq!(Phone::parse(phone.as_str(), region(other)), Ok(phone.clone()));
                }
            }
        }

        #[test]
        fn indonesian_mobiles_normalise(rest in "[0-9]{8}") {
            let phone = Phone::parse(&format!("0812{rest}"), region("ID"));
            prop_assert_eq!(phone.map(|p| p.0), Ok(format!("+62812{rest}")));
        }
    }
}
