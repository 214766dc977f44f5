//! The settings pages: the workspace, its words, its policy, members and
//! tokens, changed through forms, and refused to those whose role may not.

use rapport_core::on_both_backends;

use crate::support::Site;

/// The workspace's version as the settings page's forms carry it.
fn version(page: &crate::support::Page) -> String {
    let part = page.html.as_str();
    let at = part.find("name=\"version\" value=\"").expect("a version") + "name=\"version\" value=\"".len();
    part[at..].split('"').next().expect("value").to_owned()
}

on_both_backends! {
    async fn the_workspace_words_and_policy_are_changed_through_the_forms(t: &TestDb) {
        let mut site = Site::new(t).await;
        site.sign_in("owner@example.com").await;
        let id = site.create_party("person", "Dewi Lestari").await;
        let page = site.get("/settings").await;
        assert_eq!(page.status, 200, "{}", page.html);
        let v = version(&page);

        let saved = site.post("/settings/terminology", &[("version", &v), ("term.prospect.en", "lead"), ("term.prospect.pl", "kontakt")]).await;
        assert_eq!(saved.status, 303, "{}", saved.html);
        assert_eq!(saved.location(), "/settings?saved=1#terminology");
        let party = site.get(&format!("/parties/{}", id.0)).await;
        assert!(party.section("relationship").contains(">lead</span>"), "{}", party.section("relationship"));
        let page = site.get("/settings?saved=1").await;
        page.assert_contains("Saved.");
        page.assert_contains("name=\"term.prospect.en\" aria-label=\"prospect · English\" lang=\"en\" value=\"lead\"");

        // A stale form is refused, and says so.
        let stale = site.post("/settings/workspace", &[("version", &v), ("name", "Kantor"), ("currency", "IDR"), ("locale", "id"), ("time_zone", "Asia/Jakarta"), ("phone_region", "ID")]).await;
        assert_eq!(stale.status, 409, "{}", stale.html);
        stale.assert_contains("id=\"conflict\"");
        let v = version(&stale);
        let wrong = site.post("/settings/workspace", &[("version", &v), ("name", "Kantor"), ("currency", "RUPIAH"), ("locale", "id"), ("time_zone", "Asia/Jakarta"), ("phone_region", "ID")]).await;
        assert_eq!(wrong.status, 422, "{}", wrong.html);
        // What was sent stays chosen, beside the reason, among the named currencies.
        wrong.assert_contains("id=\"ws-currency\" name=\"currency\" aria-invalid=\"true\"");
        wrong.assert_contains("<option selected>RUPIAH</option>");
        wrong.assert_contains("<option value=\"PLN\">PLN (zł)</option>");
        let good = site.post("/settings/workspace", &[("version", &v), ("name", "Kantor Hukum"), ("currency", "IDR"), ("locale", "id"), ("time_zone", "Asia/Jakarta"), ("phone_region", "ID")]).await;
        assert_eq!(good.status, 303, "{}", good.html);
        let workspace = site.app.workspace(&site.system).await.expect("workspace");
        assert_eq!((workspace.settings.name.as_str(), workspace.settings.currency.as_str()), ("Kantor Hukum", "IDR"));

        let page = site.get("/settings").await;
        let v = version(&page);
        let policy = [("version", v.as_str()), ("loyal_min_purchases", "1"), ("loyal_min_span_days", "90"), ("at_risk_after_days", "120"), ("lapsed_after_days", "365"), ("at_risk_below_alive_percent", "50"), ("lapsed_below_alive_percent", "20")];
        let refused = site.post("/settings/policy", &policy).await;
        assert_eq!(refused.status, 422, "{}", refused.html);
        refused.assert_contains("id=\"loyal_min_purchases-error\"");
        refused.assert_contains("value=\"1\" aria-invalid=\"true\"");
        let mut policy = policy;
        policy[1] = ("loyal_min_purchases", "3");
        let saved = site.post("/settings/policy", &policy).await;
        assert_eq!(saved.status, 303, "{}", saved.html);
        let workspace = site.app.workspace(&site.system).await.expect("workspace");
        assert_eq!(workspace.settings.policy.loyal_min_purchases, 3);
        assert!(!workspace.settings.policy.client_by_personal_service, "an unticked box turns the rule off");
    }

    async fn members_roles_and_tokens_are_managed_and_a_viewer_only_reads(t: &TestDb) {
        let mut site = Site::new(t).await;
        site.sign_in("owner@example.com").await;
        site.get("/settings").await;
        let added = site.post("/settings/members", &[("email", "rina@example.com"), ("display_name", "Rina"), ("password", "short"), ("role", "sales")]).await;
        assert_eq!(added.status, 422, "{}", added.html);
        added.assert_contains("id=\"password-error\"");
        added.assert_lacks("value=\"short\"");
        let added = site.post("/settings/members", &[("email", "rina@example.com"), ("display_name", "Rina"), ("password", "a long enough password"), ("role", "sales")]).await;
        assert_eq!(added.status, 303, "{}", added.html);
        let rina = site.user("rina@example.com").await;
        let changed = site.post(&format!("/settings/members/{}/role", rina.0), &[("role", "manager")]).await;
        assert_eq!(changed.status, 303, "{}", changed.html);
        let members = site.app.members(&site.system).await.expect("members");
        assert!(members.iter().any(|(u, r)| u.id == rina && r.as_str() == "manager"));

        let past = site.post("/settings/tokens", &[("name", "Old"), ("scope", "read"), ("expires_on", "2020-01-01")]).await;
        assert_eq!(past.status, 422, "{}", past.html);
        past.assert_contains("id=\"expires_on-error\"");
        let made = site.post("/settings/tokens", &[("name", "Zapier"), ("scope", "read"), ("expires_on", "")]).await;
        assert_eq!(made.status, 200, "{}", made.html);
        let secret = made.section("tokens");
        let at = secret.find("<code id=\"new-secret\">").expect("the secret is shown") + "<code id=\"new-secret\">".len();
        let secret = secret[at..].split('<').next().expect("secret").to_owned();
        assert!(secret.starts_with("rpt_"), "{secret}");
        assert!(site.app.token_actor(&secret).await.expect("lookup").is_some(), "the token works");
        let again = site.get("/settings").await;
        again.assert_lacks(&secret);
        let part = again.section("tokens");
        let at = part.find("action=\"/settings/tokens/").expect("a revoke form") + "action=\"".len();
        let action = part[at..].split('"').next().expect("action").to_owned();
        assert_eq!(site.post(&action, &[]).await.status, 303);
        assert!(site.app.token_actor(&secret).await.expect("lookup").is_none(), "revoked");

        let mut viewer = site.another_browser();
        viewer.sign_in("viewer@example.com").await;
        let page = viewer.get("/settings").await;
        assert_eq!(page.status, 200);
        page.assert_lacks("action=\"/settings/workspace\"");
        page.assert_lacks("action=\"/settings/members\"");
        page.assert_contains("action=\"/settings/tokens\"");
        let v = version(&page);
        let refused = viewer.post("/settings/terminology", &[("version", &v), ("term.client.en", "patron")]).await;
        assert_eq!(refused.status, 403, "{}", refused.html);
        let refused = viewer.post(&format!("/settings/members/{}/role", rina.0), &[("role", "owner")]).await;
        assert_eq!(refused.status, 403, "{}", refused.html);
        let workspace = site.app.workspace(&site.system).await.expect("workspace");
        assert_eq!(workspace.settings.terminology.own(rapport_domain::classification::Kind::Client, rapport_domain::common::locale::Locale::En), None);
    }
}

on_both_backends! {
    async fn teams_are_made_and_changed_and_a_party_is_handed_over(t: &TestDb) {
        let mut site = Site::new(t).await;
        site.sign_in("owner@example.com").await;
        let viewer_id = site.user("viewer@example.com").await.0.to_string();
        let owner_id = site.user("owner@example.com").await.0.to_string();

        let made = site.post("/settings/teams", &[("name", "Jakarta"), ("member", &owner_id)]).await;
        assert_eq!(made.status, 303, "{}", made.html);
        let twice = site.post("/settings/teams", &[("name", "Jakarta"), ("member", "")]).await;
        assert_eq!(twice.status, 409, "{}", twice.html);
        let (team, members) = site.app.teams(&site.system).await.expect("teams").remove(0);
        assert_eq!(members.len(), 1);
        let added = site.post(&format!("/settings/teams/{}/add", team.id.0), &[("member", &viewer_id)]).await;
        assert_eq!(added.status, 303, "{}", added.html);
        let page = site.get("/settings").await;
        assert!(page.section("teams").contains("<h3>Jakarta</h3>"), "{}", page.section("teams"));
        assert!(page.section("teams").contains("viewer"), "{}", page.section("teams"));
        let removed = site.post(&format!("/settings/teams/{}/remove", team.id.0), &[("member", &viewer_id)]).await;
        assert_eq!(removed.status, 303, "{}", removed.html);
        assert_eq!(site.app.teams(&site.system).await.expect("teams")[0].1.len(), 1);

        // The owner hands a party to the viewer from its page; the viewer may not hand it back.
        let party = site.create_party("organization", "PT Serah Terima").await;
        let path = format!("/parties/{}", party.0);
        let page = site.get(&path).await;
        page.assert_contains(&format!("action=\"{path}/owner\""));
        let version = crate::flows::input_value(&page, "details", "version");
        let handed = site.post(&format!("{path}/owner"), &[("owner", &viewer_id), ("version", &version)]).await;
        assert_eq!(handed.status, 303, "{}", handed.html);
        let shown = site.get(&path).await;
        assert!(shown.section("owner").contains("viewer"), "{}", shown.section("owner"));
        let stale = site.post(&format!("{path}/owner"), &[("owner", &owner_id), ("version", &version)]).await;
        assert_eq!(stale.status, 409, "{}", stale.html);

        let mut viewer = site.another_browser();
        viewer.sign_in("viewer@example.com").await;
        let page = viewer.get(&path).await;
        page.assert_lacks(&format!("action=\"{path}/owner\""));
        assert_eq!(viewer.post("/settings/teams", &[("name", "Sneaky")]).await.status, 403);
    }
}

on_both_backends! {
    async fn the_dashboard_says_why_the_value_model_cannot_be_fitted_yet(t: &TestDb) {
        let mut site = Site::new(t).await;
        site.sign_in("owner@example.com").await;
        let page = site.get("/relationships").await;
        assert!(page.section("no-model").contains("at least 10 customers who bought on more than one day; there are 0 so far"), "{}", page.html);
        page.assert_lacks("action=\"/relationships/fit\"");
        // Asked anyway (an old page sent again), it says why not and keeps the page.
        let refused = site.post("/relationships/fit", &[]).await;
        assert_eq!(refused.status, 409, "{}", refused.html);
        refused.assert_contains("id=\"fit-failed\"");
        let mut viewer = site.another_browser();
        viewer.sign_in("viewer@example.com").await;
        assert_eq!(viewer.post("/relationships/fit", &[]).await.status, 403);
    }
}
