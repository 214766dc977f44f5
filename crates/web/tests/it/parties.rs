use axum::http::StatusCode;
use rapport_core::on_both_backends;
use serde_json::json;

use crate::support::{Api, person};

on_both_backends! {
    async fn create_read_and_list(t: &TestDb) {
        let api = crate::support::Api::new(t).await;
        let created = api.post("/api/v1/parties", json!({
            "kind": "person",
            "name": "Dewi Lestari",
            "emails": ["dewi@example.co.id", {"address": "dewi.l@kantor.co.id", "label": "work"}],
            "phones": ["0812-3456-7890"],
            "addresses": [{"street": "Jl. Merdeka 5", "city": "Bandung", "country": "ID"}],
            "birthday": "1992-08-17",
            "tags": ["VIP"],
            "internal": false
        })).await;
        assert_eq!(created.status, StatusCode::CREATED, "{:#}", created.body);
        assert_eq!(created.header("etag"), Some("\"1\""));
        let id = created.body["id"].as_str().expect("id").to_owned();
        assert_eq!(created.header("location"), Some(format!("/api/v1/parties/{id}").as_str()));
        assert_eq!(created.body["phones"][0]["number"], "+6281234567890");
        assert_eq!(created.body["emails"][1], json!({"address": "dewi.l@kantor.co.id", "label": "work"}));
        assert_eq!(created.body["tags"], json!(["vip"]));
        assert_eq!(created.body["birthday"], "1992-08-17");
        assert_eq!(created.body["version"], 1);

        let read = api.get(&format!("/api/v1/parties/{id}")).await;
        assert_eq!(read.status, StatusCode::OK);
        assert_eq!(read.header("etag"), Some("\"1\""));
        assert_eq!(read.body, created.body);

        api.party(json!({"kind": "organization", "name": "PT Sinar"})).await;
        let all = api.get("/api/v1/parties").await;
        assert_eq!(all.status, StatusCode::OK);
        assert_eq!(all.body["items"].as_array().map(Vec::len), Some(2));
        assert_eq!(all.body["next_cursor"], json!(null));
        let orgs = api.get("/api/v1/parties?kind=organization").await;
        assert_eq!(orgs.body["items"][0]["name"], "PT Sinar");
        let found = api.get("/api/v1/parties?q=7890").await;
        let mut listed = found.body["items"][0].clone();
        let brief = listed.as_object_mut().and_then(|o| o.remove("relationship"));
        assert_eq!(brief, Some(json!({"primary": "prospect", "lifecycle": null})), "with its classification in brief");
        assert_eq!(listed, read.body, "a listed party reads as the party itself");
        let tagged = api.get("/api/v1/parties?tag=vip").await;
        assert_eq!(tagged.body["items"].as_array().map(Vec::len), Some(1));
    }

    async fn pages_follow_the_cursor(t: &TestDb) {
        let api = Api::new(t).await;
        for i in 0..5 {
            api.party(person(&format!("Person {i}"))).await;
        }
        let first = api.get("/api/v1/parties?limit=2").await;
        let cursor = first.body["next_cursor"].as_str().expect("more").to_owned();
        let second = api.get(&format!("/api/v1/parties?limit=2&cursor={cursor}")).await;
        let cursor = second.body["next_cursor"].as_str().expect("more").to_owned();
        let third = api.get(&format!("/api/v1/parties?limit=2&cursor={cursor}")).await;
        assert_eq!(third.body["next_cursor"], json!(null));
        let names: Vec<_> = [&first, &second, &third]
            .iter()
            .flat_map(|page| page.body["items"].as_array().cloned().unwrap_or_default())
            .map(|p| p["name"].as_str().unwrap_or_default().to_owned())
            .collect();
        assert_eq!(names, ["Person 0", "Person 1", "Person 2", "Person 3", "Person 4"]);
    }

    async fn the_list_pages_through_each_order(t: &TestDb) {
        let api = Api::new(t).await;
        let mut made = Vec::new();
        for name in ["Citra", "Adi", "Bayu", "Dewi"] {
            made.push(api.party(person(name)).await);
        }
        // Changed last: Adi.
        let adi = &made[1];
        let path = format!("/api/v1/parties/{}", adi["id"].as_str().expect("id"));
        assert_eq!(api.patch(&path, "\"1\"", json!({"tags": ["vip"]})).await.status, StatusCode::OK);
        let all = |sort: &'static str| {
            let api = &api;
            async move {
                let mut names = Vec::new();
                let mut cursor: Option<String> = None;
                loop {
                    let after = cursor.as_ref().map(|c| format!("&cursor={c}")).unwrap_or_default();
                    let page = api.get(&format!("/api/v1/parties?limit=3&sort={sort}{after}")).await;
                    assert_eq!(page.status, StatusCode::OK, "{sort}: {:#}", page.body);
                    names.extend(page.body["items"].as_array().cloned().unwrap_or_default().iter().map(|p| p["name"].as_str().unwrap_or_default().to_owned()));
                    match page.body["next_cursor"].as_str() {
                        Some(next) => cursor = Some(next.to_owned()),
                        None => return names,
                    }
                }
            }
        };
        assert_eq!(all("name").await, ["Adi", "Bayu", "Citra", "Dewi"]);
        assert_eq!(all("-name").await, ["Dewi", "Citra", "Bayu", "Adi"]);
        assert_eq!(all("-created").await, ["Dewi", "Bayu", "Adi", "Citra"]);
        assert_eq!(all("created").await, ["Citra", "Adi", "Bayu", "Dewi"]);
        assert_eq!(all("-updated").await[0], "Adi");
        api.get("/api/v1/parties?sort=popularity").await.assert_problem(422, &["sort"]);
        // A cursor of one order does not page another.
        let by_name = api.get("/api/v1/parties?limit=1&sort=name").await;
        let cursor = by_name.body["next_cursor"].as_str().expect("more").to_owned();
        api.get(&format!("/api/v1/parties?sort=-created&cursor={cursor}")).await.assert_problem(422, &["cursor"]);
    }

    async fn patch_needs_the_current_version(t: &TestDb) {
        let api = Api::new(t).await;
        let party = api.party(person("Ada")).await;
        let path = format!("/api/v1/parties/{}", party["id"].as_str().expect("id"));

        let missing = api.send(axum::http::Method::PATCH, &path, Some(json!({"name": "X"})), &[]).await;
        missing.assert_problem(428, &["If-Match"]);
        let garbage = api.patch(&path, "yesterday", json!({"name": "X"})).await;
        garbage.assert_problem(400, &["If-Match"]);

        let changed = api.patch(&path, "\"1\"", json!({"name": "Ada Lovelace", "birthday": "1815-12-10"})).await;
        changed.assert_problem(422, &["birthday"]);
        let changed = api.patch(&path, "\"1\"", json!({"name": "Ada Lovelace", "phones": ["+48 601 234 567"]})).await;
        assert_eq!(changed.status, StatusCode::OK, "{:#}", changed.body);
        assert_eq!(changed.header("etag"), Some("\"2\""));
        assert_eq!(changed.body["name"], "Ada Lovelace");
        assert_eq!(changed.body["emails"], party["emails"]);

        let stale = api.patch(&path, "\"1\"", json!({"name": "Lost update"})).await;
        stale.assert_problem(412, &[]);
        assert_eq!(stale.body["current_version"], 2);
        assert_eq!(api.get(&path).await.body["name"], "Ada Lovelace");

        // If-Match compares strongly: a weak tag never matches.
        api.patch(&path, "W/\"2\"", json!({"birthday": null})).await.assert_problem(412, &[]);
        api.patch(&path, "\"1\", \"2\"", json!({"birthday": null})).await.assert_problem(400, &["If-Match"]);
        api.patch(&path, "\"2\"", json!({"name": null})).await.assert_problem(422, &["name"]);
        // `*` explicitly changes whatever version is current.
        let any = api.patch(&path, "*", json!({"tags": ["late"]})).await;
        assert_eq!((any.status, any.header("etag")), (StatusCode::OK, Some("\"3\"")));
        let cleared = api.patch(&path, "\"3\"", json!({"tags": null, "emails": null})).await;
        assert_eq!((cleared.body["tags"].clone(), cleared.body["emails"].clone()), (json!([]), json!([])));
    }

    async fn delete_is_soft_restore_undoes_it_and_all_is_audited(t: &TestDb) {
        let api = Api::new(t).await;
        let party = api.party(person("Temporary")).await;
        let id = party["id"].as_str().expect("id");
        let path = format!("/api/v1/parties/{id}");

        let stale = api.send(axum::http::Method::DELETE, &path, None, &[("if-match", "\"7\"")]).await;
        stale.assert_problem(412, &[]);
        let deleted = api.delete(&path).await;
        assert_eq!(deleted.status, StatusCode::OK);
        assert!(deleted.body["deleted_at"].is_string());
        api.get(&path).await.assert_problem(404, &[]);
        api.delete(&path).await.assert_problem(404, &[]);
        assert_eq!(api.get(&format!("{path}?include_deleted=true")).await.status, StatusCode::OK);
        assert_eq!(api.get("/api/v1/parties").await.body["items"], json!([]));

        let restored = api.post(&format!("{path}/restore"), json!({})).await;
        assert_eq!(restored.status, StatusCode::OK, "{:#}", restored.body);
        assert_eq!(restored.body["deleted_at"], json!(null));
        assert_eq!(restored.body["version"], 3);
        assert_eq!(api.get("/api/v1/parties").await.body["items"].as_array().map(Vec::len), Some(1));

        let audit = api.get(&format!("{path}/audit")).await;
        assert_eq!(audit.status, StatusCode::OK);
        let entries = audit.body["items"].as_array().cloned().unwrap_or_default();
        let actions: Vec<_> = entries.iter().map(|e| e["action"].as_str().unwrap_or_default()).collect();
        assert_eq!(actions, ["restore", "delete", "create"]);
        assert!(entries.iter().all(|e| e["actor"].as_str().is_some_and(|a| a.starts_with("token:")) && e["entity_id"] == id));
        assert_eq!(entries[1]["before"]["deleted_at"], json!(null));
        assert!(entries[1]["after"]["deleted_at"].is_string());
        api.get(&format!("/api/v1/parties/{}/audit", uuid::Uuid::now_v7())).await.assert_problem(404, &[]);
    }
}
