//! The database handle: one of two backends, chosen by the connection URL.
//!
//! Both backends run the same SQL text (SQLite accepts PostgreSQL's `$1`
//! placeholders); the [`on_conn!`](crate::on_conn) macro expands a body once per
//! backend so the compiler type-checks binds and rows for both drivers.
//! On SQLite, writing transactions go through [`group_commit`].

mod group_commit;

use std::sync::Arc;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgConnection, PgPool, Postgres, Sqlite, SqliteConnection, SqlitePool, Transaction};

use time::OffsetDateTime;

use crate::kernel::store::StoreError;
pub use group_commit::WriterStats;
use group_commit::{Turn, Writer};

/// A pool of connections to one database.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqliteDb),
    Postgres(PgPool),
}

/// A SQLite file: a pool of connections that read, and the one connection
/// that writes.
#[derive(Clone, Debug)]
pub struct SqliteDb {
    pool: SqlitePool,
    writer: Arc<Writer>,
}

impl SqliteDb {
    /// The reading connections (and, for migrations and tests, a way to
    /// write around the writer when nothing else is writing).
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// How the one writing connection has fared.
    pub fn writer_stats(&self) -> WriterStats {
        self.writer.stats()
    }
}

/// Which database a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Option<Self> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Self::Postgres)
        } else if url.starts_with("sqlite:") {
            Some(Self::Sqlite)
        } else {
            None
        }
    }
}

/// An open transaction on either backend, with the time it is taken to
/// happen at: every row it writes (records, audit entries) carries that one
/// time, read once from the application's clock.
pub struct Tx {
    inner: TxInner,
    now: OffsetDateTime,
    /// Who to tell, once committed, that jobs were enqueued.
    wake: Option<Arc<tokio::sync::Notify>>,
    enqueued: bool,
}

enum TxInner {
    /// A turn at the SQLite file's one writer.
    SqliteWrite(Turn),
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// A connection taken from the pool, for reads outside a transaction.
pub enum Conn {
    Sqlite(PoolConnection<Sqlite>),
    Postgres(PoolConnection<Postgres>),
}

/// A borrowed connection, what every store function runs its statements on.
pub enum Exec<'a> {
    Sqlite(&'a mut SqliteConnection),
    Postgres(&'a mut PgConnection),
}

impl Exec<'_> {
    /// The same connection again, for a store function that runs more than
    /// one statement.
    pub fn reborrow(&mut self) -> Exec<'_> {
        match self {
            Exec::Sqlite(c) => Exec::Sqlite(c),
            Exec::Postgres(c) => Exec::Postgres(c),
        }
    }
}

/// Runs `$body` with `$c` bound to the backend's connection, once per backend.
#[macro_export]
macro_rules! on_conn {
    ($exec:expr, $c:ident => $body:expr) => {
        match $exec {
            $crate::kernel::db::Exec::Sqlite($c) => $body,
            $crate::kernel::db::Exec::Postgres($c) => $body,
        }
    };
}

impl Db {
    /// Connects to `url` (`sqlite:…` or `postgres://…`). A SQLite file is created
    /// when missing and put in WAL mode.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        match Backend::of_url(url) {
            Some(Backend::Postgres) => {
                let options = PgConnectOptions::from_str(url).map_err(StoreError::other)?;
                let pool = PgPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(options)
                    .await
                    .map_err(StoreError::other)?;
                Ok(Self::Postgres(pool))
            }
            Some(Backend::Sqlite) => {
                let options = SqliteConnectOptions::from_str(url).map_err(StoreError::other)?;
                Self::open_sqlite(options).await
            }
            None => Err(StoreError::Other(format!(
                "unsupported database URL (expected sqlite:PATH or postgres://…): {}",
                redact_url(url)
            ))),
        }
    }

    /// Opens (creating when missing) the SQLite file at `path`.
    pub async fn open_sqlite_file(path: &Path) -> Result<Self, StoreError> {
        Self::open_sqlite(SqliteConnectOptions::new().filename(path)).await
    }

    async fn open_sqlite(options: SqliteConnectOptions) -> Result<Self, StoreError> {
        // FULL synchronous: an acknowledged write survives a power loss, not only a
        // crash of the process. Foreign keys are off by default in SQLite.
        let options = options
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options.clone())
            .await
            .map_err(StoreError::other)?;
        let writer = Writer::open(&options).await?;
        Ok(Self::Sqlite(SqliteDb { pool, writer }))
    }

    /// Starts a transaction that will write. On SQLite it is a turn at the
    /// one writing connection, committed with the turns of other writers
    /// waiting at the same time (see [`group_commit`]), so writers queue in
    /// order instead of polling for SQLite's lock.
    /// `now` is the time the transaction happens at.
    pub async fn begin(&self, now: OffsetDateTime) -> Result<Tx, StoreError> {
        let inner = match self {
            Self::Sqlite(sqlite) => TxInner::SqliteWrite(sqlite.writer.begin().await?),
            Self::Postgres(pool) => TxInner::Postgres(pool.begin().await?),
        };
        Ok(Tx { inner, now, wake: None, enqueued: false })
    }

    /// Starts a transaction that only reads: several reads see one snapshot.
    pub async fn begin_read(&self, now: OffsetDateTime) -> Result<Tx, StoreError> {
        let inner = match self {
            Self::Sqlite(sqlite) => TxInner::Sqlite(sqlite.pool.begin().await?),
            Self::Postgres(pool) => TxInner::Postgres(pool.begin().await?),
        };
        Ok(Tx { inner, now, wake: None, enqueued: false })
    }

    /// Takes a connection for reads.
    pub async fn acquire(&self) -> Result<Conn, StoreError> {
        Ok(match self {
            Self::Sqlite(sqlite) => Conn::Sqlite(sqlite.pool.acquire().await?),
            Self::Postgres(pool) => Conn::Postgres(pool.acquire().await?),
        })
    }

    /// Checks that the database answers.
    pub async fn ping(&self) -> Result<(), StoreError> {
        let mut conn = self.acquire().await?;
        on_conn!(conn.exec(), c => {
            sqlx::query("SELECT 1").execute(&mut *c).await?;
        });
        Ok(())
    }

    pub async fn close(&self) {
        match self {
            Self::Sqlite(sqlite) => {
                sqlite.writer.flush().await;
                sqlite.pool.close().await
            }
            Self::Postgres(pool) => pool.close().await,
        }
    }
}

impl Tx {
    pub fn exec(&mut self) -> Exec<'_> {
        match &mut self.inner {
            TxInner::SqliteWrite(turn) => Exec::Sqlite(turn.conn()),
            TxInner::Sqlite(tx) => Exec::Sqlite(&mut *tx),
            TxInner::Postgres(tx) => Exec::Postgres(&mut *tx),
        }
    }

    /// The time the transaction happens at.
    pub fn now(&self) -> OffsetDateTime {
        self.now
    }

    /// The same transaction, telling `wake` when it commits having
    /// enqueued jobs.
    pub(crate) fn waking(self, wake: Arc<tokio::sync::Notify>) -> Self {
        Self { wake: Some(wake), ..self }
    }

    /// Notes that the transaction enqueued a job.
    pub(crate) fn enqueued(&mut self) {
        self.enqueued = true;
    }

    pub async fn commit(self) -> Result<(), StoreError> {
        match self.inner {
            TxInner::SqliteWrite(turn) => turn.commit().await?,
            TxInner::Sqlite(tx) => tx.commit().await?,
            TxInner::Postgres(tx) => tx.commit().await?,
        }
        if let (true, Some(wake)) = (self.enqueued, self.wake) {
            // A permit is kept when no worker waits yet: it starts at once.
            wake.notify_one();
        }
        Ok(())
    }
}

impl Conn {
    pub fn exec(&mut self) -> Exec<'_> {
        match self {
            Self::Sqlite(conn) => Exec::Sqlite(&mut *conn),
            Self::Postgres(conn) => Exec::Postgres(&mut *conn),
        }
    }
}

/// The URL with any password replaced, for messages and logs.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.find(':') {
                Some(colon) => format!("{}{}:***{}", &url[..scheme_end + 3], &credentials[..colon], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_choose_the_backend_and_passwords_are_redacted() {
        assert_eq!(Backend::of_url("postgres://u@h/db"), Some(Backend::Postgres));
        assert_eq!(Backend::of_url("sqlite:data/rapport.db"), Some(Backend::Sqlite));
        assert_eq!(Backend::of_url("mysql://x"), None);
        assert_eq!(redact_url("postgres://me:secret@host/db"), "postgres://me:***@host/db");
        assert_eq!(redact_url("postgres://me@host/db"), "postgres://me@host/db");
    }
}
