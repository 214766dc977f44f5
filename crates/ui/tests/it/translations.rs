//! No English on an Indonesian or Polish page: every error code the use
//! cases can give has words in each language, and the pages rendered in
//! Indonesian and Polish (errors included) carry no message left in English.

use std::collections::BTreeSet;
use std::path::Path;

use rapport_core::on_both_backends;
use rapport_domain::common::locale::Locale;
use rapport_ui::i18n;

use crate::support::{Page, Site, user_input};

/// Codes that never reach a reader: a stored row that does not read back is
/// an internal error, shown as one.
const NEVER_SHOWN: [&str; 1] = ["corrupt_settings"];

/// Every error code written in `dir`'s sources outside their tests: the first
/// argument of `FieldProblem::new(…)` and `problem(…)`, the second of
/// `.push(…)` and `single(…)`.
fn codes_in(dir: &Path, codes: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).expect("sources") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            codes_in(&path, codes);
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") || path.ends_with("tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("source");
        let text = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (marker, argument) in [("FieldProblem::new(", 0), ("problem(", 0), (".push(", 1), ("single(", 1)] {
            for (at, _) in text.match_indices(marker) {
                let call: String = text[at + marker.len()..].chars().take(240).collect();
                if let Some(code) = literal_argument(&call, argument) {
                    codes.insert(code);
                }
            }
        }
    }
}

/// The `index`th argument of a call's text if it is a code-like literal.
fn literal_argument(call: &str, index: usize) -> Option<String> {
    let mut depth = 0;
    let mut start = 0;
    let mut arguments = Vec::new();
    let mut in_string = false;
    for (i, c) in call.char_indices() {
        match c {
            '"' => in_string = !in_string,
            '(' | '[' | '{' if !in_string => depth += 1,
            ')' | ']' | '}' if !in_string && depth == 0 => {
                arguments.push(&call[start..i]);
                break;
            }
            ')' | ']' | '}' if !in_string => depth -= 1,
            ',' if !in_string && depth == 0 => {
                arguments.push(&call[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    let literal = arguments.get(index)?.trim().strip_prefix('"')?.strip_suffix('"')?;
    let code_like = literal.starts_with(|c: char| c.is_ascii_lowercase())
        && literal.chars().all(|c| c.is_ascii_lowercase() || c == '_');
    code_like.then(|| literal.to_owned())
}

#[test]
fn every_error_code_has_words_in_every_language() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut codes = BTreeSet::new();
    codes_in(&crates.join("domain/src"), &mut codes);
    codes_in(&crates.join("core/src"), &mut codes);
    assert!(codes.len() > 50 && codes.contains("invalid_amount") && codes.contains("notice"), "{codes:?}");
    let missing: Vec<String> = codes
        .iter()
        .filter(|code| !NEVER_SHOWN.contains(&code.as_str()))
        .flat_map(|code| {
            let id = format!("invalid-{}", code.replace('_', "-"));
            [Locale::En, Locale::Id, Locale::Pl]
                .into_iter()
                .filter(|locale| !i18n::has(*locale, &id))
                .map(|locale| format!("{} {id}", locale.as_str()))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(missing.is_empty(), "error codes without words:\n{}", missing.join("\n"));
}

/// Every English message (of more than one word) whose translation differs,
/// with the ones of `locale`: text that would betray an untranslated one.
fn english_left(page: &Page, locale: Locale) -> Vec<String> {
    let english = include_str!("../../locales/en.ftl");
    let mut left = Vec::new();
    for line in english.lines() {
        let Some((id, text)) = line.split_once(" = ") else { continue };
        let (id, text) = (id.trim(), text.trim());
        if text.contains('{') || text.split_whitespace().count() < 2 || !i18n::has(locale, id) {
            continue;
        }
        if i18n::message(locale, id, None) != text && page.html.contains(&askama_escape(text)) {
            left.push(format!("{id} = {text}"));
        }
    }
    left
}

/// Text as the templates escape it.
fn askama_escape(text: &str) -> String {
    text.replace('&', "&#38;").replace('<', "&#60;").replace('>', "&#62;").replace('"', "&#34;").replace('\'', "&#39;")
}

on_both_backends! {
    async fn indonesian_and_polish_pages_and_their_errors_have_no_english_left(t: &TestDb) {
        let site = Site::new(t).await;
        for (email, locale) in [("id@example.com", "id"), ("pl@example.com", "pl")] {
            site.app.create_user(&site.system, site.system.workspace_id, &user_input(email, "owner", Some(locale))).await.expect("member");
        }
        let mut owner = site.another_browser();
        owner.sign_in("owner@example.com").await;
        let party = owner.create_party("organization", "PT Maju Jaya").await;
        let person = owner.create_party("person", "Dewi Lestari").await;
        // A draft, and a contract in force with a quota, for their pages.
        let contract = |title: &str| -> rapport_domain::contracts::ContractInput {
            serde_json::from_value(serde_json::json!({
                "client_id": party, "title": title, "scope": "Advice", "starts_on": "2026-01-01",
                "fee": {"type": "retainer", "amount_minor": 100000, "period_days": 30},
                "terms": {"withdrawal_clause": "Thirty days"}, "quotas": [{"unit": "hours", "per_month": 10}]
            })).expect("a contract")
        };
        let draft = site.app.create_contract(&site.system, &contract("Draft")).await.expect("draft").id;
        let active = site.app.create_contract(&site.system, &contract("Retainer")).await.expect("contract").id;
        let day = site.app.today(site.system.workspace_id).await.expect("today");
        {
            use rapport_core::contracts::Step;
            use rapport_domain::contracts::Side;
            for step in [Step::Send, Step::Sign { side: Side::Client, on: day }, Step::Sign { side: Side::Provider, on: day }, Step::Activate] {
                site.app.contract_step(&site.system, active, None, step).await.expect("a step");
            }
        }
        for (email, locale) in [("id@example.com", Locale::Id), ("pl@example.com", Locale::Pl)] {
            let mut reader = site.another_browser();
            let mut pages = vec![("sign-in".to_owned(), reader.sign_in(email).await)];
            for path in [
                "/parties".to_owned(),
                format!("/parties/{}", party.0),
                format!("/parties/{}", person.0),
                format!("/parties/{}/edit", party.0),
                format!("/parties/{}/orders/new", party.0),
                format!("/parties/{}/contracts/new", party.0),
                format!("/contracts/{}", draft.0),
                format!("/contracts/{}/edit", draft.0),
                format!("/contracts/{}", active.0),
                "/parties/new?kind=person".to_owned(),
                "/relationships".to_owned(),
                "/relationships/model".to_owned(),
                "/offerings".to_owned(),
                "/settings".to_owned(),
                "/parties?owner=somebody".to_owned(),
                "/no/such/page".to_owned(),
            ] {
                let page = reader.get(&path).await;
                pages.push((path, page));
            }
            // Forms sent back with errors beside their fields.
            pages.push(("party form".into(), reader.post("/parties", &[("kind", "person"), ("name", ""), ("email", "not-an-email"), ("phone", "12"), ("birthday", "1800-01-01")]).await));
            pages.push(("offering form".into(), reader.post("/offerings", &[("name", ""), ("kind", "service"), ("price", "1,500")]).await));
            pages.push(("contract form".into(), reader.post(&format!("/parties/{}/contracts", party.0), &[("title", ""), ("scope", ""), ("fee_type", "fixed"), ("amount", "abc"), ("starts_on", "2026-13-40")]).await));
            pages.push(("contract step".into(), reader.post(&format!("/contracts/{}/step", active.0), &[("step", "terminate"), ("effective_on", &day.to_string()), ("version", "5")]).await));
            pages.push(("model check".into(), reader.post("/relationships/model/validate", &[("calibration_end", "2026-10-01"), ("holdout_end", "2026-09-01")]).await));
            pages.push(("contract use".into(), reader.post(&format!("/contracts/{}/usage", active.0), &[("unit", "hours"), ("amount", "x")]).await));
            pages.push(("member form".into(), reader.post("/settings/members", &[("email", "x"), ("display_name", ""), ("password", "short"), ("role", "viewer")]).await));
            pages.push(("note".into(), reader.post(&format!("/parties/{}/notes", party.0), &[("body", "  ")]).await));
            for (what, page) in &pages {
                assert!(page.html.contains(&format!("<html lang=\"{}\">", locale.as_str())), "{what}: {}", page.html);
                let left = english_left(page, locale);
                assert!(left.is_empty(), "English on the {} page {what} (status {}):\n{}", locale.as_str(), page.status, left.join("\n"));
            }
        }
    }
}
