//! Amounts typed as each language writes them, on the offering and contract
//! forms; one that could mean two things is refused with both readings.

use rapport_core::on_both_backends;
use rapport_domain::workspaces::SettingsPatch;

use crate::support::{Site, user_input};

/// The price of the offering named `name`, in minor units.
async fn price_of(site: &Site, name: &str) -> Option<i64> {
    let offerings = site.app.offerings(&site.system, false).await.expect("offerings");
    offerings.into_iter().find(|o| o.name == name).map(|o| o.price.minor)
}

on_both_backends! {
    async fn prices_are_read_as_each_reader_writes_them(t: &TestDb) {
        let site = Site::new(t).await;
        for (email, locale) in [("dewi@example.com", "id"), ("ola@example.com", "pl")] {
            site.app.create_user(&site.system, site.system.workspace_id, &user_input(email, "admin", Some(locale))).await.expect("user");
        }
        // The default workspace counts in rupiah.
        let mut dewi = site.another_browser();
        dewi.sign_in("dewi@example.com").await;
        let page = dewi.get("/offerings").await;
        page.assert_contains("Tulis seperti 1.500.000,50.");
        for (name, typed, minor) in [("Potong rambut", "55.000", 5_500_000), ("Creambath", "Rp 75.000", 7_500_000), ("Paket spa", "1.500.000,50", 150_000_050)] {
            let saved = dewi.post("/offerings", &[("name", name), ("kind", "service"), ("price", typed)]).await;
            assert_eq!(saved.status, 303, "{typed}: {}", saved.html);
            assert_eq!(price_of(&site, name).await, Some(minor), "{typed}");
        }
        let ambiguous = dewi.post("/offerings", &[("name", "Masker"), ("kind", "service"), ("price", "1,500")]).await;
        assert_eq!(ambiguous.status, 422, "{}", ambiguous.html);
        ambiguous.assert_contains("Bisa berarti Rp\u{a0}1,50 atau Rp\u{a0}1.500.");
        assert_eq!(price_of(&site, "Masker").await, None, "nothing is stored");
        let wrong = dewi.post("/offerings", &[("name", ""), ("kind", "service"), ("price", "lima puluh")]).await;
        assert_eq!(wrong.status, 422);
        wrong.assert_contains("id=\"name-error\"");
        wrong.assert_contains("Bukan jumlah uang. Tulis seperti 1.500.000,50.");

        // Renamed and repriced from its own form, written back the Indonesian way.
        let id = site.app.offerings(&site.system, false).await.expect("offerings").into_iter().find(|o| o.name == "Paket spa").expect("spa").id;
        let form = dewi.get(&format!("/offerings/{}/edit", id.0)).await;
        form.assert_contains("value=\"1.500.000,50\"");
        let saved = dewi.post(&format!("/offerings/{}/edit", id.0), &[("name", "Paket spa lengkap"), ("price", "1.750.000"), ("version", "1")]).await;
        assert_eq!(saved.status, 303, "{}", saved.html);
        assert_eq!(price_of(&site, "Paket spa lengkap").await, Some(175_000_000));
        let stale = dewi.post(&format!("/offerings/{}/edit", id.0), &[("name", "Paket"), ("price", "1"), ("version", "1")]).await;
        assert_eq!(stale.status, 409, "{}", stale.html);
        stale.assert_contains("id=\"conflict\"");
        let retired = dewi.post(&format!("/offerings/{}/retire", id.0), &[("version", "2")]).await;
        assert_eq!(retired.status, 303, "{}", retired.html);
        let page = dewi.get("/offerings").await;
        assert!(page.section("retired").contains("Paket spa lengkap"), "{}", page.html);
        assert_eq!(dewi.post(&format!("/offerings/{}/restore", id.0), &[]).await.status, 303);
        assert_eq!(price_of(&site, "Paket spa lengkap").await, Some(175_000_000));

        // A Polish workspace counting in złoty.
        let patch = SettingsPatch { currency: Some("PLN".into()), ..SettingsPatch::default() };
        site.app.update_workspace(&site.system, None, patch).await.expect("złoty");
        let mut ola = site.another_browser();
        ola.sign_in("ola@example.com").await;
        for (name, typed, minor) in [("Porada", "1 500,00", 150_000), ("Opinia", "1500,5 zł", 150_050), ("Pismo", "2\u{a0}000 PLN", 200_000)] {
            let saved = ola.post("/offerings", &[("name", name), ("kind", "professional_service"), ("price", typed)]).await;
            assert_eq!(saved.status, 303, "{typed}: {}", saved.html);
            assert_eq!(price_of(&site, name).await, Some(minor), "{typed}");
        }
        let ambiguous = ola.post("/offerings", &[("name", "Wpis"), ("kind", "service"), ("price", "1.500")]).await;
        assert_eq!(ambiguous.status, 422, "{}", ambiguous.html);
        ambiguous.assert_contains("Może chodzić o 1500\u{a0}zł albo o 1,50\u{a0}zł.");

        // And English, on the contract form's fee.
        let mut owner = site.another_browser();
        owner.sign_in("owner@example.com").await;
        let client = owner.create_party("organization", "Kancelaria Nowak").await;
        let contract = |fee: &'static str| {
            vec![("title", "Obsługa prawna"), ("scope", "Doradztwo"), ("fee_type", "fixed"), ("amount", fee), ("starts_on", "2026-01-01"), ("ends_on", "2026-12-31")]
        };
        let path = format!("/parties/{}/contracts", client.0);
        let ambiguous = owner.post(&path, &contract("1.500")).await;
        assert_eq!(ambiguous.status, 422, "{}", ambiguous.html);
        ambiguous.assert_contains("Could be zł\u{a0}1.50 or zł\u{a0}1,500.");
        let saved = owner.post(&path, &contract("1,500.50")).await;
        assert_eq!(saved.status, 303, "{}", saved.html);
        let stored = site.app.contracts_of(&site.system, client).await.expect("contracts");
        assert_eq!(serde_json::to_value(&stored[0].fee).expect("json")["amount_minor"], 150_050);
    }
}
