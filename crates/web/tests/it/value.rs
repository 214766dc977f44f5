//! Customer value over HTTP: fitting, the model and its validation, a
//! party's value, the forecast and conversion candidates, and the errors.

use axum::http::{Method, StatusCode};
use rapport_core::on_both_backends;
use serde_json::{Value, json};

use std::collections::BTreeMap;

use rapport_domain::value::cdnow;

use crate::support::{Api, person};

const SAMPLE: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../datasets/cdnow/CDNOW_sample.txt"));

fn id(party: &Value) -> String {
    party["id"].as_str().expect("id").to_owned()
}

on_both_backends! {
    async fn value_models_are_fitted_read_and_used_over_http(t: &TestDb) {
        let api = Api::new(t).await;
        let visit = api.post("/api/v1/offerings", json!({"name": "Visit", "kind": "service", "price": "150000"})).await;
        let first = api.party(person("First")).await;
        // Before any fit: a party's value names only its purchases.
        let order = json!({"buyer_id": id(&first), "ordered_at": "2026-03-02T10:00:00Z", "lines": [{"offering_id": visit.body["id"]}]});
        assert_eq!(api.post("/api/v1/orders", order).await.status, StatusCode::CREATED);
        let before = api.get(&format!("/api/v1/parties/{}/value", id(&first))).await;
        assert_eq!(before.status, StatusCode::OK, "{:#}", before.body);
        assert_eq!((before.body["purchase_days"].clone(), before.body["model_id"].clone()), (json!(1), Value::Null));
        assert_eq!(api.get("/api/v1/analytics/model").await.status, StatusCode::NOT_FOUND);
        api.post("/api/v1/analytics/model/fit", json!({})).await.assert_problem(409, &[]);

        // Real purchases: the first 300 customers of the CDNOW sample, moved
        // on by 28 years, their dollar values taken as the workspace's money.
        let lines = cdnow::parse(SAMPLE).expect("the sample parses");
        let mut customers: BTreeMap<&str, Vec<&cdnow::Line>> = BTreeMap::new();
        for line in &lines {
            customers.entry(line.customer.as_str()).or_default().push(line);
        }
        let mut regulars = Vec::new();
        for (customer, purchases) in customers.into_iter().take(300) {
            let party = api.party(person(&format!("Customer {customer}"))).await;
            for line in purchases {
                let at = line.purchase.on.replace_year(line.purchase.on.year() + 28).expect("a day");
                let order = json!({"buyer_id": id(&party), "ordered_at": format!("{at}T10:00:00Z"),
                    "lines": [{"offering_id": visit.body["id"], "unit_price": format!("{:.2}", line.purchase.value)}]});
                assert_eq!(api.post("/api/v1/orders", order).await.status, StatusCode::CREATED);
            }
            regulars.push(party);
        }
        api.post("/api/v1/analytics/model/fit", json!({"calibration_end": "2026-13-01"}))
            .await
            .assert_problem(422, &["calibration_end"]);
        api.post("/api/v1/analytics/model/fit", json!({"calibration_end": "2025-09-30", "extra": 1}))
            .await
            .assert_problem(400, &["extra"]);
        let fitted = api.post("/api/v1/analytics/model/fit", json!({"calibration_end": "2025-09-30"})).await;
        assert_eq!(fitted.status, StatusCode::CREATED, "{:#}", fitted.body);
        for name in ["r", "alpha", "a", "b"] {
            assert!(fitted.body["bgnbd"]["params"][name].as_f64().is_some_and(|v| v > 0.0), "{name}: {:#}", fitted.body);
        }
        assert_eq!(fitted.body["customers"], 300, "{:#}", fitted.body);
        assert!(fitted.body["bgnbd"]["convergence"]["converged"].as_bool().unwrap_or(false), "{:#}", fitted.body);
        assert_eq!(fitted.body["calibration_end"], "2025-09-30");
        let in_use = api.get("/api/v1/analytics/model").await;
        assert_eq!(in_use.body["id"], fitted.body["id"]);

        let worth = api.get(&format!("/api/v1/parties/{}/value?months=12&monthly_discount=0.02", id(&regulars[3]))).await;
        assert_eq!(worth.status, StatusCode::OK, "{:#}", worth.body);
        assert_eq!(worth.body["model_id"], fitted.body["id"]);
        assert_eq!(worth.body["horizon"], json!({"months": 12, "monthly_discount": 0.02}));
        let p = worth.body["p_alive"].as_f64().expect("p_alive");
        assert!((0.0..=1.0).contains(&p), "{p}");
        assert!(worth.body["lifetime_value"].as_f64().is_some_and(|v| v >= 0.0), "{:#} {:#}", worth.body, fitted.body);
        api.get(&format!("/api/v1/parties/{}/value?months=0&monthly_discount=1", id(&regulars[3])))
            .await
            .assert_problem(422, &["months", "monthly_discount"]);

        let forecast = api.get("/api/v1/analytics/forecast?weeks=4").await;
        assert_eq!(forecast.status, StatusCode::OK, "{:#}", forecast.body);
        assert_eq!((forecast.body["customers"].clone(), forecast.body["weeks"].as_array().map(Vec::len)), (json!(301), Some(4)));
        api.get("/api/v1/analytics/forecast?weeks=200&kind=friend&lifecycle=sleepy&tag=a,b")
            .await
            .assert_problem(422, &["weeks", "kind", "lifecycle", "tag"]);

        let candidates = api.get("/api/v1/analytics/conversion-candidates?limit=5").await;
        assert_eq!(candidates.status, StatusCode::OK, "{:#}", candidates.body);
        let items = candidates.body["items"].as_array().expect("items");
        assert!(!items.is_empty() && items.len() <= 5);
        assert!(items.iter().all(|c| c["lever"].is_string() && c["advice"].is_string() && c["reasons"].as_array().is_some_and(|r| !r.is_empty())));

        let validated = api.post("/api/v1/analytics/model/validate", json!({"calibration_end": "2025-09-30", "holdout_end": "2026-06-30"})).await;
        assert_eq!(validated.status, StatusCode::CREATED, "{:#}", validated.body);
        assert!(validated.body["tracking"]["weeks"].as_array().is_some_and(|w| !w.is_empty()));
        assert_eq!(api.get("/api/v1/analytics/model/validation").await.body["id"], validated.body["id"]);
        assert_eq!(api.get("/api/v1/analytics/model").await.body["id"], fitted.body["id"], "a validation leaves the model in use");
        api.post("/api/v1/analytics/model/validate", json!({})).await.assert_problem(422, &["calibration_end"]);
        let answer = api.send(Method::POST, "/api/v1/analytics/model/validate", Some(json!({"calibration_end": "2025-09-30", "holdout_end": "2025-07-01"})), &[]).await;
        answer.assert_problem(422, &["holdout_end"]);
        api.post("/api/v1/analytics/model/fit", json!({"calibration_end": "2999-01-01"})).await.assert_problem(422, &["calibration_end"]);

        // A playbook for the first candidate, with the lever it was given.
        let candidate = items[0]["party_id"].as_str().expect("party id").to_owned();
        let lever = items[0]["lever"].clone();
        let path = format!("/api/v1/parties/{candidate}/playbook");
        assert_eq!(api.get(&path).await.status, StatusCode::NOT_FOUND);
        let answer = api.send(Method::PUT, &path, Some(json!({"lever": "bribery", "status": "maybe"})), &[]).await;
        answer.assert_problem(422, &["lever", "status"]);
        let started = api.send(Method::PUT, &path, Some(json!({"lever": lever})), &[]).await;
        assert_eq!(started.status, StatusCode::OK, "{:#}", started.body);
        assert_eq!((started.body["status"].clone(), started.body["version"].clone()), (json!("open"), json!(1)));
        let first = started.body["suggested_steps"][0].clone();
        let stepped = api.post(&format!("{path}/steps"), json!({"step": first, "note": "by phone"})).await;
        assert_eq!(stepped.status, StatusCode::CREATED, "{:#}", stepped.body);
        assert_eq!(stepped.body["steps"][0]["note"], "by phone");
        api.post(&format!("{path}/steps"), json!({"step": "", "done_on": "tomorrow"})).await.assert_problem(422, &["step", "done_on"]);
        assert_eq!(api.get(&path).await.body["steps"].as_array().map(Vec::len), Some(1));

        let conversions = api.get("/api/v1/analytics/conversions?from=2026-01-01&to=2026-03-31").await;
        assert_eq!(conversions.status, StatusCode::OK, "{:#}", conversions.body);
        let months: Vec<&str> = conversions.body["items"].as_array().expect("items").iter().filter_map(|m| m["month"].as_str()).collect();
        assert_eq!(months, ["2026-01", "2026-02", "2026-03"]);
        api.get("/api/v1/analytics/conversions?from=2026-13-01").await.assert_problem(422, &["from"]);
    }
}
