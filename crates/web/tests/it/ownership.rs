//! Ownership, teams and workspaces as members see them.

use axum::http::{Method, StatusCode};
use rapport_core::on_both_backends;
use rapport_domain::workspaces::WorkspaceSettings;
use serde_json::json;

use crate::support::{Api, person, user_input};

/// Signs `email` in; returns the headers of a session request with its CSRF token.
async fn session(api: &Api, email: &str) -> (String, String) {
    let body = json!({"email": email, "password": "correct horse battery"});
    let answer = api.anonymous().send(Method::POST, "/api/v1/session", Some(body), &[]).await;
    assert_eq!(answer.status, StatusCode::OK, "{:#}", answer.body);
    let cookie = answer.header("set-cookie").and_then(|c| c.split(';').next()).expect("cookie").to_owned();
    (cookie, answer.body["csrf_token"].as_str().expect("csrf").to_owned())
}

on_both_backends! {
    async fn parties_are_handed_over_and_seen_by_their_owners_teams(t: &TestDb) {
        let api = Api::new(t).await;
        let mut ids = Vec::new();
        for email in ["ani@example.com", "budi@example.com", "citra@example.com"] {
            let created = api.post("/api/v1/members", json!({"email": email, "display_name": email, "password": "correct horse battery", "role": "sales"})).await;
            ids.push(created.body["user"]["id"].as_str().expect("id").to_owned());
        }
        let team = api.post("/api/v1/teams", json!({"name": "Jakarta", "members": [ids[0], ids[1]]})).await;
        assert_eq!(team.status, StatusCode::CREATED, "{:#}", team.body);
        api.post("/api/v1/teams", json!({"name": "Jakarta"})).await.assert_problem(409, &[]);
        api.post("/api/v1/teams", json!({"name": "Ghosts", "members": [uuid::Uuid::now_v7()]})).await.assert_problem(422, &["members[0]"]);
        assert_eq!(api.get("/api/v1/teams").await.body["items"][0]["members"].as_array().map(Vec::len), Some(2));

        // The owner hands a party to Ani: Ani and her teammate Budi see it, Citra does not.
        let party = api.party(person("Account")).await;
        let path = format!("/api/v1/parties/{}", party["id"].as_str().expect("id"));
        let handed = api.patch(&path, "*", json!({"owner_id": ids[0]})).await;
        assert_eq!((handed.status, handed.body["owner_id"].clone()), (StatusCode::OK, json!(ids[0])));
        api.patch(&path, "*", json!({"owner_id": uuid::Uuid::now_v7()})).await.assert_problem(422, &["owner_id"]);

        let (ani, ani_csrf) = session(&api, "ani@example.com").await;
        let (budi, budi_csrf) = session(&api, "budi@example.com").await;
        let (citra, _) = session(&api, "citra@example.com").await;
        let count = |cookie: String| {
            let api = &api;
            async move { api.send(Method::GET, "/api/v1/parties", None, &[("cookie", &cookie)]).await.body["items"].as_array().map(Vec::len) }
        };
        assert_eq!(count(ani.clone()).await, Some(1));
        assert_eq!(count(budi.clone()).await, Some(1));
        assert_eq!(count(citra.clone()).await, Some(0));
        api.send(Method::GET, &path, None, &[("cookie", &citra)]).await.assert_problem(404, &[]);
        // Budi may read his teammate's party but not change it; Ani may not give it away.
        api.send(Method::PATCH, &path, Some(json!({"name": "Mine now"})), &[("cookie", &budi), ("x-csrf-token", &budi_csrf), ("if-match", "*")]).await.assert_problem(403, &[]);
        let give = api.send(Method::PATCH, &path, Some(json!({"owner_id": ids[2]})), &[("cookie", &ani), ("x-csrf-token", &ani_csrf), ("if-match", "*")]).await;
        give.assert_problem(403, &[]);
        let renamed = api.send(Method::PATCH, &path, Some(json!({"name": "Ani's account"})), &[("cookie", &ani), ("x-csrf-token", &ani_csrf), ("if-match", "*")]).await;
        assert_eq!(renamed.status, StatusCode::OK);
        // An order Ani cannot see (its buyer is Citra's) stays out of the audit
        // trail of Ani's party, although Ani's party uses it.
        let citras = api.party(person("Citra's customer")).await;
        let citras_path = format!("/api/v1/parties/{}", citras["id"].as_str().expect("id"));
        api.patch(&citras_path, "*", json!({"owner_id": ids[2]})).await;
        let offering = api.post("/api/v1/offerings", json!({"name": "Licence", "kind": "goods", "price": "100"})).await;
        let order = json!({"buyer_id": citras["id"], "ordered_at": "2026-11-20T10:00:00Z", "lines": [{"offering_id": offering.body["id"], "end_user_ids": [party["id"]]}]});
        assert_eq!(api.post("/api/v1/orders", order).await.status, StatusCode::CREATED);
        let kinds = |body: &serde_json::Value| -> Vec<String> {
            body["items"].as_array().cloned().unwrap_or_default().iter().map(|e| e["entity_type"].as_str().unwrap_or_default().to_owned()).collect()
        };
        assert!(kinds(&api.get(&format!("{path}/audit")).await.body).contains(&"order".to_owned()));
        let anis_view = api.send(Method::GET, &format!("{path}/audit"), None, &[("cookie", &ani)]).await;
        assert_eq!(anis_view.status, StatusCode::OK);
        assert!(!kinds(&anis_view.body).contains(&"order".to_owned()), "{:#}", anis_view.body);

        // What Ani creates is hers.
        let mine = api.send(Method::POST, "/api/v1/parties", Some(person("Walk-in")), &[("cookie", &ani), ("x-csrf-token", &ani_csrf)]).await;
        assert_eq!(mine.body["owner_id"], json!(ids[0]));
    }

    async fn an_account_manager_works_the_clients_she_serves_and_no_others(t: &TestDb) {
        let api = Api::new(t).await;
        let created = api.post("/api/v1/members", json!({"email": "dewi@example.com", "display_name": "Dewi", "password": "correct horse battery", "role": "account_manager"})).await;
        let dewi_id = created.body["user"]["id"].as_str().expect("id").to_owned();
        let served = api.party(json!({"kind": "organization", "name": "PT Sinar Jaya Abadi"})).await;
        let other = api.party(json!({"kind": "organization", "name": "PT Lain"})).await;
        let contact = api.party(person("Rina at Sinar Jaya")).await;
        let served_path = format!("/api/v1/parties/{}", served["id"].as_str().expect("id"));
        let other_path = format!("/api/v1/parties/{}", other["id"].as_str().expect("id"));
        let contact_path = format!("/api/v1/parties/{}", contact["id"].as_str().expect("id"));
        assert_eq!(api.post("/api/v1/affiliations", json!({"person_id": contact["id"], "organization_id": served["id"]})).await.status, StatusCode::CREATED);
        let assigned = api.post(&format!("{served_path}/account-team"), json!({"user_id": dewi_id, "role": "account_manager"})).await;
        assert_eq!(assigned.status, StatusCode::NO_CONTENT, "{:#}", assigned.body);
        let offering = api.post("/api/v1/offerings", json!({"name": "Retainer", "kind": "professional_service", "price": "5000000"})).await;
        let order = json!({"buyer_id": served["id"], "ordered_at": "2026-11-20T10:00:00Z", "lines": [{"offering_id": offering.body["id"]}]});
        let order = api.post("/api/v1/orders", order).await;
        assert_eq!(order.status, StatusCode::CREATED, "{:#}", order.body);

        let (dewi, csrf) = session(&api, "dewi@example.com").await;
        let read = |path: String| {
            let (api, dewi) = (&api, dewi.clone());
            async move { api.send(Method::GET, &path, None, &[("cookie", &dewi)]).await }
        };
        // She reads the client she serves, everything under it, and its people.
        assert_eq!(read(served_path.clone()).await.status, StatusCode::OK);
        for under in ["orders", "contracts", "notes", "audit", "value", "account-team", "affiliations", "relationship"] {
            let answer = read(format!("{served_path}/{under}")).await;
            assert_eq!(answer.status, StatusCode::OK, "{under}: {:#}", answer.body);
        }
        let audit = read(format!("{served_path}/audit")).await;
        let entities: Vec<&str> = audit.body["items"].as_array().into_iter().flatten().filter_map(|e| e["entity_type"].as_str()).collect();
        assert!(entities.contains(&"order"), "the order is on her client's timeline: {entities:?}");
        assert_eq!(read(format!("/api/v1/orders/{}", order.body["id"].as_str().expect("id"))).await.status, StatusCode::OK);
        assert_eq!(read(contact_path.clone()).await.status, StatusCode::OK);
        // Not a party she does not serve, which is as if it did not exist.
        read(other_path.clone()).await.assert_problem(404, &[]);
        let session_headers = [("cookie", dewi.as_str()), ("x-csrf-token", csrf.as_str()), ("if-match", "*")];
        api.send(Method::PATCH, &other_path, Some(json!({"name": "Taken"})), &session_headers).await.assert_problem(404, &[]);
        // She updates her client and writes on it; deleting is not her role's.
        let renamed = api.send(Method::PATCH, &served_path, Some(json!({"name": "PT Sinar Jaya Abadi Tbk"})), &session_headers).await;
        assert_eq!(renamed.status, StatusCode::OK, "{:#}", renamed.body);
        let note = api.send(Method::POST, &format!("{served_path}/notes"), Some(json!({"body": "Quarterly review booked"})), &session_headers).await;
        assert_eq!(note.status, StatusCode::CREATED, "{:#}", note.body);
        api.send(Method::DELETE, &served_path, None, &session_headers).await.assert_problem(403, &[]);

        // Her list holds what she serves, and "my accounts" only the client itself.
        let names = |answer: &crate::support::Answer| -> Vec<String> {
            answer.body["items"].as_array().into_iter().flatten().filter_map(|p| p["name"].as_str().map(str::to_owned)).collect()
        };
        assert_eq!(names(&read("/api/v1/parties".into()).await), ["PT Sinar Jaya Abadi Tbk", "Rina at Sinar Jaya"]);
        assert_eq!(names(&read("/api/v1/parties?account_team=me".into()).await), ["PT Sinar Jaya Abadi Tbk"]);
        read("/api/v1/parties?account_team=someone".into()).await.assert_problem(422, &["account_team"]);

        // Taken off the account team, she sees none of it again.
        let removed = api.delete(&format!("{served_path}/account-team?user_id={dewi_id}&role=account_manager")).await;
        assert_eq!(removed.status, StatusCode::NO_CONTENT, "{:#}", removed.body);
        read(served_path).await.assert_problem(404, &[]);
        read(contact_path).await.assert_problem(404, &[]);
        assert!(names(&read("/api/v1/parties".into()).await).is_empty());
    }

    async fn a_member_of_two_workspaces_switches_between_them(t: &TestDb) {
        let api = Api::new(t).await;
        let app = &api.app;
        let home = app.ensure_default_workspace().await.expect("home");
        let away = app.create_workspace("surabaya", WorkspaceSettings::default_for_new_installation()).await.expect("away");
        let system = rapport_core::Actor::system(away.id, "system:test");
        let dewi = app.create_user(&system, home.id, &user_input("dewi@example.com", "viewer")).await.expect("user");
        app.set_role(&system, dewi.id, away.id, rapport_domain::access::Role::Manager).await.expect("role");
        app.create_party(&system, &rapport_domain::parties::PartyInput { kind: "person".into(), name: "Away".into(), ..Default::default() }).await.expect("party");

        let (cookie, csrf) = session(&api, "dewi@example.com").await;
        let me = api.send(Method::GET, "/api/v1/me", None, &[("cookie", &cookie)]).await;
        assert_eq!((me.body["role"].clone(), me.body["memberships"].as_array().map(Vec::len)), (json!("viewer"), Some(2)));
        assert_eq!(api.send(Method::GET, "/api/v1/parties", None, &[("cookie", &cookie)]).await.body["items"], json!([]));

        let switched = api.send(Method::PUT, "/api/v1/session/workspace", Some(json!({"workspace_id": away.id})), &[("cookie", &cookie), ("x-csrf-token", &csrf)]).await;
        assert_eq!(switched.status, StatusCode::NO_CONTENT);
        let me = api.send(Method::GET, "/api/v1/me", None, &[("cookie", &cookie)]).await;
        assert_eq!((me.body["role"].clone(), me.body["workspace_id"].clone()), (json!("manager"), json!(away.id)));
        let listed = api.send(Method::GET, "/api/v1/parties", None, &[("cookie", &cookie)]).await;
        assert_eq!(listed.body["items"][0]["name"], "Away");

        let nowhere = api.send(Method::PUT, "/api/v1/session/workspace", Some(json!({"workspace_id": uuid::Uuid::now_v7()})), &[("cookie", &cookie), ("x-csrf-token", &csrf)]).await;
        nowhere.assert_problem(404, &[]);
    }
}
