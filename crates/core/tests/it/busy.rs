//! Transactions that give way to each other. On PostgreSQL two writers can
//! deadlock; the one the server aborts is reported as `Busy` (a request to
//! make again), not as an internal error. SQLite cannot deadlock: its write
//! transactions take turns at one connection (`kernel::db::group_commit`),
//! which is why this one test has no SQLite twin.

use rapport_core::kernel::store::StoreError;
use rapport_core::testing::TestDb;
use rapport_core::{kernel::db::Tx, on_conn};
use rapport_domain::common::ids::PartyId;

use super::organization;

async fn touch(tx: &mut Tx, party: PartyId) -> Result<(), StoreError> {
    on_conn!(tx.exec(), c => {
        sqlx::query("UPDATE parties SET name = name WHERE id = $1").bind(party.0).execute(&mut *c).await?;
    });
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_postgresql_deadlock_is_busy_and_the_other_writer_goes_through() {
    let t = TestDb::postgres().await;
    let (app, actor) = t.app().await;
    let a = app.create_party(&actor, &organization("A")).await.expect("a").id;
    let b = app.create_party(&actor, &organization("B")).await.expect("b").id;
    let (mut first, mut second) = {
        let now = rapport_core::kernel::clock::Clock::system().now();
        (t.db.begin(now).await.expect("first"), t.db.begin(now).await.expect("second"))
    };
    touch(&mut first, a).await.expect("first holds A");
    touch(&mut second, b).await.expect("second holds B");
    // Each now wants what the other holds.
    let (one, two) = tokio::join!(
        async {
            let outcome = touch(&mut first, b).await;
            if outcome.is_ok() {
                first.commit().await.expect("commit");
            }
            outcome
        },
        async {
            let outcome = touch(&mut second, a).await;
            if outcome.is_ok() {
                second.commit().await.expect("commit");
            }
            outcome
        }
    );
    let outcomes = [one, two];
    assert_eq!(outcomes.iter().filter(|o| o.is_ok()).count(), 1, "{outcomes:?}");
    assert!(outcomes.iter().any(|o| matches!(o, Err(StoreError::Busy(_)))), "{outcomes:?}");
    t.teardown().await;
}
