//! Arbitrary JSON values of bounded depth and size, for bodies, query objects and form parts.

use arbitrary::{Arbitrary, Result, Unstructured};
use serde_json::{Map, Number, Value};

/// How deep an arbitrary value nests at most.
const MAX_DEPTH: usize = 6;

/// How many members or items one arbitrary object or array has at most.
const MAX_WIDTH: usize = 8;

/// A JSON value built from fuzzer bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Json(pub Value);

impl<'a> Arbitrary<'a> for Json {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        value(u, 0).map(Json)
    }
}

/// A JSON object built from fuzzer bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonObject(pub Map<String, Value>);

impl<'a> Arbitrary<'a> for JsonObject {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        object(u, 0).map(JsonObject)
    }
}

/// An arbitrary value nested `depth` levels down.
pub fn value(u: &mut Unstructured<'_>, depth: usize) -> Result<Value> {
    let kinds = if depth >= MAX_DEPTH { 4 } else { 6 };
    Ok(match u.choose_index(kinds)? {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => number(u)?,
        3 => Value::String(u.arbitrary()?),
        4 => {
            let len = u.int_in_range(0..=MAX_WIDTH)?;
            let mut items = Vec::with_capacity(len);
            for _ in 0..len {
                items.push(value(u, depth + 1)?);
            }
            Value::Array(items)
        }
        _ => Value::Object(object(u, depth + 1)?),
    })
}

/// An arbitrary object nested `depth` levels down.
pub fn object(u: &mut Unstructured<'_>, depth: usize) -> Result<Map<String, Value>> {
    let len = u.int_in_range(0..=MAX_WIDTH)?;
    let mut members = Map::new();
    for _ in 0..len {
        let key: String = u.arbitrary()?;
        let item = if depth >= MAX_DEPTH {
            Value::Null
        } else {
            value(u, depth + 1)?
        };
        members.insert(key, item);
    }
    Ok(members)
}

/// An arbitrary number: an integer of either sign, or a finite float.
pub fn number(u: &mut Unstructured<'_>) -> Result<Value> {
    Ok(match u.choose_index(3)? {
        0 => Value::from(u.arbitrary::<i64>()?),
        1 => Value::from(u.arbitrary::<u64>()?),
        _ => Number::from_f64(u.arbitrary()?).map_or(Value::Null, Value::Number),
    })
}
