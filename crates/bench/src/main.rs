//! `rapport-bench`: tools for the benchmarks in `docs/BENCHMARKS.md`.
//!
//! - `seed` fills a database with a demo register of any size, through the same
//!   use case the product uses (validation, audit log and all);
//! - `generate` writes a register of any size with its order history, and
//!   `order-cost` measures what classification adds to each order write;
//! - `baseline` serves the first page of the party list straight from a SQLite
//!   file with one prepared query on a bare axum route: the most this stack can
//!   do, to which Rapport's own endpoint is compared in the same run;
//! - `fit` times the customer-value models on CDNOW or a synthetic base;
//! - `page` times the 360° page against a bare route, in process;
//! - `load` creates parties over HTTP from many connections, and
//!   `commit-loop` commits one row at a time: the writes and their baseline;
//! - `jobs` enqueues and runs jobs against a bare insert and delete, and
//!   `webhook-latency` times commits to their webhooks' arrival.

mod models;
mod page;
mod queue;
mod relationships;
mod writes;

use std::time::Instant;

use anyhow::Context;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use clap::{Parser, Subcommand};
use rapport_core::{Actor, App, Db};
use serde::Serialize;
use serde_json::value::RawValue;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use sqlx::{Row, SqlitePool};

/// The allocator `rapport` runs with, so that baselines and product pay
/// the same for every allocation.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Fill the default workspace of a database with a demo register.
    Seed {
        #[arg(long)]
        database_url: String,
        #[arg(long, default_value_t = 100_000)]
        parties: usize,
    },
    /// Fill the default workspace with parties and their order history, for
    /// the reclassification benchmark.
    Generate {
        #[arg(long)]
        database_url: String,
        #[arg(long, default_value_t = 1_000_000)]
        parties: usize,
        #[arg(long, default_value_t = 10_000_000)]
        orders: usize,
    },
    /// The extra cost per order write of keeping classifications, on a
    /// generated register.
    OrderCost {
        #[arg(long)]
        database_url: String,
        #[arg(long, default_value_t = 2_000)]
        orders: usize,
    },
    /// Read what a reclassification reads, and nothing more: its baseline.
    Scan {
        #[arg(long)]
        database_url: String,
    },
    /// Fit the customer-value models to the CDNOW master file or to a
    /// synthetic base, timed; optionally write the customers as CSV.
    Fit {
        #[arg(long)]
        cdnow: Option<String>,
        #[arg(long)]
        synthetic: Option<usize>,
        #[arg(long)]
        csv: Option<String>,
        /// Fit this many times and report the median.
        #[arg(long, default_value_t = 1)]
        repeat: usize,
    },
    /// Time the 360° page of random parties of a generated register.
    Page {
        #[arg(long)]
        database_url: String,
        #[arg(long, default_value_t = 5_000)]
        requests: usize,
    },
    /// Create parties through a running server from many connections at once;
    /// prints `req/s p50_ms p99_ms`.
    Load {
        /// The server, e.g. http://127.0.0.1:18181
        #[arg(long)]
        base: String,
        /// An API token that may create parties.
        #[arg(long)]
        token: String,
        #[arg(long, default_value_t = 16)]
        connections: usize,
        #[arg(long, default_value_t = 10)]
        seconds: u64,
    },
    /// Commit one row per transaction on one connection; prints
    /// `commits/s p50_ms p99_ms`.
    CommitLoop {
        #[arg(long)]
        database_url: String,
        #[arg(long, default_value_t = 10)]
        seconds: u64,
    },
    /// Enqueue and run jobs, after inserting and deleting as many bare rows;
    /// prints `phase ops/s p50_ms p99_ms` per phase.
    Jobs {
        #[arg(long)]
        database_url: String,
        #[arg(long, default_value_t = 2_000)]
        jobs: usize,
    },
    /// Time from a party's commit to its webhook's arrival at a local
    /// receiver; prints `webhook ops/s p50_ms p99_ms`.
    WebhookLatency {
        #[arg(long)]
        database_url: String,
        #[arg(long, default_value_t = 300)]
        events: usize,
    },
    /// Serve GET /parties: the first 50 live parties of the default workspace.
    Baseline {
        /// The SQLite file.
        #[arg(long)]
        database: String,
        #[arg(long, default_value = "127.0.0.1:18182")]
        listen: String,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Seed { database_url, parties } => seed(&database_url, parties).await,
        Command::Baseline { database, listen } => baseline(&database, &listen).await,
        Command::Generate { database_url, parties, orders } => {
            relationships::generate(&database_url, parties, orders, 42).await
        }
        Command::OrderCost { database_url, orders } => relationships::order_cost(&database_url, orders).await,
        Command::Scan { database_url } => relationships::scan(&database_url).await,
        Command::Page { database_url, requests } => page::run(&database_url, requests).await,
        Command::Load { base, token, connections, seconds } => writes::load(&base, &token, connections, seconds).await,
        Command::CommitLoop { database_url, seconds } => writes::commit_loop(&database_url, seconds).await,
        Command::Jobs { database_url, jobs } => queue::jobs(&database_url, jobs).await,
        Command::WebhookLatency { database_url, events } => queue::webhook_latency(&database_url, events).await,
        Command::Fit { cdnow, synthetic, csv, repeat } => {
            models::fit(cdnow.as_deref(), synthetic, csv.as_deref(), repeat)
        }
    }
}

async fn seed(url: &str, count: usize) -> anyhow::Result<()> {
    let db = Db::connect(url).await.context("connecting")?;
    rapport_core::kernel::migrate::run(&db).await?;
    let app = App::new(db.clone());
    let workspace = app.ensure_default_workspace().await?;
    let actor = Actor::system(workspace.id, "system:bench");
    let started = Instant::now();
    let inputs = rapport_core::demo::parties(count, 42);
    for batch in inputs.chunks(10_000) {
        app.create_parties(&actor, batch).await?;
    }
    println!("seeded {count} parties in {:.1} s", started.elapsed().as_secs_f64());
    db.close().await;
    Ok(())
}

async fn baseline(path: &str, listen: &str) -> anyhow::Result<()> {
    let options = SqliteConnectOptions::new().filename(path).journal_mode(SqliteJournalMode::Wal);
    let pool = SqlitePoolOptions::new().max_connections(8).connect_with(options).await?;
    let workspace: uuid::Uuid =
        sqlx::query_scalar("SELECT id FROM workspaces WHERE slug = 'default'").fetch_one(&pool).await?;
    let app = Router::new().route("/parties", get(first_page)).with_state(Baseline { pool, workspace });
    let listener = tokio::net::TcpListener::bind(listen).await?;
    println!("baseline listening on {listen}");
    axum::serve(listener, app).await?;
    Ok(())
}

#[derive(Clone)]
struct Baseline {
    pool: SqlitePool,
    workspace: uuid::Uuid,
}

/// One row as stored: JSON columns are passed through untouched and times as
/// the text SQLite holds, so the baseline does the least work that still
/// answers with the same rows.
#[derive(Serialize)]
struct RawParty {
    id: uuid::Uuid,
    workspace_id: uuid::Uuid,
    kind: String,
    name: String,
    emails: Box<RawValue>,
    phones: Box<RawValue>,
    addresses: Box<RawValue>,
    tags: Box<RawValue>,
    birthday: Option<String>,
    internal: bool,
    version: i64,
    created_at: String,
    updated_at: String,
    deleted_at: Option<String>,
}

#[derive(Serialize)]
struct Page {
    items: Vec<RawParty>,
    next_cursor: Option<String>,
}

/// The same rows the party list returns, as JSON, with one prepared query.
async fn first_page(State(base): State<Baseline>) -> Result<Json<Page>, StatusCode> {
    let rows = sqlx::query(
        "SELECT id, workspace_id, kind, name, emails, phones, addresses, tags, birthday, internal, version, \
         created_at, updated_at, deleted_at FROM parties WHERE workspace_id = $1 AND deleted_at IS NULL \
         ORDER BY sort_key, id LIMIT 50",
    )
    .bind(base.workspace)
    .fetch_all(&base.pool)
    .await
    .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    let raw = |text: String| RawValue::from_string(text).map_err(|_| StatusCode::INTERNAL_SERVER_ERROR);
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        let get = |e: sqlx::Error| {
            eprintln!("{e}");
            StatusCode::INTERNAL_SERVER_ERROR
        };
        items.push(RawParty {
            id: row.try_get("id").map_err(get)?,
            workspace_id: row.try_get("workspace_id").map_err(get)?,
            kind: row.try_get("kind").map_err(get)?,
            name: row.try_get("name").map_err(get)?,
            emails: raw(row.try_get("emails").map_err(get)?)?,
            phones: raw(row.try_get("phones").map_err(get)?)?,
            addresses: raw(row.try_get("addresses").map_err(get)?)?,
            tags: raw(row.try_get("tags").map_err(get)?)?,
            birthday: row.try_get("birthday").map_err(get)?,
            internal: row.try_get("internal").map_err(get)?,
            version: row.try_get("version").map_err(get)?,
            created_at: row.try_get("created_at").map_err(get)?,
            updated_at: row.try_get("updated_at").map_err(get)?,
            deleted_at: row.try_get("deleted_at").map_err(get)?,
        });
    }
    Ok(Json(Page { items, next_cursor: None }))
}
