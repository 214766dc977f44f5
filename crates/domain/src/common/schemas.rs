//! Schemas of the API document for values whose valid set is data, not a
//! Rust type: the regions the phone metadata knows, the zones of the
//! bundled time zone database, the event types. Built from the same lists
//! the checks use, so the document cannot drift from them.

use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Schema, SchemaType, Type};
use utoipa::openapi::{Array, Object, RefOr};

use crate::common::locale::{Region, TimeZoneName};
use crate::events::EventType;

/// A string that is one of `values`, or null where `nullable`.
fn one_of(values: Vec<String>, nullable: bool) -> Object {
    let mut allowed: Vec<serde_json::Value> = values.into_iter().map(serde_json::Value::from).collect();
    let mut types = vec![Type::String];
    if nullable {
        allowed.push(serde_json::Value::Null);
        types.push(Type::Null);
    }
    ObjectBuilder::new().schema_type(SchemaType::from_iter(types)).enum_values(Some(allowed)).build()
}

/// A region code, or null (left as it is).
pub fn optional_region() -> Object {
    one_of(Region::all(), true)
}

/// A time zone name, or null (left as it is).
pub fn optional_time_zone() -> Object {
    one_of(TimeZoneName::known(), true)
}

/// One event type or more.
pub fn event_types() -> Array {
    let names = EventType::ALL.iter().map(|e| e.as_str().to_owned()).collect();
    ArrayBuilder::new().items(RefOr::T(Schema::Object(one_of(names, false)))).min_items(Some(1)).build()
}
