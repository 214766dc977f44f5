//! Idempotency keys: the first response to a keyed request is kept, and a retry
//! with the same key gets that response again instead of acting twice.

use sqlx::Row;
use time::{Duration, OffsetDateTime};

use crate::kernel::db::Exec;
use crate::kernel::store::StoreError;
use crate::on_conn;

/// A response as kept for replay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// What a request with a key may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// The key is new (or its earlier attempt died): go ahead.
    Fresh,
    /// The key was used for this very request: answer with its response.
    Replay(StoredResponse),
    /// The key's first request is still running.
    InFlight,
    /// The key was used for a different request.
    Mismatch,
    /// The key's first request made its change, but its response was never
    /// kept (the process died in between): it is not made again.
    Done,
}

/// How long a claimed key may stay without a response before a retry may take it
/// over (the process that claimed it is presumed dead).
pub const ABANDONED_AFTER: Duration = Duration::minutes(2);

pub async fn claim(
    exec: Exec<'_>,
    scope: &str,
    key: &str,
    request_hash: &str,
    now: OffsetDateTime,
) -> Result<Claim, StoreError> {
    on_conn!(exec, c => {
        let inserted = sqlx::query(
            "INSERT INTO idempotency_keys (scope, key, request_hash, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (scope, key) DO NOTHING",
        )
        .bind(scope)
        .bind(key)
        .bind(request_hash)
        .bind(now)
        .execute(&mut *c)
        .await?
        .rows_affected();
        if inserted == 1 {
            return Ok(Claim::Fresh);
        }
        let found = sqlx::query(
            "SELECT request_hash, status, headers, response, created_at, committed_at FROM idempotency_keys \
             WHERE scope = $1 AND key = $2",
        )
        .bind(scope)
        .bind(key)
        .fetch_optional(&mut *c)
        .await?;
        // Released by its first request between our insert and this read: that
        // request is finishing; a retry a moment later starts afresh.
        let Some(row) = found else { return Ok(Claim::InFlight) };
        let stored_hash: String = row.try_get("request_hash")?;
        let status: Option<i32> = row.try_get("status")?;
        let headers: Option<String> = row.try_get("headers")?;
        let body: Option<Vec<u8>> = row.try_get("response")?;
        let created_at: OffsetDateTime = row.try_get("created_at")?;
        let committed_at: Option<OffsetDateTime> = row.try_get("committed_at")?;
        if stored_hash != request_hash {
            return Ok(Claim::Mismatch);
        }
        match status {
            Some(status) => {
                let headers = serde_json::from_str(headers.as_deref().unwrap_or("[]")).map_err(StoreError::corrupt)?;
                let status = u16::try_from(status).map_err(StoreError::corrupt)?;
                Ok(Claim::Replay(StoredResponse { status, headers, body: body.unwrap_or_default() }))
            }
            None if committed_at.is_some() && now - created_at > ABANDONED_AFTER => Ok(Claim::Done),
            None if now - created_at > ABANDONED_AFTER => {
                let taken = sqlx::query(
                    "UPDATE idempotency_keys SET created_at = $1 WHERE scope = $2 AND key = $3 \
                     AND status IS NULL AND created_at = $4",
                )
                .bind(now)
                .bind(scope)
                .bind(key)
                .bind(created_at)
                .execute(&mut *c)
                .await?
                .rows_affected();
                Ok(if taken == 1 { Claim::Fresh } else { Claim::InFlight })
            }
            None => Ok(Claim::InFlight),
        }
    })
}

/// Keeps the response of a claimed key.
pub async fn complete(exec: Exec<'_>, scope: &str, key: &str, response: &StoredResponse) -> Result<(), StoreError> {
    let headers = serde_json::to_string(&response.headers).map_err(StoreError::other)?;
    on_conn!(exec, c => {
        sqlx::query("UPDATE idempotency_keys SET status = $1, headers = $2, response = $3 WHERE scope = $4 AND key = $5")
            .bind(i32::from(response.status))
            .bind(headers)
            .bind(&response.body)
            .bind(scope)
            .bind(key)
            .execute(&mut *c)
            .await?;
    });
    Ok(())
}

/// Marks a claimed key as carried out: written in the transaction of the
/// request's change, so that the mark and the change commit together.
pub async fn mark_committed(exec: Exec<'_>, scope: &str, key: &str, now: OffsetDateTime) -> Result<(), StoreError> {
    on_conn!(exec, c => {
        sqlx::query(
            "UPDATE idempotency_keys SET committed_at = $1 WHERE scope = $2 AND key = $3 AND committed_at IS NULL",
        )
        .bind(now)
        .bind(scope)
        .bind(key)
        .execute(&mut *c)
        .await?;
    });
    Ok(())
}

/// Forgets keys claimed before `before`: a retry after that long is a new request.
pub async fn expire(exec: Exec<'_>, before: OffsetDateTime) -> Result<u64, StoreError> {
    Ok(on_conn!(exec, c => {
        sqlx::query("DELETE FROM idempotency_keys WHERE created_at < $1")
            .bind(before)
            .execute(&mut *c)
            .await?
            .rows_affected()
    }))
}

/// How long a key is remembered.
pub const REMEMBERED_FOR: Duration = Duration::hours(24);

/// Frees a claimed key whose request failed in a way worth retrying.
pub async fn release(exec: Exec<'_>, scope: &str, key: &str) -> Result<(), StoreError> {
    on_conn!(exec, c => {
        sqlx::query("DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND status IS NULL")
            .bind(scope)
            .bind(key)
            .execute(&mut *c)
            .await?;
    });
    Ok(())
}
