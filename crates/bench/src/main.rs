//! `rapport-bench`: tools for the benchmarks in `docs/BENCHMARKS.md`.
//!
//! - `seed` fills a database with a demo register of any size, through the same
//!   use case the product uses (validation, audit log and all);
//! - `baseline` serves the first page of the party list straight from a SQLite
//!   file with one prepared query on a bare axum route: the most this stack can
//!   do, to which Rapport's own endpoint is compared in the same run.

use std::time::Instant;

use anyhow::Context;
use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use clap::{Parser, Subcommand};
use rapport_core::{Actor, App, Db};
use serde_json::value::RawValue;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use sqlx::{Row, SqlitePool};

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
    }
}

async fn seed(url: &str, count: usize) -> anyhow::Result<()> {
    let db = Db::connect(url).await.context("connecting")?;
    rapport_core::migrate::run(&db).await?;
    let app = App::new(db.clone());
    let workspace = app.ensure_default_workspace().await?;
    let actor = Actor { workspace_id: workspace.id, label: "system:bench".to_owned() };
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
    let app = Router::new().route("/parties", get(first_page)).with_state(pool);
    let listener = tokio::net::TcpListener::bind(listen).await?;
    println!("baseline listening on {listen}");
    axum::serve(listener, app).await?;
    Ok(())
}

/// The same rows the party list returns, as JSON, with one prepared query.
async fn first_page(State(pool): State<SqlitePool>) -> impl IntoResponse {
    let rows = sqlx::query(
        "SELECT id, workspace_id, kind, name, emails, phones, addresses, tags, birthday, internal, version, \
         created_at, updated_at, deleted_at FROM parties WHERE workspace_id = (SELECT id FROM workspaces \
         WHERE slug = 'default') AND deleted_at IS NULL ORDER BY sort_key, id LIMIT 50",
    )
    .fetch_all(&pool)
    .await;
    let Ok(rows) = rows else { return (axum::http::StatusCode::INTERNAL_SERVER_ERROR, "query failed").into_response() };
    let items: Vec<serde_json::Value> = rows
        .iter()
        .map(|row| {
            let raw = |name: &str| -> Box<RawValue> {
                let text: String = row.try_get(name).unwrap_or_else(|_| "null".to_owned());
                RawValue::from_string(text).unwrap_or_else(|_| RawValue::NULL.to_owned())
            };
            serde_json::json!({
                "id": row.try_get::<uuid::Uuid, _>("id").ok(),
                "workspace_id": row.try_get::<uuid::Uuid, _>("workspace_id").ok(),
                "kind": row.try_get::<String, _>("kind").ok(),
                "name": row.try_get::<String, _>("name").ok(),
                "emails": raw("emails"),
                "phones": raw("phones"),
                "addresses": raw("addresses"),
                "tags": raw("tags"),
                "birthday": row.try_get::<Option<String>, _>("birthday").ok().flatten(),
                "internal": row.try_get::<bool, _>("internal").ok(),
                "version": row.try_get::<i64, _>("version").ok(),
                "created_at": row.try_get::<String, _>("created_at").ok(),
                "updated_at": row.try_get::<String, _>("updated_at").ok(),
                "deleted_at": row.try_get::<Option<String>, _>("deleted_at").ok().flatten(),
            })
        })
        .collect();
    let body = serde_json::json!({"items": items, "next_cursor": null}).to_string();
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}
