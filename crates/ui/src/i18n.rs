//! The interface's words in English, Bahasa Indonesia and Polish, kept as
//! Fluent messages (`locales/*.ftl`, compiled into the binary), so that a
//! translator sees whole sentences with their plural forms: Polish needs
//! one / few / many, which Fluent's plural rules give.

use std::sync::OnceLock;

use axum::http::header;
use axum::http::request::Parts;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use rapport_domain::common::locale::Locale;

/// The message files, one per language.
pub const SOURCES: [(Locale, &str); 3] = [
    (Locale::En, include_str!("../locales/en.ftl")),
    (Locale::Id, include_str!("../locales/id.ftl")),
    (Locale::Pl, include_str!("../locales/pl.ftl")),
];

type Bundle = FluentBundle<FluentResource>;

fn bundle_for(locale: Locale, source: &str) -> Bundle {
    let language = locale.as_str().parse().unwrap_or_default();
    let mut bundle = Bundle::new_concurrent(vec![language]);
    // Unicode isolation marks around arguments matter for right-to-left
    // scripts, which none of these languages is; in HTML they only get in
    // the way of copying and of tests.
    bundle.set_use_isolating(false);
    let resource = FluentResource::try_new(source.to_owned()).unwrap_or_else(|(partial, errors)| {
        tracing::error!(locale = locale.as_str(), ?errors, "a message file does not parse");
        partial
    });
    if let Err(errors) = bundle.add_resource(resource) {
        tracing::error!(locale = locale.as_str(), ?errors, "a message file repeats a message");
    }
    bundle
}

fn bundles() -> &'static [Bundle; 3] {
    static BUNDLES: OnceLock<[Bundle; 3]> = OnceLock::new();
    BUNDLES.get_or_init(|| SOURCES.map(|(locale, source)| bundle_for(locale, source)))
}

fn bundle(locale: Locale) -> &'static Bundle {
    let index = Locale::ALL.iter().position(|l| *l == locale).unwrap_or(0);
    &bundles()[index]
}

/// The message `id` in `locale` with `args`; English where the language
/// lacks it, and the id itself where no language has it (a test keeps every
/// id in every file).
pub fn message(locale: Locale, id: &str, args: Option<&FluentArgs<'_>>) -> String {
    for candidate in [bundle(locale), bundle(Locale::En)] {
        if let Some(pattern) = candidate.get_message(id).and_then(|m| m.value()) {
            let mut errors = Vec::new();
            let text = candidate.format_pattern(pattern, args, &mut errors);
            if !errors.is_empty() {
                tracing::warn!(id, ?errors, "a message was formatted with errors");
            }
            return text.into_owned();
        }
    }
    tracing::warn!(id, "no language has this message");
    id.to_owned()
}

/// Builds the arguments of a message from names and values.
pub fn args<'a>(pairs: impl IntoIterator<Item = (&'a str, FluentValue<'a>)>) -> FluentArgs<'a> {
    let mut args = FluentArgs::new();
    for (name, value) in pairs {
        args.set(name, value);
    }
    args
}

/// Whether `id` is a message of `locale`'s file.
pub fn has(locale: Locale, id: &str) -> bool {
    bundle(locale).has_message(id)
}

/// The language of a page shown before sign-in: the one asked for in the
/// address (`?lang=pl`), else the browser's first that Rapport speaks.
pub fn request_locale(parts: &Parts) -> Locale {
    let asked = parts
        .uri
        .query()
        .and_then(|q| form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == "lang").map(|(_, v)| v.into_owned()));
    if let Some(locale) = asked.and_then(|l| Locale::parse(&l).ok()) {
        return locale;
    }
    let accepted = parts.headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let spoken: Vec<&str> = Locale::ALL.iter().map(Locale::as_str).collect();
    accept_language::intersection(accepted, &spoken).first().and_then(|l| Locale::parse(l).ok()).unwrap_or(Locale::En)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ids of the messages in a file, in order: the lines that open a
    /// message (`id =`), as Fluent's syntax has them start at the margin.
    pub fn ids(source: &str) -> Vec<String> {
        source
            .lines()
            .filter(|line| line.starts_with(|c: char| c.is_ascii_alphabetic()))
            .filter_map(|line| line.split_once(" =").map(|(id, _)| id.trim().to_owned()))
            .collect()
    }

    #[test]
    fn every_file_parses_and_has_the_same_messages() {
        let english = ids(SOURCES[0].1);
        assert!(english.len() > 50, "the English file has {} messages", english.len());
        for (locale, source) in SOURCES {
            if let Err((_, errors)) = FluentResource::try_new(source.to_owned()) {
                panic!("{} does not parse: {errors:?}", locale.as_str());
            }
            let mut found = ids(source);
            let count = found.len();
            found.sort();
            found.dedup();
            assert_eq!(found.len(), count, "{} repeats a message", locale.as_str());
            let mut expected = english.clone();
            expected.sort();
            let missing: Vec<_> = expected.iter().filter(|id| !found.contains(id)).collect();
            let extra: Vec<_> = found.iter().filter(|id| !expected.contains(id)).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{}: missing {missing:?}, extra {extra:?}",
                locale.as_str()
            );
        }
    }

    #[test]
    fn polish_plurals_have_three_forms() {
        let count = |n: i64| message(Locale::Pl, "results-count", Some(&args([("count", FluentValue::from(n))])));
        assert_eq!(count(1), "1 wynik");
        assert_eq!(count(3), "3 wyniki");
        assert_eq!(count(5), "5 wyników");
        assert_eq!(count(22), "22 wyniki");
        assert_eq!(count(112), "112 wyników");
    }

    #[test]
    fn a_missing_message_falls_back_to_english_then_to_its_id() {
        assert_eq!(message(Locale::Id, "no-such-message", None), "no-such-message");
        assert!(has(Locale::Id, "nav-parties"));
        assert_ne!(message(Locale::Id, "nav-parties", None), message(Locale::En, "nav-parties", None));
    }
}
