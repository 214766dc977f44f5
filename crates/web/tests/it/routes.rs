//! The routes of the API, read from its document, for the tests that walk
//! them all: a route cannot exist without its documentation (`utoipa_axum`
//! registers them together), so the document is the list.

use std::collections::BTreeSet;

/// Every route of the API, as `METHOD path`, such as `get /api/v1/parties/{id}`.
pub fn routes() -> BTreeSet<String> {
    let doc = serde_json::to_value(rapport_web::api::openapi()).expect("json");
    let mut routes = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("path item").keys() {
            routes.insert(format!("{method} {path}"));
        }
    }
    routes
}
