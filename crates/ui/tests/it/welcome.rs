//! Sign-in links: an owner makes one for a member, who sets a password of
//! their own with it, once, within its days; the link then leads nowhere.

use rapport_core::kernel::clock::Clock;
use rapport_core::on_both_backends;
use time::macros::datetime;

use crate::support::{SAME_SITE, Site};

on_both_backends! {
    async fn a_member_sets_a_password_through_a_sign_in_link(t: &TestDb) {
        let clock = Clock::fixed(datetime!(2026-11-24 03:00 UTC));
        let mut owner = Site::on(t, clock.clone()).await;
        owner.sign_in("owner@example.com").await;
        let viewer = owner.user("viewer@example.com").await;
        owner.get("/settings").await.assert_contains(&format!("action=\"/settings/members/{}/link\"", viewer.0));
        let made = owner.post(&format!("/settings/members/{}/link", viewer.0), &[]).await;
        assert_eq!(made.status, 200, "{}", made.html);
        let shown = made.section("sign-in-link");
        let at = shown.find("/welcome/").expect("the link") + "/welcome/".len();
        let link = shown[at..].split('<').next().expect("link").to_owned();
        assert!(link.starts_with("rpl_"), "{link}");
        assert!(shown.contains("27\u{a0}Nov\u{a0}2026"), "it serves three days: {shown}");

        // Without a session: the form, a slip caught, a password too short refused.
        let mut member = owner.another_browser();
        let path = format!("/welcome/{link}");
        let form = member.get(&path).await;
        assert_eq!(form.status, 200, "{}", form.html);
        let slip = member.post_raw(&path, &[("password", "a long new password"), ("again", "a long new pasword")], &SAME_SITE).await;
        assert_eq!(slip.status, 422, "{}", slip.html);
        slip.assert_contains("id=\"again-error\"");
        let short = member.post_raw(&path, &[("password", "short"), ("again", "short")], &SAME_SITE).await;
        assert_eq!(short.status, 422, "{}", short.html);
        short.assert_contains("id=\"password-error\"");
        let foreign = member.post_raw(&path, &[("password", "a long new password"), ("again", "a long new password")], &[("origin", "https://evil.example"), ("host", "localhost")]).await;
        assert_eq!(foreign.status, 403, "a post from elsewhere is refused");
        let set = member.post_raw(&path, &[("password", "a long new password"), ("again", "a long new password")], &SAME_SITE).await;
        assert_eq!((set.status, set.location()), (303, "/login?welcome=1"), "{}", set.html);
        member.get("/login?welcome=1").await.assert_contains("id=\"welcomed\"");
        let signed_in = member.post_raw("/login", &[("email", "viewer@example.com"), ("password", "a long new password"), ("next", "/parties")], &SAME_SITE).await;
        assert_eq!(signed_in.status, 303, "{}", signed_in.html);

        // Used once, the link leads nowhere; nor does one past its days.
        assert_eq!(owner.another_browser().get(&path).await.status, 404);
        let later = owner.post(&format!("/settings/members/{}/link", viewer.0), &[]).await;
        let shown = later.section("sign-in-link");
        let at = shown.find("/welcome/").expect("the link") + "/welcome/".len();
        let second = shown[at..].split('<').next().expect("link").to_owned();
        clock.advance(time::Duration::days(4));
        let expired = owner.another_browser().get(&format!("/welcome/{second}")).await;
        assert_eq!(expired.status, 404, "{}", expired.html);
        expired.assert_contains("has been used or has expired");

        // A viewer makes no links.
        let mut reader = owner.another_browser();
        let signed_in = reader.post_raw("/login", &[("email", "viewer@example.com"), ("password", "a long new password"), ("next", "/parties")], &SAME_SITE).await;
        assert_eq!(signed_in.status, 303, "{}", signed_in.html);
        let owner_id = owner.user("owner@example.com").await;
        assert_eq!(reader.post(&format!("/settings/members/{}/link", owner_id.0), &[]).await.status, 403);
    }
}
