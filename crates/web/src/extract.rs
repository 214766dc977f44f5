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

/// Who is asking, and in which workspace.
///
/// Every handler that touches records takes this, so that authentication is
/// decided in exactly one place. Until credentials exist, requests act in the
/// default workspace as `api:anonymous`.
pub struct Caller(pub Actor);

pub fn resolve_actor(_parts: &Parts, state: &AppState) -> Result<Actor, Problem> {
    Ok(Actor { workspace_id: state.default_workspace, label: "api:anonymous".to_owned() })
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        resolve_actor(parts, state).map(Caller)
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
        let mut deserializer = serde_json::Deserializer::from_slice(&bytes);
        let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
            let path = e.path().to_string();
            let mut field = if path == "." { "body".to_owned() } else { path };
            let inner = e.into_inner();
            let message = inner.to_string();
            let code = if inner.is_syntax() || inner.is_eof() {
                // Where a syntax error stopped the parser is not a field at fault.
                field = "body".to_owned();
                "invalid_json"
            } else if message.starts_with("unknown field") {
                "unknown_field"
            } else if message.starts_with("missing field") {
                // serde names the missing field in the message, not in the path.
                if let Some(name) = message.split('`').nth(1) {
                    field = if field == "body" { name.to_owned() } else { format!("{field}.{name}") };
                }
                "required"
            } else {
                "invalid_type"
            };
            Problem::bad_request(&field, code, message)
        })?;
        deserializer.end().map_err(|e| Problem::bad_request("body", "invalid_json", e.to_string()))?;
        Ok(Self(value))
    }
}

/// The version named by an `If-Match` header (`"3"`, `W/"3"` or `3`), if any.
pub struct IfMatch(pub Option<i64>);

impl IfMatch {
    /// The version, or 428 when the header is missing: a write that could
    /// overwrite someone else's change must say which version it read.
    pub fn required(self) -> Result<i64, Problem> {
        self.0.ok_or_else(|| {
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
            });
            problem
        })
    }
}

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let Some(value) = parts.headers.get(header::IF_MATCH) else { return Ok(Self(None)) };
        let text = value.to_str().unwrap_or_default().trim();
        let text = text.strip_prefix("W/").unwrap_or(text).trim_matches('"');
        text.parse::<i64>().map(|v| Self(Some(v))).map_err(|_| {
            Problem::bad_request("If-Match", "invalid_etag", "must be an ETag this API returned, such as \"3\"")
        })
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
