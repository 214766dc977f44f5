//! A contract's lifecycle over the API, and what it makes of its client.

use axum::http::StatusCode;
use rapport_core::on_both_backends;
use serde_json::json;

use crate::support::{Api, organization};

on_both_backends! {
    async fn a_firm_becomes_a_client_when_its_retainer_is_signed_and_active(t: &TestDb) {
        let api = Api::new(t).await;
        let firm = api.party(organization("Firma Hukum Santoso")).await;
        let firm_id = firm["id"].as_str().expect("id").to_owned();
        let primary = || {
            let (api, path) = (&api, format!("/api/v1/parties/{firm_id}/relationship"));
            async move { api.get(&path).await.body["primary"].clone() }
        };
        assert_eq!(primary().await, "prospect");

        let drafted = api.post("/api/v1/contracts", json!({
            "client_id": firm_id,
            "title": "Legal retainer 2026",
            "scope": "Corporate and employment advice",
            "fee": {"type": "retainer", "amount_minor": 1500000000, "period_days": 30},
            "starts_on": "2026-01-01",
            "ends_on": "2027-12-31",
            "notice_days": 60,
            "terms": {"withdrawal_clause": "Either side may withdraw with 60 days' notice."},
            "quotas": [{"unit": "hours", "per_month": 20}]
        })).await;
        assert_eq!(drafted.status, StatusCode::CREATED, "{:#}", drafted.body);
        assert_eq!((drafted.body["status"].clone(), drafted.body["currency"].clone()), (json!("draft"), json!("IDR")));
        let path = drafted.header("location").expect("location").to_owned();
        let step = |name: &str, body: serde_json::Value| {
            let (api, path) = (&api, format!("{path}/{name}"));
            async move { api.post(&path, body).await }
        };

        // A draft is revised whole, at the version read; once sent it is not.
        let mut revision = json!({
            "client_id": firm_id, "title": "Legal retainer 2026–2027", "scope": "Corporate and employment advice",
            "fee": {"type": "retainer", "amount_minor": 1600000000, "period_days": 30},
            "starts_on": "2026-01-01", "ends_on": "2027-12-31", "notice_days": 60,
            "quotas": [{"unit": "hours", "per_month": 20}, {"unit": "court visits", "per_month": 2}]
        });
        let put = |etag: &'static str, body: serde_json::Value| {
            let (api, path) = (&api, path.clone());
            async move { api.send(axum::http::Method::PUT, &path, Some(body), &[("if-match", etag)]).await }
        };
        let revised = put("\"1\"", revision.clone()).await;
        assert_eq!(revised.status, StatusCode::OK, "{:#}", revised.body);
        assert_eq!((revised.body["title"].clone(), revised.body["quotas"][1]["unit"].clone()), (json!("Legal retainer 2026–2027"), json!("court visits")));
        assert_eq!(revised.header("etag"), Some("\"2\""));
        put("\"1\"", revision.clone()).await.assert_problem(412, &[]);
        revision["ends_on"] = json!("2025-01-01");
        put("\"2\"", revision.clone()).await.assert_problem(422, &["ends_on"]);
        revision["ends_on"] = json!("2027-12-31");

        step("activate", json!({})).await.assert_problem(409, &[]);
        assert_eq!(step("send", json!({})).await.body["status"], "sent");
        put("\"3\"", revision).await.assert_problem(409, &[]);
        step("sign", json!({"side": "client", "signed_on": "2099-01-01"})).await.assert_problem(422, &["signed_on"]);
        assert_eq!(step("sign", json!({"side": "client", "signed_on": "2026-01-02"})).await.body["status"], "sent");
        step("sign", json!({"side": "client", "signed_on": "2026-01-02"})).await.assert_problem(409, &[]);
        assert_eq!(primary().await, "prospect", "one signature binds no one");
        let signed = step("sign", json!({"side": "provider", "signed_on": "2026-01-03"})).await;
        assert_eq!(signed.body["status"], "signed");
        assert_eq!(primary().await, "client", "a contract signed by both sides binds them");
        assert_eq!(step("activate", json!({})).await.body["status"], "active");

        let client = api.get(&format!("/api/v1/parties/{firm_id}/relationship")).await.body;
        assert_eq!((client["primary"].clone(), client["label"].clone()), (json!("client"), json!("client")));
        assert!(client["explanation"][0]["text"].as_str().is_some_and(|t| t.contains("Legal retainer 2026")));

        step("terminate", json!({"effective_on": "2026-11-25"})).await.assert_problem(422, &["effective_on"]);
        step("terminate", json!({"effective_on": "2031-01-01"})).await.assert_problem(422, &["effective_on"]);
        step("renew", json!({"ends_on": "2027-01-01"})).await.assert_problem(422, &["ends_on"]);
        assert_eq!(step("renew", json!({"ends_on": "2028-12-31"})).await.body["status"], "renewed");
        let read = api.get(&path).await;
        assert_eq!((read.body["ends_on"].clone(), read.header("etag")), (json!("2028-12-31"), Some("\"7\"")));

        let trail = api.get(&format!("/api/v1/parties/{firm_id}/audit")).await;
        let actions: Vec<_> = trail.body["items"].as_array().cloned().unwrap_or_default().iter()
            .filter(|e| e["entity_type"] == "contract").map(|e| e["action"].as_str().unwrap_or_default().to_owned()).collect();
        assert_eq!(actions, ["renew", "activate", "sign", "sign", "send", "update", "create"]);
        let typo = json!({"client_id": firm_id, "title": "X", "scope": "Y", "fee": {"type": "fixed", "amount_minor": 1, "amout": 2}, "starts_on": "2026-01-01"});
        assert_eq!(api.post("/api/v1/contracts", typo).await.status, StatusCode::BAD_REQUEST);
        api.post("/api/v1/contracts", json!({"client_id": uuid::Uuid::now_v7(), "title": "X", "scope": "Y", "fee": {"type": "fixed", "amount_minor": 1}, "starts_on": "2026-01-01"})).await.assert_problem(422, &["client_id"]);
    }

    async fn quota_use_is_recorded_day_by_day_and_overuse_is_flagged(t: &TestDb) {
        let api = Api::new(t).await;
        let client = api.party(organization("PT Dukungan")).await;
        let drafted = api.post("/api/v1/contracts", json!({
            "client_id": client["id"], "title": "Support plan", "scope": "Help desk",
            "fee": {"type": "hourly", "rate_minor": 50000000, "cap_hours": 10},
            "starts_on": "2026-01-01", "quotas": [{"unit": "hours", "per_month": 10}]
        })).await;
        assert_eq!(drafted.status, StatusCode::CREATED, "{:#}", drafted.body);
        let path = drafted.header("location").expect("location").to_owned();
        let usage = format!("{path}/usage");
        api.post(&usage, json!({"unit": "hours", "amount": 1})).await.assert_problem(409, &[]);
        for (name, body) in [
            ("send", json!({})),
            ("sign", json!({"side": "client", "signed_on": "2026-01-02"})),
            ("sign", json!({"side": "provider", "signed_on": "2026-01-02"})),
            ("activate", json!({})),
        ] {
            assert_eq!(api.post(&format!("{path}/{name}"), body).await.status, StatusCode::OK);
        }
        let first = api.post(&usage, json!({"unit": "hours", "amount": 6, "note": "Onboarding calls"})).await;
        assert_eq!(first.status, StatusCode::CREATED, "{:#}", first.body);
        assert_eq!(first.body["quota"], json!({"unit": "hours", "per_month": 10, "used_this_month": 6, "overuse": null}));
        let more = api.post(&usage, json!({"unit": "hours", "amount": 5})).await;
        assert_eq!((more.body["quota"]["used_this_month"].clone(), more.body["quota"]["overuse"].clone()), (json!(11), json!(1)));
        api.post(&usage, json!({"unit": "requests", "amount": 0, "used_on": "2099-01-01"}))
            .await
            .assert_problem(422, &["unit", "amount", "used_on"]);
        assert_eq!(api.get(&path).await.body["quotas"][0]["used_this_month"], 11);
        let listed = api.get(&usage).await.body;
        assert_eq!(listed["items"].as_array().map(Vec::len), Some(2));
        assert_eq!(listed["items"][0]["note"], "Onboarding calls");
        assert_eq!(api.get(&format!("{usage}?month=2026-02")).await.body["items"], json!([]));
        api.get(&format!("{usage}?month=February")).await.assert_problem(422, &["month"]);
    }
}
