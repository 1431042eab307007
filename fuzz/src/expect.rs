//! What each query parameter, form member and multipart part must decode back to, built from
//! the values alone (as the runtime's documentation describes each style), and the checks that
//! compare it with what arrived.

use crate::wire::{self, Part};
use serde_json::{Map, Value};

/// The key of one expected `name=value` pair.
#[derive(Debug, Clone, PartialEq)]
pub enum Key {
    /// A key that decodes to this text.
    Plain(String),
    /// A `deepObject` key: the name, then one bracketed segment per level (`name[a][0]`).
    Deep(String, Vec<String>),
}

/// The value of one expected pair.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    /// A value that decodes to this text.
    Plain(String),
    /// Items joined by a separator that is literal in the raw value (`,`, `|` or `%20`).
    List(&'static str, Vec<String>),
}

/// One `name=value` pair of a query or form body.
pub type Pair = (Key, Val);

/// The most bytes a URL with these path values and query pairs can take once encoded (every
/// byte percent-encoded, plus the echo server's base and the separators): a request the runtime
/// refuses as too long to send must be able to reach the limit.
pub fn url_bytes_at_most(path: &[&String], pairs: &[Pair]) -> usize {
    const BASE: usize = "http://127.0.0.1:65535/p?".len();
    let encoded = |text: &str| 3 * text.len();
    let path: usize = path.iter().map(|value| 1 + encoded(value)).sum();
    let pairs: usize = pairs
        .iter()
        .map(|(key, value)| {
            let key = match key {
                Key::Plain(name) => encoded(name),
                Key::Deep(name, segments) => {
                    encoded(name) + segments.iter().map(|s| 6 + encoded(s)).sum::<usize>()
                }
            };
            let value = match value {
                Val::Plain(text) => encoded(text),
                Val::List(sep, items) => items
                    .iter()
                    .map(|item| sep.len() + encoded(item))
                    .sum::<usize>(),
            };
            key + value + 2
        })
        .sum();
    BASE + path + pairs
}

/// The text of a JSON value in a query or form (strings raw, the rest as JSON); `None` for null.
pub fn text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(text) => Some(text.clone()),
        other => Some(other.to_string()),
    }
}

/// The text of a JSON value as an array item (`ToParam`: null is `null`).
pub fn item_text(value: &Value) -> String {
    text(value).unwrap_or_else(|| "null".into())
}

/// The pairs of an array in a style that joins its items (`sep`), or one pair per item.
pub fn array(name: &str, sep: Option<&'static str>, items: Vec<String>) -> Vec<Pair> {
    if items.is_empty() {
        return Vec::new();
    }
    match sep {
        None => items
            .into_iter()
            .map(|item| (Key::Plain(name.into()), Val::Plain(item)))
            .collect(),
        Some(sep) => vec![(Key::Plain(name.into()), Val::List(sep, items))],
    }
}

/// The pairs of an object's members as a form body (and `form`, exploded) writes them.
pub fn form_members(members: &Map<String, Value>) -> Vec<Pair> {
    let mut out = Vec::new();
    for (key, value) in members {
        let items = match value {
            Value::Array(items) => items.iter().filter_map(text).collect(),
            other => text(other).into_iter().collect::<Vec<_>>(),
        };
        out.extend(
            items
                .into_iter()
                .map(|item| (Key::Plain(key.clone()), Val::Plain(item))),
        );
    }
    out
}

/// The single pair of an object in `form` style without explode: `name=k1,v1,k2,v2`.
pub fn form_comma(name: &str, members: &Map<String, Value>) -> Vec<Pair> {
    let items: Vec<String> = members
        .iter()
        .filter_map(|(key, value)| text(value).map(|text| [key.clone(), text]))
        .flatten()
        .collect();
    array(name, Some(","), items)
}

/// The pairs of `value` in `deepObject` style under `name` and the segments so far.
pub fn deep(name: &str, path: &mut Vec<String>, value: &Value, out: &mut Vec<Pair>) {
    match value {
        Value::Null => {}
        Value::Object(members) => {
            for (key, inner) in members {
                path.push(key.clone());
                deep(name, path, inner, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (index, inner) in items.iter().enumerate() {
                path.push(index.to_string());
                deep(name, path, inner, out);
                path.pop();
            }
        }
        leaf => {
            let key = match path.is_empty() {
                true => Key::Plain(name.into()),
                false => Key::Deep(name.into(), path.clone()),
            };
            out.push((key, Val::Plain(item_text(leaf))));
        }
    }
}

/// Checks that a raw query or form body holds exactly the expected pairs, in order.
pub fn check_pairs(raw: &str, expected: &[Pair]) -> Result<(), String> {
    let actual = wire::raw_pairs(raw);
    if actual.len() != expected.len() {
        return Err(format!(
            "{} pairs in {raw:?}, expected {expected:?}",
            actual.len()
        ));
    }
    for ((raw_key, raw_value), (key, value)) in actual.iter().zip(expected) {
        check_key(raw_key, key)?;
        check_value(raw_value, value)?;
    }
    Ok(())
}

fn check_key(raw: &str, key: &Key) -> Result<(), String> {
    let (name, segments) = match key {
        Key::Plain(name) => (name, &[][..]),
        Key::Deep(name, segments) => (name, &segments[..]),
    };
    let (head, mut rest) = raw.split_at(raw.find('[').unwrap_or(raw.len()));
    let mut decoded = Vec::new();
    while let Some(inner) = rest.strip_prefix('[') {
        let close = inner
            .find(']')
            .ok_or_else(|| format!("unclosed bracket in {raw:?}"))?;
        decoded.push(wire::decode(&inner[..close])?);
        rest = &inner[close + 1..];
    }
    if !rest.is_empty() || wire::decode(head)? != *name || decoded != segments {
        return Err(format!("key {raw:?} is not {key:?}"));
    }
    Ok(())
}

fn check_value(raw: &str, value: &Val) -> Result<(), String> {
    let matches = match value {
        Val::Plain(text) => wire::decode(raw)? == *text,
        // Items holding a space cannot be told from the separator `%20`: compare the whole.
        Val::List("%20", items) if items.iter().any(|item| item.contains(' ')) => {
            wire::decode(raw)? == items.join(" ")
        }
        Val::List(sep, items) => {
            let decoded: Result<Vec<String>, String> = raw.split(sep).map(wire::decode).collect();
            decoded? == *items
        }
    };
    match matches {
        true => Ok(()),
        false => Err(format!("value {raw:?} is not {value:?}")),
    }
}

/// A multipart part as it must arrive.
#[derive(Debug)]
pub struct ExpectedPart {
    /// The name the caller gave.
    pub name: String,
    /// The file name the caller gave.
    pub filename: Option<String>,
    /// The part's media type.
    pub content_type: Option<String>,
    /// The content.
    pub data: Vec<u8>,
}

/// The parts that `Form::value` adds for `value`.
pub fn value_parts(name: &str, value: &Value, out: &mut Vec<ExpectedPart>) {
    let part = |content_type: Option<&str>, data: Vec<u8>| ExpectedPart {
        name: name.into(),
        filename: None,
        content_type: content_type.map(Into::into),
        data,
    };
    match value {
        Value::Null => {}
        Value::Array(items) => items.iter().for_each(|item| value_parts(name, item, out)),
        Value::Object(_) => out.push(part(
            Some("application/json"),
            value.to_string().into_bytes(),
        )),
        scalar => out.push(part(None, item_text(scalar).into_bytes())),
    }
}

/// Checks that the parts that arrived are the expected ones: same count, same content, and
/// names that stayed inside their quotes and decode back (when they hold no `%` of their own).
pub fn check_parts(actual: &[Part], expected: &[ExpectedPart]) -> Result<(), String> {
    if actual.len() != expected.len() {
        return Err(format!(
            "{} parts arrived, {} expected",
            actual.len(),
            expected.len()
        ));
    }
    for (got, want) in actual.iter().zip(expected) {
        let same_name = |sent: &str, wanted: &str| {
            wanted.contains('%') || wire::unescape_quoted(sent) == wanted
        };
        let names_match = same_name(&got.name, &want.name)
            && match (&got.filename, &want.filename) {
                (Some(sent), Some(wanted)) => same_name(sent, wanted),
                (None, None) => true,
                _ => false,
            };
        if !names_match || got.content_type != want.content_type || got.data != want.data {
            return Err(format!("part {got:?} is not {want:?}"));
        }
    }
    Ok(())
}
