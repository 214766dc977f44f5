//! The relationship engine's tables: each party's order summary and
//! classification, the history of changes, and overrides set by hand.

use rapport_domain::classification::{Classification, Kind, Lifecycle, Override, Reason};
use rapport_domain::common::ids::{PartyId, WorkspaceId};
use rapport_domain::parties::PartyKind;
use sqlx::Row;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::commerce::store::OrderSummary;
use crate::kernel::db::Exec;
use crate::kernel::store::StoreError;
use crate::on_conn;

mod states;
pub use states::{PartyState, states};

/// A classification as stored: its kind of relationship (the wording is
/// only fingerprinted here; see [`classification_of`]), and what the row
/// knew of its party when written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub primary: Kind,
    pub kinds: std::collections::BTreeSet<Kind>,
    pub lifecycle: Option<Lifecycle>,
    pub b2b: Option<bool>,
    /// [`Classification::fingerprint`] of the stored classification.
    pub fingerprint: i64,
    /// The day this classification was reached.
    pub classified_on: Date,
    pub revision: i64,
    pub party_kind: PartyKind,
    pub internal: bool,
    pub live: bool,
}

/// A party's stored classification with its explanation, and the day it
/// was reached.
pub async fn classification_of(
    exec: Exec<'_>,
    workspace: WorkspaceId,
    party: PartyId,
) -> Result<Option<(Classification, Date)>, StoreError> {
    type Row = (String, i64, Option<String>, Option<bool>, String, Date);
    let row: Option<Row> = on_conn!(exec, c => {
        sqlx::query_as(
            "SELECT primary_kind, kinds, lifecycle, b2b, explanation, classified_on FROM party_relationships \
             WHERE party_id = $1 AND workspace_id = $2",
        )
        .bind(party.0)
        .bind(workspace.0)
        .fetch_optional(&mut *c)
        .await?
    });
    row.map(|(primary, kinds, lifecycle, b2b, explanation, since)| {
        let classification = Classification {
            primary: Kind::parse(&primary).map_err(StoreError::corrupt)?,
            kinds: Kind::set_from_bits(kinds),
            lifecycle: lifecycle.map(|l| Lifecycle::parse(&l)).transpose().map_err(StoreError::corrupt)?,
            b2b,
            explanation: serde_json::from_str::<Vec<Reason>>(&explanation).map_err(StoreError::corrupt)?,
        };
        Ok((classification, since))
    })
    .transpose()
}

/// The names of parties, live or not (explanations name buyers). On
/// PostgreSQL the records are share-locked: a rename in flight is waited
/// for, and one not yet begun waits for this transaction, so an
/// explanation is never written with a name just replaced. Callers take
/// these locks before writing any relationship row, since a rename then
/// updates the rows that name its party (see [`rename_buyer`]); taking them
/// later could deadlock with it.
pub async fn buyer_names(
    exec: Exec<'_>,
    parties: impl IntoIterator<Item = PartyId>,
) -> Result<std::collections::HashMap<PartyId, String>, StoreError> {
    let lock = match exec {
        Exec::Sqlite(_) => "",
        Exec::Postgres(_) => " ORDER BY id FOR SHARE",
    };
    on_conn!(exec, c => {
        let mut query = sqlx::QueryBuilder::new("SELECT id, name FROM parties WHERE 1 = 1");
        crate::kernel::store::push_in!(query, "id", parties.into_iter().map(|p| p.0));
        query.push(lock);
        let rows: Vec<(Uuid, String)> = query.build_query_as().fetch_all(&mut *c).await?;
        Ok(rows.into_iter().map(|(id, name)| (PartyId(id), name)).collect())
    })
}

/// Marks a party's row deleted or live, so that passes skip or see it. The
/// revision moves on, so that a pass that read the row before cannot write
/// it back.
pub async fn set_live(exec: Exec<'_>, party: PartyId, live: bool) -> Result<(), StoreError> {
    on_conn!(exec, c => {
        sqlx::query("UPDATE party_relationships SET live = $1, revision = revision + 1 WHERE party_id = $2")
            .bind(live)
            .bind(party.0)
            .execute(&mut *c)
            .await?;
    });
    Ok(())
}

/// Carries a buyer's new name to the rows whose explanations name it; the
/// next pass rewords them. The revision moves on, as in [`set_live`].
pub async fn rename_buyer(exec: Exec<'_>, buyer: PartyId, name: &str) -> Result<(), StoreError> {
    on_conn!(exec, c => {
        sqlx::query(
            "UPDATE party_relationships SET first_use_buyer_name = $1, revision = revision + 1 \
             WHERE first_use_buyer_id = $2",
        )
            .bind(name)
            .bind(buyer.0)
            .execute(&mut *c)
            .await?;
    });
    Ok(())
}

/// Sets every row's `live` flag of a workspace from its party's record, for
/// a rebuild; returns how many rows were wrong.
pub async fn repair_live(exec: Exec<'_>, workspace: WorkspaceId) -> Result<u64, StoreError> {
    on_conn!(exec, c => {
        let done = sqlx::query(
            "UPDATE party_relationships SET live = NOT live, revision = revision + 1 WHERE workspace_id = $1 \
             AND live <> (SELECT p.deleted_at IS NULL FROM parties p WHERE p.id = party_relationships.party_id)",
        )
        .bind(workspace.0)
        .execute(&mut *c)
        .await?;
        Ok(done.rows_affected())
    })
}

/// How [`unclassified`] looks for parties without a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Search {
    /// Counts first, and looks no further when live parties and live rows
    /// agree (the daily pass: at a million parties the search itself takes
    /// longer than the rest of a pass). Exact as long as every delete and
    /// restore moves its row's `live` flag in its own transaction, as
    /// [`set_live`] and the refresh after a restore do.
    CountsFirst,
    /// Every party is looked for (a rebuild, the repair for rows in doubt).
    Everywhere,
}

/// Live parties of a workspace that have no relationship row (from before
/// rows were kept), `limit` at a time.
pub async fn unclassified(
    exec: Exec<'_>,
    workspace: WorkspaceId,
    limit: u32,
    search: Search,
) -> Result<Vec<PartyId>, StoreError> {
    on_conn!(exec, c => {
        if search == Search::CountsFirst {
            let parties: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM parties WHERE workspace_id = $1 AND deleted_at IS NULL")
                    .bind(workspace.0)
                    .fetch_one(&mut *c)
                    .await?;
            let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM party_relationships WHERE workspace_id = $1 AND live")
                .bind(workspace.0)
                .fetch_one(&mut *c)
                .await?;
            if parties == rows {
                return Ok(Vec::new());
            }
        }
        let ids: Vec<Uuid> = sqlx::query_scalar(
            "SELECT p.id FROM parties p WHERE p.workspace_id = $1 AND p.deleted_at IS NULL \
             AND NOT EXISTS (SELECT 1 FROM party_relationships r WHERE r.party_id = p.id) ORDER BY p.id LIMIT $2",
        )
        .bind(workspace.0)
        .bind(i64::from(limit))
        .fetch_all(&mut *c)
        .await?;
        Ok(ids.into_iter().map(PartyId).collect())
    })
}

/// How a write meets what is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Write {
    /// Replace whatever is there (the caller holds the row, see [`lock`]).
    Replace,
    /// Only if the row is still at this revision (and live).
    IfRevision(i64),
}

/// Holds `parties` until the transaction ends, so that two writes to one
/// party's orders summarise one after the other (the second reads after the
/// first commits). The party rows are locked, not their relationship rows:
/// those may not exist yet. SQLite needs nothing: its write transactions
/// already run one at a time.
pub async fn lock(exec: Exec<'_>, parties: &[PartyId]) -> Result<(), StoreError> {
    if let Exec::Postgres(c) = exec {
        let mut ids: Vec<Uuid> = parties.iter().map(|p| p.0).collect();
        ids.sort();
        sqlx::query("SELECT id FROM parties WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE")
            .bind(ids)
            .fetch_all(&mut *c)
            .await?;
    }
    Ok(())
}

/// Everything a relationship row holds, as a write gives it.
#[derive(Debug, Clone)]
pub struct NewRow<'a> {
    pub party: PartyId,
    pub party_kind: PartyKind,
    pub internal: bool,
    pub summary: &'a OrderSummary,
    pub first_use_buyer: Option<&'a str>,
    pub classification: &'a Classification,
    pub classified_on: Date,
}

/// Stores a party's row; whether it was written.
pub async fn save(
    exec: Exec<'_>,
    workspace: WorkspaceId,
    row: &NewRow<'_>,
    now: OffsetDateTime,
    write: Write,
) -> Result<bool, StoreError> {
    let classification = row.classification;
    let explanation = serde_json::to_string(&classification.explanation).map_err(StoreError::other)?;
    let purchases = row.summary.purchases.as_ref();
    let (first_use_order, first_use_buyer) = match &row.summary.first_use {
        Some((order, buyer)) => (Some(order.as_str()), Some(buyer.0)),
        None => (None, None),
    };
    const COLUMNS: &str = "party_id, workspace_id, purchase_days, first_purchase_on, last_purchase_on, \
        professional_order, use_count, first_use_order, first_use_buyer_id, primary_kind, kinds, lifecycle, b2b, \
        explanation, classified_on, updated_at, revision, party_kind, internal, live, first_use_buyer_name, fingerprint";
    const VALUES: &str = "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, \
        $19, true, $20, $21)";
    const UPDATES: &str = "purchase_days = excluded.purchase_days, first_purchase_on = excluded.first_purchase_on, \
        last_purchase_on = excluded.last_purchase_on, professional_order = excluded.professional_order, \
        use_count = excluded.use_count, first_use_order = excluded.first_use_order, \
        first_use_buyer_id = excluded.first_use_buyer_id, primary_kind = excluded.primary_kind, \
        kinds = excluded.kinds, lifecycle = excluded.lifecycle, b2b = excluded.b2b, \
        explanation = excluded.explanation, classified_on = excluded.classified_on, \
        updated_at = excluded.updated_at, party_kind = excluded.party_kind, internal = excluded.internal, \
        live = true, first_use_buyer_name = excluded.first_use_buyer_name, fingerprint = excluded.fingerprint";
    let sql = match write {
        Write::IfRevision(_) => {
            "UPDATE party_relationships SET purchase_days = $3, first_purchase_on = $4, last_purchase_on = $5, \
             professional_order = $6, use_count = $7, first_use_order = $8, first_use_buyer_id = $9, \
             primary_kind = $10, kinds = $11, lifecycle = $12, b2b = $13, explanation = $14, classified_on = $15, \
             updated_at = $16, revision = revision + 1, party_kind = $18, internal = $19, live = true, \
             first_use_buyer_name = $20, fingerprint = $21 \
             WHERE party_id = $1 AND workspace_id = $2 AND revision = $17 AND live"
                .to_owned()
        }
        Write::Replace => format!(
            "INSERT INTO party_relationships ({COLUMNS}) {VALUES} ON CONFLICT (party_id) DO UPDATE SET {UPDATES}, \
             revision = party_relationships.revision + 1"
        ),
    };
    let revision = match write {
        Write::IfRevision(revision) => revision,
        Write::Replace => 1,
    };
    let written = on_conn!(exec, c => {
        // Made of the constants above only; every value is bound.
        sqlx::query(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(row.party.0)
            .bind(workspace.0)
            .bind(purchases.map_or(0, |p| i64::from(p.days)))
            .bind(purchases.map(|p| p.first_on))
            .bind(purchases.map(|p| p.last_on))
            .bind(purchases.and_then(|p| p.professional_order.as_deref()))
            .bind(i64::from(row.summary.use_count))
            .bind(first_use_order)
            .bind(first_use_buyer)
            .bind(classification.primary.as_str())
            .bind(Kind::set_to_bits(&classification.kinds))
            .bind(classification.lifecycle.map(|l| l.as_str()))
            .bind(classification.b2b)
            .bind(&explanation)
            .bind(row.classified_on)
            .bind(now)
            .bind(revision)
            .bind(row.party_kind.as_str())
            .bind(row.internal)
            .bind(row.first_use_buyer)
            .bind(classification.fingerprint())
            .execute(&mut *c)
            .await?
            .rows_affected()
    });
    Ok(written == 1)
}

/// One change of a party's classification.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HistoryEntry {
    pub id: Uuid,
    pub party_id: PartyId,
    #[serde(with = "time::serde::rfc3339")]
    pub changed_at: OffsetDateTime,
    /// What caused it, such as `order.create`, `contract.sign` or `time`.
    pub cause: String,
    /// Who made the change that caused it, as the audit log names them.
    pub actor: String,
    pub classification: Classification,
    pub previous_primary: Option<Kind>,
    pub previous_kinds: Option<std::collections::BTreeSet<Kind>>,
    pub previous_lifecycle: Option<Lifecycle>,
}

pub async fn add_history(exec: Exec<'_>, workspace: WorkspaceId, entry: &HistoryEntry) -> Result<(), StoreError> {
    let c = &entry.classification;
    let explanation = serde_json::to_string(&c.explanation).map_err(StoreError::other)?;
    on_conn!(exec, conn => {
        sqlx::query(
            "INSERT INTO relationship_history (id, workspace_id, party_id, changed_at, cause, actor, primary_kind, \
             kinds, lifecycle, b2b, explanation, previous_primary, previous_lifecycle, previous_kinds) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        )
        .bind(entry.id)
        .bind(workspace.0)
        .bind(entry.party_id.0)
        .bind(entry.changed_at)
        .bind(&entry.cause)
        .bind(&entry.actor)
        .bind(c.primary.as_str())
        .bind(Kind::set_to_bits(&c.kinds))
        .bind(c.lifecycle.map(|l| l.as_str()))
        .bind(c.b2b)
        .bind(&explanation)
        .bind(entry.previous_primary.map(|k| k.as_str()))
        .bind(entry.previous_lifecycle.map(|l| l.as_str()))
        .bind(entry.previous_kinds.as_ref().map(Kind::set_to_bits))
        .execute(&mut *conn)
        .await?;
    });
    Ok(())
}

/// A party's classification history, newest first, `limit` entries older
/// than `before` (an entry id) when given.
pub async fn history(
    exec: Exec<'_>,
    workspace: WorkspaceId,
    party: PartyId,
    before: Option<Uuid>,
    limit: u32,
) -> Result<Vec<HistoryEntry>, StoreError> {
    on_conn!(exec, c => {
        let mut query = sqlx::QueryBuilder::new(
            "SELECT id, changed_at, cause, actor, primary_kind, kinds, lifecycle, b2b, explanation, previous_primary, \
             previous_lifecycle, previous_kinds FROM relationship_history WHERE party_id = ",
        );
        query.push_bind(party.0).push(" AND workspace_id = ").push_bind(workspace.0);
        if let Some(before) = before {
            query.push(" AND id < ").push_bind(before);
        }
        query.push(" ORDER BY id DESC LIMIT ").push(i64::from(limit));
        let mut entries = Vec::new();
        for row in query.build().fetch_all(&mut *c).await? {
            let kind = |column: &str| -> Result<Option<Kind>, StoreError> {
                let raw: Option<String> = row.try_get(column)?;
                raw.map(|k| Kind::parse(&k)).transpose().map_err(StoreError::corrupt)
            };
            let lifecycle = |column: &str| -> Result<Option<Lifecycle>, StoreError> {
                let raw: Option<String> = row.try_get(column)?;
                raw.map(|l| Lifecycle::parse(&l)).transpose().map_err(StoreError::corrupt)
            };
            let explanation: String = row.try_get("explanation")?;
            entries.push(HistoryEntry {
                id: row.try_get("id")?,
                party_id: party,
                changed_at: row.try_get("changed_at")?,
                cause: row.try_get("cause")?,
                actor: row.try_get("actor")?,
                classification: Classification {
                    primary: kind("primary_kind")?.ok_or_else(|| StoreError::corrupt("history without a kind"))?,
                    kinds: Kind::set_from_bits(row.try_get("kinds")?),
                    lifecycle: lifecycle("lifecycle")?,
                    b2b: row.try_get("b2b")?,
                    explanation: serde_json::from_str(&explanation).map_err(StoreError::corrupt)?,
                },
                previous_primary: kind("previous_primary")?,
                previous_kinds: row.try_get::<Option<i64>, _>("previous_kinds")?.map(Kind::set_from_bits),
                previous_lifecycle: lifecycle("previous_lifecycle")?,
            });
        }
        Ok(entries)
    })
}

pub async fn put_override(
    exec: Exec<'_>,
    workspace: WorkspaceId,
    party: PartyId,
    value: &Override,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    on_conn!(exec, c => {
        sqlx::query(
            "INSERT INTO relationship_overrides (party_id, workspace_id, kind, reason, expires_on, set_by, set_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (party_id) DO UPDATE SET kind = excluded.kind, \
             reason = excluded.reason, expires_on = excluded.expires_on, set_by = excluded.set_by, \
             set_at = excluded.set_at",
        )
        .bind(party.0)
        .bind(workspace.0)
        .bind(value.kind.as_str())
        .bind(&value.reason)
        .bind(value.expires_on)
        .bind(&value.set_by)
        .bind(now)
        .execute(&mut *c)
        .await?;
    });
    Ok(())
}

/// Lifts a party's override, returning it if there was one.
pub async fn delete_override(
    exec: Exec<'_>,
    workspace: WorkspaceId,
    party: PartyId,
) -> Result<Option<Override>, StoreError> {
    let row: Option<(String, String, Option<Date>, String)> = on_conn!(exec, c => {
        sqlx::query_as(
            "DELETE FROM relationship_overrides WHERE party_id = $1 AND workspace_id = $2 \
             RETURNING kind, reason, expires_on, set_by",
        )
        .bind(party.0)
        .bind(workspace.0)
        .fetch_optional(&mut *c)
        .await?
    });
    row.map(|(kind, reason, expires_on, set_by)| {
        Ok(Override { kind: Kind::parse(&kind).map_err(StoreError::corrupt)?, reason, expires_on, set_by })
    })
    .transpose()
}

/// The changes of primary kind of live parties since `since`, by month (at
/// UTC) and by the kinds changed from (none for a new party) and to.
pub async fn kind_flows(
    exec: Exec<'_>,
    workspace: WorkspaceId,
    since: OffsetDateTime,
    readable: Option<&crate::parties::store::reach::Readable>,
) -> Result<Vec<rapport_domain::classification::trend::Flow>, StoreError> {
    let rows: Vec<(OffsetDateTime, String, Option<String>)> = on_conn!(exec, c => {
        let mut query = sqlx::QueryBuilder::new(
            "SELECT h.changed_at, h.primary_kind, h.previous_primary FROM relationship_history h \
             JOIN parties p ON p.id = h.party_id WHERE h.workspace_id = ",
        );
        query.push_bind(workspace.0).push(" AND h.changed_at >= ").push_bind(since);
        query.push(" AND p.deleted_at IS NULL AND (h.previous_primary IS NULL OR h.previous_primary <> h.primary_kind)");
        if let Some(readable) = readable {
            crate::parties::store::reach::push_readable!(query, "p.id", "p.owner_id", readable);
        }
        query.build_query_as().fetch_all(&mut *c).await?
    });
    let mut counted: std::collections::BTreeMap<(String, Kind, Option<Kind>), i64> = Default::default();
    for (at, to, from) in rows {
        let at = at.to_offset(time::UtcOffset::UTC);
        let month = format!("{:04}-{:02}", at.year(), u8::from(at.month()));
        let to = Kind::parse(&to).map_err(StoreError::corrupt)?;
        let from = from.map(|k| Kind::parse(&k)).transpose().map_err(StoreError::corrupt)?;
        *counted.entry((month, to, from)).or_insert(0) += 1;
    }
    Ok(counted
        .into_iter()
        .map(|((month, to, from), parties)| rapport_domain::classification::trend::Flow { month, to, from, parties })
        .collect())
}

/// Live parties per primary kind and lifecycle, and per kind held.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// (primary kind, lifecycle, parties).
    pub by_primary: Vec<(Kind, Option<Lifecycle>, i64)>,
    /// Parties holding each kind (a party may hold several).
    pub by_kind: Vec<(Kind, i64)>,
}

/// Counts the live parties of a workspace, or only the `readable` ones.
pub async fn counts(
    exec: Exec<'_>,
    workspace: WorkspaceId,
    readable: Option<&crate::parties::store::reach::Readable>,
) -> Result<Counts, StoreError> {
    // One pass, grouped by the whole classification; few distinct groups
    // exist, and the counts per kind held are added up from their bits.
    let rows: Vec<(String, Option<String>, i64, i64)> = on_conn!(exec, c => {
        let mut query = sqlx::QueryBuilder::new("SELECT r.primary_kind, r.lifecycle, r.kinds, COUNT(*) FROM party_relationships r");
        if readable.is_some() {
            query.push(" JOIN parties p ON p.id = r.party_id");
        }
        query.push(" WHERE r.live AND r.workspace_id = ").push_bind(workspace.0);
        if let Some(readable) = readable {
            crate::parties::store::reach::push_readable!(query, "p.id", "p.owner_id", readable);
        }
        query.push(" GROUP BY r.primary_kind, r.lifecycle, r.kinds");
        query.build_query_as().fetch_all(&mut *c).await?
    });
    let mut by_primary: std::collections::BTreeMap<(Kind, Option<Lifecycle>), i64> = std::collections::BTreeMap::new();
    let mut by_kind: std::collections::BTreeMap<Kind, i64> = Kind::PRECEDENCE.into_iter().map(|k| (k, 0)).collect();
    for (kind, lifecycle, bits, n) in rows {
        let kind = Kind::parse(&kind).map_err(StoreError::corrupt)?;
        let lifecycle = lifecycle.map(|l| Lifecycle::parse(&l)).transpose().map_err(StoreError::corrupt)?;
        *by_primary.entry((kind, lifecycle)).or_insert(0) += n;
        for held in Kind::set_from_bits(bits) {
            *by_kind.entry(held).or_insert(0) += n;
        }
    }
    Ok(Counts {
        by_primary: by_primary.into_iter().map(|((kind, lifecycle), n)| (kind, lifecycle, n)).collect(),
        by_kind: by_kind.into_iter().collect(),
    })
}
