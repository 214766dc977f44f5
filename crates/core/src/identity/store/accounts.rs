//! Users, their memberships of workspaces, and teams.

use rapport_domain::access::Role;
use rapport_domain::common::contact::Email;
use rapport_domain::common::ids::{TeamId, UserId, WorkspaceId};
use rapport_domain::common::locale::Locale;
use rapport_domain::identity::{Team, User};
use sqlx::Row;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::kernel::db::Exec;
use crate::kernel::store::StoreError;
use crate::on_conn;

macro_rules! select_users {
    () => {
        "SELECT u.id, u.email, u.display_name, u.locale, u.password_hash, u.version, u.created_at, u.updated_at \
         FROM users u"
    };
}

/// A user with the hash of their password.
pub struct StoredUser {
    pub user: User,
    pub password_hash: String,
}

struct UserRow {
    id: Uuid,
    email: String,
    display_name: String,
    locale: String,
    password_hash: String,
    version: i64,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
}

macro_rules! user_row {
    ($row:expr) => {{
        let row = &$row;
        UserRow {
            id: row.try_get("id")?,
            email: row.try_get("email")?,
            display_name: row.try_get("display_name")?,
            locale: row.try_get("locale")?,
            password_hash: row.try_get("password_hash")?,
            version: row.try_get("version")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
        }
    }};
}

impl UserRow {
    fn into_stored(self) -> Result<StoredUser, StoreError> {
        Ok(StoredUser {
            user: User {
                id: UserId(self.id),
                email: Email::parse(&self.email).map_err(StoreError::corrupt)?,
                display_name: self.display_name,
                locale: Locale::parse(&self.locale).map_err(StoreError::corrupt)?,
                version: self.version,
                created_at: self.created_at,
                updated_at: self.updated_at,
            },
            password_hash: self.password_hash,
        })
    }
}

pub async fn insert_user(exec: Exec<'_>, user: &User, password_hash: &str) -> Result<(), StoreError> {
    on_conn!(exec, c => {
        sqlx::query(
            "INSERT INTO users (id, email, email_key, display_name, locale, password_hash, version, created_at, \
             updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(user.id.0)
        .bind(user.email.as_str())
        .bind(user.email.key())
        .bind(&user.display_name)
        .bind(user.locale.as_str())
        .bind(password_hash)
        .bind(user.version)
        .bind(user.created_at)
        .bind(user.updated_at)
        .execute(&mut *c)
        .await?;
    });
    Ok(())
}

pub async fn user(exec: Exec<'_>, id: UserId) -> Result<Option<StoredUser>, StoreError> {
    let row = on_conn!(exec, c => {
        match sqlx::query(concat!(select_users!(), " WHERE u.id = $1 AND u.deleted_at IS NULL"))
            .bind(id.0)
            .fetch_optional(&mut *c)
            .await?
        {
            Some(row) => Some(user_row!(row)),
            None => None,
        }
    });
    row.map(UserRow::into_stored).transpose()
}

/// The user with this email, compared without regard to case.
pub async fn user_by_email(exec: Exec<'_>, email_key: &str) -> Result<Option<StoredUser>, StoreError> {
    let row = on_conn!(exec, c => {
        match sqlx::query(concat!(select_users!(), " WHERE u.email_key = $1 AND u.deleted_at IS NULL"))
            .bind(email_key)
            .fetch_optional(&mut *c)
            .await?
        {
            Some(row) => Some(user_row!(row)),
            None => None,
        }
    });
    row.map(UserRow::into_stored).transpose()
}

/// Every user, in email order.
pub async fn users(exec: Exec<'_>) -> Result<Vec<User>, StoreError> {
    let rows = on_conn!(exec, c => {
        let mut rows = Vec::new();
        for row in sqlx::query(concat!(select_users!(), " WHERE u.deleted_at IS NULL ORDER BY u.email_key"))
            .fetch_all(&mut *c)
            .await?
        {
            rows.push(user_row!(row));
        }
        rows
    });
    rows.into_iter().map(|r| r.into_stored().map(|s| s.user)).collect()
}

pub async fn set_password(exec: Exec<'_>, id: UserId, hash: &str, at: OffsetDateTime) -> Result<bool, StoreError> {
    Ok(on_conn!(exec, c => {
        sqlx::query("UPDATE users SET password_hash = $1, version = version + 1, updated_at = $2 WHERE id = $3 AND deleted_at IS NULL")
            .bind(hash)
            .bind(at)
            .bind(id.0)
            .execute(&mut *c)
            .await?
            .rows_affected()
            == 1
    }))
}

/// Sets the language the interface speaks to `id`.
pub async fn set_locale(exec: Exec<'_>, id: UserId, locale: Locale, at: OffsetDateTime) -> Result<bool, StoreError> {
    Ok(on_conn!(exec, c => {
        sqlx::query("UPDATE users SET locale = $1, version = version + 1, updated_at = $2 WHERE id = $3 AND deleted_at IS NULL")
            .bind(locale.as_str())
            .bind(at)
            .bind(id.0)
            .execute(&mut *c)
            .await?
            .rows_affected()
            == 1
    }))
}

/// Gives `user` `role` in `workspace`, replacing any role they had there.
pub async fn set_membership(
    exec: Exec<'_>,
    user: UserId,
    workspace: WorkspaceId,
    role: Role,
    at: OffsetDateTime,
) -> Result<(), StoreError> {
    on_conn!(exec, c => {
        sqlx::query(
            "INSERT INTO memberships (user_id, workspace_id, role, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (user_id, workspace_id) DO UPDATE SET role = excluded.role",
        )
        .bind(user.0)
        .bind(workspace.0)
        .bind(role.as_str())
        .bind(at)
        .execute(&mut *c)
        .await?;
    });
    Ok(())
}

/// The role of `user` in `workspace`, if a member.
pub async fn role(exec: Exec<'_>, user: UserId, workspace: WorkspaceId) -> Result<Option<Role>, StoreError> {
    let raw: Option<String> = on_conn!(exec, c => {
        sqlx::query_scalar("SELECT role FROM memberships WHERE user_id = $1 AND workspace_id = $2")
            .bind(user.0)
            .bind(workspace.0)
            .fetch_optional(&mut *c)
            .await?
    });
    raw.map(|r| Role::parse(&r).map_err(StoreError::corrupt)).transpose()
}

/// The workspaces `user` belongs to, with the role in each, oldest membership first.
pub async fn memberships_of(exec: Exec<'_>, user: UserId) -> Result<Vec<(WorkspaceId, Role)>, StoreError> {
    let rows: Vec<(Uuid, String)> = on_conn!(exec, c => {
        sqlx::query_as("SELECT workspace_id, role FROM memberships WHERE user_id = $1 ORDER BY created_at, workspace_id")
            .bind(user.0)
            .fetch_all(&mut *c)
            .await?
    });
    rows.into_iter().map(|(ws, role)| Ok((WorkspaceId(ws), Role::parse(&role).map_err(StoreError::corrupt)?))).collect()
}

/// The members of `workspace` with their roles, in email order.
pub async fn members_of(exec: Exec<'_>, workspace: WorkspaceId) -> Result<Vec<(User, Role)>, StoreError> {
    let rows = on_conn!(exec, c => {
        let mut rows = Vec::new();
        let found = sqlx::query(concat!(
            "SELECT u.id, u.email, u.display_name, u.locale, u.password_hash, u.version, u.created_at, u.updated_at, ",
            "m.role FROM users u JOIN memberships m ON m.user_id = u.id ",
            "WHERE m.workspace_id = $1 AND u.deleted_at IS NULL ORDER BY u.email_key"
        ))
        .bind(workspace.0)
        .fetch_all(&mut *c)
        .await?;
        for row in found {
            let role: String = row.try_get("role")?;
            rows.push((user_row!(row), role));
        }
        rows
    });
    rows.into_iter()
        .map(|(row, role)| Ok((row.into_stored()?.user, Role::parse(&role).map_err(StoreError::corrupt)?)))
        .collect()
}

pub async fn insert_team(exec: Exec<'_>, team: &Team, at: OffsetDateTime) -> Result<(), StoreError> {
    on_conn!(exec, c => {
        sqlx::query("INSERT INTO teams (id, workspace_id, name, created_at) VALUES ($1, $2, $3, $4)")
            .bind(team.id.0)
            .bind(team.workspace_id.0)
            .bind(&team.name)
            .bind(at)
            .execute(&mut *c)
            .await?;
    });
    Ok(())
}

/// Adds `user` to `team`; false when they were in it already.
pub async fn add_team_member(exec: Exec<'_>, team: TeamId, user: UserId) -> Result<bool, StoreError> {
    Ok(on_conn!(exec, c => {
        sqlx::query("INSERT INTO team_members (team_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(team.0)
            .bind(user.0)
            .execute(&mut *c)
            .await?
            .rows_affected()
            == 1
    }))
}

/// Takes `user` out of `team`; false when they were not in it.
pub async fn remove_team_member(exec: Exec<'_>, team: TeamId, user: UserId) -> Result<bool, StoreError> {
    Ok(on_conn!(exec, c => {
        sqlx::query("DELETE FROM team_members WHERE team_id = $1 AND user_id = $2")
            .bind(team.0)
            .bind(user.0)
            .execute(&mut *c)
            .await?
            .rows_affected()
            == 1
    }))
}

/// The users who share a team with `user` in `workspace` (`user` included when
/// in any team).
pub async fn teammates(exec: Exec<'_>, user: UserId, workspace: WorkspaceId) -> Result<Vec<UserId>, StoreError> {
    let ids: Vec<Uuid> = on_conn!(exec, c => {
        sqlx::query_scalar(
            "SELECT DISTINCT other.user_id FROM team_members mine \
             JOIN teams t ON t.id = mine.team_id AND t.workspace_id = $2 \
             JOIN team_members other ON other.team_id = mine.team_id \
             WHERE mine.user_id = $1 ORDER BY other.user_id",
        )
        .bind(user.0)
        .bind(workspace.0)
        .fetch_all(&mut *c)
        .await?
    });
    Ok(ids.into_iter().map(UserId).collect())
}

/// The teams of `workspace` with their members, by name.
pub async fn teams(exec: Exec<'_>, workspace: WorkspaceId) -> Result<Vec<(Team, Vec<UserId>)>, StoreError> {
    let rows: Vec<(Uuid, String, Option<Uuid>)> = on_conn!(exec, c => {
        sqlx::query_as(
            "SELECT t.id, t.name, m.user_id FROM teams t LEFT JOIN team_members m ON m.team_id = t.id \
             WHERE t.workspace_id = $1 ORDER BY t.name, t.id, m.user_id",
        )
        .bind(workspace.0)
        .fetch_all(&mut *c)
        .await?
    });
    let mut teams: Vec<(Team, Vec<UserId>)> = Vec::new();
    for (id, name, member) in rows {
        if teams.last().is_none_or(|(team, _)| team.id.0 != id) {
            teams.push((Team { id: TeamId(id), workspace_id: workspace, name }, Vec::new()));
        }
        if let (Some(member), Some((_, members))) = (member, teams.last_mut()) {
            members.push(UserId(member));
        }
    }
    Ok(teams)
}
