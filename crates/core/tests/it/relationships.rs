use rapport_core::classification::Cause;
use rapport_core::parties::ListRequest;
use rapport_core::{Actor, App, AppError, on_both_backends};
use rapport_domain::classification::{Kind, Lifecycle, OverrideInput, PolicyInput};
use rapport_domain::commerce::{AmountInput, OfferingInput, OrderInput};
use rapport_domain::common::ids::{OfferingId, PartyId};
use rapport_domain::workspaces::SettingsPatch;
use serde_json::json;
use time::macros::date;

use super::{organization, person};

async fn offering(app: &App, actor: &Actor, name: &str, kind: &str) -> OfferingId {
    let input = OfferingInput {
        name: name.into(),
        kind: kind.into(),
        tailored: false,
        price: AmountInput::Text("100000".into()),
        currency: None,
    };
    app.create_offering(actor, &input).await.expect("offering").id
}

fn order(buyer: PartyId, offering: OfferingId, at: &str, users: &[PartyId]) -> OrderInput {
    serde_json::from_value(json!({
        "buyer_id": buyer, "ordered_at": at, "status": "paid",
        "lines": [{"offering_id": offering, "end_user_ids": users}]
    }))
    .expect("order")
}

async fn primary(app: &App, actor: &Actor, party: PartyId) -> (Kind, Option<Lifecycle>) {
    let found = app.relationship(actor, party).await.expect("relationship").classification;
    (found.primary, found.lifecycle)
}

const TIME: Cause<'static> = Cause { what: "time", actor: "system:scheduler" };

on_both_backends! {
    async fn every_change_of_classification_is_kept_with_its_cause(t: &TestDb) {
        let (app, actor) = t.app().await;
        let haircut = offering(&app, &actor, "Haircut", "service").await;
        let ani = app.create_party(&actor, &person("Ani", "ani@example.com", "0812 1111 2222")).await.expect("party");
        assert_eq!(primary(&app, &actor, ani.id).await, (Kind::Prospect, None));

        app.create_order(&actor, &order(ani.id, haircut, "2026-11-01T10:00:00Z", &[])).await.expect("visit");
        assert_eq!(primary(&app, &actor, ani.id).await, (Kind::Customer, Some(Lifecycle::New)));
        // A second visit on the same day is the same purchase: nothing changes.
        app.create_order(&actor, &order(ani.id, haircut, "2026-11-01T15:00:00Z", &[])).await.expect("visit");
        app.create_order(&actor, &order(ani.id, haircut, "2026-11-15T10:00:00Z", &[])).await.expect("visit");
        let now = app.relationship(&actor, ani.id).await.expect("relationship");
        assert_eq!((now.classification.primary, now.classification.lifecycle), (Kind::Customer, Some(Lifecycle::Returning)));

        let history = app.relationship_history(&actor, ani.id, None, 50).await.expect("history");
        let steps: Vec<_> = history.iter().map(|e| (e.cause.as_str(), e.classification.primary, e.classification.lifecycle, e.previous_primary)).collect();
        assert_eq!(steps, [
            ("order.create", Kind::Customer, Some(Lifecycle::Returning), Some(Kind::Customer)),
            ("order.create", Kind::Customer, Some(Lifecycle::New), Some(Kind::Prospect)),
            ("party.create", Kind::Prospect, None, None),
        ]);
        assert!(history.iter().all(|e| e.actor == "system:test" && !e.classification.explanation.is_empty()));
        let older = app.relationship_history(&actor, ani.id, Some(history[0].id), 1).await.expect("page");
        assert_eq!(older.iter().map(|e| e.id).collect::<Vec<_>>(), [history[1].id]);

        // The end users of an order become consumers in the same transaction.
        let maju = app.create_party(&actor, &organization("PT Maju")).await.expect("org");
        let budi = app.create_party(&actor, &person("Budi", "budi@example.com", "0812 3333 4444")).await.expect("person");
        app.create_order(&actor, &order(maju.id, haircut, "2026-11-20T10:00:00Z", &[budi.id])).await.expect("order");
        let used = app.relationship(&actor, budi.id).await.expect("relationship").classification;
        assert_eq!(used.primary, Kind::Consumer);
        assert!(used.explanation[0].text.starts_with("uses what PT Maju bought (order "), "{:?}", used.explanation);

        // A renamed buyer is named anew by the next pass.
        let rename = serde_json::from_value(json!({"name": "PT Maju Jaya"})).expect("patch");
        app.update_party(&actor, maju.id, None, rename).await.expect("rename");
        let today = time::OffsetDateTime::now_utc().date();
        assert_eq!(app.reclassify_workspace(actor.workspace_id, today, TIME).await.expect("pass").changed, 1);
        let reworded = app.relationship(&actor, budi.id).await.expect("relationship").classification;
        assert!(reworded.explanation[0].text.starts_with("uses what PT Maju Jaya bought"), "{:?}", reworded.explanation);

        // Marking someone internal reclassifies them at once.
        let patch = serde_json::from_value(json!({"internal": true})).expect("patch");
        app.update_party(&actor, budi.id, None, patch).await.expect("internal");
        assert_eq!(primary(&app, &actor, budi.id).await.0, Kind::Internal);
    }

    async fn reclassifying_is_idempotent_and_lets_time_pass(t: &TestDb) {
        let (app, actor) = t.app().await;
        let paper = offering(&app, &actor, "Paper", "goods").await;
        let mut buyers = Vec::new();
        for i in 0..7 {
            let buyer = app.create_party(&actor, &person(&format!("Buyer {i}"), &format!("b{i}@example.com"), "0812 5555 6666")).await.expect("party");
            app.create_order(&actor, &order(buyer.id, paper, "2026-11-02T10:00:00Z", &[])).await.expect("order");
            buyers.push(buyer.id);
        }
        let today = time::OffsetDateTime::now_utc().date();
        let first = app.reclassify_workspace(actor.workspace_id, today, Cause { what: "reclassify", actor: "system:cli" }).await.expect("pass");
        assert_eq!((first.parties, first.changed), (7, 0), "each write kept its parties classified");
        // A rebuild from the orders finds the summaries kept with each write right.
        let rebuilt = app.rebuild_relationships(actor.workspace_id, Cause { what: "rebuild", actor: "system:cli" }).await.expect("rebuild");
        assert_eq!((rebuilt.parties, rebuilt.changed), (7, 0));

        let later = date!(2027 - 06 - 01);
        let passed = app.reclassify_workspace(actor.workspace_id, later, TIME).await.expect("time");
        assert_eq!((passed.parties, passed.changed), (7, 7));
        assert_eq!(primary(&app, &actor, buyers[0]).await, (Kind::Customer, Some(Lifecycle::AtRisk)));
        let latest = &app.relationship_history(&actor, buyers[0], None, 1).await.expect("history")[0];
        assert_eq!((latest.cause.as_str(), latest.actor.as_str(), latest.previous_lifecycle), ("time", "system:scheduler", Some(Lifecycle::New)));
        assert_eq!(app.reclassify_workspace(actor.workspace_id, later, TIME).await.expect("again").changed, 0);
        let history = app.relationship_history(&actor, buyers[0], None, 50).await.expect("history");
        assert_eq!(history.len(), 3, "created, bought, at risk: a second pass adds nothing");

        // A party never summarised (as after an upgrade) is summarised from
        // its orders by a pass, not taken for a prospect.
        t.forget_relationship(buyers[2]).await;
        let healed = app.reclassify_workspace(actor.workspace_id, later, TIME).await.expect("pass");
        // Classified from its orders as of today, then moved on to the pass's day.
        assert_eq!(healed.changed, 2);
        assert_eq!(primary(&app, &actor, buyers[2]).await, (Kind::Customer, Some(Lifecycle::AtRisk)));

        // Deleted parties are left alone, and come back reclassified.
        app.delete_party(&actor, buyers[1], None).await.expect("delete");
        assert_eq!(app.reclassify_workspace(actor.workspace_id, later, TIME).await.expect("pass").parties, 6);
        app.restore_party(&actor, buyers[1]).await.expect("restore");
        assert_eq!(primary(&app, &actor, buyers[1]).await, (Kind::Customer, Some(Lifecycle::New)), "restored as of today");

        // A stale live row and a party without a row leave the counts agreeing;
        // a rebuild looks past the counts and mends both.
        app.delete_party(&actor, buyers[5], None).await.expect("delete");
        t.mark_row_live(buyers[5]).await;
        t.forget_relationship(buyers[6]).await;
        app.rebuild_relationships(actor.workspace_id, Cause { what: "rebuild", actor: "system:cli" }).await.expect("rebuild");
        let (counts, _) = app.relationship_counts(&actor).await.expect("counts");
        assert_eq!(counts.by_primary.iter().map(|(_, _, n)| n).sum::<i64>(), 6, "the deleted party is not counted");
        let history = app.relationship_history(&actor, buyers[6], None, 1).await.expect("history");
        assert_eq!(history[0].cause, "rebuild");
    }

    async fn an_override_wins_until_lifted_and_is_audited(t: &TestDb) {
        let (app, actor) = t.app().await;
        let firm = app.create_party(&actor, &organization("Firma Hukum")).await.expect("org");
        let input = OverrideInput { kind: "client".into(), reason: "framework agreement signed on paper".into(), expires_on: None };
        let set = app.set_override(&actor, firm.id, &input).await.expect("override");
        assert_eq!(set.classification.primary, Kind::Client);
        assert_eq!(set.override_.as_ref().map(|o| o.set_by.as_str()), Some("system:test"));
        assert_eq!(set.classification.explanation[0].rule, "override");
        let history = app.relationship_history(&actor, firm.id, None, 1).await.expect("history");
        assert_eq!((history[0].cause.as_str(), history[0].previous_primary), ("override.set", Some(Kind::Prospect)));
        let audit = app.party_audit(&actor, firm.id, 10).await.expect("audit");
        assert_eq!((audit[0].entity_type.as_str(), audit[0].action.as_str()), ("relationship", "override"));

        // It outlives a whole-workspace pass, and ends on its expiry day.
        let expiring = OverrideInput { expires_on: Some("2027-01-01".into()), ..input.clone() };
        app.set_override(&actor, firm.id, &expiring).await.expect("override");
        let today = time::OffsetDateTime::now_utc().date();
        app.reclassify_workspace(actor.workspace_id, today, TIME).await.expect("pass");
        assert_eq!(primary(&app, &actor, firm.id).await.0, Kind::Client);
        app.reclassify_workspace(actor.workspace_id, date!(2027 - 01 - 01), TIME).await.expect("pass");
        assert_eq!(primary(&app, &actor, firm.id).await.0, Kind::Prospect);

        let lifted = app.clear_override(&actor, firm.id).await.expect("lift");
        assert_eq!((lifted.classification.primary, lifted.override_), (Kind::Prospect, None));
        assert_eq!(app.party_audit(&actor, firm.id, 1).await.expect("audit")[0].action, "clear_override");
        app.clear_override(&actor, firm.id).await.expect("lifting nothing changes nothing");

        let bad = OverrideInput { kind: "vip".into(), reason: " ".into(), expires_on: Some("2020-01-01".into()) };
        match app.set_override(&actor, firm.id, &bad).await {
            Err(AppError::Validation(errors)) => {
                let fields: Vec<_> = errors.0.iter().map(|e| e.field.as_str()).collect();
                assert_eq!(fields, ["kind", "reason", "expires_on"]);
            }
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    async fn the_workspace_policy_decides_and_a_change_reclassifies_at_once(t: &TestDb) {
        let (app, actor) = t.app().await;
        let visit = offering(&app, &actor, "Visit", "service").await;
        let regular = app.create_party(&actor, &person("Regular", "r@example.com", "0812 7777 8888")).await.expect("party");
        for at in ["2026-10-01T10:00:00Z", "2026-11-10T10:00:00Z"] {
            app.create_order(&actor, &order(regular.id, visit, at, &[])).await.expect("visit");
        }
        assert_eq!(primary(&app, &actor, regular.id).await.1, Some(Lifecycle::Returning));
        // A party without a row (as after an upgrade) is reached by the change too.
        let another = app.create_party(&actor, &person("Another", "a@example.com", "0812 7777 9999")).await.expect("party");
        for at in ["2026-10-02T10:00:00Z", "2026-11-11T10:00:00Z"] {
            app.create_order(&actor, &order(another.id, visit, at, &[])).await.expect("visit");
        }
        t.forget_relationship(another.id).await;
        let lenient = PolicyInput { loyal_min_purchases: Some(2), loyal_min_span_days: Some(30), ..Default::default() };
        let patch = SettingsPatch { policy: Some(lenient), ..Default::default() };
        let workspace = app.update_workspace(&actor, None, patch).await.expect("policy");
        assert_eq!(workspace.settings.policy.loyal_min_purchases, 2);
        assert_eq!(primary(&app, &actor, regular.id).await.1, Some(Lifecycle::Loyal));
        let latest = &app.relationship_history(&actor, regular.id, None, 1).await.expect("history")[0];
        assert_eq!(latest.cause, "policy");
        let latest = &app.relationship_history(&actor, another.id, None, 1).await.expect("history")[0];
        assert_eq!((latest.cause.as_str(), latest.classification.lifecycle), ("policy", Some(Lifecycle::Loyal)));

        let broken = SettingsPatch { policy: Some(PolicyInput { lapsed_after_days: Some(10), ..Default::default() }), ..Default::default() };
        match app.update_workspace(&actor, None, broken).await {
            Err(AppError::Validation(errors)) => assert_eq!(errors.0[0].field, "policy.lapsed_after_days"),
            other => panic!("expected a validation error, got {other:?}"),
        }
        let words = serde_json::from_value(json!({"customer": {"en": "guest", "id": "tamu"}})).expect("words");
        let patch = SettingsPatch { terminology: Some(words), ..Default::default() };
        let renamed = app.update_workspace(&actor, None, patch).await.expect("terminology");
        assert_eq!(renamed.settings.terminology.label(Kind::Customer, rapport_domain::common::locale::Locale::Id), "tamu");
        let bad_words = serde_json::from_value(json!({"patient": {"en": "patient"}})).expect("words");
        match app.update_workspace(&actor, None, SettingsPatch { terminology: Some(bad_words), ..Default::default() }).await {
            Err(AppError::Validation(errors)) => assert_eq!(errors.0[0].field, "terminology.patient"),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    async fn lists_filter_by_relationship_and_lifecycle_and_the_counts_add_up(t: &TestDb) {
        let (app, actor) = t.app().await;
        let paper = offering(&app, &actor, "Paper", "goods").await;
        let maju = app.create_party(&actor, &organization("PT Maju")).await.expect("org");
        let ani = app.create_party(&actor, &person("Ani", "ani@example.com", "0812 1111 2222")).await.expect("p");
        app.create_party(&actor, &person("Cici", "cici@example.com", "0812 1111 3333")).await.expect("p");
        app.create_order(&actor, &order(maju.id, paper, "2026-11-20T10:00:00Z", &[ani.id])).await.expect("order");
        app.create_order(&actor, &order(ani.id, paper, "2026-11-21T10:00:00Z", &[])).await.expect("order");
        let names = |relationship: &str, lifecycle: Option<&str>| {
            let request = ListRequest { relationship: Some(relationship.into()), lifecycle: lifecycle.map(Into::into), ..Default::default() };
            let (app, actor) = (app.clone(), actor.clone());
            async move { app.list_parties(&actor, &request).await.expect("list").items.into_iter().map(|p| p.name).collect::<Vec<_>>() }
        };
        assert_eq!(names("customer", None).await, ["Ani", "PT Maju"]);
        assert_eq!(names("consumer", None).await, ["Ani"], "Ani buys and uses");
        assert_eq!(names("prospect", None).await, ["Cici"]);
        assert_eq!(names("customer", Some("new")).await, ["Ani", "PT Maju"]);
        assert!(names("customer", Some("loyal")).await.is_empty());
        let bad = ListRequest { relationship: Some("vip".into()), lifecycle: Some("dormant".into()), ..Default::default() };
        match app.list_parties(&actor, &bad).await {
            Err(AppError::Validation(errors)) => {
                let fields: Vec<_> = errors.0.iter().map(|e| e.field.as_str()).collect();
                assert_eq!(fields, ["relationship", "lifecycle"]);
            }
            other => panic!("expected a validation error, got {other:?}"),
        }

        let (counts, _) = app.relationship_counts(&actor).await.expect("counts");
        let held: Vec<_> = counts.by_kind.iter().map(|(k, n)| (*k, *n)).collect();
        assert_eq!(held, [(Kind::Client, 0), (Kind::Customer, 2), (Kind::Consumer, 1), (Kind::Internal, 0), (Kind::Prospect, 1)]);
        let total: i64 = counts.by_primary.iter().map(|(_, _, n)| n).sum();
        assert_eq!(total, 3);
        app.delete_party(&actor, maju.id, None).await.expect("delete");
        let (counts, _) = app.relationship_counts(&actor).await.expect("counts");
        assert_eq!(counts.by_primary.iter().map(|(_, _, n)| n).sum::<i64>(), 2, "deleted parties are not counted");
    }
}
