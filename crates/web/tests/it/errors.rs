use axum::body::Body;
use axum::http::{Method, Request};
use rapport_core::on_both_backends;
use serde_json::json;

use crate::support::Api;

on_both_backends! {
    async fn each_bad_field_is_named(t: &TestDb) {
        let api = Api::new(t).await;
        let post = |body| api.post("/api/v1/parties", body);
        post(json!({"kind": "person", "name": "Ok", "emails": ["not-an-email"]})).await.assert_problem(422, &["emails[0]"]);
        post(json!({"kind": "person", "name": "Ok", "phones": ["12345"]})).await.assert_problem(422, &["phones[0]"]);
        post(json!({"kind": "person", "name": "   "})).await.assert_problem(422, &["name"]);
        post(json!({"kind": "robot", "name": "R2"})).await.assert_problem(422, &["kind"]);
        post(json!({"kind": "organization", "name": "PT X", "birthday": "2000-01-01"})).await.assert_problem(422, &["birthday"]);
        post(json!({"kind": "person", "name": "Ok", "birthday": "17/08/1945"})).await.assert_problem(422, &["birthday"]);
        post(json!({"kind": "person", "name": "Ok", "addresses": [{"city": "X", "country": "Atlantis"}]})).await.assert_problem(422, &["addresses[0].country"]);
        let many = post(json!({"kind": "robot", "name": "", "emails": ["a@example.com", "b"], "tags": ["x,y"]})).await;
        many.assert_problem(422, &["kind", "name", "emails[1]", "tags[0]"]);
        assert_eq!(many.body["errors"][2]["code"], "invalid_email");
        // Nothing of a refused request is kept.
        assert_eq!(api.get("/api/v1/parties").await.body["items"], json!([]));
    }

    async fn unreadable_requests_name_what_is_wrong(t: &TestDb) {
        let api = Api::new(t).await;
        api.post("/api/v1/parties", json!({"kind": "person", "name": 5})).await.assert_problem(400, &["name"]);
        api.post("/api/v1/parties", json!({"kind": "person", "name": "A", "emails": [{"address": 1}]})).await.assert_problem(400, &["emails[0]"]);
        let unknown = api.post("/api/v1/parties", json!({"kind": "person", "name": "A", "colour": "red"})).await;
        unknown.assert_problem(400, &["colour"]);
        assert_eq!(unknown.body["errors"][0]["code"], "unknown_field");
        let missing = api.post("/api/v1/parties", json!({"name": "A"})).await;
        missing.assert_problem(400, &["kind"]);
        assert_eq!(missing.body["errors"][0]["code"], "required");
        let broken = Request::post("/api/v1/parties").header("content-type", "application/json").body(Body::from("{\"kind\": ")).expect("request");
        api.raw(broken).await.assert_problem(400, &["body"]);
        let trailing = Request::post("/api/v1/parties").header("content-type", "application/json").body(Body::from("{\"kind\":\"person\",\"name\":\"A\"} x")).expect("request");
        api.raw(trailing).await.assert_problem(400, &["body"]);
        let text = Request::post("/api/v1/parties").header("content-type", "text/plain").body(Body::from("hello")).expect("request");
        api.raw(text).await.assert_problem(415, &["Content-Type"]);
        let huge = format!("{{\"kind\":\"person\",\"name\":\"{}\"}}", "x".repeat(2 * 1024 * 1024));
        let huge = Request::post("/api/v1/parties").header("content-type", "application/json").body(Body::from(huge)).expect("request");
        api.raw(huge).await.assert_problem(413, &[]);
        let huge = format!("{{\"kind\":\"person\",\"name\":\"{}\"}}", "x".repeat(2 * 1024 * 1024));
        let keyed = Request::post("/api/v1/parties").header("content-type", "application/json").header("idempotency-key", "big").body(Body::from(huge)).expect("request");
        api.raw(keyed).await.assert_problem(413, &[]);
        assert_eq!(api.get("/api/v1/parties").await.body["items"], json!([]));
    }

    async fn unknown_things_are_404_and_bad_ids_400(t: &TestDb) {
        let api = Api::new(t).await;
        let nobody = uuid::Uuid::now_v7();
        api.get(&format!("/api/v1/parties/{nobody}")).await.assert_problem(404, &[]);
        api.patch(&format!("/api/v1/parties/{nobody}"), "\"1\"", json!({"name": "X"})).await.assert_problem(404, &[]);
        api.delete(&format!("/api/v1/parties/{nobody}")).await.assert_problem(404, &[]);
        api.post(&format!("/api/v1/parties/{nobody}/restore"), json!({})).await.assert_problem(404, &[]);
        api.get(&format!("/api/v1/parties/{nobody}/affiliations")).await.assert_problem(404, &[]);
        api.get(&format!("/api/v1/affiliations/{nobody}")).await.assert_problem(404, &[]);
        api.get("/api/v1/parties/not-a-uuid").await.assert_problem(400, &["id"]);
        api.get("/api/v1/nothing-here").await.assert_problem(404, &[]);
        api.send(Method::PUT, "/api/v1/parties", None, &[]).await.assert_problem(405, &[]);
        api.get("/api/v1/parties?limit=0").await.assert_problem(422, &["limit"]);
        api.get("/api/v1/parties?limit=lots").await.assert_problem(400, &["limit"]);
        api.get("/api/v1/parties?cursor=zzz").await.assert_problem(422, &["cursor"]);
        api.get("/api/v1/parties?kind=robot").await.assert_problem(422, &["kind"]);
        api.get("/api/v1/parties?q=a%00b").await.assert_problem(422, &["q"]);
        api.get("/api/v1/parties?q=a&q=b").await.assert_problem(400, &["query"]);
        api.get(&format!("/api/v1/parties/{nobody}?include_deleted=maybe")).await.assert_problem(400, &["include_deleted"]);
        api.get("/api/v1/parties/%FF").await.assert_problem(400, &["id"]);
    }
}
