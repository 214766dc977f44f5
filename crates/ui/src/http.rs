//! Small HTTP helpers every page uses: addresses to go back to, query
//! values, and responses caches must not keep.

use axum::http::{HeaderValue, header};
use axum::response::Response;

/// Percent-encodes a query value.
pub fn encode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// Only a path of this site may be gone back to after sign-in: not another
/// site (`//evil.example`, `https://…`), nor a path with a backslash that some
/// browsers read as a slash, nor one with whitespace or control characters,
/// which browsers strip before reading (`/<tab>/evil.example` is
/// `//evil.example` to them).
pub fn safe_next(next: Option<&str>) -> String {
    let local = |path: &str| {
        path.starts_with('/')
            && !path.starts_with("//")
            && !path.contains('\\')
            && !path.chars().any(|c| c.is_control() || c.is_whitespace())
    };
    match next {
        Some(path) if local(path) => path.to_owned(),
        _ => "/parties".to_owned(),
    }
}

/// Marks a response as not to be stored by caches: pages show private data.
pub fn no_store(mut response: Response) -> Response {
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_gone_back_to() {
        assert_eq!(safe_next(Some("/parties/1?x=2")), "/parties/1?x=2");
        assert_eq!(safe_next(Some("//evil.example/")), "/parties");
        assert_eq!(safe_next(Some("https://evil.example/")), "/parties");
        assert_eq!(safe_next(Some("/\\evil.example")), "/parties");
        assert_eq!(safe_next(Some("/\t/evil.example")), "/parties");
        assert_eq!(safe_next(Some("/ /evil.example")), "/parties");
        assert_eq!(safe_next(Some("/\n/evil.example")), "/parties");
        assert_eq!(safe_next(None), "/parties");
    }
}
