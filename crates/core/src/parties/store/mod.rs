//! The `parties` table and its tag index.

pub mod account_team;
pub mod affiliations;
pub mod notes;
pub mod reach;
pub mod views;

use rapport_domain::classification::{Kind, Lifecycle};
use rapport_domain::common::ids::{PartyId, UserId, WorkspaceId};
use rapport_domain::common::text::{PartyName, Tag};
use rapport_domain::parties::{Party, PartyFacts, PartyKind};
use serde_json::value::RawValue;
use sqlx::Row;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::kernel::db::Exec;
use crate::kernel::store::StoreError;
use crate::kernel::store::paging::{Cursor, Page};
use crate::on_conn;

/// The orders the party list is read in; each pages by its own key.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PartySort {
    /// By name, A to Z.
    #[default]
    Name,
    /// By name, Z to A.
    NameDescending,
    /// The newest first.
    Newest,
    /// The oldest first.
    Oldest,
    /// The most recently changed first.
    Changed,
}

impl PartySort {
    pub const ALL: [Self; 5] = [Self::Name, Self::NameDescending, Self::Newest, Self::Oldest, Self::Changed];

    /// How the list's `sort` parameter names it.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::NameDescending => "-name",
            Self::Newest => "-created",
            Self::Oldest => "created",
            Self::Changed => "-updated",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, rapport_domain::common::validation::FieldProblem> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw.trim()).ok_or_else(|| {
            rapport_domain::common::validation::FieldProblem::new(
                "invalid_sort",
                "must be name, -name, created, -created or -updated",
            )
        })
    }

    /// The column sorted on, and whether the list runs down it.
    fn column(&self) -> (&'static str, bool) {
        match self {
            Self::Name => ("sort_key", false),
            Self::NameDescending => ("sort_key", true),
            Self::Newest => ("created_at", true),
            Self::Oldest => ("created_at", false),
            Self::Changed => ("updated_at", true),
        }
    }

    /// Whether `key`, from a cursor, is a key of this order.
    pub fn holds(&self, key: &str) -> bool {
        match self {
            Self::Name | Self::NameDescending => true,
            Self::Newest | Self::Oldest | Self::Changed => {
                OffsetDateTime::parse(key, &time::format_description::well_known::Rfc3339).is_ok()
            }
        }
    }

    /// A listed party's key in this order, as a cursor carries it.
    fn key_of(&self, item: &PartyListItem) -> String {
        let at = |t: OffsetDateTime| t.format(&time::format_description::well_known::Rfc3339).unwrap_or_default();
        match self {
            Self::Name | Self::NameDescending => item.sort_key.clone(),
            Self::Newest | Self::Oldest => at(item.created_at),
            Self::Changed => at(item.updated_at),
        }
    }
}

/// What a party list is filtered by.
#[derive(Debug, Clone, Default)]
pub struct PartyFilter {
    /// Only the parties a role that sees its own or its team's records may
    /// read; `None` for no such limit.
    pub readable: Option<crate::parties::store::reach::Readable>,
    /// Only the parties of this owner (`Some(None)`: of no one).
    pub owner: Option<Option<UserId>>,
    /// Only the parties whose account team this member is on.
    pub account_team: Option<UserId>,
    pub kind: Option<PartyKind>,
    /// Lower-cased text searched for in names, emails and phones.
    pub text: Option<String>,
    pub tag: Option<Tag>,
    /// Only parties holding this kind of relationship (among others).
    pub relationship: Option<rapport_domain::classification::Kind>,
    /// Only buyers at this stage.
    pub lifecycle: Option<rapport_domain::classification::Lifecycle>,
    pub sort: PartySort,
}

/// A party as the list shows it. Its contact points and tags are passed through
/// as the JSON they are stored as, unparsed: that JSON was written by
/// serializing the very domain types a [`Party`] holds, so it already has the
/// shape the API shows, and skipping the parse and re-serialization of four
/// columns a row is most of what a list page costs. A test holds the two shapes
/// equal.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PartyListItem {
    pub id: PartyId,
    pub workspace_id: WorkspaceId,
    pub kind: PartyKind,
    pub name: String,
    pub emails: Box<RawValue>,
    pub phones: Box<RawValue>,
    pub addresses: Box<RawValue>,
    #[serde(with = "rapport_domain::common::dates::iso_date::option")]
    pub birthday: Option<Date>,
    pub tags: Box<RawValue>,
    pub internal: bool,
    pub owner_id: Option<UserId>,
    pub version: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub deleted_at: Option<OffsetDateTime>,
    /// What the party is to the business: its primary kind and, for buyers,
    /// their stage. Absent only for a party not classified yet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relationship: Option<ListedRelationship>,
    /// Where the next page starts when this item ends one.
    #[serde(skip)]
    pub sort_key: String,
}

/// A listed party's classification in brief.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ListedRelationship {
    pub primary: Kind,
    pub lifecycle: Option<Lifecycle>,
}

macro_rules! select_parties {
    () => {
        "SELECT id, workspace_id, kind, name, emails, phones, addresses, tags, birthday, internal, owner_id, \
         version, created_at, updated_at, deleted_at FROM parties"
    };
}

/// The columns of a row, before they are turned back into domain values.
struct PartyRow {
    id: Uuid,
    workspace_id: Uuid,
    kind: String,
    name: String,
    emails: String,
    phones: String,
    addresses: String,
    tags: String,
    birthday: Option<Date>,
    internal: bool,
    owner_id: Option<Uuid>,
    version: i64,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
    deleted_at: Option<OffsetDateTime>,
}

macro_rules! party_row {
    ($row:expr) => {{
        let row = &$row;
        PartyRow {
            id: row.try_get("id")?,
            workspace_id: row.try_get("workspace_id")?,
            kind: row.try_get("kind")?,
            name: row.try_get("name")?,
            emails: row.try_get("emails")?,
            phones: row.try_get("phones")?,
            addresses: row.try_get("addresses")?,
            tags: row.try_get("tags")?,
            birthday: row.try_get("birthday")?,
            internal: row.try_get("internal")?,
            owner_id: row.try_get("owner_id")?,
            version: row.try_get("version")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
            deleted_at: row.try_get("deleted_at")?,
        }
    }};
}

impl PartyRow {
    fn into_party(self) -> Result<Party, StoreError> {
        Ok(Party {
            id: PartyId(self.id),
            workspace_id: WorkspaceId(self.workspace_id),
            facts: PartyFacts {
                kind: PartyKind::parse(&self.kind).map_err(StoreError::corrupt)?,
                name: PartyName::from_stored(self.name),
                emails: from_json(&self.emails)?,
                phones: from_json(&self.phones)?,
                addresses: from_json(&self.addresses)?,
                birthday: self.birthday,
                tags: from_json(&self.tags)?,
                internal: self.internal,
            },
            owner_id: self.owner_id.map(UserId),
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
            deleted_at: self.deleted_at,
        })
    }
}

/// The JSON texts of a party's list-valued columns.
struct ListColumns {
    emails: String,
    phones: String,
    addresses: String,
    tags: String,
}

impl ListColumns {
    fn of(facts: &PartyFacts) -> Result<Self, StoreError> {
        Ok(Self {
            emails: to_json(&facts.emails)?,
            phones: to_json(&facts.phones)?,
            addresses: to_json(&facts.addresses)?,
            tags: to_json(&facts.tags)?,
        })
    }
}

fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(StoreError::corrupt)
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(StoreError::other)
}

/// Makes the tag index of `party` match its tags.
macro_rules! replace_tags_on {
    ($c:ident, $party:expr) => {{
        let party: &Party = $party;
        sqlx::query("DELETE FROM party_tags WHERE party_id = $1").bind(party.id.0).execute(&mut *$c).await?;
        for tag in &party.facts.tags {
            sqlx::query("INSERT INTO party_tags (workspace_id, tag, party_id) VALUES ($1, $2, $3)")
                .bind(party.workspace_id.0)
                .bind(tag.as_str())
                .bind(party.id.0)
                .execute(&mut *$c)
                .await?;
        }
    }};
}

pub async fn insert(exec: Exec<'_>, party: &Party) -> Result<(), StoreError> {
    let facts = &party.facts;
    let lists = ListColumns::of(facts)?;
    on_conn!(exec, c => {
        sqlx::query(
            "INSERT INTO parties (id, workspace_id, kind, name, sort_key, search_text, emails, phones, addresses, \
             tags, birthday, internal, version, created_at, updated_at, deleted_at, owner_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
        )
        .bind(party.id.0)
        .bind(party.workspace_id.0)
        .bind(facts.kind.as_str())
        .bind(facts.name.as_str())
        .bind(facts.name.sort_key())
        .bind(facts.search_text())
        .bind(&lists.emails)
        .bind(&lists.phones)
        .bind(&lists.addresses)
        .bind(&lists.tags)
        .bind(facts.birthday)
        .bind(facts.internal)
        .bind(party.version)
        .bind(party.created_at)
        .bind(party.updated_at)
        .bind(party.deleted_at)
        .bind(party.owner_id.map(|o| o.0))
        .execute(&mut *c)
        .await?;
        replace_tags_on!(c, party);
    });
    Ok(())
}

/// Writes `party` over the stored row if that row is still at `expected_version`.
/// Returns false when it is not (someone else changed it first).
pub async fn update(exec: Exec<'_>, party: &Party, expected_version: i64) -> Result<bool, StoreError> {
    let facts = &party.facts;
    let lists = ListColumns::of(facts)?;
    on_conn!(exec, c => {
        let done = sqlx::query(
            "UPDATE parties SET name = $1, sort_key = $2, search_text = $3, emails = $4, phones = $5, \
             addresses = $6, tags = $7, birthday = $8, internal = $9, version = $10, updated_at = $11, \
             deleted_at = $12, owner_id = $16 WHERE id = $13 AND workspace_id = $14 AND version = $15",
        )
        .bind(facts.name.as_str())
        .bind(facts.name.sort_key())
        .bind(facts.search_text())
        .bind(&lists.emails)
        .bind(&lists.phones)
        .bind(&lists.addresses)
        .bind(&lists.tags)
        .bind(facts.birthday)
        .bind(facts.internal)
        .bind(party.version)
        .bind(party.updated_at)
        .bind(party.deleted_at)
        .bind(party.id.0)
        .bind(party.workspace_id.0)
        .bind(expected_version)
        .bind(party.owner_id.map(|o| o.0))
        .execute(&mut *c)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        replace_tags_on!(c, party);
    });
    Ok(true)
}

/// A party of the workspace, deleted or not.
pub async fn get(exec: Exec<'_>, workspace: WorkspaceId, id: PartyId) -> Result<Option<Party>, StoreError> {
    let row = on_conn!(exec, c => {
        let found = sqlx::query(concat!(select_parties!(), " WHERE id = $1 AND workspace_id = $2"))
            .bind(id.0)
            .bind(workspace.0)
            .fetch_optional(&mut *c)
            .await?;
        match found {
            Some(row) => Some(party_row!(row)),
            None => None,
        }
    });
    row.map(PartyRow::into_party).transpose()
}

/// Binds a cursor's key as the column of `sort` holds it: a name's sort key,
/// or a moment (the use case has checked that the cursor is of this order).
fn push_key<DB: sqlx::Database>(
    query: &mut sqlx::QueryBuilder<DB>,
    sort: PartySort,
    key: &str,
) -> Result<(), StoreError>
where
    String: for<'q> sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    OffsetDateTime: for<'q> sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    match sort {
        PartySort::Name | PartySort::NameDescending => {
            query.push_bind(key.to_owned());
        }
        PartySort::Newest | PartySort::Oldest | PartySort::Changed => {
            let at = OffsetDateTime::parse(key, &time::format_description::well_known::Rfc3339)
                .map_err(|_| StoreError::Other("a cursor of another order of the list".into()))?;
            query.push_bind(at);
        }
    }
    Ok(())
}

/// A page of live parties in the filter's order, after `cursor`.
pub async fn list(
    mut exec: Exec<'_>,
    workspace: WorkspaceId,
    filter: &PartyFilter,
    cursor: Option<&Cursor>,
    limit: u32,
) -> Result<Page<PartyListItem>, StoreError> {
    let fetch = i64::from(limit) + 1;
    let rows = on_conn!(exec.reborrow(), c => {
        let mut query = sqlx::QueryBuilder::new(
            "SELECT id, workspace_id, kind, name, sort_key, emails, phones, addresses, tags, birthday, internal, \
             owner_id, version, created_at, updated_at, deleted_at FROM parties WHERE workspace_id = ",
        );
        query.push_bind(workspace.0).push(" AND deleted_at IS NULL");
        if let Some(readable) = &filter.readable {
            crate::parties::store::reach::push_readable!(query, "id", "owner_id", readable);
        }
        if let Some(member) = filter.account_team {
            query.push(" AND id IN (SELECT party_id FROM account_team WHERE user_id = ").push_bind(member.0).push(")");
        }
        match filter.owner {
            Some(Some(owner)) => {
                query.push(" AND owner_id = ").push_bind(owner.0);
            }
            Some(None) => {
                query.push(" AND owner_id IS NULL");
            }
            None => {}
        }
        if let Some(kind) = filter.kind {
            query.push(" AND kind = ").push_bind(kind.as_str());
        }
        if let Some(text) = &filter.text {
            query.push(" AND search_text LIKE ").push_bind(like_pattern(text)).push(" ESCAPE '\\'");
        }
        if let Some(tag) = &filter.tag {
            query
                .push(" AND id IN (SELECT party_id FROM party_tags WHERE workspace_id = ")
                .push_bind(workspace.0)
                .push(" AND tag = ")
                .push_bind(tag.as_str())
                .push(")");
        }
        if filter.relationship.is_some() || filter.lifecycle.is_some() {
            // Row by row in list order, so a page stops reading once it is full.
            query.push(" AND EXISTS (SELECT 1 FROM party_relationships r WHERE r.party_id = parties.id");
            if let Some(kind) = filter.relationship {
                query.push(" AND (r.kinds & ").push_bind(kind.bit()).push(") <> 0");
            }
            if let Some(lifecycle) = filter.lifecycle {
                query.push(" AND r.lifecycle = ").push_bind(lifecycle.as_str());
            }
            query.push(")");
        }
        let (column, down) = filter.sort.column();
        let (after, order) = if down { (" < ", " DESC") } else { (" > ", "") };
        if let Some(cursor) = cursor {
            // After the cursor's row in the list's own order, the id breaking ties.
            query.push(" AND (").push(column).push(after);
            push_key(&mut query, filter.sort, &cursor.sort_key)?;
            query.push(" OR (").push(column).push(" = ");
            push_key(&mut query, filter.sort, &cursor.sort_key)?;
            query.push(" AND id").push(after).push_bind(cursor.id).push("))");
        }
        // The limit is written into the SQL, not bound: with a bound LIMIT, SQLite
        // recompiles the statement on every execution (measured: a sixth of the
        // list's cost). `fetch` is a number we computed, never caller text.
        query.push(" ORDER BY ").push(column).push(order).push(", id").push(order).push(" LIMIT ").push(fetch);
        let mut items = Vec::new();
        for row in query.build().fetch_all(&mut *c).await? {
            let raw = |column: &str| -> Result<Box<RawValue>, StoreError> {
                RawValue::from_string(row.try_get(column)?).map_err(StoreError::corrupt)
            };
            let kind: String = row.try_get("kind")?;
            items.push(PartyListItem {
                id: PartyId(row.try_get("id")?),
                workspace_id: WorkspaceId(row.try_get("workspace_id")?),
                kind: PartyKind::parse(&kind).map_err(StoreError::corrupt)?,
                name: row.try_get("name")?,
                emails: raw("emails")?,
                phones: raw("phones")?,
                addresses: raw("addresses")?,
                birthday: row.try_get("birthday")?,
                tags: raw("tags")?,
                internal: row.try_get("internal")?,
                owner_id: row.try_get::<Option<Uuid>, _>("owner_id")?.map(UserId),
                version: row.try_get("version")?,
                created_at: row.try_get("created_at")?,
                updated_at: row.try_get("updated_at")?,
                deleted_at: row.try_get("deleted_at")?,
                sort_key: row.try_get("sort_key")?,
                relationship: None,
            });
        }
        items
    });
    let mut items = rows;
    let next_cursor = if items.len() > limit as usize {
        items.truncate(limit as usize);
        items.last().map(|last| Cursor { sort_key: filter.sort.key_of(last), id: last.id.0 })
    } else {
        None
    };
    fill_relationships(exec, &mut items).await?;
    Ok(Page { items, next_cursor })
}

/// Reads the classification of each listed party in one query: a page is at
/// most a few hundred parties, and a join in the list query would cost every
/// list, filtered or not, a row lookup per row it passes over.
async fn fill_relationships(exec: Exec<'_>, items: &mut [PartyListItem]) -> Result<(), StoreError> {
    if items.is_empty() {
        return Ok(());
    }
    let rows: Vec<(Uuid, String, Option<String>)> = on_conn!(exec, c => {
        let mut query =
            sqlx::QueryBuilder::new("SELECT party_id, primary_kind, lifecycle FROM party_relationships WHERE 1 = 1");
        crate::kernel::store::push_in!(query, "party_id", items.iter().map(|i| i.id.0));
        query.build_query_as().fetch_all(&mut *c).await?
    });
    let found: std::collections::HashMap<Uuid, ListedRelationship> = rows
        .into_iter()
        .map(|(id, primary, lifecycle)| {
            let primary = Kind::parse(&primary).map_err(StoreError::corrupt)?;
            let lifecycle = lifecycle.map(|l| Lifecycle::parse(&l)).transpose().map_err(StoreError::corrupt)?;
            Ok((id, ListedRelationship { primary, lifecycle }))
        })
        .collect::<Result<_, StoreError>>()?;
    for item in items {
        item.relationship = found.get(&item.id.0).copied();
    }
    Ok(())
}

/// `%text%`, with LIKE's own wildcards in `text` escaped.
fn like_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for ch in text.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(ch);
    }
    pattern.push('%');
    pattern
}

#[cfg(test)]
mod tests {
    #[test]
    fn like_wildcards_are_escaped() {
        assert_eq!(super::like_pattern("50%_a\\"), "%50\\%\\_a\\\\%");
    }
}
