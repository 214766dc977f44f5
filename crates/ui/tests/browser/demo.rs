//! The demo as a newcomer meets it: the business `rapport demo` builds,
//! signed in as its account manager (in her language, Bahasa Indonesia):
//! the dashboard filled, one of her clients, an order and a contract, at a
//! desktop's width and at a phone's, where nothing may be wider than the
//! screen.

use rapport_core::kernel::clock::Clock;
use rapport_core::testing::TestDb;
use thirtyfour::prelude::*;
use time::macros::datetime;

use crate::support::*;

/// How wide the page is laid out, beyond the window when it overflows.
async fn page_width(driver: &WebDriver) -> i64 {
    let width = driver.execute("return document.documentElement.scrollWidth", Vec::new()).await.expect("width");
    width.json().as_i64().expect("a number")
}

/// The address of the first link matching `css`.
async fn first_link(driver: &WebDriver, css: &str) -> String {
    let link = driver.query(By::Css(css)).first().await.unwrap_or_else(|e| panic!("{css}: {e}"));
    link.attr("href").await.expect("href").unwrap_or_else(|| panic!("{css} has no address"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_as_its_account_manager_sees_it() {
    let t = TestDb::sqlite().await;
    // A fixed day, so that the pictures tell the same story every run.
    let (app, system) = t.app_on(Clock::fixed(datetime!(2026-11-24 03:00 UTC))).await;
    let seeded = rapport_core::demo::seed(&app, &system, 120).await.expect("the demo");
    let manager = seeded.members.iter().find(|m| m.role == "account_manager").expect("an account manager");
    let base = format!("http://{}", serve_app(app).await);
    let chromedriver = start_chromedriver().await;
    let profile = std::env::temp_dir().join(format!("rapport-chromium-demo-{}", std::process::id()));
    let driver = browser(&chromedriver, &profile).await;
    viewport(&driver, 1280, 900).await;

    driver.goto(format!("{base}/login")).await.expect("login page");
    fill(&driver, "#email", &manager.email).await;
    fill(&driver, "#password", &manager.password).await;
    click(&driver, "form.stack button[type=submit]").await;
    wait_for_text(&driver, "main h1", "Kontak").await;

    // The dashboard: every kind counted, the charts drawn, candidates listed.
    driver.goto(format!("{base}/relationships")).await.expect("dashboard");
    driver.query(By::Css("#chart-trend canvas")).first().await.expect("the trend chart is drawn");
    driver.query(By::Css("#chart-distribution canvas")).first().await.expect("the value chart is drawn");
    let kinds = text_of(&driver, "#kinds").await;
    for kind in ["klien", "pelanggan", "konsumen"] {
        assert!(kinds.contains(kind), "{kind} on the dashboard:\n{kinds}");
    }
    assert!(driver.find_all(By::Css("#no-model")).await.expect("search").is_empty(), "the model is fitted");
    assert!(!driver.find_all(By::Css("#candidates tbody tr")).await.expect("search").is_empty(), "candidates");
    viewport(&driver, 1280, 1400).await;
    shoot(&driver, "demo-dashboard-desktop").await;

    // One of her clients on a retainer, from her own accounts.
    driver.goto(format!("{base}/parties?account_team=me&relationship=client")).await.expect("my clients");
    let mut clients = Vec::new();
    for link in driver.find_all(By::Css("table.list td a[href^='/parties/']")).await.expect("her clients") {
        clients.push(link.attr("href").await.expect("href").unwrap_or_default());
    }
    assert!(!clients.is_empty(), "she has clients");
    let mut signed = None;
    for client in &clients {
        driver.goto(format!("{base}{client}")).await.expect("a client");
        let live = "#contracts li[data-status='active'] a, #contracts li[data-status='renewed'] a";
        if let Some(contract) = driver.find_all(By::Css(live)).await.expect("contracts").first() {
            signed = Some((client.clone(), contract.attr("href").await.expect("href").unwrap_or_default()));
            break;
        }
    }
    let (client, contract) = signed.expect("one of her clients has a contract in force");
    assert!(text_of(&driver, "#relationship .kinds").await.contains("klien"));
    assert!(text_of(&driver, "#team").await.contains(&manager.name), "she is on its team");
    shoot(&driver, "demo-client-360-desktop").await;

    // Its contract, and one of its orders.
    let order = first_link(&driver, "#orders a[href^='/orders/']").await;
    driver.goto(format!("{base}{contract}")).await.expect("the contract");
    assert!(text_of(&driver, "#quotas").await.contains("jam"), "{}", text_of(&driver, "#quotas").await);
    assert!(!driver.find_all(By::Css("#terminate")).await.expect("search").is_empty(), "she may end it");
    shoot(&driver, "demo-contract-desktop").await;
    driver.goto(format!("{base}{order}")).await.expect("the order");
    assert!(text_of(&driver, "main h1").await.contains("SO-20"), "an order known by its number");
    shoot(&driver, "demo-order-desktop").await;

    // The same pages on a phone: readable, and nothing wider than the screen.
    viewport(&driver, 390, 844).await;
    let inner = driver.execute("return window.innerWidth", Vec::new()).await.expect("width").json().as_i64();
    for (path, name) in [
        ("/relationships", "demo-dashboard"),
        (client.as_str(), "demo-client-360"),
        (contract.as_str(), "demo-contract"),
        (order.as_str(), "demo-order"),
    ] {
        driver.goto(format!("{base}{path}")).await.expect("a page");
        let width = page_width(&driver).await;
        assert!(Some(width) <= inner, "{path} is {width} px wide on a {inner:?} px screen");
        shoot(&driver, &format!("{name}-phone")).await;
    }

    driver.quit().await.expect("quit");
    let _ = std::fs::remove_dir_all(&profile);
    drop(chromedriver);
    t.teardown().await;
}
