//! A member's first afternoon, in the browser: a prospect made a customer by
//! an order and a client by a contract signed on its page, the dashboard,
//! the palette, a phone's width, Bahasa Indonesia, and a viewer refused.

use rapport_core::testing::TestDb;
use thirtyfour::components::SelectElement;
use thirtyfour::prelude::*;

use crate::support::*;

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
    fill(&driver, "#email-0", "halo@majujaya.co.id").await;
    fill(&driver, "#tags", "jakarta, retainer").await;
    click(&driver, "form.stack button[type=submit]").await;
    wait_for_text(&driver, "main h1", "PT Maju Jaya").await;
    let organization = driver.current_url().await.expect("url").to_string();
    let (kinds, reasons) = relationship(&driver).await;
    assert!(kinds.contains("prospect"), "{kinds}");
    assert!(reasons.contains("has neither bought nor used anything yet"), "{reasons}");

    driver.goto(format!("{base}/parties/new?kind=person")).await.expect("new person");
    fill(&driver, "#name", "Dewi Lestari").await;
    fill(&driver, "#email-0", "not an email").await;
    click(&driver, "form.stack button[type=submit]").await;
    wait_for_text(&driver, "#emails-error", "Not an email address.").await;
    fill(&driver, "#email-0", "dewi@majujaya.co.id").await;
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
    wait_for_text(&driver, "#order-total", "2,500,000").await;
    fill(&driver, "#discount-0", "100,000").await;
    wait_for_text(&driver, "#order-total", "2,400,000").await;
    click(&driver, "[data-add-line]").await;
    SelectElement::new(&driver.find(By::Css("#offering-2")).await.expect("a line added in place"))
        .await
        .expect("select")
        .select_by_partial_text("Tax advisory")
        .await
        .expect("offering chosen");
    wait_for_text(&driver, "#order-total", "4,900,000").await;
    shoot(&driver, "order-form-desktop").await;
    click(&driver, "form.stack .actions button[type=submit]").await;
    wait_for_text(&driver, "#total", "4,900,000").await;
    assert!(text_of(&driver, "#end-users").await.contains("Dewi Lestari"));
    driver.goto(organization.clone()).await.expect("organization");
    wait_for_text(&driver, "#orders", "Dewi Lestari").await;
    let (kinds, reasons) = relationship(&driver).await;
    assert!(kinds.contains("customer") && kinds.contains("B2B"), "{kinds}");
    assert!(reasons.contains("has bought once"), "{reasons}");
    assert!(text_of(&driver, "#consumers").await.contains("Dewi Lestari"));

    // A contract drafted, sent, signed by both sides and activated on its page.
    click(&driver, "a[href$='/contracts/new']").await;
    fill(&driver, "#title", "Annual tax retainer").await;
    fill(&driver, "#scope", "Monthly VAT and annual corporate tax filings").await;
    fill(&driver, "#amount", "15000000").await;
    fill(&driver, "#quota_unit-1", "hours").await;
    fill(&driver, "#quota_per_month-1", "20").await;
    click(&driver, "#contract-form button[type=submit]").await;
    wait_for_text(&driver, "#status", "draft").await;
    click(&driver, "#terms button[value='send']").await;
    wait_for_text(&driver, "#status", "sent").await;
    for side in ["client", "provider"] {
        click(&driver, &format!("form.sign:has(#sign-{side}) button")).await;
        wait_for_text(&driver, &format!("#{side}-signed"), "20").await;
    }
    wait_for_text(&driver, "#status", "signed").await;
    driver.goto(organization.clone()).await.expect("organization");
    let (kinds, reasons) = relationship(&driver).await;
    assert!(kinds.contains("client"), "{kinds}");
    assert!(reasons.contains("has a contract in force, “Annual tax retainer”, signed by both sides"), "{reasons}");
    click(&driver, "#contracts a[href^='/contracts/']").await;
    click(&driver, "#signatures button[value='activate']").await;
    wait_for_text(&driver, "#status", "active").await;
    fill(&driver, "#use-amount", "3").await;
    click(&driver, "#record-use button[type=submit]").await;
    wait_for_text(&driver, "#quotas", "3").await;
    driver.goto(organization.clone()).await.expect("organization");
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
    let open = driver.execute("return document.getElementById('palette').open", Vec::new()).await.expect("open");
    assert_eq!(open.json(), &serde_json::json!(false), "one Escape closes the palette");

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
    click(&driver, "details.account summary").await;
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
    // The header keeps to one row at a desktop's width, even in Indonesian.
    let header =
        driver.execute("return document.querySelector('header.top').offsetHeight", Vec::new()).await.expect("height");
    assert!(header.json().as_i64().is_some_and(|h| h < 70), "the header wraps: {:?}", header.json());
    click(&driver, "details.account summary").await;
    click(&driver, "form[action='/logout'] button").await;
    wait_for_text(&driver, "main h1", "Masuk").await;
    sign_in(&driver, &base, "viewer@example.com").await;
    driver.goto(organization.clone()).await.expect("organization");
    wait_for_text(&driver, "main h1", "PT Maju Jaya").await;
    for css in [
        "a[href$='/edit']",
        "a[href$='/orders/new']",
        "a[href$='/contracts/new']",
        "#contracts button",
        "#contracts form",
    ] {
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
