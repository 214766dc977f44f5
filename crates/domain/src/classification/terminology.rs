//! The words a workspace uses for each kind of relationship, per language:
//! a subscription business says "subscriber", a clinic says "patient".

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::classification::Kind;
use crate::common::locale::Locale;
use crate::common::validation::ValidationErrors;

/// A workspace's own words, replacing the defaults where given.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(value_type = Object, example = json!({"customer": {"en": "subscriber", "pl": "subskrybent"}})))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Terminology(BTreeMap<Kind, BTreeMap<Locale, String>>);

/// The longest word (or short phrase) a workspace may choose.
const MAX_CHARS: usize = 40;

impl Terminology {
    /// Reads terminology as a user typed it: kinds to languages to words.
    /// Errors name the entry at fault, such as `terminology.customer.de`.
    pub fn parse(raw: &BTreeMap<String, BTreeMap<String, String>>) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let mut words = BTreeMap::new();
        for (kind, by_language) in raw {
            let Some(kind) = errors.take(format!("terminology.{kind}"), Kind::parse(kind)) else {
                continue;
            };
            let mut entry = BTreeMap::new();
            for (language, word) in by_language {
                let field = format!("terminology.{}.{language}", kind.as_str());
                let locale = errors.take(field.clone(), Locale::parse(language));
                let word = errors.take(field, crate::common::text::clean_line(word, MAX_CHARS));
                if let (Some(locale), Some(word)) = (locale, word) {
                    entry.insert(locale, word);
                }
            }
            if !entry.is_empty() {
                words.insert(kind, entry);
            }
        }
        errors.finish(|| Self(words))
    }

    /// The workspace's own word for `kind` in `locale`, if it chose one.
    pub fn own(&self, kind: Kind, locale: Locale) -> Option<String> {
        self.0.get(&kind).and_then(|by_language| by_language.get(&locale)).cloned()
    }

    /// The word for `kind` in `locale`: the workspace's own, or Rapport's.
    pub fn label(&self, kind: Kind, locale: Locale) -> String {
        self.0
            .get(&kind)
            .and_then(|by_language| by_language.get(&locale))
            .cloned()
            .unwrap_or_else(|| default_word(kind, locale).to_owned())
    }
}

/// Rapport's own words. Polish has one everyday word for both client and
/// customer ("klient"); "nabywca" (buyer) keeps the two apart, and no other
/// kind's word contains "klient", or the difference would blur again.
fn default_word(kind: Kind, locale: Locale) -> &'static str {
    match (locale, kind) {
        (Locale::En, Kind::Client) => "client",
        (Locale::En, Kind::Customer) => "customer",
        (Locale::En, Kind::Consumer) => "consumer",
        (Locale::En, Kind::Internal) => "internal customer",
        (Locale::En, Kind::Prospect) => "prospect",
        (Locale::Id, Kind::Client) => "klien",
        (Locale::Id, Kind::Customer) => "pelanggan",
        (Locale::Id, Kind::Consumer) => "konsumen",
        (Locale::Id, Kind::Internal) => "pelanggan internal",
        (Locale::Id, Kind::Prospect) => "calon pelanggan",
        (Locale::Pl, Kind::Client) => "klient",
        (Locale::Pl, Kind::Customer) => "nabywca",
        (Locale::Pl, Kind::Consumer) => "konsument",
        (Locale::Pl, Kind::Internal) => "odbiorca wewnętrzny",
        (Locale::Pl, Kind::Prospect) => "potencjalny nabywca",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(entries: &[(&str, &str, &str)]) -> BTreeMap<String, BTreeMap<String, String>> {
        let mut map: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        for (kind, language, word) in entries {
            map.entry((*kind).into()).or_default().insert((*language).into(), (*word).into());
        }
        map
    }

    #[test]
    fn a_workspace_word_replaces_the_default_in_its_language_only() {
        let words = Terminology::parse(&raw(&[("customer", "en", "  subscriber "), ("customer", "ID", "pelanggan")]))
            .expect("valid");
        assert_eq!(words.label(Kind::Customer, Locale::En), "subscriber");
        assert_eq!(words.label(Kind::Customer, Locale::Id), "pelanggan");
        assert_eq!(words.label(Kind::Customer, Locale::Pl), "nabywca");
        assert_eq!(words.label(Kind::Client, Locale::En), "client");
    }

    #[test]
    fn every_kind_has_a_distinct_default_word_in_every_language() {
        for locale in Locale::ALL {
            let words: std::collections::BTreeSet<String> =
                Kind::PRECEDENCE.into_iter().map(|k| Terminology::default().label(k, locale)).collect();
            assert_eq!(words.len(), Kind::PRECEDENCE.len(), "{locale:?}");
        }
    }

    #[test]
    fn in_polish_only_the_client_is_a_klient() {
        for kind in Kind::PRECEDENCE {
            let word = default_word(kind, Locale::Pl);
            assert_eq!(word.contains("klient"), kind == Kind::Client, "{kind:?}: {word}");
        }
    }

    #[test]
    fn unknown_kinds_languages_and_empty_words_are_named() {
        let errors = Terminology::parse(&raw(&[
            ("patient", "en", "patient"),
            ("client", "de", "Mandant"),
            ("client", "en", " "),
        ]))
        .expect_err("invalid");
        let fields: Vec<_> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["terminology.client.de", "terminology.client.en", "terminology.patient"]);
    }
}
