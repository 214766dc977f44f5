//! What every route of the API document shares, declared once: the ways to
//! authenticate (a bearer token, or the session cookie with its CSRF header
//! on changes), and the error answers any route may give, each a problem
//! document. A route's own declarations (a 404 that says which record) are
//! kept; the shared ones fill in what it leaves out.

use utoipa::Modify;
use utoipa::openapi::path::{Operation, ParameterIn, PathItem};
use utoipa::openapi::schema::{AdditionalProperties, ArrayItems, ObjectBuilder, Schema, SchemaFormat, Type};
use utoipa::openapi::security::{
    ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
};
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr, ResponseBuilder};

/// Unicode white space, as Rust's `str::trim` removes it.
macro_rules! ws {
    () => {
        "[\\t\\n\\x0B\\x0C\\r \\x85\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]"
    };
}
/// A character that is neither a control character nor white space, nor
/// one of `$extra`.
macro_rules! visible {
    ($extra:literal) => {
        concat!("[^", $extra, "\\x00-\\x20\\x7F-\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]")
    };
}
/// A character that is not a control character, nor one of `$extra`.
macro_rules! middle {
    ($extra:literal) => {
        concat!("[^", $extra, "\\x00-\\x1F\\x7F-\\x9F]")
    };
}

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

/// The request headers several routes read, and what their values must look
/// like: one strong or weak ETag of this API (or `*`), and a retry key of
/// 1 to 255 visible ASCII characters.
const HEADERS: [(&str, &str, Option<usize>); 2] = [
    ("If-Match", r#"^(\*|(W/)?"[0-9]{1,18}"|[0-9]{1,18})$"#, None),
    ("Idempotency-Key", "^[!-~]([ -~]*[!-~])?$", Some(255)),
];

/// Kinds of free text, named by a field's `format`, and the pattern that
/// says what the domain's checks take (`common::text`): trimmed of Unicode
/// white space, free of control characters (line breaks and tabs only where
/// text runs over lines), and not blank where a value is required. Written
/// with explicit classes, not `\s`, which means different things to
/// different regular expression engines.
const TEXTS: [(&str, &str); 5] = [
    ("line", concat!("^", ws!(), "*", visible!(""), "(", middle!(""), "*", visible!(""), ")?", ws!(), "*$")),
    (
        "line-or-blank",
        concat!("^", ws!(), "*(", visible!(""), "(", middle!(""), "*", visible!(""), ")?)?", ws!(), "*$"),
    ),
    ("tag", concat!("^", ws!(), "*", visible!(","), "(", middle!(","), "*", visible!(","), ")?", ws!(), "*$")),
    (
        "text",
        concat!(
            "^",
            ws!(),
            "*",
            visible!(""),
            "(",
            "[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F]",
            "*",
            visible!(""),
            ")?",
            ws!(),
            "*$"
        ),
    ),
    ("text-or-blank", "^([^\\x00-\\x08\\x0B-\\x1F\\x7F-\\x9F]|\\r\\n)*$"),
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
        for schema in components.schemas.values_mut() {
            shape_texts(schema);
        }
        for (path, item) in doc.paths.paths.iter_mut() {
            for (method, operation) in operations(item) {
                operation.operation_id = Some(operation_id(method, path));
                share(method, path, operation);
                for parameter in operation.parameters.iter_mut().flatten() {
                    if let RefOr::T(parameter) = parameter {
                        parameter.schema.iter_mut().for_each(shape_texts);
                    }
                }
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
    shape_headers(operation);
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
    let reads_param = |place: ParameterIn, name: Option<&str>| {
        operation.parameters.iter().flatten().any(|p| match p {
            RefOr::T(p) => p.parameter_in == place && name.is_none_or(|n| p.name == n),
            RefOr::Ref(_) => false,
        })
    };
    // A query's values are checked as a body's fields are.
    if reads_param(ParameterIn::Query, None) {
        applies.push("422");
    }
    // A version named, and another found.
    if reads_param(ParameterIn::Header, Some("If-Match")) {
        applies.push("412");
    }
    for (status, name, _) in ANSWERS {
        if applies.contains(&status) && !operation.responses.responses.contains_key(status) {
            operation.responses.responses.insert(status.to_owned(), RefOr::Ref(Ref::from_response_name(name)));
        }
    }
}

/// Gives each shared header, wherever a route declares it, the one schema
/// of its values (a plain string, never `null`: an absent header is absent).
fn shape_headers(operation: &mut Operation) {
    for parameter in operation.parameters.iter_mut().flatten() {
        let RefOr::T(parameter) = parameter else { continue };
        let Some((_, pattern, max_length)) = HEADERS
            .iter()
            .find(|(name, _, _)| parameter.parameter_in == ParameterIn::Header && parameter.name == *name)
        else {
            continue;
        };
        let schema = ObjectBuilder::new().schema_type(Type::String).pattern(Some(*pattern)).max_length(*max_length);
        parameter.schema = Some(RefOr::T(Schema::Object(schema.build())));
    }
}

/// Gives every string declared as one of the [`TEXTS`] its pattern, at any
/// depth of a schema.
fn shape_texts(schema: &mut RefOr<Schema>) {
    let RefOr::T(schema) = schema else { return };
    match schema {
        Schema::Object(object) => {
            bound_integers(object);
            if let Some(SchemaFormat::Custom(name)) = &object.format
                && let Some((_, pattern)) = TEXTS.iter().find(|(text, _)| text == name)
            {
                object.pattern = Some((*pattern).to_owned());
            }
            object.properties.values_mut().for_each(shape_texts);
        }
        Schema::Array(array) => {
            if let ArrayItems::RefOrSchema(items) = &mut array.items {
                shape_texts(items);
            }
        }
        Schema::AllOf(all) => all.items.iter_mut().for_each(shape_texts),
        Schema::OneOf(one) => {
            // The variants of a tagged enum: every request type refuses
            // fields it does not know, each variant's too.
            for variant in one.items.iter_mut() {
                if let RefOr::T(Schema::Object(object)) = variant {
                    object.additional_properties = Some(Box::new(AdditionalProperties::FreeForm(false)));
                }
                shape_texts(variant);
            }
        }
        Schema::AnyOf(any) => any.items.iter_mut().for_each(shape_texts),
        _ => {}
    }
}

/// Gives an integer without bounds those of its type: a 32-bit one its own,
/// a 64-bit one ±(2^53 − 1), the integers every JSON reader holds exactly
/// (a larger one arrives as a float, which no integer field takes).
fn bound_integers(object: &mut utoipa::openapi::schema::Object) {
    use utoipa::openapi::schema::{KnownFormat, SchemaType};
    let integer = match &object.schema_type {
        SchemaType::Type(Type::Integer) => true,
        SchemaType::Array(types) => types.contains(&Type::Integer),
        _ => false,
    };
    if !integer {
        return;
    }
    let unsigned = object.minimum.as_ref().is_some_and(|m| match m {
        utoipa::Number::Int(n) => *n >= 0,
        utoipa::Number::UInt(_) => true,
        utoipa::Number::Float(n) => *n >= 0.0,
    });
    let (low, high) = match (&object.format, unsigned) {
        (Some(SchemaFormat::KnownFormat(KnownFormat::Int32)), true) => {
            (0, isize::try_from(u32::MAX).unwrap_or(isize::MAX))
        }
        (Some(SchemaFormat::KnownFormat(KnownFormat::Int32)), false) => (i32::MIN as isize, i32::MAX as isize),
        _ => (-9_007_199_254_740_991, 9_007_199_254_740_991),
    };
    if object.minimum.is_none() {
        object.minimum = Some(utoipa::Number::Int(low));
    }
    if object.maximum.is_none() {
        object.maximum = Some(utoipa::Number::Int(high));
    }
}

/// An operation's id, unique because its method and path are: the method
/// and the path's segments after `/api/v1`, `{id}` read as `by_id`
/// (`get_parties_by_id_orders`). Handlers' own names repeat across
/// capabilities (`list`, `create`), and client generators need these ids
/// unique.
fn operation_id(method: &str, path: &str) -> String {
    let segments = path.trim_start_matches("/api/v1").split('/').filter(|s| !s.is_empty()).map(|segment| match segment
        .strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'))
    {
        Some(name) => format!("by_{name}"),
        None => segment.replace(['-', '.'], "_"),
    });
    std::iter::once(method.to_owned()).chain(segments).collect::<Vec<_>>().join("_")
}
