//! Realistic sample values for parameters and bodies, for generated conformance tests: the
//! spec's own examples where it has them, otherwise values built from the schema that satisfy
//! its constraints (required properties, enums, formats, patterns, lengths, bounds).

use super::schema::SchemaRef;
use super::view::view;
use super::LowerCtx;
use crate::diagnostics::join;
use openapiv3::ReferenceOr;
use serde_json::{Map, Number, Value};

/// How deep a sample may nest before recursion is cut off.
const MAX_DEPTH: usize = 8;

/// The longest string sample. A `minLength` or a pattern asking for more is not met (a pattern
/// sample is given up); samples are for docs and tests, and a hostile spec's `minLength: 2^63`
/// must not exhaust memory.
const MAX_SAMPLE_CHARS: usize = 1024;

/// The most items of an array sample, whatever its `minItems`: nested arrays multiply, so this
/// bounds a sample at `MAX_SAMPLE_ITEMS ^ MAX_DEPTH` values.
const MAX_SAMPLE_ITEMS: usize = 3;

impl LowerCtx<'_> {
    /// A sample value for the schema at `pointer`, for a request (read-only properties left out).
    pub(crate) fn sample(&mut self, schema: &SchemaRef, pointer: &str) -> Value {
        self.sample_at(schema, pointer, 0)
    }

    fn sample_at(&mut self, schema: &SchemaRef, pointer: &str, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return Value::Null;
        }
        let Some((at, schema)) = self.resolve(schema, pointer) else {
            return Value::Null;
        };
        let v = view(&schema);
        if let Some(example) = &v.data.example {
            return example.clone();
        }
        if let Some(default) = &v.data.default {
            return default.clone();
        }
        if v.extension("x-timestamp").is_some() {
            return Value::from(1_700_000_000);
        }
        if let Some(first) = v.enumeration.iter().find(|e| !e.is_null()) {
            return first.clone();
        }
        if let Some(alternative) = v.one_of.first().or(v.any_of.first()) {
            let list = if v.one_of.is_empty() {
                "anyOf"
            } else {
                "oneOf"
            };
            // Skip a `null` alternative in favour of a real one.
            let chosen = v
                .one_of
                .iter()
                .chain(v.any_of)
                .enumerate()
                .find(
                    |(_, alt)| !matches!(alt, ReferenceOr::Item(s) if view(s).is_null_only() || view(s).is_annotation_only()),
                )
                .map(|(i, alt)| (i, alt.clone()))
                .unwrap_or((0, alternative.clone()));
            let alt_pointer = join(&join(&at, list), &chosen.0.to_string());
            return self.sample_at(&SchemaRef::of(&chosen.1), &alt_pointer, depth + 1);
        }
        if !v.all_of.is_empty() {
            let mut merged = Map::new();
            for (i, part) in v.all_of.iter().enumerate() {
                if let Value::Object(members) = self.sample_at(
                    &SchemaRef::of(part),
                    &join(&join(&at, "allOf"), &i.to_string()),
                    depth + 1,
                ) {
                    merged.extend(members);
                }
            }
            if let Value::Object(own) = self.object_sample(&v, &at, depth) {
                merged.extend(own);
            }
            return Value::Object(merged);
        }
        let typ = v
            .typ
            .or(if v.properties.is_some() || v.additional.is_some() {
                Some("object")
            } else if v.items.is_some() {
                Some("array")
            } else {
                None
            });
        match typ {
            Some("object") => self.object_sample(&v, &at, depth),
            Some("array") => {
                let bounds = array_bounds(&schema);
                if bounds.1 == Some(0) {
                    return Value::Array(Vec::new());
                }
                let item = match v.items {
                    Some(items) => {
                        self.sample_at(&SchemaRef::of_boxed(items), &join(&at, "items"), depth + 1)
                    }
                    None => Value::String("item".into()),
                };
                // Two items where allowed: a realistic list, and one that a form or query
                // encoding cannot mistake for a single value.
                let count = bounds
                    .0
                    .max(bounds.1.map_or(2, |max| max.min(2)))
                    .min(MAX_SAMPLE_ITEMS);
                Value::Array(vec![item; count])
            }
            Some("string") => Value::String(string_sample(v.format, &schema)),
            Some("integer") => {
                let (min, max) = numeric_bounds(&schema);
                let value = min.map(f64::ceil).unwrap_or(1.0);
                let value = max.map(|m| value.min(m.floor())).unwrap_or(value);
                Value::from(value as i64)
            }
            Some("number") => {
                let (min, max) = numeric_bounds(&schema);
                let value = min.unwrap_or(1.5);
                let value = max.map(|m| value.min(m)).unwrap_or(value);
                Number::from_f64(value)
                    .map(Value::Number)
                    .unwrap_or(Value::from(1))
            }
            Some("boolean") => Value::Bool(true),
            _ => Value::String("value".into()),
        }
    }

    /// The required, writable properties of an object, each with a sample.
    fn object_sample(&mut self, v: &super::view::View<'_>, at: &str, depth: usize) -> Value {
        let mut out = Map::new();
        if let Some(properties) = v.properties {
            for (name, property) in properties {
                if !v.required.contains(name) {
                    continue;
                }
                let property_ref = SchemaRef::of_boxed(property);
                let property_at = join(&join(at, "properties"), name);
                let read_only = self
                    .resolve(&property_ref, &property_at)
                    .is_some_and(|(_, s)| s.schema_data.read_only);
                if read_only {
                    continue;
                }
                let value = self.sample_at(&property_ref, &property_at, depth + 1);
                out.insert(name.clone(), value);
            }
        }
        Value::Object(out)
    }
}

fn array_bounds(schema: &openapiv3::Schema) -> (usize, Option<usize>) {
    match &schema.schema_kind {
        openapiv3::SchemaKind::Type(openapiv3::Type::Array(a)) => {
            (a.min_items.unwrap_or(0), a.max_items)
        }
        openapiv3::SchemaKind::Any(a) => (a.min_items.unwrap_or(0), a.max_items),
        _ => (0, None),
    }
}

fn numeric_bounds(schema: &openapiv3::Schema) -> (Option<f64>, Option<f64>) {
    match &schema.schema_kind {
        openapiv3::SchemaKind::Type(openapiv3::Type::Integer(i)) => {
            (i.minimum.map(|m| m as f64), i.maximum.map(|m| m as f64))
        }
        openapiv3::SchemaKind::Type(openapiv3::Type::Number(n)) => (n.minimum, n.maximum),
        openapiv3::SchemaKind::Any(a) => (a.minimum, a.maximum),
        _ => (None, None),
    }
}

/// A string that fits the schema's format, pattern and length limits.
fn string_sample(format: Option<&str>, schema: &openapiv3::Schema) -> String {
    let (pattern, min_len, max_len) = match &schema.schema_kind {
        openapiv3::SchemaKind::Type(openapiv3::Type::String(s)) => {
            (s.pattern.clone(), s.min_length, s.max_length)
        }
        openapiv3::SchemaKind::Any(a) => (a.pattern.clone(), a.min_length, a.max_length),
        _ => (None, None, None),
    };
    let mut text = match format {
        Some("date") => "2024-05-17".to_string(),
        Some("date-time") => "2024-05-17T09:30:00Z".to_string(),
        Some("uuid") => "497f6eca-6276-4993-bfeb-53cbbbba6f08".to_string(),
        Some("email") => "jane.doe@example.com".to_string(),
        Some("uri" | "url") => "https://example.com/resource".to_string(),
        Some("hostname") => "example.com".to_string(),
        Some("ipv4") => "192.0.2.1".to_string(),
        Some("ipv6") => "2001:db8::1".to_string(),
        Some("byte") => "aGVsbG8=".to_string(),
        Some("phone-number") => "+15017122661".to_string(),
        Some("http-method") => "GET".to_string(),
        _ => match pattern.as_deref().and_then(pattern_sample) {
            Some(sample) => sample,
            None => "example".to_string(),
        },
    };
    if let Some(min) = min_len.map(|min| min.min(MAX_SAMPLE_CHARS)) {
        let have = text.chars().count();
        text.extend(std::iter::repeat_n('x', min.saturating_sub(have)));
    }
    if let Some(max) = max_len {
        text = text.chars().take(max).collect();
    }
    text
}

/// A string matching a simple regular expression: literals, classes, `\d`/`\w`, groups with
/// alternatives (the first is taken) and the quantifiers `?`, `*`, `+`, `{n}`, `{n,m}` (the
/// least count, at least one for `+`). Returns `None` for what it does not understand.
pub fn pattern_sample(pattern: &str) -> Option<String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::new();
    sequence(&chars, &mut 0, &mut out)?;
    Some(out)
}

/// Emits a sample for the sequence at `i`, up to its group's `)` or the end; after a `|` the
/// remaining alternatives are skipped.
fn sequence(chars: &[char], i: &mut usize, out: &mut String) -> Option<()> {
    while let Some(&c) = chars.get(*i) {
        let piece: String = match c {
            '^' | '$' => {
                *i += 1;
                continue;
            }
            ')' => return Some(()),
            '|' => {
                // Skip the other alternatives of this group.
                let mut level = 0;
                while let Some(&c) = chars.get(*i) {
                    match c {
                        '\\' => *i += 1,
                        '(' => level += 1,
                        ')' if level == 0 => return Some(()),
                        ')' => level -= 1,
                        _ => {}
                    }
                    *i += 1;
                }
                return Some(());
            }
            '(' => {
                *i += 1;
                if chars.get(*i) == Some(&'?') {
                    // Non-capturing group `(?:`.
                    *i += 2;
                }
                let mut inner = String::new();
                sequence(chars, i, &mut inner)?;
                if chars.get(*i) != Some(&')') {
                    return None;
                }
                *i += 1;
                inner
            }
            '[' => {
                *i += 1;
                let negated = chars.get(*i) == Some(&'^');
                if negated {
                    return None;
                }
                let first = match chars.get(*i)? {
                    '\\' => {
                        *i += 1;
                        escape(*chars.get(*i)?)
                    }
                    c => *c,
                };
                while let Some(&c) = chars.get(*i).filter(|c| **c != ']') {
                    if c == '\\' {
                        *i += 1;
                    }
                    *i += 1;
                }
                *i += 1;
                first.to_string()
            }
            '\\' => {
                *i += 1;
                let escaped = *chars.get(*i)?;
                *i += 1;
                escape(escaped).to_string()
            }
            '.' => {
                *i += 1;
                "a".to_string()
            }
            '*' | '+' | '?' | '{' => return None,
            literal => {
                *i += 1;
                literal.to_string()
            }
        };
        let (low, _high) = quantifier(chars, i)?;
        let length = piece.len().checked_mul(low)?.checked_add(out.len())?;
        if length > MAX_SAMPLE_CHARS {
            return None;
        }
        out.push_str(&piece.repeat(low));
    }
    Some(())
}

/// A representative character for an escape (`\d` is a digit, `\w` a letter, `\.` a dot).
fn escape(c: char) -> char {
    match c {
        'd' => '0',
        'w' => 'a',
        's' => ' ',
        other => other,
    }
}

/// The least and greatest counts of the quantifier at `i` (1, 1 when there is none).
fn quantifier(chars: &[char], i: &mut usize) -> Option<(usize, Option<usize>)> {
    let result = match chars.get(*i) {
        Some('?') => (0, Some(1)),
        Some('*') => (0, None),
        Some('+') => (1, None),
        Some('{') => {
            let end = chars.get(*i..)?.iter().position(|c| *c == '}')? + *i;
            let inside: String = chars.get(*i + 1..end)?.iter().collect();
            let (low, high) = match inside.split_once(',') {
                Some((low, high)) => (low.trim().parse().ok()?, high.trim().parse().ok()),
                None => {
                    let n = inside.trim().parse().ok()?;
                    (n, Some(n))
                }
            };
            *i = end;
            (low, high)
        }
        _ => return Some((1, Some(1))),
    };
    *i += 1;
    // A lazy or possessive marker after the quantifier changes nothing here.
    if matches!(chars.get(*i), Some('?' | '+')) {
        *i += 1;
    }
    Some(result)
}

#[cfg(test)]
mod tests {
    use super::pattern_sample;

    #[test]
    fn patterns_give_matching_samples() {
        assert_eq!(
            pattern_sample("^MG[0-9a-fA-F]{32}$").unwrap(),
            format!("MG{}", "0".repeat(32))
        );
        assert_eq!(pattern_sample("^[0-9]+$").unwrap(), "0");
        assert_eq!(pattern_sample(r"^\d{3}-\d{4}$").unwrap(), "000-0000");
        assert_eq!(pattern_sample("^(abc|def)x?$").unwrap(), "abc");
        assert_eq!(pattern_sample("^cc_[A-Za-z]{2,8}$").unwrap(), "cc_AA");
        assert!(pattern_sample("^[^a]$").is_none());
    }

    #[test]
    fn patterns_asking_for_huge_samples_are_given_up() {
        assert!(pattern_sample("^a{999999999999}$").is_none());
        assert!(pattern_sample("^((a{1000}){1000}){1000}$").is_none());
        assert!(pattern_sample("^a{18446744073709551615}b{2}$").is_none());
        assert_eq!(pattern_sample("^a{1024}$").map(|s| s.len()), Some(1024));
    }
}
