use std::collections::BTreeSet;

use axum::http::StatusCode;
use rapport_core::on_both_backends;

use crate::support::Api;

#[test]
fn the_document_describes_every_route_and_nothing_else() {
    let doc = serde_json::to_value(rapport_web::api::openapi()).expect("json");
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.1")), "{}", doc["openapi"]);
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("path item") {
            documented.insert(format!("{method} {path}"));
            assert!(
                operation["responses"].as_object().is_some_and(|r| !r.is_empty()),
                "{method} {path} has no responses"
            );
            if path.contains("{id}") {
                let params = operation["parameters"].as_array().cloned().unwrap_or_default();
                assert!(params.iter().any(|p| p["name"] == "id" && p["in"] == "path"), "{method} {path} lacks its id");
            }
        }
    }
    let expected: BTreeSet<_> = crate::routes::ROUTES.iter().map(|r| (*r).to_owned()).collect();
    assert_eq!(documented, expected);
    for schema in
        ["Party", "PartyInput", "PartyPatch", "Problem", "Affiliation", "AuditEntry", "Workspace", "Note", "NoteInput"]
    {
        assert!(doc["components"]["schemas"][schema].is_object(), "schema {schema} missing");
    }
}

on_both_backends! {
    async fn the_document_is_served(t: &TestDb) {
        let api = Api::new(t).await;
        let served = api.get("/api/v1/openapi.json").await;
        assert_eq!(served.status, StatusCode::OK);
        assert_eq!(served.body, serde_json::to_value(rapport_web::api::openapi()).expect("json"));
    }
}
