//! Signing in and out, and what the pages refuse: requests without a
//! session, forms from elsewhere or without the session's token.

use rapport_core::on_both_backends;

use crate::support::{PASSWORD, SAME_SITE, Site};

on_both_backends! {
    async fn pages_need_a_session_and_bring_the_reader_back_after_sign_in(t: &TestDb) {
        let mut site = Site::new(t).await;
        let answer = site.get("/parties?q=dewi").await;
        assert_eq!(answer.status, 303);
        assert_eq!(answer.location(), "/login?next=%2Fparties%3Fq%3Ddewi");
        let form = site.get(answer.location()).await;
        form.assert_contains("name=\"next\" value=\"/parties?q=dewi\"");

        let refused = site.post_raw("/login", &[("email", "owner@example.com"), ("password", "wrong")], &SAME_SITE).await;
        assert_eq!(refused.status, 401);
        refused.assert_contains("Wrong email or password.");
        refused.assert_contains("value=\"owner@example.com\"");

        let signed = site
            .post_raw("/login", &[("email", "owner@example.com"), ("password", PASSWORD), ("next", "/parties?q=dewi")], &SAME_SITE)
            .await;
        assert_eq!(signed.status, 303);
        assert_eq!(signed.location(), "/parties?q=dewi");
        let cookie = signed.header("set-cookie").expect("a session cookie");
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
        let list = site.get("/parties").await;
        assert_eq!(list.status, 200);
        assert_eq!(list.header("cache-control"), Some("no-store"));

        let out = site.post("/logout", &[]).await;
        assert_eq!(out.status, 303);
        assert_eq!(site.get("/parties").await.status, 303, "the session has ended");
    }

    async fn forms_without_the_token_or_from_another_site_are_refused(t: &TestDb) {
        let mut site = Site::new(t).await;
        let page = site.sign_in("owner@example.com").await;
        let token = page.csrf().expect("the page's token");
        let same = [("origin", "http://localhost"), ("host", "localhost")];
        let missing = site.post_raw("/parties", &[("kind", "person"), ("name", "A")], &same).await;
        assert_eq!(missing.status, 403);
        missing.assert_contains("did not come from Rapport");
        let wrong = site.post_raw("/parties", &[("kind", "person"), ("name", "B"), ("_csrf", "x")], &same).await;
        assert_eq!(wrong.status, 403);
        let elsewhere = [("origin", "https://evil.example"), ("host", "localhost")];
        let forged = site.post_raw("/parties", &[("kind", "person"), ("name", "C"), ("_csrf", &token)], &elsewhere).await;
        assert_eq!(forged.status, 403);
        let fetched = [("sec-fetch-site", "cross-site")];
        let forged = site.post_raw("/parties", &[("kind", "person"), ("name", "D"), ("_csrf", &token)], &fetched).await;
        assert_eq!(forged.status, 403);
        let listed = site.app.list_parties(&site.system, &Default::default()).await.expect("list");
        assert!(listed.items.is_empty(), "no forged form created anything");
        let good = site.post_raw("/parties", &[("kind", "person"), ("name", "E"), ("_csrf", &token)], &same).await;
        assert_eq!(good.status, 303, "{}", good.html);
    }

    async fn a_sign_in_goes_back_only_to_this_site(t: &TestDb) {
        let mut site = Site::new(t).await;
        // A sign-in posted by something that is not a page of this site
        // (no Origin, no Sec-Fetch-Site) is refused: login CSRF.
        let unmarked = site.post_raw("/login", &[("email", "owner@example.com"), ("password", PASSWORD)], &[]).await;
        assert_eq!(unmarked.status, 403);
        let forged = [("origin", "https://evil.example"), ("host", "localhost")];
        let forged = site.post_raw("/login", &[("email", "owner@example.com"), ("password", PASSWORD)], &forged).await;
        assert_eq!(forged.status, 403);
        for next in ["//evil.example/", "https://evil.example/", "/\\evil.example", "/\t/evil.example"] {
            let signed = site
                .post_raw("/login", &[("email", "owner@example.com"), ("password", PASSWORD), ("next", next)], &SAME_SITE)
                .await;
            assert_eq!(signed.status, 303);
            assert_eq!(signed.location(), "/parties", "{next}");
        }
    }
}

#[tokio::test]
async fn pages_carry_their_security_headers_and_unknown_paths_answer_in_kind() {
    let t = rapport_core::testing::TestDb::sqlite().await;
    let mut site = Site::new(&t).await;
    let login = site.get("/login").await;
    assert_eq!(login.status, 200);
    let policy = login.header("content-security-policy").expect("a policy");
    assert!(policy.contains("script-src 'self'") && policy.contains("frame-ancestors 'none'"), "{policy}");
    assert_eq!(login.header("x-content-type-options"), Some("nosniff"));
    login.assert_lacks("<script>");
    login.assert_lacks(" style=");

    let page = site.get("/no/such/page").await;
    assert_eq!(page.status, 404);
    assert!(page.header("content-type").is_some_and(|c| c.starts_with("text/html")));
    page.assert_contains("There is nothing here");
    let api = site.get("/api/v1/no/such/thing").await;
    assert_eq!(api.status, 404);
    assert_eq!(api.header("content-type"), Some("application/problem+json"));

    let polish = site.get("/login?lang=pl").await;
    polish.assert_contains("<html lang=\"pl\">");
    polish.assert_contains("Hasło");
    let request = axum::http::Request::builder()
        .uri("/login")
        .header("accept-language", "id-ID,id;q=0.9,en;q=0.5")
        .body(axum::body::Body::empty())
        .expect("request");
    site.send(request).await.assert_contains("Kata sandi");

    let htmx = axum::http::Request::builder()
        .uri("/parties")
        .header("hx-request", "true")
        .body(axum::body::Body::empty())
        .expect("request");
    let answer = site.send(htmx).await;
    assert_eq!(answer.header("hx-redirect"), Some("/login?next=%2Fparties"));

    let asset = site.get(&rapport_ui::assets::url("htmx.min.js")).await;
    assert_eq!(asset.status, 200);
    assert_eq!(asset.header("cache-control"), Some("public, max-age=31536000, immutable"));
    assert!(asset.html.contains("htmx"));
    t.teardown().await;
}

on_both_backends! {
    async fn a_forms_address_opened_as_a_page_leads_to_its_record(t: &TestDb) {
        let mut site = Site::new(t).await;
        site.sign_in("owner@example.com").await;
        let party = site.create_party("person", "Rina Halim").await;
        for (form, page) in [
            (format!("/parties/{}/override", party.0), format!("/parties/{}", party.0)),
            (format!("/parties/{}/playbook/steps", party.0), format!("/parties/{}", party.0)),
            ("/parties/views".to_owned(), "/parties".to_owned()),
            ("/relationships/model/validate".to_owned(), "/relationships/model".to_owned()),
            ("/settings/tokens".to_owned(), "/settings".to_owned()),
        ] {
            let answer = site.get(&form).await;
            assert_eq!((answer.status, answer.location()), (303, page.as_str()), "{form}");
        }
    }
}
