//! Idempotency keys, for entry points that accept retries (the API's POSTs).
//!
//! While a keyed request runs, its key is in [`KEYED_REQUEST`]; the audit
//! log's writer marks the key carried out in the transaction of every change
//! (see `mark_committed`), so that a change and its mark commit together.

use std::future::Future;

use crate::kernel::store::idempotency;
use crate::kernel::store::idempotency::{Claim, REMEMBERED_FOR, StoredResponse};
use crate::kernel::{App, AppError};

tokio::task_local! {
    /// The scope and key of the keyed request being carried out.
    static KEYED_REQUEST: (String, String);
}

/// Runs `work` as the keyed request `key` in `scope`: the changes it makes
/// mark the key carried out as they commit.
pub async fn keyed<F: Future>(scope: String, key: String, work: F) -> F::Output {
    KEYED_REQUEST.scope((scope, key), work).await
}

/// The keyed request being carried out, if any.
pub(crate) fn current() -> Option<(String, String)> {
    KEYED_REQUEST.try_with(Clone::clone).ok()
}

impl App {
    /// Claims `key` in `scope` for a request whose content hashes to `request_hash`.
    pub async fn claim_idempotency_key(&self, scope: &str, key: &str, request_hash: &str) -> Result<Claim, AppError> {
        let mut tx = self.begin().await?;
        let done = idempotency::claim(tx.exec(), scope, key, request_hash, self.now()).await?;
        tx.commit().await?;
        Ok(done)
    }

    /// Keeps the response to a claimed key.
    pub async fn complete_idempotency_key(
        &self,
        scope: &str,
        key: &str,
        response: &StoredResponse,
    ) -> Result<(), AppError> {
        let mut tx = self.begin().await?;
        idempotency::complete(tx.exec(), scope, key, response).await?;
        Ok(tx.commit().await?)
    }

    /// Frees a claimed key whose request failed in a way worth retrying.
    pub async fn release_idempotency_key(&self, scope: &str, key: &str) -> Result<(), AppError> {
        let mut tx = self.begin().await?;
        idempotency::release(tx.exec(), scope, key).await?;
        Ok(tx.commit().await?)
    }

    /// Forgets keys older than a day; returns how many.
    pub async fn expire_idempotency_keys(&self) -> Result<u64, AppError> {
        let mut tx = self.begin().await?;
        let done = idempotency::expire(tx.exec(), self.now() - REMEMBERED_FOR).await?;
        tx.commit().await?;
        Ok(done)
    }
}
