//! Credentials: who gets in, how sessions and tokens behave.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use rapport_core::on_both_backends;
use serde_json::json;

use crate::support::{Answer, Api, person, user_input};

/// Routes that answer without credentials.
/// Routes that answer without a member's credentials (`/metrics` has a
/// guard of its own: its token, or a caller on the same machine).
const PUBLIC: &[&str] =
    &["get /healthz", "get /readyz", "get /metrics", "get /api/v1/openapi.json", "post /api/v1/session"];

async fn sign_in(api: &Api, email: &str, password: &str, cookie: Option<&str>) -> Answer {
    let mut headers = vec![];
    let cookie_header;
    if let Some(cookie) = cookie {
        cookie_header = format!("rapport_session={cookie}");
        headers.push(("cookie", cookie_header.as_str()));
    }
    api.anonymous()
        .send(Method::POST, "/api/v1/session", Some(json!({"email": email, "password": password})), &headers)
        .await
}

/// The session secret a sign-in set, checking the cookie's attributes.
fn session_secret(answer: &Answer) -> String {
    let cookie = answer.header("set-cookie").expect("a session cookie");
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    assert!(!cookie.contains("Secure"), "not over TLS here: {cookie}");
    cookie.split(';').next().and_then(|kv| kv.split_once('=')).map(|(_, v)| v.to_owned()).expect("a value")
}

on_both_backends! {
    async fn no_route_answers_without_credentials(t: &TestDb) {
        let api = Api::new(t).await.anonymous();
        let id = uuid::Uuid::now_v7().to_string();
        for route in crate::routes::routes() {
            let route = route.as_str();
            let (method, path) = route.split_once(' ').expect("METHOD path");
            let path = path.replace("{id}", &id);
            let method: Method = method.to_uppercase().parse().expect("method");
            let body = (method != Method::GET && method != Method::DELETE).then(|| json!({}));
            let answer = api.send(method, &path, body, &[]).await;
            if PUBLIC.contains(&route) {
                assert_ne!(answer.status, StatusCode::UNAUTHORIZED, "{route}");
            } else {
                answer.assert_problem(401, &[]);
                assert_eq!(answer.header("www-authenticate"), Some("Bearer realm=\"rapport\""), "{route}");
            }
        }
        // Credentials that are not valid are as good as none.
        let forged = api.with_auth("Bearer rpt_forged");
        forged.get("/api/v1/parties").await.assert_problem(401, &[]);
        forged.with_auth("Basic b3duZXI6cHc=").get("/api/v1/parties").await.assert_problem(401, &[]);
        let cookie = [("cookie", "rapport_session=rps_forged")];
        api.send(Method::GET, "/api/v1/parties", None, &cookie).await.assert_problem(401, &[]);
    }

    async fn a_sign_in_opens_a_new_session_and_sign_out_ends_it(t: &TestDb) {
        let api = Api::new(t).await;
        let first = sign_in(&api, "OWNER@example.com", "correct horse battery", None).await;
        assert_eq!(first.status, StatusCode::OK, "{:#}", first.body);
        assert_eq!(first.body["role"], "owner");
        let old = session_secret(&first);
        let cookie = format!("rapport_session={old}");
        let me = api.send(Method::GET, "/api/v1/me", None, &[("cookie", &cookie)]).await;
        assert_eq!((me.status, me.body["via"].clone()), (StatusCode::OK, json!("session")));

        // Session fixation: signing in again never keeps the session id the
        // browser came with, and the old one stops working.
        let second = sign_in(&api, "owner@example.com", "correct horse battery", Some(&old)).await;
        let new = session_secret(&second);
        assert_ne!(new, old);
        api.send(Method::GET, "/api/v1/me", None, &[("cookie", &cookie)]).await.assert_problem(401, &[]);

        let cookie = format!("rapport_session={new}");
        let csrf = second.body["csrf_token"].as_str().expect("csrf token").to_owned();
        let out = api.send(Method::DELETE, "/api/v1/session", None, &[("cookie", &cookie), ("x-csrf-token", &csrf)]).await;
        assert_eq!(out.status, StatusCode::NO_CONTENT);
        assert!(out.header("set-cookie").is_some_and(|c| c.contains("Max-Age=0")));
        api.send(Method::GET, "/api/v1/me", None, &[("cookie", &cookie)]).await.assert_problem(401, &[]);

        // A sign-in may carry an Idempotency-Key like any POST.
        let keyed = api.anonymous().send(Method::POST, "/api/v1/session", Some(json!({"email": "owner@example.com", "password": "correct horse battery"})), &[("idempotency-key", "login-1")]).await;
        assert_eq!(keyed.status, StatusCode::OK);
        sign_in(&api, "owner@example.com", "wrong horse battery", None).await.assert_problem(401, &[]);
        sign_in(&api, "nobody@example.com", "correct horse battery", None).await.assert_problem(401, &[]);
    }

    async fn a_session_change_without_its_csrf_token_is_refused(t: &TestDb) {
        let api = Api::new(t).await;
        let signed = sign_in(&api, "owner@example.com", "correct horse battery", None).await;
        let cookie = format!("rapport_session={}", session_secret(&signed));
        let csrf = signed.body["csrf_token"].as_str().expect("csrf token").to_owned();

        let without = api.send(Method::POST, "/api/v1/parties", Some(person("Forged")), &[("cookie", &cookie)]).await;
        without.assert_problem(403, &["X-CSRF-Token"]);
        let wrong = api.send(Method::POST, "/api/v1/parties", Some(person("Forged")), &[("cookie", &cookie), ("x-csrf-token", "guess")]).await;
        wrong.assert_problem(403, &["X-CSRF-Token"]);
        // A cross-site form post carries the cookie but cannot know the token.
        let form = Request::post("/api/v1/parties")
            .header("cookie", &cookie)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from("kind=person&name=Forged"))
            .expect("request");
        api.anonymous().raw(form).await.assert_problem(403, &["X-CSRF-Token"]);
        assert_eq!(api.get("/api/v1/parties").await.body["items"], json!([]));

        let with = api.send(Method::POST, "/api/v1/parties", Some(person("Real")), &[("cookie", &cookie), ("x-csrf-token", &csrf)]).await;
        assert_eq!(with.status, StatusCode::CREATED);
        // Reads need no token.
        assert_eq!(api.send(Method::GET, "/api/v1/parties", None, &[("cookie", &cookie)]).await.status, StatusCode::OK);
    }

    async fn repeated_failures_are_answered_with_429(t: &TestDb) {
        let api = Api::new(t).await;
        let mut statuses = Vec::new();
        for _ in 0..11 {
            statuses.push(sign_in(&api, "owner@example.com", "wrong password!", None).await.status.as_u16());
        }
        assert_eq!(statuses[..10], [401; 10]);
        assert_eq!(statuses[10], 429);
        let throttled = sign_in(&api, "owner@example.com", "correct horse battery", None).await;
        throttled.assert_problem(429, &[]);
        assert!(throttled.header("retry-after").is_some());
        // An account that does not exist is throttled alike (the address is too).
        sign_in(&api, "ghost@example.com", "whatever it is", None).await.assert_problem(429, &[]);
    }

    async fn tokens_are_shown_once_and_stop_when_revoked_or_expired(t: &TestDb) {
        let api = Api::new(t).await;
        let created = api.post("/api/v1/tokens", json!({"name": "reporting", "scope": "read"})).await;
        assert_eq!(created.status, StatusCode::CREATED, "{:#}", created.body);
        let secret = created.body["secret"].as_str().expect("secret").to_owned();
        let id = created.body["token"]["id"].as_str().expect("id").to_owned();
        let listed = api.get("/api/v1/tokens").await;
        assert!(!listed.body.to_string().contains(&secret), "a secret is shown once");

        let reader = api.with_auth(&format!("Bearer {secret}"));
        assert_eq!(reader.get("/api/v1/parties").await.status, StatusCode::OK);
        assert_eq!(reader.get("/api/v1/me").await.body["token_scope"], "read");
        reader.post("/api/v1/parties", person("Nope")).await.assert_problem(403, &[]);
        reader.post("/api/v1/tokens", json!({"name": "wider", "scope": "admin"})).await.assert_problem(403, &[]);

        assert_eq!(api.delete(&format!("/api/v1/tokens/{id}")).await.status, StatusCode::NO_CONTENT);
        reader.get("/api/v1/parties").await.assert_problem(401, &[]);

        api.post("/api/v1/tokens", json!({"name": "late", "expires_at": "2000-01-01T00:00:00Z"})).await.assert_problem(422, &["expires_at"]);
        let soon = (time::OffsetDateTime::now_utc() + time::Duration::seconds(1)).format(&time::format_description::well_known::Rfc3339).expect("format");
        let brief = api.post("/api/v1/tokens", json!({"name": "brief", "expires_at": soon})).await;
        let brief = api.with_auth(&format!("Bearer {}", brief.body["secret"].as_str().expect("secret")));
        assert_eq!(brief.get("/api/v1/parties").await.status, StatusCode::OK);
        tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
        brief.get("/api/v1/parties").await.assert_problem(401, &[]);
    }

    async fn members_are_managed_by_owners_and_admins_only(t: &TestDb) {
        let api = Api::new(t).await;
        let created = api.post("/api/v1/members", user_input_json("sales@example.com", "sales")).await;
        assert_eq!(created.status, StatusCode::CREATED, "{:#}", created.body);
        let sales_id = created.body["user"]["id"].as_str().expect("id").to_owned();
        let signed = sign_in(&api, "sales@example.com", "correct horse battery", None).await;
        let cookie = format!("rapport_session={}", session_secret(&signed));
        let csrf = signed.body["csrf_token"].as_str().expect("csrf").to_owned();
        let as_sales = [("cookie", cookie.as_str()), ("x-csrf-token", csrf.as_str())];
        let body = json!({"email": "x@example.com", "display_name": "X", "password": "correct horse battery", "role": "admin"});
        api.send(Method::POST, "/api/v1/members", Some(body), &as_sales).await.assert_problem(403, &[]);
        let members = api.send(Method::GET, "/api/v1/members", None, &as_sales).await;
        assert_eq!(members.body["items"].as_array().map(Vec::len), Some(1), "a sales member sees only themselves");

        let promoted = api.send(Method::PUT, &format!("/api/v1/members/{sales_id}"), Some(json!({"role": "manager"})), &[]).await;
        assert_eq!((promoted.status, promoted.body["role"].clone()), (StatusCode::OK, json!("manager")));
        let members = api.send(Method::GET, "/api/v1/members", None, &as_sales).await;
        assert_eq!(members.body["items"].as_array().map(Vec::len), Some(2), "a manager sees everyone");
        api.post("/api/v1/members", user_input_json("dup@example.com", "emperor")).await.assert_problem(422, &["role"]);
        let me = api.get("/api/v1/me").await;
        let owner_id = me.body["user"]["id"].as_str().expect("id").to_owned();
        api.send(Method::PUT, &format!("/api/v1/members/{owner_id}"), Some(json!({"role": "viewer"})), &[]).await.assert_problem(422, &["role"]);
        api.post("/api/v1/members", user_input_json("SALES@example.com", "viewer")).await.assert_problem(422, &["email"]);
    }
}

fn user_input_json(email: &str, role: &str) -> serde_json::Value {
    let input = user_input(email, role);
    json!({"email": input.email, "display_name": input.display_name, "password": input.password.expose(), "role": role})
}
