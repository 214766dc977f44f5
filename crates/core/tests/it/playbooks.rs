use rapport_core::{AppError, on_both_backends};
use rapport_domain::classification::{Kind, OverrideInput};
use rapport_domain::commerce::{AmountInput, OfferingInput};
use rapport_domain::value::conversion::Lever;
use rapport_domain::value::playbook::{PlaybookStatus, StepInput};
use serde_json::json;

use super::person;

on_both_backends! {
    async fn a_playbook_records_its_steps_and_conversions_are_counted_by_month(t: &TestDb) {
        let (app, actor) = t.app().await;
        let input = OfferingInput { name: "Visit".into(), kind: "service".into(), tailored: false, price: AmountInput::Text("100000".into()), currency: None };
        let visit = app.create_offering(&actor, &input).await.expect("offering").id;
        let sari = app.create_party(&actor, &person("Sari", "sari@example.com", "0812 3333 4444")).await.expect("party");
        let order = serde_json::from_value(json!({"buyer_id": sari.id, "ordered_at": "2026-10-01T10:00:00Z", "lines": [{"offering_id": visit}]})).expect("order");
        app.create_order(&actor, &order).await.expect("order");

        assert!(matches!(app.playbook(&actor, sari.id).await, Err(AppError::NotFound)));
        let step = StepInput { step: "offer a free consultation".into(), note: Some("she asked about colour".into()), done_on: None };
        assert!(matches!(app.record_playbook_step(&actor, sari.id, &step).await, Err(AppError::Conflict(_))), "no playbook yet");
        let started = app.set_playbook(&actor, sari.id, Lever::Incentive, PlaybookStatus::Open).await.expect("start");
        assert_eq!((started.version, started.playbook.steps.len()), (1, 0));
        let stepped = app.record_playbook_step(&actor, sari.id, &step).await.expect("step");
        assert_eq!((stepped.version, stepped.playbook.steps[0].by.as_str()), (2, "system:test"));
        let blank = StepInput { step: " ".into(), ..step.clone() };
        match app.record_playbook_step(&actor, sari.id, &blank).await {
            Err(AppError::Validation(errors)) => assert_eq!(errors.0[0].field, "step"),
            other => panic!("expected a validation error, got {other:?}"),
        }
        let audit = app.party_audit(&actor, sari.id, 10).await.expect("audit");
        assert_eq!((audit[0].entity_type.as_str(), audit[0].action.as_str()), ("playbook", "update"));

        // She becomes a client; the playbook is won and takes no more steps.
        let by_hand = OverrideInput { kind: "client".into(), reason: "signed the retainer on paper".into(), expires_on: None };
        app.set_override(&actor, sari.id, &by_hand).await.expect("client");
        let won = app.set_playbook(&actor, sari.id, Lever::Incentive, PlaybookStatus::Won).await.expect("won");
        assert_eq!((won.playbook.status, won.playbook.steps.len(), won.version), (PlaybookStatus::Won, 1, 3));
        assert!(matches!(app.record_playbook_step(&actor, sari.id, &step).await, Err(AppError::Conflict(_))));
        assert_eq!(app.playbook(&actor, sari.id).await.expect("read"), won);
        let again = app.set_playbook(&actor, sari.id, Lever::RelationalSelling, PlaybookStatus::Open).await.expect("again");
        assert_eq!((again.playbook.steps.len(), again.version), (0, 4), "opening a finished playbook starts afresh");

        let today = time::OffsetDateTime::now_utc().date();
        let from = today.replace_day(1).expect("first") - time::Duration::days(40);
        let counts = app.conversions(&actor, from, today).await.expect("conversions");
        let months: Vec<(&str, i64)> = counts.iter().map(|c| (c.month.as_str(), c.became_clients)).collect();
        assert_eq!(months.len(), 3, "{months:?}");
        assert_eq!(months.iter().map(|(_, n)| n).sum::<i64>(), 1);
        assert_eq!(months[2], (format!("{:04}-{:02}", today.year(), u8::from(today.month())).as_str(), 1));
        assert!(matches!(app.conversions(&actor, today, from).await, Err(AppError::Validation(_))));
        let long_ago = today - time::Duration::days(4_000);
        assert!(matches!(app.conversions(&actor, long_ago, today).await, Err(AppError::Validation(_))), "ten years at most");

        // The mix over time: she arrived and became a client this month, so
        // the months before had no one.
        let trend = app.relationship_trend(&actor, 3).await.expect("trend");
        let months: Vec<&str> = trend.iter().map(|(m, _)| m.as_str()).collect();
        assert_eq!(months, counts.iter().map(|c| c.month.as_str()).collect::<Vec<_>>());
        assert_eq!(trend[2].1.get(&Kind::Client), Some(&1), "{trend:?}");
        assert_eq!(trend[2].1.values().sum::<i64>(), 1);
        assert!(trend[..2].iter().all(|(_, mix)| mix.values().all(|n| *n == 0)), "{trend:?}");
    }
}
