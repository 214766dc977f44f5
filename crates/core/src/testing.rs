//! Throw-away databases for tests, on both backends.
//!
//! PostgreSQL is reached at `RAPPORT_TEST_POSTGRES_URL` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`); each test creates its own
//! database there and drops it afterwards. When the server cannot be reached the
//! test fails: storage behaviour is never silently checked on one backend only.

use std::path::PathBuf;

use crate::kernel::{Actor, migrate};
use crate::{App, Db};

/// The server tests create their databases on.
pub fn postgres_admin_url() -> String {
    std::env::var("RAPPORT_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// A migrated database that lives as long as one test.
pub struct TestDb {
    pub db: Db,
    /// The URL the database is reached at, for tests that start the binary.
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    SqliteFile(PathBuf),
    PostgresDatabase(String),
}

impl TestDb {
    pub async fn sqlite() -> Self {
        let path = std::env::temp_dir().join(format!("rapport-test-{}.db", uuid::Uuid::now_v7().simple()));
        let db = Db::open_sqlite_file(&path).await.expect("open a SQLite file in the temp directory");
        migrate::run(&db).await.expect("migrate SQLite");
        Self { db, url: format!("sqlite:{}", path.display()), cleanup: Cleanup::SqliteFile(path) }
    }

    pub async fn postgres() -> Self {
        let admin_url = postgres_admin_url();
        let admin = Db::connect(&admin_url).await.unwrap_or_else(|e| {
            panic!("PostgreSQL is needed for this test and could not be reached at {admin_url}: {e}")
        });
        let name = format!("rapport_test_{}", uuid::Uuid::now_v7().simple());
        run_admin(&admin, &format!("CREATE DATABASE {name}")).await;
        admin.close().await;
        let url = with_database(&admin_url, &name);
        let db = Db::connect(&url).await.expect("connect to the new test database");
        migrate::run(&db).await.expect("migrate PostgreSQL");
        Self { db, url, cleanup: Cleanup::PostgresDatabase(name) }
    }

    /// An app on this database with a fresh default workspace, and an actor in it.
    pub async fn app(&self) -> (App, Actor) {
        self.app_on(crate::kernel::clock::Clock::system()).await
    }

    /// As [`TestDb::app`], on `clock` (one a test sets and moves).
    pub async fn app_on(&self, clock: crate::kernel::clock::Clock) -> (App, Actor) {
        // Tests run their webhook receivers on loopback.
        let outbound = crate::kernel::outbound::Outbound::new(true);
        let app = App::with_clock(self.db.clone(), clock).with_outbound(outbound);
        let workspace = app.ensure_default_workspace().await.expect("default workspace");
        (app, Actor::system(workspace.id, "system:test"))
    }

    /// Makes `owner` the owner of `party` (the API gives every party its
    /// creator; tests need records owned by anyone).
    pub async fn set_party_owner(
        &self,
        party: rapport_domain::common::ids::PartyId,
        owner: rapport_domain::common::ids::UserId,
    ) {
        let mut conn = self.db.acquire().await.expect("connection");
        crate::on_conn!(conn.exec(), c => {
            sqlx::query("UPDATE parties SET owner_id = $1 WHERE id = $2")
                .bind(owner.0)
                .bind(party.0)
                .execute(&mut *c)
                .await
                .expect("set the owner");
        });
    }

    /// Removes a party's stored relationship, as for a party from before
    /// relationships were kept.
    pub async fn forget_relationship(&self, party: rapport_domain::common::ids::PartyId) {
        self.edit_by_hand("DELETE FROM party_relationships WHERE party_id = $1", party).await;
    }

    /// Leaves a deleted party's row marked live, as a fault or a hand edit
    /// of the database might.
    pub async fn mark_row_live(&self, party: rapport_domain::common::ids::PartyId) {
        self.edit_by_hand("UPDATE party_relationships SET live = TRUE WHERE party_id = $1", party).await;
    }

    /// The actions of the audit log on the record `id`, oldest first (for
    /// records that no party concerns, which no use case reads back).
    pub async fn audit_actions(&self, id: uuid::Uuid) -> Vec<String> {
        let mut conn = self.db.acquire().await.expect("connection");
        crate::on_conn!(conn.exec(), c => {
            sqlx::query_scalar("SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id")
                .bind(id)
                .fetch_all(&mut *c)
                .await
                .expect("the audit log")
        })
    }

    /// Runs `sql`, with the party's id as `$1`, past every use case.
    async fn edit_by_hand(&self, sql: &'static str, party: rapport_domain::common::ids::PartyId) {
        let mut conn = self.db.acquire().await.expect("connection");
        crate::on_conn!(conn.exec(), c => {
            sqlx::query(sql).bind(party.0).execute(&mut *c).await.expect(sql);
        });
    }

    pub async fn teardown(self) {
        self.db.close().await;
        match self.cleanup {
            Cleanup::SqliteFile(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let mut file = path.clone().into_os_string();
                    file.push(suffix);
                    let _ = std::fs::remove_file(file);
                }
            }
            Cleanup::PostgresDatabase(name) => {
                let admin = Db::connect(&postgres_admin_url()).await.expect("reconnect to drop the test database");
                run_admin(&admin, &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
                admin.close().await;
            }
        }
    }
}

async fn run_admin(admin: &Db, statement: &str) {
    let Db::Postgres(pool) = admin else { panic!("the admin URL must be a postgres:// URL") };
    sqlx::query(sqlx::AssertSqlSafe(statement.to_owned()))
        .execute(pool)
        .await
        .unwrap_or_else(|e| panic!("{statement}: {e}"));
}

/// `url` with its database name replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let after_scheme = base.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match base[after_scheme..].find('/') {
        Some(slash) => &base[..after_scheme + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{base}/{name}?{query}"),
        None => format!("{base}/{name}"),
    }
}

/// Defines, for each `async fn name(t: &TestDb) { … }`, a module `name` with one
/// test per backend.
#[macro_export]
macro_rules! on_both_backends {
    ($(async fn $name:ident($t:ident: &TestDb) $body:block)*) => {
        $(
            mod $name {
                #[allow(unused_imports)]
                use super::*;

                async fn body($t: &$crate::testing::TestDb) $body

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    let t = $crate::testing::TestDb::sqlite().await;
                    body(&t).await;
                    t.teardown().await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    let t = $crate::testing::TestDb::postgres().await;
                    body(&t).await;
                    t.teardown().await;
                }
            }
        )*
    };
}

/// A job for the queue's own tests: it succeeds, fails for another attempt
/// (after a given wait, or the usual one), or fails for good, as its
/// payload says; each run that succeeds is counted under its tag.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Probe {
    pub tag: String,
    /// `ok`, `retry`, `fatal`, or `wait:<seconds>`.
    pub outcome: String,
}

static PROBE_RUNS: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

impl Probe {
    /// How many times probes tagged `tag` ran to success.
    pub fn runs(tag: &str) -> usize {
        PROBE_RUNS.lock().unwrap_or_else(std::sync::PoisonError::into_inner).iter().filter(|t| *t == tag).count()
    }

    /// Enqueues the probe in a transaction of its own, as a change would.
    pub async fn enqueue(&self, app: &App, how: crate::kernel::queue::Enqueue) -> bool {
        let mut tx = app.db().begin(app.now()).await.expect("begin");
        let added = crate::kernel::queue::enqueue(&mut tx, self, how).await.expect("enqueue");
        tx.commit().await.expect("commit");
        added
    }
}

impl crate::kernel::queue::Job for Probe {
    const KIND: crate::kernel::queue::JobKind = crate::kernel::queue::JobKind::Probe;
    const MAX_ATTEMPTS: u32 = 3;

    async fn run(self, _: &App) -> Result<(), crate::kernel::queue::JobFailure> {
        use crate::kernel::queue::JobFailure;
        match self.outcome.as_str() {
            "ok" => {
                PROBE_RUNS.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(self.tag);
                Ok(())
            }
            "fatal" => Err(JobFailure::Fatal("told to fail".into())),
            other => match other.strip_prefix("wait:").and_then(|s| s.parse::<i64>().ok()) {
                Some(seconds) => Err(JobFailure::RetryAfter("told to wait".into(), time::Duration::seconds(seconds))),
                None => Err(JobFailure::Retry("told to fail once more".into())),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_database_name_is_replaced() {
        assert_eq!(super::with_database("postgres://u@h:5432/postgres", "x"), "postgres://u@h:5432/x");
        assert_eq!(super::with_database("postgres://u@h/db?sslmode=disable", "x"), "postgres://u@h/x?sslmode=disable");
        assert_eq!(super::with_database("postgres://u@h", "x"), "postgres://u@h/x");
    }
}
