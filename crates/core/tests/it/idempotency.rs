use rapport_core::kernel::idempotency::keyed;
use rapport_core::kernel::store::idempotency::{ABANDONED_AFTER, Claim, StoredResponse, claim, complete, release};
use rapport_core::on_both_backends;

on_both_backends! {
    async fn keys_replay_their_first_response(t: &TestDb) {
        let now = rapport_core::kernel::clock::Clock::system().now();
        let mut conn = t.db.acquire().await.expect("conn");
        assert_eq!(claim(conn.exec(), "ws", "k1", "hash-a", now).await.expect("claim"), Claim::Fresh);
        assert_eq!(claim(conn.exec(), "ws", "k1", "hash-a", now).await.expect("claim"), Claim::InFlight);
        assert_eq!(claim(conn.exec(), "ws", "k1", "hash-b", now).await.expect("claim"), Claim::Mismatch);
        // Another scope may use the same key.
        assert_eq!(claim(conn.exec(), "other", "k1", "hash-b", now).await.expect("claim"), Claim::Fresh);

        let response = StoredResponse { status: 201, headers: vec![("etag".into(), "\"1\"".into())], body: b"{}".to_vec() };
        complete(conn.exec(), "ws", "k1", &response).await.expect("complete");
        assert_eq!(claim(conn.exec(), "ws", "k1", "hash-a", now).await.expect("claim"), Claim::Replay(response));

        // A claim whose request died may be taken over after a while, and released ones at once.
        assert_eq!(claim(conn.exec(), "ws", "k2", "h", now).await.expect("claim"), Claim::Fresh);
        let later = now + ABANDONED_AFTER + time::Duration::seconds(1);
        assert_eq!(claim(conn.exec(), "ws", "k2", "h", later).await.expect("claim"), Claim::Fresh);
        release(conn.exec(), "ws", "k2").await.expect("release");
        assert_eq!(claim(conn.exec(), "ws", "k2", "h", later).await.expect("claim"), Claim::Fresh);
    }
}

on_both_backends! {
    async fn a_change_marks_its_key_so_a_retry_after_a_crash_does_not_act_again(t: &TestDb) {
        let clock = rapport_core::kernel::clock::Clock::fixed(time::macros::datetime!(2026-12-05 10:00 UTC));
        let (app, actor) = t.app_on(clock.clone()).await;
        let now = clock.now();
        let mut conn = t.db.acquire().await.expect("conn");
        // A keyed request makes its change, and the process dies before its
        // answer is kept.
        assert_eq!(claim(conn.exec(), "ws", "made", "h", now).await.expect("claim"), Claim::Fresh);
        let made = keyed("ws".into(), "made".into(), app.create_party(&actor, &crate::organization("Firma"))).await;
        assert!(made.is_ok());
        // One that was refused, and so changed nothing, dies the same way.
        assert_eq!(claim(conn.exec(), "ws", "refused", "h", now).await.expect("claim"), Claim::Fresh);
        let refused = keyed("ws".into(), "refused".into(), app.create_party(&actor, &crate::organization(""))).await;
        assert!(refused.is_err());

        let later = now + ABANDONED_AFTER + time::Duration::seconds(1);
        assert_eq!(claim(conn.exec(), "ws", "made", "h", later).await.expect("claim"), Claim::Done, "not made twice");
        assert_eq!(claim(conn.exec(), "ws", "refused", "h", later).await.expect("claim"), Claim::Fresh, "made afresh");
        // Before the claim is abandoned, either is still in flight.
        assert_eq!(claim(conn.exec(), "ws", "made", "h", now).await.expect("claim"), Claim::InFlight);
    }
}
