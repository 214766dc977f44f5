//! No input makes the API fail with a 5xx: arbitrary bodies, fields and
//! parameters are all answered with a 2xx or a 4xx problem.

use axum::body::Body;
use axum::http::Request;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use rapport_core::on_both_backends;
use serde_json::{Value, json};

use crate::support::Api;

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        "(?s).{0,30}".prop_map(Value::from),
        "[0-9+ -]{0,16}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map("[a-z_]{1,10}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn party_like() -> impl Strategy<Value = Value> {
    (
        prop_oneof![Just(json!("person")), Just(json!("organization")), json_value()],
        prop_oneof!["(?s).{0,40}".prop_map(Value::from), json_value()],
        prop::collection::vec(prop_oneof!["(?s).{0,30}".prop_map(Value::from), json_value()], 0..3),
        prop::collection::vec(prop_oneof!["[0-9+ ()-]{0,18}".prop_map(Value::from), json_value()], 0..3),
        prop_oneof![Just(Value::Null), "[0-9-]{0,12}".prop_map(Value::from), json_value()],
        prop::collection::vec(json_value(), 0..3),
    )
        .prop_map(|(kind, name, emails, phones, birthday, tags)| {
            json!({"kind": kind, "name": name, "emails": emails, "phones": phones, "birthday": birthday, "tags": tags})
        })
}

/// `count` values drawn from `strategy` with a fixed seed.
fn samples<S: Strategy>(strategy: S, count: usize) -> Vec<S::Value> {
    let mut runner = TestRunner::deterministic();
    (0..count).filter_map(|_| strategy.new_tree(&mut runner).ok().map(|tree| tree.current())).collect()
}

on_both_backends! {
    async fn no_input_gives_a_server_error(t: &TestDb) {
        let api = Api::new(t).await;
        let party = api.party(json!({"kind": "person", "name": "Target"})).await;
        let path = format!("/api/v1/parties/{}", party["id"].as_str().expect("id"));
        for body in samples(party_like(), 150) {
            let created = api.post("/api/v1/parties", body.clone()).await;
            assert!(created.status.is_success() || created.status.is_client_error(), "{body} -> {} {:#}", created.status, created.body);
            let current = api.get(&path).await.header("etag").unwrap_or("\"1\"").to_owned();
            let patched = api.patch(&path, &current, body.clone()).await;
            assert!(patched.status.is_success() || patched.status.is_client_error(), "{body} -> {} {:#}", patched.status, patched.body);
        }
        for raw in samples("(?s).{0,60}", 60) {
            let request = Request::post("/api/v1/parties").header("content-type", "application/json").body(Body::from(raw.clone())).expect("request");
            let answer = api.raw(request).await;
            assert!(answer.status.is_client_error(), "{raw:?} -> {}", answer.status);
            let query = format!("/api/v1/parties?q={}&limit={}&cursor={}", urlencode(&raw), urlencode(&raw), urlencode(&raw));
            let listed = api.get(&query).await;
            assert!(listed.status.is_success() || listed.status.is_client_error(), "{query} -> {}", listed.status);
            if listed.status.is_client_error() {
                assert_eq!(listed.header("content-type"), Some("application/problem+json"), "{query}");
            }
        }
    }
}

fn urlencode(raw: &str) -> String {
    raw.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}
