use rapport_core::{AppError, on_both_backends};
use rapport_domain::parties::note::NoteInput;

use super::person;

fn note(body: &str) -> NoteInput {
    NoteInput { body: body.to_owned() }
}

on_both_backends! {
    async fn notes_are_written_edited_and_deleted_with_the_party_audit(t: &TestDb) {
        let (app, actor) = t.app().await;
        let ada = app.create_party(&actor, &person("Ada", "ada@example.com", "0812 3456 7890")).await.expect("party");
        let first = app.add_note(&actor, ada.id, &note("  Called about the retainer.\nWants a proposal.  ")).await.expect("note");
        assert_eq!(first.body, "Called about the retainer.\nWants a proposal.");
        assert_eq!(first.author, "system:test");
        let second = app.add_note(&actor, ada.id, &note("Sent the proposal.")).await.expect("note");
        let listed: Vec<_> = app.notes_of(&actor, ada.id).await.expect("list").into_iter().map(|n| n.id).collect();
        assert_eq!(listed, [second.id, first.id]);
        assert_eq!(app.note(&actor, first.id).await.expect("read"), first);

        assert!(matches!(app.add_note(&actor, ada.id, &note("  ")).await, Err(AppError::Validation(_))));
        let edited = app.edit_note(&actor, first.id, Some(1), &note("Called twice.")).await.expect("edit");
        assert_eq!((edited.version, edited.body.as_str()), (2, "Called twice."));
        assert!(matches!(app.edit_note(&actor, first.id, Some(1), &note("Lost")).await, Err(AppError::VersionMismatch { current_version: 2 })));
        app.delete_note(&actor, second.id, None).await.expect("delete");
        assert!(matches!(app.note(&actor, second.id).await, Err(AppError::NotFound)));
        assert_eq!(app.notes_of(&actor, ada.id).await.expect("list").len(), 1);

        // The notes of a deleted party are hidden, and come back with it.
        app.delete_party(&actor, ada.id, None).await.expect("delete party");
        assert!(matches!(app.note(&actor, first.id).await, Err(AppError::NotFound)));
        assert!(matches!(app.notes_of(&actor, ada.id).await, Err(AppError::NotFound)));
        assert!(matches!(app.add_note(&actor, ada.id, &note("x")).await, Err(AppError::NotFound)));
        app.restore_party(&actor, ada.id).await.expect("restore");
        assert_eq!(app.notes_of(&actor, ada.id).await.expect("list").len(), 1);

        let trail: Vec<_> = app.party_audit(&actor, ada.id, 100).await.expect("audit").into_iter()
            .map(|e| format!("{} {}", e.entity_type, e.action)).collect();
        assert_eq!(trail, ["party restore", "party delete", "note delete", "note update", "note create", "note create", "party create"]);
    }
}
