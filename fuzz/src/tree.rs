//! Walking a JSON tree by preorder index, and writing it as JSON text that may hold what a
//! `serde_json::Value` cannot: repeated keys and numbers out of range.

use serde_json::Value;

/// A key starting with this is written without it, beside the key it names, so the object
/// repeats that key in the text.
pub const REPEAT: &str = "\u{1}repeat\u{1}";

/// A string starting with this is written as the raw JSON number text that follows.
pub const RAW_NUMBER: &str = "\u{1}number\u{1}";

/// What a node of the tree is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An object with a `$ref` member.
    Reference,
    /// Any other object.
    Object,
    /// An array.
    Array,
    /// A string, number, boolean or null.
    Scalar,
}

/// The kind of every node, in preorder (the root first).
pub fn kinds(value: &Value) -> Vec<Kind> {
    let mut out = Vec::new();
    collect(value, &mut out);
    out
}

fn collect(value: &Value, out: &mut Vec<Kind>) {
    match value {
        Value::Object(members) => {
            out.push(if members.contains_key("$ref") {
                Kind::Reference
            } else {
                Kind::Object
            });
            members.values().for_each(|item| collect(item, out));
        }
        Value::Array(items) => {
            out.push(Kind::Array);
            items.iter().for_each(|item| collect(item, out));
        }
        _ => out.push(Kind::Scalar),
    }
}

/// The node at preorder index `index`.
pub fn node(value: &Value, index: usize) -> Option<&Value> {
    let mut left = index;
    nth(value, &mut left)
}

fn nth<'v>(value: &'v Value, left: &mut usize) -> Option<&'v Value> {
    if *left == 0 {
        return Some(value);
    }
    *left -= 1;
    match value {
        Value::Object(members) => members.values().find_map(|item| nth(item, left)),
        Value::Array(items) => items.iter().find_map(|item| nth(item, left)),
        _ => None,
    }
}

/// The node at preorder index `index`, to change it.
pub fn node_mut(value: &mut Value, index: usize) -> Option<&mut Value> {
    let mut left = index;
    nth_mut(value, &mut left)
}

fn nth_mut<'v>(value: &'v mut Value, left: &mut usize) -> Option<&'v mut Value> {
    if *left == 0 {
        return Some(value);
    }
    *left -= 1;
    match value {
        Value::Object(members) => members.values_mut().find_map(|item| nth_mut(item, left)),
        Value::Array(items) => items.iter_mut().find_map(|item| nth_mut(item, left)),
        _ => None,
    }
}

/// The JSON pointer of the node at preorder index `index` (`""` for the root).
pub fn pointer(value: &Value, index: usize) -> Option<String> {
    let mut left = index;
    let mut path = Vec::new();
    nth_pointer(value, &mut left, &mut path).then(|| {
        path.iter()
            .map(|token| format!("/{}", token.replace('~', "~0").replace('/', "~1")))
            .collect()
    })
}

fn nth_pointer(value: &Value, left: &mut usize, path: &mut Vec<String>) -> bool {
    if *left == 0 {
        return true;
    }
    *left -= 1;
    let children: Vec<(String, &Value)> = match value {
        Value::Object(members) => members.iter().map(|(k, v)| (k.clone(), v)).collect(),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (i.to_string(), v))
            .collect(),
        _ => return false,
    };
    for (token, child) in children {
        path.push(token);
        if nth_pointer(child, left, path) {
            return true;
        }
        path.pop();
    }
    false
}

/// Writes `value` as compact JSON, honouring [`REPEAT`] keys and [`RAW_NUMBER`] strings.
pub fn to_json(value: &Value) -> String {
    let mut out = String::new();
    write(value, &mut out);
    out
}

fn write(value: &Value, out: &mut String) {
    match value {
        Value::Object(members) => {
            out.push('{');
            for (index, (key, item)) in members.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                let key = key.strip_prefix(REPEAT).unwrap_or(key);
                out.push_str(&Value::from(key).to_string());
                out.push(':');
                write(item, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                write(item, out);
            }
            out.push(']');
        }
        Value::String(text) => match text.strip_prefix(RAW_NUMBER) {
            Some(number) => out.push_str(number),
            None => out.push_str(&value.to_string()),
        },
        other => out.push_str(&other.to_string()),
    }
}
