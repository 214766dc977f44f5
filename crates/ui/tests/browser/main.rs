//! Rapport in a real browser: headless Chromium from Debian's `chromium`
//! package, driven over WebDriver by its `chromium-driver`. One test walks
//! through what the issue of the interface asks a member to do, checking at
//! each step what the 360° page says, and takes the screenshots that the
//! README shows (written to `docs/screenshots/` when `RAPPORT_SCREENSHOTS`
//! names that folder, to a scratch folder otherwise).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use rapport_core::testing::TestDb;
use rapport_domain::user::{Password, UserInput};
use thirtyfour::components::SelectElement;
use thirtyfour::prelude::*;

const PASSWORD: &str = "correct horse battery";

/// chromedriver, stopped when dropped.
struct Chromedriver {
    child: Child,
    port: u16,
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("address").port()
}

async fn start_chromedriver() -> Chromedriver {
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

async fn browser(driver: &Chromedriver, profile: &std::path::Path) -> WebDriver {
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
async fn serve(t: &TestDb) -> SocketAddr {
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
    let state = rapport_web::AppState::new(app).await.expect("state");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("listen");
    let address = listener.local_addr().expect("address");
    let service = rapport_ui::router(state).into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, service).await });
    address
}

fn screenshot_dir() -> PathBuf {
    let dir = std::env::var_os("RAPPORT_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots"));
    std::fs::create_dir_all(&dir).expect("the screenshot folder");
    dir
}

async fn shoot(driver: &WebDriver, name: &str) {
    driver.execute("window.scrollTo(0, 0)", Vec::new()).await.expect("scroll to the top");
    let path = screenshot_dir().join(format!("{name}.png"));
    driver.screenshot(&path).await.expect("a screenshot");
    let bytes = std::fs::read(&path).expect("the screenshot file");
    assert!(bytes.starts_with(b"\x89PNG") && bytes.len() > 10_000, "{name} is a real picture");
}

/// Sizes the window's viewport to `width` × `height` CSS pixels.
async fn viewport(driver: &WebDriver, width: u32, height: u32) {
    driver.set_window_rect(0, 0, width, height).await.expect("resize");
}

async fn text_of(driver: &WebDriver, css: &str) -> String {
    driver.query(By::Css(css)).first().await.unwrap_or_else(|e| panic!("{css}: {e}")).text().await.expect("text")
}

/// Waits until the element `css` holds `text`.
async fn wait_for_text(driver: &WebDriver, css: &str, text: &str) {
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

async fn fill(driver: &WebDriver, css: &str, value: &str) {
    let input = driver.find(By::Css(css)).await.unwrap_or_else(|e| panic!("{css}: {e}"));
    input.clear().await.expect("clear");
    input.send_keys(value).await.expect("type");
}

async fn click(driver: &WebDriver, css: &str) {
    driver.query(By::Css(css)).first().await.unwrap_or_else(|e| panic!("{css}: {e}")).click().await.expect("click");
}

async fn sign_in(driver: &WebDriver, base: &str, email: &str) {
    driver.goto(format!("{base}/login")).await.expect("login page");
    fill(driver, "#email", email).await;
    fill(driver, "#password", PASSWORD).await;
    click(driver, "form.stack button[type=submit]").await;
    wait_for_text(driver, "main h1", "Parties").await;
}

/// The relationship card of the 360° page: its kinds and its reasons.
async fn relationship(driver: &WebDriver) -> (String, String) {
    (text_of(driver, "#relationship .kinds").await, text_of(driver, "#reasons").await)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_turns_a_prospect_into_a_client_in_the_browser() {
    let t = TestDb::sqlite().await;
    let address = serve(&t).await;
    let base = format!("http://{address}");
    let chromedriver = start_chromedriver().await;
    let profile = std::env::temp_dir().join(format!("rapport-chromium-{}", std::process::id()));
    let driver = browser(&chromedriver, &profile).await;
    viewport(&driver, 1280, 900).await;

    sign_in(&driver, &base, "owner@example.com").await;

    // The catalogue needs an offering before anything can be ordered.
    driver.goto(format!("{base}/offerings")).await.expect("offerings");
    fill(&driver, "#offering-name", "Tax advisory").await;
    SelectElement::new(&driver.find(By::Css("#offering-kind")).await.expect("kind"))
        .await
        .expect("select")
        .select_by_value("professional_service")
        .await
        .expect("kind chosen");
    fill(&driver, "#offering-price", "2500000").await;
    click(&driver, "form[action='/offerings'] button[type=submit]").await;
    wait_for_text(&driver, "table.list", "Tax advisory").await;

    // An organization, then a person.
    driver.goto(format!("{base}/parties")).await.expect("parties");
    click(&driver, "a[href='/parties/new?kind=organization']").await;
    fill(&driver, "#name", "PT Maju Jaya").await;
    fill(&driver, "#emails", "halo@majujaya.co.id").await;
    fill(&driver, "#tags", "jakarta, retainer").await;
    click(&driver, "form.stack button[type=submit]").await;
    wait_for_text(&driver, "main h1", "PT Maju Jaya").await;
    let organization = driver.current_url().await.expect("url").to_string();
    let (kinds, reasons) = relationship(&driver).await;
    assert!(kinds.contains("prospect"), "{kinds}");
    assert!(reasons.contains("has neither bought nor used anything yet"), "{reasons}");

    driver.goto(format!("{base}/parties/new?kind=person")).await.expect("new person");
    fill(&driver, "#name", "Dewi Lestari").await;
    fill(&driver, "#emails", "not an email").await;
    click(&driver, "form.stack button[type=submit]").await;
    wait_for_text(&driver, "#emails-error", "Not an email address.").await;
    fill(&driver, "#emails", "dewi@majujaya.co.id").await;
    click(&driver, "form.stack button[type=submit]").await;
    wait_for_text(&driver, "main h1", "Dewi Lestari").await;

    // An order of the organization, with the person as its end user, found
    // through the picker's search (htmx).
    driver.goto(organization.clone()).await.expect("organization");
    click(&driver, "a[href$='/orders/new']").await;
    SelectElement::new(&driver.find(By::Css("#offering-0")).await.expect("offering"))
        .await
        .expect("select")
        .select_by_partial_text("Tax advisory")
        .await
        .expect("offering chosen");
    fill(&driver, "#end-user-search", "Dewi").await;
    wait_for_text(&driver, "#end-user-found", "Dewi Lestari").await;
    click(&driver, "#end-user-found input[type=checkbox]").await;
    shoot(&driver, "order-form-desktop").await;
    click(&driver, "form.stack button[type=submit]").await;
    wait_for_text(&driver, "#orders", "Dewi Lestari").await;
    let (kinds, reasons) = relationship(&driver).await;
    assert!(kinds.contains("customer") && kinds.contains("B2B"), "{kinds}");
    assert!(reasons.contains("has bought once"), "{reasons}");
    assert!(text_of(&driver, "#consumers").await.contains("Dewi Lestari"));

    // A contract drafted, sent, signed by both sides and activated.
    click(&driver, "a[href$='/contracts/new']").await;
    fill(&driver, "#title", "Annual tax retainer").await;
    fill(&driver, "#scope", "Monthly VAT and annual corporate tax filings").await;
    fill(&driver, "#amount", "15000000").await;
    click(&driver, "form.stack button[type=submit]").await;
    wait_for_text(&driver, "#contracts", "Annual tax retainer").await;
    assert!(relationship(&driver).await.0.contains("customer"), "a draft makes no client");
    for step in ["send", "sign_client", "sign_provider"] {
        click(&driver, &format!("#contracts button[value='{step}']")).await;
        wait_for_text(&driver, "main h1", "PT Maju Jaya").await;
    }
    let (kinds, reasons) = relationship(&driver).await;
    assert!(kinds.contains("client"), "{kinds}");
    assert!(reasons.contains("has a contract in force, “Annual tax retainer”, signed by both sides"), "{reasons}");
    click(&driver, "#contracts button[value='activate']").await;
    wait_for_text(&driver, "#contracts", "active").await;
    assert!(text_of(&driver, "#timeline").await.contains("Contract activated"));
    viewport(&driver, 1280, 1500).await;
    shoot(&driver, "party-360-desktop").await;
    viewport(&driver, 1280, 900).await;

    // The dashboard draws its charts (uPlot, from the page's JSON).
    driver.goto(format!("{base}/relationships")).await.expect("dashboard");
    driver.query(By::Css("#chart-trend canvas")).first().await.expect("the trend chart is drawn");
    assert!(text_of(&driver, "#kinds").await.contains("client"));
    shoot(&driver, "dashboard-desktop").await;
    driver.goto(format!("{base}/settings")).await.expect("settings");
    wait_for_text(&driver, "#terminology", "prospect").await;
    shoot(&driver, "settings-desktop").await;
    driver.goto(organization.clone()).await.expect("organization");

    // The command palette, from the keyboard.
    driver.find(By::Css("body")).await.expect("body").send_keys(Key::Control + "k").await.expect("ctrl+k");
    fill(&driver, "#palette-q", "Maju").await;
    wait_for_text(&driver, "#palette-results", "PT Maju Jaya").await;
    shoot(&driver, "palette-desktop").await;
    driver.find(By::Css("#palette-q")).await.expect("palette").send_keys(Key::Escape).await.expect("escape");

    // The same page at a phone's width.
    viewport(&driver, 390, 844).await;
    driver.goto(organization.clone()).await.expect("organization");
    shoot(&driver, "party-360-phone").await;
    driver.goto(format!("{base}/parties")).await.expect("parties");
    shoot(&driver, "parties-phone").await;
    viewport(&driver, 1280, 900).await;
    driver.goto(format!("{base}/parties")).await.expect("parties");
    shoot(&driver, "parties-desktop").await;

    // Bahasa Indonesia, chosen from the menu.
    SelectElement::new(&driver.find(By::Css("#language-select")).await.expect("language"))
        .await
        .expect("select")
        .select_by_value("id")
        .await
        .expect("language chosen");
    click(&driver, "form.language button[type=submit]").await;
    wait_for_text(&driver, "main h1", "Kontak").await;
    assert_eq!(
        driver.find(By::Css("html")).await.expect("html").attr("lang").await.expect("lang").as_deref(),
        Some("id")
    );
    driver.goto(organization.clone()).await.expect("organization");
    wait_for_text(&driver, "#relationship-title", "Hubungan").await;
    assert!(text_of(&driver, "#relationship .kinds").await.contains("klien"));
    assert!(text_of(&driver, "#contracts").await.contains("aktif"));
    let reasons = text_of(&driver, "#reasons").await;
    assert!(
        reasons.contains("memiliki kontrak yang berlaku, “Annual tax retainer”, ditandatangani kedua pihak"),
        "{reasons}"
    );
    assert!(reasons.contains("organisasi yang membeli untuk operasionalnya (B2B)"), "{reasons}");
    shoot(&driver, "party-360-id-desktop").await;

    // A viewer: no edit buttons, and a form posted anyway is refused.
    click(&driver, "form[action='/logout'] button").await;
    wait_for_text(&driver, "main h1", "Masuk").await;
    sign_in(&driver, &base, "viewer@example.com").await;
    driver.goto(organization.clone()).await.expect("organization");
    wait_for_text(&driver, "main h1", "PT Maju Jaya").await;
    for css in ["a[href$='/edit']", "a[href$='/orders/new']", "a[href$='/contracts/new']", "#contracts button"] {
        assert!(driver.find_all(By::Css(css)).await.expect("search").is_empty(), "a viewer sees {css}");
    }
    let forged = r#"
        const form = document.createElement('form');
        form.method = 'post';
        form.action = '/parties';
        for (const [name, value] of [['_csrf', document.querySelector('input[name=_csrf]').value], ['kind', 'person'], ['name', 'Sneaky']]) {
            const input = document.createElement('input');
            input.type = 'hidden'; input.name = name; input.value = value;
            form.appendChild(input);
        }
        document.body.appendChild(form);
        form.submit();
    "#;
    driver.execute(forged, Vec::new()).await.expect("a form posted");
    wait_for_text(&driver, "main", "Your role does not allow this.").await;

    driver.quit().await.expect("quit");
    let _ = std::fs::remove_dir_all(&profile);
    drop(chromedriver);
    t.teardown().await;
}
