use std::collections::BTreeSet;

use axum::http::StatusCode;
use rapport_core::on_both_backends;
use serde_json::json;

use crate::support::Api;

#[test]
fn every_route_declares_its_credentials_and_the_errors_it_shares() {
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
    // Every route is in the document (the router and the document are one
    // source); here, the document says what each route shares.
    assert!(documented.len() > 90, "{documented:?}");
    for scheme in ["token", "session", "csrf"] {
        assert!(doc["components"]["securitySchemes"][scheme].is_object(), "scheme {scheme} missing");
    }
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("path item") {
            let responses = operation["responses"].as_object().expect("responses");
            let public = operation["security"]
                .as_array()
                .is_some_and(|s| s.iter().any(|r| r.as_object().is_some_and(serde_json::Map::is_empty)));
            assert!(responses.contains_key("503"), "{method} {path} lacks 503");
            let reads = operation["parameters"].as_array().is_some_and(|p| !p.is_empty())
                || operation.get("requestBody").is_some();
            if reads {
                assert!(responses.contains_key("400"), "{method} {path} lacks 400");
            }
            if !public {
                assert!(
                    responses.contains_key("401") && responses.contains_key("403"),
                    "{method} {path} lacks 401 or 403"
                );
            }
            if operation.get("requestBody").is_some() {
                assert!(responses.contains_key("422"), "{method} {path} lacks 422");
            }
        }
    }
    for schema in
        ["Party", "PartyInput", "PartyPatch", "Problem", "Affiliation", "AuditEntry", "Workspace", "Note", "NoteInput"]
    {
        assert!(doc["components"]["schemas"][schema].is_object(), "schema {schema} missing");
    }
}

/// The document as it stands is `docs/openapi.json`: a change to the API
/// shows there, reviewed with the code. `RAPPORT_UPDATE_DOCS=1` writes it.
#[test]
fn the_document_is_held_in_the_repository() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/openapi.json");
    let now = serde_json::to_string_pretty(&rapport_web::api::openapi()).expect("json") + "\n";
    if std::env::var_os("RAPPORT_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &now).expect("write docs/openapi.json");
        return;
    }
    let held = std::fs::read_to_string(&path).expect("docs/openapi.json");
    assert!(
        held == now,
        "the API document changed: review it, then `RAPPORT_UPDATE_DOCS=1 cargo test --workspace -- openapi`"
    );
}

on_both_backends! {
    async fn the_document_is_served(t: &TestDb) {
        let api = Api::new(t).await;
        let served = api.get("/api/v1/openapi.json").await;
        assert_eq!(served.status, StatusCode::OK);
        assert_eq!(served.body, serde_json::to_value(rapport_web::api::openapi()).expect("json"));
    }
}

/// What the server refuses, the document says: enumerations, formats,
/// patterns and bounds, so a client (or a fuzzer) reading it sends only what
/// will be taken.
#[test]
fn the_document_states_the_validation_rules() {
    let doc = serde_json::to_value(rapport_web::api::openapi()).expect("json");
    let schemas = &doc["components"]["schemas"];
    assert_eq!(schemas["PartyInput"]["properties"]["kind"]["$ref"], "#/components/schemas/PartyKind");
    assert_eq!(schemas["PartyKind"]["enum"], json!(["person", "organization"]));
    assert_eq!(schemas["ContractInput"]["properties"]["starts_on"]["format"], "date");
    assert_eq!(schemas["StepInput"]["properties"]["step"]["maxLength"], 200);
    let parameter = |path: &str, method: &str, name: &str| {
        let found = doc["paths"][path][method]["parameters"]
            .as_array()
            .and_then(|all| all.iter().find(|p| p["name"] == name).cloned());
        found.unwrap_or_else(|| panic!("{method} {path} has no parameter {name}"))
    };
    // Shared headers: one schema each, wherever they are read.
    let if_match = parameter("/api/v1/parties/{id}", "patch", "If-Match");
    assert_eq!(if_match["schema"]["type"], "string", "{if_match}");
    assert!(if_match["schema"]["pattern"].as_str().is_some_and(|p| p.contains("[0-9]")), "{if_match}");
    let key = parameter("/api/v1/parties", "post", "Idempotency-Key");
    assert_eq!(key["schema"]["maxLength"], 255, "{key}");
    parameter("/api/v1/contracts/{id}/sign", "post", "If-Match");
    // Query parameters are in the query, with their bounds.
    for name in ["after", "limit"] {
        assert_eq!(parameter("/api/v1/events", "get", name)["in"], "query");
    }
    assert_eq!(parameter("/api/v1/parties/{id}/value", "get", "months")["schema"]["minimum"], 1);
}

/// Client generators name a method after each operation's id: each is
/// unique, and says what it does.
#[test]
fn operation_ids_are_unique() {
    let doc = serde_json::to_value(rapport_web::api::openapi()).expect("json");
    let mut seen = BTreeSet::new();
    for item in doc["paths"].as_object().expect("paths").values() {
        for operation in item.as_object().expect("path item").values() {
            let id = operation["operationId"].as_str().expect("an operationId").to_owned();
            assert!(seen.insert(id.clone()), "{id} is used twice");
        }
    }
    assert!(seen.contains("get_parties_by_id_orders"), "{seen:?}");
    assert!(seen.contains("post_contracts_by_id_sign"), "{seen:?}");
}

on_both_backends! {
    async fn a_body_must_be_an_object(t: &TestDb) {
        // serde would fill a struct's fields from an array by position.
        let api = Api::new(t).await;
        let answer = api.post("/api/v1/parties", json!(["person", "Ani"])).await;
        answer.assert_problem(400, &["body"]);
        assert_eq!(api.get("/api/v1/parties").await.body["items"], json!([]));
    }
}
