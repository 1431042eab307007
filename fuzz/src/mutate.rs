//! Structure-aware mutation of a real spec: `arbitrary` picks a seed from [`crate::seeds`] and
//! a few edits of its JSON tree (drop or repeat keys, swap value types, retarget `$ref`s,
//! insert hostile names and huge numbers, nest deeply), then writes it as JSON or YAML, with an
//! optional second file beside it that references may point into.

use crate::hostile::{KEYWORDS, NAMES, NUMBERS, REFS, TYPES};
use crate::tree::{self, Kind, RAW_NUMBER, REPEAT};
use arbitrary::{Result, Unstructured};
use serde_json::{Map, Value};

/// The most edits applied to one seed.
const MAX_EDITS: usize = 12;

/// The deepest extra nesting one edit adds.
const MAX_NESTING: usize = 200;

/// A mutated spec, ready to be written to files.
#[derive(Debug)]
pub struct Mutated {
    /// The root spec file's text.
    pub root: String,
    /// The text of a second file beside it, when there is one.
    pub sibling: Option<String>,
}

/// Builds a mutated spec from fuzzer bytes.
pub fn mutated_spec(u: &mut Unstructured<'_>) -> Result<Mutated> {
    let seeds = crate::seeds::all();
    let mut doc = u.choose(seeds)?.clone();
    // Mostly a few edits, so that most results still get past loading to lowering and emit.
    let edits = match u.ratio(1, 4)? {
        true => u.int_in_range(1..=MAX_EDITS)?,
        false => u.int_in_range(1..=3)?,
    };
    for _ in 0..edits {
        edit(u, &mut doc)?;
    }
    let root = render(u, &doc)?;
    // The second file is there whenever the root names it, and now and then besides.
    let sibling = if root.contains(crate::pipeline::SIBLING) || u.ratio(1, 8)? {
        let mut other = u.choose(seeds)?.clone();
        edit(u, &mut other)?;
        Some(render(u, &other)?)
    } else {
        None
    };
    Ok(Mutated { root, sibling })
}

/// Writes a tree as compact JSON (the only form that can repeat keys and hold any number),
/// pretty JSON or YAML.
fn render(u: &mut Unstructured<'_>, doc: &Value) -> Result<String> {
    Ok(match u.choose_index(3)? {
        0 => tree::to_json(doc),
        1 => serde_json::to_string_pretty(doc).unwrap_or_else(|_| tree::to_json(doc)),
        _ => serde_yaml::to_string(doc).unwrap_or_else(|_| tree::to_json(doc)),
    })
}

/// Picks the preorder index of a node of one of `wanted` kinds, or of any node if none is.
fn pick(u: &mut Unstructured<'_>, doc: &Value, wanted: &[Kind]) -> Result<usize> {
    let kinds = tree::kinds(doc);
    let matching: Vec<usize> = (0..kinds.len())
        .filter(|&i| wanted.is_empty() || wanted.contains(&kinds[i]))
        .collect();
    if matching.is_empty() {
        return u.choose_index(kinds.len());
    }
    Ok(*u.choose(&matching)?)
}

/// A copy of a random node of `doc`.
fn random_node(u: &mut Unstructured<'_>, doc: &Value) -> Result<Value> {
    let index = pick(u, doc, &[])?;
    Ok(tree::node(doc, index).cloned().unwrap_or_default())
}

/// A string from the hostile vocabulary, sometimes joined to another or repeated at length.
fn hostile_string(u: &mut Unstructured<'_>) -> Result<String> {
    let base = (*u.choose(NAMES)?).to_owned();
    Ok(match u.choose_index(5)? {
        0 => format!("{base}{}", u.choose(NAMES)?),
        1 => base.repeat(u.int_in_range(2..=300)?),
        2 => u.arbitrary()?,
        _ => base,
    })
}

/// A replacement value of any type.
fn any_value(u: &mut Unstructured<'_>, doc: &Value) -> Result<Value> {
    Ok(match u.choose_index(10)? {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => Value::String(format!("{RAW_NUMBER}{}", u.choose(NUMBERS)?)),
        3 => Value::String(hostile_string(u)?),
        4 => Value::String((*u.choose(TYPES)?).to_owned()),
        5 => Value::Array(Vec::new()),
        6 => Value::Object(Map::new()),
        7 => crate::json::value(u, 3)?,
        _ => random_node(u, doc)?,
    })
}

/// A `$ref` target: an odd fixed one, the pointer of any node, or a hostile pointer.
fn ref_target(u: &mut Unstructured<'_>, doc: &Value) -> Result<String> {
    Ok(match u.choose_index(4)? {
        0 => (*u.choose(REFS)?).to_owned(),
        1 => format!("#/components/schemas/{}", hostile_string(u)?),
        _ => {
            let index = pick(u, doc, &[])?;
            let file = if u.ratio(1, 5)? {
                crate::pipeline::SIBLING
            } else {
                ""
            };
            format!("{file}#{}", tree::pointer(doc, index).unwrap_or_default())
        }
    })
}

/// Applies one edit to a random node of `doc`.
fn edit(u: &mut Unstructured<'_>, doc: &mut Value) -> Result<()> {
    let objects = [Kind::Object, Kind::Reference];
    match u.choose_index(11)? {
        // Drop a member.
        0 => {
            let index = pick(u, doc, &objects)?;
            if let Some(Value::Object(members)) = tree::node_mut(doc, index) {
                if !members.is_empty() {
                    let at = u.choose_index(members.len())?;
                    if let Some(key) = members.keys().nth(at).cloned() {
                        members.shift_remove(&key);
                    }
                }
            }
        }
        // Repeat a member, with its own value or another, so the text holds the key twice.
        1 => {
            let index = pick(u, doc, &objects)?;
            let other = any_value(u, doc)?;
            let same = u.arbitrary::<bool>()?;
            if let Some(Value::Object(members)) = tree::node_mut(doc, index) {
                if !members.is_empty() {
                    let at = u.choose_index(members.len())?;
                    if let Some((key, value)) = members.iter().nth(at) {
                        let repeated = if same { value.clone() } else { other };
                        members.insert(format!("{REPEAT}{key}"), repeated);
                    }
                }
            }
        }
        // Swap a value for one of another type.
        2 | 3 => {
            let index = pick(u, doc, &[])?;
            let value = any_value(u, doc)?;
            if let Some(node) = tree::node_mut(doc, index) {
                *node = value;
            }
        }
        // Retarget a `$ref`, or add one to an object.
        4 | 5 => {
            let index = pick(u, doc, &[Kind::Reference])?;
            let target = ref_target(u, doc)?;
            if let Some(Value::Object(members)) = tree::node_mut(doc, index) {
                members.insert("$ref".into(), Value::String(target));
            }
        }
        // Rename a member to a hostile name.
        6 => {
            let index = pick(u, doc, &objects)?;
            let name = hostile_string(u)?;
            if let Some(Value::Object(members)) = tree::node_mut(doc, index) {
                if !members.is_empty() {
                    let at = u.choose_index(members.len())?;
                    let key = members.keys().nth(at).cloned().unwrap_or_default();
                    if let Some(value) = members.shift_remove(&key) {
                        members.insert(name, value);
                    }
                }
            }
        }
        // Put a huge or odd number, or a hostile string, where a scalar was.
        7 => {
            let index = pick(u, doc, &[Kind::Scalar])?;
            let value = if u.arbitrary()? {
                Value::String(format!("{RAW_NUMBER}{}", u.choose(NUMBERS)?))
            } else {
                Value::String(hostile_string(u)?)
            };
            if let Some(node) = tree::node_mut(doc, index) {
                *node = value;
            }
        }
        // Nest a node deeply, in a schema keyword or a plain array.
        8 => {
            let index = pick(u, doc, &[])?;
            // Mostly within the parsers' recursion limit (128), sometimes past it.
            let depth = if u.ratio(1, 8)? {
                u.int_in_range(1..=MAX_NESTING)?
            } else {
                u.int_in_range(1..=40)?
            };
            let keyword =
                *u.choose(&["items", "allOf", "properties", "additionalProperties", ""])?;
            if let Some(node) = tree::node_mut(doc, index) {
                let mut value = node.take();
                for _ in 0..depth {
                    value = nest(keyword, value);
                }
                *node = value;
            }
        }
        // Add a keyword with a value of any type.
        _ => {
            let index = pick(u, doc, &objects)?;
            let keyword = (*u.choose(KEYWORDS)?).to_owned();
            let value = any_value(u, doc)?;
            if let Some(Value::Object(members)) = tree::node_mut(doc, index) {
                members.insert(keyword, value);
            }
        }
    }
    Ok(())
}

/// Wraps `value` one level deeper under `keyword`.
fn nest(keyword: &str, value: Value) -> Value {
    let wrap = |key: &str, inner: Value| Value::Object(Map::from_iter([(key.to_owned(), inner)]));
    match keyword {
        "items" => wrap("items", value),
        "allOf" => wrap("allOf", Value::Array(vec![value])),
        "properties" => wrap("properties", wrap("a", value)),
        "additionalProperties" => wrap("additionalProperties", value),
        _ => Value::Array(vec![value]),
    }
}
