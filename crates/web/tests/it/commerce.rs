//! Offerings, orders and what they make of the parties involved.

use axum::http::StatusCode;
use rapport_core::on_both_backends;
use serde_json::json;

use crate::support::{Api, organization, person};

on_both_backends! {
    async fn orders_make_customers_of_buyers_and_consumers_of_end_users(t: &TestDb) {
        let api = Api::new(t).await;
        let paper = api.post("/api/v1/offerings", json!({"name": "Office paper", "kind": "goods", "price": "45000.50"})).await;
        assert_eq!(paper.status, StatusCode::CREATED, "{:#}", paper.body);
        assert_eq!(paper.body["price"], json!({"minor": 4500050, "currency": "IDR"}));
        api.post("/api/v1/offerings", json!({"name": "X", "kind": "vibes", "price": "1.234"})).await.assert_problem(422, &["kind", "price"]);
        let paper = paper.body["id"].as_str().expect("id").to_owned();

        let maju = api.party(organization("PT Maju")).await;
        let ani = api.party(person("Ani")).await;
        let budi = api.party(person("Budi")).await;
        let walk_in = api.party(person("Walk In")).await;
        let id = |p: &serde_json::Value| p["id"].as_str().expect("id").to_owned();
        let relationship = |party: &serde_json::Value| {
            let path = format!("/api/v1/parties/{}/relationship", party["id"].as_str().unwrap_or_default());
            let api = &api;
            async move { api.get(&path).await.body }
        };
        assert_eq!(relationship(&walk_in).await["primary"], "prospect");

        let order = api.post("/api/v1/orders", json!({
            "buyer_id": id(&maju),
            "ordered_at": "2026-11-20T09:30:00+07:00",
            "status": "paid",
            "channel": "whatsapp",
            "lines": [{"offering_id": paper, "quantity": 3, "discount": "500.50", "end_user_ids": [id(&ani), id(&budi)]}]
        })).await;
        assert_eq!(order.status, StatusCode::CREATED, "{:#}", order.body);
        assert_eq!(order.body["total"], json!({"minor": 13450100, "currency": "IDR"}));
        let read = api.get(order.header("location").expect("location")).await;
        assert_eq!(read.body, order.body);
        assert_eq!(read.body["lines"][0]["end_user_ids"].as_array().map(Vec::len), Some(2));

        let company = relationship(&maju).await;
        assert_eq!((company["primary"].clone(), company["b2b"].clone(), company["lifecycle"].clone(), company["label"].clone()),
            (json!("customer"), json!(true), json!("new"), json!("customer")));
        let rules: Vec<_> = company["explanation"].as_array().cloned().unwrap_or_default().iter().map(|r| r["rule"].as_str().unwrap_or_default().to_owned()).collect();
        assert_eq!(rules, ["bought", "lifecycle", "buyer_kind"]);
        let employee = relationship(&ani).await;
        assert_eq!((employee["primary"].clone(), employee["kinds"].clone(), employee["b2b"].clone()), (json!("consumer"), json!(["consumer"]), json!(null)));
        assert!(employee["explanation"][0]["text"].as_str().is_some_and(|t| t.starts_with("uses what PT Maju bought (order ")));

        // A cancelled order is no purchase, and makes no consumer either.
        let cici = api.party(person("Cici")).await;
        let cancelled = json!({"buyer_id": id(&walk_in), "ordered_at": "2026-11-21T10:00:00Z", "status": "cancelled", "lines": [{"offering_id": paper, "end_user_ids": [id(&cici)]}]});
        assert_eq!(api.post("/api/v1/orders", cancelled).await.status, StatusCode::CREATED);
        assert_eq!(relationship(&walk_in).await["primary"], "prospect");
        assert_eq!(relationship(&cici).await["primary"], "prospect");

        let nobody = uuid::Uuid::now_v7();
        let bad = json!({"buyer_id": nobody, "ordered_at": "2026-11-21T10:00:00Z", "lines": [{"offering_id": paper}]});
        api.post("/api/v1/orders", bad).await.assert_problem(422, &["buyer_id"]);
        let bad = json!({"buyer_id": id(&maju), "ordered_at": "soon", "lines": [{"offering_id": nobody}, {"offering_id": paper, "end_user_ids": [nobody]}]});
        api.post("/api/v1/orders", bad).await.assert_problem(422, &["ordered_at", "lines[0].offering_id"]);
        let bad = json!({"buyer_id": id(&maju), "ordered_at": "2026-11-21T10:00:00Z", "lines": [{"offering_id": paper, "end_user_ids": [nobody]}]});
        api.post("/api/v1/orders", bad).await.assert_problem(422, &["lines[0].end_user_ids[0]"]);
        api.get(&format!("/api/v1/orders/{nobody}")).await.assert_problem(404, &[]);

        // A customer buying professional services who gets a customer-success
        // manager becomes a client.
        let onboarding = api.post("/api/v1/offerings", json!({"name": "Onboarding", "kind": "professional_service", "tailored": true, "price": 5000000})).await;
        let onboarding = onboarding.body["id"].as_str().expect("id").to_owned();
        let saas = api.party(organization("PT Awan")).await;
        let bought = json!({"buyer_id": id(&saas), "ordered_at": "2026-11-22T10:00:00Z", "lines": [{"offering_id": onboarding}]});
        assert_eq!(api.post("/api/v1/orders", bought).await.status, StatusCode::CREATED);
        assert_eq!(relationship(&saas).await["primary"], "customer");
        let me = api.get("/api/v1/me").await.body["user"]["id"].clone();
        let team = format!("/api/v1/parties/{}/account-team", id(&saas));
        let assigned = api.post(&team, json!({"user_id": me, "role": "customer_success_manager"})).await;
        assert_eq!(assigned.status, StatusCode::NO_CONTENT, "{:#}", assigned.body);
        api.post(&team, json!({"user_id": me, "role": "barista"})).await.assert_problem(422, &["role"]);
        api.post(&team, json!({"user_id": uuid::Uuid::now_v7(), "role": "account_manager"})).await.assert_problem(422, &["user_id"]);
        assert_eq!(api.get(&team).await.body["items"], json!([{"user_id": me, "role": "customer_success_manager"}]));
        let client = relationship(&saas).await;
        assert_eq!((client["primary"].clone(), client["label"].clone()), (json!("client"), json!("client")));
        assert!(client["explanation"].as_array().is_some_and(|reasons| reasons.iter().any(|r| r["rule"] == "personal_service")));
        let removed = api.delete(&format!("{team}?user_id={}&role=customer_success_manager", me.as_str().unwrap_or_default())).await;
        assert_eq!(removed.status, StatusCode::NO_CONTENT);
        assert_eq!(relationship(&saas).await["primary"], "customer");

        // The order is in the audit trail of everyone it concerns.
        let trail = api.get(&format!("/api/v1/parties/{}/audit", id(&ani))).await;
        assert_eq!(trail.body["items"][0]["entity_type"], "order");
    }
}
