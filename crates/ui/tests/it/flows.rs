//! What a member does through the pages, and what the pages then show.

use rapport_core::on_both_backends;

use crate::support::{Page, Site, user_input};

/// The value of the input `name` in the part of the page from `#id` on.
#[track_caller]
pub(crate) fn input_value(page: &Page, id: &str, name: &str) -> String {
    let part = page.section(id);
    let marker = format!("name=\"{name}\" value=\"");
    let at = part.find(&marker).unwrap_or_else(|| panic!("no {name} in #{id}:\n{part}")) + marker.len();
    part[at..].split('"').next().unwrap_or_default().to_owned()
}

/// The version of the record a page shows, as its forms send it back.
#[track_caller]
pub(crate) fn shown_version(page: &Page) -> String {
    let marker = "name=\"version\" value=\"";
    let at = page.html.find(marker).unwrap_or_else(|| panic!("no version on the page:\n{}", page.html)) + marker.len();
    page.html[at..].split('"').next().unwrap_or_default().to_owned()
}

/// Today in the site's workspace, as a form writes a date.
async fn today(site: &Site) -> String {
    site.app.today(site.system.workspace_id).await.expect("the workspace's today").to_string()
}

on_both_backends! {
    async fn a_prospect_becomes_customer_then_client_and_the_page_says_why(t: &TestDb) {
        let mut site = Site::new(t).await;
        site.sign_in("owner@example.com").await;
        let today = today(&site).await;
        site.get("/offerings").await;
        let made = site
            .post("/offerings", &[("name", "Tax advisory"), ("kind", "professional_service"), ("price", "2500000")])
            .await;
        assert_eq!(made.status, 303, "{}", made.html);
        let offering = site.app.offerings(&site.system, false).await.expect("offerings")[0].id.0.to_string();

        let org = site.create_party("organization", "PT Maju Jaya").await;
        let person = site.create_party("person", "Dewi Lestari").await;
        let (org_path, person_path) = (format!("/parties/{}", org.0), format!("/parties/{}", person.0));

        let page = site.get(&org_path).await;
        assert!(page.section("relationship").contains("kind-prospect"), "{}", page.section("relationship"));
        assert!(page.section("reasons").contains("has neither bought nor used anything yet"));

        // An order for the organization, used by the person.
        let form = site.get(&format!("{org_path}/orders/new")).await;
        form.assert_contains("Tax advisory");
        let ordered = site
            .post(
                &format!("{org_path}/orders"),
                &[("ordered_on", &today), ("offering.0", &offering), ("quantity.0", "1"), ("end_user", &person.0.to_string())],
            )
            .await;
        assert_eq!(ordered.status, 303, "{}", ordered.html);
        let page = site.get(&org_path).await;
        let relationship = page.section("relationship");
        assert!(relationship.contains("kind-customer") && relationship.contains("B2B"), "{relationship}");
        assert!(page.section("reasons").contains("has bought once"));
        assert!(page.section("consumers").contains("Dewi Lestari"), "the organization lists its consumer");
        assert!(page.section("orders").contains("Dewi Lestari"));
        // Known by its number, on the page and to the quick search.
        let order = site.app.orders_of(&site.system, org, 1).await.expect("orders").remove(0);
        assert!(order.number.starts_with("SO-20") && page.section("orders").contains(&order.number), "{}", order.number);
        let found = site.get(&format!("/search?q={}", order.number.to_lowercase())).await;
        found.assert_contains(&format!("href=\"/orders/{}\"", order.id.0));
        let page = site.get(&person_path).await;
        assert!(page.section("relationship").contains("kind-consumer"));
        assert!(page.section("reasons").contains("uses what PT Maju Jaya bought"));

        // A contract drafted, sent, signed by both sides and activated.
        site.get(&format!("{org_path}/contracts/new")).await;
        let drafted = site
            .post(
                &format!("{org_path}/contracts"),
                &[
                    ("title", "Annual tax retainer"),
                    ("scope", "Monthly VAT and annual corporate tax filings"),
                    ("fee_type", "retainer"),
                    ("amount", "15000000"),
                    ("period_days", "30"),
                    ("starts_on", &today),
                    ("renewal", "manual"),
                    ("notice_days", "30"),
                ],
            )
            .await;
        assert_eq!(drafted.status, 303, "{}", drafted.html);
        let contract = drafted.location().to_owned();
        let page = site.get(&org_path).await;
        assert!(page.section("contracts").contains(&format!("href=\"{contract}\"")), "{}", page.section("contracts"));
        assert!(page.section("relationship").contains("kind-customer"), "a draft makes no client");
        let steps: [&[(&str, &str)]; 4] = [
            &[("step", "send")],
            &[("step", "sign"), ("side", "client"), ("signed_on", &today)],
            &[("step", "sign"), ("side", "provider"), ("signed_on", &today)],
            &[("step", "activate")],
        ];
        let mut version = String::new();
        for fields in steps {
            version = shown_version(&site.get(&contract).await);
            let mut fields = fields.to_vec();
            fields.push(("version", &version));
            let stepped = site.post(&format!("{contract}/step"), &fields).await;
            assert_eq!(stepped.status, 303, "{fields:?}: {}", stepped.html);
        }
        let page = site.get(&org_path).await;
        let relationship = page.section("relationship");
        assert!(relationship.contains("kind-client"), "{relationship}");
        let reasons = page.section("reasons");
        assert!(reasons.contains("has a contract in force, “Annual tax retainer”, signed by both sides"), "{reasons}");
        assert!(page.section("contracts").contains("data-status=\"active\""));
        let timeline = page.section("timeline");
        for event in ["Contract signed", "Contract activated", "Order recorded", "Relationship changed"] {
            assert!(timeline.contains(event), "{event} in the timeline:\n{timeline}");
        }

        // A step taken twice (an old page sent again) changes nothing.
        let again = site.post(&format!("{contract}/step"), &[("step", "activate"), ("version", &version)]).await;
        assert_eq!(again.status, 409, "{}", again.html);

        // Ended from its page, past the notice period: still a client until then.
        let version = shown_version(&site.get(&contract).await);
        let end = format!("{contract}/step");
        let too_soon = site.post(&end, &[("step", "terminate"), ("effective_on", &today), ("version", &version)]).await;
        assert_eq!(too_soon.status, 422, "{}", too_soon.html);
        let later = (site.app.today(site.system.workspace_id).await.expect("today") + time::Duration::days(45)).to_string();
        let ended = site.post(&end, &[("step", "terminate"), ("effective_on", &later), ("version", &version)]).await;
        assert_eq!(ended.status, 303, "{}", ended.html);
        let page = site.get(&org_path).await;
        assert!(page.section("contracts").contains("data-status=\"terminated\""));
        assert!(page.section("relationship").contains("kind-client"));

        // The dashboard counts them: one client, one consumer, this month.
        let dashboard = site.get("/relationships").await;
        assert_eq!(dashboard.status, 200, "{}", dashboard.html);
        let kinds = dashboard.section("kinds");
        assert!(kinds.contains("href=\"/parties?relationship=client\">1</a>"), "{kinds}");
        assert!(kinds.contains("href=\"/parties?relationship=consumer\">1</a>"), "{kinds}");
        assert!(kinds.contains("href=\"/parties?relationship=prospect\">0</a>"), "{kinds}");
        let trend = dashboard.section("trend");
        assert_eq!(trend.matches("<tr><th scope=\"row\">").count(), 12, "twelve months");
        dashboard.assert_contains("<script type=\"application/json\" id=\"chart-data\">{\"locale\":\"en\",\"trend\":{\"x_label\":\"Month\",\"x\":[");
        dashboard.assert_contains("id=\"no-model\"");
    }

    async fn a_form_with_mistakes_comes_back_with_each_message_beside_its_field(t: &TestDb) {
        let mut site = Site::new(t).await;
        site.sign_in("owner@example.com").await;
        site.get("/parties/new").await;
        let answer = site
            .post("/parties", &[("kind", "person"), ("name", "  "), ("email", "dewi@example.com"), ("email_label", "work"), ("email", "not an email"), ("email_label", ""), ("tags", "vip")])
            .await;
        assert_eq!(answer.status, 422, "{}", answer.html);
        answer.assert_contains("id=\"name\" name=\"name\" value=\"  \" required maxlength=\"200\" aria-invalid=\"true\" aria-describedby=\"name-error\"");
        answer.assert_contains("<p class=\"field-error\" id=\"emails-error\">Not an email address.</p>");
        answer.assert_contains("name=\"email\" type=\"email\" value=\"dewi@example.com\"");
        answer.assert_contains("name=\"email\" type=\"email\" value=\"not an email\"");
        answer.assert_contains("<option value=\"work\" selected>work</option>");
        answer.assert_contains("value=\"vip\"");
        let listed = site.app.list_parties(&site.system, &Default::default()).await.expect("list");
        assert!(listed.items.is_empty(), "nothing was created");

        // The same in Polish.
        site.post("/language", &[("locale", "pl"), ("next", "/parties/new")]).await;
        site.get("/parties/new").await;
        let answer = site.post("/parties", &[("kind", "person"), ("name", "Ewa"), ("email", "nie-email")]).await;
        answer.assert_contains("To nie jest adres e-mail.");
    }

    async fn a_stale_edit_is_refused_and_shows_the_conflict(t: &TestDb) {
        let mut first = Site::new(t).await;
        let mut second = first.another_browser();
        first.sign_in("owner@example.com").await;
        second.sign_in("owner@example.com").await;
        let id = first.create_party("person", "Ana Wiśniewska").await;
        let edit = format!("/parties/{}/edit", id.0);
        let form = first.get(&edit).await;
        assert!(form.html.contains("name=\"version\" value=\"1\""));
        second.get(&edit).await;
        let saved = first.post(&edit, &[("name", "Anna Wiśniewska"), ("version", "1")]).await;
        assert_eq!(saved.status, 303, "{}", saved.html);
        let stale = second.post(&edit, &[("name", "Ania Wiśniewska"), ("version", "1")]).await;
        assert_eq!(stale.status, 409, "{}", stale.html);
        stale.assert_contains("id=\"conflict\"");
        stale.assert_contains("value=\"Ania Wiśniewska\"");
        stale.assert_contains("name=\"version\" value=\"2\"");
        let party = first.app.party(&first.system, id, false).await.expect("party");
        assert_eq!(party.facts.name.as_str(), "Anna Wiśniewska", "the stale edit overwrote nothing");
    }

    async fn each_member_picks_a_language_and_the_change_is_audited(t: &TestDb) {
        let mut site = Site::new(t).await;
        site.sign_in("viewer@example.com").await;
        let switched = site.post("/language", &[("locale", "id"), ("next", "/parties")]).await;
        assert_eq!(switched.status, 303, "{}", switched.html);
        assert_eq!(switched.location(), "/parties");
        let page = site.get("/parties").await;
        page.assert_contains("<html lang=\"id\">");
        page.assert_contains("<h1>Kontak</h1>");
        page.assert_contains(">Keluar</button>");
        let user = site.app.user(site.user("viewer@example.com").await).await.expect("user");
        assert_eq!(user.locale.as_str(), "id");
        let refused = site.post("/language", &[("locale", "de"), ("next", "/parties")]).await;
        assert_eq!(refused.status, 422, "{}", refused.html);
        let mut other = site.another_browser();
        let page = other.sign_in("owner@example.com").await;
        page.assert_contains("<html lang=\"en\">");
    }

    async fn a_viewer_sees_no_edit_buttons_and_cannot_post_the_forms(t: &TestDb) {
        let mut owner = Site::new(t).await;
        owner.sign_in("owner@example.com").await;
        let id = owner.create_party("organization", "PT Sinar Abadi").await;
        let path = format!("/parties/{}", id.0);
        owner.get(&path).await.assert_contains(&format!("href=\"{path}/edit\""));

        let mut viewer = owner.another_browser();
        let list = viewer.sign_in("viewer@example.com").await;
        list.assert_lacks("href=\"/parties/new");
        let page = viewer.get(&path).await;
        assert_eq!(page.status, 200);
        page.assert_contains("PT Sinar Abadi");
        page.assert_lacks("/edit\"");
        page.assert_lacks("/orders/new");
        page.assert_lacks("/contracts/new");
        assert_eq!(viewer.get("/parties/new").await.status, 403);
        assert_eq!(viewer.get(&format!("{path}/edit")).await.status, 403);
        let posted = viewer.post("/parties", &[("kind", "person"), ("name", "Sneaky")]).await;
        assert_eq!(posted.status, 403, "{}", posted.html);
        let edited = viewer.post(&format!("{path}/edit"), &[("name", "Renamed"), ("version", "1")]).await;
        assert_eq!(edited.status, 403, "{}", edited.html);
        let party = owner.app.party(&owner.system, id, false).await.expect("party");
        assert_eq!(party.facts.name.as_str(), "PT Sinar Abadi");
    }
}

on_both_backends! {
    async fn the_list_filters_by_owner_and_keeps_saved_views(t: &TestDb) {
        let mut site = Site::new(t).await;
        site.sign_in("owner@example.com").await;
        site.create_party("organization", "PT Maju Jaya").await;
        let mine = site.get("/parties?owner=me").await;
        assert!(mine.section("party-rows").contains("PT Maju Jaya"));
        let no_one = site.get("/parties?owner=none").await;
        assert!(!no_one.section("party-rows").contains("PT Maju Jaya"));
        let wrong = site.get("/parties?owner=somebody").await;
        assert_eq!(wrong.status, 200);
        wrong.assert_contains("id=\"owner-error\"");

        let page = site.get("/parties?owner=me&kind=organization").await;
        page.assert_contains("name=\"query\" value=\"kind=organization&#38;owner=me\"");
        let saved = site.post("/parties/views", &[("name", "My companies"), ("query", "kind=organization&owner=me")]).await;
        assert_eq!(saved.status, 303, "{}", saved.html);
        assert_eq!(saved.location(), "/parties?kind=organization&owner=me");
        let page = site.get(saved.location()).await;
        page.assert_contains("<a href=\"/parties?kind=organization&#38;owner=me\" aria-current=\"page\">My companies</a>");
        let refused = site.post("/parties/views", &[("name", ""), ("query", "kind=organization")]).await;
        assert_eq!(refused.status, 422, "{}", refused.html);
        refused.assert_contains("id=\"name-error\"");

        // Deleted, then restored from the notice the list shows.
        let at = page.html.find("action=\"/parties/views/").expect("a delete form") + "action=\"".len();
        let delete = page.html[at..].split('"').next().expect("action").to_owned();
        assert!(delete.ends_with("/delete"), "{delete}");
        let deleted = site.post(&delete, &[]).await;
        assert_eq!(deleted.status, 303, "{}", deleted.html);
        let page = site.get(deleted.location()).await;
        page.assert_lacks(">My companies</a>");
        page.assert_contains("The view was deleted.");
        let restored = site.post(&delete.replace("/delete", "/restore"), &[]).await;
        assert_eq!(restored.status, 303, "{}", restored.html);
        site.get("/parties").await.assert_contains(">My companies</a>");
    }
}

on_both_backends! {
    async fn notes_links_and_the_account_team_are_kept_from_the_page(t: &TestDb) {
        let mut site = Site::new(t).await;
        site.sign_in("owner@example.com").await;
        let org = site.create_party("organization", "PT Sinar Abadi").await;
        let person = site.create_party("person", "Budi Santoso").await;
        let (org_path, person_path) = (format!("/parties/{}", org.0), format!("/parties/{}", person.0));

        site.get(&org_path).await;
        let noted = site.post(&format!("{org_path}/notes"), &[("body", "Asked for a retainer quote")]).await;
        assert_eq!(noted.status, 303, "{}", noted.html);
        let page = site.get(&org_path).await;
        assert!(page.section("timeline").contains("Asked for a retainer quote"));
        let empty = site.post(&format!("{org_path}/notes"), &[("body", " ")]).await;
        assert_eq!(empty.status, 422, "{}", empty.html);
        assert!(empty.section("timeline").contains("id=\"body-error\""), "{}", empty.section("timeline"));

        // Edited from the timeline, at the version shown; an older page is refused.
        let note = site.app.notes_of(&site.system, org).await.expect("notes").remove(0);
        let page = site.get(&org_path).await;
        assert!(page.section("timeline").contains(&format!("action=\"/notes/{}\"", note.id.0)));
        let path = format!("/notes/{}", note.id.0);
        let edited = site.post(&path, &[("version", "1"), ("body", "Asked for a retainer quote by Friday")]).await;
        assert_eq!(edited.status, 303, "{}", edited.html);
        assert!(site.get(&org_path).await.section("timeline").contains("Asked for a retainer quote by Friday"));
        let stale = site.post(&path, &[("version", "1"), ("body", "An older page")]).await;
        assert_eq!(stale.status, 409, "{}", stale.html);
        stale.assert_contains("id=\"page-error\"");

        // Deleted from the timeline, softly: the page offers it back.
        let deleted = site.post(&format!("{path}/delete"), &[("version", "2")]).await;
        assert_eq!(deleted.status, 303, "{}", deleted.html);
        let page = site.get(deleted.location()).await;
        assert!(!page.section("timeline").contains("by Friday</div>"), "{}", page.section("timeline"));
        assert!(page.section("note-deleted").contains(&format!("action=\"{path}/restore\"")));
        let restored = site.post(&format!("{path}/restore"), &[]).await;
        assert_eq!(restored.status, 303, "{}", restored.html);
        assert!(site.get(&org_path).await.section("timeline").contains("Asked for a retainer quote by Friday"));

        // The picker finds organizations for a person's page, as radio buttons.
        let found = site.get("/search?pick=other&kind=organization&q=sinar").await;
        found.assert_contains(&format!("type=\"radio\" name=\"other\" value=\"{}\"", org.0));
        let linked = site.post(&format!("{person_path}/affiliations"), &[("other", &org.0.to_string()), ("title", "Finance director")]).await;
        assert_eq!(linked.status, 303, "{}", linked.html);
        let page = site.get(&org_path).await;
        assert!(page.section("details").contains("Budi Santoso</a> · Finance director"), "{}", page.section("details"));
        let twice = site.post(&format!("{person_path}/affiliations"), &[("other", &org.0.to_string())]).await;
        assert_eq!(twice.status, 409, "{}", twice.html);

        // The link is retitled, ended and brought back from the page.
        let link = site.app.affiliations_of(&site.system, org).await.expect("links").remove(0);
        let link_path = format!("/affiliations/{}", link.id.0);
        let retitled = site.post(&link_path, &[("version", "1"), ("title", "Chief financial officer")]).await;
        assert_eq!(retitled.status, 303, "{}", retitled.html);
        assert!(site.get(&org_path).await.section("details").contains("Budi Santoso</a> · Chief financial officer"));
        let ended = site.post(&format!("{link_path}/end"), &[("version", "2")]).await;
        assert_eq!(ended.status, 303, "{}", ended.html);
        let page = site.get(ended.location()).await;
        assert!(page.html.contains(&format!("action=\"{link_path}/restore\"")), "{}", page.section("details"));
        assert!(!page.section("details").contains("Chief financial officer"));
        let undone = site.post(&format!("{link_path}/restore"), &[]).await;
        assert_eq!(undone.status, 303, "{}", undone.html);
        assert!(site.get(&org_path).await.section("details").contains("Budi Santoso</a> · Chief financial officer"));

        let owner = site.user("owner@example.com").await.0.to_string();
        let assigned = site.post(&format!("{org_path}/team/assign"), &[("user", &owner), ("role", "account_manager")]).await;
        assert_eq!(assigned.status, 303, "{}", assigned.html);
        let page = site.get(&org_path).await;
        assert!(page.section("team").contains("owner · account manager"), "{}", page.section("details"));
        let removed = site.post(&format!("{org_path}/team/remove"), &[("user", &owner), ("role", "account_manager")]).await;
        assert_eq!(removed.status, 303, "{}", removed.html);
        assert!(!site.get(&org_path).await.html.contains("id=\"team\""));

        // Deleted from its page (softly), then restored from the list.
        let page = site.get(&person_path).await;
        let version = input_value(&page, "main", "version");
        let stale = site.post(&format!("{person_path}/delete"), &[("version", "0")]).await;
        assert_eq!(stale.status, 409, "{}", stale.html);
        let deleted = site.post(&format!("{person_path}/delete"), &[("version", &version)]).await;
        assert_eq!(deleted.status, 303, "{}", deleted.html);
        let list = site.get(deleted.location()).await;
        list.assert_contains("Budi Santoso was deleted.");
        assert!(!list.section("party-rows").contains("Budi Santoso"));
        assert_eq!(site.get(&person_path).await.status, 404);
        let restored = site.post(&format!("{person_path}/restore"), &[]).await;
        assert_eq!(restored.status, 303, "{}", restored.html);
        assert_eq!(site.get(&person_path).await.status, 200);
    }
}

on_both_backends! {
    async fn the_form_edits_the_first_address_and_keeps_the_others(t: &TestDb) {
        let mut site = Site::new(t).await;
        site.sign_in("owner@example.com").await;
        let input = rapport_domain::parties::PartyInput {
            kind: "organization".into(),
            name: "PT Maju Jaya".into(),
            addresses: vec![
                rapport_domain::common::contact::AddressInput { label: Some("office".into()), city: Some("Jakarta".into()), country: Some("ID".into()), ..Default::default() },
                rapport_domain::common::contact::AddressInput { label: Some("warehouse".into()), city: Some("Bekasi".into()), country: Some("ID".into()), ..Default::default() },
            ],
            ..Default::default()
        };
        let party = site.app.create_party(&site.system, &input).await.expect("party");
        let edit = format!("/parties/{}/edit", party.id.0);
        let form = site.get(&edit).await;
        form.assert_contains("id=\"city\" name=\"city\" value=\"Jakarta\"");
        let fields = [("name", "PT Maju Jaya"), ("version", "1"), ("street", "Jl. Sudirman 1"), ("city", "Jakarta"), ("country", "XX")];
        let refused = site.post(&edit, &fields).await;
        assert_eq!(refused.status, 422, "{}", refused.html);
        refused.assert_contains("id=\"addresses-error\"");
        refused.assert_contains("value=\"Jl. Sudirman 1\"");
        let mut fields = fields;
        fields[4] = ("country", "ID");
        let saved = site.post(&edit, &fields).await;
        assert_eq!(saved.status, 303, "{}", saved.html);
        let read = site.app.party(&site.system, party.id, false).await.expect("party");
        let addresses: Vec<(Option<&str>, Option<&str>, Option<&str>)> = read
            .facts
            .addresses
            .iter()
            .map(|a| (a.label.as_deref(), a.street.as_deref(), a.city.as_deref()))
            .collect();
        assert_eq!(addresses, [(Some("office"), Some("Jl. Sudirman 1"), Some("Jakarta")), (Some("warehouse"), None, Some("Bekasi"))]);
    }
}

on_both_backends! {
    async fn an_order_takes_several_lines_and_each_error_stays_on_its_line(t: &TestDb) {
        let mut site = Site::new(t).await;
        site.sign_in("owner@example.com").await;
        let today = today(&site).await;
        for (name, kind, price) in [("Haircut", "service", "150000"), ("Shampoo", "goods", "85000")] {
            site.get("/offerings").await;
            let made = site.post("/offerings", &[("name", name), ("kind", kind), ("price", price)]).await;
            assert_eq!(made.status, 303, "{}", made.html);
        }
        let offerings = site.app.offerings(&site.system, false).await.expect("offerings");
        let id = |name: &str| offerings.iter().find(|o| o.name == name).expect("offering").id.0.to_string();
        let (haircut, shampoo) = (id("Haircut"), id("Shampoo"));
        let buyer = site.create_party("person", "Siti Rahayu").await;
        let path = format!("/parties/{}/orders", buyer.0);
        site.get(&format!("{path}/new")).await;

        let refused = site.post(&path, &[("ordered_on", &today), ("offering.0", &haircut), ("quantity.0", "1"), ("offering.1", &shampoo), ("quantity.1", "0")]).await;
        assert_eq!(refused.status, 422, "{}", refused.html);
        refused.assert_contains("id=\"quantity1-error\"");
        refused.assert_contains("id=\"quantity-1\" name=\"quantity.1\" type=\"number\" min=\"1\" step=\"1\" inputmode=\"numeric\" value=\"0\" aria-invalid=\"true\"");
        refused.assert_lacks("id=\"line0-error\"");
        // A blank first line: the use case's first line is the form's second.
        let skipped = site.post(&path, &[("ordered_on", &today), ("offering.1", &shampoo), ("quantity.1", "0")]).await;
        assert_eq!(skipped.status, 422, "{}", skipped.html);
        skipped.assert_contains("id=\"quantity1-error\"");
        skipped.assert_lacks("id=\"quantity0-error\"");
        let none = site.post(&path, &[("ordered_on", &today)]).await;
        assert_eq!(none.status, 422, "{}", none.html);
        none.assert_contains("id=\"line0-error\"");

        let bad_discount = site.post(&path, &[("ordered_on", &today), ("offering.0", &haircut), ("quantity.0", "1"), ("discount.0", "1.500")]).await;
        assert_eq!(bad_discount.status, 422, "{}", bad_discount.html);
        bad_discount.assert_contains("id=\"discount0-error\">Could be");

        // "Add a line" without scripts: the form again, a line longer, its total so far.
        let typed = [("ordered_on", today.as_str()), ("offering.0", &haircut), ("quantity.0", "2"), ("discount.0", "10,000"), ("offering.1", &shampoo), ("quantity.1", "1")];
        let longer = site.post(&path, &[&typed[..], &[("add_line", "1")]].concat()).await;
        assert_eq!(longer.status, 200, "{}", longer.html);
        longer.assert_contains("name=\"offering.2\"");
        longer.assert_lacks("name=\"offering.3\"");
        longer.assert_contains("<output id=\"order-total\" data-total>Rp\u{a0}375,000</output>");
        assert!(site.app.orders_of(&site.system, buyer, 10).await.expect("orders").is_empty(), "nothing saved");

        // Four lines, more than the form first shows, with a discount typed the reader's way.
        let ordered = site.post(&path, &[&typed[..], &[("offering.2", &shampoo), ("quantity.2", "3"), ("offering.3", &haircut), ("quantity.3", "1"), ("discount.3", "150,000")]].concat()).await;
        assert_eq!(ordered.status, 303, "{}", ordered.html);
        let orders = site.app.orders_of(&site.system, buyer, 10).await.expect("orders");
        assert_eq!(orders.len(), 1);
        assert_eq!(orders[0].lines.len(), 4);
        assert_eq!(orders[0].lines[0].discount.minor, 10_000 * 100);
        assert_eq!(orders[0].total.minor, (2 * 150_000 - 10_000 + 85_000 + 3 * 85_000) * 100);
    }
}

on_both_backends! {
    async fn an_account_manager_opens_and_works_her_own_client_from_the_pages(t: &TestDb) {
        let mut owner = Site::new(t).await;
        owner.sign_in("owner@example.com").await;
        owner.app.create_user(&owner.system, owner.system.workspace_id, &user_input("dewi@example.com", "account_manager", None)).await.expect("dewi");
        let served = owner.create_party("organization", "PT Sinar Jaya Abadi").await;
        let other = owner.create_party("organization", "PT Lain Sekali").await;
        let (served_path, other_path) = (format!("/parties/{}", served.0), format!("/parties/{}", other.0));
        let dewi_id = owner.user("dewi@example.com").await.0.to_string();
        owner.get(&served_path).await;
        let assigned = owner.post(&format!("{served_path}/team/assign"), &[("user", &dewi_id), ("role", "account_manager")]).await;
        assert_eq!(assigned.status, 303, "{}", assigned.html);

        let mut dewi = owner.another_browser();
        let list = dewi.sign_in("dewi@example.com").await;
        assert!(list.section("party-rows").contains("PT Sinar Jaya Abadi"), "{}", list.html);
        assert!(!list.section("party-rows").contains("PT Lain Sekali"));
        list.assert_contains("href=\"/parties?account_team=me\"");
        let mine = dewi.get("/parties?account_team=me").await;
        assert!(mine.section("party-rows").contains("PT Sinar Jaya Abadi"));
        let page = dewi.get(&served_path).await;
        assert_eq!(page.status, 200, "{}", page.html);
        page.assert_contains(&format!("href=\"{served_path}/edit\""));
        assert_eq!(dewi.get(&other_path).await.status, 404);

        let form = dewi.get(&format!("{served_path}/edit")).await;
        assert_eq!(form.status, 200, "{}", form.html);
        let version = input_value(&form, "main", "version");
        let edited = dewi.post(&format!("{served_path}/edit"), &[("name", "PT Sinar Jaya Abadi Tbk"), ("version", &version)]).await;
        assert_eq!(edited.status, 303, "{}", edited.html);
        let noted = dewi.post(&format!("{served_path}/notes"), &[("body", "Quarterly review booked")]).await;
        assert_eq!(noted.status, 303, "{}", noted.html);
        let page = dewi.get(&served_path).await;
        page.assert_contains("PT Sinar Jaya Abadi Tbk");
        assert!(page.section("timeline").contains("Quarterly review booked"));
        assert_eq!(dewi.post(&format!("{other_path}/notes"), &[("body", "Not mine")]).await.status, 404);
    }
}

on_both_backends! {
    async fn the_quick_search_goes_to_pages_too_and_is_quiet_until_typed(t: &TestDb) {
        let mut site = Site::new(t).await;
        site.sign_in("owner@example.com").await;
        site.create_party("organization", "PT Settia Jaya").await;
        let found = site.get("/search?q=sett").await;
        found.assert_contains("href=\"/settings\"");
        found.assert_contains("PT Settia Jaya");
        let blank = site.get("/search?q=%20").await;
        assert_eq!((blank.status, blank.html.trim()), (200, ""), "nothing typed, nothing said");
        site.app.create_user(&site.system, site.system.workspace_id, &user_input("dewi@example.com", "account_manager", Some("id"))).await.expect("Dewi");
        let mut dewi = site.another_browser();
        dewi.sign_in("dewi@example.com").await;
        let found = dewi.get("/search?q=produk").await;
        found.assert_contains("href=\"/offerings\">Produk &#38; Layanan</a>");
        dewi.get("/search?q=offer").await.assert_contains("href=\"/offerings\"");
    }
}

on_both_backends! {
    async fn an_order_is_paid_delivered_and_refunded_from_its_page(t: &TestDb) {
        let mut site = Site::new(t).await;
        site.app.create_user(&site.system, site.system.workspace_id, &user_input("dewi@example.com", "owner", Some("id"))).await.expect("Dewi");
        site.sign_in("dewi@example.com").await;
        let buyer = site.create_party("organization", "PT Maju Jaya").await;
        let user = site.create_party("person", "Rina Halim").await;
        let input = rapport_domain::commerce::OfferingInput { name: "Creambath".into(), kind: "service".into(), tailored: false, price: rapport_domain::commerce::AmountInput::Text("75000".into()), currency: None };
        let offering = site.app.create_offering(&site.system, &input).await.expect("offering").id;
        let order: rapport_domain::commerce::OrderInput = serde_json::from_value(serde_json::json!({
            "buyer_id": buyer, "ordered_at": "2026-11-20T03:00:00Z", "status": "placed",
            "lines": [{"offering_id": offering, "quantity": 2, "end_user_ids": [user]}, {"offering_id": offering, "end_user_ids": [user]}]
        })).expect("order");
        let order = site.app.create_order(&site.system, &order).await.expect("order");
        let path = format!("/orders/{}", order.id.0);
        let party = site.get(&format!("/parties/{}", buyer.0)).await;
        party.assert_contains(&format!("href=\"{path}\""));

        let page = site.get(&path).await;
        assert_eq!(page.status, 200, "{}", page.html);
        assert!(page.section("total").contains("Rp\u{a0}225.000"), "{}", page.section("lines"));
        assert_eq!(page.section("end-users").matches("Rina Halim").count(), 1, "each user once");
        let paid = site.post(&format!("{path}/status"), &[("status", "paid"), ("version", "1")]).await;
        assert_eq!(paid.status, 303, "{}", paid.html);
        let stale = site.post(&format!("{path}/status"), &[("status", "fulfilled"), ("version", "1")]).await;
        assert_eq!(stale.status, 409, "{}", stale.html);
        stale.assert_contains("Seseorang mengubah pesanan ini");
        let delivered = site.post(&format!("{path}/status"), &[("status", "fulfilled"), ("version", "2")]).await;
        assert_eq!(delivered.status, 303, "{}", delivered.html);

        let too_much = site.post(&format!("{path}/refunds"), &[("amount", "300.000"), ("reason", "Salah pesan")]).await;
        assert_eq!(too_much.status, 422, "{}", too_much.html);
        too_much.assert_contains("value=\"300.000\"");
        let refunded = site.post(&format!("{path}/refunds"), &[("amount", "75.000"), ("reason", "Satu batal")]).await;
        assert_eq!(refunded.status, 303, "{}", refunded.html);
        let page = site.get(&path).await;
        assert!(page.section("status").contains("data-status=\"partially_refunded\""), "{}", page.html);
        assert!(page.section("adjustments").contains("Rp\u{a0}75.000 · Satu batal"), "{}", page.section("adjustments"));
        assert!(page.section("timeline").contains("Pesanan"), "{}", page.section("timeline"));
        let adjustments = site.app.order_adjustments(&site.system, order.id).await.expect("adjustments");
        assert_eq!(adjustments[0].amount.minor, 7_500_000);

        // One of two given back for something else: more than was bought is refused beside its field.
        let exchanges = format!("{path}/exchanges");
        let mut swap = vec![("returned_line", "0"), ("returned_quantity", "3"), ("replacement_offering", ""), ("replacement_quantity", "1"), ("exchange_reason", "Salah warna")];
        let refused = site.post(&exchanges, &swap).await;
        assert_eq!(refused.status, 422, "{}", refused.html);
        refused.assert_contains("id=\"replacement-error\"");
        refused.assert_contains("value=\"Salah warna\"");
        let offering_id = offering.0.to_string();
        swap[2] = ("replacement_offering", &offering_id);
        let refused = site.post(&exchanges, &swap).await;
        assert_eq!(refused.status, 422, "{}", refused.html);
        refused.assert_contains("id=\"returned-error\">Harus dari 1 sampai 2.</p>");
        swap[1] = ("returned_quantity", "1");
        let swapped = site.post(&exchanges, &swap).await;
        assert_eq!(swapped.status, 303, "{}", swapped.html);
        let page = site.get(&path).await;
        assert!(page.section("adjustments").contains("Penukaran: 1 × Creambath → 1 × Creambath · Salah warna"), "{}", page.section("adjustments"));

        // A viewer reads the order and is offered nothing to do.
        let mut viewer = site.another_browser();
        viewer.sign_in("viewer@example.com").await;
        let page = viewer.get(&path).await;
        page.assert_lacks(&format!("action=\"{path}/status\""));
        page.assert_lacks(&format!("action=\"{path}/refunds\""));
        page.assert_lacks(&format!("action=\"{path}/exchanges\""));
        assert_eq!(viewer.post(&format!("{path}/status"), &[("status", "cancelled"), ("version", "3")]).await.status, 403);
    }
}

on_both_backends! {
    async fn phones_and_emails_carry_their_labels_through_the_form(t: &TestDb) {
        let mut site = Site::new(t).await;
        site.app.create_user(&site.system, site.system.workspace_id, &user_input("dewi@example.com", "owner", Some("id"))).await.expect("Dewi");
        site.sign_in("dewi@example.com").await;
        site.get("/parties/new").await;
        let made = site
            .post("/parties", &[("kind", "person"), ("name", "Rina Halim"), ("phone", "0812 3456 7890"), ("phone_label", "mobile"), ("phone", "021 555 0123"), ("phone_label", "work"), ("email", "rina@contoh.id"), ("email_label", "home")])
            .await;
        assert_eq!(made.status, 303, "{}", made.html);
        let path = made.location().to_owned();
        let page = site.get(&path).await;
        let details = page.section("details");
        assert!(details.contains("0812-3456-7890</a> <span class=\"muted\">· seluler</span>"), "{details}");
        assert!(details.contains("rina@contoh.id</a> <span class=\"muted\">· rumah</span>"), "{details}");

        // Edited: a label changed, a number removed, one added; the rest kept.
        let edit = site.get(&format!("{path}/edit")).await;
        edit.assert_contains("<option value=\"mobile\" selected>seluler</option>");
        let version = crate::flows::input_value(&edit, "main", "version");
        let saved = site
            .post(&format!("{path}/edit"), &[("kind", "person"), ("name", "Rina Halim"), ("version", &version), ("phone", "0812 3456 7890"), ("phone_label", "whatsapp"), ("phone", ""), ("phone_label", ""), ("email", "rina@contoh.id"), ("email_label", "home"), ("email", "rina@kantor.id"), ("email_label", "work")])
            .await;
        assert_eq!(saved.status, 303, "{}", saved.html);
        let party = site.app.party(&site.system, rapport_domain::common::ids::PartyId(path.trim_start_matches("/parties/").parse().expect("id")), false).await.expect("party");
        let phones: Vec<_> = party.facts.phones.iter().map(|p| (p.number.as_str().to_owned(), p.label.clone())).collect();
        assert_eq!(phones, [("+6281234567890".to_owned(), Some("whatsapp".to_owned()))]);
        let emails: Vec<_> = party.facts.emails.iter().map(|e| e.label.clone().unwrap_or_default()).collect();
        assert_eq!(emails, ["home", "work"]);
    }
}

on_both_backends! {
    async fn the_party_list_sorts_and_says_how_many_it_shows(t: &TestDb) {
        let mut site = Site::new(t).await;
        site.sign_in("owner@example.com").await;
        for name in ["Citra", "Adi", "Bayu"] {
            site.create_party("person", name).await;
        }
        let order = |page: &crate::support::Page| -> Vec<String> {
            let rows = page.section("party-rows");
            ["Adi", "Bayu", "Citra"].into_iter().map(|n| (rows.find(&format!(">{n}</a>")).unwrap_or(usize::MAX), n.to_owned())).collect::<std::collections::BTreeMap<_, _>>().into_values().collect()
        };
        let page = site.get("/parties").await;
        assert_eq!(order(&page), ["Adi", "Bayu", "Citra"]);
        page.assert_contains("aria-sort=\"ascending\"><a href=\"/parties?sort=-name\"");
        page.assert_contains(">3 results<");
        let page = site.get("/parties?sort=-name").await;
        assert_eq!(order(&page), ["Citra", "Bayu", "Adi"]);
        page.assert_contains("<option value=\"-name\" selected>Name, Z to A</option>");
        assert_eq!(order(&site.get("/parties?sort=-created").await), ["Bayu", "Adi", "Citra"]);
        // An order there is not is said beside the menu, as any filter's mistake.
        let refused = site.get("/parties?sort=popularity").await;
        refused.assert_contains("id=\"sort-error\"");
    }
}

on_both_backends! {
    async fn a_person_is_made_at_their_organization_in_one_step(t: &TestDb) {
        let mut site = Site::new(t).await;
        site.sign_in("owner@example.com").await;
        let org = site.create_party("organization", "PT Sinar Abadi").await;
        let person = site.create_party("person", "Budi Santoso").await;
        site.get("/parties/new").await.assert_contains("id=\"works-at\"");
        // Not an organization: refused beside the field, nobody made.
        let wrong = site.post("/parties", &[("kind", "person"), ("name", "Rina Halim"), ("other", &person.0.to_string()), ("title", "Finance")]).await;
        assert_eq!(wrong.status, 422, "{}", wrong.html);
        wrong.assert_contains("id=\"other-error\"");
        wrong.assert_contains("value=\"Finance\"");
        // A mistake elsewhere keeps the organization chosen.
        let unnamed = site.post("/parties", &[("kind", "person"), ("name", " "), ("other", &org.0.to_string())]).await;
        assert_eq!(unnamed.status, 422, "{}", unnamed.html);
        unnamed.assert_contains(&format!("value=\"{}\" checked> PT Sinar Abadi", org.0));
        let made = site.post("/parties", &[("kind", "person"), ("name", "Rina Halim"), ("other", &org.0.to_string()), ("title", "Finance director")]).await;
        assert_eq!(made.status, 303, "{}", made.html);
        let page = site.get(made.location()).await;
        assert!(page.section("details").contains("PT Sinar Abadi</a> · Finance director"), "{}", page.section("details"));
        let listed = site.app.list_parties(&site.system, &rapport_core::parties::ListRequest { q: Some("rina".into()), ..Default::default() }).await.expect("list");
        assert_eq!(listed.items.len(), 1, "made once");
    }
}

on_both_backends! {
    async fn a_partys_page_lists_its_latest_orders_and_leads_to_all_of_them(t: &TestDb) {
        let mut site = Site::new(t).await;
        site.sign_in("owner@example.com").await;
        let buyer = site.create_party("person", "Sari Dewi").await;
        let input = rapport_domain::commerce::OfferingInput { name: "Creambath".into(), kind: "service".into(), tailored: false, price: rapport_domain::commerce::AmountInput::Text("75000".into()), currency: None };
        let offering = site.app.create_offering(&site.system, &input).await.expect("offering").id;
        for day in 1..=21 {
            let order: rapport_domain::commerce::OrderInput = serde_json::from_value(serde_json::json!({
                "buyer_id": buyer, "ordered_at": format!("2026-10-{day:02}T03:00:00Z"), "lines": [{"offering_id": offering}]
            })).expect("order");
            site.app.create_order(&site.system, &order).await.expect("order");
        }
        let path = format!("/parties/{}", buyer.0);
        let page = site.get(&path).await;
        let orders = page.section("orders");
        assert_eq!(orders.matches("href=\"/orders/").count(), 20, "the latest twenty");
        assert!(orders.contains(&format!("href=\"{path}?orders=all#orders\"")), "{orders}");
        let all = site.get(&format!("{path}?orders=all")).await;
        let orders = all.section("orders");
        assert_eq!(orders.matches("href=\"/orders/").count(), 21);
        assert!(!orders.contains("?orders=all"), "no link to more when all are shown");
    }
}
