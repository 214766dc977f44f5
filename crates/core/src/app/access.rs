//! Authorization, decided once here for every use case from the permission
//! table of the domain.

use rapport_domain::access::{self, Action, Ownership, Resource, Role, Scope, TokenScope};
use rapport_domain::ids::{PartyId, UserId};
use rapport_domain::party::Party;

use super::{Actor, AppError, Principal};
use crate::db::Exec;
use crate::store::Readable;
use crate::store::account_team;

fn ownership(user: UserId, teammates: &[UserId], owner: Option<UserId>) -> Ownership {
    match owner {
        Some(owner) if owner == user => Ownership::Own,
        Some(owner) if teammates.contains(&owner) => Ownership::Team,
        _ => Ownership::Other,
    }
}

/// Whether `actor` may take `action` on a `resource` record owned by `owner`.
pub fn may(actor: &Actor, resource: Resource, action: Action, owner: Option<UserId>) -> bool {
    match &actor.principal {
        Principal::System => true,
        Principal::Member { user, role, token, teammates } => {
            access::allowed(*role, *token, resource, action, ownership(*user, teammates, owner))
        }
    }
}

/// Whether `actor` may take `action` on every `resource` record of the
/// workspace, rather than only on those in their care.
pub fn reaches_all(actor: &Actor, resource: Resource, action: Action) -> bool {
    check_reach_all(actor, resource, action).is_ok()
}

/// Checks `action` on a record owned by `owner`. A record the actor may not
/// even read answers `NotFound`, as one that does not exist: its existence is
/// not revealed. One they may read but not change answers `Forbidden`.
pub(crate) fn check(actor: &Actor, resource: Resource, action: Action, owner: Option<UserId>) -> Result<(), AppError> {
    if may(actor, resource, action, owner) {
        Ok(())
    } else if action != Action::Read && may(actor, resource, Action::Read, owner) {
        Err(AppError::Forbidden)
    } else {
        Err(AppError::NotFound)
    }
}

/// Checks an action that concerns no particular record (creating one, reading
/// the workspace): `Forbidden` when the role has no reach at all.
pub(crate) fn check_any(actor: &Actor, resource: Resource, action: Action) -> Result<(), AppError> {
    match &actor.principal {
        Principal::System => Ok(()),
        Principal::Member { role, token, .. } => {
            if access::reach(*role, *token, resource, action) > Scope::None {
                Ok(())
            } else {
                Err(AppError::Forbidden)
            }
        }
    }
}

/// Checks that `actor` may take `action` on every record of `resource`.
pub(crate) fn check_reach_all(actor: &Actor, resource: Resource, action: Action) -> Result<(), AppError> {
    match &actor.principal {
        Principal::System => Ok(()),
        Principal::Member { role, token, .. } => {
            if access::reach(*role, *token, resource, action) == Scope::All {
                Ok(())
            } else {
                Err(AppError::Forbidden)
            }
        }
    }
}

/// Which parties `actor` may list: `None` for all of them, or those their
/// reach covers (owned by them or their teammates, and those they serve).
pub(crate) fn readable_parties(actor: &Actor) -> Result<Option<Readable>, AppError> {
    match &actor.principal {
        Principal::System => Ok(None),
        Principal::Member { user, role, token, teammates } => {
            let owners = match access::reach(*role, *token, Resource::Party, Action::Read) {
                Scope::All => return Ok(None),
                Scope::Team => {
                    let mut owners = teammates.clone();
                    if !owners.contains(user) {
                        owners.push(*user);
                    }
                    owners
                }
                Scope::Own => vec![*user],
                Scope::None => return Err(AppError::Forbidden),
            };
            Ok(Some(Readable { owners, server: *user }))
        }
    }
}

/// What an actor may do to one party, decided once: by who owns the party
/// and, for a member, by whether they serve it (see [`Ownership::Served`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartyAccess {
    System,
    Member { role: Role, token: Option<TokenScope>, ownership: Ownership },
}

impl PartyAccess {
    pub fn may(&self, action: Action) -> bool {
        match self {
            Self::System => true,
            Self::Member { role, token, ownership } => {
                access::allowed(*role, *token, Resource::Party, action, *ownership)
            }
        }
    }

    /// As [`check`]: a party the actor may not read is `NotFound`.
    pub(crate) fn check(&self, action: Action) -> Result<(), AppError> {
        if self.may(action) {
            Ok(())
        } else if action != Action::Read && self.may(Action::Read) {
            Err(AppError::Forbidden)
        } else {
            Err(AppError::NotFound)
        }
    }
}

/// How the party `id`, owned by `owner`, relates to `actor`. Whether the
/// actor serves it is looked up only when it could change an answer: not for
/// a party they own, nor for a role whose reach over parties is all or nothing.
pub(crate) async fn party_access(
    exec: Exec<'_>,
    actor: &Actor,
    id: PartyId,
    owner: Option<UserId>,
) -> Result<PartyAccess, AppError> {
    let Principal::Member { user, role, token, teammates } = &actor.principal else {
        return Ok(PartyAccess::System);
    };
    let mut ownership = ownership(*user, teammates, owner);
    let partial = Action::ALL.iter().any(|&action| {
        let reach = access::reach(*role, *token, Resource::Party, action);
        reach > Scope::None && reach < Scope::All
    });
    if ownership != Ownership::Own && partial && account_team::serves(exec, *user, id).await? {
        ownership = Ownership::Served;
    }
    Ok(PartyAccess::Member { role: *role, token: *token, ownership })
}

/// Checks `action` on `party`, as [`check`] does for any record, counting the
/// parties the actor serves as their own.
pub(crate) async fn check_party(exec: Exec<'_>, actor: &Actor, action: Action, party: &Party) -> Result<(), AppError> {
    party_access(exec, actor, party.id, party.owner_id).await?.check(action)
}

/// A live party of the actor's workspace that `actor` may read, with what
/// they may do to it; `None` for one that does not exist, is deleted or is
/// hidden from them (which callers do not tell apart).
pub(crate) async fn visible_party(
    mut exec: Exec<'_>,
    actor: &Actor,
    id: PartyId,
) -> Result<Option<(Party, PartyAccess)>, AppError> {
    let Some(party) = crate::store::parties::get(exec.reborrow(), actor.workspace_id, id).await? else {
        return Ok(None);
    };
    if party.deleted_at.is_some() {
        return Ok(None);
    }
    let access = party_access(exec, actor, party.id, party.owner_id).await?;
    Ok(access.may(Action::Read).then_some((party, access)))
}
