//! Keyset paging: a page ends with an opaque cursor naming the last row's sort
//! key, and the next page starts after it. No page ever needs a total count.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use uuid::Uuid;

/// A position in a list sorted by (sort key, id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub sort_key: String,
    pub id: Uuid,
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<Cursor>,
}

/// The default and largest number of rows on a page.
pub const DEFAULT_LIMIT: u32 = 50;
pub const MAX_LIMIT: u32 = 200;

impl Cursor {
    pub fn encode(&self) -> String {
        let mut raw = self.id.as_bytes().to_vec();
        raw.extend_from_slice(self.sort_key.as_bytes());
        URL_SAFE_NO_PAD.encode(raw)
    }

    pub fn decode(text: &str) -> Option<Self> {
        let raw = URL_SAFE_NO_PAD.decode(text).ok()?;
        if raw.len() < 16 {
            return None;
        }
        let (id, key) = raw.split_at(16);
        let sort_key = String::from_utf8(key.to_vec()).ok()?;
        // No sort key holds control characters; a cursor with one was not made here.
        if sort_key.chars().any(char::is_control) {
            return None;
        }
        Some(Self { id: Uuid::from_slice(id).ok()?, sort_key })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        let cursor = Cursor { sort_key: "zażółć".into(), id: Uuid::now_v7() };
        assert_eq!(Cursor::decode(&cursor.encode()), Some(cursor));
        assert_eq!(Cursor::decode("not base64!"), None);
        assert_eq!(Cursor::decode("YWJj"), None);
        let nul = Cursor { sort_key: "a\u{0}".into(), id: Uuid::now_v7() };
        assert_eq!(Cursor::decode(&nul.encode()), None);
    }
}
