//! `docs/EVENTS.md` lists every event type with its version and the JSON
//! schema of its payload, as the API document declares them. The part below
//! the marker is written from the code: run this test with
//! `RAPPORT_UPDATE_DOCS=1` to write it anew after changing an event.

use std::collections::BTreeSet;
use std::fmt::Write;
use std::path::Path;

use axum::http::StatusCode;
use rapport_core::on_both_backends;
use rapport_domain::events::EventType;
use serde_json::json;

use crate::support::Api;

const MARKER: &str = "<!-- Written from the code below this line; see crates/web/tests/it/events.rs. -->";

/// The generated part of the document.
fn generated() -> String {
    let doc = serde_json::to_value(rapport_web::api::openapi()).expect("json");
    let schemas = &doc["components"]["schemas"];
    let mut out = String::from("\n## Types\n\n| type | version | payload |\n|---|---|---|\n");
    let mut payloads = BTreeSet::new();
    for kind in EventType::ALL {
        let payload = kind.payload();
        writeln!(out, "| `{kind}` | {} | [`{payload}`](#{}) |", kind.version(), payload.to_lowercase()).expect("write");
        payloads.insert(payload);
    }
    out.push_str("\n## Payloads\n");
    let mut pending: Vec<String> = payloads.iter().map(|p| (*p).to_owned()).collect();
    let mut written = BTreeSet::new();
    while let Some(name) = pending.pop() {
        if !written.insert(name.clone()) {
            continue;
        }
        let schema = &schemas[&name];
        assert!(schema.is_object(), "the API document lacks the schema {name}");
        // Nested payload types (money, a classification) are listed too.
        let text = serde_json::to_string_pretty(schema).expect("json");
        for reference in text.split("#/components/schemas/").skip(1) {
            pending.push(reference.split('"').next().unwrap_or_default().to_owned());
        }
    }
    for name in &written {
        let text = serde_json::to_string_pretty(&schemas[name]).expect("json");
        write!(out, "\n### {name}\n\n```json\n{text}\n```\n").expect("write");
    }
    out
}

#[test]
fn the_events_document_lists_every_type_and_schema() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/EVENTS.md");
    let text = std::fs::read_to_string(&path).expect("docs/EVENTS.md");
    let (written_by_hand, from_code) = text.split_once(MARKER).expect("the marker in docs/EVENTS.md");
    let expected = generated();
    if std::env::var_os("RAPPORT_UPDATE_DOCS").is_some() {
        std::fs::write(&path, format!("{written_by_hand}{MARKER}\n{expected}")).expect("write docs/EVENTS.md");
        return;
    }
    assert!(
        from_code.trim() == expected.trim(),
        "docs/EVENTS.md is behind the code: run `RAPPORT_UPDATE_DOCS=1 cargo test --workspace -- events_document`"
    );
}

on_both_backends! {
    async fn the_log_is_read_in_order_from_the_last_event_seen(t: &TestDb) {
        let api = Api::new(t).await;
        let ani = api.party(json!({"kind": "person", "name": "Ani"})).await;
        let id = ani["id"].as_str().expect("id");
        api.delete(&format!("/api/v1/parties/{id}")).await;
        let all = api.get("/api/v1/events?limit=200").await;
        assert_eq!(all.status, StatusCode::OK, "{:#}", all.body);
        let items = all.body["items"].as_array().expect("items");
        let mine: Vec<&str> =
            items.iter().filter(|e| e["subject_id"] == id).map(|e| e["type"].as_str().expect("type")).collect();
        assert_eq!(mine, ["party.created", "relationship.changed", "party.deleted"]);
        let created = items.iter().find(|e| e["type"] == "party.created" && e["subject_id"] == id).expect("created");
        assert_eq!((created["version"].clone(), created["data"]["name"].clone()), (json!(1), json!("Ani")));
        assert!(created["actor"].as_str().is_some_and(|a| a.starts_with("token:")), "{}", created["actor"]);

        let first = items[0]["id"].as_str().expect("id");
        let rest = api.get(&format!("/api/v1/events?after={first}")).await;
        assert_eq!(rest.body["items"].as_array().map(Vec::len), Some(items.len() - 1));
        api.get("/api/v1/events?limit=0").await.assert_problem(422, &["limit"]);
        api.get("/api/v1/events?after=yesterday").await.assert_problem(400, &["after"]);
    }
}
