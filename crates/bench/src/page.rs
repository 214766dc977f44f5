//! The server's time to render a party's 360° page, in process: requests go
//! through the whole application router (session lookup, every read the page
//! makes, the template) for parties drawn at random from a generated
//! register. Two floors are measured in alternating rounds of the same run:
//! a bare axum route answering a page of the same size from memory (what
//! routing, a response and its body cost), and the three reads no 360° page
//! can do without (the party, its last twenty orders, its classification)
//! as plain queries on the same pool.

use std::time::{Duration, Instant};

use anyhow::Context;
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use axum::response::Html;
use axum::routing::get;
use http_body_util::BodyExt;
use rapport_core::{Actor, App, Db};
use rapport_domain::identity::{Password, UserInput};
use tower::ServiceExt;

/// Requests per round, and rounds of each.
const ROUND: usize = 500;

struct Timings(Vec<Duration>);

impl Timings {
    fn percentile(&mut self, p: f64) -> Duration {
        self.0.sort();
        let rank = ((self.0.len() as f64 * p).ceil() as usize).clamp(1, self.0.len());
        self.0[rank - 1]
    }
}

async fn time_request(router: &Router, path: &str, cookie: &str) -> anyhow::Result<(Duration, usize)> {
    let request = Request::builder().uri(path).header(header::COOKIE, cookie).body(Body::empty())?;
    let started = Instant::now();
    let response = router.clone().oneshot(request).await?;
    let status = response.status();
    let body = response.into_body().collect().await?.to_bytes();
    let took = started.elapsed();
    anyhow::ensure!(status == StatusCode::OK, "{path} answered {status}");
    Ok((took, body.len()))
}

pub async fn run(url: &str, requests: usize) -> anyhow::Result<()> {
    let db = Db::connect(url).await.context("connecting")?;
    let app = App::new(db.clone());
    let workspace = app.ensure_default_workspace().await?;
    let system = Actor::system(workspace.id, "system:bench");
    let email = format!("bench-{}@example.com", std::process::id());
    let input = UserInput {
        email: email.clone(),
        display_name: "Bench".to_owned(),
        locale: Some("id".to_owned()),
        password: Password::new("a long enough password"),
        role: "owner".to_owned(),
    };
    let user = app.create_user(&system, workspace.id, &input).await?;
    let (secret, _) = app.open_session(user.id, workspace.id).await?;
    let cookie = format!("rapport_session={secret}");

    // Parties drawn at random from the register, buyers and others alike.
    let ids: Vec<String> = sample_ids(&db, requests).await?;
    let state = rapport_web::AppState::new(app.clone()).await?;
    let router = rapport_ui::router(state);

    // Warm up both (connections, statement caches, the templates' first use).
    let mut sizes = 0usize;
    for id in ids.iter().take(100) {
        sizes += time_request(&router, &format!("/parties/{id}"), &cookie).await?.1;
    }
    let typical = "x".repeat(sizes / 100);
    let bare = Router::new().route("/parties/{id}", get(move || std::future::ready(Html(typical.clone()))));
    for id in ids.iter().take(100) {
        time_request(&bare, &format!("/parties/{id}"), &cookie).await?;
    }

    let (mut page_times, mut bare_times, mut read_times, mut bytes) = (Vec::new(), Vec::new(), Vec::new(), 0usize);
    for round in ids.chunks(ROUND) {
        for id in round {
            let (took, size) = time_request(&router, &format!("/parties/{id}"), &cookie).await?;
            page_times.push(took);
            bytes += size;
        }
        for id in round {
            bare_times.push(time_request(&bare, &format!("/parties/{id}"), &cookie).await?.0);
        }
        for id in round {
            read_times.push(time_reads(&db, id).await?);
        }
    }
    let count = page_times.len();
    let (mut page, mut bare, mut reads) = (Timings(page_times), Timings(bare_times), Timings(read_times));
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("360° page: {count} parties, {:.1} KB of HTML on average", bytes as f64 / count as f64 / 1024.0);
    for (name, p) in [("p50", 0.50), ("p90", 0.90), ("p99", 0.99), ("max", 1.0)] {
        let (ours, floor, least) = (page.percentile(p), bare.percentile(p), reads.percentile(p));
        println!(
            "{name}: page {:.2} ms; bare route {:.3} ms; the three plain reads {:.2} ms ({:.1}x)",
            ms(ours),
            ms(floor),
            ms(least),
            ms(ours) / ms(least)
        );
    }
    let every = rapport_ui::assets::javascript_bytes(&rapport_ui::assets::EVERY_PAGE);
    let charts = rapport_ui::assets::javascript_bytes(&rapport_ui::assets::CHARTS);
    println!("JavaScript shipped: {every} bytes on every page, {charts} more on the dashboard");
    db.close().await;
    Ok(())
}

/// The reads no 360° page can do without, as plain queries: the party, its
/// last twenty orders, its classification.
async fn time_reads(db: &Db, id: &str) -> anyhow::Result<Duration> {
    let id: uuid::Uuid = id.parse()?;
    let started = Instant::now();
    let mut conn = db.acquire().await?;
    let found: usize = rapport_core::on_conn!(conn.exec(), c => {
        let party = sqlx::query("SELECT * FROM parties WHERE id = $1").bind(id).fetch_all(&mut *c).await?;
        let orders = sqlx::query("SELECT * FROM orders WHERE buyer_id = $1 ORDER BY ordered_at DESC LIMIT 20")
            .bind(id)
            .fetch_all(&mut *c)
            .await?;
        let classification =
            sqlx::query("SELECT * FROM party_relationships WHERE party_id = $1").bind(id).fetch_all(&mut *c).await?;
        party.len() + orders.len() + classification.len()
    });
    let took = started.elapsed();
    anyhow::ensure!(found >= 1, "party {id} not found");
    Ok(took)
}

/// `count` party ids drawn at random (with repeats) from the live register.
async fn sample_ids(db: &Db, count: usize) -> anyhow::Result<Vec<String>> {
    let mut conn = db.acquire().await?;
    let ids: Vec<uuid::Uuid> = rapport_core::on_conn!(conn.exec(), c => {
        sqlx::query_scalar("SELECT id FROM parties WHERE deleted_at IS NULL").fetch_all(&mut *c).await?
    });
    anyhow::ensure!(!ids.is_empty(), "the register is empty: run rapport-bench generate first");
    let mut rng = fastrand::Rng::with_seed(7);
    Ok((0..count).map(|_| ids[rng.usize(..ids.len())].to_string()).collect())
}
