//! The webhook and job pages of the settings: an owner registers an
//! endpoint (its secret shown once), pauses it, reads its log and sends a
//! delivery again; the jobs page shows the queue by state and tries a dead
//! job again. A viewer reaches neither.

use rapport_core::jobs::runner::Worker;
use rapport_core::on_both_backends;

use crate::support::Site;

on_both_backends! {
    async fn an_owner_works_webhooks_and_jobs_from_the_settings(t: &TestDb) {
        let mut site = Site::new(t).await;
        site.sign_in("owner@example.com").await;
        site.get("/settings").await.assert_contains("href=\"/settings/webhooks\"");

        let refused = site.post("/settings/webhooks", &[("url", "ftp://x"), ("description", "Books")]).await;
        assert_eq!(refused.status, 422, "{}", refused.html);
        refused.assert_contains("id=\"url-error\"");
        refused.assert_contains("id=\"events-error\"");
        refused.assert_contains("value=\"Books\"");

        let made = site.post("/settings/webhooks", &[("url", "https://hooks.example.com/books"), ("events", "order.placed"), ("events", "party.created")]).await;
        assert_eq!(made.status, 200, "{}", made.html);
        made.assert_contains("id=\"new-secret\"");
        made.assert_contains("whsec_");
        let listed = site.get("/settings/webhooks").await;
        listed.assert_lacks("whsec_");
        // The event types come grouped by the record they tell of.
        listed.assert_contains("role=\"group\" aria-label=\"party\"");
        listed.assert_contains("role=\"group\" aria-label=\"order\"");
        // Replacing the secret and removing the endpoint ask first.
        listed.assert_contains("data-confirm=\"Give this endpoint a new secret?");
        listed.assert_contains("data-confirm=\"Remove this endpoint?");
        listed.assert_contains("<code>party.created</code>, <code>order.placed</code>");
        let webhook = site.app.list_webhooks(&site.system).await.expect("webhooks").remove(0);

        let paused = site.post(&format!("/settings/webhooks/{}/pause", webhook.id), &[]).await;
        assert_eq!((paused.status, paused.location()), (303, "/settings/webhooks"));
        assert!(!site.app.get_webhook(&site.system, webhook.id).await.expect("webhook").enabled);
        site.get("/settings/webhooks").await.assert_contains("Paused");

        // A party made while paused is not delivered: the log stays empty.
        site.create_party("person", "Rina").await;
        let log = site.get(&format!("/settings/webhooks/{}", webhook.id)).await;
        assert_eq!(log.status, 200, "{}", log.html);
        log.assert_contains("Attempts to deliver");

        // A delivery that failed is sent again by hand; the page it leads
        // to can be reloaded without sending it a third time.
        let refused = site
            .post("/settings/webhooks", &[("url", "http://127.0.0.1:9/closed"), ("events", "party.created")])
            .await;
        assert_eq!(refused.status, 200, "{}", refused.html);
        let closed = site.app.list_webhooks(&site.system).await.expect("webhooks");
        let closed = closed.into_iter().find(|w| w.url.contains(":9/")).expect("the second endpoint");
        site.create_party("person", "Budi").await;
        Worker::new(site.app.clone()).run_due().await.expect("run");
        let attempts = site.app.webhook_attempts(&site.system, closed.id, None, 10).await.expect("attempts");
        let delivery = attempts.first().expect("one attempt").delivery_id;
        let replay = format!("/settings/webhooks/{}/deliveries/{delivery}/replay", closed.id);
        let replayed = site.post(&replay, &[]).await;
        let shown = format!("/settings/webhooks/{}?replayed=1", closed.id);
        assert_eq!((replayed.status, replayed.location()), (303, shown.as_str()));
        site.get(&shown).await.assert_contains("The delivery is on its way again.");

        // The jobs page shows what the worker did.
        site.app.fire_schedules().await.expect("schedules");
        Worker::new(site.app.clone()).run_due().await.expect("run");
        let jobs = site.get("/settings/jobs?status=done").await;
        assert_eq!(jobs.status, 200, "{}", jobs.html);
        jobs.assert_contains("relationships.reclassify");
        jobs.assert_contains("maintenance.expire");

        let viewer = site.another_browser();
        let mut viewer = viewer;
        viewer.sign_in("viewer@example.com").await;
        assert_eq!(viewer.get("/settings/webhooks").await.status, 403);
        assert_eq!(viewer.get("/settings/jobs").await.status, 403);
        viewer.get("/settings").await.assert_lacks("href=\"/settings/webhooks\"");
    }
}
