//! A contract worked from its own page on a set clock: drafted with its
//! terms and quotas, edited, sent, signed by each side on the day chosen,
//! activated, its quota use recorded, and terminated on the earliest date
//! the page offers; each refusal shown beside its field.

use rapport_core::kernel::clock::Clock;
use rapport_core::on_both_backends;
use time::macros::datetime;

use crate::flows::{input_value, shown_version};
use crate::support::{Page, Site};

/// The contract's page address a saved form went to.
fn contract_path(saved: &Page) -> String {
    assert_eq!(saved.status, 303, "{}", saved.html);
    let path = saved.location().to_owned();
    assert!(path.starts_with("/contracts/"), "{path}");
    path
}

/// Posts a step of the contract at the version its page shows.
async fn step(site: &mut Site, path: &str, fields: &[(&str, &str)]) -> Page {
    let page = site.get(path).await;
    let version = shown_version(&page);
    let mut fields = fields.to_vec();
    fields.push(("version", &version));
    site.post(&format!("{path}/step"), &fields).await
}

on_both_backends! {
    async fn a_contract_is_drafted_edited_signed_used_and_terminated_from_its_page(t: &TestDb) {
        // 10:00 on 2 November in Jakarta.
        let clock = Clock::fixed(datetime!(2026-11-02 03:00 UTC));
        let mut site = Site::on(t, clock).await;
        site.sign_in("owner@example.com").await;
        let firm = site.create_party("organization", "Kantor Hukum Santoso").await;

        let form = site.get(&format!("/parties/{}/contracts/new", firm.0)).await;
        form.assert_contains("name=\"starts_on\" type=\"date\" value=\"2026-11-02\"");
        form.assert_contains("name=\"quota_unit\"");
        let draft = [
            ("title", "Legal retainer"),
            ("scope", "Corporate and employment advice"),
            ("fee_type", "retainer"),
            ("amount", "15,000,000"),
            ("period_days", "30"),
            ("starts_on", "2026-11-01"),
            ("ends_on", "2027-10-31"),
            ("renewal", "manual"),
            ("notice_days", "30"),
            ("withdrawal_clause", "Either side may withdraw with 30 days' notice."),
            ("client_responsibilities", "Sends documents by the 5th"),
            ("quota_unit", "hours"),
            ("quota_per_month", "20"),
            ("quota_unit", ""),
            ("quota_per_month", ""),
        ];
        let path = contract_path(&site.post(&format!("/parties/{}/contracts", firm.0), &draft).await);

        let page = site.get(&path).await;
        assert_eq!(page.status, 200, "{}", page.html);
        page.assert_contains("data-status=\"draft\"");
        let terms = page.section("terms");
        for shown in ["Corporate and employment advice", "Rp\u{a0}15,000,000", "every 30 days", "1\u{a0}Nov\u{a0}2026", "31\u{a0}Oct\u{a0}2027", "Either side may withdraw with 30 days&#39; notice.", "Sends documents by the 5th"] {
            assert!(terms.contains(shown), "{shown} in the terms:\n{terms}");
        }
        assert!(page.section("quotas").contains("data-unit=\"hours\""));

        // The draft is edited: amounts read back the reader's way, a quota added.
        let edit = site.get(&format!("{path}/edit")).await;
        edit.assert_contains("value=\"15,000,000\"");
        edit.assert_contains("name=\"quota_unit\" value=\"hours\"");
        let version = input_value(&edit, "contract-form", "version");
        let mut edited = draft.to_vec();
        edited[0] = ("title", "Legal retainer 2026–2027");
        edited[13] = ("quota_unit", "court visits");
        edited[14] = ("quota_per_month", "2");
        edited.push(("version", &version));
        let mut unfinished = edited.clone();
        unfinished[14] = ("quota_per_month", "");
        let refused = site.post(&path, &unfinished).await;
        assert_eq!(refused.status, 422, "{}", refused.html);
        refused.assert_contains("id=\"quotas-error\"");
        refused.assert_contains("value=\"court visits\"");
        assert_eq!(contract_path(&site.post(&path, &edited).await), path);
        let stale = site.post(&path, &edited).await;
        assert_eq!(stale.status, 422, "{}", stale.html);
        stale.assert_contains("Someone changed this since the page was shown");
        let page = site.get(&path).await;
        page.assert_contains("Legal retainer 2026–2027");
        assert!(page.section("quotas").contains("data-unit=\"court visits\""));

        // Sent, it is no longer edited.
        assert_eq!(step(&mut site, &path, &[("step", "send")]).await.status, 303);
        assert_eq!(site.get(&format!("{path}/edit")).await.location(), path);
        let page = site.get(&path).await;
        page.assert_lacks(&format!("href=\"{path}/edit\""));

        // Each side signs on the day it did; not on a day still to come.
        let future = step(&mut site, &path, &[("step", "sign"), ("side", "provider"), ("signed_on", "2026-11-10")]).await;
        assert_eq!(future.status, 422, "{}", future.html);
        let signatures = future.section("signatures");
        assert!(signatures.contains("id=\"signed_on-error\">Must not be in the future."), "{signatures}");
        assert!(signatures.contains("value=\"2026-11-10\""), "what was typed is kept:\n{signatures}");
        for (side, day) in [("client", "2026-10-28"), ("provider", "2026-10-30")] {
            let signed = step(&mut site, &path, &[("step", "sign"), ("side", side), ("signed_on", day)]).await;
            assert_eq!(signed.status, 303, "{side}: {}", signed.html);
        }
        let page = site.get(&path).await;
        assert!(page.section("client-signed").contains("28\u{a0}Oct\u{a0}2026"), "{}", page.section("signatures"));
        assert!(page.section("provider-signed").contains("30\u{a0}Oct\u{a0}2026"));
        page.assert_contains("data-status=\"signed\"");
        assert_eq!(step(&mut site, &path, &[("step", "activate")]).await.status, 303);

        // Use of the quotas is recorded; going past one is flagged.
        let usage = format!("{path}/usage");
        let used = site.post(&usage, &[("unit", "hours"), ("amount", "3"), ("used_on", "2026-11-01"), ("note", "Board minutes")]).await;
        assert_eq!(used.status, 303, "{}", used.html);
        let wrong = site.post(&usage, &[("unit", "hours"), ("amount", "lots"), ("used_on", "2026-11-01")]).await;
        assert_eq!(wrong.status, 422, "{}", wrong.html);
        wrong.assert_contains("id=\"amount-error\"");
        site.post(&usage, &[("unit", "hours"), ("amount", "25"), ("used_on", "2026-11-02")]).await;
        let page = site.get(&path).await;
        let quotas = page.section("quotas");
        assert!(quotas.contains("28 <span class=\"badge warn\">8 over</span>"), "{quotas}");
        assert!(quotas.contains("Board minutes"), "{quotas}");

        // Termination offers its earliest date (30 days' notice) and refuses one sooner.
        let terminate = page.section("terminate");
        assert!(terminate.contains("name=\"effective_on\" type=\"date\" min=\"2026-12-02\""), "{terminate}");
        assert!(terminate.contains("value=\"2026-12-02\""), "{terminate}");
        assert!(terminate.contains("The earliest is 2\u{a0}Dec\u{a0}2026, with 30 days&#39; notice."), "{terminate}");
        let soon = step(&mut site, &path, &[("step", "terminate"), ("effective_on", "2026-12-01")]).await;
        assert_eq!(soon.status, 422, "{}", soon.html);
        let terminate = soon.section("terminate");
        assert!(terminate.contains("id=\"effective_on-error\">The notice is 30 days: the earliest end is 2\u{a0}Dec\u{a0}2026."), "{terminate}");
        assert!(terminate.contains("value=\"2026-12-01\""), "{terminate}");
        let ended = step(&mut site, &path, &[("step", "terminate"), ("effective_on", "2026-12-02")]).await;
        assert_eq!(ended.status, 303, "{}", ended.html);
        let page = site.get(&path).await;
        page.assert_contains("data-status=\"terminated\"");
        assert!(page.section("dates").contains("2\u{a0}Dec\u{a0}2026"), "{}", page.section("dates"));
        let timeline = page.section("timeline");
        for event in ["Contract drafted", "Draft edited", "Contract sent", "Contract signed</span> · Client", "Contract signed</span> · Us", "Contract activated", "Contract use recorded", "Contract terminated"] {
            assert!(timeline.contains(event), "{event}:\n{timeline}");
        }

        // The party's page lists it and leads to it.
        let party = site.get(&format!("/parties/{}", firm.0)).await;
        assert!(party.section("contracts").contains(&format!("href=\"{path}\"")), "{}", party.section("contracts"));
    }
}
