//! Who may reach a party: by who owns it, and by whom it is served (on its
//! account team, or a person or end user under a party that is). Every record
//! hanging off a party (orders, contracts, notes, its relationship) is reached
//! through it.

use rapport_domain::access;
use rapport_domain::access::{Action, Ownership, Resource, Role, Scope, TokenScope};
use rapport_domain::common::ids::{PartyId, UserId};
use rapport_domain::parties::Party;

use crate::kernel::access::ownership;
use crate::kernel::db::{Exec, Tx};
use crate::kernel::{Actor, AppError, Principal};
use crate::parties::store;
use crate::parties::store::reach;
use crate::parties::store::reach::Readable;

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
    if ownership != Ownership::Own && partial && reach::serves(exec, *user, id).await? {
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
    let Some(party) = crate::parties::store::get(exec.reborrow(), actor.workspace_id, id).await? else {
        return Ok(None);
    };
    if party.deleted_at.is_some() {
        return Ok(None);
    }
    let access = party_access(exec, actor, party.id, party.owner_id).await?;
    Ok(access.may(Action::Read).then_some((party, access)))
}

/// A live party the actor may take `action` on: what every record hanging
/// off a party (orders, contracts, account team, relationship) checks first.
/// One the actor may not read is `NotFound`; see [`check`].
pub(crate) async fn live_party_for(tx: &mut Tx, actor: &Actor, id: PartyId, action: Action) -> Result<Party, AppError> {
    let party = live_party(tx, actor, id).await?;
    check_party(tx.exec(), actor, action, &party).await?;
    Ok(party)
}

pub(crate) async fn live_party(tx: &mut Tx, actor: &Actor, id: PartyId) -> Result<Party, AppError> {
    match store::get(tx.exec(), actor.workspace_id, id).await? {
        Some(party) if party.deleted_at.is_none() => Ok(party),
        _ => Err(AppError::NotFound),
    }
}

/// Checks `action` on the party `id`, deleted or not: what a record hanging
/// off it (a note, an affiliation) follows.
pub(crate) async fn check_party_id(tx: &mut Tx, actor: &Actor, action: Action, id: PartyId) -> Result<(), AppError> {
    let party = store::get(tx.exec(), actor.workspace_id, id).await?.ok_or(AppError::NotFound)?;
    check_party(tx.exec(), actor, action, &party).await
}
