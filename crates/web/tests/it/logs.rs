//! Secrets never reach the logs: every log line of this test binary, at the
//! most verbose level, is captured and searched for them.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use axum::http::{Method, StatusCode};
use rapport_core::on_both_backends;
use rapport_domain::identity::Password;
use serde_json::json;

use crate::support::Api;

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().map_err(|_| std::io::Error::other("poisoned"))?.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Every log line of the process from now on, at TRACE.
fn captured() -> Captured {
    static LOGS: OnceLock<Captured> = OnceLock::new();
    LOGS.get_or_init(|| {
        let logs = Captured::default();
        let writer = logs.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(move || writer.clone())
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("the only subscriber of this binary");
        logs
    })
    .clone()
}

on_both_backends! {
    async fn passwords_and_tokens_never_appear_in_logs(t: &TestDb) {
        let logs = captured();
        let api = Api::new(t).await;
        let password = "correct horse battery";
        let wrong = "Tr0ub4dor&3-wrong";
        let signed = api.anonymous().send(Method::POST, "/api/v1/session", Some(json!({"email": "owner@example.com", "password": password})), &[]).await;
        assert_eq!(signed.status, StatusCode::OK);
        let session = signed.header("set-cookie").and_then(|c| c.split(';').next()).and_then(|c| c.split_once('=')).map(|(_, v)| v.to_owned()).expect("session");
        api.anonymous().send(Method::POST, "/api/v1/session", Some(json!({"email": "owner@example.com", "password": wrong})), &[]).await.assert_problem(401, &[]);
        let created = api.post("/api/v1/tokens", json!({"name": "secretive", "scope": "write"})).await;
        let token = created.body["secret"].as_str().expect("secret").to_owned();
        assert_eq!(api.with_auth(&format!("Bearer {token}")).get("/api/v1/parties").await.status, StatusCode::OK);
        let user = api.app.user_by_email("owner@example.com").await.expect("user");
        let system = rapport_core::Actor::system(api.app.ensure_default_workspace().await.expect("ws").id, "system:test");
        let new_password = "a fresh passphrase nobody logs";
        api.app.reset_password(&system, user.id, &Password::new(new_password), false).await.expect("reset");

        let text = String::from_utf8_lossy(&logs.0.lock().expect("logs")).into_owned();
        assert!(text.contains("/api/v1/session"), "the capture works: requests are logged");
        for secret in [password, wrong, new_password, token.as_str(), session.as_str()] {
            assert!(!text.contains(secret), "a secret reached the logs");
        }
    }
}
