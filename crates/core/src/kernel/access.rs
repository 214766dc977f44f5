//! Authorization, decided once here for every use case from the permission
//! table of the domain.

use rapport_domain::access;
use rapport_domain::access::{Action, Ownership, Resource, Scope};
use rapport_domain::common::ids::UserId;

use crate::kernel::{Actor, AppError, Principal};

/// How a record owned by `owner` relates to `user` and their teammates.
pub(crate) fn ownership(user: UserId, teammates: &[UserId], owner: Option<UserId>) -> Ownership {
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
