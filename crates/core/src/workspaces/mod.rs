//! Workspaces and their settings.

pub mod store;

use rapport_domain::common::ids::WorkspaceId;
use rapport_domain::events::EventType;
use rapport_domain::workspaces::events::WorkspaceV1;
use rapport_domain::workspaces::{SettingsPatch, Workspace, WorkspaceSettings, WorkspaceSettingsInput, parse_slug};

use rapport_domain::access::{Action, Resource};
use rapport_domain::classification::Terminology;

use crate::kernel::access::check_any;
use crate::kernel::audit::{Change, record};
use crate::kernel::store::StoreError;
use crate::kernel::versioned::{expect_version, lost_race};
use crate::kernel::{Actor, App, AppError, clock};

/// The slug of the workspace that exists after the first start.
pub const DEFAULT_WORKSPACE_SLUG: &str = "default";

impl App {
    /// Today in the workspace's time zone, by the application's clock.
    pub async fn today(&self, workspace: WorkspaceId) -> Result<time::Date, AppError> {
        let mut conn = self.db().acquire().await?;
        let found = store::get(conn.exec(), workspace).await?.ok_or(AppError::NotFound)?;
        Ok(found.settings.time_zone.date_of(self.now()))
    }

    /// The default workspace, created with default settings when missing.
    pub async fn ensure_default_workspace(&self) -> Result<Workspace, AppError> {
        let mut conn = self.db().acquire().await?;
        if let Some(found) = store::by_slug(conn.exec(), DEFAULT_WORKSPACE_SLUG).await? {
            return Ok(found);
        }
        drop(conn);
        match self.create_workspace(DEFAULT_WORKSPACE_SLUG, WorkspaceSettings::default_for_new_installation()).await {
            Ok(created) => Ok(created),
            // Another server created it at the same moment.
            Err(AppError::Conflict(_)) => {
                let mut conn = self.db().acquire().await?;
                store::by_slug(conn.exec(), DEFAULT_WORKSPACE_SLUG).await?.ok_or(AppError::NotFound)
            }
            Err(other) => Err(other),
        }
    }

    /// Creates a workspace; the actor of its audit entry is the system.
    pub async fn create_workspace(&self, slug: &str, settings: WorkspaceSettings) -> Result<Workspace, AppError> {
        let slug = parse_slug(slug).map_err(|p| p.at("slug"))?;
        let now = self.now();
        let workspace = Workspace {
            id: WorkspaceId(clock::new_id()),
            slug,
            settings,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        let actor = Actor::system(workspace.id, "system:setup");
        let mut tx = self.begin().await?;
        store::insert(tx.exec(), &workspace).await.map_err(|e| match e {
            StoreError::Conflict(_) => AppError::Conflict(format!("a workspace '{}' exists already", workspace.slug)),
            other => other.into(),
        })?;
        record(
            &mut tx,
            &actor,
            Change {
                action: "create",
                entity_type: "workspace",
                entity_id: workspace.id.0,
                before: None,
                after: Some(&workspace),
                parties: &[],
                event: WorkspaceV1::event(EventType::WorkspaceCreated, &workspace),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(workspace)
    }

    pub async fn workspace(&self, actor: &Actor) -> Result<Workspace, AppError> {
        check_any(actor, Resource::Workspace, Action::Read)?;
        let mut conn = self.db().acquire().await?;
        store::get(conn.exec(), actor.workspace_id).await?.ok_or(AppError::NotFound)
    }

    pub async fn workspace_by_slug(&self, slug: &str) -> Result<Workspace, AppError> {
        let mut conn = self.db().acquire().await?;
        store::by_slug(conn.exec(), slug).await?.ok_or(AppError::NotFound)
    }

    pub async fn list_workspaces(&self) -> Result<Vec<Workspace>, AppError> {
        let mut conn = self.db().acquire().await?;
        Ok(store::list(conn.exec()).await?)
    }

    /// Changes the settings of the actor's workspace if it is still at
    /// `expected_version` (when given).
    pub async fn update_workspace(
        &self,
        actor: &Actor,
        expected_version: Option<i64>,
        patch: SettingsPatch,
    ) -> Result<Workspace, AppError> {
        check_any(actor, Resource::Workspace, Action::Update)?;
        let mut tx = self.begin().await?;
        let current = store::get(tx.exec(), actor.workspace_id).await?.ok_or(AppError::NotFound)?;
        expect_version(current.version, expected_version)?;
        let s = &current.settings;
        let input = WorkspaceSettingsInput {
            name: patch.name.unwrap_or_else(|| s.name.clone()),
            currency: patch.currency.unwrap_or_else(|| s.currency.as_str().to_owned()),
            locale: patch.locale.unwrap_or_else(|| s.locale.as_str().to_owned()),
            time_zone: patch.time_zone.unwrap_or_else(|| s.time_zone.as_str().to_owned()),
            phone_region: patch.phone_region.unwrap_or_else(|| s.phone_region.as_str().to_owned()),
        };
        let mut errors = rapport_domain::ValidationErrors::new();
        let mut settings = match WorkspaceSettings::parse(&input) {
            Ok(settings) => Some(settings),
            Err(found) => {
                errors.0.extend(found.0);
                None
            }
        };
        let policy = match &patch.policy {
            None => Some(s.policy),
            Some(change) => s.policy.with(change, "policy.").map_err(|e| errors.0.extend(e.0)).ok(),
        };
        let terminology = match &patch.terminology {
            None => Some(s.terminology.clone()),
            Some(raw) => Terminology::parse(raw).map_err(|e| errors.0.extend(e.0)).ok(),
        };
        let settings = match (settings.take(), policy, terminology) {
            (Some(settings), Some(policy), Some(terminology)) if errors.is_empty() => {
                WorkspaceSettings { policy, terminology, ..settings }
            }
            _ => return Err(AppError::Validation(errors)),
        };
        if settings == current.settings {
            return Ok(current);
        }
        let updated = Workspace { settings, version: current.version + 1, updated_at: self.now(), ..current.clone() };
        if !store::update(tx.exec(), &updated, current.version).await? {
            let now_at = store::get(tx.exec(), current.id).await?.map(|w| w.version);
            return Err(lost_race(now_at));
        }
        record(
            &mut tx,
            actor,
            Change {
                action: "update",
                entity_type: "workspace",
                entity_id: updated.id.0,
                before: Some(&current),
                after: Some(&updated),
                parties: &[],
                event: WorkspaceV1::event(EventType::WorkspaceUpdated, &updated),
            },
        )
        .await?;
        tx.commit().await?;
        if updated.settings.policy != current.settings.policy {
            self.reclassify_after(actor.workspace_id, "policy", actor.label.clone()).await;
        }
        Ok(updated)
    }
}
