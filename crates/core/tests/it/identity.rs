use rapport_core::identity::store::credentials;
use rapport_core::identity::{REFUSE_AFTER, SignIn, session_live};
use rapport_core::{AppError, kernel::clock, kernel::secrets, on_both_backends};
use rapport_domain::access::{Role, TokenScope};
use rapport_domain::common::ids::TokenId;
use rapport_domain::identity::{ApiToken, Password, UserInput};
use time::Duration;

fn user(email: &str, role: &str) -> UserInput {
    UserInput {
        email: email.into(),
        display_name: "Ada Lovelace".into(),
        locale: Some("id".into()),
        password: Password::new("correct horse battery"),
        role: role.into(),
    }
}

on_both_backends! {
    async fn users_sign_in_with_their_password_only(t: &TestDb) {
        let (app, actor) = t.app().await;
        let ada = app.create_user(&actor, actor.workspace_id, &user("Ada@Example.com", "sales")).await.expect("user");
        match app.create_user(&actor, actor.workspace_id, &user("ada@example.COM", "viewer")).await {
            Err(AppError::Validation(errors)) => assert_eq!(errors.0[0].code, "taken"),
            other => panic!("expected the email to be taken, got {other:?}"),
        }
        assert_eq!(app.memberships_of(ada.id).await.expect("memberships"), [(actor.workspace_id, Role::Sales)]);

        let right = Password::new("correct horse battery");
        let wrong = Password::new("incorrect horse battery");
        assert!(matches!(app.sign_in("ADA@example.com", &right, "10.0.0.1").await.expect("sign in"), SignIn::Ok(u) if u.id == ada.id));
        assert!(matches!(app.sign_in("ada@example.com", &wrong, "10.0.0.1").await.expect("sign in"), SignIn::Refused));
        assert!(matches!(app.sign_in("nobody@example.com", &right, "10.0.0.1").await.expect("sign in"), SignIn::Refused));

        app.reset_password(&actor, ada.id, &Password::new("a brand new passphrase"), false).await.expect("reset");
        assert!(matches!(app.sign_in("ada@example.com", &right, "10.0.0.2").await.expect("sign in"), SignIn::Refused));
        assert!(matches!(app.reset_password(&actor, ada.id, &Password::new("short"), false).await, Err(AppError::Validation(_))));

        let trail = app.users().await.expect("users");
        assert_eq!(trail.len(), 1);
    }

    async fn repeated_failures_are_throttled_per_account_and_per_address(t: &TestDb) {
        let (app, actor) = t.app().await;
        app.create_user(&actor, actor.workspace_id, &user("ada@example.com", "sales")).await.expect("user");
        // Record failures directly: the slow-down after the first few would make
        // the test take seconds per attempt.
        let keys = ["email:ada@example.com".to_owned(), "addr:192.0.2.1".to_owned()];
        let mut conn = t.db.acquire().await.expect("conn");
        for _ in 0..REFUSE_AFTER {
            credentials::record_failure(conn.exec(), &keys[..1], clock::Clock::system().now()).await.expect("record");
        }
        drop(conn);
        let right = Password::new("correct horse battery");
        // Even the right password is refused while the account is throttled…
        assert!(matches!(app.sign_in("ada@example.com", &right, "198.51.100.7").await.expect("sign in"), SignIn::Throttled));
        // …and a throttled address is refused for any account, existing or not.
        let mut conn = t.db.acquire().await.expect("conn");
        for _ in 0..REFUSE_AFTER {
            credentials::record_failure(conn.exec(), &keys[1..], clock::Clock::system().now()).await.expect("record");
        }
        drop(conn);
        assert!(matches!(app.sign_in("nobody@example.com", &right, "192.0.2.1").await.expect("sign in"), SignIn::Throttled));
        // Old failures stop counting.
        let mut conn = t.db.acquire().await.expect("conn");
        let later = clock::Clock::system().now() + Duration::minutes(16);
        assert_eq!(credentials::failures_since(conn.exec(), &keys, later - Duration::minutes(15)).await.expect("count"), 0);
    }

    async fn sessions_open_expire_and_close(t: &TestDb) {
        let (app, actor) = t.app().await;
        let ada = app.create_user(&actor, actor.workspace_id, &user("ada@example.com", "sales")).await.expect("user");
        let (secret, session) = app.open_session(ada.id, actor.workspace_id).await.expect("open");
        let (other_secret, _) = app.open_session(ada.id, actor.workspace_id).await.expect("open");
        assert_ne!(secret, other_secret, "each sign-in gets a new session id");
        assert_eq!(app.session_actor(&secret).await.expect("read").map(|(s, _)| s), Some(session.clone()));
        assert_eq!(app.session_actor("rps_forged").await.expect("read").map(|(s, _)| s), None);

        let now = clock::Clock::system().now();
        assert!(session_live(&session, now));
        let idle = credentials::Session { last_seen_at: now - Duration::hours(13), ..session.clone() };
        assert!(!session_live(&idle, now));
        let old = credentials::Session { created_at: now - Duration::days(8), last_seen_at: now, ..session.clone() };
        assert!(!session_live(&old, now));

        app.close_session(&secret).await.expect("close");
        assert_eq!(app.session_actor(&secret).await.expect("read").map(|(s, _)| s), None);
        let (secret, _) = app.create_token(&actor, ada.id, actor.workspace_id, "laptop", TokenScope::Read, None).await.expect("token");
        let kept = app.reset_password(&actor, ada.id, &Password::new("another long passphrase"), false).await.expect("reset");
        assert_eq!(app.session_actor(&other_secret).await.expect("read").map(|(s, _)| s), None, "a new password ends every session");
        assert_eq!(kept, (0, 1), "the token is left, and said to be left");
        assert!(app.token_actor(&secret).await.expect("lookup").is_some());
        let revoked = app.reset_password(&actor, ada.id, &Password::new("a third long passphrase"), true).await.expect("reset");
        assert_eq!(revoked, (1, 0));
        assert!(app.token_actor(&secret).await.expect("lookup").is_none(), "asked to, the reset revokes the tokens");
    }

    async fn tokens_are_shown_once_revocable_and_expire(t: &TestDb) {
        let (app, actor) = t.app().await;
        let ada = app.create_user(&actor, actor.workspace_id, &user("ada@example.com", "sales")).await.expect("user");
        let (secret, token) = app.create_token(&actor, ada.id, actor.workspace_id, "CI", TokenScope::Read, None).await.expect("token");
        assert!(secret.starts_with("rpt_"));
        assert_eq!(app.token_actor(&secret).await.expect("lookup").map(|(t, _)| t), Some(token.clone()));
        assert_eq!(app.tokens_of(ada.id).await.expect("list"), std::slice::from_ref(&token));
        app.revoke_token(&actor, ada.id, token.id).await.expect("revoke");
        assert_eq!(app.token_actor(&secret).await.expect("lookup").map(|(t, _)| t), None);
        assert!(matches!(app.revoke_token(&actor, ada.id, token.id).await, Err(AppError::NotFound)));

        let past = clock::Clock::system().now() - Duration::minutes(1);
        assert!(matches!(app.create_token(&actor, ada.id, actor.workspace_id, "x", TokenScope::Read, Some(past)).await, Err(AppError::Validation(_))));
        let expired_secret = secrets::new_secret("rpt_").expect("rng");
        let expired = ApiToken { id: TokenId(clock::new_id()), expires_at: Some(past), ..token };
        let mut conn = t.db.acquire().await.expect("conn");
        credentials::insert_token(conn.exec(), &expired, &secrets::hash(&expired_secret)).await.expect("insert");
        drop(conn);
        assert_eq!(app.token_actor(&expired_secret).await.expect("lookup").map(|(t, _)| t), None);
    }
}
