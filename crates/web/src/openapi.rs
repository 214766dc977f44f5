//! What every route of the API document shares, declared once: the ways to
//! authenticate (a bearer token, or the session cookie with its CSRF header
//! on changes), and the error answers any route may give, each a problem
//! document. A route's own declarations (a 404 that says which record) are
//! kept; the shared ones fill in what it leaves out.

use utoipa::Modify;
use utoipa::openapi::path::{Operation, PathItem};
use utoipa::openapi::security::{
    ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
};
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr, ResponseBuilder};

/// Routes that answer without a member's credentials.
const PUBLIC: [(&str, &str); 5] = [
    ("get", "/healthz"),
    ("get", "/readyz"),
    ("get", "/metrics"),
    ("get", "/api/v1/openapi.json"),
    ("post", "/api/v1/session"),
];

/// The shared error answers: status, the name they are declared under, and
/// what they mean.
const ANSWERS: [(&str, &str, &str); 11] = [
    ("400", "BadRequest", "A malformed request: an unreadable body, query, header or id"),
    ("401", "Unauthorized", "No valid credentials"),
    ("403", "Forbidden", "The role, or the token's scope, does not allow it; or a change without its CSRF header"),
    ("404", "NotFound", "No such record in the caller's workspace, or one the caller may not see"),
    ("409", "Conflict", "The change conflicts with the record's state"),
    ("412", "PreconditionFailed", "The record changed since it was read (If-Match)"),
    ("413", "PayloadTooLarge", "The body is larger than 1 MiB"),
    ("415", "UnsupportedMediaType", "The body is not JSON"),
    ("422", "Unprocessable", "Fields at fault, each named"),
    ("429", "TooManyRequests", "Too many attempts; Retry-After says when to try again"),
    ("503", "Unavailable", "The change met a concurrent one, or took too long; send it again (Retry-After)"),
];

/// Declares the shared schemes and answers, and gives each operation those
/// that apply to it.
pub struct Shared;

impl Modify for Shared {
    fn modify(&self, doc: &mut OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("rpt_…").build()),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new("rapport_session"))),
        );
        components
            .add_security_scheme("csrf", SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::new("X-CSRF-Token"))));
        for (_, name, description) in ANSWERS {
            let problem = ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build();
            let answer =
                ResponseBuilder::new().description(description).content("application/problem+json", problem).build();
            components.responses.insert(name.to_owned(), RefOr::T(answer));
        }
        for (path, item) in doc.paths.paths.iter_mut() {
            for (method, operation) in operations(item) {
                share(method, path, operation);
            }
        }
    }
}

/// The operations of a path, by method.
fn operations(item: &mut PathItem) -> Vec<(&'static str, &mut Operation)> {
    [
        ("get", item.get.as_mut()),
        ("put", item.put.as_mut()),
        ("post", item.post.as_mut()),
        ("delete", item.delete.as_mut()),
        ("patch", item.patch.as_mut()),
    ]
    .into_iter()
    .filter_map(|(method, operation)| operation.map(|o| (method, o)))
    .collect()
}

fn share(method: &str, path: &str, operation: &mut Operation) {
    let public = PUBLIC.contains(&(method, path));
    let changes = method != "get";
    operation.security = Some(if public {
        // Credentials are optional: an empty requirement.
        vec![SecurityRequirement::default()]
    } else {
        let mut by_session = SecurityRequirement::new::<&str, [&str; 0], &str>("session", []);
        if changes {
            by_session = by_session.add::<&str, [&str; 0], &str>("csrf", []);
        }
        vec![SecurityRequirement::new::<&str, [&str; 0], &str>("token", []), by_session]
    });
    let mut applies = vec!["503"];
    // Input that cannot be read: a parameter or a body.
    let reads = operation.parameters.as_ref().is_some_and(|p| !p.is_empty()) || operation.request_body.is_some();
    if reads {
        applies.push("400");
    }
    if !public {
        applies.extend(["401", "403"]);
    }
    if path.contains('{') {
        applies.push("404");
    }
    if operation.request_body.is_some() {
        applies.extend(["413", "415", "422"]);
    }
    for (status, name, _) in ANSWERS {
        if applies.contains(&status) && !operation.responses.responses.contains_key(status) {
            operation.responses.responses.insert(status.to_owned(), RefOr::Ref(Ref::from_response_name(name)));
        }
    }
}
