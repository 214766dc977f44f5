//! Outbound webhooks: endpoints that administrators register to be told of
//! events, each signed as Standard Webhooks specifies; the log of every
//! attempt to deliver; a delivery replayed by hand; a secret rotated, the old
//! one still signed with for a day.

pub mod jobs;
pub mod signature;
pub mod store;

use rapport_domain::ValidationErrors;
use rapport_domain::access::{Action, Resource};
use rapport_domain::events::EventType;
use rapport_domain::webhooks::events::WebhookV1;
use rapport_domain::webhooks::{NewWebhook, Webhook, WebhookInput};
use time::Duration;
use uuid::Uuid;

use crate::kernel::access::check_reach_all;
use crate::kernel::audit::{Change, record};
use crate::kernel::db::Tx;
use crate::kernel::queue::{Deliver, Enqueue, enqueue};
use crate::kernel::store::StoreError;
use crate::kernel::versioned::expect_version;
use crate::kernel::{Actor, App, AppError, clock};
use crate::webhooks::store::{Attempt, Endpoint};

/// How long a rotated secret is still signed with, beside the new one, so
/// that receivers can change theirs without missing a delivery.
pub const ROTATION_OVERLAP: Duration = Duration::DAY;

/// The most attempts one read of the log returns.
pub const MAX_ATTEMPTS_LISTED: u32 = 200;

/// An endpoint just made or given a new secret: the only time the secret is
/// shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WithSecret {
    pub webhook: Webhook,
    pub secret: String,
}

impl App {
    /// Registers an endpoint, with a fresh secret shown once.
    pub async fn create_webhook(&self, actor: &Actor, input: &WebhookInput) -> Result<WithSecret, AppError> {
        check_reach_all(actor, Resource::Workspace, Action::Update)?;
        let new = self.checked(input)?;
        let secret = signature::new_secret().map_err(StoreError::other)?;
        let now = self.now();
        let webhook = Webhook {
            id: clock::new_id(),
            workspace_id: actor.workspace_id,
            url: new.url,
            events: new.events,
            description: new.description,
            enabled: new.enabled,
            disabled_reason: None,
            version: 1,
            created_at: now,
            updated_at: now,
            deleted_at: None,
        };
        let endpoint = Endpoint { webhook, secret: secret.clone(), previous_secret: None, previous_until: None };
        let mut tx = self.begin().await?;
        store::insert(tx.exec(), &endpoint).await?;
        audit(&mut tx, actor, "create", None, &endpoint.webhook).await?;
        tx.commit().await?;
        Ok(WithSecret { webhook: endpoint.webhook, secret })
    }

    /// The workspace's endpoints (without their secrets).
    pub async fn list_webhooks(&self, actor: &Actor) -> Result<Vec<Webhook>, AppError> {
        check_reach_all(actor, Resource::Workspace, Action::Update)?;
        let mut conn = self.db().acquire().await?;
        Ok(store::list(conn.exec(), actor.workspace_id, false).await?.into_iter().map(|e| e.webhook).collect())
    }

    /// One live endpoint of the workspace.
    pub async fn get_webhook(&self, actor: &Actor, id: Uuid) -> Result<Webhook, AppError> {
        check_reach_all(actor, Resource::Workspace, Action::Update)?;
        let mut conn = self.db().acquire().await?;
        match store::get(conn.exec(), actor.workspace_id, id).await? {
            Some(found) if found.webhook.deleted_at.is_none() => Ok(found.webhook),
            _ => Err(AppError::NotFound),
        }
    }

    /// Changes an endpoint's address, event types, description or whether it
    /// is enabled, if it is still at `expected_version` (when given).
    /// Enabling one that Rapport stopped clears the reason it was stopped.
    pub async fn update_webhook(
        &self,
        actor: &Actor,
        id: Uuid,
        expected_version: Option<i64>,
        input: &WebhookInput,
    ) -> Result<Webhook, AppError> {
        let new = self.checked(input)?;
        self.change_webhook(actor, id, expected_version, "update", |current| {
            let webhook = &current.webhook;
            let disabled_reason = if new.enabled { None } else { webhook.disabled_reason.clone() };
            let webhook = Webhook {
                url: new.url,
                events: new.events,
                description: new.description,
                enabled: new.enabled,
                disabled_reason,
                ..webhook.clone()
            };
            Endpoint { webhook, ..current }
        })
        .await
        .map(|e| e.webhook)
    }

    /// Removes an endpoint (softly: it can be looked at in the audit log and
    /// its deliveries stay); nothing more is sent to it.
    pub async fn delete_webhook(
        &self,
        actor: &Actor,
        id: Uuid,
        expected_version: Option<i64>,
    ) -> Result<Webhook, AppError> {
        let now = self.now();
        self.change_webhook(actor, id, expected_version, "delete", |current| {
            let webhook = Webhook { deleted_at: Some(now), ..current.webhook.clone() };
            Endpoint { webhook, ..current }
        })
        .await
        .map(|e| e.webhook)
    }

    /// Gives an endpoint a new secret, shown once; the old one is signed
    /// with beside it for [`ROTATION_OVERLAP`].
    pub async fn rotate_webhook_secret(&self, actor: &Actor, id: Uuid) -> Result<WithSecret, AppError> {
        let secret = signature::new_secret().map_err(StoreError::other)?;
        let until = self.now() + ROTATION_OVERLAP;
        let fresh = secret.clone();
        let rotated = self
            .change_webhook(actor, id, None, "rotate_secret", move |current| Endpoint {
                previous_secret: Some(current.secret.clone()),
                previous_until: Some(until),
                secret: fresh,
                ..current
            })
            .await?;
        Ok(WithSecret { webhook: rotated.webhook, secret })
    }

    /// An endpoint's log of attempts, newest first.
    pub async fn webhook_attempts(
        &self,
        actor: &Actor,
        id: Uuid,
        before: Option<Uuid>,
        limit: u32,
    ) -> Result<Vec<Attempt>, AppError> {
        self.get_webhook(actor, id).await?;
        let mut conn = self.db().acquire().await?;
        Ok(store::attempts(conn.exec(), id, before, limit.clamp(1, MAX_ATTEMPTS_LISTED)).await?)
    }

    /// Sends a delivery of an endpoint again, with the same `webhook-id`
    /// (receivers that saw it already may ignore it) and fresh attempts.
    pub async fn replay_delivery(&self, actor: &Actor, endpoint: Uuid, delivery: Uuid) -> Result<(), AppError> {
        if !self.get_webhook(actor, endpoint).await?.enabled {
            return Err(AppError::Conflict("the endpoint is paused: resume it before sending again".into()));
        }
        let mut tx = self.begin().await?;
        let found = store::delivery(tx.exec(), delivery).await?.ok_or(AppError::NotFound)?;
        if found.endpoint_id != endpoint || found.workspace_id != actor.workspace_id {
            return Err(AppError::NotFound);
        }
        let now = tx.now();
        store::reopen(tx.exec(), delivery, now).await?;
        let how = Enqueue { workspace: Some(actor.workspace_id), ..Enqueue::default() };
        enqueue(&mut tx, &Deliver { delivery_id: delivery }, how).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The endpoint's fields, checked: their shape, then whether the address
    /// may be called from here.
    fn checked(&self, input: &WebhookInput) -> Result<NewWebhook, AppError> {
        let new = NewWebhook::parse(input)?;
        let url = reqwest::Url::parse(&new.url)
            .map_err(|_| ValidationErrors::single("url", "invalid_url", "must be an http or https address"))?;
        if let Some(why) = self.outbound().refusal(&url) {
            return Err(ValidationErrors::single("url", "forbidden_address", why).into());
        }
        Ok(new)
    }

    /// Applies `change` to a live endpoint at `expected_version` (when
    /// given), audited; a change that changes nothing is no new version.
    async fn change_webhook(
        &self,
        actor: &Actor,
        id: Uuid,
        expected_version: Option<i64>,
        action: &'static str,
        change: impl FnOnce(Endpoint) -> Endpoint,
    ) -> Result<Endpoint, AppError> {
        check_reach_all(actor, Resource::Workspace, Action::Update)?;
        let mut tx = self.begin().await?;
        let current = match store::get(tx.exec(), actor.workspace_id, id).await? {
            Some(found) if found.webhook.deleted_at.is_none() => found,
            _ => return Err(AppError::NotFound),
        };
        expect_version(current.webhook.version, expected_version)?;
        let mut next = change(current.clone());
        if next == current {
            return Ok(current);
        }
        next.webhook.version = current.webhook.version + 1;
        next.webhook.updated_at = tx.now();
        if !store::update(tx.exec(), &next, current.webhook.version).await? {
            return Err(AppError::VersionMismatch { current_version: current.webhook.version + 1 });
        }
        audit(&mut tx, actor, action, Some(&current.webhook), &next.webhook).await?;
        tx.commit().await?;
        Ok(next)
    }
}

/// Records a change of an endpoint, with its event.
async fn audit(
    tx: &mut Tx,
    actor: &Actor,
    action: &'static str,
    before: Option<&Webhook>,
    after: &Webhook,
) -> Result<(), AppError> {
    let kind = match action {
        "create" => EventType::WebhookCreated,
        "delete" => EventType::WebhookDeleted,
        _ => EventType::WebhookUpdated,
    };
    let change = Change {
        action,
        entity_type: "webhook",
        entity_id: after.id,
        before,
        after: Some(after),
        parties: &[],
        event: WebhookV1::event(kind, after),
    };
    record(tx, actor, change).await
}
