use rapport_core::{AppError, kernel::migrate, on_both_backends};
use rapport_domain::workspaces::SettingsPatch;

on_both_backends! {
    async fn the_default_workspace_is_made_once_and_migrations_rerun_cleanly(t: &TestDb) {
        let (app, actor) = t.app().await;
        let again = app.ensure_default_workspace().await.expect("again");
        assert_eq!(again.id, actor.workspace_id);
        // Every migration file is embedded, and a rerun applies none twice.
        let files = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/sqlite")).expect("migrations").count();
        assert_eq!(migrate::run(&t.db).await.expect("rerun"), files);
        assert_eq!(app.list_workspaces().await.expect("list").len(), 1);
        assert_eq!(again.settings.currency.as_str(), "IDR");
        assert_eq!(again.settings.phone_region.as_str(), "ID");
    }

    async fn settings_change_with_the_right_version_only(t: &TestDb) {
        let (app, actor) = t.app().await;
        let patch = SettingsPatch { currency: Some("PLN".into()), phone_region: Some("PL".into()), ..Default::default() };
        let updated = app.update_workspace(&actor, Some(1), patch.clone()).await.expect("update");
        assert_eq!((updated.version, updated.settings.currency.as_str()), (2, "PLN"));
        assert!(matches!(app.update_workspace(&actor, Some(1), patch).await, Err(AppError::VersionMismatch { current_version: 2 })));
        let bad = SettingsPatch { locale: Some("de".into()), ..Default::default() };
        assert!(matches!(app.update_workspace(&actor, Some(2), bad).await, Err(AppError::Validation(_))));
        assert!(matches!(app.create_workspace("default", updated.settings.clone()).await, Err(AppError::Conflict(_))));
        assert!(matches!(app.create_workspace("Not A Slug", updated.settings).await, Err(AppError::Validation(_))));

        // Phones of new parties are now read as Polish numbers.
        let party = app.create_party(&actor, &crate::person("Jan", "jan@example.pl", "601 234 567")).await.expect("party");
        assert_eq!(party.facts.phones[0].number.as_str(), "+48601234567");
    }
}
