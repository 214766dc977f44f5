//! Real `rapport serve` processes: two on one PostgreSQL database share
//! sessions, deliver each webhook exactly once and fire each schedule once;
//! one killed with SIGKILL while clients write loses no write it
//! acknowledged, on either database.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rapport_core::jobs::JobStatus;
use rapport_core::jobs::schedules::{Every, RECURRING};
use rapport_core::testing::TestDb;
use rapport_core::{Actor, App, on_both_backends};
use rapport_domain::access::TokenScope;
use rapport_domain::common::locale::TimeZoneName;
use rapport_domain::identity::{Password, UserInput};
use rapport_domain::webhooks::WebhookInput;
use serde_json::{Value, json};

/// A `rapport serve` process and the address it listens on.
struct Server {
    child: Child,
    address: String,
}

impl Server {
    fn start(url: &str) -> Self {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_rapport"))
            .args(["serve", "--listen", "127.0.0.1:0", "--database-url", url])
            .env("RAPPORT_LOG_FORMAT", "json")
            .env("RAPPORT_ALLOW_PRIVATE_ADDRESSES", "true")
            .env_remove("RAPPORT_LISTEN")
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn rapport serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let address = loop {
            let line = lines.next().expect("a log line before exit").expect("read");
            let event: Value = serde_json::from_str(&line).expect("JSON logs");
            if event["message"] == "serving" {
                break event["address"].as_str().expect("address").to_owned();
            }
        };
        // Keep reading, so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines.map_while(Result::ok) {});
        Self { child, address }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    fn signal(&self, signal: &str) {
        let sent = Command::new("kill").args([signal, &self.child.id().to_string()]).status().expect("kill");
        assert!(sent.success());
    }

    /// Stops it with SIGTERM and waits for a clean exit.
    fn stop(mut self) {
        self.signal("-TERM");
        let status = wait(&mut self.child);
        assert!(status.success(), "{status}");
    }

    /// Kills it with SIGKILL, as a crash would.
    fn kill(mut self) {
        self.signal("-KILL");
        wait(&mut self.child);
    }
}

impl Drop for Server {
    /// A server a failed test leaves behind is killed: it would hold the
    /// test's output open, and the test would never end.
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn wait(child: &mut Child) -> std::process::ExitStatus {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status;
        }
        assert!(Instant::now() < deadline, "rapport did not stop");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Waits until `done` holds, checking every few milliseconds, for at most
/// `within`: for work other processes do, not for time to pass.
async fn until(within: Duration, mut done: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        if done() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    done()
}

/// An HTTP client for the test's own requests: the product's outbound
/// client, allowed to call loopback.
fn http_client() -> reqwest::Client {
    rapport_core::kernel::outbound::Outbound::new(true).client().clone()
}

/// Posts `body` as JSON.
fn post_json(client: &reqwest::Client, url: String, body: &Value) -> reqwest::RequestBuilder {
    client.post(url).header("content-type", "application/json").body(body.to_string())
}

/// An answer's body as JSON (`Null` when it is not).
async fn json_of(answer: reqwest::Response) -> Value {
    let bytes = answer.bytes().await.unwrap_or_default();
    serde_json::from_slice(&bytes).unwrap_or(Value::Null)
}

/// An owner with a password and an admin token.
async fn owner(app: &App, actor: &Actor) -> (String, String) {
    let email = "owner@example.com".to_owned();
    let input = UserInput {
        email: email.clone(),
        display_name: "Owner".into(),
        locale: Some("en".into()),
        password: Password::new("correct horse battery"),
        role: "owner".into(),
    };
    let user = app.create_user(actor, actor.workspace_id, &input).await.expect("owner");
    let (token, _) =
        app.create_token(actor, user.id, actor.workspace_id, "tests", TokenScope::Admin, None).await.expect("token");
    (email, token)
}

/// What the receiver got: each request's webhook-id and body, and whether
/// its signature held under the endpoint's secret (checked with ring's HMAC,
/// not the sender's code).
#[derive(Clone, Default)]
struct Receiver {
    got: Arc<Mutex<Vec<(String, Value, bool)>>>,
    secret: Arc<Mutex<String>>,
}

impl Receiver {
    async fn start(&self) -> String {
        let me = self.clone();
        let app = axum::Router::new().route(
            "/hook",
            axum::routing::post(move |headers: axum::http::HeaderMap, body: axum::body::Bytes| {
                let me = me.clone();
                async move {
                    let text =
                        |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
                    let (id, timestamp, signature) =
                        (text("webhook-id"), text("webhook-timestamp"), text("webhook-signature"));
                    let secret = me.secret.lock().expect("lock").clone();
                    let key = STANDARD.decode(secret.trim_start_matches("whsec_")).unwrap_or_default();
                    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &key);
                    let mut message = format!("{id}.{timestamp}.").into_bytes();
                    message.extend_from_slice(&body);
                    let signed = signature.split(' ').any(|s| {
                        s.strip_prefix("v1,")
                            .and_then(|b| STANDARD.decode(b).ok())
                            .is_some_and(|tag| ring::hmac::verify(&key, &message, &tag).is_ok())
                    });
                    let value: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
                    me.got.lock().expect("lock").push((id, value, signed));
                    axum::http::StatusCode::NO_CONTENT
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address = listener.local_addr().expect("address");
        tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
        format!("http://{address}/hook")
    }

    fn count(&self) -> usize {
        self.got.lock().expect("lock").len()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_on_one_postgresql_share_sessions_webhooks_and_schedules() {
    let t = TestDb::postgres().await;
    let (app, system) = t.app().await;
    let (email, token) = owner(&app, &system).await;
    let receiver = Receiver::default();
    let hook = receiver.start().await;
    let input = WebhookInput { url: hook, events: vec!["party.created".into()], ..Default::default() };
    let endpoint = app.create_webhook(&system, &input).await.expect("webhook");
    *receiver.secret.lock().expect("lock") = endpoint.secret.clone();

    let started = time::OffsetDateTime::now_utc();
    let (a, b) = (Server::start(&t.url), Server::start(&t.url));
    let client = http_client();

    // A session opened on one server is valid on the other.
    let signed_in =
        post_json(&client, a.url("/api/v1/session"), &json!({"email": email, "password": "correct horse battery"}))
            .send()
            .await
            .expect("sign in");
    assert_eq!(signed_in.status(), 200);
    let cookie = signed_in
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("rapport_session="))
        .and_then(|c| c.split(';').next())
        .expect("session cookie")
        .to_owned();
    let me = client.get(b.url("/api/v1/me")).header("cookie", &cookie).send().await.expect("me");
    assert_eq!(me.status(), 200);
    let me = json_of(me).await;
    assert_eq!(me["user"]["email"], email);

    // 500 parties made through both servers, eight at a time.
    let made = Arc::new(Mutex::new(BTreeSet::new()));
    let mut writers = Vec::new();
    for writer in 0..8 {
        let (client, token, made) = (client.clone(), token.clone(), made.clone());
        let bases = [a.url(""), b.url("")];
        writers.push(tokio::spawn(async move {
            for i in 0..63 {
                let n = writer * 63 + i;
                if n >= 500 {
                    break;
                }
                let base = &bases[n % 2];
                let body = json!({"kind": "person", "name": format!("Person {n}")});
                let answer = post_json(&client, format!("{base}/api/v1/parties"), &body)
                    .bearer_auth(&token)
                    .send()
                    .await
                    .expect("create");
                assert_eq!(answer.status(), 201);
                let party = json_of(answer).await;
                made.lock().expect("lock").insert(party["id"].as_str().expect("id").to_owned());
            }
        }));
    }
    for writer in writers {
        writer.await.expect("writer");
    }
    let made = made.lock().expect("lock").clone();
    assert_eq!(made.len(), 500);
    assert!(until(Duration::from_secs(90), || receiver.count() >= 500).await, "{} of 500 delivered", receiver.count());
    // Both workers idle: nothing more is on its way.
    let idle = || async {
        let mut busy = 0;
        for status in [JobStatus::Queued, JobStatus::Running] {
            let jobs = app.list_jobs(&system, Some(status), None, 200).await.expect("jobs");
            busy += jobs.iter().filter(|j| j.kind == "webhooks.deliver").count();
        }
        busy == 0
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while !idle().await {
        assert!(Instant::now() < deadline, "deliveries still waiting");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let got = receiver.got.lock().expect("lock").clone();
    assert_eq!(got.len(), 500, "no delivery twice");
    let ids: BTreeSet<&String> = got.iter().map(|(id, _, _)| id).collect();
    assert_eq!(ids.len(), 500, "every webhook-id once");
    assert!(got.iter().all(|(_, _, signed)| *signed), "every signature holds");
    let delivered: BTreeSet<String> =
        got.iter().map(|(_, body, _)| body["data"]["id"].as_str().expect("party id").to_owned()).collect();
    assert_eq!(delivered, made, "every party once");

    // Each schedule fired once for the period, by one of the two servers.
    let mut fired: BTreeMap<String, usize> = BTreeMap::new();
    let mut before = None;
    loop {
        let page = app.list_jobs(&system, None, before, 200).await.expect("jobs");
        let Some(last) = page.last() else { break };
        before = Some(last.id);
        for job in page {
            if job.unique_key.is_some() {
                *fired.entry(job.kind).or_default() += 1;
            }
        }
    }
    // Once when first kept, and once more for each period that began while
    // the test ran (an hour's turn, say): never once per server.
    let ended = time::OffsetDateTime::now_utc();
    let zone = app.workspace(&system).await.expect("workspace").settings.time_zone;
    let periods = |every: Every, zone: &TimeZoneName| {
        let (mut count, mut at) = (1, every.next_after(zone, started));
        while at <= ended {
            count += 1;
            at = every.next_after(zone, at);
        }
        count
    };
    let expected: BTreeMap<String, usize> = RECURRING
        .iter()
        .map(|r| {
            let zone = if r.per_workspace { zone.clone() } else { TimeZoneName::utc() };
            (r.kind.as_str().to_owned(), periods(r.every, &zone))
        })
        .collect();
    assert_eq!(fired, expected);
    a.stop();
    b.stop();
    t.teardown().await;
}

on_both_backends! {
    async fn a_server_killed_while_clients_write_keeps_every_write_it_acknowledged(t: &TestDb) {
        let (app, system) = t.app().await;
        let (_, token) = owner(&app, &system).await;
        let client = http_client();
        let acknowledged = Arc::new(Mutex::new(Vec::new()));
        for round in 0..3 {
            let server = Server::start(&t.url);
            let base = server.url("");
            let mut writers = Vec::new();
            for writer in 0..8 {
                let (client, token, acknowledged, base) = (client.clone(), token.clone(), acknowledged.clone(), base.clone());
                writers.push(tokio::spawn(async move {
                    for i in 0.. {
                        let name = format!("Round {round} writer {writer} party {i}");
                        let body = json!({"kind": "person", "name": name});
                        let sent = post_json(&client, format!("{base}/api/v1/parties"), &body).bearer_auth(&token).send().await;
                        match sent {
                            Ok(answer) if answer.status() == 201 => {
                                let party = json_of(answer).await;
                                if let Some(id) = party["id"].as_str() {
                                    acknowledged.lock().expect("lock").push(id.to_owned());
                                }
                            }
                            // The server is gone: this writer is done.
                            _ => break,
                        }
                    }
                }));
            }
            // Killed in the middle of the writes: once this round has
            // acknowledged a hundred of them.
            let before = acknowledged.lock().expect("lock").len();
            assert!(until(Duration::from_secs(60), || acknowledged.lock().expect("lock").len() >= before + 100).await);
            server.kill();
            for writer in writers {
                writer.await.expect("writer");
            }
        }
        // Every acknowledged write is there, read after the crashes.
        let acknowledged = acknowledged.lock().expect("lock").clone();
        assert!(acknowledged.len() >= 300);
        let server = Server::start(&t.url);
        for id in &acknowledged {
            let answer = client.get(server.url(&format!("/api/v1/parties/{id}"))).bearer_auth(&token).send().await.expect("read");
            assert_eq!(answer.status(), 200, "party {id} was acknowledged and is lost");
        }
        server.stop();
    }
}
