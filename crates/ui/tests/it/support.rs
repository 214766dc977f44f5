//! A browser's part in process: a cookie, the CSRF token of the last page,
//! forms posted as `application/x-www-form-urlencoded`.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, header};
use http_body_util::BodyExt;
use rapport_core::testing::TestDb;
use rapport_core::{Actor, App};
use rapport_domain::common::ids::{PartyId, UserId};
use rapport_domain::identity::{Password, UserInput};
use tower::ServiceExt;

pub const PASSWORD: &str = "correct horse battery";

/// The headers a browser's post from this site carries.
pub const SAME_SITE: [(&str, &str); 2] = [("origin", "http://localhost"), ("host", "localhost")];

pub struct Site {
    router: Router,
    cookie: Option<String>,
    csrf: Option<String>,
    pub app: App,
    pub system: Actor,
}

/// A page as answered.
#[derive(Debug)]
pub struct Page {
    pub status: u16,
    pub headers: HeaderMap,
    pub html: String,
}

impl Page {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn location(&self) -> &str {
        self.header("location").unwrap_or("")
    }

    /// The CSRF token the page's forms carry.
    pub fn csrf(&self) -> Option<String> {
        let at = self.html.find("name=\"_csrf\" value=\"")? + "name=\"_csrf\" value=\"".len();
        self.html[at..].split('"').next().map(str::to_owned)
    }

    /// The element that opens with `id="{id}"`, up to the end of the
    /// enclosing section (good enough for the page's own markup).
    #[track_caller]
    pub fn section(&self, id: &str) -> &str {
        let marker = format!("id=\"{id}\"");
        let start = self.html.find(&marker).unwrap_or_else(|| panic!("no #{id} in:\n{}", self.html));
        let rest = &self.html[start..];
        let end = rest.find("</section>").unwrap_or(rest.len());
        &rest[..end]
    }

    #[track_caller]
    pub fn assert_contains(&self, text: &str) {
        assert!(self.html.contains(text), "{text:?} not in the page (status {}):\n{}", self.status, self.html);
    }

    #[track_caller]
    pub fn assert_lacks(&self, text: &str) {
        assert!(!self.html.contains(text), "{text:?} is in the page:\n{}", self.html);
    }
}

pub fn user_input(email: &str, role: &str, locale: Option<&str>) -> UserInput {
    UserInput {
        email: email.into(),
        display_name: email.split('@').next().unwrap_or(email).into(),
        locale: locale.map(str::to_owned),
        password: Password::new(PASSWORD),
        role: role.into(),
    }
}

impl Site {
    /// The site with an owner (`owner@example.com`) and a viewer
    /// (`viewer@example.com`), no one signed in.
    pub async fn new(t: &TestDb) -> Self {
        Self::on(t, rapport_core::kernel::clock::Clock::system()).await
    }

    /// The site as [`Site::new`] makes it, on `clock`.
    pub async fn on(t: &TestDb, clock: rapport_core::kernel::clock::Clock) -> Self {
        let (app, system) = t.app_on(clock).await;
        for (email, role) in [("owner@example.com", "owner"), ("viewer@example.com", "viewer")] {
            app.create_user(&system, system.workspace_id, &user_input(email, role, None)).await.expect("user");
        }
        let state = rapport_web::AppState::new(app.clone()).await.expect("state");
        Self { router: rapport_ui::router(state), cookie: None, csrf: None, app, system }
    }

    /// Another browser on the same site, signed in as no one.
    pub fn another_browser(&self) -> Self {
        Self {
            router: self.router.clone(),
            cookie: None,
            csrf: None,
            app: self.app.clone(),
            system: self.system.clone(),
        }
    }

    pub async fn user(&self, email: &str) -> UserId {
        self.app.user_by_email(email).await.expect("user").id
    }

    pub async fn send(&mut self, request: Request<Body>) -> Page {
        let mut request = request;
        if let Some(cookie) = &self.cookie {
            request.headers_mut().insert(header::COOKIE, cookie.parse().expect("cookie"));
        }
        let response = self.router.clone().oneshot(request).await.expect("infallible");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        if let Some(set) = headers.get(header::SET_COOKIE).and_then(|v| v.to_str().ok()) {
            let pair = set.split(';').next().unwrap_or("");
            self.cookie = if set.contains("Max-Age=0") { None } else { Some(pair.to_owned()) };
        }
        let bytes = response.into_body().collect().await.expect("body").to_bytes();
        let page = Page { status, headers, html: String::from_utf8_lossy(&bytes).into_owned() };
        if let Some(token) = page.csrf() {
            self.csrf = Some(token);
        }
        page
    }

    pub async fn get(&mut self, path: &str) -> Page {
        self.send(Request::builder().uri(path).body(Body::empty()).expect("request")).await
    }

    /// Posts `fields` as a form from this site, with the CSRF token of the
    /// last page read.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        let token = self.csrf.clone().unwrap_or_default();
        if !fields.iter().any(|(name, _)| *name == "_csrf") {
            all.push(("_csrf", &token));
        }
        self.post_raw(path, &all, &SAME_SITE).await
    }

    pub async fn post_raw(&mut self, path: &str, fields: &[(&str, &str)], headers: &[(&str, &str)]) -> Page {
        let body = form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish();
        let mut request = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.send(request.body(Body::from(body)).expect("request")).await
    }

    /// Signs in and reads the party list (for its CSRF token).
    pub async fn sign_in(&mut self, email: &str) -> Page {
        let answer = self
            .post_raw("/login", &[("email", email), ("password", PASSWORD), ("next", "/parties")], &SAME_SITE)
            .await;
        assert_eq!(answer.status, 303, "{}", answer.html);
        self.get("/parties").await
    }

    /// Creates a party through its form; returns its id.
    pub async fn create_party(&mut self, kind: &str, name: &str) -> PartyId {
        self.get("/parties/new").await;
        let created = self.post("/parties", &[("kind", kind), ("name", name)]).await;
        assert_eq!(created.status, 303, "{}", created.html);
        let id = created.location().trim_start_matches("/parties/");
        PartyId(id.parse().expect("a party id"))
    }
}
