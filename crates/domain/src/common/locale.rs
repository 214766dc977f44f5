//! How a tenant reads and writes: its currency, language, region (for phone
//! numbers) and time zone.

use serde::{Deserialize, Serialize};

use crate::common::validation::FieldProblem;

/// An ISO 4217 currency code such as `IDR` or `PLN`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Currency(pub(crate) String);

impl Currency {
    pub fn parse(raw: &str) -> Result<Self, FieldProblem> {
        let code = raw.trim().to_ascii_uppercase();
        if code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase()) {
            Ok(Self(code))
        } else {
            Err(FieldProblem::new("invalid_currency", "must be a three-letter ISO 4217 code such as IDR"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The interface languages Rapport speaks.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    En,
    Id,
    Pl,
}

impl Locale {
    pub const ALL: [Locale; 3] = [Locale::En, Locale::Id, Locale::Pl];

    pub fn parse(raw: &str) -> Result<Self, FieldProblem> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "en" => Ok(Self::En),
            "id" => Ok(Self::Id),
            "pl" => Ok(Self::Pl),
            _ => Err(FieldProblem::new("invalid_locale", "must be one of en, id, pl")),
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Id => "id",
            Self::Pl => "pl",
        }
    }
}

/// A country, as an ISO 3166-1 alpha-2 code that the phone-number metadata knows:
/// the region phones without a country code are read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region(pub(crate) phonenumber::country::Id);

impl Region {
    pub fn parse(raw: &str) -> Result<Self, FieldProblem> {
        raw.trim()
            .to_ascii_uppercase()
            .parse::<phonenumber::country::Id>()
            .map(Self)
            .map_err(|_| FieldProblem::new("invalid_region", "must be a two-letter country code such as ID or PL"))
    }

    /// Every code [`Region::parse`] takes, in upper case.
    pub fn all() -> Vec<String> {
        ('A'..='Z')
            .flat_map(|first| ('A'..='Z').map(move |second| format!("{first}{second}")))
            .filter(|code| Self::parse(code).is_ok())
            .collect()
    }

    pub fn id(&self) -> phonenumber::country::Id {
        self.0
    }

    pub fn as_str(&self) -> &str {
        self.0.as_ref()
    }
}

impl Serialize for Region {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Region {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        Self::parse(&raw).map_err(serde::de::Error::custom)
    }
}

/// A time zone of the IANA database, such as `Asia/Jakarta`: the workspace's
/// days begin and end in it (what "today" is, the day an order counts for)
/// and its pages show times in it. The database is compiled in (jiff's
/// bundled copy), so reading a zone is no IO.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TimeZoneName(pub(crate) String);

impl TimeZoneName {
    /// A zone the database knows, by its name in any case (`asia/jakarta`
    /// reads as `Asia/Jakarta`).
    /// Every zone of the bundled database, by name: what [`Self::parse`]
    /// takes, aliases and fixed offsets included.
    pub fn known() -> Vec<String> {
        jiff::tz::db().available().map(|name| name.as_str().to_owned()).collect()
    }

    pub fn parse(raw: &str) -> Result<Self, FieldProblem> {
        let name = raw.trim();
        let refused = || FieldProblem::new("invalid_time_zone", "must be an IANA time zone such as Asia/Jakarta");
        if name.is_empty() || name.len() > 64 {
            return Err(refused());
        }
        match jiff::tz::db().get(name) {
            Ok(zone) => Ok(Self(zone.iana_name().unwrap_or(name).to_owned())),
            Err(_) => Err(refused()),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Coordinated Universal Time: the zone of what belongs to no workspace.
    pub fn utc() -> Self {
        Self("UTC".to_owned())
    }

    /// The zones a menu offers, by name: those of a place (`Asia/Jakarta`)
    /// and UTC, without the database's old aliases (`US/Eastern`, `W-SU`)
    /// and fixed offsets (`Etc/GMT+7`), which a reader would not look for.
    /// Any zone the database knows is still accepted.
    pub fn all() -> Vec<String> {
        const AREAS: [&str; 9] = [
            "Africa/",
            "America/",
            "Antarctica/",
            "Asia/",
            "Atlantic/",
            "Australia/",
            "Europe/",
            "Indian/",
            "Pacific/",
        ];
        let mut names: Vec<String> = jiff::tz::db()
            .available()
            .map(|name| name.as_str().to_owned())
            .filter(|name| name == "UTC" || AREAS.iter().any(|area| name.starts_with(area)))
            .collect();
        names.sort();
        names
    }

    /// The zone's offset from UTC at `at`. A name stored before names were
    /// checked, which the database does not know, counts as UTC.
    pub fn offset_at(&self, at: time::OffsetDateTime) -> time::UtcOffset {
        let Ok(zone) = jiff::tz::db().get(&self.0) else { return time::UtcOffset::UTC };
        let Ok(instant) = jiff::Timestamp::from_second(at.unix_timestamp()) else { return time::UtcOffset::UTC };
        time::UtcOffset::from_whole_seconds(zone.to_offset(instant).seconds()).unwrap_or(time::UtcOffset::UTC)
    }

    /// `at` as the zone's clocks show it.
    pub fn local(&self, at: time::OffsetDateTime) -> time::OffsetDateTime {
        at.to_offset(self.offset_at(at))
    }

    /// The day `at` falls on in the zone: an order at 06:00 in Jakarta on
    /// 5 May (23:00 UTC on 4 May) counts for 5 May.
    pub fn date_of(&self, at: time::OffsetDateTime) -> time::Date {
        self.local(at).date()
    }

    /// The instant the zone's clocks show `time` on `day` (the earlier one
    /// when clocks go back and show it twice, the later when they skip it).
    pub fn at(&self, day: time::Date, time: time::Time) -> time::OffsetDateTime {
        let naive = time::PrimitiveDateTime::new(day, time);
        let zoned = jiff::tz::db().get(&self.0).ok().and_then(|zone| {
            let civil = jiff::civil::DateTime::new(
                i16::try_from(day.year()).ok()?,
                i8::try_from(u8::from(day.month())).ok()?,
                i8::try_from(day.day()).ok()?,
                i8::try_from(time.hour()).ok()?,
                i8::try_from(time.minute()).ok()?,
                i8::try_from(time.second()).ok()?,
                0,
            )
            .ok()?;
            let instant = zone.to_ambiguous_zoned(civil).compatible().ok()?.timestamp();
            time::OffsetDateTime::from_unix_timestamp(instant.as_second()).ok()
        });
        zoned.unwrap_or_else(|| naive.assume_utc())
    }
}
