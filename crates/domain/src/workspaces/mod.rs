//! Workspace settings: the defaults every record of a tenant is read and written with.

pub mod events;

use serde::{Deserialize, Serialize};

use crate::common::locale::{Currency, Locale, Region, TimeZoneName};
use crate::common::validation::{FieldProblem, ValidationErrors};

/// The settings of a workspace.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceSettings {
    pub name: String,
    pub currency: Currency,
    pub locale: Locale,
    pub time_zone: TimeZoneName,
    /// ISO 3166-1 alpha-2 code of the country phones are read in by default.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "ID"))]
    pub phone_region: Region,
    /// What counts as loyal, at risk, lapsed or a client here.
    pub policy: crate::classification::Policy,
    /// The workspace's own words for kinds of relationship, per language.
    pub terminology: crate::classification::Terminology,
}

/// Raw workspace settings as a user typed them.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct WorkspaceSettingsInput {
    pub name: String,
    pub currency: String,
    pub locale: String,
    pub time_zone: String,
    pub phone_region: String,
}

impl WorkspaceSettings {
    pub fn parse(input: &WorkspaceSettingsInput) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let name = errors.take("name", crate::common::text::clean_line(&input.name, 100));
        let currency = errors.take("currency", Currency::parse(&input.currency));
        let locale = errors.take("locale", Locale::parse(&input.locale));
        let time_zone = errors.take("time_zone", TimeZoneName::parse(&input.time_zone));
        let phone_region = errors.take("phone_region", Region::parse(&input.phone_region));
        match (name, currency, locale, time_zone, phone_region) {
            (Some(name), Some(currency), Some(locale), Some(time_zone), Some(phone_region)) if errors.is_empty() => {
                Ok(Self {
                    name,
                    currency,
                    locale,
                    time_zone,
                    phone_region,
                    policy: crate::classification::Policy::default(),
                    terminology: crate::classification::Terminology::default(),
                })
            }
            _ => Err(errors),
        }
    }

    /// The settings a fresh installation starts with: an Indonesian business.
    pub fn default_for_new_installation() -> Self {
        Self {
            name: "Default".to_owned(),
            currency: Currency("IDR".to_owned()),
            locale: Locale::En,
            time_zone: TimeZoneName("Asia/Jakarta".to_owned()),
            phone_region: Region(phonenumber::country::Id::ID),
            policy: crate::classification::Policy::default(),
            terminology: crate::classification::Terminology::default(),
        }
    }
}

/// A workspace as stored.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workspace {
    pub id: crate::common::ids::WorkspaceId,
    /// A short, unique, URL-safe name used by the CLI (`default`, `jakarta`).
    pub slug: String,
    #[serde(flatten)]
    pub settings: WorkspaceSettings,
    pub version: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: time::OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: time::OffsetDateTime,
}

impl WorkspaceSettings {
    /// Settings read back from storage, which were validated when written.
    /// Policy and terminology are stored as JSON of their types.
    pub fn from_stored(
        name: String,
        currency: String,
        locale: &str,
        time_zone: String,
        phone_region: &str,
        policy: &str,
        terminology: &str,
    ) -> Result<Self, FieldProblem> {
        let json = |e: serde_json::Error| FieldProblem::new("corrupt_settings", e.to_string());
        Ok(Self {
            name,
            currency: Currency(currency),
            locale: Locale::parse(locale)?,
            time_zone: TimeZoneName(time_zone),
            phone_region: Region::parse(phone_region)?,
            policy: serde_json::from_str(policy).map_err(json)?,
            terminology: serde_json::from_str(terminology).map_err(json)?,
        })
    }
}

/// A partial update of a workspace's settings.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingsPatch {
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = "line", max_length = 100))]
    pub name: Option<String>,
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Za-z]{3}$"))]
    pub currency: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Locale>))]
    pub locale: Option<String>,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::common::schemas::optional_time_zone))]
    pub time_zone: Option<String>,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::common::schemas::optional_region))]
    pub phone_region: Option<String>,
    /// Changes to the classification policy; fields not given stay.
    pub policy: Option<crate::classification::PolicyInput>,
    /// The workspace's words per kind and language, replacing the current ones
    /// entirely: `{"customer": {"en": "subscriber", "id": "pelanggan"}}`.
    #[cfg_attr(
        feature = "openapi",
        schema(value_type = Option<std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>>>)
    )]
    pub terminology: Option<std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>>>,
}

/// Checks a workspace slug: lower-case letters, digits and dashes, 1 to 40 long.
pub fn parse_slug(raw: &str) -> Result<String, FieldProblem> {
    let slug = raw.trim();
    let ok = !slug.is_empty()
        && slug.len() <= 40
        && slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !slug.starts_with('-');
    if ok {
        Ok(slug.to_owned())
    } else {
        Err(FieldProblem::new("invalid_slug", "must be 1 to 40 lower-case letters, digits or dashes"))
    }
}

#[cfg(test)]
mod tests {
    use time::macros::{date, datetime, time};

    use super::*;

    #[test]
    fn a_zone_decides_the_day_and_the_clock() {
        let jakarta = TimeZoneName::parse("asia/jakarta").expect("Jakarta");
        assert_eq!(jakarta.as_str(), "Asia/Jakarta");
        let warsaw = TimeZoneName::parse("Europe/Warsaw").expect("Warsaw");
        // 06:00 in Jakarta on 5 May is 23:00 UTC on 4 May.
        let order = datetime!(2026-05-04 23:00 UTC);
        assert_eq!(jakarta.date_of(order), date!(2026 - 05 - 05));
        assert_eq!(jakarta.local(order).time(), time!(06:00));
        assert_eq!(warsaw.date_of(order), date!(2026 - 05 - 05), "01:00 in Warsaw, summer time");
        assert_eq!(warsaw.date_of(datetime!(2026-01-04 23:00 UTC)), date!(2026 - 01 - 05), "00:00, winter time");
        assert_eq!(warsaw.date_of(datetime!(2026-01-04 22:59 UTC)), date!(2026 - 01 - 04));
        assert_eq!(jakarta.at(date!(2026 - 05 - 05), time!(06:00)), order);
        assert_eq!(
            warsaw.at(date!(2026 - 03 - 29), time!(02:30)),
            datetime!(2026-03-29 01:30 UTC),
            "skipped: the later offset"
        );
        assert_eq!(
            warsaw.at(date!(2026 - 10 - 25), time!(02:30)),
            datetime!(2026-10-25 00:30 UTC),
            "twice: the earlier"
        );
        for bad in ["", "Mars/Olympus", "Asia/Jakarta; DROP", "UTC+7"] {
            assert!(TimeZoneName::parse(bad).is_err(), "{bad:?}");
        }
        let all = TimeZoneName::all();
        assert!(all.iter().any(|z| z == "Asia/Makassar") && all.iter().any(|z| z == "Europe/Warsaw"));
        assert!(!all.iter().any(|z| z == "W-SU" || z == "US/Eastern" || z.starts_with("Etc/")), "no aliases offered");
        assert!(TimeZoneName::parse("US/Eastern").is_ok(), "though an alias is still understood");
        assert_eq!(TimeZoneName("Gone/Zone".into()).offset_at(order), time::UtcOffset::UTC);
    }

    #[test]
    fn settings_parse_and_report_every_bad_field() {
        let good = WorkspaceSettingsInput {
            name: "Toko Maju".into(),
            currency: "pln".into(),
            locale: "PL".into(),
            time_zone: "Europe/Warsaw".into(),
            phone_region: "pl".into(),
        };
        let settings = WorkspaceSettings::parse(&good).expect("valid settings");
        assert_eq!(settings.currency.as_str(), "PLN");
        assert_eq!(settings.locale, Locale::Pl);
        assert_eq!(settings.phone_region.as_str(), "PL");

        let bad = WorkspaceSettingsInput {
            name: "".into(),
            currency: "rupiah".into(),
            locale: "de".into(),
            time_zone: "not a zone".into(),
            phone_region: "XX".into(),
        };
        let errors = WorkspaceSettings::parse(&bad).expect_err("invalid settings");
        let fields: Vec<_> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "currency", "locale", "time_zone", "phone_region"]);
    }
}
