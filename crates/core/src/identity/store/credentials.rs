//! Web sessions and API tokens, both found by the hash of their secret.

use rapport_domain::access::{Role, TokenScope};
use rapport_domain::common::ids::{TokenId, UserId, WorkspaceId};
use rapport_domain::identity::ApiToken;
use sqlx::Row;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::kernel::db::Exec;
use crate::kernel::store::StoreError;
use crate::on_conn;

/// A signed-in browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user_id: UserId,
    pub workspace_id: WorkspaceId,
    /// The token every state-changing request of this session must carry.
    pub csrf_token: String,
    pub created_at: OffsetDateTime,
    pub last_seen_at: OffsetDateTime,
}

pub async fn insert_session(exec: Exec<'_>, secret_hash: &str, session: &Session) -> Result<(), StoreError> {
    on_conn!(exec, c => {
        sqlx::query(
            "INSERT INTO sessions (secret_hash, user_id, workspace_id, csrf_token, created_at, last_seen_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(secret_hash)
        .bind(session.user_id.0)
        .bind(session.workspace_id.0)
        .bind(&session.csrf_token)
        .bind(session.created_at)
        .bind(session.last_seen_at)
        .execute(&mut *c)
        .await?;
    });
    Ok(())
}

pub async fn session(exec: Exec<'_>, secret_hash: &str) -> Result<Option<Session>, StoreError> {
    Ok(on_conn!(exec, c => {
        match sqlx::query(
            "SELECT user_id, workspace_id, csrf_token, created_at, last_seen_at FROM sessions WHERE secret_hash = $1",
        )
        .bind(secret_hash)
        .fetch_optional(&mut *c)
        .await?
        {
            Some(row) => Some(Session {
                user_id: UserId(row.try_get("user_id")?),
                workspace_id: WorkspaceId(row.try_get("workspace_id")?),
                csrf_token: row.try_get("csrf_token")?,
                created_at: row.try_get("created_at")?,
                last_seen_at: row.try_get("last_seen_at")?,
            }),
            None => None,
        }
    }))
}

/// Marks the session as used at `at`, and moves it to `workspace`.
pub async fn touch_session(
    exec: Exec<'_>,
    secret_hash: &str,
    workspace: WorkspaceId,
    at: OffsetDateTime,
) -> Result<(), StoreError> {
    on_conn!(exec, c => {
        sqlx::query("UPDATE sessions SET last_seen_at = $1, workspace_id = $2 WHERE secret_hash = $3")
            .bind(at)
            .bind(workspace.0)
            .bind(secret_hash)
            .execute(&mut *c)
            .await?;
    });
    Ok(())
}

pub async fn delete_session(exec: Exec<'_>, secret_hash: &str) -> Result<(), StoreError> {
    on_conn!(exec, c => {
        sqlx::query("DELETE FROM sessions WHERE secret_hash = $1").bind(secret_hash).execute(&mut *c).await?;
    });
    Ok(())
}

/// Ends every session of `user` (after a password change).
pub async fn delete_sessions_of(exec: Exec<'_>, user: UserId) -> Result<(), StoreError> {
    on_conn!(exec, c => {
        sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user.0).execute(&mut *c).await?;
    });
    Ok(())
}

/// Forgets sessions idle since `idle_before` or opened before `opened_before`.
pub async fn expire_sessions(
    exec: Exec<'_>,
    idle_before: OffsetDateTime,
    opened_before: OffsetDateTime,
) -> Result<u64, StoreError> {
    Ok(on_conn!(exec, c => {
        sqlx::query("DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2")
            .bind(idle_before)
            .bind(opened_before)
            .execute(&mut *c)
            .await?
            .rows_affected()
    }))
}

macro_rules! select_tokens {
    () => {
        "SELECT id, user_id, workspace_id, name, scope, created_at, expires_at, revoked_at FROM api_tokens"
    };
}

macro_rules! token_row {
    ($row:expr) => {{
        let row = &$row;
        let scope: String = row.try_get("scope")?;
        ApiToken {
            id: TokenId(row.try_get("id")?),
            user_id: UserId(row.try_get("user_id")?),
            workspace_id: WorkspaceId(row.try_get("workspace_id")?),
            name: row.try_get("name")?,
            scope: TokenScope::parse(&scope).map_err(StoreError::corrupt)?,
            created_at: row.try_get("created_at")?,
            expires_at: row.try_get("expires_at")?,
            revoked_at: row.try_get("revoked_at")?,
        }
    }};
}

pub async fn insert_token(exec: Exec<'_>, token: &ApiToken, secret_hash: &str) -> Result<(), StoreError> {
    on_conn!(exec, c => {
        sqlx::query(
            "INSERT INTO api_tokens (id, secret_hash, user_id, workspace_id, name, scope, created_at, expires_at, \
             revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(token.id.0)
        .bind(secret_hash)
        .bind(token.user_id.0)
        .bind(token.workspace_id.0)
        .bind(&token.name)
        .bind(token.scope.as_str())
        .bind(token.created_at)
        .bind(token.expires_at)
        .bind(token.revoked_at)
        .execute(&mut *c)
        .await?;
    });
    Ok(())
}

pub async fn token_by_secret(exec: Exec<'_>, secret_hash: &str) -> Result<Option<ApiToken>, StoreError> {
    Ok(on_conn!(exec, c => {
        match sqlx::query(concat!(select_tokens!(), " WHERE secret_hash = $1"))
            .bind(secret_hash)
            .fetch_optional(&mut *c)
            .await?
        {
            Some(row) => Some(token_row!(row)),
            None => None,
        }
    }))
}

/// The tokens of `user`, newest first.
pub async fn tokens_of(exec: Exec<'_>, user: UserId) -> Result<Vec<ApiToken>, StoreError> {
    Ok(on_conn!(exec, c => {
        let rows = sqlx::query(concat!(select_tokens!(), " WHERE user_id = $1 ORDER BY id DESC"))
            .bind(user.0)
            .fetch_all(&mut *c)
            .await?;
        let mut tokens = Vec::with_capacity(rows.len());
        for row in rows {
            tokens.push(token_row!(row));
        }
        tokens
    }))
}

/// Revokes a token of `user`; false when there is no such live token.
pub async fn revoke_token(exec: Exec<'_>, id: TokenId, user: UserId, at: OffsetDateTime) -> Result<bool, StoreError> {
    Ok(on_conn!(exec, c => {
        sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL")
            .bind(at)
            .bind(id.0)
            .bind(user.0)
            .execute(&mut *c)
            .await?
            .rows_affected()
            == 1
    }))
}

/// Revokes every live token of `user`; returns how many.
pub async fn revoke_tokens_of(exec: Exec<'_>, user: UserId, at: OffsetDateTime) -> Result<u64, StoreError> {
    Ok(on_conn!(exec, c => {
        sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
            .bind(at)
            .bind(user.0)
            .execute(&mut *c)
            .await?
            .rows_affected()
    }))
}

/// Records a failed sign-in under each of `keys`.
pub async fn record_failure(exec: Exec<'_>, keys: &[String], at: OffsetDateTime) -> Result<(), StoreError> {
    on_conn!(exec, c => {
        for key in keys {
            sqlx::query("INSERT INTO login_failures (key, at) VALUES ($1, $2)").bind(key).bind(at).execute(&mut *c).await?;
        }
    });
    Ok(())
}

/// The most failures any of `keys` has had since `since`.
pub async fn failures_since(exec: Exec<'_>, keys: &[String], since: OffsetDateTime) -> Result<i64, StoreError> {
    let mut most = 0;
    on_conn!(exec, c => {
        for key in keys {
            let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM login_failures WHERE key = $1 AND at >= $2")
                .bind(key)
                .bind(since)
                .fetch_one(&mut *c)
                .await?;
            most = most.max(count);
        }
    });
    Ok(most)
}

/// Forgets the failures of `key` (after a successful sign-in to that account).
pub async fn clear_failures(exec: Exec<'_>, key: &str) -> Result<(), StoreError> {
    on_conn!(exec, c => {
        sqlx::query("DELETE FROM login_failures WHERE key = $1").bind(key).execute(&mut *c).await?;
    });
    Ok(())
}

/// Forgets failures older than `before`.
pub async fn prune_failures(exec: Exec<'_>, before: OffsetDateTime) -> Result<u64, StoreError> {
    Ok(on_conn!(exec, c => {
        sqlx::query("DELETE FROM login_failures WHERE at < $1").bind(before).execute(&mut *c).await?.rows_affected()
    }))
}

/// What a credential stands for: its holder's role in the credential's
/// workspace and the members of their teams there, read in the same query as
/// the credential itself (one round trip per request instead of three).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    pub role: Role,
    pub teammates: Vec<UserId>,
}

/// Joins a credential table aliased `c` (with `user_id` and `workspace_id`) to
/// the holder's membership and teams.
macro_rules! with_standing {
    ($select:literal, $from:literal) => {
        concat!(
            $select,
            ", m.role AS member_role, mates.user_id AS teammate FROM ",
            $from,
            " JOIN memberships m ON m.user_id = c.user_id AND m.workspace_id = c.workspace_id \
             LEFT JOIN team_members mine ON mine.user_id = c.user_id \
             LEFT JOIN teams t ON t.id = mine.team_id AND t.workspace_id = c.workspace_id \
             LEFT JOIN team_members mates ON mates.team_id = t.id \
             WHERE c.secret_hash = $1"
        )
    };
}

/// Folds the rows of a [`with_standing!`] query: the credential of the first
/// row, and the teammates of them all.
fn standing_of(role: &str, teammates: impl Iterator<Item = Option<Uuid>>) -> Result<Standing, StoreError> {
    let mut mates: Vec<UserId> = teammates.flatten().map(UserId).collect();
    mates.sort();
    mates.dedup();
    Ok(Standing { role: Role::parse(role).map_err(StoreError::corrupt)?, teammates: mates })
}

/// The token behind `secret_hash` with its holder's standing, if the holder
/// is a member of the token's workspace.
pub async fn token_with_standing(
    exec: Exec<'_>,
    secret_hash: &str,
) -> Result<Option<(ApiToken, Standing)>, StoreError> {
    on_conn!(exec, c => {
        let rows = sqlx::query(with_standing!(
            "SELECT c.id, c.user_id, c.workspace_id, c.name, c.scope, c.created_at, c.expires_at, c.revoked_at",
            "api_tokens c"
        ))
        .bind(secret_hash)
        .fetch_all(&mut *c)
        .await?;
        let Some(first) = rows.first() else { return Ok(None) };
        let token = token_row!(first);
        let role: String = first.try_get("member_role")?;
        let mut mates = Vec::with_capacity(rows.len());
        for row in &rows {
            mates.push(row.try_get::<Option<Uuid>, _>("teammate")?);
        }
        Ok(Some((token, standing_of(&role, mates.into_iter())?)))
    })
}

/// The session behind `secret_hash` with its holder's standing in the
/// session's workspace.
pub async fn session_with_standing(
    exec: Exec<'_>,
    secret_hash: &str,
) -> Result<Option<(Session, Standing)>, StoreError> {
    on_conn!(exec, c => {
        let rows = sqlx::query(with_standing!(
            "SELECT c.user_id, c.workspace_id, c.csrf_token, c.created_at, c.last_seen_at",
            "sessions c"
        ))
        .bind(secret_hash)
        .fetch_all(&mut *c)
        .await?;
        let Some(first) = rows.first() else { return Ok(None) };
        let session = Session {
            user_id: UserId(first.try_get("user_id")?),
            workspace_id: WorkspaceId(first.try_get("workspace_id")?),
            csrf_token: first.try_get("csrf_token")?,
            created_at: first.try_get("created_at")?,
            last_seen_at: first.try_get("last_seen_at")?,
        };
        let role: String = first.try_get("member_role")?;
        let mut mates = Vec::with_capacity(rows.len());
        for row in &rows {
            mates.push(row.try_get::<Option<Uuid>, _>("teammate")?);
        }
        Ok(Some((session, standing_of(&role, mates.into_iter())?)))
    })
}
