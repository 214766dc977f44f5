//! The `workspaces` table.

use rapport_domain::common::ids::WorkspaceId;
use rapport_domain::workspaces::{Workspace, WorkspaceSettings};
use sqlx::Row;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::kernel::db::Exec;
use crate::kernel::store::StoreError;
use crate::on_conn;

macro_rules! select_workspaces {
    () => {
        "SELECT id, slug, name, currency, locale, time_zone, phone_region, relationship_policy, terminology, version, \
         created_at, updated_at FROM workspaces"
    };
}

struct WorkspaceRow {
    id: Uuid,
    slug: String,
    name: String,
    currency: String,
    locale: String,
    time_zone: String,
    phone_region: String,
    policy: String,
    terminology: String,
    version: i64,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
}

macro_rules! workspace_row {
    ($row:expr) => {{
        let row = &$row;
        WorkspaceRow {
            id: row.try_get("id")?,
            slug: row.try_get("slug")?,
            name: row.try_get("name")?,
            currency: row.try_get("currency")?,
            locale: row.try_get("locale")?,
            time_zone: row.try_get("time_zone")?,
            phone_region: row.try_get("phone_region")?,
            policy: row.try_get("relationship_policy")?,
            terminology: row.try_get("terminology")?,
            version: row.try_get("version")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
        }
    }};
}

impl WorkspaceRow {
    fn into_workspace(self) -> Result<Workspace, StoreError> {
        let settings = WorkspaceSettings::from_stored(
            self.name,
            self.currency,
            &self.locale,
            self.time_zone,
            &self.phone_region,
            &self.policy,
            &self.terminology,
        )
        .map_err(StoreError::corrupt)?;
        Ok(Workspace {
            id: WorkspaceId(self.id),
            slug: self.slug,
            settings,
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(StoreError::other)
}

pub async fn insert(exec: Exec<'_>, workspace: &Workspace) -> Result<(), StoreError> {
    let s = &workspace.settings;
    let (policy, terminology) = (json(&s.policy)?, json(&s.terminology)?);
    on_conn!(exec, c => {
        sqlx::query(
            "INSERT INTO workspaces (id, slug, name, currency, locale, time_zone, phone_region, version, \
             created_at, updated_at, relationship_policy, terminology) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(workspace.id.0)
        .bind(&workspace.slug)
        .bind(&s.name)
        .bind(s.currency.as_str())
        .bind(s.locale.as_str())
        .bind(s.time_zone.as_str())
        .bind(s.phone_region.as_str())
        .bind(workspace.version)
        .bind(workspace.created_at)
        .bind(workspace.updated_at)
        .bind(&policy)
        .bind(&terminology)
        .execute(&mut *c)
        .await?;
    });
    Ok(())
}

/// Writes new settings if the stored row is still at `expected_version`.
pub async fn update(exec: Exec<'_>, workspace: &Workspace, expected_version: i64) -> Result<bool, StoreError> {
    let s = &workspace.settings;
    let (policy, terminology) = (json(&s.policy)?, json(&s.terminology)?);
    let affected = on_conn!(exec, c => {
        sqlx::query(
            "UPDATE workspaces SET name = $1, currency = $2, locale = $3, time_zone = $4, phone_region = $5, \
             version = $6, updated_at = $7, relationship_policy = $10, terminology = $11 WHERE id = $8 AND version = $9",
        )
        .bind(&s.name)
        .bind(s.currency.as_str())
        .bind(s.locale.as_str())
        .bind(s.time_zone.as_str())
        .bind(s.phone_region.as_str())
        .bind(workspace.version)
        .bind(workspace.updated_at)
        .bind(workspace.id.0)
        .bind(expected_version)
        .bind(&policy)
        .bind(&terminology)
        .execute(&mut *c)
        .await?
        .rows_affected()
    });
    Ok(affected == 1)
}

pub async fn get(exec: Exec<'_>, id: WorkspaceId) -> Result<Option<Workspace>, StoreError> {
    let row = on_conn!(exec, c => {
        match sqlx::query(concat!(select_workspaces!(), " WHERE id = $1 AND deleted_at IS NULL"))
            .bind(id.0)
            .fetch_optional(&mut *c)
            .await?
        {
            Some(row) => Some(workspace_row!(row)),
            None => None,
        }
    });
    row.map(WorkspaceRow::into_workspace).transpose()
}

pub async fn by_slug(exec: Exec<'_>, slug: &str) -> Result<Option<Workspace>, StoreError> {
    let row = on_conn!(exec, c => {
        match sqlx::query(concat!(select_workspaces!(), " WHERE slug = $1 AND deleted_at IS NULL"))
            .bind(slug)
            .fetch_optional(&mut *c)
            .await?
        {
            Some(row) => Some(workspace_row!(row)),
            None => None,
        }
    });
    row.map(WorkspaceRow::into_workspace).transpose()
}

pub async fn list(exec: Exec<'_>) -> Result<Vec<Workspace>, StoreError> {
    let rows = on_conn!(exec, c => {
        let mut rows = Vec::new();
        for row in sqlx::query(concat!(select_workspaces!(), " WHERE deleted_at IS NULL ORDER BY slug"))
            .fetch_all(&mut *c)
            .await?
        {
            rows.push(workspace_row!(row));
        }
        rows
    });
    rows.into_iter().map(WorkspaceRow::into_workspace).collect()
}

/// A workspace, read under a share lock on PostgreSQL: a change of its
/// settings in flight is waited for, and none can start until the reading
/// transaction ends. SQLite's write transactions need no such lock.
pub async fn get_shared(exec: Exec<'_>, id: WorkspaceId) -> Result<Option<Workspace>, StoreError> {
    match exec {
        Exec::Postgres(c) => {
            sqlx::query("SELECT id FROM workspaces WHERE id = $1 FOR SHARE").bind(id.0).fetch_optional(&mut *c).await?;
            get(Exec::Postgres(c), id).await
        }
        sqlite => get(sqlite, id).await,
    }
}
