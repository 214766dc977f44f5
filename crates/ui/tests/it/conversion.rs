//! What used to need the API, from the 360° page: a relationship set by hand
//! with a reason and an end, lifted again; a conversion playbook started,
//! its steps recorded and the playbook won. Refusals come back beside their
//! fields.

use rapport_core::kernel::clock::Clock;
use rapport_core::on_both_backends;
use time::macros::datetime;

use crate::support::Site;

on_both_backends! {
    async fn a_relationship_is_set_by_hand_and_a_playbook_worked_from_the_page(t: &TestDb) {
        let mut site = Site::on(t, Clock::fixed(datetime!(2026-11-24 03:00 UTC))).await;
        site.sign_in("owner@example.com").await;
        let firm = site.create_party("organization", "PT Sinar Abadi").await;
        let path = format!("/parties/{}", firm.0);
        let page = site.get(&path).await;
        assert!(page.section("relationship").contains("kind-prospect"));
        assert!(page.section("override-form").contains("name=\"reason\""));

        // Set by hand: a reason is needed, and an end after today.
        let override_path = format!("{path}/override");
        let no_reason = site.post(&override_path, &[("kind", "client"), ("reason", " "), ("expires_on", "")]).await;
        assert_eq!(no_reason.status, 422, "{}", no_reason.html);
        let form = no_reason.section("override-form");
        assert!(form.contains(" open>") && form.contains("id=\"reason-error\""), "{form}");
        assert!(form.contains("<option value=\"client\" selected>"), "the kind chosen is kept:\n{form}");
        let past = site.post(&override_path, &[("kind", "client"), ("reason", "Signed on paper"), ("expires_on", "2026-01-01")]).await;
        assert_eq!(past.status, 422, "{}", past.html);
        past.assert_contains("id=\"expires_on-error\"");
        past.assert_contains("value=\"Signed on paper\"");
        let set = site.post(&override_path, &[("kind", "client"), ("reason", "Signed on paper"), ("expires_on", "2027-01-01")]).await;
        assert_eq!(set.status, 303, "{}", set.html);
        let page = site.get(&path).await;
        let relationship = page.section("relationship");
        assert!(relationship.contains("kind-client"), "{relationship}");
        assert!(relationship.contains("Set by hand as client: Signed on paper · until 1\u{a0}Jan\u{a0}2027"), "{relationship}");
        assert!(page.section("timeline").contains("Relationship set by hand"));
        let lifted = site.post(&format!("{override_path}/clear"), &[]).await;
        assert_eq!(lifted.status, 303, "{}", lifted.html);
        assert!(site.get(&path).await.section("relationship").contains("kind-prospect"));

        // A playbook: started with a lever, its steps suggested and recorded, then won.
        let page = site.get(&path).await;
        assert!(page.section("playbook").contains("No playbook yet"), "{}", page.section("playbook"));
        let playbook = format!("{path}/playbook");
        assert_eq!(site.post(&playbook, &[("lever", "wishful_thinking")]).await.status, 422);
        let started = site.post(&playbook, &[("lever", "relational_selling")]).await;
        assert_eq!(started.status, 303, "{}", started.html);
        let page = site.get(&path).await;
        let card = page.section("playbook");
        assert!(card.contains("propose a retainer or a contract") && card.contains("<option value=\"propose a retainer\">"), "{card}");
        let steps = format!("{playbook}/steps");
        let blank = site.post(&steps, &[("step", ""), ("done_on", "2026-11-24"), ("step_note", "By email")]).await;
        assert_eq!(blank.status, 422, "{}", blank.html);
        assert!(blank.section("playbook").contains("id=\"step-error\""), "{}", blank.section("playbook"));
        assert!(blank.section("playbook").contains("value=\"By email\""));
        let recorded = site.post(&steps, &[("step", "propose a retainer"), ("done_on", "2026-11-20"), ("step_note", "By email")]).await;
        assert_eq!(recorded.status, 303, "{}", recorded.html);
        let won = site.post(&playbook, &[("lever", "relational_selling"), ("status", "won")]).await;
        assert_eq!(won.status, 303, "{}", won.html);
        let page = site.get(&path).await;
        let card = page.section("playbook");
        assert!(card.contains("20\u{a0}Nov\u{a0}2026 · propose a retainer · <span class=\"muted\">By email</span>"), "{card}");
        assert!(card.contains("data-status=\"won\"") && card.contains("Open it again") && !card.contains("name=\"step\""), "{card}");

        // A viewer reads both and is offered neither.
        let mut viewer = site.another_browser();
        viewer.sign_in("viewer@example.com").await;
        let page = viewer.get(&path).await;
        page.assert_lacks("override-form");
        page.assert_lacks(&format!("action=\"{playbook}"));
        assert_eq!(viewer.post(&override_path, &[("kind", "client"), ("reason", "x")]).await.status, 403);
    }
}

on_both_backends! {
    async fn the_value_model_is_fitted_and_checked_from_its_page(t: &TestDb) {
        let site = Site::on(t, Clock::fixed(datetime!(2026-11-24 03:00 UTC))).await;
        rapport_core::demo::seed(&site.app, &site.system, 120).await.expect("the demo");
        let mut owner = site.another_browser();
        owner.sign_in("owner@example.com").await;
        let page = owner.get("/relationships/model").await;
        assert_eq!(page.status, 200, "{}", page.html);
        let in_use = page.section("in-use");
        assert!(in_use.contains("bought again") && in_use.contains("BG/NBD"), "{in_use}");
        assert!(page.section("validation").contains("Not checked yet."));

        // Checked on a period of one's choosing: the holdout must follow the calibration.
        let backwards = owner.post("/relationships/model/validate", &[("calibration_end", "2026-10-01"), ("holdout_end", "2026-09-01")]).await;
        assert_eq!(backwards.status, 422, "{}", backwards.html);
        assert!(backwards.section("validation").contains("id=\"holdout_end-error\""), "{}", backwards.section("validation"));
        assert!(backwards.section("validation").contains("value=\"2026-10-01\""));
        let checked = owner.post("/relationships/model/validate", &[("calibration_end", "2026-08-24"), ("holdout_end", "2026-11-24")]).await;
        assert_eq!(checked.status, 303, "{}", checked.html);
        let page = owner.get("/relationships/model").await;
        let holdout = page.section("validation");
        assert!(holdout.contains("24\u{a0}Aug\u{a0}2026 – 24\u{a0}Nov\u{a0}2026") && holdout.contains("Repeat purchases"), "{holdout}");

        // Fitted again up to a day of one's choosing, not one still to come.
        let future = owner.post("/relationships/model/fit", &[("calibration_end", "2027-01-01")]).await;
        assert_eq!(future.status, 422, "{}", future.html);
        assert!(future.section("in-use").contains("id=\"calibration_end-error\""), "{}", future.section("in-use"));
        let refit = owner.post("/relationships/model/fit", &[("calibration_end", "2026-11-01")]).await;
        assert_eq!(refit.status, 303, "{}", refit.html);
        assert!(owner.get("/relationships/model").await.section("in-use").contains("1\u{a0}Nov\u{a0}2026"));

        // The dashboard leads here; a viewer reads the page and is offered nothing to run.
        owner.get("/relationships").await.assert_contains("href=\"/relationships/model\"");
        let mut viewer = site.another_browser();
        viewer.sign_in("viewer@example.com").await;
        let page = viewer.get("/relationships/model").await;
        assert_eq!(page.status, 200, "{}", page.html);
        page.assert_lacks("action=\"/relationships/model/fit\"");
        assert_eq!(viewer.post("/relationships/model/fit", &[]).await.status, 403);
    }
}
