//! Durable writes under concurrency: parties created over HTTP by several
//! connections at once, against the least a database can do for one
//! acknowledged write, a loop that commits one row at a time on one
//! connection with the same durability Rapport asks for.

use std::str::FromStr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use rapport_core::kernel::db::Backend;
use rapport_core::kernel::outbound::Outbound;
use sqlx::postgres::PgConnection;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sqlx::{Connection, Executor, SqliteConnection};

/// Latencies in microseconds, sorted, with what they cover.
pub(crate) struct Measured {
    pub(crate) latencies: Vec<u64>,
    pub(crate) elapsed: Duration,
}

impl Measured {
    fn percentile(&self, p: f64) -> f64 {
        if self.latencies.is_empty() {
            return f64::NAN;
        }
        let at = ((self.latencies.len() as f64 - 1.0) * p).round() as usize;
        self.latencies[at] as f64 / 1000.0
    }

    /// `ops/s p50_ms p99_ms`, the line the scripts read.
    pub(crate) fn report(mut self) {
        self.latencies.sort_unstable();
        let rate = self.latencies.len() as f64 / self.elapsed.as_secs_f64();
        println!("{rate:.0} {:.2} {:.2}", self.percentile(0.50), self.percentile(0.99));
    }
}

/// Creates parties through `POST {base}/api/v1/parties` from `connections`
/// clients at once for `seconds`; any answer but 201 stops the run.
pub async fn load(base: &str, token: &str, connections: usize, seconds: u64) -> anyhow::Result<()> {
    let client = Outbound::new(true).client().clone();
    let url = format!("{}/api/v1/parties", base.trim_end_matches('/'));
    let auth = Arc::new(format!("Bearer {token}"));
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let clients: Vec<_> = (0..connections)
        .map(|client_no| {
            let (client, url, auth) = (client.clone(), url.clone(), Arc::clone(&auth));
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut n = 0u64;
                while Instant::now() < deadline {
                    n += 1;
                    let body = format!(r#"{{"kind":"person","name":"Load {client_no}-{n}"}}"#);
                    let sent = Instant::now();
                    let response = client
                        .post(&url)
                        .header("authorization", auth.as_str())
                        .header("content-type", "application/json")
                        .body(body)
                        .send()
                        .await?;
                    let status = response.status();
                    let _ = response.bytes().await?;
                    if status.as_u16() != 201 {
                        bail!("POST answered {status}");
                    }
                    latencies.push(sent.elapsed().as_micros() as u64);
                }
                Ok(latencies)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    for client in clients {
        latencies.extend(client.await.context("a client stopped")??);
    }
    Measured { latencies, elapsed: started.elapsed() }.report();
    Ok(())
}

/// The loop itself, written once for both drivers' connection types.
macro_rules! loop_commits {
    ($conn:expr, $seconds:expr) => {{
        let conn = $conn;
        let mut id: i64 = fastrand::i64(0..i64::MAX / 2);
        let started = Instant::now();
        let deadline = started + Duration::from_secs($seconds);
        let mut latencies = Vec::new();
        while Instant::now() < deadline {
            id += 1;
            let sent = Instant::now();
            let mut tx = conn.begin().await?;
            sqlx::query("INSERT INTO bench_commits (id, body) VALUES ($1, $2)")
                .bind(id)
                .bind(format!("row {id}"))
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            latencies.push(sent.elapsed().as_micros() as u64);
        }
        Measured { latencies, elapsed: started.elapsed() }.report();
        Ok(())
    }};
}

/// One connection to the SQLite file at `url` with the durability `Db`
/// opens it with: WAL, and a sync on every commit.
pub(crate) async fn durable_sqlite(url: &str) -> anyhow::Result<SqliteConnection> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full);
    Ok(SqliteConnection::connect_with(&options).await?)
}

/// Commits one row per transaction, one after the other, for `seconds`.
pub async fn commit_loop(url: &str, seconds: u64) -> anyhow::Result<()> {
    let ddl = "CREATE TABLE IF NOT EXISTS bench_commits (id BIGINT PRIMARY KEY, body TEXT NOT NULL)";
    match Backend::of_url(url) {
        Some(Backend::Sqlite) => {
            let mut conn = durable_sqlite(url).await?;
            conn.execute(ddl).await?;
            loop_commits!(&mut conn, seconds)
        }
        Some(Backend::Postgres) => {
            let mut conn = PgConnection::connect(url).await?;
            conn.execute(ddl).await?;
            loop_commits!(&mut conn, seconds)
        }
        None => bail!("not a database URL: {url}"),
    }
}
