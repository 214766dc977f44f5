//! The durable job queue on both databases: claimed by one worker, retried
//! with growing waits, dead and kept when out of attempts, kept single by a
//! unique key, handed back by a worker that stops, taken over when a worker's
//! lease runs out; recurring jobs fire once a period. Time is the set clock's.

use rapport_core::jobs::runner::{Ran, Worker};
use rapport_core::jobs::{JobStatus, StoredJob};
use rapport_core::kernel::clock::Clock;
use rapport_core::kernel::queue::Enqueue;
use rapport_core::kernel::store::jobs as queue;
use rapport_core::testing::Probe;
use rapport_core::{Actor, App, AppError, on_both_backends};
use time::Duration;
use time::macros::datetime;

fn probe(tag: &str, outcome: &str) -> Probe {
    Probe { tag: tag.to_owned(), outcome: outcome.to_owned() }
}

/// A tag no other test uses: probes count their runs in one process.
fn tag(name: &str) -> String {
    format!("{name}-{}", uuid::Uuid::now_v7())
}

async fn jobs(app: &App, actor: &Actor, status: Option<JobStatus>) -> Vec<StoredJob> {
    app.list_jobs(actor, status, None, 200)
        .await
        .expect("jobs")
        .into_iter()
        .filter(|j| j.kind == "testing.probe")
        .collect()
}

on_both_backends! {
    async fn a_job_runs_once_and_a_failing_one_waits_longer_each_time_then_dies(t: &TestDb) {
        let clock = Clock::fixed(datetime!(2026-12-05 10:00 UTC));
        let (app, actor) = t.app_on(clock.clone()).await;
        let worker = Worker::new(app.clone());
        let (ok, failing) = (tag("ok"), tag("failing"));
        assert!(probe(&ok, "ok").enqueue(&app, Enqueue::default()).await);
        assert!(probe(&failing, "retry").enqueue(&app, Enqueue::default()).await);
        let first = worker.run_due().await.expect("run");
        assert_eq!((first.done, first.retried, first.dead), (1, 1, 0));
        assert_eq!(Probe::runs(&ok), 1);
        assert_eq!(worker.run_due().await.expect("again"), Ran::default(), "nothing is due");

        let waiting = jobs(&app, &actor, Some(JobStatus::Queued)).await;
        assert_eq!(waiting.len(), 1);
        let wait = waiting[0].run_at - clock.now();
        assert!(wait >= Duration::seconds(5) && wait <= Duration::seconds(15), "{wait}");
        assert_eq!((waiting[0].attempts, waiting[0].last_error.as_deref()), (1, Some("told to fail once more")));

        clock.advance(wait);
        assert_eq!(worker.run_due().await.expect("second attempt").retried, 1);
        let second_wait = jobs(&app, &actor, Some(JobStatus::Queued)).await[0].run_at - clock.now();
        assert!(second_wait >= Duration::seconds(10) && second_wait <= Duration::seconds(30), "{second_wait}");
        clock.advance(second_wait);
        assert_eq!(worker.run_due().await.expect("third attempt").dead, 1, "three attempts at most");
        let dead = jobs(&app, &actor, Some(JobStatus::Dead)).await;
        assert_eq!((dead.len(), dead[0].attempts), (1, 3));
        assert!(dead[0].finished_at.is_some());

        // An administrator tries it again: fresh attempts, due now.
        let retried = app.retry_job(&actor, dead[0].id).await.expect("retry");
        assert_eq!((retried.status, retried.attempts), (JobStatus::Queued, 0));
        assert!(matches!(app.retry_job(&actor, dead[0].id).await, Err(AppError::Conflict(_))));
        let cancelled = app.cancel_job(&actor, dead[0].id).await.expect("cancel");
        assert_eq!(cancelled.status, JobStatus::Cancelled);
        assert!(matches!(app.cancel_job(&actor, dead[0].id).await, Err(AppError::Conflict(_))));
        assert_eq!(worker.run_due().await.expect("nothing").retried, 0);
    }

    async fn a_fatal_failure_is_dead_at_once_and_a_wait_asked_for_is_kept(t: &TestDb) {
        let clock = Clock::fixed(datetime!(2026-12-05 10:00 UTC));
        let (app, actor) = t.app_on(clock.clone()).await;
        let worker = Worker::new(app.clone());
        probe(&tag("fatal"), "fatal").enqueue(&app, Enqueue::default()).await;
        probe(&tag("busy"), "wait:600").enqueue(&app, Enqueue::default()).await;
        let ran = worker.run_due().await.expect("run");
        assert_eq!((ran.dead, ran.retried), (1, 1));
        let waiting = jobs(&app, &actor, Some(JobStatus::Queued)).await;
        assert_eq!(waiting[0].run_at - clock.now(), Duration::minutes(10));
    }

    async fn a_unique_key_keeps_a_second_copy_out_while_one_waits(t: &TestDb) {
        let clock = Clock::fixed(datetime!(2026-12-05 10:00 UTC));
        let (app, _) = t.app_on(clock.clone()).await;
        let once = tag("once");
        let how = || Enqueue { unique_key: Some(once.clone()), ..Enqueue::default() };
        assert!(probe(&once, "ok").enqueue(&app, how()).await);
        assert!(!probe(&once, "ok").enqueue(&app, how()).await, "a copy waits");
        Worker::new(app.clone()).run_due().await.expect("run");
        assert!(probe(&once, "ok").enqueue(&app, how()).await, "the first is done");
        // A job for later is not run before its time.
        let later = tag("later");
        let at = Enqueue { run_at: Some(clock.now() + Duration::hours(1)), ..Enqueue::default() };
        probe(&later, "ok").enqueue(&app, at).await;
        Worker::new(app.clone()).run_due().await.expect("run");
        assert_eq!(Probe::runs(&later), 0);
        clock.advance(Duration::hours(1));
        Worker::new(app.clone()).run_due().await.expect("run");
        assert_eq!(Probe::runs(&later), 1);
    }

    async fn a_stopped_worker_hands_back_its_jobs_and_a_lost_lease_frees_them(t: &TestDb) {
        let clock = Clock::fixed(datetime!(2026-12-05 10:00 UTC));
        let (app, actor) = t.app_on(clock.clone()).await;
        let held = tag("held");
        probe(&held, "ok").enqueue(&app, Enqueue::default()).await;
        // A worker claims it and dies without a word.
        let now = clock.now();
        let mut tx = t.db.begin(now).await.expect("begin");
        let claimed = queue::claim(tx.exec(), "gone:1", now, now + Duration::minutes(5), 8).await.expect("claim");
        tx.commit().await.expect("commit");
        assert_eq!(claimed.len(), 1);
        let other = Worker::new(app.clone());
        assert_eq!(other.run_due().await.expect("run").done, 0, "the lease holds");
        clock.advance(Duration::minutes(6));
        assert_eq!(other.run_due().await.expect("run").done, 1, "the lease ran out");
        assert_eq!(Probe::runs(&held), 1);

        // A worker that stops hands back what it claimed, as never tried.
        let handed = tag("handed");
        probe(&handed, "ok").enqueue(&app, Enqueue::default()).await;
        let now = clock.now();
        let mut tx = t.db.begin(now).await.expect("begin");
        queue::claim(tx.exec(), "stopping:1", now, now + Duration::minutes(5), 8).await.expect("claim");
        assert_eq!(queue::release(tx.exec(), "stopping:1", now).await.expect("release"), 1);
        tx.commit().await.expect("commit");
        let back = jobs(&app, &actor, Some(JobStatus::Queued)).await;
        assert_eq!((back.len(), back[0].attempts, back[0].locked_by.as_deref()), (1, 0, None));
        assert_eq!(other.run_due().await.expect("run").done, 1);
    }

    async fn recurring_jobs_fire_once_a_period_in_the_workspace_zone(t: &TestDb) {
        // 18:30 UTC is 01:30 in Jakarta, the default workspace's zone.
        let clock = Clock::fixed(datetime!(2026-12-05 18:30 UTC));
        let (app, actor) = t.app_on(clock.clone()).await;
        let first = app.fire_schedules().await.expect("fire");
        assert_eq!(first, 3, "each schedule fires once when first kept");
        assert_eq!(app.fire_schedules().await.expect("again"), 0);
        let worker = Worker::new(app.clone());
        assert_eq!(worker.run_once().await.expect("run").done, 3);
        // The daily pass is next due at 02:00 in Jakarta, 19:00 UTC; the
        // hourly one at 19:00 too.
        clock.set(datetime!(2026-12-05 18:59 UTC));
        assert_eq!(app.fire_schedules().await.expect("early"), 0);
        clock.set(datetime!(2026-12-05 19:00 UTC));
        assert_eq!(app.fire_schedules().await.expect("due"), 2);
        assert_eq!(worker.run_once().await.expect("run").done, 2);
        // A day missed fires once, not once per missed period.
        clock.set(datetime!(2026-12-08 19:30 UTC));
        assert_eq!(app.fire_schedules().await.expect("late"), 3);
        let reclassify: Vec<_> = app.list_jobs(&actor, Some(JobStatus::Queued), None, 200).await.expect("jobs")
            .into_iter().filter(|j| j.kind == "relationships.reclassify").collect();
        assert_eq!(reclassify.len(), 1);
        assert_eq!(reclassify[0].workspace_id, Some(actor.workspace_id));
    }
}

/// Two workers on one PostgreSQL database, side by side: every job runs
/// exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_workers_on_postgresql_run_each_job_once() {
    let t = rapport_core::testing::TestDb::postgres().await;
    let (app, _) = t.app().await;
    let shared = tag("shared");
    for _ in 0..60 {
        probe(&shared, "ok").enqueue(&app, Enqueue::default()).await;
    }
    let (a, b) = (Worker::new(app.clone()), Worker::new(app.clone()));
    let (ran_a, ran_b) = tokio::join!(a.run_due(), b.run_due());
    let (ran_a, ran_b) = (ran_a.expect("a"), ran_b.expect("b"));
    assert_eq!(ran_a.done + ran_b.done, 60);
    assert_eq!(Probe::runs(&shared), 60);
    t.teardown().await;
}

on_both_backends! {
    async fn a_commit_that_enqueued_a_job_wakes_the_workers_of_its_process(t: &TestDb) {
        let (app, actor) = t.app().await;
        let hook = rapport_domain::webhooks::WebhookInput {
            url: "https://hooks.example.com/rapport".into(),
            events: vec!["party.created".into()],
            ..Default::default()
        };
        app.create_webhook(&actor, &hook).await.expect("webhook");
        // Whatever the setup left: a waiting worker has nothing new now.
        let _ = tokio::time::timeout(std::time::Duration::ZERO, app.jobs_enqueued()).await;
        let nothing_new = tokio::time::timeout(std::time::Duration::ZERO, app.jobs_enqueued()).await;
        assert!(nothing_new.is_err(), "woken with nothing enqueued");
        // The party's delivery is enqueued with it: a worker starts at once,
        // not at its next look.
        app.create_party(&actor, &crate::organization("Hooked")).await.expect("party");
        let woken = tokio::time::timeout(std::time::Duration::ZERO, app.jobs_enqueued()).await;
        assert!(woken.is_ok(), "the commit did not wake the workers");
    }
}
