//! Saved views of the party list: a name a member chose and the list's
//! filters, kept as the query string the list is addressed with, so that a
//! view opens as a link and a new filter needs no new column.

use serde::Serialize;

use crate::common::ids::{UserId, WorkspaceId};
use crate::common::text::clean_line;
use crate::common::validation::ValidationErrors;

/// The filters a view may hold: the party list's own parameters.
pub const FILTERS: [&str; 8] = ["q", "kind", "relationship", "lifecycle", "tag", "owner", "account_team", "sort"];

/// The longest name of a view.
const MAX_NAME: usize = 80;
/// The longest query a view keeps (the list's `q` alone may be 200 characters).
const MAX_QUERY: usize = 1000;

/// A saved view.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SavedView {
    pub id: uuid::Uuid,
    pub workspace_id: WorkspaceId,
    pub user_id: UserId,
    pub name: String,
    /// The list's filters, as `relationship=client&tag=vip`.
    pub query: String,
}

/// A view's name and filters, checked: the name is one line of text, the
/// query holds only the list's filters, each once and not blank (blank ones
/// are dropped), in a fixed order so that the same filters make the same
/// query.
pub fn parse(name: &str, query: &str) -> Result<(String, String), ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let name = errors.take("name", clean_line(name, MAX_NAME));
    let query = query.trim_start_matches('?');
    if query.len() > MAX_QUERY {
        errors.push("query", "too_long", format!("must be at most {MAX_QUERY} characters"));
    }
    let mut kept: Vec<(String, String)> = Vec::new();
    for (key, value) in form_urlencoded_pairs(query) {
        if !FILTERS.contains(&key.as_str()) {
            errors.push("query", "unknown_filter", format!("{key} is not a filter of the party list"));
        } else if kept.iter().any(|(k, _)| *k == key) {
            errors.push("query", "repeated_filter", format!("{key} is given twice"));
        } else if !value.trim().is_empty() {
            kept.push((key, value.trim().to_owned()));
        }
    }
    if kept.is_empty() && errors.is_empty() {
        errors.push("query", "no_filter", "a view keeps at least one filter");
    }
    kept.sort_by_key(|(key, _)| FILTERS.iter().position(|f| f == key));
    let query = kept.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&");
    errors.finish(|| (name.unwrap_or_default(), query))
}

/// Percent-encodes a query component (RFC 3986 unreserved characters kept).
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The pairs of an `application/x-www-form-urlencoded` query. Hand-written
/// (ten lines) to keep the domain crate free of a dependency for it.
fn form_urlencoded_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(key), decode(value))
        })
        .collect()
}

fn decode(text: &str) -> String {
    let hex = |b: u8| char::from(b).to_digit(16).and_then(|d| u8::try_from(d).ok());
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%' && i + 2 < bytes.len())
            .then(|| Some(hex(bytes[i + 1])? * 16 + hex(bytes[i + 2])?))
            .flatten();
        match (bytes[i], escaped) {
            (_, Some(byte)) => {
                out.push(byte);
                i += 2;
            }
            (b'+', None) => out.push(b' '),
            (byte, None) => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn a_view_keeps_the_list_filters_in_one_order() {
        let (name, query) = parse(" VIP clients ", "?tag=vip&relationship=client&q=&owner=me").expect("a view");
        assert_eq!(name, "VIP clients");
        assert_eq!(query, "relationship=client&tag=vip&owner=me");
        let (_, query) = parse("Jakarta", "q=PT+Maju%20Jaya&kind=organization").expect("a view");
        assert_eq!(query, "q=PT%20Maju%20Jaya&kind=organization");
    }

    #[test]
    fn names_and_filters_at_fault_are_named() {
        let errors = parse("", "cursor=abc&tag=a&tag=b").expect_err("refused");
        let fields: Vec<(&str, &str)> = errors.0.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(fields, [("name", "required"), ("query", "unknown_filter"), ("query", "repeated_filter")]);
        assert_eq!(parse("Empty", "q=&tag=").expect_err("no filter").0[0].code, "no_filter");
    }

    proptest! {
        #[test]
        fn a_saved_query_reads_back_as_itself(q in "[a-zA-Z0-9 %&=+ąęłśż]{1,40}", tag in "[a-z]{1,10}") {
            let query = format!("q={}&tag={tag}", encode(&q));
            let (_, saved) = parse("View", &query).expect("the tag alone makes a view");
            let again = parse("View", &saved).expect("a saved query parses");
            prop_assert_eq!(&again.1, &saved);
            // A blank query is dropped; any other is kept trimmed. Read by its
            // key, since a dropped `q` leaves the tag first.
            let kept_q = form_urlencoded_pairs(&saved).into_iter().find(|(key, _)| key == "q").map(|(_, value)| value);
            let expected = Some(q.trim().to_owned()).filter(|q| !q.is_empty());
            prop_assert_eq!(kept_q, expected);
        }
    }
}
