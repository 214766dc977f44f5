//! Users, sign-in with throttling, web sessions and API tokens.

pub mod password_links;
pub mod store;

use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use rapport_domain::ValidationErrors;
use rapport_domain::access::{Role, TokenScope};
use rapport_domain::common::ids::{TeamId, TokenId, UserId, WorkspaceId};
use rapport_domain::common::locale::Locale;
use rapport_domain::common::text::clean_line;
use rapport_domain::events::EventType;
use rapport_domain::identity::events::{MemberV1, TeamMemberV1, TeamV1, TokenV1};
use rapport_domain::identity::{ApiToken, NewUser, Password, Team, User, UserInput, check_password};
use time::{Duration, OffsetDateTime};

use rapport_domain::access::{Action, Resource};

use crate::identity::store::credentials::Session;
use crate::identity::store::{accounts, credentials};
use crate::kernel::access::{check_any, may};
use crate::kernel::store::StoreError;
use crate::kernel::versioned::audit_value;
use crate::kernel::{Actor, App, AppError, Principal, clock, secrets};

/// A session ends after this long without a request…
pub const SESSION_IDLE: Duration = Duration::hours(12);
/// …and after this long in any case.
pub const SESSION_LIFETIME: Duration = Duration::days(7);
/// Failed sign-ins are counted over this window, per account and per address.
pub const FAILURE_WINDOW: Duration = Duration::minutes(15);
/// After this many failures in the window, each attempt is slowed down…
pub const SLOW_AFTER: i64 = 5;
/// …and after this many, refused outright until the window moves on.
pub const REFUSE_AFTER: i64 = 10;

/// How a sign-in attempt ended.
#[derive(Debug)]
pub enum SignIn {
    /// The password is right.
    Ok(User),
    /// Wrong email or wrong password; which one is not said.
    Refused,
    /// Too many failures: try again after a while.
    Throttled,
}

/// Hashes a password with Argon2id, on a blocking thread: a hash takes tens of
/// milliseconds of CPU, which must not stall the async runtime.
pub async fn hash_password(password: &Password) -> Result<String, AppError> {
    let text = password.expose().to_owned();
    tokio::task::spawn_blocking(move || {
        Argon2::default().hash_password(text.as_bytes()).map(|h| h.to_string()).map_err(StoreError::other)
    })
    .await
    .map_err(StoreError::other)?
    .map_err(AppError::from)
}

async fn verify_password(password: &Password, hash: String) -> Result<bool, AppError> {
    let text = password.expose().to_owned();
    tokio::task::spawn_blocking(move || Argon2::default().verify_password(text.as_bytes(), hash.as_str()).is_ok())
        .await
        .map_err(|e| AppError::from(StoreError::other(e)))
}

/// A hash of no one's password, verified against when the email is unknown so
/// that a wrong email takes as long as a wrong password.
const DECOY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Rk1yZQ6e0MPGN2l2bQ2bRkDaW1eW0P2BQ4ZqXg4S1Ho";

impl App {
    /// Creates a user and makes them a member of `workspace` with their role.
    pub async fn create_user(
        &self,
        actor: &Actor,
        workspace: WorkspaceId,
        input: &UserInput,
    ) -> Result<User, AppError> {
        check_any(actor, Resource::Member, Action::Create)?;
        let new = NewUser::parse(input)?;
        check_owner_grant(actor, new.role, None)?;
        let hash = hash_password(&input.password).await?;
        let now = self.now();
        let user = User {
            id: UserId(clock::new_id()),
            email: new.email,
            display_name: new.display_name,
            locale: new.locale,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        let mut tx = self.begin().await?;
        accounts::insert_user(tx.exec(), &user, &hash).await.map_err(|e| match e {
            StoreError::Conflict(_) => AppError::Validation(ValidationErrors::single(
                "email",
                "taken",
                "a user with this email exists already",
            )),
            other => other.into(),
        })?;
        accounts::set_membership(tx.exec(), user.id, workspace, new.role, now).await?;
        let after = serde_json::json!({"user": user, "workspace_id": workspace, "role": new.role});
        let event = MemberV1::event(EventType::MemberAdded, &user, Some(new.role.as_str()));
        audit_value(&mut tx, actor, "create", "user", user.id.0, None, Some(&after), &[], event).await?;
        tx.commit().await?;
        Ok(user)
    }

    /// Gives an existing user a role in a workspace.
    pub async fn set_role(
        &self,
        actor: &Actor,
        user: UserId,
        workspace: WorkspaceId,
        role: Role,
    ) -> Result<(), AppError> {
        check_any(actor, Resource::Member, Action::Update)?;
        let mut tx = self.begin().await?;
        accounts::user(tx.exec(), user).await?.ok_or(AppError::NotFound)?;
        let before = accounts::role(tx.exec(), user, workspace).await?;
        check_owner_grant(actor, role, before)?;
        if before == Some(Role::Owner) && role != Role::Owner {
            let owners =
                accounts::members_of(tx.exec(), workspace).await?.iter().filter(|(_, r)| *r == Role::Owner).count();
            if owners <= 1 {
                // A rule about the role asked for: said beside it, in words of its own.
                return Err(
                    ValidationErrors::single("role", "last_owner", "a workspace keeps at least one owner").into()
                );
            }
        }
        accounts::set_membership(tx.exec(), user, workspace, role, self.now()).await?;
        let change = |role: Option<Role>| serde_json::json!({"user_id": user, "workspace_id": workspace, "role": role});
        let member = accounts::user(tx.exec(), user).await?.ok_or(AppError::NotFound)?.user;
        let kind = if before.is_some() { EventType::MemberUpdated } else { EventType::MemberAdded };
        let event = MemberV1::event(kind, &member, Some(role.as_str()));
        audit_value(
            &mut tx,
            actor,
            "update",
            "membership",
            user.0,
            Some(&change(before)),
            Some(&change(Some(role))),
            &[],
            event,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every member of the actor's workspace by name, for any member: who
    /// wrote a note, owns a party or serves on an account team is named to
    /// everyone who may read the record, while their email, role and
    /// tokens stay behind [`App::members`].
    pub async fn member_names(&self, actor: &Actor) -> Result<Vec<(UserId, String)>, AppError> {
        check_any(actor, Resource::Workspace, Action::Read)?;
        let mut conn = self.db().acquire().await?;
        let all = accounts::members_of(conn.exec(), actor.workspace_id).await?;
        Ok(all.into_iter().map(|(user, _)| (user.id, user.display_name)).collect())
    }

    /// The members of the actor's workspace with their roles; a role that may
    /// read only its own membership sees only itself.
    pub async fn members(&self, actor: &Actor) -> Result<Vec<(User, Role)>, AppError> {
        let mut conn = self.db().acquire().await?;
        let all = accounts::members_of(conn.exec(), actor.workspace_id).await?;
        Ok(all.into_iter().filter(|(user, _)| may(actor, Resource::Member, Action::Read, Some(user.id))).collect())
    }

    /// Every user of the installation (for the CLI).
    pub async fn users(&self) -> Result<Vec<User>, AppError> {
        let mut conn = self.db().acquire().await?;
        Ok(accounts::users(conn.exec()).await?)
    }

    pub async fn user_by_email(&self, email: &str) -> Result<User, AppError> {
        let mut conn = self.db().acquire().await?;
        let found = accounts::user_by_email(conn.exec(), &email.trim().to_lowercase()).await?;
        found.map(|s| s.user).ok_or(AppError::NotFound)
    }

    /// The workspaces a user belongs to, with their role in each.
    pub async fn memberships_of(&self, user: UserId) -> Result<Vec<(WorkspaceId, Role)>, AppError> {
        let mut conn = self.db().acquire().await?;
        Ok(accounts::memberships_of(conn.exec(), user).await?)
    }

    /// Sets a new password and ends every session of the user.
    /// Sets a user's password and ends their sessions, as a reset after a
    /// leak should; with `revoke_tokens`, their API tokens stop working too.
    /// Returns how many tokens were revoked and how many still work.
    pub async fn reset_password(
        &self,
        actor: &Actor,
        user: UserId,
        password: &Password,
        revoke_tokens: bool,
    ) -> Result<(u64, u64), AppError> {
        check_password(password).map_err(|p| p.at("password"))?;
        let hash = hash_password(password).await?;
        let mut tx = self.begin().await?;
        let now = tx.now();
        if !accounts::set_password(tx.exec(), user, &hash, now).await? {
            return Err(AppError::NotFound);
        }
        credentials::delete_sessions_of(tx.exec(), user).await?;
        let revoked = if revoke_tokens { credentials::revoke_tokens_of(tx.exec(), user, now).await? } else { 0 };
        let live = credentials::tokens_of(tx.exec(), user).await?.iter().filter(|t| t.usable_at(now)).count();
        let what = serde_json::json!({"user_id": user, "password": "changed", "tokens_revoked": revoked});
        let member = accounts::user(tx.exec(), user).await?.ok_or(AppError::NotFound)?.user;
        let role = accounts::role(tx.exec(), user, actor.workspace_id).await?;
        let event = MemberV1::event(EventType::MemberUpdated, &member, role.as_ref().map(Role::as_str));
        audit_value(&mut tx, actor, "update", "user", user.0, None, Some(&what), &[], event).await?;
        tx.commit().await?;
        Ok((revoked, u64::try_from(live).unwrap_or(u64::MAX)))
    }

    /// Sets the language the interface speaks to the acting user: each user
    /// picks their own, whatever their role.
    pub async fn set_own_locale(&self, actor: &Actor, locale: &str) -> Result<User, AppError> {
        let user = match &actor.principal {
            Principal::Member { token: Some(TokenScope::Read), .. } | Principal::System => {
                return Err(AppError::Forbidden);
            }
            Principal::Member { user, .. } => *user,
        };
        let locale = Locale::parse(locale).map_err(|p| p.at("locale"))?;
        let mut tx = self.begin().await?;
        let before = accounts::user(tx.exec(), user).await?.ok_or(AppError::NotFound)?.user;
        if !accounts::set_locale(tx.exec(), user, locale, self.now()).await? {
            return Err(AppError::NotFound);
        }
        let after = accounts::user(tx.exec(), user).await?.ok_or(AppError::NotFound)?.user;
        let (was, now) = (serde_json::json!({"locale": before.locale}), serde_json::json!({"locale": after.locale}));
        let role = accounts::role(tx.exec(), user, actor.workspace_id).await?;
        let event = MemberV1::event(EventType::MemberUpdated, &after, role.as_ref().map(Role::as_str));
        audit_value(&mut tx, actor, "update", "user", user.0, Some(&was), Some(&now), &[], event).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Checks an email and password, counting failures per account and per
    /// `address`: past [`SLOW_AFTER`] each attempt waits a second, past
    /// [`REFUSE_AFTER`] it is refused without looking. Whether the account
    /// exists changes neither the answer nor its timing.
    pub async fn sign_in(&self, email: &str, password: &Password, address: &str) -> Result<SignIn, AppError> {
        let email_key = email.trim().to_lowercase();
        let keys = [format!("email:{email_key}"), format!("addr:{address}")];
        let now = self.now();
        let mut conn = self.db().acquire().await?;
        let failures = credentials::failures_since(conn.exec(), &keys, now - FAILURE_WINDOW).await?;
        if failures >= REFUSE_AFTER {
            return Ok(SignIn::Throttled);
        }
        if failures >= SLOW_AFTER {
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        }
        let found = accounts::user_by_email(conn.exec(), &email_key).await?;
        drop(conn);
        let (user, hash) = match found {
            Some(stored) => (Some(stored.user), stored.password_hash),
            None => (None, DECOY_HASH.to_owned()),
        };
        let matches = verify_password(password, hash).await?;
        let mut tx = self.begin().await?;
        let answer = match user {
            Some(user) if matches => {
                credentials::clear_failures(tx.exec(), &keys[0]).await?;
                SignIn::Ok(user)
            }
            _ => {
                credentials::record_failure(tx.exec(), &keys, self.now()).await?;
                SignIn::Refused
            }
        };
        tx.commit().await?;
        Ok(answer)
    }

    /// Opens a session for `user` in `workspace`; returns the cookie's secret
    /// (shown to no one else, stored only as a hash) and the session.
    pub async fn open_session(&self, user: UserId, workspace: WorkspaceId) -> Result<(String, Session), AppError> {
        let secret = secrets::new_secret("rps_").map_err(StoreError::other)?;
        let csrf_token = secrets::new_secret("").map_err(StoreError::other)?;
        let now = self.now();
        let session =
            Session { user_id: user, workspace_id: workspace, csrf_token, created_at: now, last_seen_at: now };
        let mut tx = self.begin().await?;
        credentials::insert_session(tx.exec(), &secrets::hash(&secret), &session).await?;
        tx.commit().await?;
        Ok((secret, session))
    }

    /// Moves a session to another workspace of its user.
    pub async fn switch_workspace(&self, secret: &str, workspace: WorkspaceId) -> Result<(), AppError> {
        let hash = secrets::hash(secret);
        let mut tx = self.begin().await?;
        credentials::touch_session(tx.exec(), &hash, workspace, self.now()).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn close_session(&self, secret: &str) -> Result<(), AppError> {
        let mut tx = self.begin().await?;
        credentials::delete_session(tx.exec(), &secrets::hash(secret)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Creates an API token; returns its secret (shown once, stored only as a
    /// hash) and its description.
    pub async fn create_token(
        &self,
        actor: &Actor,
        user: UserId,
        workspace: WorkspaceId,
        name: &str,
        scope: TokenScope,
        expires_at: Option<OffsetDateTime>,
    ) -> Result<(String, ApiToken), AppError> {
        let name = clean_line(name, 100).map_err(|p| p.at("name"))?;
        let now = self.now();
        if expires_at.is_some_and(|end| end <= now) {
            return Err(ValidationErrors::single("expires_at", "in_past", "must be in the future").into());
        }
        let secret = secrets::new_secret("rpt_").map_err(StoreError::other)?;
        let token = ApiToken {
            id: TokenId(clock::new_id()),
            user_id: user,
            workspace_id: workspace,
            name,
            scope,
            created_at: now,
            expires_at,
            revoked_at: None,
        };
        let mut tx = self.begin().await?;
        credentials::insert_token(tx.exec(), &token, &secrets::hash(&secret)).await?;
        let after = serde_json::to_value(&token).map_err(StoreError::other)?;
        let event = TokenV1::event(EventType::TokenCreated, &token);
        audit_value(&mut tx, actor, "create", "api_token", token.id.0, None, Some(&after), &[], event).await?;
        tx.commit().await?;
        Ok((secret, token))
    }

    pub async fn tokens_of(&self, user: UserId) -> Result<Vec<ApiToken>, AppError> {
        let mut conn = self.db().acquire().await?;
        Ok(credentials::tokens_of(conn.exec(), user).await?)
    }

    /// Revokes one of `user`'s tokens.
    pub async fn revoke_token(&self, actor: &Actor, user: UserId, id: TokenId) -> Result<(), AppError> {
        let mut tx = self.begin().await?;
        if !credentials::revoke_token(tx.exec(), id, user, self.now()).await? {
            return Err(AppError::NotFound);
        }
        let after = serde_json::json!({"revoked": true});
        let tokens = credentials::tokens_of(tx.exec(), user).await?;
        let token = tokens.iter().find(|t| t.id == id).ok_or(AppError::NotFound)?;
        let event = TokenV1::event(EventType::TokenRevoked, token);
        audit_value(&mut tx, actor, "delete", "api_token", id.0, None, Some(&after), &[], event).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The token behind a bearer secret and the actor it makes, if the token is
    /// usable now and its holder a member of its workspace. One query.
    pub async fn token_actor(&self, secret: &str) -> Result<Option<(ApiToken, Actor)>, AppError> {
        let mut conn = self.db().acquire().await?;
        let found = credentials::token_with_standing(conn.exec(), &secrets::hash(secret)).await?;
        Ok(found.filter(|(token, _)| token.usable_at(self.now())).map(|(token, standing)| {
            let principal = Principal::Member {
                user: token.user_id,
                role: standing.role,
                token: Some(token.scope),
                teammates: standing.teammates,
            };
            let actor = Actor { workspace_id: token.workspace_id, label: format!("token:{}", token.id), principal };
            (token, actor)
        }))
    }

    /// The live session behind a cookie's secret and the actor it makes, if its
    /// user is a member of its workspace; marks it as used. Expired sessions
    /// are deleted on sight.
    pub async fn session_actor(&self, secret: &str) -> Result<Option<(Session, Actor)>, AppError> {
        let hash = secrets::hash(secret);
        let mut conn = self.db().acquire().await?;
        let Some((session, standing)) = credentials::session_with_standing(conn.exec(), &hash).await? else {
            return Ok(None);
        };
        let now = self.now();
        drop(conn);
        if !session_live(&session, now) {
            let mut tx = self.begin().await?;
            credentials::delete_session(tx.exec(), &hash).await?;
            tx.commit().await?;
            return Ok(None);
        }
        if now - session.last_seen_at > Duration::minutes(1) {
            let mut tx = self.begin().await?;
            credentials::touch_session(tx.exec(), &hash, session.workspace_id, now).await?;
            tx.commit().await?;
        }
        let principal = Principal::Member {
            user: session.user_id,
            role: standing.role,
            token: None,
            teammates: standing.teammates,
        };
        let actor = Actor { workspace_id: session.workspace_id, label: format!("user:{}", session.user_id), principal };
        Ok(Some((session, actor)))
    }

    /// The user `id`.
    pub async fn user(&self, id: UserId) -> Result<User, AppError> {
        let mut conn = self.db().acquire().await?;
        accounts::user(conn.exec(), id).await?.map(|s| s.user).ok_or(AppError::NotFound)
    }

    /// The teams of the actor's workspace with their members.
    pub async fn teams(&self, actor: &Actor) -> Result<Vec<(Team, Vec<UserId>)>, AppError> {
        check_any(actor, Resource::Member, Action::Read)?;
        let mut conn = self.db().acquire().await?;
        Ok(accounts::teams(conn.exec(), actor.workspace_id).await?)
    }

    /// Makes a team in the actor's workspace with these members (who must be
    /// members of the workspace).
    pub async fn create_team(&self, actor: &Actor, name: &str, members: &[UserId]) -> Result<Team, AppError> {
        check_any(actor, Resource::Member, Action::Update)?;
        let name = clean_line(name, 100).map_err(|p| p.at("name"))?;
        let team = Team { id: TeamId(clock::new_id()), workspace_id: actor.workspace_id, name };
        let mut tx = self.begin().await?;
        for (i, member) in members.iter().enumerate() {
            if accounts::role(tx.exec(), *member, actor.workspace_id).await?.is_none() {
                let field = format!("members[{i}]");
                return Err(
                    ValidationErrors::single(field, "not_a_member", "must be a member of this workspace").into()
                );
            }
        }
        accounts::insert_team(tx.exec(), &team, self.now()).await.map_err(|e| match e {
            StoreError::Conflict(_) => AppError::Conflict("a team of this name exists already".to_owned()),
            other => other.into(),
        })?;
        for member in members {
            accounts::add_team_member(tx.exec(), team.id, *member).await?;
        }
        let after = serde_json::json!({"team": team, "members": members});
        let ids: Vec<uuid::Uuid> = members.iter().map(|m| m.0).collect();
        audit_value(&mut tx, actor, "create", "team", team.id.0, None, Some(&after), &[], TeamV1::event(&team, &ids))
            .await?;
        tx.commit().await?;
        Ok(team)
    }

    /// Puts a member of the workspace in a team of it (`member`), or takes
    /// them out. Doing what is done already changes nothing.
    pub async fn set_team_member(
        &self,
        actor: &Actor,
        team: TeamId,
        user: UserId,
        member: bool,
    ) -> Result<(), AppError> {
        check_any(actor, Resource::Member, Action::Update)?;
        let mut tx = self.begin().await?;
        let teams = accounts::teams(tx.exec(), actor.workspace_id).await?;
        if !teams.iter().any(|(t, _)| t.id == team) {
            return Err(AppError::NotFound);
        }
        // The member is named in the path: one of another workspace, or of
        // none, is not there to add or remove.
        if accounts::role(tx.exec(), user, actor.workspace_id).await?.is_none() {
            return Err(AppError::NotFound);
        }
        let changed = if member {
            accounts::add_team_member(tx.exec(), team, user).await?
        } else {
            accounts::remove_team_member(tx.exec(), team, user).await?
        };
        if changed {
            let entry = serde_json::json!({"team_id": team, "user_id": user});
            let (action, before, after) =
                if member { ("create", None, Some(&entry)) } else { ("delete", Some(&entry), None) };
            let event = TeamMemberV1::event(team.0, user.0, member);
            audit_value(&mut tx, actor, action, "team_member", team.0, before, after, &[], event).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Forgets expired sessions and old sign-in failures; returns how many rows.
    pub async fn expire_credentials(&self) -> Result<u64, AppError> {
        let mut tx = self.begin().await?;
        let now = tx.now();
        let sessions = credentials::expire_sessions(tx.exec(), now - SESSION_IDLE, now - SESSION_LIFETIME).await?;
        let failures = credentials::prune_failures(tx.exec(), now - FAILURE_WINDOW).await?;
        tx.commit().await?;
        Ok(sessions + failures)
    }
}

/// Only an owner (or the system) makes or unmakes an owner.
fn check_owner_grant(actor: &Actor, role: Role, before: Option<Role>) -> Result<(), AppError> {
    let touches_owner = role == Role::Owner || before == Some(Role::Owner);
    let is_owner = match &actor.principal {
        Principal::System => true,
        Principal::Member { role, .. } => *role == Role::Owner,
    };
    if touches_owner && !is_owner { Err(AppError::Forbidden) } else { Ok(()) }
}

/// Whether a session is within both its idle and its absolute limit at `now`.
pub fn session_live(session: &Session, now: OffsetDateTime) -> bool {
    now - session.last_seen_at < SESSION_IDLE && now - session.created_at < SESSION_LIFETIME
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_decoy_hash_is_a_real_argon2id_hash() {
        let parsed = argon2::PasswordHash::new(super::DECOY_HASH).expect("a valid PHC string");
        assert_eq!(parsed.algorithm.as_str(), "argon2id");
        let (params, default) = (argon2::Params::try_from(&parsed).expect("params"), argon2::Params::default());
        let cost = |p: &argon2::Params| (p.m_cost(), p.t_cost(), p.p_cost());
        assert_eq!(cost(&params), cost(&default), "a decoy must cost what a real check costs");
    }
}
