//! Use cases of affiliations between people and organizations.

use rapport_domain::common::ids::{AffiliationId, PartyId};
use rapport_domain::common::patch::Patch;
use rapport_domain::events::{Changes, Event};
use rapport_domain::parties::affiliation::{Affiliation, AffiliationInput, check_ends, parse_title};
use rapport_domain::parties::events::AffiliationV1;

use rapport_domain::access::Action;

use crate::kernel::db::Tx;
use crate::kernel::store::StoreError;
use crate::kernel::versioned::{Versioned, audit};
use crate::kernel::{Actor, App, AppError, clock};
use crate::parties::reach::{check_party_id, visible_party};
use crate::parties::store::affiliations;
use rapport_domain::common::ids::WorkspaceId;
use time::OffsetDateTime;
use uuid::Uuid;

impl App {
    pub async fn create_affiliation(&self, actor: &Actor, input: &AffiliationInput) -> Result<Affiliation, AppError> {
        let title = parse_title(input.title.as_deref()).map_err(|p| p.at("title"))?;
        let mut tx = self.begin().await?;
        let person = visible_party(tx.exec(), actor, input.person_id).await?;
        let organization = visible_party(tx.exec(), actor, input.organization_id).await?.map(|(party, _)| party);
        check_ends(person.as_ref().map(|(p, _)| p.facts.kind), organization.as_ref().map(|p| p.facts.kind))?;
        // Linking a person to an organization changes the person's record.
        if let Some((_, access)) = &person {
            access.check(Action::Update)?;
        }
        let now = self.now();
        let affiliation = Affiliation {
            id: AffiliationId(clock::new_id()),
            workspace_id: actor.workspace_id,
            person_id: input.person_id,
            organization_id: input.organization_id,
            title,
            version: 1,
            created_at: now,
            updated_at: now,
            deleted_at: None,
        };
        affiliations::insert(tx.exec(), &affiliation).await.map_err(|e| match e {
            StoreError::Conflict(_) => {
                AppError::Conflict("this person is already affiliated with this organization".to_owned())
            }
            other => other.into(),
        })?;
        audit(&mut tx, actor, "create", None, &affiliation).await?;
        tx.commit().await?;
        Ok(affiliation)
    }

    /// A live affiliation between two live parties.
    pub async fn affiliation(&self, actor: &Actor, id: AffiliationId) -> Result<Affiliation, AppError> {
        let mut tx = self.begin_read().await?;
        let found = affiliations::get_live(tx.exec(), actor.workspace_id, id).await?.ok_or(AppError::NotFound)?;
        found.authorize(&mut tx, actor, Action::Read).await?;
        Ok(found)
    }

    /// The live affiliations of a live party.
    pub async fn affiliations_of(&self, actor: &Actor, party: PartyId) -> Result<Vec<Affiliation>, AppError> {
        let mut conn = self.db().acquire().await?;
        visible_party(conn.exec(), actor, party).await?.ok_or(AppError::NotFound)?;
        Ok(affiliations::of_party(conn.exec(), actor.workspace_id, party).await?)
    }

    /// Changes the title of a live affiliation still at `expected_version` (when given).
    pub async fn retitle_affiliation(
        &self,
        actor: &Actor,
        id: AffiliationId,
        expected_version: Option<i64>,
        title: Patch<String>,
    ) -> Result<Affiliation, AppError> {
        let title = match title {
            Patch::Unchanged => return self.change(actor, id, expected_version, "update", |a| a).await,
            Patch::Clear => None,
            Patch::Set(text) => parse_title(Some(&text)).map_err(|p| p.at("title"))?,
        };
        self.change(actor, id, expected_version, "update", |a| Affiliation { title, ..a }).await
    }

    /// Links an ended affiliation again (a live one is answered as it is),
    /// for those who may change the person; refused while the same two are
    /// linked anew. Audited.
    pub async fn restore_affiliation(&self, actor: &Actor, id: AffiliationId) -> Result<Affiliation, AppError> {
        let mut tx = self.begin().await?;
        let current = affiliations::get(tx.exec(), actor.workspace_id, id).await?.ok_or(AppError::NotFound)?;
        current.authorize(&mut tx, actor, Action::Update).await?;
        if current.deleted_at.is_none() {
            return Ok(current);
        }
        let mut next = Affiliation { deleted_at: None, ..current.clone() };
        next.stamp(current.version + 1, self.now());
        match affiliations::update(tx.exec(), &next, current.version).await {
            Ok(true) => {}
            Ok(false) => return Err(AppError::Conflict("the link changed meanwhile: read it again".into())),
            Err(StoreError::Conflict(_)) => {
                return Err(AppError::Conflict("the two are linked again already".into()));
            }
            Err(other) => return Err(other.into()),
        }
        audit(&mut tx, actor, "restore", Some(&current), &next).await?;
        tx.commit().await?;
        Ok(next)
    }

    /// Soft-deletes a live affiliation.
    pub async fn delete_affiliation(
        &self,
        actor: &Actor,
        id: AffiliationId,
        expected_version: Option<i64>,
    ) -> Result<Affiliation, AppError> {
        let now = self.now();
        self.change(actor, id, expected_version, "delete", |a| Affiliation { deleted_at: Some(now), ..a }).await
    }
}

impl Versioned for Affiliation {
    fn event(&self, action: &'static str) -> Event {
        AffiliationV1::event(Changes::AFFILIATION.of(action), self)
    }
    const ENTITY: &'static str = "affiliation";
    type Id = AffiliationId;

    fn uuid(&self) -> Uuid {
        self.id.0
    }
    fn version(&self) -> i64 {
        self.version
    }
    fn stamp(&mut self, version: i64, at: OffsetDateTime) {
        self.version = version;
        self.updated_at = at;
    }
    fn parties(&self) -> Vec<PartyId> {
        vec![self.person_id, self.organization_id]
    }
    async fn authorize(&self, tx: &mut Tx, actor: &Actor, action: Action) -> Result<(), AppError> {
        check_party_id(tx, actor, action, self.person_id).await
    }
    async fn live(tx: &mut Tx, workspace: WorkspaceId, id: AffiliationId) -> Result<Option<Self>, StoreError> {
        affiliations::get_live(tx.exec(), workspace, id).await
    }
    async fn save(tx: &mut Tx, next: &Self, expected: i64) -> Result<bool, StoreError> {
        affiliations::update(tx.exec(), next, expected).await
    }
}
