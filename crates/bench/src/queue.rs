//! The job queue and the webhooks it delivers: jobs enqueued and run per
//! second against a bare insert and delete of as many rows, and the time
//! from a change's commit to its webhook's arrival at a local receiver.

use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use axum::Router;
use axum::http::StatusCode;
use axum::routing::post;
use rapport_core::jobs::Expire;
use rapport_core::jobs::runner::Worker;
use rapport_core::kernel::db::Backend;
use rapport_core::kernel::outbound::Outbound;
use rapport_core::kernel::queue::{Enqueue, enqueue};
use rapport_core::{Actor, App, Db};
use rapport_domain::parties::PartyInput;
use rapport_domain::webhooks::WebhookInput;
use sqlx::postgres::PgConnection;
use sqlx::{Connection, Executor};

use crate::writes::Measured;

async fn open(url: &str) -> anyhow::Result<(App, Actor)> {
    let db = Db::connect(url).await.context("connecting")?;
    rapport_core::kernel::migrate::run(&db).await?;
    // The receiver is on loopback.
    let app = App::new(db).with_outbound(Outbound::new(true));
    let workspace = app.ensure_default_workspace().await?;
    Ok((app, Actor::system(workspace.id, "system:bench")))
}

/// Prints `what ops/s p50_ms p99_ms` for each phase: the bare inserts and
/// deletes, then the jobs enqueued and run.
pub async fn jobs(url: &str, count: usize) -> anyhow::Result<()> {
    bare_insert_and_delete(url, count).await?;
    let (app, _) = open(url).await?;
    let mut latencies = Vec::with_capacity(count);
    let started = Instant::now();
    for _ in 0..count {
        let sent = Instant::now();
        let mut tx = app.db().begin(app.now()).await?;
        enqueue(&mut tx, &Expire, Enqueue::default()).await?;
        tx.commit().await?;
        latencies.push(sent.elapsed().as_micros() as u64);
    }
    print!("enqueue ");
    Measured { latencies, elapsed: started.elapsed() }.report();
    // The worker claims in batches and runs each batch side by side: the
    // rate is what one worker gets through, each job's own work included.
    let worker = Worker::new(app.clone());
    let started = Instant::now();
    let mut done = 0u64;
    loop {
        let ran = worker.run_due().await?;
        if ran.done == 0 {
            break;
        }
        done += u64::from(ran.done);
    }
    let elapsed = started.elapsed();
    println!("run {:.0} - -", done as f64 / elapsed.as_secs_f64());
    if done < count as u64 {
        bail!("only {done} of {count} jobs ran");
    }
    app.db().close().await;
    Ok(())
}

/// The same number of rows, shaped like jobs, inserted one transaction at a
/// time and then deleted one at a time: the least a durable queue can do.
async fn bare_insert_and_delete(url: &str, count: usize) -> anyhow::Result<()> {
    let ddl = "CREATE TABLE IF NOT EXISTS bench_queue \
               (id TEXT PRIMARY KEY, kind TEXT NOT NULL, payload TEXT NOT NULL, run_at TEXT NOT NULL)";
    macro_rules! phases {
        ($conn:expr) => {{
            let conn = $conn;
            conn.execute(ddl).await?;
            let ids: Vec<String> = (0..count).map(|_| uuid::Uuid::now_v7().to_string()).collect();
            let mut latencies = Vec::with_capacity(count);
            let started = Instant::now();
            for id in &ids {
                let sent = Instant::now();
                let mut tx = conn.begin().await?;
                sqlx::query(
                    "INSERT INTO bench_queue (id, kind, payload, run_at) VALUES ($1, 'maintenance.expire', 'null', $2)",
                )
                .bind(id)
                .bind("2026-12-05T00:00:00Z")
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                latencies.push(sent.elapsed().as_micros() as u64);
            }
            print!("bare-insert ");
            Measured { latencies, elapsed: started.elapsed() }.report();
            let mut latencies = Vec::with_capacity(count);
            let started = Instant::now();
            for id in &ids {
                let sent = Instant::now();
                let mut tx = conn.begin().await?;
                sqlx::query("DELETE FROM bench_queue WHERE id = $1").bind(id).execute(&mut *tx).await?;
                tx.commit().await?;
                latencies.push(sent.elapsed().as_micros() as u64);
            }
            print!("bare-delete ");
            Measured { latencies, elapsed: started.elapsed() }.report();
        }};
    }
    match Backend::of_url(url) {
        Some(Backend::Sqlite) => phases!(&mut crate::writes::durable_sqlite(url).await?),
        Some(Backend::Postgres) => phases!(&mut PgConnection::connect(url).await?),
        None => bail!("not a database URL: {url}"),
    }
    Ok(())
}

/// Creates `count` parties one after the other, each delivered by webhook to
/// a receiver in this process by a worker running beside them; prints
/// `webhook - p50_ms p99_ms` of the time from each commit to its arrival.
pub async fn webhook_latency(url: &str, count: usize) -> anyhow::Result<()> {
    let (app, actor) = open(url).await?;
    let (arrived, mut arrivals) = tokio::sync::mpsc::unbounded_channel::<Instant>();
    let receiver = Router::new().route(
        "/hook",
        post(move || {
            let arrived = arrived.clone();
            async move {
                let _ = arrived.send(Instant::now());
                StatusCode::NO_CONTENT
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    tokio::spawn(async move { axum::serve(listener, receiver).await });
    let input = WebhookInput {
        url: format!("http://{address}/hook"),
        events: vec!["party.created".to_owned()],
        ..Default::default()
    };
    app.create_webhook(&actor, &input).await?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let worker = tokio::spawn(Worker::new(app.clone()).run(async move {
        let _ = stopped.await;
    }));
    let mut latencies = Vec::with_capacity(count);
    let started = Instant::now();
    for n in 0..count {
        let party = PartyInput { kind: "person".into(), name: format!("Hooked {n}"), ..Default::default() };
        app.create_party(&actor, &party).await?;
        let committed = Instant::now();
        let at = tokio::time::timeout(Duration::from_secs(30), arrivals.recv())
            .await
            .context("no delivery within 30 s")?
            .context("the receiver stopped")?;
        latencies.push(at.saturating_duration_since(committed).as_micros() as u64);
    }
    print!("webhook ");
    Measured { latencies, elapsed: started.elapsed() }.report();
    let _ = stop.send(());
    worker.await?;
    app.db().close().await;
    Ok(())
}
