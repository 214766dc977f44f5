//! Identity's events on the wire: members, teams, tokens and sign-in links.
//! No secret, hash or password is ever in one.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::events::{Event, EventType};
use crate::identity::{ApiToken, Team, User};

/// A member of the workspace: `member.added`, `member.updated`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberV1 {
    pub user_id: Uuid,
    pub email: String,
    pub display_name: String,
    pub locale: String,
    /// The member's role here; none once removed.
    pub role: Option<String>,
}

impl MemberV1 {
    pub fn event(kind: EventType, user: &User, role: Option<&str>) -> Event {
        let payload = Self {
            user_id: user.id.0,
            email: user.email.as_str().to_owned(),
            display_name: user.display_name.clone(),
            locale: user.locale.as_str().to_owned(),
            role: role.map(str::to_owned),
        };
        Event::new(kind, user.id.0, &payload)
    }
}

/// An API token made or revoked: `token.created`, `token.revoked`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TokenV1 {
    pub id: Uuid,
    pub user_id: Uuid,
    pub name: String,
    pub scope: String,
    #[serde(with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub expires_at: Option<OffsetDateTime>,
}

impl TokenV1 {
    pub fn event(kind: EventType, token: &ApiToken) -> Event {
        let payload = Self {
            id: token.id.0,
            user_id: token.user_id.0,
            name: token.name.clone(),
            scope: token.scope.as_str().to_owned(),
            expires_at: token.expires_at,
        };
        Event::new(kind, token.id.0, &payload)
    }
}

/// A team made: `team.created`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamV1 {
    pub id: Uuid,
    pub name: String,
    pub members: Vec<Uuid>,
}

impl TeamV1 {
    pub fn event(team: &Team, members: &[Uuid]) -> Event {
        let payload = Self { id: team.id.0, name: team.name.clone(), members: members.to_vec() };
        Event::new(EventType::TeamCreated, team.id.0, &payload)
    }
}

/// A member joined or left a team: `team.changed`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamMemberV1 {
    pub team_id: Uuid,
    pub user_id: Uuid,
    /// Whether the member is in the team now.
    pub member: bool,
}

impl TeamMemberV1 {
    pub fn event(team_id: Uuid, user_id: Uuid, member: bool) -> Event {
        Event::new(EventType::TeamChanged, team_id, &Self { team_id, user_id, member })
    }
}

/// A member was given a link to set a password: `sign_in_link.issued`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignInLinkV1 {
    pub user_id: Uuid,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub expires_at: OffsetDateTime,
}

impl SignInLinkV1 {
    pub fn event(user_id: Uuid, expires_at: OffsetDateTime) -> Event {
        Event::new(EventType::SignInLinkIssued, user_id, &Self { user_id, expires_at })
    }
}
