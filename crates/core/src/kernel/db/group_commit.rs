//! Group commit for SQLite: one connection writes for the whole process, and
//! the transactions of concurrent requests share one durable `COMMIT`.
//!
//! Why: SQLite has a single write lock and, with `synchronous=FULL`, every
//! `COMMIT` waits for the WAL to reach the disk. When each request commits on
//! a connection of its own, concurrent writers wait for the lock in SQLite's
//! busy handler, which sleeps in growing steps (a p99 over a second at 16
//! connections), and every request pays a sync of its own.
//!
//! Here writers take turns, in order, on one connection. A turn runs inside a
//! `SAVEPOINT` of one open transaction, the group; when a turn ends and no
//! other writer is waiting (or the group is big or old enough), the turn
//! commits the group: one sync for all of its members. A member hears that its
//! write succeeded only once that `COMMIT` has returned, so nothing that is
//! not on disk is ever acknowledged. A member that fails rolls back to its
//! savepoint and leaves the others' work in place; when the transaction itself
//! is lost (an I/O error rolls all of it back, which makes the member's
//! savepoint vanish), every member of the group is told it failed.
//!
//! Turns begin and end in tasks of their own, so a request that stops
//! waiting (a timeout, a client that went away) cannot leave the connection
//! half-way through a statement or the group without anyone to commit it.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, Executor, SqliteConnection};
use tokio::sync::{Mutex, OwnedMutexGuard, watch};

use crate::kernel::store::StoreError;

/// A group commits at once when it has this many members…
const MAX_MEMBERS: usize = 64;
/// …or has been open this long, so that a steady stream of writers cannot
/// keep the first of them waiting.
const MAX_AGE: Duration = Duration::from_millis(20);
/// How long a writer waits for its turn before it is told the database is
/// busy: the same patience the pool's connections have for SQLite's lock.
const WAIT_FOR_TURN: Duration = Duration::from_secs(10);

/// How a group ended, as its members hear it.
type Outcome = Result<(), String>;

/// The process's one writing connection to a SQLite file.
pub(crate) struct Writer {
    conn: Arc<Mutex<WriterConn>>,
    /// Writers waiting for a turn: a turn that ends leaves the group open
    /// for them to join, and the last of them commits it.
    waiting: AtomicUsize,
    /// Groups committed, and the writes they carried.
    groups: AtomicU64,
    grouped: AtomicU64,
}

/// How the writer has fared since the process started, for the metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriterStats {
    /// Writers waiting for a turn now.
    pub waiting: usize,
    /// Groups committed.
    pub groups: u64,
    /// Writes committed in those groups.
    pub writes: u64,
}

struct WriterConn {
    conn: SqliteConnection,
    group: Option<Group>,
}

/// The open transaction its members' savepoints live in.
struct Group {
    members: usize,
    /// Members that kept their work.
    kept: u64,
    opened: Instant,
    outcome: watch::Sender<Option<Outcome>>,
}

/// A writer's turn: its savepoint in the open group, and the connection
/// until the turn ends.
pub(crate) struct Turn {
    writer: Arc<Writer>,
    conn: Option<OwnedMutexGuard<WriterConn>>,
    outcome: watch::Receiver<Option<Outcome>>,
}

enum Ending {
    Keep,
    Undo,
}

impl fmt::Debug for Writer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Writer").field("waiting", &self.waiting.load(Ordering::Relaxed)).finish()
    }
}

impl Writer {
    pub(crate) async fn open(options: &SqliteConnectOptions) -> Result<Arc<Self>, StoreError> {
        let conn = SqliteConnection::connect_with(options).await?;
        Ok(Arc::new(Self {
            conn: Arc::new(Mutex::new(WriterConn { conn, group: None })),
            waiting: AtomicUsize::new(0),
            groups: AtomicU64::new(0),
            grouped: AtomicU64::new(0),
        }))
    }

    pub(crate) fn stats(&self) -> WriterStats {
        WriterStats {
            waiting: self.waiting.load(Ordering::SeqCst),
            groups: self.groups.load(Ordering::SeqCst),
            writes: self.grouped.load(Ordering::SeqCst),
        }
    }

    /// Waits for a turn and opens its savepoint.
    pub(crate) async fn begin(self: &Arc<Self>) -> Result<Turn, StoreError> {
        let writer = Arc::clone(self);
        tokio::spawn(async move { writer.take_turn().await })
            .await
            .map_err(|error| StoreError::Other(format!("the database writer stopped: {error}")))?
    }

    /// Commits whatever group is open, for a clean shutdown.
    pub(crate) async fn flush(self: &Arc<Self>) {
        let mut conn = Arc::clone(&self.conn).lock_owned().await;
        if let Some(group) = conn.group.take() {
            self.commit(&mut conn.conn, group).await;
        }
    }

    /// Commits the group and tells its members, counting it first so that
    /// a member that heard the news finds it counted.
    async fn commit(&self, conn: &mut SqliteConnection, group: Group) {
        let outcome = match conn.execute("COMMIT").await {
            Ok(_) => {
                self.groups.fetch_add(1, Ordering::SeqCst);
                self.grouped.fetch_add(group.kept, Ordering::SeqCst);
                Ok(())
            }
            Err(error) => {
                // A failed COMMIT may leave the transaction open; end it so the
                // next group starts clean. Its members are told it failed.
                let _ = conn.execute("ROLLBACK").await;
                Err(error.to_string())
            }
        };
        group.outcome.send_replace(Some(outcome));
    }

    async fn take_turn(self: Arc<Self>) -> Result<Turn, StoreError> {
        let place = Place::take(&self);
        let Ok(mut conn) = tokio::time::timeout(WAIT_FOR_TURN, Arc::clone(&self.conn).lock_owned()).await else {
            return Err(StoreError::Busy("waited too long for a turn at the database's writer".to_owned()));
        };
        place.reached();
        if conn.group.is_none() {
            (&mut conn.conn).execute("BEGIN IMMEDIATE").await?;
            let (outcome, _) = watch::channel(None);
            conn.group = Some(Group { members: 0, kept: 0, opened: Instant::now(), outcome });
        }
        if let Err(error) = (&mut conn.conn).execute("SAVEPOINT member").await {
            let error = StoreError::from(error);
            fail_group(&mut conn, &error.to_string()).await;
            return Err(error);
        }
        let Some(group) = conn.group.as_mut() else {
            return Err(StoreError::Other("the writer's group vanished".to_owned()));
        };
        group.members += 1;
        let outcome = group.outcome.subscribe();
        Ok(Turn { writer: self, conn: Some(conn), outcome })
    }

    async fn end_turn(&self, mut conn: OwnedMutexGuard<WriterConn>, ending: Ending) {
        let kept = matches!(ending, Ending::Keep);
        let ended = match ending {
            Ending::Keep => (&mut conn.conn).execute("RELEASE member").await.map(drop),
            Ending::Undo => match (&mut conn.conn).execute("ROLLBACK TO member").await {
                Ok(_) => (&mut conn.conn).execute("RELEASE member").await.map(drop),
                Err(error) => Err(error),
            },
        };
        if let Err(error) = ended {
            // The savepoint is gone: the transaction was rolled back under it.
            fail_group(&mut conn, &error.to_string()).await;
            return;
        }
        if let Some(group) = conn.group.as_mut() {
            group.kept += u64::from(kept);
        }
        self.after_turn(conn).await;
    }

    /// Commits the group unless a writer waiting to join it will.
    async fn after_turn(&self, mut conn: OwnedMutexGuard<WriterConn>) {
        let Some(group) = &conn.group else { return };
        let joinable = group.members < MAX_MEMBERS && group.opened.elapsed() < MAX_AGE;
        if joinable && self.waiting.load(Ordering::SeqCst) > 0 {
            return;
        }
        if let Some(group) = conn.group.take() {
            self.commit(&mut conn.conn, group).await;
        }
    }
}

async fn fail_group(conn: &mut WriterConn, reason: &str) {
    let _ = (&mut conn.conn).execute("ROLLBACK").await;
    if let Some(group) = conn.group.take() {
        group.outcome.send_replace(Some(Err(reason.to_owned())));
    }
}

impl Turn {
    pub(crate) fn conn(&mut self) -> &mut SqliteConnection {
        match self.conn.as_mut() {
            Some(conn) => &mut conn.conn,
            None => unreachable!("a turn holds the connection until it is committed or dropped"),
        }
    }

    /// Ends the turn keeping its work, and waits for the group it joined to
    /// be committed.
    pub(crate) async fn commit(mut self) -> Result<(), StoreError> {
        let mut outcome = self.outcome.clone();
        if let Some(conn) = self.conn.take() {
            let writer = Arc::clone(&self.writer);
            tokio::spawn(async move { writer.end_turn(conn, Ending::Keep).await });
        }
        let heard = outcome.wait_for(Option::is_some).await;
        match heard.as_deref() {
            Ok(Some(Ok(()))) => Ok(()),
            Ok(Some(Err(reason))) => Err(StoreError::Other(format!("the write was not committed: {reason}"))),
            Ok(None) | Err(_) => Err(StoreError::Other("the database writer stopped before committing".to_owned())),
        }
    }
}

impl Drop for Turn {
    /// A turn dropped without a commit (an error, a cancelled request) undoes
    /// its own work and lets the group go on.
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            let writer = Arc::clone(&self.writer);
            if let Ok(runtime) = tokio::runtime::Handle::try_current() {
                runtime.spawn(async move { writer.end_turn(conn, Ending::Undo).await });
            }
        }
    }
}

/// A writer's place in the queue for a turn, counted in [`Writer::waiting`].
struct Place {
    writer: Arc<Writer>,
    reached: bool,
}

impl Place {
    fn take(writer: &Arc<Writer>) -> Self {
        writer.waiting.fetch_add(1, Ordering::SeqCst);
        Self { writer: Arc::clone(writer), reached: false }
    }

    fn reached(mut self) {
        self.writer.waiting.fetch_sub(1, Ordering::SeqCst);
        self.reached = true;
    }
}

impl Drop for Place {
    /// A writer that gave up waiting may have been counted on to commit the
    /// group: a stand-in keeps its place and does so.
    fn drop(&mut self) {
        if self.reached {
            return;
        }
        let writer = Arc::clone(&self.writer);
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(async move {
                    let conn = Arc::clone(&writer.conn).lock_owned().await;
                    writer.waiting.fetch_sub(1, Ordering::SeqCst);
                    writer.after_turn(conn).await;
                });
            }
            Err(_) => {
                writer.waiting.fetch_sub(1, Ordering::SeqCst);
            }
        }
    }
}
