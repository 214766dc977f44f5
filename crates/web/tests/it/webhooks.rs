//! Outbound webhooks end to end: registered over the API, delivered by the
//! worker to a receiver on loopback that checks each signature with a
//! verifier of its own (ring's HMAC, not the sender's code), retried on the
//! specification's schedule, stopped by 410, held back by Retry-After, signed
//! with both secrets after a rotation. The clock is set; nothing waits.

use std::sync::{Arc, Mutex};

use axum::http::{HeaderMap, StatusCode};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rapport_core::jobs::runner::Worker;
use rapport_core::kernel::clock::Clock;
use rapport_core::on_both_backends;
use serde_json::{Value, json};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

use crate::support::Api;

/// A request the receiver got.
#[derive(Debug, Clone)]
struct Received {
    id: String,
    timestamp: i64,
    signatures: Vec<String>,
    body: Vec<u8>,
}

impl Received {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("json body")
    }
}

/// A scripted answer: a status, and a `Retry-After` to send with it.
type Answer = (u16, Option<&'static str>);

/// A webhook receiver on loopback: records what it gets, and answers each
/// request with the next scripted status (204 when none is left).
#[derive(Clone, Default)]
struct Receiver {
    got: Arc<Mutex<Vec<Received>>>,
    answers: Arc<Mutex<Vec<Answer>>>,
}

impl Receiver {
    async fn start(&self) -> String {
        let me = self.clone();
        let app = axum::Router::new().route(
            "/hook",
            axum::routing::post(move |headers: HeaderMap, body: axum::body::Bytes| {
                let me = me.clone();
                async move {
                    let text =
                        |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
                    me.got.lock().expect("lock").push(Received {
                        id: text("webhook-id"),
                        timestamp: text("webhook-timestamp").parse().unwrap_or_default(),
                        signatures: text("webhook-signature").split(' ').map(str::to_owned).collect(),
                        body: body.to_vec(),
                    });
                    let next = {
                        let mut answers = me.answers.lock().expect("lock");
                        if answers.is_empty() { (204, None) } else { answers.remove(0) }
                    };
                    let mut response = axum::response::Response::new(axum::body::Body::empty());
                    *response.status_mut() = StatusCode::from_u16(next.0).expect("status");
                    if let Some(wait) = next.1 {
                        response.headers_mut().insert("retry-after", wait.parse().expect("header"));
                    }
                    response
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address = listener.local_addr().expect("address");
        tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
        format!("http://{address}/hook")
    }

    fn answer(&self, status: u16, retry_after: Option<&'static str>) {
        self.answers.lock().expect("lock").push((status, retry_after));
    }

    fn got(&self) -> Vec<Received> {
        self.got.lock().expect("lock").clone()
    }
}

/// Whether `secret` signed `received`, checked as the specification says
/// with ring's HMAC: `v1,` and base64 of HMAC-SHA256 over `id.timestamp.body`.
fn signed_by(secret: &str, received: &Received) -> bool {
    let key = STANDARD.decode(secret.trim_start_matches("whsec_")).expect("base64 key");
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &key);
    let mut message = format!("{}.{}.", received.id, received.timestamp).into_bytes();
    message.extend_from_slice(&received.body);
    received.signatures.iter().any(|s| {
        s.strip_prefix("v1,")
            .and_then(|b| STANDARD.decode(b).ok())
            .is_some_and(|tag| ring::hmac::verify(&key, &message, &tag).is_ok())
    })
}

async fn api_on(t: &rapport_core::testing::TestDb, clock: &Clock) -> Api {
    Api::on(t, clock.clone()).await
}

on_both_backends! {
    async fn events_reach_a_receiver_signed_and_retried_on_the_schedule(t: &TestDb) {
        let clock = Clock::fixed(datetime!(2026-12-05 10:00 UTC));
        let api = api_on(t, &clock).await;
        let worker = Worker::new(api.app.clone());
        let receiver = Receiver::default();
        let url = receiver.start().await;

        let made = api.post("/api/v1/webhooks", json!({"url": url, "events": ["party.created", "order.placed"]})).await;
        assert_eq!(made.status, StatusCode::CREATED, "{:#}", made.body);
        let secret = made.body["secret"].as_str().expect("secret").to_owned();
        assert!(secret.starts_with("whsec_"));
        let id = made.body["id"].as_str().expect("id").to_owned();
        let shown = api.get(&format!("/api/v1/webhooks/{id}")).await;
        assert_eq!(shown.body["events"], json!(["party.created", "order.placed"]));
        assert!(shown.body.get("secret").is_none(), "the secret is shown once");

        // A party: one delivery, signed, its body the thin envelope.
        let ani = api.party(json!({"kind": "person", "name": "Ani"})).await;
        assert_eq!(worker.run_due().await.expect("run").done, 1);
        let got = receiver.got();
        assert_eq!(got.len(), 1);
        assert!(signed_by(&secret, &got[0]), "{got:?}");
        assert_eq!(got[0].timestamp, clock.now().unix_timestamp());
        let body = got[0].json();
        assert_eq!(body["type"], "party.created");
        assert_eq!(body["data"]["id"], ani["id"]);
        assert_eq!(body["data"]["name"], "Ani");
        assert!(OffsetDateTime::parse(body["timestamp"].as_str().expect("timestamp"), &time::format_description::well_known::Rfc3339).is_ok());
        assert_eq!(body.as_object().map(|o| o.len()), Some(3), "type, timestamp, data");
        // An update is not subscribed to.
        let path = format!("/api/v1/parties/{}", ani["id"].as_str().expect("id"));
        api.patch(&path, "\"1\"", json!({"name": "Ani S."})).await;
        assert_eq!(worker.run_due().await.expect("run").done, 0);

        // A failure is tried again after the specification's first wait,
        // with the same webhook-id and a fresh timestamp and signature.
        receiver.answer(500, None);
        api.party(json!({"kind": "person", "name": "Budi"})).await;
        assert_eq!(worker.run_due().await.expect("run").retried, 1);
        clock.advance(Duration::seconds(4));
        assert_eq!(worker.run_due().await.expect("run").done, 0, "not before five seconds");
        clock.advance(Duration::seconds(2));
        assert_eq!(worker.run_due().await.expect("run").done, 1);
        let got = receiver.got();
        let (first, second) = (&got[1], &got[2]);
        assert_eq!(first.id, second.id);
        assert!(second.timestamp > first.timestamp);
        assert!(signed_by(&secret, second));
        let log = api.get(&format!("/api/v1/webhooks/{id}/attempts")).await;
        let attempts = log.body["items"].as_array().expect("items");
        assert_eq!(attempts.len(), 3);
        assert_eq!((attempts[0]["attempt"].clone(), attempts[0]["response_status"].clone()), (json!(2), json!(204)));
        assert_eq!((attempts[1]["attempt"].clone(), attempts[1]["response_status"].clone()), (json!(1), json!(500)));
        assert_eq!(attempts[0]["delivery_status"], "succeeded");

        // A replay by hand sends it once more, under the same id.
        let delivery = attempts[0]["delivery_id"].as_str().expect("delivery");
        let replayed = api.post(&format!("/api/v1/webhooks/{id}/deliveries/{delivery}/replay"), json!({})).await;
        assert_eq!(replayed.status, StatusCode::ACCEPTED);
        assert_eq!(worker.run_due().await.expect("run").done, 1);
        assert_eq!(receiver.got().last().map(|r| r.id.clone()), Some(second.id.clone()));

        // 429 with Retry-After waits as long as asked.
        receiver.answer(429, Some("120"));
        api.party(json!({"kind": "person", "name": "Citra"})).await;
        assert_eq!(worker.run_due().await.expect("run").retried, 1);
        clock.advance(Duration::seconds(119));
        assert_eq!(worker.run_due().await.expect("run").done, 0);
        clock.advance(Duration::seconds(1));
        assert_eq!(worker.run_due().await.expect("run").done, 1);

        // A rotated secret: both sign for a day, then the new one alone.
        let rotated = api.post(&format!("/api/v1/webhooks/{id}/rotate-secret"), json!({})).await;
        let fresh = rotated.body["secret"].as_str().expect("secret").to_owned();
        assert_ne!(fresh, secret);
        api.party(json!({"kind": "person", "name": "Dewi"})).await;
        worker.run_due().await.expect("run");
        let during = receiver.got().last().cloned().expect("delivered");
        assert_eq!(during.signatures.len(), 2);
        assert!(signed_by(&fresh, &during) && signed_by(&secret, &during));
        clock.advance(Duration::hours(25));
        api.party(json!({"kind": "person", "name": "Eko"})).await;
        worker.run_due().await.expect("run");
        let after = receiver.got().last().cloned().expect("delivered");
        assert_eq!(after.signatures.len(), 1);
        assert!(signed_by(&fresh, &after) && !signed_by(&secret, &after));

        // 410 Gone disables the endpoint: nothing more is sent.
        receiver.answer(410, None);
        api.party(json!({"kind": "person", "name": "Fajar"})).await;
        assert_eq!(worker.run_due().await.expect("run").dead, 1);
        let gone = api.get(&format!("/api/v1/webhooks/{id}")).await;
        assert_eq!(gone.body["enabled"], false);
        assert!(gone.body["disabled_reason"].as_str().is_some_and(|r| r.contains("410")));
        let before = receiver.got().len();
        api.party(json!({"kind": "person", "name": "Gita"})).await;
        assert_eq!(worker.run_due().await.expect("run"), Default::default());
        assert_eq!(receiver.got().len(), before);
        // A delivery is not sent again while its endpoint is paused.
        let log = api.get(&format!("/api/v1/webhooks/{id}/attempts")).await;
        let gone_delivery = log.body["items"][0]["delivery_id"].as_str().expect("delivery").to_owned();
        let refused = api.post(&format!("/api/v1/webhooks/{id}/deliveries/{gone_delivery}/replay"), json!({})).await;
        refused.assert_problem(409, &[]);

        // Resumed, its dead delivery tried again from the queue is sent.
        let version = gone.header("etag").expect("etag").to_owned();
        let resumed = api.send(axum::http::Method::PUT, &format!("/api/v1/webhooks/{id}"), Some(json!({"url": url, "events": ["party.created", "order.placed"]})), &[("if-match", version.as_str())]).await;
        assert_eq!((resumed.status, resumed.body["enabled"].clone()), (StatusCode::OK, json!(true)), "{:#}", resumed.body);
        let dead = api.get("/api/v1/jobs?status=dead").await;
        let job = dead.body["items"].as_array().expect("items").iter().find(|j| j["kind"] == "webhooks.deliver").expect("a dead delivery job");
        let retried = api.post(&format!("/api/v1/jobs/{}/retry", job["id"].as_str().expect("id")), json!({})).await;
        assert_eq!(retried.status, StatusCode::OK, "{:#}", retried.body);
        assert_eq!(worker.run_due().await.expect("run").done, 1);
        assert_eq!(receiver.got().len(), before + 1);
        assert_eq!(receiver.got().last().map(|r| r.json()["data"]["name"].clone()), Some(json!("Fajar")));
    }

    async fn endpoints_are_checked_and_inside_addresses_refused_unless_allowed(t: &TestDb) {
        let api = Api::new(t).await;
        let refused = api.post("/api/v1/webhooks", json!({"url": "ftp://x", "events": ["party.exploded"]})).await;
        refused.assert_problem(422, &["url", "events[0]"]);
        api.post("/api/v1/webhooks", json!({"url": "https://hooks.example.com/in", "events": []})).await.assert_problem(422, &["events"]);
        // A server that does not allow inside addresses refuses them.
        let strict = Api::strict(t).await;
        let inside = strict.post("/api/v1/webhooks", json!({"url": "http://127.0.0.1:9/hook", "events": ["party.created"]})).await;
        inside.assert_problem(422, &["url"]);
        assert_eq!(inside.body["errors"][0]["code"], "forbidden_address");
        let outside = strict.post("/api/v1/webhooks", json!({"url": "https://hooks.example.com/in", "events": ["party.created"]})).await;
        assert_eq!(outside.status, StatusCode::CREATED, "{:#}", outside.body);
        // Changes need the version read; removal stops everything.
        let id = outside.body["id"].as_str().expect("id");
        let path = format!("/api/v1/webhooks/{id}");
        let changed = strict.send(axum::http::Method::PUT, &path, Some(json!({"url": "https://hooks.example.com/v2", "events": ["order.placed"], "enabled": false})), &[("if-match", "\"1\"")]).await;
        assert_eq!((changed.status, changed.body["enabled"].clone()), (StatusCode::OK, json!(false)), "{:#}", changed.body);
        let stale = strict.send(axum::http::Method::PUT, &path, Some(json!({"url": "https://hooks.example.com/v3", "events": ["order.placed"]})), &[("if-match", "\"1\"")]).await;
        stale.assert_problem(412, &[]);
        assert_eq!(strict.delete(&path).await.status, StatusCode::OK);
        strict.get(&path).await.assert_problem(404, &[]);
    }
}
