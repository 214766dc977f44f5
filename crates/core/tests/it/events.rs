//! Domain events: every audited change writes its event to the outbox in the
//! same transaction, with a payload of its own; a refused change writes none.

use rapport_core::kernel::store::events::StoredEvent;
use rapport_core::{Actor, App, AppError, on_both_backends, on_conn};
use rapport_domain::commerce::{AmountInput, OfferingInput, OrderInput};
use rapport_domain::events::EventType;
use serde_json::json;

use super::{organization, person};

/// The events written since `after`, and the last one's id.
async fn since(app: &App, actor: &Actor, after: Option<uuid::Uuid>) -> (Vec<StoredEvent>, Option<uuid::Uuid>) {
    let events = app.events(actor, after, 500).await.expect("events");
    let last = events.last().map(|e| e.id).or(after);
    (events, last)
}

fn types(events: &[StoredEvent]) -> Vec<&'static str> {
    events.iter().map(|e| e.kind.as_str()).collect()
}

/// How many rows `sql` (a `SELECT COUNT(*)`) counts.
async fn count(app: &App, sql: &'static str) -> i64 {
    let mut conn = app.db().acquire().await.expect("connection");
    on_conn!(conn.exec(), c => {
        let (n,): (i64,) = sqlx::query_as(sql).fetch_one(&mut *c).await.expect("count");
        n
    })
}

on_both_backends! {
    async fn each_change_writes_its_typed_event_and_a_refused_one_none(t: &TestDb) {
        let (app, actor) = t.app().await;
        let (_, mut last) = since(&app, &actor, None).await;

        let ani = app.create_party(&actor, &person("Ani", "ani@example.com", "0812 1111 2222")).await.expect("party");
        let (events, at) = since(&app, &actor, last).await;
        last = at;
        assert_eq!(types(&events), ["party.created", "relationship.changed"]);
        assert_eq!(events[0].subject_id, ani.id.0);
        assert_eq!(events[0].version, 1);
        assert_eq!(events[0].actor, "system:test");
        assert_eq!(events[0].data, json!({
            "id": ani.id.0, "kind": "person", "name": "Ani", "owner_id": null, "tags": [],
            "internal": false, "version": 1, "deleted": false,
        }));
        assert_eq!(events[1].data["from"], json!(null));
        assert_eq!(events[1].data["to"]["primary"], "prospect");
        assert_eq!(events[1].data["cause"], "party.create");

        // Refused: nothing is written, neither the change nor its event.
        let refused = app.create_party(&actor, &person("", "not an email", "x")).await;
        assert!(matches!(refused, Err(AppError::Validation(_))));
        assert!(since(&app, &actor, last).await.0.is_empty());

        app.delete_party(&actor, ani.id, None).await.expect("delete");
        app.restore_party(&actor, ani.id).await.expect("restore");
        let (events, at) = since(&app, &actor, last).await;
        last = at;
        assert_eq!(types(&events), ["party.deleted", "party.restored"]);
        assert_eq!((events[0].data["deleted"].clone(), events[1].data["version"].clone()), (json!(true), json!(3)));

        let input = OfferingInput {
            name: "Haircut".into(), kind: "service".into(), tailored: false,
            price: AmountInput::Text("100000".into()), currency: None,
        };
        let haircut = app.create_offering(&actor, &input).await.expect("offering");
        let order: OrderInput = serde_json::from_value(json!({
            "buyer_id": ani.id, "ordered_at": "2026-11-02T10:00:00Z", "status": "placed",
            "lines": [{"offering_id": haircut.id, "quantity": 2}]
        })).expect("order");
        let placed = app.create_order(&actor, &order).await.expect("order");
        let paid = app.set_order_status(&actor, placed.id, None, "paid").await.expect("paid");
        let (events, _) = since(&app, &actor, last).await;
        assert_eq!(types(&events), ["offering.created", "order.placed", "relationship.changed", "order.status_changed"]);
        let placed_event = &events[1].data;
        assert_eq!((placed_event["number"].clone(), placed_event["buyer_id"].clone()), (json!(placed.number), json!(ani.id.0)));
        assert_eq!(placed_event["total"], json!({"minor": 2 * haircut.price.minor, "currency": "IDR"}));
        assert_eq!(placed_event["lines"][0]["quantity"], 2);
        assert_eq!((events[2].data["from"]["primary"].clone(), events[2].data["to"]["primary"].clone()), (json!("prospect"), json!("customer")));
        assert_eq!(events[2].data["cause"], "order.create");
        assert_eq!(events[3].data, json!({"id": paid.id.0, "number": paid.number, "buyer_id": ani.id.0, "from": "placed", "to": "paid"}));
    }

    async fn every_entry_of_the_audit_log_has_its_event(t: &TestDb) {
        let (app, actor) = t.app().await;
        let firm = app.create_party(&actor, &organization("Firma")).await.expect("firm");
        let ani = app.create_party(&actor, &person("Ani", "ani@example.com", "0812 1111 2222")).await.expect("party");
        let patch = serde_json::from_value(json!({"tags": ["vip"]})).expect("patch");
        app.update_party(&actor, ani.id, Some(1), patch).await.expect("update");
        let note = app.add_note(&actor, firm.id, &serde_json::from_value(json!({"body": "Met"})).expect("note")).await.expect("note");
        app.delete_note(&actor, note.id, None).await.expect("delete note");
        let changes = count(&app, "SELECT COUNT(*) FROM audit_log").await;
        let reclassified = app.events(&actor, None, 500).await.expect("events").iter()
            .filter(|e| e.kind == EventType::RelationshipChanged).count();
        assert!(changes >= 6, "{changes}");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM events").await, changes + i64::try_from(reclassified).expect("small"));
    }
}
