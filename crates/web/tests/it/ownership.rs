//! Ownership, teams and workspaces as members see them.

use axum::http::{Method, StatusCode};
use rapport_core::on_both_backends;
use rapport_domain::workspace::WorkspaceSettings;
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

    async fn a_member_of_two_workspaces_switches_between_them(t: &TestDb) {
        let api = Api::new(t).await;
        let app = &api.app;
        let home = app.ensure_default_workspace().await.expect("home");
        let away = app.create_workspace("surabaya", WorkspaceSettings::default_for_new_installation()).await.expect("away");
        let system = rapport_core::Actor::system(away.id, "system:test");
        let dewi = app.create_user(&system, home.id, &user_input("dewi@example.com", "viewer")).await.expect("user");
        app.set_role(&system, dewi.id, away.id, rapport_domain::access::Role::Manager).await.expect("role");
        app.create_party(&system, &rapport_domain::party::PartyInput { kind: "person".into(), name: "Away".into(), ..Default::default() }).await.expect("party");

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
