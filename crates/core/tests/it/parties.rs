use rapport_core::on_both_backends;
use rapport_core::parties::ListRequest;
use rapport_core::{Actor, AppError};
use rapport_domain::common::contact::AddressInput;
use rapport_domain::common::ids::PartyId;
use rapport_domain::common::patch::Patch;
use rapport_domain::parties::{PartyInput, PartyPatch};
use rapport_domain::workspaces::WorkspaceSettings;

use super::{organization, person};

fn names(page: &rapport_core::kernel::store::paging::Page<rapport_core::parties::store::PartyListItem>) -> Vec<String> {
    page.items.iter().map(|p| p.name.clone()).collect()
}

on_both_backends! {
    async fn a_party_reads_back_exactly_as_written(t: &TestDb) {
        let (app, actor) = t.app().await;
        let input = PartyInput {
            birthday: Some("1988-02-29".into()),
            tags: vec!["VIP".into(), "jakarta".into()],
            addresses: vec![AddressInput { street: Some("Jl. Sudirman 1".into()), city: Some("Jakarta".into()), country: Some("ID".into()), ..Default::default() }],
            internal: true,
            ..person("Siti Rahayu", "siti@example.co.id", "0812 1111 2222")
        };
        let created = app.create_party(&actor, &input).await.expect("create");
        assert_eq!(created.version, 1);
        assert_eq!(created.facts.phones[0].number.as_str(), "+6281211112222");
        let read = app.party(&actor, created.id, false).await.expect("read");
        assert_eq!(read, created);
        // The list shows a party exactly as reading it does, with its
        // classification in brief.
        let listed = app.list_parties(&actor, &ListRequest::default()).await.expect("list");
        let mut as_listed = serde_json::to_value(&listed.items[0]).expect("json");
        let brief = as_listed.as_object_mut().and_then(|o| o.remove("relationship"));
        assert_eq!(brief, Some(serde_json::json!({"primary": "internal", "lifecycle": null})));
        assert_eq!(as_listed, serde_json::to_value(&read).expect("json"));
    }

    async fn validation_errors_store_nothing(t: &TestDb) {
        let (app, actor) = t.app().await;
        let bad = person("", "not-an-email", "12");
        match app.create_party(&actor, &bad).await {
            Err(AppError::Validation(errors)) => {
                let fields: Vec<_> = errors.0.iter().map(|e| e.field.as_str()).collect();
                assert_eq!(fields, ["name", "emails[0]", "phones[0]"]);
            }
            other => panic!("expected a validation error, got {other:?}"),
        }
        let page = app.list_parties(&actor, &ListRequest::default()).await.expect("list");
        assert!(page.items.is_empty());
    }

    async fn the_list_pages_in_name_order_and_filters(t: &TestDb) {
        let (app, actor) = t.app().await;
        let names_in = ["delta", "Alpha", "charlie", "Echo", "bravo", "golf", "foxtrot"];
        for (i, name) in names_in.iter().enumerate() {
            let mut input = person(name, &format!("{name}@example.com"), &format!("0812 3456 78{i:02}"));
            if i % 2 == 0 {
                input.tags = vec!["even".into()];
            }
            app.create_party(&actor, &input).await.expect("create");
        }
        app.create_party(&actor, &organization("PT Hotel 50%_Off")).await.expect("create org");

        let mut seen = Vec::new();
        let mut cursor = None;
        loop {
            let request = ListRequest { kind: Some("person".into()), cursor: cursor.clone(), limit: Some(3), ..Default::default() };
            let page = app.list_parties(&actor, &request).await.expect("page");
            assert!(page.items.len() <= 3);
            seen.extend(names(&page));
            match page.next_cursor {
                Some(next) => cursor = Some(next.encode()),
                None => break,
            }
        }
        assert_eq!(seen, ["Alpha", "bravo", "charlie", "delta", "Echo", "foxtrot", "golf"]);

        let by = |request: ListRequest| {
            let app = app.clone();
            let actor = actor.clone();
            async move { names(&app.list_parties(&actor, &request).await.expect("list")) }
        };
        assert_eq!(by(ListRequest { kind: Some("organization".into()), ..Default::default() }).await, ["PT Hotel 50%_Off"]);
        assert_eq!(by(ListRequest { q: Some("ECHO@".into()), ..Default::default() }).await, ["Echo"]);
        assert_eq!(by(ListRequest { q: Some("+62812345678".into()), ..Default::default() }).await.len(), 7);
        assert_eq!(by(ListRequest { q: Some("34567803".into()), ..Default::default() }).await, ["Echo"]);
        assert_eq!(by(ListRequest { q: Some("50%_".into()), ..Default::default() }).await, ["PT Hotel 50%_Off"]);
        assert_eq!(by(ListRequest { q: Some("%".into()), ..Default::default() }).await, ["PT Hotel 50%_Off"]);
        assert_eq!(by(ListRequest { tag: Some("EVEN".into()), ..Default::default() }).await, ["bravo", "charlie", "delta", "foxtrot"]);
    }

    async fn pages_split_ties_and_exact_multiples_cleanly(t: &TestDb) {
        let (app, actor) = t.app().await;
        for name in ["Ada", "ada", "ADA", "Ada", "Bea", "bea"] {
            app.create_party(&actor, &super::organization(name)).await.expect("create");
        }
        for limit in 1..=6 {
            let mut ids = Vec::new();
            let mut cursor = None;
            let mut pages = 0;
            loop {
                let request = ListRequest { cursor: cursor.clone(), limit: Some(limit), ..Default::default() };
                let page = app.list_parties(&actor, &request).await.expect("page");
                pages += 1;
                ids.extend(page.items.iter().map(|p| p.id));
                match page.next_cursor {
                    Some(next) => cursor = Some(next.encode()),
                    None => break,
                }
            }
            let unique: std::collections::BTreeSet<_> = ids.iter().collect();
            assert_eq!((ids.len(), unique.len()), (6, 6), "limit {limit}");
            assert_eq!(pages, 6_u32.div_ceil(limit), "limit {limit}: no empty last page");
        }
    }

    async fn bad_list_requests_name_the_parameter(t: &TestDb) {
        let (app, actor) = t.app().await;
        for (request, field) in [
            (ListRequest { kind: Some("robot".into()), ..Default::default() }, "kind"),
            (ListRequest { cursor: Some("!!".into()), ..Default::default() }, "cursor"),
            (ListRequest { limit: Some(0), ..Default::default() }, "limit"),
            (ListRequest { limit: Some(201), ..Default::default() }, "limit"),
            (ListRequest { tag: Some("a,b".into()), ..Default::default() }, "tag"),
        ] {
            match app.list_parties(&actor, &request).await {
                Err(AppError::Validation(errors)) => assert_eq!(errors.0[0].field, field),
                other => panic!("expected an error on {field}, got {other:?}"),
            }
        }
    }

    async fn a_stale_version_changes_nothing(t: &TestDb) {
        let (app, actor) = t.app().await;
        let created = app.create_party(&actor, &person("Ada", "ada@example.com", "0812 3456 7890")).await.expect("create");
        let patch = PartyPatch { name: Patch::Set("Ada Lovelace".into()), birthday: Patch::Set("1990-12-10".into()), ..Default::default() };
        let updated = app.update_party(&actor, created.id, Some(1), patch).await.expect("update");
        assert_eq!(updated.version, 2);
        assert_eq!(updated.facts.name.as_str(), "Ada Lovelace");
        assert_eq!(updated.facts.emails, created.facts.emails);

        let stale = PartyPatch { name: Patch::Set("Overwritten".into()), ..Default::default() };
        match app.update_party(&actor, created.id, Some(1), stale).await {
            Err(AppError::VersionMismatch { current_version }) => assert_eq!(current_version, 2),
            other => panic!("expected a version mismatch, got {other:?}"),
        }
        assert_eq!(app.party(&actor, created.id, false).await.expect("read"), updated);

        // A patch that changes nothing is not a new version.
        let same = app.update_party(&actor, created.id, Some(2), PartyPatch::default()).await.expect("no-op");
        assert_eq!(same.version, 2);
    }

    async fn concurrent_edits_of_one_version_let_exactly_one_win(t: &TestDb) {
        let (app, actor) = t.app().await;
        let created = app.create_party(&actor, &person("Race", "race@example.com", "0812 3456 7890")).await.expect("create");
        let mut tasks = Vec::new();
        for i in 0..8 {
            let (app, actor) = (app.clone(), actor.clone());
            tasks.push(tokio::spawn(async move {
                let patch = PartyPatch { name: Patch::Set(format!("Writer {i}")), ..Default::default() };
                app.update_party(&actor, created.id, Some(1), patch).await
            }));
        }
        let mut wins = 0;
        for task in tasks {
            match task.await.expect("join") {
                Ok(_) => wins += 1,
                Err(AppError::VersionMismatch { .. }) => {}
                Err(other) => panic!("unexpected error {other:?}"),
            }
        }
        assert_eq!(wins, 1);
        assert_eq!(app.party(&actor, created.id, false).await.expect("read").version, 2);
    }

    async fn delete_is_soft_and_restore_undoes_it(t: &TestDb) {
        let (app, actor) = t.app().await;
        let created = app.create_party(&actor, &person("Gone", "gone@example.com", "0812 3456 7890")).await.expect("create");
        app.update_party(&actor, created.id, Some(1), PartyPatch { tags: Patch::Set(vec!["x".into()]), ..Default::default() }).await.expect("tag");
        assert!(matches!(app.delete_party(&actor, created.id, Some(1)).await, Err(AppError::VersionMismatch { .. })));
        let deleted = app.delete_party(&actor, created.id, Some(2)).await.expect("delete");
        assert!(deleted.deleted_at.is_some());
        assert!(matches!(app.party(&actor, created.id, false).await, Err(AppError::NotFound)));
        assert_eq!(app.party(&actor, created.id, true).await.expect("still stored"), deleted);
        let everyone = ListRequest::default();
        assert!(app.list_parties(&actor, &everyone).await.expect("list").items.is_empty());
        let tagged = ListRequest { tag: Some("x".into()), ..Default::default() };
        assert!(app.list_parties(&actor, &tagged).await.expect("list").items.is_empty());
        assert!(matches!(app.delete_party(&actor, created.id, None).await, Err(AppError::NotFound)));
        assert!(matches!(app.update_party(&actor, created.id, Some(3), PartyPatch::default()).await, Err(AppError::NotFound)));

        let restored = app.restore_party(&actor, created.id).await.expect("restore");
        assert_eq!(restored.deleted_at, None);
        assert_eq!(restored.version, 4);
        assert_eq!(restored.facts, deleted.facts);
        assert_eq!(app.list_parties(&actor, &tagged).await.expect("list").items.len(), 1);

        let audit = app.party_audit(&actor, created.id, 100).await.expect("audit");
        let actions: Vec<_> = audit.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(actions, ["restore", "delete", "update", "create"]);
        assert!(audit.iter().all(|e| e.actor == "system:test" && e.entity_id == created.id.0));
        let update = &audit[2];
        assert_eq!(update.before.as_ref().and_then(|b| b["tags"].as_array().map(Vec::len)), Some(0));
        assert_eq!(update.after.as_ref().map(|a| a["tags"][0].clone()), Some(serde_json::json!("x")));
        assert_eq!(audit[3].before, None);
    }

    async fn workspaces_do_not_see_each_other(t: &TestDb) {
        let (app, actor) = t.app().await;
        let mine = app.create_party(&actor, &person("Mine", "mine@example.com", "0812 3456 7890")).await.expect("create");
        let other_ws = app.create_workspace("other", WorkspaceSettings::default_for_new_installation()).await.expect("workspace");
        let other = Actor::system(other_ws.id, "system:test");
        assert!(matches!(app.party(&other, mine.id, true).await, Err(AppError::NotFound)));
        assert!(matches!(app.update_party(&other, mine.id, Some(1), PartyPatch::default()).await, Err(AppError::NotFound)));
        assert!(matches!(app.delete_party(&other, mine.id, None).await, Err(AppError::NotFound)));
        assert!(matches!(app.restore_party(&other, mine.id).await, Err(AppError::NotFound)));
        assert!(matches!(app.party_audit(&other, mine.id, 10).await, Err(AppError::NotFound)));
        assert!(app.list_parties(&other, &ListRequest::default()).await.expect("list").items.is_empty());
        assert!(matches!(app.party(&actor, PartyId(uuid::Uuid::now_v7()), true).await, Err(AppError::NotFound)));
    }
}
