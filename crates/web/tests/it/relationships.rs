//! Relationships over HTTP: labels in the workspace's words and the caller's
//! language, history, overrides, list filters and the summary.

use axum::http::{Method, StatusCode};
use rapport_core::on_both_backends;
use serde_json::{Value, json};

use crate::support::{Api, organization, person};

fn id(party: &Value) -> String {
    party["id"].as_str().expect("id").to_owned()
}

async fn relationship(api: &Api, party: &Value, language: Option<&str>) -> Value {
    let path = format!("/api/v1/parties/{}/relationship", id(party));
    let headers: Vec<(&str, &str)> = language.map(|l| ("accept-language", l)).into_iter().collect();
    let answer = api.send(Method::GET, &path, None, &headers).await;
    assert_eq!(answer.status, StatusCode::OK, "{:#}", answer.body);
    answer.body
}

on_both_backends! {
    async fn a_streaming_subscriber_is_a_customer_labelled_subscriber_where_the_workspace_says_so(t: &TestDb) {
        let api = Api::new(t).await;
        let plan = api.post("/api/v1/offerings", json!({"name": "Streaming, monthly", "kind": "subscription", "price": "54990"})).await;
        let viewer = api.party(person("Dewi")).await;
        let order = json!({"buyer_id": id(&viewer), "ordered_at": "2026-11-01T20:00:00+07:00", "lines": [{"offering_id": plan.body["id"]}]});
        assert_eq!(api.post("/api/v1/orders", order).await.status, StatusCode::CREATED);

        let plain = relationship(&api, &viewer, None).await;
        assert_eq!((plain["primary"].clone(), plain["label"].clone(), plain["language"].clone()), (json!("customer"), json!("customer"), json!("en")));
        assert_eq!(relationship(&api, &viewer, Some("id-ID,id;q=0.9,en;q=0.8")).await["label"], "pelanggan");
        assert_eq!(relationship(&api, &viewer, Some("de-DE, pl;q=0.5")).await["label"], "nabywca");

        let workspace = api.get("/api/v1/workspace").await;
        let etag = workspace.header("etag").expect("etag").to_owned();
        let words = json!({"terminology": {"customer": {"en": "subscriber", "id": "pelanggan setia"}}});
        let renamed = api.patch("/api/v1/workspace", &etag, words).await;
        assert_eq!(renamed.status, StatusCode::OK, "{:#}", renamed.body);
        assert_eq!(renamed.body["terminology"]["customer"]["en"], "subscriber");
        let labelled = relationship(&api, &viewer, None).await;
        assert_eq!(labelled["label"], "subscriber");
        assert_eq!(labelled["labels"], json!({"customer": "subscriber"}));
        assert_eq!(relationship(&api, &viewer, Some("id")).await["label"], "pelanggan setia");
        assert_eq!(relationship(&api, &viewer, Some("pl")).await["label"], "nabywca", "no Polish word set: the default");

        let etag = renamed.header("etag").expect("etag").to_owned();
        api.patch("/api/v1/workspace", &etag, json!({"terminology": {"patient": {"en": "patient"}, "client": {"xx": "x", "en": ""}}}))
            .await
            .assert_problem(422, &["terminology.client.en", "terminology.client.xx", "terminology.patient"]);
        api.patch("/api/v1/workspace", &etag, json!({"policy": {"at_risk_after_days": 0, "lapsed_after_days": 99999}}))
            .await
            .assert_problem(422, &["policy.at_risk_after_days", "policy.lapsed_after_days"]);
        api.patch("/api/v1/workspace", &etag, json!({"policy": {"loyal_after": 3}})).await.assert_problem(400, &["policy.loyal_after"]);
    }

    async fn overrides_and_history_over_http(t: &TestDb) {
        let api = Api::new(t).await;
        let firm = api.party(organization("Kantor Hukum Sejahtera")).await;
        let path = format!("/api/v1/parties/{}/relationship/override", id(&firm));
        api.send(Method::PUT, &path, Some(json!({"kind": "vip", "reason": "", "expires_on": "soon"})), &[])
            .await
            .assert_problem(422, &["kind", "reason", "expires_on"]);
        let set = api.send(Method::PUT, &path, Some(json!({"kind": "client", "reason": "Retainer signed on paper", "expires_on": "2099-01-01"})), &[]).await;
        assert_eq!(set.status, StatusCode::OK, "{:#}", set.body);
        assert_eq!((set.body["primary"].clone(), set.body["label"].clone()), (json!("client"), json!("client")));
        assert_eq!(set.body["override"]["reason"], "Retainer signed on paper");
        assert_eq!(set.body["override"]["expires_on"], "2099-01-01");
        assert_eq!(set.body["override"]["set_by"], "owner", "named as a person, not an id");
        assert!(set.body["explanation"][0]["text"].as_str().is_some_and(|t| t.starts_with("set to client by owner: Retainer")));
        let lifted = api.send(Method::DELETE, &path, None, &[]).await;
        assert_eq!((lifted.status, lifted.body["primary"].clone(), lifted.body["override"].clone()), (StatusCode::OK, json!("prospect"), Value::Null));

        let history = format!("/api/v1/parties/{}/relationship/history", id(&firm));
        let page = api.get(&format!("{history}?limit=2")).await;
        assert_eq!(page.status, StatusCode::OK, "{:#}", page.body);
        let causes: Vec<_> = page.body["items"].as_array().expect("items").iter().map(|e| e["cause"].clone()).collect();
        assert_eq!(causes, [json!("override.clear"), json!("override.set")]);
        assert_eq!(page.body["items"][1]["previous_primary"], "prospect");
        let before = page.body["next_before"].as_str().expect("more").to_owned();
        let rest = api.get(&format!("{history}?limit=2&before={before}")).await;
        assert_eq!(rest.body["items"].as_array().map(Vec::len), Some(1));
        assert_eq!((rest.body["items"][0]["cause"].clone(), rest.body["next_before"].clone()), (json!("party.create"), Value::Null));
        api.get(&format!("{history}?limit=0")).await.assert_problem(422, &["limit"]);
        api.get(&format!("{history}?before=yesterday")).await.assert_problem(422, &["before"]);

        let audit = api.get(&format!("/api/v1/parties/{}/audit", id(&firm))).await;
        let actions: Vec<_> = audit.body["items"].as_array().expect("items").iter().map(|e| e["action"].clone()).take(2).collect();
        assert_eq!(actions, [json!("clear_override"), json!("override")]);
    }

    async fn the_list_filters_by_relationship_and_the_summary_counts_them(t: &TestDb) {
        let api = Api::new(t).await;
        let paper = api.post("/api/v1/offerings", json!({"name": "Paper", "kind": "goods", "price": "45000"})).await;
        let maju = api.party(organization("PT Maju")).await;
        let ani = api.party(person("Ani")).await;
        api.party(person("Cici")).await;
        let order = json!({"buyer_id": id(&maju), "ordered_at": "2026-11-20T09:30:00+07:00", "lines": [{"offering_id": paper.body["id"], "end_user_ids": [id(&ani)]}]});
        assert_eq!(api.post("/api/v1/orders", order).await.status, StatusCode::CREATED);

        let names = |query: &'static str| {
            let api = &api;
            async move {
                let answer = api.get(&format!("/api/v1/parties?{query}")).await;
                assert_eq!(answer.status, StatusCode::OK, "{:#}", answer.body);
                answer.body["items"].as_array().expect("items").iter().map(|p| p["name"].as_str().unwrap_or_default().to_owned()).collect::<Vec<_>>()
            }
        };
        assert_eq!(names("relationship=customer").await, ["PT Maju"]);
        assert_eq!(names("relationship=consumer").await, ["Ani"]);
        assert_eq!(names("relationship=customer&lifecycle=new").await, ["PT Maju"]);
        assert_eq!(names("relationship=prospect&q=cici").await, ["Cici"]);
        api.get("/api/v1/parties?relationship=vip&lifecycle=sleepy").await.assert_problem(422, &["relationship", "lifecycle"]);

        let summary = api.send(Method::GET, "/api/v1/relationships/summary", None, &[("accept-language", "id")]).await;
        assert_eq!(summary.status, StatusCode::OK, "{:#}", summary.body);
        assert_eq!(summary.body["total"], 3);
        assert_eq!(summary.body["language"], "id");
        let by_primary: Vec<_> = summary.body["by_primary"].as_array().expect("counts").iter().map(|c| (c["kind"].clone(), c["label"].clone(), c["count"].clone())).collect();
        assert_eq!(by_primary, [
            (json!("client"), json!("klien"), json!(0)),
            (json!("customer"), json!("pelanggan"), json!(1)),
            (json!("internal"), json!("pelanggan internal"), json!(0)),
            (json!("consumer"), json!("konsumen"), json!(1)),
            (json!("prospect"), json!("calon pelanggan"), json!(1)),
        ]);
        assert_eq!(summary.body["by_lifecycle"], json!({"new": 1, "returning": 0, "loyal": 0, "at_risk": 0, "lapsed": 0}));

        // A sales member counts only the parties they may read: their own.
        let member = json!({"email": "sari@example.com", "display_name": "Sari", "password": "correct horse battery", "role": "sales"});
        assert_eq!(api.post("/api/v1/members", member).await.status, StatusCode::CREATED);
        let signed = api.anonymous().post("/api/v1/session", json!({"email": "sari@example.com", "password": "correct horse battery"})).await;
        let cookie = signed.header("set-cookie").and_then(|c| c.split(';').next()).expect("cookie").to_owned();
        let csrf = signed.body["csrf_token"].as_str().expect("csrf").to_owned();
        let as_sari = [("cookie", cookie.as_str()), ("x-csrf-token", csrf.as_str())];
        let hers = api.send(Method::POST, "/api/v1/parties", Some(person("Sari's lead")), &as_sari).await;
        assert_eq!(hers.status, StatusCode::CREATED, "{:#}", hers.body);
        let own = api.send(Method::GET, "/api/v1/relationships/summary", None, &as_sari).await;
        assert_eq!((own.body["total"].clone(), own.body["by_kind"][4]["count"].clone()), (json!(1), json!(1)));
    }
}
