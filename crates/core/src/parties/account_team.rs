//! Use cases of a party's account team.

use rapport_domain::ValidationErrors;
use rapport_domain::access::Action;
use rapport_domain::classification::TeamRole;
use rapport_domain::common::ids::{PartyId, UserId};
use rapport_domain::events::EventType;
use rapport_domain::parties::events::AccountTeamV1;

use crate::classification::Cause;
use crate::identity::store::accounts;
use crate::kernel::versioned::audit_value;
use crate::kernel::{Actor, App, AppError};
use crate::parties::reach::live_party_for;
use crate::parties::store::account_team;
use crate::parties::store::account_team::Assignment;

/// Checks that `actor` may take `action` on the live party `id`.
impl App {
    /// The account team of a party.
    pub async fn account_team(&self, actor: &Actor, party: PartyId) -> Result<Vec<Assignment>, AppError> {
        let mut tx = self.begin_read().await?;
        live_party_for(&mut tx, actor, party, Action::Read).await?;
        Ok(account_team::of_party(tx.exec(), actor.workspace_id, party).await?)
    }

    /// Assigns a member of the workspace to serve a party (a change to the
    /// party's record). Assigning someone already assigned changes nothing.
    pub async fn assign(&self, actor: &Actor, party: PartyId, user: UserId, role: TeamRole) -> Result<(), AppError> {
        let mut tx = self.begin().await?;
        live_party_for(&mut tx, actor, party, Action::Update).await?;
        if accounts::role(tx.exec(), user, actor.workspace_id).await?.is_none() {
            return Err(
                ValidationErrors::single("user_id", "not_a_member", "must be a member of this workspace").into()
            );
        }
        if account_team::add(tx.exec(), actor.workspace_id, party, user, role, self.now()).await? {
            let after = serde_json::json!({"party_id": party, "user_id": user, "role": role});
            let event = AccountTeamV1::event(EventType::AccountTeamAssigned, party.0, user.0, role.as_str());
            audit_value(&mut tx, actor, "create", "account_team", party.0, None, Some(&after), &[party], event).await?;
            let cause = Cause { what: "account_team.add", actor: &actor.label };
            self.refresh_relationships(&mut tx, actor.workspace_id, &[party], cause).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Ends an assignment; ending one that does not exist changes nothing.
    pub async fn unassign(&self, actor: &Actor, party: PartyId, user: UserId, role: TeamRole) -> Result<(), AppError> {
        let mut tx = self.begin().await?;
        live_party_for(&mut tx, actor, party, Action::Update).await?;
        if account_team::remove(tx.exec(), party, user, role).await? {
            let before = serde_json::json!({"party_id": party, "user_id": user, "role": role});
            let event = AccountTeamV1::event(EventType::AccountTeamUnassigned, party.0, user.0, role.as_str());
            audit_value(&mut tx, actor, "delete", "account_team", party.0, Some(&before), None, &[party], event)
                .await?;
            let cause = Cause { what: "account_team.remove", actor: &actor.label };
            self.refresh_relationships(&mut tx, actor.workspace_id, &[party], cause).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
