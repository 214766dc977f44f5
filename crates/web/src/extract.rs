//! Request extractors that fail with problem documents naming the field at fault.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use rapport_core::Actor;
use serde::de::DeserializeOwned;

use crate::problem::Problem;
use crate::state::AppState;

/// Who is asking, and in which workspace: every handler that touches records
/// takes this, so authentication is decided in exactly one place
/// ([`crate::auth::authenticate`]).
pub struct Caller(pub Actor);

impl FromRequestParts<AppState> for Caller {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        crate::auth::authenticate(parts, state).await.map(|a| Caller(a.actor))
    }
}

/// The caller with the credential they came with (for the session routes).
pub struct Signed(pub crate::auth::Authenticated);

impl FromRequestParts<AppState> for Signed {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        crate::auth::authenticate(parts, state).await.map(Signed)
    }
}

/// A JSON body, read with the path of any field that does not fit.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = Problem;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|mime| {
                let mime = mime.trim();
                mime.eq_ignore_ascii_case("application/json") || mime.ends_with("+json")
            });
        if !is_json {
            return Err(Problem {
                errors: vec![rapport_domain::FieldError {
                    field: "Content-Type".into(),
                    code: "unsupported_media_type",
                    message: "must be application/json".into(),
                    args: Vec::new(),
                }],
                ..Problem::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "unsupported-media-type",
                    "Unsupported media type",
                    "send the body as application/json",
                )
            });
        }
        let bytes = Bytes::from_request(request, state).await.map_err(|e| match e {
            BytesRejection::FailedToBufferBody(inner) if inner.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Problem::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "too-large",
                    "Request body too large",
                    format!("the body must be at most {} bytes", crate::BODY_LIMIT),
                )
            }
            other => Problem::bad_request("body", "unreadable", other.body_text()),
        })?;
        // The body is read as JSON first, so that its shape is checked before
        // any field: a syntax error is the body's, not a field's.
        let mut body: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
            let raw = e.to_string();
            Problem::bad_request("body", "invalid_json", raw.split(" at line ").next().unwrap_or(&raw).to_owned())
        })?;
        // Every body is an object: serde would otherwise fill a struct's
        // fields from an array by position.
        if !body.is_object() {
            return Err(Problem::bad_request("body", "invalid_type", "must be a JSON object"));
        }
        whole_numbers(&mut body);
        let value = serde_path_to_error::deserialize(body).map_err(|e| {
            let path = e.path().to_string();
            let mut field = if path == "." { "body".to_owned() } else { path };
            let inner = e.into_inner();
            // serde's messages speak of Rust types; keep what a caller can act on.
            let raw = inner.to_string();
            let message = match raw.as_str() {
                text if text.contains("did not match any variant of untagged enum") => {
                    "must be a string, or an object with only the documented keys".to_owned()
                }
                text => text.replace("expected u32", "expected a whole number from 0").replace('`', "'"),
            };
            let code = if message.starts_with("unknown field") {
                "unknown_field"
            } else if message.starts_with("missing field") {
                // serde names the missing field in the message, not in the path.
                if let Some(name) = message.split('\'').nth(1) {
                    field = if field == "body" { name.to_owned() } else { format!("{field}.{name}") };
                }
                "required"
            } else {
                "invalid_type"
            };
            Problem::bad_request(&field, code, message)
        })?;
        Ok(Self(value))
    }
}

/// Writes every number with no fractional part as an integer: JSON does
/// not tell `3` from `3.0`, and JSON Schema counts both as integers, but
/// serde's integer fields take only the first.
fn whole_numbers(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Number(number) if number.is_f64() => {
            let Some(float) = number.as_f64() else { return };
            // Within ±2^53 every whole float is exactly an integer.
            if float.fract() == 0.0 && float.abs() <= 9_007_199_254_740_992.0 {
                *value = Value::from(float as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(whole_numbers),
        Value::Object(fields) => fields.values_mut().for_each(whole_numbers),
        _ => {}
    }
}

/// What an `If-Match` header asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IfMatch {
    /// No header.
    Absent,
    /// `*`: change whatever version is current (an explicit opt-out).
    Any,
    /// `"3"`: change only version 3.
    Version(i64),
}

impl IfMatch {
    /// The version to check (`None` for `*`), or 428 when the header is missing:
    /// a write that could overwrite someone else's change must say what it read.
    pub fn required(self) -> Result<Option<i64>, Problem> {
        match self {
            Self::Absent => {
                let mut problem = Problem::new(
                    StatusCode::PRECONDITION_REQUIRED,
                    "precondition-required",
                    "If-Match required",
                    "send If-Match with the ETag of the version you read",
                );
                problem.errors.push(rapport_domain::FieldError {
                    field: "If-Match".into(),
                    code: "required",
                    message: "must name the version being changed".into(),
                    args: Vec::new(),
                });
                Err(problem)
            }
            Self::Any => Ok(None),
            Self::Version(version) => Ok(Some(version)),
        }
    }

    /// The version to check, if the header names one.
    pub fn optional(self) -> Option<i64> {
        match self {
            Self::Version(version) => Some(version),
            Self::Absent | Self::Any => None,
        }
    }

    /// Reads the header per RFC 9110: `*` or one strong entity tag. A weak tag can
    /// never match under If-Match's strong comparison, so it fails the condition.
    pub fn parse(value: Option<&str>) -> Result<Self, Problem> {
        let Some(text) = value.map(str::trim) else { return Ok(Self::Absent) };
        if text == "*" {
            return Ok(Self::Any);
        }
        let bad =
            || Problem::bad_request("If-Match", "invalid_etag", "must be one ETag this API returned, such as \"3\"");
        if text.contains(',') {
            return Err(Problem::bad_request("If-Match", "invalid_etag", "only one ETag may be given"));
        }
        let (weak, tag) = match text.strip_prefix("W/") {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let inner = match tag.strip_prefix('"') {
            Some(rest) => rest.strip_suffix('"').ok_or_else(bad)?,
            None => tag,
        };
        let version = inner.parse::<i64>().map_err(|_| bad())?;
        if weak {
            return Err(Problem::new(
                StatusCode::PRECONDITION_FAILED,
                "version-mismatch",
                "The record has changed",
                "If-Match compares strongly and a weak ETag never matches; send the ETag as returned",
            ));
        }
        Ok(Self::Version(version))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        match parts.headers.get(header::IF_MATCH) {
            None => Ok(Self::Absent),
            Some(value) => match value.to_str() {
                Ok(text) => Self::parse(Some(text)),
                Err(_) => Err(Problem::bad_request("If-Match", "invalid_etag", "must be visible ASCII")),
            },
        }
    }
}

/// Query parameters, refused with a problem document when they do not fit.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::try_from_uri(&parts.uri).map(|q| Self(q.0)).map_err(|e| {
            // serde_urlencoded says `name: what is wrong` for one parameter.
            let text = e.body_text();
            let detail = text.strip_prefix("Failed to deserialize query string: ").unwrap_or(&text);
            let field = match detail.split_once(": ") {
                Some((name, _)) if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => {
                    name
                }
                _ => "query",
            };
            Problem::bad_request(field, "invalid_query", detail)
        })
    }
}

/// The `{id}` segment of a path, still as text.
pub struct PathId(pub String);

impl<S: Send + Sync> FromRequestParts<S> for PathId {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<String>::from_request_parts(parts, state)
            .await
            .map(|p| Self(p.0))
            .map_err(|_| Problem::bad_request("id", "invalid_id", "must be a UUID"))
    }
}

impl PathId {
    pub fn parse<T: From<uuid::Uuid>>(&self) -> Result<T, Problem> {
        parse_id(&self.0)
    }
}

/// The strong ETag of a record version.
pub fn etag(version: i64) -> String {
    format!("\"{version}\"")
}

/// Parses the `{id}` of a path.
pub fn parse_id<T: From<uuid::Uuid>>(raw: &str) -> Result<T, Problem> {
    uuid::Uuid::parse_str(raw).map(T::from).map_err(|_| Problem::bad_request("id", "invalid_id", "must be a UUID"))
}

/// The language a request prefers among those Rapport speaks, from its
/// `Accept-Language` header; `None` when it names none of them (the
/// workspace's language applies then).
pub struct Language(pub Option<rapport_domain::common::locale::Locale>);

impl<S: Send + Sync> FromRequestParts<S> for Language {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        use rapport_domain::common::locale::Locale;
        let header = parts.headers.get(axum::http::header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
        // Tags in order of preference; `id-ID` asks for Indonesian as `id` does.
        let best = header.map(accept_language::parse).unwrap_or_default().into_iter().find_map(|tag| {
            let primary = tag.split('-').next().unwrap_or_default().to_owned();
            Locale::parse(&primary).ok()
        });
        Ok(Self(best))
    }
}

#[cfg(test)]
mod tests {
    use super::IfMatch;

    #[test]
    fn if_match_reads_one_strong_tag_or_a_star() {
        assert_eq!(IfMatch::parse(None).ok(), Some(IfMatch::Absent));
        assert_eq!(IfMatch::parse(Some("*")).ok(), Some(IfMatch::Any));
        assert_eq!(IfMatch::parse(Some("\"3\"")).ok(), Some(IfMatch::Version(3)));
        assert_eq!(IfMatch::parse(Some(" 3 ")).ok(), Some(IfMatch::Version(3)));
        assert_eq!(IfMatch::parse(Some("W/\"3\"")).map_err(|p| p.status).err(), Some(412));
        for bad in ["3\"", "\"3", "\"1\", \"2\"", "three", ""] {
            assert_eq!(IfMatch::parse(Some(bad)).map_err(|p| p.status).err(), Some(400), "{bad}");
        }
    }
}
