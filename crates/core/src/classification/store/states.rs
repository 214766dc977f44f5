//! Reading parties as a reclassification needs them.
//!
//! A pass over a million parties reads a million rows. Through sqlx's SQLite
//! driver every row is its own message from the driver's worker thread, with
//! an allocation per column; that hand-over, not SQLite, was most of a pass's
//! time (measured with `perf`: the same rows took 0.3 s in the `sqlite3`
//! shell and 5.1 s through sqlx). So on SQLite the database packs each party
//! into a JSON array and joins a chunk's arrays into one text value: one row
//! per chunk, decoded here with borrowed strings. PostgreSQL streams rows
//! cheaply but builds JSON slowly (measured: 28 ms for a chunk of 5,000 as
//! JSON, 13 ms as rows), so there the rows are read as they are.

use std::borrow::Cow;

use rapport_domain::classification::{Kind, Lifecycle, Override, Purchases};
use rapport_domain::common::dates::iso_date;
use rapport_domain::common::ids::{PartyId, WorkspaceId};
use rapport_domain::parties::PartyKind;
use serde::{Deserialize, Deserializer};
use sqlx::Row;
use sqlx::postgres::PgRow;
use time::Date;
use uuid::Uuid;

use crate::classification::store::Stored;
use crate::commerce::store::OrderSummary;
use crate::kernel::db::Exec;
use crate::kernel::store::{Span, StoreError, push_span};

/// One party as a reclassification reads it.
#[derive(Debug, Clone)]
pub struct PartyState {
    pub id: PartyId,
    pub kind: PartyKind,
    pub internal: bool,
    pub summary: OrderSummary,
    /// The name of the buyer of the first line the party uses.
    pub first_use_buyer: Option<String>,
    pub stored: Option<Stored>,
    pub override_: Option<Override>,
}

/// The columns read for each party after its id, kind and internal flag, in
/// the order of [`Packed`]'s fields. `{buyer}` is where each dialect puts
/// the first use's buyer: SQLite keeps uuids as blobs, which JSON cannot
/// hold, so they travel as hex there.
const COLUMNS: &str = "r.purchase_days, r.first_purchase_on, r.last_purchase_on, r.professional_order, \
     r.use_count, r.first_use_order, {buyer}, r.first_use_buyer_name, r.primary_kind, r.kinds, \
     r.lifecycle, r.b2b, r.fingerprint, r.classified_on, r.revision, r.party_kind, r.internal, r.live, \
     o.kind, o.reason, o.expires_on, o.set_by";

/// The parties of `span` as their party records say now (live ones only;
/// for the writes that change them), or, with no span, the first `limit`
/// live parties after `after` by id as their relationship rows say (for a
/// pass, which reads no other table). In id order.
pub async fn states(
    exec: Exec<'_>,
    workspace: WorkspaceId,
    span: Option<Span<'_>>,
    after: Option<PartyId>,
    limit: u32,
) -> Result<Vec<PartyState>, StoreError> {
    let sqlite = matches!(exec, Exec::Sqlite(_));
    let (party_id, party_kind, internal, from) = match span {
        Some(_) => ("p.id", "p.kind", "p.internal", "parties p LEFT JOIN party_relationships r ON r.party_id = p.id"),
        None => ("r.party_id", "r.party_kind", "r.internal", "party_relationships r"),
    };
    let select = if sqlite {
        let columns = COLUMNS.replace("{buyer}", "nullif(hex(r.first_use_buyer_id), '')");
        format!(
            "SELECT group_concat(j, ',') FROM (SELECT json_array(hex({party_id}), {party_kind}, {internal}, {columns}) AS j"
        )
    } else {
        let columns = COLUMNS.replace("{buyer}", "r.first_use_buyer_id");
        format!("SELECT {party_id}, {party_kind}, {internal}, {columns}")
    };
    // SQLite's planner, seeing `workspace_id =`, would rather walk an index
    // of the whole workspace and sort it (measured: 3.6 s a chunk at a
    // million parties) than take the primary key; a unary `+` keeps that
    // test off the indexes there. PostgreSQL's generic plan for a few ids
    // (prepared statements switch to it after five runs) made the same
    // choice, walking `parties_by_kind` (workspace, kind, name, id) for the
    // ids: seen in EXPLAIN at 9,000 parties, 0.8 ms against 0.02 ms by the
    // primary key, and growing with the register. Comparing the workspace
    // as text keeps that test off the indexes there too.
    let table = &party_id[..1];
    let (condition, after_bind) = match (sqlite, span.is_some()) {
        (true, _) => (format!(" WHERE +{table}.workspace_id = "), ""),
        (false, true) => (format!(" WHERE {table}.workspace_id::text = "), "::text"),
        (false, false) => (format!(" WHERE {table}.workspace_id = "), ""),
    };
    // The same statement on either backend, but for its first and last words.
    macro_rules! build {
        () => {{
            let mut query = sqlx::QueryBuilder::new(&select);
            query.push(" FROM ").push(from).push(" LEFT JOIN relationship_overrides o ON o.party_id = ").push(party_id);
            query.push(&condition).push_bind(workspace.0).push(after_bind);
            match span {
                Some(span) => {
                    query.push(" AND p.deleted_at IS NULL");
                    push_span!(query, "p.id", span);
                }
                None => {
                    query.push(" AND r.live");
                    if let Some(after) = after {
                        query.push(" AND r.party_id > ").push_bind(after.0);
                    }
                }
            }
            // A number we computed, written into the SQL so the statement is
            // prepared once (see `parties::list`).
            query.push(" ORDER BY ").push(party_id).push(" LIMIT ").push(i64::from(limit));
            query
        }};
    }
    match exec {
        Exec::Sqlite(c) => {
            let mut query = build!();
            query.push(") chunk");
            let packed: Option<String> = query.build_query_scalar().fetch_one(&mut *c).await?;
            packed.map_or(Ok(Vec::new()), |packed| unpack(&packed))
        }
        Exec::Postgres(c) => {
            let rows = build!().build().fetch_all(&mut *c).await?;
            rows.iter().map(|row| Packed::from_row(row).and_then(Packed::into_state)).collect()
        }
    }
}

/// Decodes a chunk packed on SQLite, in id order (the order of the arrays
/// within the aggregate is not promised).
fn unpack(packed: &str) -> Result<Vec<PartyState>, StoreError> {
    let array = format!("[{packed}]");
    let parties: Vec<Packed<'_>> = serde_json::from_str(&array).map_err(StoreError::corrupt)?;
    let mut states = parties.into_iter().map(Packed::into_state).collect::<Result<Vec<_>, _>>()?;
    states.sort_unstable_by_key(|s| s.id.0);
    Ok(states)
}

/// One party as read by [`states`]: its id, kind and internal flag, then
/// [`COLUMNS`]. Every relationship column is null for a party with no
/// relationship row, and every override column for one without an override.
#[derive(Deserialize)]
struct Packed<'a> {
    id: Uuid,
    #[serde(borrow)]
    kind: Cow<'a, str>,
    #[serde(deserialize_with = "flag")]
    internal: bool,
    purchase_days: Option<i64>,
    #[serde(with = "iso_date::option")]
    first_purchase_on: Option<Date>,
    #[serde(with = "iso_date::option")]
    last_purchase_on: Option<Date>,
    professional_order: Option<String>,
    use_count: Option<i64>,
    first_use_order: Option<String>,
    first_use_buyer_id: Option<Uuid>,
    first_use_buyer_name: Option<String>,
    #[serde(borrow)]
    primary: Option<Cow<'a, str>>,
    kinds: Option<i64>,
    #[serde(borrow)]
    lifecycle: Option<Cow<'a, str>>,
    #[serde(deserialize_with = "optional_flag")]
    b2b: Option<bool>,
    fingerprint: Option<i64>,
    #[serde(with = "iso_date::option")]
    classified_on: Option<Date>,
    revision: Option<i64>,
    #[serde(borrow)]
    stored_kind: Option<Cow<'a, str>>,
    #[serde(deserialize_with = "optional_flag")]
    stored_internal: Option<bool>,
    #[serde(deserialize_with = "optional_flag")]
    live: Option<bool>,
    #[serde(borrow)]
    override_kind: Option<Cow<'a, str>>,
    reason: Option<String>,
    #[serde(with = "iso_date::option")]
    expires_on: Option<Date>,
    set_by: Option<String>,
}

impl Packed<'static> {
    fn from_row(row: &PgRow) -> Result<Self, StoreError> {
        let text = |i: usize| -> Result<Option<Cow<'static, str>>, sqlx::Error> {
            Ok(row.try_get::<Option<String>, _>(i)?.map(Cow::Owned))
        };
        Ok(Self {
            id: row.try_get(0)?,
            kind: Cow::Owned(row.try_get(1)?),
            internal: row.try_get(2)?,
            purchase_days: row.try_get(3)?,
            first_purchase_on: row.try_get(4)?,
            last_purchase_on: row.try_get(5)?,
            professional_order: row.try_get(6)?,
            use_count: row.try_get(7)?,
            first_use_order: row.try_get(8)?,
            first_use_buyer_id: row.try_get(9)?,
            first_use_buyer_name: row.try_get(10)?,
            primary: text(11)?,
            kinds: row.try_get(12)?,
            lifecycle: text(13)?,
            b2b: row.try_get(14)?,
            fingerprint: row.try_get(15)?,
            classified_on: row.try_get(16)?,
            revision: row.try_get(17)?,
            stored_kind: text(18)?,
            stored_internal: row.try_get(19)?,
            live: row.try_get(20)?,
            override_kind: text(21)?,
            reason: row.try_get(22)?,
            expires_on: row.try_get(23)?,
            set_by: row.try_get(24)?,
        })
    }
}

impl Packed<'_> {
    fn into_state(self) -> Result<PartyState, StoreError> {
        let purchases = match (self.purchase_days, self.first_purchase_on, self.last_purchase_on) {
            (Some(days), Some(first_on), Some(last_on)) if days > 0 => Some(Purchases {
                days: u32::try_from(days).map_err(StoreError::corrupt)?,
                first_on,
                last_on,
                professional_order: self.professional_order,
            }),
            _ => None,
        };
        let summary = OrderSummary {
            purchases,
            use_count: u32::try_from(self.use_count.unwrap_or(0)).map_err(StoreError::corrupt)?,
            first_use: self.first_use_order.zip(self.first_use_buyer_id.map(PartyId)),
        };
        let stored = match self.primary {
            None => None,
            Some(primary) => Some(Stored {
                primary: Kind::parse(&primary).map_err(StoreError::corrupt)?,
                kinds: Kind::set_from_bits(required(self.kinds, "kinds")?),
                lifecycle: self.lifecycle.map(|l| Lifecycle::parse(&l)).transpose().map_err(StoreError::corrupt)?,
                b2b: self.b2b,
                fingerprint: required(self.fingerprint, "fingerprint")?,
                classified_on: required(self.classified_on, "classified_on")?,
                revision: required(self.revision, "revision")?,
                party_kind: PartyKind::parse(&required(self.stored_kind, "party_kind")?)
                    .map_err(StoreError::corrupt)?,
                internal: required(self.stored_internal, "internal")?,
                live: required(self.live, "live")?,
            }),
        };
        let override_ = match self.override_kind {
            None => None,
            Some(kind) => Some(Override {
                kind: Kind::parse(&kind).map_err(StoreError::corrupt)?,
                reason: required(self.reason, "reason")?,
                expires_on: self.expires_on,
                set_by: required(self.set_by, "set_by")?,
            }),
        };
        Ok(PartyState {
            id: PartyId(self.id),
            kind: PartyKind::parse(&self.kind).map_err(StoreError::corrupt)?,
            internal: self.internal,
            summary,
            first_use_buyer: self.first_use_buyer_name,
            stored,
            override_,
        })
    }
}

/// A column its table declares `NOT NULL`, present whenever its row is.
fn required<T>(value: Option<T>, column: &str) -> Result<T, StoreError> {
    value.ok_or_else(|| StoreError::corrupt(format!("{column} is missing from a packed party")))
}

/// A boolean as SQLite's JSON writes it: `1` or `0` (or `true`/`false`).
fn flag<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    optional_flag(deserializer)?.ok_or_else(|| serde::de::Error::custom("a flag is null"))
}

fn optional_flag<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
    /// Reads either form directly: an untagged enum would build an error
    /// for every `0` and `1` before trying the second form (measured: a
    /// tenth of a pass).
    struct Flag;
    impl<'de> serde::de::Visitor<'de> for Flag {
        type Value = Option<bool>;
        fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
            formatter.write_str("a boolean, 0, 1 or null")
        }
        fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<Self::Value, E> {
            Ok(Some(value))
        }
        fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Self::Value, E> {
            Ok(Some(value != 0))
        }
        fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Self::Value, E> {
            Ok(Some(value != 0))
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }
    deserializer.deserialize_any(Flag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_hex_ids_and_numeric_flags_unpack_like_hyphenated_ids_and_booleans() {
        let sqlite = r#"["0190A0B1C2D37E4F8A9B0C1D2E3F4A5B","person",0,3,"2025-01-02","2025-03-04",null,1,"O-1","0190A0B1C2D37E4F8A9B0C1D2E3F4A5C","Toko \"Maju\"","customer",2,"returning",0,42,"2025-03-04",7,"person",0,1,"client","by hand",null,"Ana"]"#;
        let plain = r#"["0190a0b1-c2d3-7e4f-8a9b-0c1d2e3f4a5b","person",false,3,"2025-01-02","2025-03-04",null,1,"O-1","0190a0b1-c2d3-7e4f-8a9b-0c1d2e3f4a5c","Toko \"Maju\"","customer",2,"returning",false,42,"2025-03-04",7,"person",false,true,"client","by hand",null,"Ana"]"#;
        let (a, b) = (unpack(sqlite).expect("sqlite"), unpack(plain).expect("plain"));
        assert_eq!(format!("{a:?}"), format!("{b:?}"));
        let state = &a[0];
        assert_eq!(state.first_use_buyer.as_deref(), Some("Toko \"Maju\""));
        assert_eq!(state.summary.purchases.as_ref().map(|p| p.days), Some(3));
        assert_eq!(state.stored.as_ref().map(|s| (s.revision, s.live)), Some((7, true)));
        assert_eq!(state.override_.as_ref().map(|o| o.reason.as_str()), Some("by hand"));
    }

    #[test]
    fn a_party_without_a_row_has_nothing_stored() {
        let nulls = ["null"; 22].join(",");
        let packed = format!(r#"["0190A0B1C2D37E4F8A9B0C1D2E3F4A5B","organization",1,{nulls}]"#);
        let state = &unpack(&packed).expect("unpacks")[0];
        assert!(state.stored.is_none() && state.override_.is_none() && state.summary.purchases.is_none());
        assert!(state.internal);
    }

    #[test]
    fn a_missing_required_column_is_corruption() {
        let mut columns = vec!["null"; 22];
        columns[8] = r#""customer""#; // a primary kind without its kinds
        let packed = format!(r#"["0190A0B1C2D37E4F8A9B0C1D2E3F4A5B","person",0,{}]"#, columns.join(","));
        assert!(matches!(unpack(&packed), Err(StoreError::Corrupt(_))));
    }
}
