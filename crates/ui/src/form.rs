//! Posted forms: read as `application/x-www-form-urlencoded` pairs (a field may
//! repeat, as checkboxes do), and accepted only from this site with the
//! session's CSRF token. A handler that takes [`Posted`] cannot forget either
//! check.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::Response;
use rapport_web::AppState;

use crate::errors::ErrorPage;
use crate::viewer::Viewer;

/// The name of the hidden field that carries the CSRF token.
pub const CSRF_FIELD: &str = "_csrf";

/// The fields of a form, in the order sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Form(pub Vec<(String, String)>);

impl Form {
    /// What was typed, by field, to show again when the form comes back
    /// refused; the hidden fields of the page's own (`_csrf`) left out.
    pub fn typed(&self) -> std::collections::BTreeMap<String, String> {
        self.0.iter().filter(|(name, _)| !name.starts_with('_')).cloned().collect()
    }

    pub fn parse(body: &[u8]) -> Self {
        Self(form_urlencoded::parse(body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect())
    }

    /// The first value of `name`, or "" when absent.
    pub fn get(&self, name: &str) -> &str {
        self.0.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
    }

    /// The value of `name` when given and not blank.
    pub fn optional(&self, name: &str) -> Option<&str> {
        Some(self.get(name).trim()).filter(|v| !v.is_empty())
    }

    /// Every non-blank value of `name`.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0.iter().filter(|(k, v)| k == name && !v.trim().is_empty()).map(|(_, v)| v.trim()).collect()
    }
}

/// A form posted by the signed-in member from one of Rapport's own pages.
pub struct Posted {
    pub viewer: Viewer,
    pub form: Form,
}

/// Whether the request says it comes from another site. Browsers send
/// `Sec-Fetch-Site` and `Origin` with posts; either naming another site is
/// refused, whatever the token (defence in depth beside it).
pub fn cross_site(parts: &Parts) -> bool {
    let fetch_site = parts.headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if matches!(fetch_site, Some("cross-site" | "same-site")) {
        return true;
    }
    let origin = parts.headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let host = parts.headers.get(header::HOST).and_then(|v| v.to_str().ok());
    match (origin, host) {
        (Some("null"), _) => true,
        (Some(origin), Some(host)) => origin.split_once("://").map(|(_, rest)| rest) != Some(host),
        _ => false,
    }
}

/// Whether a post says where it comes from, as browsers' posts do (`Origin`,
/// or `Sec-Fetch-Site`): the sign-in form, which has no session token yet,
/// accepts only such posts, and only from this site.
pub fn from_this_site(parts: &Parts) -> bool {
    let marked = parts.headers.contains_key(header::ORIGIN) || parts.headers.contains_key("sec-fetch-site");
    marked && !cross_site(parts)
}

/// Compares two secrets in time that does not depend on where they differ.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Reads a form body, refusing other media types.
pub async fn read_form(
    request: Request,
    state: &AppState,
    locale: rapport_domain::common::locale::Locale,
) -> Result<Form, Response> {
    let is_form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().to_ascii_lowercase().starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Err(ErrorPage::new(locale, StatusCode::UNSUPPORTED_MEDIA_TYPE, "error-bad-form").into_response_page());
    }
    let bytes = Bytes::from_request(request, state)
        .await
        .map_err(|_| ErrorPage::new(locale, StatusCode::PAYLOAD_TOO_LARGE, "error-bad-form").into_response_page())?;
    Ok(Form::parse(&bytes))
}

impl FromRequest<AppState> for Posted {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = request.into_parts();
        let viewer = Viewer::from_request_parts(&mut parts, state).await?;
        let locale = viewer.user.locale;
        let refused = || ErrorPage::new(locale, StatusCode::FORBIDDEN, "error-csrf").into_response_page();
        if cross_site(&parts) {
            return Err(refused());
        }
        let form = read_form(Request::from_parts(parts, body), state, locale).await?;
        if !same_secret(form.get(CSRF_FIELD), &viewer.csrf) {
            return Err(refused());
        }
        Ok(Self { viewer, form })
    }
}

#[cfg(test)]
mod tests {
    use axum::http::Request as HttpRequest;

    use super::*;

    fn parts(headers: &[(&str, &str)]) -> Parts {
        let mut builder = HttpRequest::builder().method("POST").uri("/parties");
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(()).expect("a valid request").into_parts().0
    }

    #[test]
    fn forms_keep_repeated_fields_and_decode_them() {
        let form = Form::parse(b"name=Ana+Wi%C5%9Bniewska&end_user=a&end_user=b&end_user=+&blank=");
        assert_eq!(form.get("name"), "Ana Wiśniewska");
        assert_eq!(form.all("end_user"), ["a", "b"]);
        assert_eq!(form.optional("blank"), None);
        assert_eq!(form.get("missing"), "");
    }

    #[test]
    fn posts_from_other_sites_are_recognised() {
        assert!(!cross_site(&parts(&[("host", "crm.example"), ("origin", "https://crm.example")])));
        assert!(!cross_site(&parts(&[("sec-fetch-site", "same-origin")])));
        assert!(!cross_site(&parts(&[])));
        assert!(cross_site(&parts(&[("host", "crm.example"), ("origin", "https://evil.example")])));
        assert!(cross_site(&parts(&[("sec-fetch-site", "cross-site")])));
        assert!(cross_site(&parts(&[("origin", "null")])));
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "ab"));
        assert!(!same_secret("", "a"));
    }
}
