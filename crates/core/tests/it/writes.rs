//! Concurrent writing transactions: each lands or leaves nothing, whatever
//! the others do. On SQLite they take turns at one connection and share
//! their commits (`kernel::db::group_commit`); on PostgreSQL they run side
//! by side. Every wait here is bounded, so a writer left hanging fails the
//! test instead of stalling it.

use std::time::Duration;

use rapport_core::kernel::clock::Clock;
use rapport_core::kernel::db::{Db, Tx};
use rapport_core::kernel::store::StoreError;
use rapport_core::on_both_backends;
use rapport_core::on_conn;
use rapport_core::testing::TestDb;

const PATIENCE: Duration = Duration::from_secs(30);

async fn begin(db: &Db) -> Tx {
    db.begin(Clock::system().now()).await.expect("begin")
}

async fn insert(tx: &mut Tx, id: i64, tag: &str) -> Result<(), StoreError> {
    on_conn!(tx.exec(), c => {
        sqlx::query("INSERT INTO probe_writes (id, tag) VALUES ($1, $2)").bind(id).bind(tag).execute(&mut *c).await?;
    });
    Ok(())
}

async fn ids(db: &Db) -> Vec<i64> {
    let mut conn = db.acquire().await.expect("conn");
    on_conn!(conn.exec(), c => {
        sqlx::query_scalar("SELECT id FROM probe_writes ORDER BY id").fetch_all(&mut *c).await.expect("ids")
    })
}

/// A scratch table, and one row in it whose tag others will collide with.
async fn probe_table(db: &Db) {
    let mut tx = begin(db).await;
    on_conn!(tx.exec(), c => {
        sqlx::query("CREATE TABLE probe_writes (id BIGINT PRIMARY KEY, tag TEXT NOT NULL UNIQUE)")
            .execute(&mut *c)
            .await
            .expect("create");
    });
    insert(&mut tx, 0, "taken").await.expect("first row");
    tx.commit().await.expect("commit");
}

/// What a writer does: commit its row, fail on a second one that collides,
/// or give up before committing (as a cancelled request drops its work).
#[derive(Clone, Copy, PartialEq, Debug)]
enum Fate {
    Commits,
    Collides,
    GivesUp,
}

fn fate(id: i64) -> Fate {
    match id % 8 {
        3 => Fate::GivesUp,
        7 => Fate::Collides,
        _ => Fate::Commits,
    }
}

async fn write(db: Db, id: i64) -> Result<(), StoreError> {
    let mut tx = begin(&db).await;
    insert(&mut tx, id, &format!("row {id}")).await?;
    match fate(id) {
        Fate::Commits => tx.commit().await,
        Fate::Collides => insert(&mut tx, 1000 + id, "taken").await,
        Fate::GivesUp => {
            drop(tx);
            Ok(())
        }
    }
}

on_both_backends! {
    async fn concurrent_writers_each_land_whole_or_not_at_all(t: &TestDb) {
        probe_table(&t.db).await;
        let writers: Vec<_> = (1..=48).map(|id| tokio::spawn(write(t.db.clone(), id))).collect();
        for (id, writer) in (1..=48).zip(writers) {
            let outcome = tokio::time::timeout(PATIENCE, writer).await.expect("no writer hangs").expect("joined");
            match fate(id) {
                Fate::Collides => assert!(matches!(outcome, Err(StoreError::Conflict(_))), "{id}: {outcome:?}"),
                _ => assert!(outcome.is_ok(), "{id}: {outcome:?}"),
            }
        }
        // A write after them all still goes through: nothing was left holding the writer.
        let mut last = begin(&t.db).await;
        insert(&mut last, 100, "last").await.expect("insert");
        tokio::time::timeout(PATIENCE, last.commit()).await.expect("no hang").expect("commit");

        let expected: Vec<i64> =
            std::iter::once(0).chain((1..=48).filter(|id| fate(*id) == Fate::Commits)).chain([100]).collect();
        assert_eq!(ids(&t.db).await, expected);
    }
}

/// Writers that wait while one holds its turn join its group: one commit
/// carries them all, and the one among them that fails takes only its own
/// work back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_writers_waiting_together_share_one_commit() {
    let t = TestDb::sqlite().await;
    let Db::Sqlite(sqlite) = &t.db else { panic!("a SQLite database") };
    probe_table(&t.db).await;
    let before = sqlite.writer_stats();

    let mut first = begin(&t.db).await;
    insert(&mut first, 1, "row 1").await.expect("insert");
    let others: Vec<_> = (2..=7).map(|id| tokio::spawn(write(t.db.clone(), id))).collect();
    tokio::time::timeout(PATIENCE, async {
        while sqlite.writer_stats().waiting < 6 {
            tokio::task::yield_now().await;
        }
    })
    .await
    .expect("the others queue behind the first");
    tokio::time::timeout(PATIENCE, first.commit()).await.expect("no hang").expect("commit");
    for (id, other) in (2..=7).zip(others) {
        let outcome = tokio::time::timeout(PATIENCE, other).await.expect("no hang").expect("joined");
        assert_eq!(outcome.is_ok(), fate(id) != Fate::Collides, "{id}: {outcome:?}");
    }

    let after = sqlite.writer_stats();
    // Rows 1, 2, 4, 5 and 6 were kept, 3 gave up, 7 collided: one group.
    assert_eq!(after.groups - before.groups, 1, "{before:?} → {after:?}");
    assert_eq!(after.writes - before.writes, 5, "{before:?} → {after:?}");
    assert_eq!(ids(&t.db).await, vec![0, 1, 2, 4, 5, 6]);
    t.teardown().await;
}
