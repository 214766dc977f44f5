use axum::http::{Method, StatusCode};
use rapport_core::on_both_backends;
use serde_json::json;

use crate::support::{Api, person};

on_both_backends! {
    async fn a_retried_post_creates_once(t: &TestDb) {
        let api = Api::new(t).await;
        let key = [("idempotency-key", "order-2026-11-24-001")];
        let first = api.send(Method::POST, "/api/v1/parties", Some(person("Once")), &key).await;
        assert_eq!(first.status, StatusCode::CREATED);
        assert_eq!(first.header("idempotency-replayed"), None);
        let retry = api.send(Method::POST, "/api/v1/parties", Some(person("Once")), &key).await;
        assert_eq!(retry.status, StatusCode::CREATED);
        assert_eq!(retry.header("idempotency-replayed"), Some("true"));
        assert_eq!(retry.body, first.body);
        assert_eq!(retry.header("etag"), first.header("etag"));
        assert_eq!(retry.header("location"), first.header("location"));
        assert_eq!(retry.header("content-type"), Some("application/json"));
        assert_eq!(api.get("/api/v1/parties").await.body["items"].as_array().map(Vec::len), Some(1));

        let other = api.send(Method::POST, "/api/v1/parties", Some(person("Twice")), &key).await;
        other.assert_problem(422, &["Idempotency-Key"]);

        // Refusals are kept too: the same bad request gets the same answer.
        let bad_key = [("idempotency-key", "bad-1")];
        let bad = api.send(Method::POST, "/api/v1/parties", Some(json!({"kind": "x", "name": "y"})), &bad_key).await;
        bad.assert_problem(422, &["kind"]);
        let again = api.send(Method::POST, "/api/v1/parties", Some(json!({"kind": "x", "name": "y"})), &bad_key).await;
        again.assert_problem(422, &["kind"]);
        assert_eq!(again.header("idempotency-replayed"), Some("true"));

        let blank = api.send(Method::POST, "/api/v1/parties", Some(person("Blank")), &[("idempotency-key", " ")]).await;
        blank.assert_problem(400, &["Idempotency-Key"]);
        assert_eq!(api.get("/api/v1/parties").await.body["items"].as_array().map(Vec::len), Some(1));
    }

    async fn concurrent_retries_create_once(t: &TestDb) {
        let api = std::sync::Arc::new(Api::new(t).await);
        let mut tasks = Vec::new();
        for _ in 0..6 {
            let api = api.clone();
            tasks.push(tokio::spawn(async move {
                api.send(Method::POST, "/api/v1/parties", Some(person("Racer")), &[("idempotency-key", "race")]).await.status
            }));
        }
        for task in tasks {
            let status = task.await.expect("join");
            assert!(status == StatusCode::CREATED || status == StatusCode::CONFLICT, "{status}");
        }
        assert_eq!(api.get("/api/v1/parties").await.body["items"].as_array().map(Vec::len), Some(1));
    }
}
