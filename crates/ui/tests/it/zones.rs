//! Times and days in the workspace's time zone, on a set clock: an order at
//! 06:00 in Jakarta on 5 May (23:00 UTC on 4 May) is on 5 May.

use rapport_core::kernel::clock::Clock;
use rapport_core::on_both_backends;
use rapport_domain::commerce::{AmountInput, OfferingInput, OrderInput};
use rapport_domain::workspaces::SettingsPatch;
use time::macros::datetime;

use crate::support::Site;

on_both_backends! {
    async fn days_and_times_follow_the_workspace_time_zone(t: &TestDb) {
        let clock = Clock::fixed(datetime!(2026-05-04 23:00 UTC));
        let mut site = Site::on(t, clock.clone()).await;
        site.sign_in("owner@example.com").await;
        let buyer = site.create_party("person", "Sari Dewi").await;
        let input = OfferingInput { name: "Creambath".into(), kind: "service".into(), tailored: false, price: AmountInput::Text("75000".into()), currency: None };
        let offering = site.app.create_offering(&site.system, &input).await.expect("offering").id;
        let path = format!("/parties/{}", buyer.0);

        // In Jakarta (the default workspace's zone) it is 06:00 on 5 May.
        let form = site.get(&format!("{path}/orders/new")).await;
        form.assert_contains("name=\"ordered_on\" type=\"date\" value=\"2026-05-05\"");
        let ordered = site.post(&format!("{path}/orders"), &[("ordered_on", "2026-05-05"), ("offering.0", &offering.0.to_string()), ("quantity.0", "1")]).await;
        assert_eq!(ordered.status, 303, "{}", ordered.html);
        let noted = site.post(&format!("{path}/notes"), &[("body", "Prefers mornings")]).await;
        assert_eq!(noted.status, 303, "{}", noted.html);
        // An order at 21:30 UTC on 4 May: 04:30 on 5 May in Jakarta, 23:30 on 4 May in Warsaw.
        let late: OrderInput = serde_json::from_value(serde_json::json!({
            "buyer_id": buyer, "ordered_at": "2026-05-04T21:30:00Z", "lines": [{"offering_id": offering}]
        })).expect("order");
        site.app.create_order(&site.system, &late).await.expect("order");

        let page = site.get(&path).await;
        let orders = page.section("orders");
        assert_eq!(orders.matches("5\u{a0}May\u{a0}2026").count(), 2, "both on 5 May in Jakarta:\n{orders}");
        assert!(page.section("timeline").contains("5\u{a0}May\u{a0}2026, 06:00"), "{}", page.section("timeline"));
        assert!(page.section("reasons").contains("5\u{a0}May\u{a0}2026"), "{}", page.section("reasons"));

        // The same records in Warsaw, where it is 01:00 on 5 May (summer time).
        let patch = SettingsPatch { time_zone: Some("Europe/Warsaw".into()), ..SettingsPatch::default() };
        site.app.update_workspace(&site.system, None, patch).await.expect("Warsaw");
        let page = site.get(&path).await;
        let orders = page.section("orders");
        assert!(orders.contains("5\u{a0}May\u{a0}2026") && orders.contains("4\u{a0}May\u{a0}2026"), "{orders}");
        assert!(page.section("timeline").contains("5\u{a0}May\u{a0}2026, 01:00"), "{}", page.section("timeline"));
        site.get(&format!("{path}/orders/new")).await.assert_contains("name=\"ordered_on\" type=\"date\" value=\"2026-05-05\"");

        // An hour earlier on the clock, Warsaw is still on 4 May; Jakarta is not.
        clock.set(datetime!(2026-05-04 21:45 UTC));
        site.get(&format!("{path}/orders/new")).await.assert_contains("name=\"ordered_on\" type=\"date\" value=\"2026-05-04\"");
        assert_eq!(site.app.today(site.system.workspace_id).await.expect("today"), time::macros::date!(2026 - 05 - 04));

        // The settings offer the zones by name and refuse one that is not.
        let settings = site.get("/settings").await;
        settings.assert_contains("<option value=\"Europe/Warsaw\" selected>Europe/Warsaw (UTC+02:00)</option>");
        settings.assert_contains(">Asia/Jakarta (UTC+07:00)</option>");
        let refused = SettingsPatch { time_zone: Some("Mars/Olympus".into()), ..SettingsPatch::default() };
        assert!(site.app.update_workspace(&site.system, None, refused).await.is_err());
    }
}
