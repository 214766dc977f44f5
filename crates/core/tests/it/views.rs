use rapport_core::{AppError, on_both_backends};
use rapport_domain::identity::{Password, UserInput};

fn member(email: &str) -> UserInput {
    UserInput {
        email: email.into(),
        display_name: email.into(),
        locale: None,
        password: Password::new("correct horse battery"),
        role: "sales".into(),
    }
}

on_both_backends! {
    async fn each_member_keeps_views_that_are_deleted_and_restored_with_an_audit_trail(t: &TestDb) {
        let (app, system) = t.app().await;
        let mut actors = Vec::new();
        for email in ["ada@example.com", "bo@example.com"] {
            let user = app.create_user(&system, system.workspace_id, &member(email)).await.expect("user");
            let (secret, _) = app.open_session(user.id, system.workspace_id).await.expect("session");
            actors.push(app.session_actor(&secret).await.expect("actor").expect("live").1);
        }
        let (ada, bo) = (&actors[0], &actors[1]);
        let saved = app.save_view(ada, "VIP clients", "tag=vip&relationship=client").await.expect("saved");
        assert_eq!(saved.query, "relationship=client&tag=vip");
        app.save_view(ada, "Mine", "owner=me").await.expect("saved");
        let names: Vec<String> = app.saved_views(ada).await.expect("views").into_iter().map(|v| v.name).collect();
        assert_eq!(names, ["Mine", "VIP clients"]);
        assert!(app.saved_views(bo).await.expect("views").is_empty(), "views are their member's own");
        match app.save_view(ada, " ", "cursor=x").await {
            Err(AppError::Validation(errors)) => {
                assert_eq!(errors.0.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["name", "query"]);
            }
            other => panic!("expected a validation error, got {other:?}"),
        }

        assert!(matches!(app.delete_view(bo, saved.id, true).await, Err(AppError::NotFound)), "not Bo's to delete");
        app.delete_view(ada, saved.id, true).await.expect("deleted");
        assert_eq!(app.saved_views(ada).await.expect("views").len(), 1);
        assert!(matches!(app.delete_view(ada, saved.id, true).await, Err(AppError::NotFound)), "deleted once");
        let restored = app.delete_view(ada, saved.id, false).await.expect("restored");
        assert_eq!(restored, saved);
        assert_eq!(app.saved_views(ada).await.expect("views").len(), 2);
        assert!(matches!(app.saved_views(&system).await, Err(AppError::Forbidden)), "the system has no views");
        assert_eq!(t.audit_actions(saved.id).await, ["create", "delete", "restore"]);
    }
}
