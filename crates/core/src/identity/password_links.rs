//! Sign-in links: how a member gets a password of their own without one
//! being typed for them or sent by mail. An owner or administrator makes a
//! link for a member (a new one, or one who forgot their password) and
//! hands it over; it sets a password once, within a few days, and ends the
//! member's other sessions.

use rapport_domain::access::{Action, Resource, Role};
use rapport_domain::common::ids::UserId;
use rapport_domain::events::EventType;
use rapport_domain::identity::events::{MemberV1, SignInLinkV1};
use rapport_domain::identity::{Password, check_password};
use time::{Duration, OffsetDateTime};

use crate::identity::hash_password;
use crate::identity::store::password_links::PasswordLink;
use crate::identity::store::{accounts, credentials, password_links};
use crate::kernel::access::check_any;
use crate::kernel::store::StoreError;
use crate::kernel::versioned::audit_value;
use crate::kernel::{Actor, App, AppError, secrets};

/// How long a link serves.
pub const LINK_LIFE: Duration = Duration::days(3);

/// A link just made: its secret (shown once) and when it stops serving.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedLink {
    pub secret: String,
    pub expires_at: OffsetDateTime,
}

impl App {
    /// Makes a sign-in link for a member of the actor's workspace; an
    /// owner's link only by an owner. Audited (the secret is not).
    pub async fn issue_password_link(&self, actor: &Actor, user: UserId) -> Result<IssuedLink, AppError> {
        check_any(actor, Resource::Member, Action::Update)?;
        let mut tx = self.begin().await?;
        let role = accounts::role(tx.exec(), user, actor.workspace_id).await?.ok_or(AppError::NotFound)?;
        // An owner's password is reset by an owner (or the command line).
        let by_owner = match &actor.principal {
            crate::kernel::Principal::System => true,
            crate::kernel::Principal::Member { role, .. } => *role == Role::Owner,
        };
        if role == Role::Owner && !by_owner {
            return Err(AppError::Forbidden);
        }
        let secret = secrets::new_secret("rpl_").map_err(StoreError::other)?;
        let now = self.now();
        let link = PasswordLink {
            user_id: user,
            workspace_id: actor.workspace_id,
            expires_at: now + LINK_LIFE,
            used_at: None,
        };
        password_links::insert(tx.exec(), &secrets::hash(&secret), &link, &actor.label, now).await?;
        let what = serde_json::json!({"user_id": user, "sign_in_link": "made", "expires_at": link.expires_at});
        let event = SignInLinkV1::event(user.0, link.expires_at);
        audit_value(&mut tx, actor, "link", "user", user.0, None, Some(&what), &[], event).await?;
        tx.commit().await?;
        Ok(IssuedLink { secret, expires_at: link.expires_at })
    }

    /// Whether `secret` is a link that still serves: the member it is for.
    pub async fn password_link(&self, secret: &str) -> Result<UserId, AppError> {
        let mut conn = self.db().acquire().await?;
        let link = password_links::get(conn.exec(), &secrets::hash(secret)).await?;
        match link {
            Some(link) if link.used_at.is_none() && link.expires_at > self.now() => Ok(link.user_id),
            _ => Err(AppError::NotFound),
        }
    }

    /// Sets the member's password through a link that still serves, once,
    /// and ends their other sessions. Audited as the member.
    pub async fn redeem_password_link(&self, secret: &str, password: &Password) -> Result<UserId, AppError> {
        check_password(password).map_err(|p| p.at("password"))?;
        let hash = hash_password(password).await?;
        let mut tx = self.begin().await?;
        let now = tx.now();
        let secret_hash = secrets::hash(secret);
        let link = password_links::get(tx.exec(), &secret_hash).await?.ok_or(AppError::NotFound)?;
        if link.expires_at <= now || !password_links::use_once(tx.exec(), &secret_hash, now).await? {
            return Err(AppError::NotFound);
        }
        if !accounts::set_password(tx.exec(), link.user_id, &hash, now).await? {
            return Err(AppError::NotFound);
        }
        credentials::delete_sessions_of(tx.exec(), link.user_id).await?;
        let member = Actor::system(link.workspace_id, &format!("user:{}", link.user_id.0));
        let what = serde_json::json!({"user_id": link.user_id, "password": "set through a sign-in link"});
        let user = accounts::user(tx.exec(), link.user_id).await?.ok_or(AppError::NotFound)?.user;
        let role = accounts::role(tx.exec(), link.user_id, link.workspace_id).await?;
        let event = MemberV1::event(EventType::MemberUpdated, &user, role.as_ref().map(Role::as_str));
        audit_value(&mut tx, &member, "update", "user", link.user_id.0, None, Some(&what), &[], event).await?;
        tx.commit().await?;
        Ok(link.user_id)
    }
}
