//! Sends requests to the router in process and reads the answers as JSON.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use rapport_core::App;
use rapport_core::testing::TestDb;
use rapport_domain::access::TokenScope;
use rapport_domain::identity::{Password, UserInput};
use serde_json::Value;
use tower::ServiceExt;

pub struct Api {
    router: Router,
    /// The `Authorization` header sent unless a request names its own
    /// credentials: an owner's admin token.
    auth: Option<String>,
    pub app: App,
}

/// An answer: status, headers and the body as JSON (`Null` when empty).
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The fields named by a problem document.
    pub fn fields(&self) -> Vec<String> {
        self.body["errors"]
            .as_array()
            .map(|errors| errors.iter().filter_map(|e| e["field"].as_str().map(str::to_owned)).collect())
            .unwrap_or_default()
    }

    /// Asserts a problem document with `status` naming `fields` (in order).
    #[track_caller]
    pub fn assert_problem(&self, status: u16, fields: &[&str]) {
        assert_eq!(self.status.as_u16(), status, "{:#}", self.body);
        assert_eq!(self.header("content-type"), Some("application/problem+json"));
        assert_eq!(self.body["status"], status);
        assert!(self.body["type"].as_str().is_some_and(|t| t.starts_with("/problems/")), "{:#}", self.body);
        assert_eq!(self.fields(), fields, "{:#}", self.body);
    }
}

impl Api {
    /// The API with an owner signed in through an admin token.
    pub async fn new(t: &TestDb) -> Self {
        let (app, system) = t.app().await;
        Self::over(app, system, "owner@example.com").await
    }

    /// The API as [`Api::new`] makes it, on `clock`.
    pub async fn on(t: &TestDb, clock: rapport_core::kernel::clock::Clock) -> Self {
        let (app, system) = t.app_on(clock).await;
        Self::over(app, system, "owner@example.com").await
    }

    /// The API as [`Api::new`] makes it, refusing outbound requests to
    /// inside addresses, as a server does unless told otherwise.
    pub async fn strict(t: &TestDb) -> Self {
        let (app, system) = t.app().await;
        let app = app.with_outbound(rapport_core::kernel::outbound::Outbound::new(false));
        Self::over(app, system, "strict-owner@example.com").await
    }

    /// The API over `app`, called by a new owner `email` with an admin token.
    async fn over(app: App, system: rapport_core::Actor, email: &str) -> Self {
        let owner = app.create_user(&system, system.workspace_id, &user_input(email, "owner")).await.expect("owner");
        let (secret, _) = app
            .create_token(&system, owner.id, system.workspace_id, "tests", TokenScope::Admin, None)
            .await
            .expect("token");
        let state = rapport_web::AppState::new(app.clone()).await.expect("state");
        Self { router: rapport_web::router(state), auth: Some(format!("Bearer {secret}")), app }
    }

    /// The same API, sending no credentials.
    pub fn anonymous(&self) -> Self {
        Self { router: self.router.clone(), auth: None, app: self.app.clone() }
    }

    /// The same API, sending `authorization` instead.
    pub fn with_auth(&self, authorization: &str) -> Self {
        Self { router: self.router.clone(), auth: Some(authorization.to_owned()), app: self.app.clone() }
    }

    pub async fn raw(&self, mut request: Request<Body>) -> Answer {
        if let Some(auth) = &self.auth
            && !request.headers().contains_key(header::AUTHORIZATION)
            && !request.headers().contains_key(header::COOKIE)
        {
            request.headers_mut().insert(header::AUTHORIZATION, auth.parse().expect("header"));
        }
        let response = self.router.clone().oneshot(request).await.expect("infallible");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.expect("body").to_bytes();
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
        };
        Answer { status, headers, body }
    }

    pub async fn send(&self, method: Method, path: &str, body: Option<Value>, headers: &[(&str, &str)]) -> Answer {
        let mut request = Request::builder().method(method).uri(path);
        let names_credentials = headers.iter().any(|(name, _)| matches!(*name, "authorization" | "cookie"));
        if let (Some(auth), false) = (&self.auth, names_credentials) {
            request = request.header(header::AUTHORIZATION, auth.as_str());
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let body = match body {
            Some(json) => {
                request = request.header(header::CONTENT_TYPE, "application/json");
                Body::from(json.to_string())
            }
            None => Body::empty(),
        };
        self.raw(request.body(body).expect("request")).await
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.send(Method::GET, path, None, &[]).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Answer {
        self.send(Method::POST, path, Some(body), &[]).await
    }

    pub async fn patch(&self, path: &str, etag: &str, body: Value) -> Answer {
        self.send(Method::PATCH, path, Some(body), &[("if-match", etag)]).await
    }

    pub async fn delete(&self, path: &str) -> Answer {
        self.send(Method::DELETE, path, None, &[]).await
    }

    /// Creates a party and returns its JSON.
    pub async fn party(&self, body: Value) -> Value {
        let answer = self.post("/api/v1/parties", body).await;
        assert_eq!(answer.status, StatusCode::CREATED, "{:#}", answer.body);
        answer.body
    }
}

pub fn user_input(email: &str, role: &str) -> UserInput {
    UserInput {
        email: email.into(),
        display_name: email.split('@').next().unwrap_or(email).into(),
        locale: None,
        password: Password::new("correct horse battery"),
        role: role.into(),
    }
}

pub fn person(name: &str) -> Value {
    serde_json::json!({"kind": "person", "name": name, "emails": [format!("{}@example.com", name.to_lowercase().replace(' ', "."))]})
}

pub fn organization(name: &str) -> Value {
    serde_json::json!({"kind": "organization", "name": name})
}
