//! What the browser tests share: chromedriver and a headless Chromium, Rapport
//! served on loopback, screenshots, and small steps (fill, click, wait).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use rapport_core::testing::TestDb;
use rapport_domain::identity::{Password, UserInput};
use thirtyfour::prelude::*;

pub const PASSWORD: &str = "correct horse battery";

/// chromedriver, stopped when dropped.
pub struct Chromedriver {
    child: Child,
    port: u16,
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("address").port()
}

pub async fn start_chromedriver() -> Chromedriver {
    let program = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".to_owned());
    let port = free_port();
    let child = Command::new(&program)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{program} does not start ({e}): install Debian's chromium and chromium-driver"));
    let driver = Chromedriver { child, port };
    for _ in 0..200 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            return driver;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not listen on {port} within 20 s");
}

pub async fn browser(driver: &Chromedriver, profile: &std::path::Path) -> WebDriver {
    let mut caps = DesiredCapabilities::chrome();
    let binary = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
    caps.set_binary(&binary).expect("binary");
    let profile_arg = format!("--user-data-dir={}", profile.display());
    for arg in [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
        "--lang=en-US",
        "--window-size=1280,900",
        profile_arg.as_str(),
    ] {
        caps.add_arg(arg).expect("arg");
    }
    WebDriver::new(format!("http://127.0.0.1:{}", driver.port), caps).await.expect("a Chromium session")
}

/// Rapport served on loopback over a fresh SQLite database, with an owner and
/// a viewer.
pub async fn serve(t: &TestDb) -> SocketAddr {
    let (app, system) = t.app().await;
    for (email, role, name) in
        [("owner@example.com", "owner", "Rina Wijaya"), ("viewer@example.com", "viewer", "Adam Nowak")]
    {
        let input = UserInput {
            email: email.to_owned(),
            display_name: name.to_owned(),
            locale: Some("en".to_owned()),
            password: Password::new(PASSWORD),
            role: role.to_owned(),
        };
        app.create_user(&system, system.workspace_id, &input).await.expect("user");
    }
    serve_app(app).await
}

/// `app` served on loopback, as `rapport serve` serves it.
pub async fn serve_app(app: rapport_core::App) -> SocketAddr {
    let state = rapport_web::AppState::new(app).await.expect("state");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("listen");
    let address = listener.local_addr().expect("address");
    let service = rapport_ui::router(state).into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, service).await });
    address
}

pub fn screenshot_dir() -> PathBuf {
    let dir = std::env::var_os("RAPPORT_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots"));
    std::fs::create_dir_all(&dir).expect("the screenshot folder");
    dir
}

pub async fn shoot(driver: &WebDriver, name: &str) {
    driver.execute("window.scrollTo(0, 0)", Vec::new()).await.expect("scroll to the top");
    let path = screenshot_dir().join(format!("{name}.png"));
    driver.screenshot(&path).await.expect("a screenshot");
    let bytes = std::fs::read(&path).expect("the screenshot file");
    assert!(bytes.starts_with(b"\x89PNG") && bytes.len() > 10_000, "{name} is a real picture");
}

/// Sizes the window's viewport to `width` × `height` CSS pixels.
pub async fn viewport(driver: &WebDriver, width: u32, height: u32) {
    driver.set_window_rect(0, 0, width, height).await.expect("resize");
}

pub async fn text_of(driver: &WebDriver, css: &str) -> String {
    driver.query(By::Css(css)).first().await.unwrap_or_else(|e| panic!("{css}: {e}")).text().await.expect("text")
}

/// Waits until the element `css` holds `text`.
pub async fn wait_for_text(driver: &WebDriver, css: &str, text: &str) {
    for _ in 0..100 {
        if let Ok(found) = driver.find(By::Css(css)).await
            && found.text().await.is_ok_and(|t| t.contains(text))
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let now = driver.find(By::Css(css)).await.ok();
    let shown = match now {
        Some(e) => e.text().await.unwrap_or_default(),
        None => "(no such element)".to_owned(),
    };
    panic!("{css} never held {text:?}; it holds {shown:?}");
}

pub async fn fill(driver: &WebDriver, css: &str, value: &str) {
    let input = driver.find(By::Css(css)).await.unwrap_or_else(|e| panic!("{css}: {e}"));
    input.clear().await.expect("clear");
    input.send_keys(value).await.expect("type");
}

pub async fn click(driver: &WebDriver, css: &str) {
    driver.query(By::Css(css)).first().await.unwrap_or_else(|e| panic!("{css}: {e}")).click().await.expect("click");
}

pub async fn sign_in(driver: &WebDriver, base: &str, email: &str) {
    driver.goto(format!("{base}/login")).await.expect("login page");
    fill(driver, "#email", email).await;
    fill(driver, "#password", PASSWORD).await;
    click(driver, "form.stack button[type=submit]").await;
    wait_for_text(driver, "main h1", "Parties").await;
}

/// The relationship card of the 360° page: its kinds and its reasons.
pub async fn relationship(driver: &WebDriver) -> (String, String) {
    (text_of(driver, "#relationship .kinds").await, text_of(driver, "#reasons").await)
}
