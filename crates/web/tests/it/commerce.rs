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
        assert_eq!(order.body["number"], "SO-2026-000001");
        assert_eq!(employee["explanation"][0]["text"], "uses what PT Maju bought (order SO-2026-000001)");

        // A cancelled order is no purchase, and makes no consumer either.
        let cici = api.party(person("Cici")).await;
        let cancelled = json!({"buyer_id": id(&walk_in), "ordered_at": "2026-11-21T10:00:00Z", "status": "cancelled", "lines": [{"offering_id": paper, "end_user_ids": [id(&cici)]}]});
        let cancelled = api.post("/api/v1/orders", cancelled).await;
        assert_eq!(cancelled.body["number"], "SO-2026-000002", "numbered in turn");
        // 18:00 UTC on New Year's Eve is 01:00 on 1 January in Jakarta: that year's order.
        let eve = api.party(person("Eve")).await;
        let at = |when: &str| json!({"buyer_id": id(&eve), "ordered_at": when, "status": "cancelled", "lines": [{"offering_id": paper}]});
        assert_eq!(api.post("/api/v1/orders", at("2025-12-31T18:00:00Z")).await.body["number"], "SO-2026-000003");
        assert_eq!(api.post("/api/v1/orders", at("2025-12-31T10:00:00Z")).await.body["number"], "SO-2025-000001");
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

    async fn orders_move_on_and_refunds_and_exchanges_are_records_of_their_own(t: &TestDb) {
        let api = Api::new(t).await;
        let offering = |name: &'static str, price: &'static str| {
            let api = &api;
            async move { api.post("/api/v1/offerings", json!({"name": name, "kind": "goods", "price": price})).await.body["id"].clone() }
        };
        let (lamp, shade) = (offering("Lamp", "200000").await, offering("Shade", "50000").await);
        let ani = api.party(person("Ani")).await;
        let ani_id = ani["id"].as_str().expect("id").to_owned();
        let placed = api.post("/api/v1/orders", json!({"buyer_id": ani_id, "ordered_at": "2026-11-20T10:00:00Z", "lines": [{"offering_id": lamp, "quantity": 2}]})).await;
        assert_eq!((placed.body["status"].clone(), placed.body["total"]["minor"].clone()), (json!("placed"), json!(40000000)));
        let order = placed.header("location").expect("location").to_owned();
        api.post(&format!("{order}/refunds"), json!({"reason": "changed mind"})).await.assert_problem(409, &[]);
        let refunded = json!({"buyer_id": ani_id, "ordered_at": "2026-11-20T10:00:00Z", "status": "refunded", "lines": [{"offering_id": lamp}]});
        api.post("/api/v1/orders", refunded).await.assert_problem(422, &["status"]);

        let status = |body: serde_json::Value, etag: &'static str| {
            let (api, path) = (&api, format!("{order}/status"));
            async move { api.send(axum::http::Method::POST, &path, Some(body), &[("if-match", etag)]).await }
        };
        let paid = status(json!({"status": "paid"}), "\"1\"").await;
        assert_eq!((paid.status, paid.body["status"].clone(), paid.header("etag")), (StatusCode::OK, json!("paid"), Some("\"2\"")));
        status(json!({"status": "fulfilled"}), "\"1\"").await.assert_problem(412, &[]);
        status(json!({"status": "refunded"}), "*").await.assert_problem(422, &["status"]);
        status(json!({"status": "shipped"}), "*").await.assert_problem(422, &["status"]);
        let primary = || {
            let (api, path) = (&api, format!("/api/v1/parties/{ani_id}/relationship"));
            async move { api.get(&path).await.body["primary"].clone() }
        };
        assert_eq!(primary().await, "customer");

        let refunds = format!("{order}/refunds");
        let part = api.post(&refunds, json!({"amount": "150000", "reason": "One lamp arrived broken"})).await;
        assert_eq!(part.status, StatusCode::CREATED, "{:#}", part.body);
        assert_eq!((part.body["kind"].clone(), part.body["amount"]["minor"].clone()), (json!("refund"), json!(15000000)));
        assert_eq!(api.get(&order).await.body["status"], "partially_refunded");
        assert_eq!(primary().await, "customer", "a partial refund leaves a purchase");
        api.post(&refunds, json!({"amount": "300000", "reason": "x"})).await.assert_problem(422, &["amount"]);
        api.post(&refunds, json!({"reason": ""})).await.assert_problem(422, &["reason"]);

        let exchanges = format!("{order}/exchanges");
        let swap = api.post(&exchanges, json!({"returned": [{"line": 0, "quantity": 1}], "replacement": [{"offering_id": shade, "quantity": 2}], "reason": "Wanted shades instead"})).await;
        assert_eq!(swap.status, StatusCode::CREATED, "{:#}", swap.body);
        assert_eq!(swap.body["replacement"][0]["quantity"], 2);
        api.post(&exchanges, json!({"returned": [{"line": 3, "quantity": 1}], "replacement": [{"offering_id": uuid::Uuid::now_v7(), "quantity": 1}], "reason": "?"}))
            .await
            .assert_problem(422, &["returned[0].line"]);
        api.post(&exchanges, json!({"returned": [{"line": 0, "quantity": 1}], "replacement": [{"offering_id": uuid::Uuid::now_v7(), "quantity": 1}], "reason": "?"}))
            .await
            .assert_problem(422, &["replacement[0].offering_id"]);

        let rest = api.post(&refunds, json!({"reason": "Returned everything"})).await;
        assert_eq!(rest.body["amount"]["minor"], 25000000, "what was left");
        assert_eq!(api.get(&order).await.body["status"], "refunded");
        assert_eq!(primary().await, "prospect", "a fully refunded order is no purchase");
        let history = api.get(&format!("/api/v1/parties/{ani_id}/relationship/history?limit=1")).await;
        assert_eq!(history.body["items"][0]["cause"], "order.refund");
        let kinds: Vec<_> = api.get(&format!("{order}/adjustments")).await.body["items"].as_array().expect("items").iter().map(|a| a["kind"].clone()).collect();
        assert_eq!(kinds, [json!("refund"), json!("exchange"), json!("refund")]);
        let trail = api.get(&format!("/api/v1/parties/{ani_id}/audit")).await;
        let actions: Vec<_> = trail.body["items"].as_array().expect("items").iter().take(4).map(|e| e["action"].clone()).collect();
        assert_eq!(actions, [json!("refund"), json!("exchange"), json!("refund"), json!("status")]);
        status(json!({"status": "cancelled"}), "*").await.assert_problem(422, &["status"]);
        api.post(&refunds, json!({"reason": "again"})).await.assert_problem(409, &[]);
        let swap_back = json!({"returned": [{"line": 0, "quantity": 1}], "replacement": [{"offering_id": shade, "quantity": 1}], "reason": "late"});
        api.post(&exchanges, swap_back).await.assert_problem(409, &[]);
    }
}

on_both_backends! {
    async fn a_partys_orders_and_contracts_are_listed(t: &TestDb) {
        let api = Api::new(t).await;
        let paper = api.post("/api/v1/offerings", json!({"name": "Paper", "kind": "goods", "price": "45000"})).await;
        let firm = api.party(organization("PT Kertas")).await;
        let firm_id = firm["id"].as_str().expect("id").to_owned();
        for at in ["2026-10-01T09:00:00Z", "2026-11-02T09:00:00Z"] {
            let order = json!({"buyer_id": firm_id, "ordered_at": at, "lines": [{"offering_id": paper.body["id"]}]});
            assert_eq!(api.post("/api/v1/orders", order).await.status, StatusCode::CREATED);
        }
        let orders = api.get(&format!("/api/v1/parties/{firm_id}/orders")).await;
        assert_eq!(orders.status, StatusCode::OK, "{:#}", orders.body);
        let days: Vec<&str> = orders.body["items"].as_array().expect("items").iter().filter_map(|o| o["ordered_at"].as_str()).collect();
        assert_eq!(days.len(), 2);
        assert!(days[0] > days[1], "newest first: {days:?}");
        assert_eq!(api.get(&format!("/api/v1/parties/{firm_id}/orders?limit=1")).await.body["items"].as_array().map(Vec::len), Some(1));
        api.get(&format!("/api/v1/parties/{firm_id}/orders?limit=0")).await.assert_problem(422, &["limit"]);

        assert_eq!(api.get(&format!("/api/v1/parties/{firm_id}/contracts")).await.body["items"], json!([]));
        let drafted = api.post("/api/v1/contracts", json!({"client_id": firm_id, "title": "Retainer", "scope": "Advice", "fee": {"type": "fixed", "amount_minor": 100}, "starts_on": "2026-01-01"})).await;
        assert_eq!(drafted.status, StatusCode::CREATED, "{:#}", drafted.body);
        let contracts = api.get(&format!("/api/v1/parties/{firm_id}/contracts")).await;
        assert_eq!(contracts.body["items"][0]["id"], drafted.body["id"]);
        assert_eq!(contracts.body["items"][0]["status"], "draft");
        assert_eq!(api.get(&format!("/api/v1/parties/{}/orders", uuid::Uuid::now_v7())).await.status, StatusCode::NOT_FOUND);
    }
}

on_both_backends! {
    async fn an_offering_is_repriced_and_retired_and_past_orders_keep_their_prices(t: &TestDb) {
        let api = Api::new(t).await;
        let haircut = api.post("/api/v1/offerings", json!({"name": "Haircut", "kind": "service", "price": "55000"})).await;
        assert_eq!(haircut.status, StatusCode::CREATED, "{:#}", haircut.body);
        let path = format!("/api/v1/offerings/{}", haircut.body["id"].as_str().expect("id"));
        let buyer = api.party(person("Sari")).await;
        let order = |day: &str| json!({"buyer_id": buyer["id"], "ordered_at": format!("2026-11-{day}T10:00:00Z"), "lines": [{"offering_id": haircut.body["id"]}]});
        let before = api.post("/api/v1/orders", order("02")).await;
        assert_eq!(before.body["total"]["minor"], 5_500_000);

        api.patch(&path, "\"9\"", json!({"price": "65000"})).await.assert_problem(412, &[]);
        api.patch(&path, "\"1\"", json!({"price": "-1", "name": " "})).await.assert_problem(422, &["name", "price"]);
        api.patch(&path, "\"1\"", json!({"kind": "goods"})).await.assert_problem(400, &["kind"]);
        let repriced = api.patch(&path, "\"1\"", json!({"name": "Haircut & wash", "price": "65000"})).await;
        assert_eq!(repriced.status, StatusCode::OK, "{:#}", repriced.body);
        assert_eq!((repriced.body["price"]["minor"].clone(), repriced.body["version"].clone()), (json!(6_500_000), json!(2)));
        assert_eq!(repriced.header("etag"), Some("\"2\""));
        let after = api.post("/api/v1/orders", order("03")).await;
        assert_eq!(after.body["total"]["minor"], 6_500_000);
        let old = api.get(&format!("/api/v1/orders/{}", before.body["id"].as_str().expect("id"))).await;
        assert_eq!(old.body["lines"][0]["unit_price"]["minor"], 5_500_000, "the old order keeps its price");

        let retired = api.send(axum::http::Method::DELETE, &path, None, &[("if-match", "\"2\"")]).await;
        assert_eq!(retired.status, StatusCode::OK, "{:#}", retired.body);
        assert!(retired.body["deleted_at"].is_string());
        let live = api.get("/api/v1/offerings").await;
        assert_eq!(live.body["items"].as_array().map(Vec::len), Some(0));
        assert_eq!(api.get("/api/v1/offerings?retired=true").await.body["items"][0]["name"], "Haircut & wash");
        api.post("/api/v1/orders", order("04")).await.assert_problem(422, &["lines[0].offering_id"]);
        api.patch(&path, "*", json!({"price": "1"})).await.assert_problem(409, &[]);
        assert_eq!(api.get(&path).await.status, StatusCode::OK, "a retired offering is still readable");

        let restored = api.post(&format!("{path}/restore"), json!({})).await;
        assert_eq!((restored.status, restored.body["deleted_at"].clone()), (StatusCode::OK, json!(null)));
        assert_eq!(api.post("/api/v1/orders", order("05")).await.status, StatusCode::CREATED);
        let trail: Vec<String> = api.get("/api/v1/offerings").await.body["items"].as_array().into_iter().flatten().filter_map(|o| o["name"].as_str().map(str::to_owned)).collect();
        assert_eq!(trail, ["Haircut & wash"]);
    }
}
