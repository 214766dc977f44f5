use axum::http::StatusCode;
use rapport_core::on_both_backends;
use serde_json::json;

use crate::support::Api;

on_both_backends! {
    async fn settings_are_read_and_changed_with_a_version(t: &TestDb) {
        let api = Api::new(t).await;
        let current = api.get("/api/v1/workspace").await;
        assert_eq!(current.status, StatusCode::OK);
        assert_eq!(current.body["slug"], "default");
        assert_eq!(current.body["currency"], "IDR");
        assert_eq!(current.body["phone_region"], "ID");
        assert_eq!(current.body["time_zone"], "Asia/Jakarta");

        let changed = api.patch("/api/v1/workspace", "\"1\"", json!({"currency": "pln", "locale": "pl", "phone_region": "PL", "time_zone": "Europe/Warsaw"})).await;
        assert_eq!(changed.status, StatusCode::OK, "{:#}", changed.body);
        assert_eq!(changed.body["currency"], "PLN");
        assert_eq!(changed.header("etag"), Some("\"2\""));
        api.patch("/api/v1/workspace", "\"1\"", json!({"name": "Late"})).await.assert_problem(412, &[]);
        api.patch("/api/v1/workspace", "\"2\"", json!({"currency": "zloty", "locale": "de"})).await.assert_problem(422, &["currency", "locale"]);

        let jan = api.party(json!({"kind": "person", "name": "Jan", "phones": ["601 234 567"]})).await;
        assert_eq!(jan["phones"][0]["number"], "+48601234567");
    }

    async fn health_and_readiness(t: &TestDb) {
        let api = Api::new(t).await;
        assert_eq!(api.get("/healthz").await.body, json!({"status": "ok"}));
        let ready = api.get("/readyz").await;
        assert_eq!((ready.status, ready.body), (StatusCode::OK, json!({"status": "ready"})));
        assert!(api.get("/healthz").await.header("x-request-id").is_some());
        t.db.close().await;
        assert_eq!(api.get("/readyz").await.status, StatusCode::SERVICE_UNAVAILABLE);
    }
}
