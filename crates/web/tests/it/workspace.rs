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

    async fn metrics_count_requests_by_route_and_show_the_queue(t: &TestDb) {
        let api = Api::new(t).await;
        let ani = api.party(json!({"kind": "person", "name": "Ani"})).await;
        api.get(&format!("/api/v1/parties/{}", ani["id"].as_str().expect("id"))).await;
        api.get("/api/v1/parties/not-an-id").await;
        let text = api.anonymous().get("/metrics").await;
        assert_eq!(text.status, StatusCode::OK);
        assert!(text.header("content-type").is_some_and(|c| c.starts_with("text/plain")), "{:?}", text.headers);
        let body = text.body.as_str().expect("text");
        assert!(body.contains("rapport_http_requests_total{method=\"POST\",route=\"/api/v1/parties\",status=\"201\"} 1"), "{body}");
        assert!(body.contains("rapport_http_requests_total{method=\"GET\",route=\"/api/v1/parties/{id}\",status=\"200\"} 1"), "{body}");
        assert!(body.contains("route=\"/api/v1/parties/{id}\",status=\"400\"} 1"), "{body}");
        assert!(body.lines().any(|l| l.starts_with("rapport_http_request_duration_seconds_bucket{") && l.contains("le=\"0.001\"")), "{body}");
        // The party's classification and the schedules left work in the queue.
        assert!(body.contains("# TYPE rapport_jobs_due gauge"), "{body}");
        assert!(body.contains("rapport_jobs_dead 0"), "{body}");
        assert!(body.contains("rapport_db_pool_connections{state=\"idle\"}"), "{body}");
        // The writes above went through SQLite's one writer; PostgreSQL has none.
        let grouped = body.lines().find_map(|l| l.strip_prefix("rapport_sqlite_grouped_writes ")).and_then(|n| n.parse::<u64>().ok());
        match t.db {
            rapport_core::Db::Sqlite(_) => assert!(grouped.is_some_and(|n| n >= 1), "{body}"),
            rapport_core::Db::Postgres(_) => assert_eq!(grouped, Some(0), "{body}"),
        }
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
