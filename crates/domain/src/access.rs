//! Who may do what: roles, the permission table, and the scope a permission
//! reaches (a user's own records, their team's, or the whole workspace's).
//!
//! The table is data, so a test can walk every cell of it; the HTTP layer and
//! the use cases only ever ask [`allowed`].

use serde::{Deserialize, Serialize};

use crate::common::validation::FieldProblem;

/// A member's role in a workspace.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Owner,
    Admin,
    Manager,
    Sales,
    Marketing,
    /// Support desk and call center.
    Service,
    AccountManager,
    Viewer,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::Owner,
        Role::Admin,
        Role::Manager,
        Role::Sales,
        Role::Marketing,
        Role::Service,
        Role::AccountManager,
        Role::Viewer,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Owner => "owner",
            Self::Admin => "admin",
            Self::Manager => "manager",
            Self::Sales => "sales",
            Self::Marketing => "marketing",
            Self::Service => "service",
            Self::AccountManager => "account_manager",
            Self::Viewer => "viewer",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldProblem> {
        Self::ALL.into_iter().find(|r| r.as_str() == raw.trim()).ok_or_else(|| {
            FieldProblem::new(
                "invalid_role",
                "must be one of owner, admin, manager, sales, marketing, service, account_manager, viewer",
            )
        })
    }
}

/// The kinds of record permissions are given for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Resource {
    /// Parties and what hangs off them: affiliations, notes, their audit trail.
    Party,
    /// The workspace's settings.
    Workspace,
    /// Members of the workspace, their roles and teams.
    Member,
}

impl Resource {
    pub const ALL: [Resource; 3] = [Resource::Party, Resource::Workspace, Resource::Member];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    Read,
    Create,
    Update,
    Delete,
}

impl Action {
    pub const ALL: [Action; 4] = [Action::Read, Action::Create, Action::Update, Action::Delete];

    /// Whether the action changes anything (what a read-only token may not do).
    pub fn writes(&self) -> bool {
        !matches!(self, Self::Read)
    }
}

/// How far a permission reaches. Ordered: each reaches everything the one
/// before it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    None,
    /// Records the user owns or serves (see [`Ownership::Served`]).
    Own,
    /// Records owned by the user or by a member of one of the user's teams.
    Team,
    /// Every record of the workspace.
    All,
}

/// The permission table: how far `role` may take `action` on `resource`.
pub fn scope(role: Role, resource: Resource, action: Action) -> Scope {
    use Action::*;
    use Resource::*;
    use Role::*;
    use Scope::{All, None, Own, Team};
    match (role, resource, action) {
        (Owner | Admin, _, _) => All,
        (_, Workspace, Read) => All,
        (_, Workspace, _) => None,
        (Manager, Member, Read) => All,
        (_, Member, Read) => Own,
        (_, Member, _) => None,
        (Manager, Party, _) => All,
        // Sales see their team's pipeline and change what they own.
        (Sales, Party, Read) => Team,
        (Sales, Party, Create) => All,
        (Sales, Party, Update | Delete) => Own,
        // Marketing reads everyone for segments and adds leads, but edits no one's record.
        (Marketing, Party, Read | Create) => All,
        (Marketing, Party, Update | Delete) => None,
        // Service answers whoever calls: reads and corrects any record, deletes none.
        (Service, Party, Read | Create | Update) => All,
        (Service, Party, Delete) => None,
        // "See only my records": an account manager works their own book, the
        // parties they own and those whose account team they are on.
        (AccountManager, Party, Read | Update) => Own,
        (AccountManager, Party, Create) => All,
        (AccountManager, Party, Delete) => None,
        (Viewer, Party, Read) => All,
        (Viewer, Party, _) => None,
    }
}

/// What an API token may do, on top of its user's role.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenScope {
    /// Reads only.
    Read,
    /// Reads and changes records.
    Write,
    /// Everything the user's role allows, member management included.
    Admin,
}

impl TokenScope {
    pub fn parse(raw: &str) -> Result<Self, FieldProblem> {
        match raw.trim() {
            "read" => Ok(Self::Read),
            "write" => Ok(Self::Write),
            "admin" => Ok(Self::Admin),
            _ => Err(FieldProblem::new("invalid_scope", "must be read, write or admin")),
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Write => "write",
            Self::Admin => "admin",
        }
    }

    /// The scopes worth offering a member of `role`: each lets them do
    /// something the narrower one does not (a viewer's "write" token would
    /// only ever read).
    pub fn useful_for(role: Role) -> Vec<Self> {
        let mut useful = vec![Self::Read];
        let mut narrower = Self::Read;
        for wider in [Self::Write, Self::Admin] {
            let more = Resource::ALL.iter().any(|resource| {
                Action::ALL.iter().any(|action| {
                    reach(role, Some(wider), *resource, *action) > reach(role, Some(narrower), *resource, *action)
                })
            });
            if more {
                useful.push(wider);
                narrower = wider;
            }
        }
        useful
    }

    /// Whether a token with this scope may take `action` on `resource`.
    pub fn permits(&self, resource: Resource, action: Action) -> bool {
        match self {
            Self::Read => !action.writes(),
            Self::Write => !action.writes() || !matches!(resource, Resource::Member | Resource::Workspace),
            Self::Admin => true,
        }
    }
}

/// How a record relates to the user asking about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ownership {
    /// The user owns it.
    Own,
    /// The user serves it: they are on its account team (account manager,
    /// customer-success manager, service representative), or on the account
    /// team of an organization the person works at or whose orders the party
    /// uses. Serving a party reaches as far as owning it: the account team
    /// works its client's book as the owner does, each as their role allows.
    Served,
    /// A member of one of the user's teams owns it.
    Team,
    /// Someone else (or no one) owns it.
    Other,
}

impl Ownership {
    pub const ALL: [Ownership; 4] = [Ownership::Own, Ownership::Served, Ownership::Team, Ownership::Other];
}

/// The question every authorization comes down to: may a user with `role`,
/// through a credential limited to `token` (when a token is used), take
/// `action` on a `resource` record that is `ownership` to them?
pub fn allowed(
    role: Role,
    token: Option<TokenScope>,
    resource: Resource,
    action: Action,
    ownership: Ownership,
) -> bool {
    if token.is_some_and(|t| !t.permits(resource, action)) {
        return false;
    }
    let reach = scope(role, resource, action);
    match ownership {
        Ownership::Own | Ownership::Served => reach >= Scope::Own,
        Ownership::Team => reach >= Scope::Team,
        Ownership::Other => reach >= Scope::All,
    }
}

/// The widest reach a role has for `action` on `resource` through `token`: what
/// a list filters by.
pub fn reach(role: Role, token: Option<TokenScope>, resource: Resource, action: Action) -> Scope {
    if token.is_some_and(|t| !t.permits(resource, action)) { Scope::None } else { scope(role, resource, action) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_viewer_is_offered_only_reading_tokens_an_owner_every_scope() {
        assert_eq!(TokenScope::useful_for(Role::Viewer), [TokenScope::Read]);
        assert_eq!(TokenScope::useful_for(Role::Owner), [TokenScope::Read, TokenScope::Write, TokenScope::Admin]);
        for role in Role::ALL {
            assert_eq!(TokenScope::useful_for(role)[0], TokenScope::Read, "{role:?} may always read");
        }
    }

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Ok(role));
            assert_eq!(serde_json::to_value(role).ok(), Some(serde_json::json!(role.as_str())));
        }
        assert!(Role::parse("root").is_err());
    }

    #[test]
    fn owners_and_admins_may_do_everything_viewers_only_read() {
        for resource in Resource::ALL {
            for action in Action::ALL {
                for ownership in Ownership::ALL {
                    assert!(allowed(Role::Owner, None, resource, action, ownership));
                    assert!(allowed(Role::Admin, None, resource, action, ownership));
                    if action.writes() {
                        assert!(!allowed(Role::Viewer, None, resource, action, ownership), "{resource:?} {action:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn scope_follows_ownership() {
        use Ownership::*;
        let party = |role, action, ownership| allowed(role, None, Resource::Party, action, ownership);
        assert!(party(Role::Sales, Action::Read, Team));
        assert!(!party(Role::Sales, Action::Read, Other));
        assert!(party(Role::Sales, Action::Update, Own));
        assert!(!party(Role::Sales, Action::Update, Team));
        assert!(party(Role::AccountManager, Action::Read, Own));
        assert!(!party(Role::AccountManager, Action::Read, Team));
        assert!(party(Role::AccountManager, Action::Read, Served));
        assert!(party(Role::AccountManager, Action::Update, Served));
        assert!(!party(Role::AccountManager, Action::Delete, Served));
        assert!(party(Role::Sales, Action::Update, Served));
        assert!(!party(Role::Marketing, Action::Update, Served));
        assert!(!party(Role::Viewer, Action::Update, Served));
        assert!(party(Role::Service, Action::Update, Other));
        assert!(!party(Role::Service, Action::Delete, Own));
        assert!(!party(Role::Marketing, Action::Update, Own));
    }

    #[test]
    fn a_token_never_widens_a_role_and_read_tokens_never_write() {
        for role in Role::ALL {
            for resource in Resource::ALL {
                for action in Action::ALL {
                    for ownership in Ownership::ALL {
                        let bare = allowed(role, None, resource, action, ownership);
                        for token in [TokenScope::Read, TokenScope::Write, TokenScope::Admin] {
                            let with = allowed(role, Some(token), resource, action, ownership);
                            assert!(!with || bare, "{role:?} {token:?} {resource:?} {action:?}");
                            if token == TokenScope::Read && action.writes() {
                                assert!(!with);
                            }
                        }
                        assert_eq!(allowed(role, Some(TokenScope::Admin), resource, action, ownership), bare);
                    }
                }
            }
        }
    }

    #[test]
    fn scopes_are_monotonic_in_ownership() {
        for role in Role::ALL {
            for resource in Resource::ALL {
                for action in Action::ALL {
                    let other = allowed(role, None, resource, action, Ownership::Other);
                    let team = allowed(role, None, resource, action, Ownership::Team);
                    let own = allowed(role, None, resource, action, Ownership::Own);
                    let served = allowed(role, None, resource, action, Ownership::Served);
                    assert!(!other || team, "{role:?} {resource:?} {action:?}");
                    assert!(!team || own, "{role:?} {resource:?} {action:?}");
                    assert_eq!(served, own, "serving reaches as owning: {role:?} {resource:?} {action:?}");
                }
            }
        }
    }
}
