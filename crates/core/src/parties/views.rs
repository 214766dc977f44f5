//! Saved views: each member keeps their own named filters of the party list.
//! Saving, deleting and restoring are audited; a deleted view can be restored.

use rapport_domain::events::EventType;
use rapport_domain::parties::events::SavedViewV1;
use rapport_domain::parties::view;
use rapport_domain::parties::view::SavedView;

use crate::kernel::store::StoreError;
use crate::kernel::versioned::audit_value;
use crate::kernel::{Actor, App, AppError, clock};
use crate::parties::store::views;

impl App {
    /// The acting member's saved views, by name.
    pub async fn saved_views(&self, actor: &Actor) -> Result<Vec<SavedView>, AppError> {
        let user = actor.user().ok_or(AppError::Forbidden)?;
        let mut conn = self.db().acquire().await?;
        Ok(views::of_member(conn.exec(), actor.workspace_id, user).await?)
    }

    /// Saves the list's filters `query` under `name` for the acting member.
    pub async fn save_view(&self, actor: &Actor, name: &str, query: &str) -> Result<SavedView, AppError> {
        let user = actor.user().ok_or(AppError::Forbidden)?;
        let (name, query) = view::parse(name, query)?;
        let saved = SavedView { id: clock::new_id(), workspace_id: actor.workspace_id, user_id: user, name, query };
        let mut tx = self.begin().await?;
        views::insert(tx.exec(), &saved, self.now()).await?;
        let after = serde_json::to_value(&saved).map_err(StoreError::other)?;
        let event = SavedViewV1::event(EventType::SavedViewSaved, &saved);
        audit_value(&mut tx, actor, "create", "saved_view", saved.id, None, Some(&after), &[], event).await?;
        tx.commit().await?;
        Ok(saved)
    }

    /// Deletes (`deleted`) or restores one of the acting member's views.
    pub async fn delete_view(&self, actor: &Actor, id: uuid::Uuid, deleted: bool) -> Result<SavedView, AppError> {
        let user = actor.user().ok_or(AppError::Forbidden)?;
        let mut tx = self.begin().await?;
        let at = deleted.then(|| tx.now());
        let found = views::set_deleted(tx.exec(), actor.workspace_id, user, id, at).await?.ok_or(AppError::NotFound)?;
        let value = serde_json::to_value(&found).map_err(StoreError::other)?;
        let (action, before, after) =
            if deleted { ("delete", Some(&value), None) } else { ("restore", None, Some(&value)) };
        let kind = if deleted { EventType::SavedViewDeleted } else { EventType::SavedViewSaved };
        audit_value(&mut tx, actor, action, "saved_view", id, before, after, &[], SavedViewV1::event(kind, &found))
            .await?;
        tx.commit().await?;
        Ok(found)
    }
}
