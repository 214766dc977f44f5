use axum::http::StatusCode;
use rapport_core::on_both_backends;
use serde_json::json;

use crate::support::{Api, person};

on_both_backends! {
    async fn notes_over_the_api(t: &TestDb) {
        let api = Api::new(t).await;
        let party = api.party(person("Noted")).await;
        let notes = format!("/api/v1/parties/{}/notes", party["id"].as_str().expect("id"));

        let created = api.post(&notes, json!({"body": "Prefers WhatsApp."})).await;
        assert_eq!(created.status, StatusCode::CREATED, "{:#}", created.body);
        assert!(created.body["author"].as_str().is_some_and(|a| a.starts_with("token:")));
        let path = created.header("location").expect("location").to_owned();
        assert_eq!(api.get(&path).await.body, created.body);
        assert_eq!(api.get(&notes).await.body["items"], json!([created.body.clone()]));

        api.post(&notes, json!({"body": ""})).await.assert_problem(422, &["body"]);
        api.post(&notes, json!({"text": "x"})).await.assert_problem(400, &["text"]);
        api.post(&format!("/api/v1/parties/{}/notes", uuid::Uuid::now_v7()), json!({"body": "x"})).await.assert_problem(404, &[]);

        let edited = api.patch(&path, "\"1\"", json!({"body": "Prefers WhatsApp, never calls."})).await;
        assert_eq!((edited.status, edited.header("etag")), (StatusCode::OK, Some("\"2\"")));
        api.patch(&path, "\"1\"", json!({"body": "Lost"})).await.assert_problem(412, &[]);
        assert_eq!(api.delete(&path).await.status, StatusCode::OK);
        api.get(&path).await.assert_problem(404, &[]);
        assert_eq!(api.get(&notes).await.body["items"], json!([]));

        // Deleting is reversible: the note comes back as it was, once.
        let restored = api.post(&format!("{path}/restore"), json!({})).await;
        assert_eq!((restored.status, restored.body["body"].clone()), (StatusCode::OK, json!("Prefers WhatsApp, never calls.")));
        assert_eq!(restored.header("etag"), Some("\"4\""));
        assert_eq!(api.post(&format!("{path}/restore"), json!({})).await.header("etag"), Some("\"4\""), "a live note stays as it is");
        assert_eq!(api.get(&notes).await.body["items"].as_array().map(Vec::len), Some(1));
    }
}
