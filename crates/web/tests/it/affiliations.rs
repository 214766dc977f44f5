use axum::http::StatusCode;
use rapport_core::on_both_backends;
use serde_json::json;

use crate::support::{Api, organization, person};

on_both_backends! {
    async fn affiliations_over_the_api(t: &TestDb) {
        let api = Api::new(t).await;
        let budi = api.party(person("Budi")).await;
        let maju = api.party(organization("PT Maju")).await;
        let (budi_id, maju_id) = (budi["id"].as_str().expect("id"), maju["id"].as_str().expect("id"));

        let created = api.post("/api/v1/affiliations", json!({"person_id": budi_id, "organization_id": maju_id, "title": "CFO"})).await;
        assert_eq!(created.status, StatusCode::CREATED, "{:#}", created.body);
        let id = created.body["id"].as_str().expect("id").to_owned();
        assert_eq!(created.header("location"), Some(format!("/api/v1/affiliations/{id}").as_str()));
        assert_eq!(api.get(&format!("/api/v1/affiliations/{id}")).await.body, created.body);

        let twice = api.post("/api/v1/affiliations", json!({"person_id": budi_id, "organization_id": maju_id})).await;
        twice.assert_problem(409, &[]);
        let reversed = api.post("/api/v1/affiliations", json!({"person_id": maju_id, "organization_id": budi_id})).await;
        reversed.assert_problem(422, &["person_id", "organization_id"]);
        let bad_id = api.post("/api/v1/affiliations", json!({"person_id": "nope", "organization_id": maju_id})).await;
        bad_id.assert_problem(400, &["person_id"]);

        for party in [budi_id, maju_id] {
            let listed = api.get(&format!("/api/v1/parties/{party}/affiliations")).await;
            assert_eq!(listed.body["items"], json!([created.body.clone()]));
        }

        let path = format!("/api/v1/affiliations/{id}");
        let retitled = api.patch(&path, "\"1\"", json!({"title": "Chief Financial Officer"})).await;
        assert_eq!(retitled.status, StatusCode::OK, "{:#}", retitled.body);
        assert_eq!(retitled.body["title"], "Chief Financial Officer");
        api.patch(&path, "\"1\"", json!({"title": null})).await.assert_problem(412, &[]);
        api.patch(&path, "\"2\"", json!({"title": "x".repeat(101)})).await.assert_problem(422, &["title"]);

        let untouched = api.patch(&path, "\"2\"", json!({})).await;
        assert_eq!((untouched.body["version"].clone(), untouched.body["title"].clone()), (json!(2), json!("Chief Financial Officer")));

        // A deleted party hides its affiliations; restoring it brings them back.
        assert_eq!(api.delete(&format!("/api/v1/parties/{maju_id}")).await.status, StatusCode::OK);
        api.get(&path).await.assert_problem(404, &[]);
        assert_eq!(api.get(&format!("/api/v1/parties/{budi_id}/affiliations")).await.body["items"], json!([]));
        assert_eq!(api.post(&format!("/api/v1/parties/{maju_id}/restore"), json!({})).await.status, StatusCode::OK);
        assert_eq!(api.get(&path).await.status, StatusCode::OK);

        assert_eq!(api.delete(&path).await.status, StatusCode::OK);
        api.get(&path).await.assert_problem(404, &[]);
        assert_eq!(api.get(&format!("/api/v1/parties/{budi_id}/affiliations")).await.body["items"], json!([]));
        let audit = api.get(&format!("/api/v1/parties/{maju_id}/audit")).await;
        let kinds: Vec<_> = audit.body["items"].as_array().cloned().unwrap_or_default().iter()
            .map(|e| format!("{} {}", e["entity_type"].as_str().unwrap_or_default(), e["action"].as_str().unwrap_or_default()))
            .collect();
        assert_eq!(kinds, ["affiliation delete", "party restore", "party delete", "affiliation update", "affiliation create", "party create"]);

        // An ended link comes back; not while the two are linked anew.
        let restored = api.post(&format!("{path}/restore"), json!({})).await;
        assert_eq!(restored.status, StatusCode::OK, "{:#}", restored.body);
        assert_eq!(api.get(&format!("/api/v1/parties/{budi_id}/affiliations")).await.body["items"].as_array().map(Vec::len), Some(1));
        assert_eq!(api.delete(&path).await.status, StatusCode::OK);
        let anew = api.post("/api/v1/affiliations", json!({"person_id": budi_id, "organization_id": maju_id})).await;
        assert_eq!(anew.status, StatusCode::CREATED, "{:#}", anew.body);
        api.post(&format!("{path}/restore"), json!({})).await.assert_problem(409, &[]);
    }
}
