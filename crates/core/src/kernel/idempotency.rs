//! Idempotency keys, for entry points that accept retries (the API's POSTs).

use crate::kernel::store::idempotency;
use crate::kernel::store::idempotency::{Claim, REMEMBERED_FOR, StoredResponse};
use crate::kernel::{App, AppError};

impl App {
    /// Claims `key` in `scope` for a request whose content hashes to `request_hash`.
    pub async fn claim_idempotency_key(&self, scope: &str, key: &str, request_hash: &str) -> Result<Claim, AppError> {
        let mut conn = self.db().acquire().await?;
        Ok(idempotency::claim(conn.exec(), scope, key, request_hash, self.now()).await?)
    }

    /// Keeps the response to a claimed key.
    pub async fn complete_idempotency_key(
        &self,
        scope: &str,
        key: &str,
        response: &StoredResponse,
    ) -> Result<(), AppError> {
        let mut conn = self.db().acquire().await?;
        Ok(idempotency::complete(conn.exec(), scope, key, response).await?)
    }

    /// Frees a claimed key whose request failed in a way worth retrying.
    pub async fn release_idempotency_key(&self, scope: &str, key: &str) -> Result<(), AppError> {
        let mut conn = self.db().acquire().await?;
        Ok(idempotency::release(conn.exec(), scope, key).await?)
    }

    /// Forgets keys older than a day; returns how many.
    pub async fn expire_idempotency_keys(&self) -> Result<u64, AppError> {
        let mut conn = self.db().acquire().await?;
        Ok(idempotency::expire(conn.exec(), self.now() - REMEMBERED_FOR).await?)
    }
}
