//! Users, their memberships of workspaces, teams, and API tokens.

pub mod events;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::access::{Role, TokenScope};
use crate::common::contact::Email;
use crate::common::ids::{TeamId, TokenId, UserId, WorkspaceId};
use crate::common::locale::Locale;
use crate::common::text::clean_line;
use crate::common::validation::{FieldProblem, ValidationErrors};

/// Someone who signs in. The email is unique regardless of case.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: UserId,
    pub email: Email,
    pub display_name: String,
    /// The language the interface speaks to this user.
    pub locale: Locale,
    pub version: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// A user as an administrator creates one.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserInput {
    #[cfg_attr(feature = "openapi", schema(format = Email, max_length = 254))]
    pub email: String,
    #[cfg_attr(feature = "openapi", schema(format = "line", max_length = 100))]
    pub display_name: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Locale>))]
    pub locale: Option<String>,
    pub password: Password,
    #[cfg_attr(feature = "openapi", schema(value_type = Role))]
    pub role: String,
}

/// The validated parts of a new user.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: Email,
    pub display_name: String,
    pub locale: Locale,
    pub role: Role,
}

impl NewUser {
    /// Validates everything but the password, which [`check_password`] checks.
    pub fn parse(input: &UserInput) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let email = errors.take("email", Email::parse(&input.email));
        let display_name = errors.take("display_name", clean_line(&input.display_name, 100));
        let locale = match &input.locale {
            None => Some(Locale::En),
            Some(raw) => errors.take("locale", Locale::parse(raw)),
        };
        errors.take("password", check_password(&input.password));
        let role = errors.take("role", Role::parse(&input.role));
        match (email, display_name, locale, role) {
            (Some(email), Some(display_name), Some(locale), Some(role)) if errors.is_empty() => {
                Ok(Self { email, display_name, locale, role })
            }
            _ => Err(errors),
        }
    }
}

/// A password in transit. Its `Debug` shows nothing, so it cannot reach a log
/// through a derived `Debug` of whatever holds it.
#[derive(Clone, Default, Deserialize)]
#[serde(transparent)]
pub struct Password(String);

impl Password {
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Password {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::Password)))
            .min_length(Some(MIN_PASSWORD_CHARS))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Password {}

/// Passwords are at least this long: length is what makes them hard to guess.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// And at most this long, so hashing one stays cheap.
pub const MAX_PASSWORD_CHARS: usize = 1024;

/// Checks a new password: long enough, not absurdly long. No composition rules
/// (they make passwords weaker in practice, per NIST SP 800-63B).
pub fn check_password(password: &Password) -> Result<(), FieldProblem> {
    let length = password.expose().chars().count();
    if length < MIN_PASSWORD_CHARS {
        return Err(FieldProblem::new("too_short", format!("must be at least {MIN_PASSWORD_CHARS} characters")));
    }
    if length > MAX_PASSWORD_CHARS {
        return Err(FieldProblem::new("too_long", format!("must be at most {MAX_PASSWORD_CHARS} characters")));
    }
    Ok(())
}

/// A user's membership of a workspace.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    pub user_id: UserId,
    pub workspace_id: WorkspaceId,
    pub role: Role,
    pub teams: Vec<TeamId>,
}

/// A team within a workspace.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Team {
    pub id: TeamId,
    pub workspace_id: WorkspaceId,
    pub name: String,
}

/// An API token as its owner sees it (never its secret, which is shown once).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiToken {
    pub id: TokenId,
    pub user_id: UserId,
    pub workspace_id: WorkspaceId,
    pub name: String,
    pub scope: TokenScope,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub expires_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub revoked_at: Option<OffsetDateTime>,
}

impl ApiToken {
    /// Whether the token may be used at `now`.
    pub fn usable_at(&self, now: OffsetDateTime) -> bool {
        self.revoked_at.is_none() && self.expires_at.is_none_or(|end| now < end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(password: &str) -> UserInput {
        UserInput {
            email: "ada@example.com".into(),
            display_name: "Ada".into(),
            locale: Some("pl".into()),
            password: Password::new(password),
            role: "sales".into(),
        }
    }

    #[test]
    fn users_parse_and_report_each_bad_field() {
        let user = NewUser::parse(&input("correct horse battery")).expect("valid");
        assert_eq!((user.role, user.locale), (Role::Sales, Locale::Pl));
        let bad = UserInput { email: "x".into(), role: "king".into(), ..input("short") };
        let fields: Vec<_> = NewUser::parse(&bad).expect_err("invalid").0.into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["email", "password", "role"]);
    }

    #[test]
    fn passwords_never_show_in_debug_output() {
        let text = format!("{:?}", input("correct horse battery"));
        assert!(!text.contains("horse"), "{text}");
    }

    #[test]
    fn tokens_stop_working_when_revoked_or_expired() {
        let at = time::macros::datetime!(2026-11-24 10:00 UTC);
        let token = ApiToken {
            id: TokenId(uuid::Uuid::nil()),
            user_id: UserId(uuid::Uuid::nil()),
            workspace_id: WorkspaceId(uuid::Uuid::nil()),
            name: "ci".into(),
            scope: TokenScope::Read,
            created_at: at,
            expires_at: Some(at + time::Duration::days(1)),
            revoked_at: None,
        };
        assert!(token.usable_at(at));
        assert!(!token.usable_at(at + time::Duration::days(1)));
        assert!(!ApiToken { revoked_at: Some(at), ..token.clone() }.usable_at(at));
        assert!(ApiToken { expires_at: None, ..token }.usable_at(at + time::Duration::days(9999)));
    }
}
