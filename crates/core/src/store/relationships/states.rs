//! Reading parties as a reclassification needs them, packed by the database.
//!
//! A pass over a million parties reads a million rows. Through sqlx every row
//! is its own message from the driver's worker thread, with an allocation per
//! column; that hand-over, not SQLite, was most of a pass's time (measured
//! with `perf`: the same rows took 0.3 s in the `sqlite3` shell and 5.1 s
//! through sqlx). So the database packs each party into a JSON array and
//! joins a chunk's arrays into one text value: one row per chunk, decoded
//! here with borrowed strings.

use std::borrow::Cow;

use rapport_domain::ids::{PartyId, WorkspaceId};
use rapport_domain::party::PartyKind;
use rapport_domain::relationship::{Kind, Lifecycle, Override, Purchases};
use serde::{Deserialize, Deserializer};
use time::Date;
use uuid::Uuid;

use super::{Span, Stored};
use crate::db::Exec;
use crate::on_conn;
use crate::store::StoreError;
use crate::store::commerce::OrderSummary;

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

/// The columns packed for each party, after its id, kind and internal flag,
/// in the order of [`Packed`]'s fields. `{id}` is where each dialect puts a
/// uuid column (SQLite keeps uuids as blobs, which JSON cannot hold).
const PACKED_COLUMNS: &str = "r.purchase_days, r.first_purchase_on, r.last_purchase_on, r.professional_order, \
     r.use_count, r.first_use_order, {first_use_buyer_id}, r.first_use_buyer_name, r.primary_kind, r.kinds, \
     r.lifecycle, r.b2b, r.fingerprint, r.classified_on, r.revision, r.party_kind, r.internal, r.live, \
     o.kind, o.reason, o.expires_on, o.set_by";

/// How each dialect builds and joins the arrays.
struct Dialect {
    array: &'static str,
    uuid: fn(&str) -> String,
    join: &'static str,
    /// SQLite's planner, seeing `workspace_id =`, would rather walk an index
    /// of the whole workspace and sort it (measured: 3.6 s a chunk at a
    /// million parties) than take the primary key; a unary `+` keeps that
    /// test off the indexes there. PostgreSQL plans from its statistics.
    plus: &'static str,
}

const SQLITE: Dialect =
    Dialect { array: "json_array", uuid: |c| format!("hex({c})"), join: "group_concat(j, ',')", plus: "+" };
const POSTGRES: Dialect =
    Dialect { array: "json_build_array", uuid: |c| c.to_owned(), join: "string_agg(j::text, ',')", plus: "" };

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
    let dialect = match exec {
        Exec::Sqlite(_) => &SQLITE,
        Exec::Postgres(_) => &POSTGRES,
    };
    let columns = PACKED_COLUMNS.replace("{first_use_buyer_id}", &(dialect.uuid)("r.first_use_buyer_id"));
    let (from, id) = match span {
        Some(_) => ("parties p LEFT JOIN party_relationships r ON r.party_id = p.id", "p"),
        None => ("party_relationships r", "r"),
    };
    let (party_id, party_kind, internal) = match span {
        Some(_) => ("p.id", "p.kind", "p.internal"),
        None => ("r.party_id", "r.party_kind", "r.internal"),
    };
    let packed: Option<String> = on_conn!(exec, c => {
        let mut query = sqlx::QueryBuilder::new("SELECT ");
        query.push(dialect.join).push(" FROM (SELECT ").push(dialect.array).push("(");
        query.push((dialect.uuid)(party_id)).push(", ").push(party_kind).push(", ").push(internal).push(", ");
        query.push(&columns).push(") AS j FROM ").push(from);
        query.push(" LEFT JOIN relationship_overrides o ON o.party_id = ").push(party_id);
        query.push(" WHERE ").push(dialect.plus).push(id).push(".workspace_id = ").push_bind(workspace.0);
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
        query.push(" ORDER BY ").push(party_id).push(" LIMIT ").push(i64::from(limit)).push(") chunk");
        query.build_query_scalar().fetch_one(&mut *c).await?
    });
    let Some(packed) = packed else { return Ok(Vec::new()) };
    unpack(&packed)
}

/// Decodes a chunk packed by [`states`], in id order (the order of the
/// arrays within the aggregate is not promised by either database).
fn unpack(packed: &str) -> Result<Vec<PartyState>, StoreError> {
    let array = format!("[{packed}]");
    let parties: Vec<Packed<'_>> = serde_json::from_str(&array).map_err(StoreError::corrupt)?;
    let mut states = parties.into_iter().map(Packed::into_state).collect::<Result<Vec<_>, _>>()?;
    states.sort_unstable_by_key(|s| s.id.0);
    Ok(states)
}

/// One party as packed by [`states`]: its id, kind and internal flag, then
/// [`PACKED_COLUMNS`]. Every relationship column is null for a party with no
/// relationship row, and every override column for one without an override.
#[derive(Deserialize)]
struct Packed<'a>(
    #[serde(borrow)] Cow<'a, str>,
    #[serde(borrow)] Cow<'a, str>,
    #[serde(deserialize_with = "flag")] bool,
    Option<i64>,
    #[serde(borrow)] Option<Cow<'a, str>>,
    #[serde(borrow)] Option<Cow<'a, str>>,
    Option<String>,
    Option<i64>,
    Option<String>,
    #[serde(borrow)] Option<Cow<'a, str>>,
    Option<String>,
    #[serde(borrow)] Option<Cow<'a, str>>,
    Option<i64>,
    #[serde(borrow)] Option<Cow<'a, str>>,
    #[serde(deserialize_with = "optional_flag")] Option<bool>,
    Option<i64>,
    #[serde(borrow)] Option<Cow<'a, str>>,
    Option<i64>,
    #[serde(borrow)] Option<Cow<'a, str>>,
    #[serde(deserialize_with = "optional_flag")] Option<bool>,
    #[serde(deserialize_with = "optional_flag")] Option<bool>,
    #[serde(borrow)] Option<Cow<'a, str>>,
    Option<String>,
    #[serde(borrow)] Option<Cow<'a, str>>,
    Option<String>,
);

impl Packed<'_> {
    fn into_state(self) -> Result<PartyState, StoreError> {
        let Packed(
            id,
            kind,
            internal,
            purchase_days,
            first_purchase_on,
            last_purchase_on,
            professional_order,
            use_count,
            first_use_order,
            first_use_buyer_id,
            first_use_buyer_name,
            primary,
            kinds,
            lifecycle,
            b2b,
            fingerprint,
            classified_on,
            revision,
            stored_kind,
            stored_internal,
            live,
            override_kind,
            reason,
            expires_on,
            set_by,
        ) = self;
        let purchases = match (purchase_days, first_purchase_on, last_purchase_on) {
            (Some(days), Some(first_on), Some(last_on)) if days > 0 => Some(Purchases {
                days: u32::try_from(days).map_err(StoreError::corrupt)?,
                first_on: date(&first_on)?,
                last_on: date(&last_on)?,
                professional_order,
            }),
            _ => None,
        };
        // SQLite's `hex` of a missing buyer is the empty string.
        let first_use_buyer = first_use_buyer_id.filter(|b| !b.is_empty()).map(|b| uuid(&b)).transpose()?;
        let summary = OrderSummary {
            purchases,
            use_count: u32::try_from(use_count.unwrap_or(0)).map_err(StoreError::corrupt)?,
            first_use: first_use_order.zip(first_use_buyer.map(PartyId)),
        };
        let stored = match primary {
            None => None,
            Some(primary) => Some(Stored {
                primary: Kind::parse(&primary).map_err(StoreError::corrupt)?,
                kinds: Kind::set_from_bits(required(kinds, "kinds")?),
                lifecycle: lifecycle.map(|l| Lifecycle::parse(&l)).transpose().map_err(StoreError::corrupt)?,
                b2b,
                fingerprint: required(fingerprint, "fingerprint")?,
                classified_on: date(&required(classified_on, "classified_on")?)?,
                revision: required(revision, "revision")?,
                party_kind: PartyKind::parse(&required(stored_kind, "party_kind")?).map_err(StoreError::corrupt)?,
                internal: required(stored_internal, "internal")?,
                live: required(live, "live")?,
            }),
        };
        let override_ = match override_kind {
            None => None,
            Some(kind) => Some(Override {
                kind: Kind::parse(&kind).map_err(StoreError::corrupt)?,
                reason: required(reason, "reason")?,
                expires_on: expires_on.map(|d| date(&d)).transpose()?,
                set_by: required(set_by, "set_by")?,
            }),
        };
        Ok(PartyState {
            id: PartyId(uuid(&id)?),
            kind: PartyKind::parse(&kind).map_err(StoreError::corrupt)?,
            internal,
            summary,
            first_use_buyer: first_use_buyer_name,
            stored,
            override_,
        })
    }
}

/// A column its table declares `NOT NULL`, present whenever its row is.
fn required<T>(value: Option<T>, column: &str) -> Result<T, StoreError> {
    value.ok_or_else(|| StoreError::corrupt(format!("{column} is missing from a packed party")))
}

fn date(text: &str) -> Result<Date, StoreError> {
    const ISO_DATE: &[time::format_description::BorrowedFormatItem<'_>] =
        time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(text, ISO_DATE).map_err(StoreError::corrupt)
}

/// A uuid as PostgreSQL writes it, or as SQLite's `hex` of its blob.
fn uuid(text: &str) -> Result<Uuid, StoreError> {
    Uuid::try_parse(text).map_err(StoreError::corrupt)
}

/// A boolean: `true`/`false` from PostgreSQL, `1`/`0` from SQLite.
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
    fn both_dialects_unpack_alike() {
        let sqlite = r#"["0190A0B1C2D37E4F8A9B0C1D2E3F4A5B","person",0,3,"2025-01-02","2025-03-04",null,1,"O-1","0190A0B1C2D37E4F8A9B0C1D2E3F4A5C","Toko \"Maju\"","customer",2,"returning",0,42,"2025-03-04",7,"person",0,1,"client","by hand",null,"Ana"]"#;
        let postgres = r#"["0190a0b1-c2d3-7e4f-8a9b-0c1d2e3f4a5b","person",false,3,"2025-01-02","2025-03-04",null,1,"O-1","0190a0b1-c2d3-7e4f-8a9b-0c1d2e3f4a5c","Toko \"Maju\"","customer",2,"returning",false,42,"2025-03-04",7,"person",false,true,"client","by hand",null,"Ana"]"#;
        let (a, b) = (unpack(sqlite).expect("sqlite"), unpack(postgres).expect("postgres"));
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
