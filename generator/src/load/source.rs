//! Reads one spec file (YAML or JSON) into a `serde_json::Value`, with located parse errors.

use crate::diagnostics::{Diagnostics, Location};
use serde_json::{Map, Number, Value};
use std::path::Path;

/// Reads and parses `path`; `display` is how the file is named in diagnostics.
pub fn read(path: &Path, display: &str, diags: &mut Diagnostics) -> Option<Value> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) => {
            diags.error(
                Location::new(display, ""),
                format!("cannot read file: {err}"),
            );
            return None;
        }
    };
    parse(&text, display, diags)
}

/// Parses spec text: JSON when it looks like JSON, YAML otherwise.
pub fn parse(text: &str, display: &str, diags: &mut Diagnostics) -> Option<Value> {
    let looks_like_json = text.trim_start().starts_with('{');
    if looks_like_json {
        match serde_json::from_str::<Value>(text) {
            Ok(value) => return Some(value),
            Err(err) => {
                diags.error(Location::new(display, ""), format!("not valid JSON: {err}"));
                return None;
            }
        }
    }
    let yaml = match serde_yaml::from_str::<serde_yaml::Value>(text) {
        // YAML merge keys (`<<: *base`) are resolved, as YAML-aware readers of specs expect.
        Ok(mut yaml) => match yaml.apply_merge() {
            Ok(()) => yaml,
            Err(err) => {
                diags.error(
                    Location::new(display, ""),
                    format!("invalid YAML merge key: {err}"),
                );
                return None;
            }
        },
        Err(err) => {
            let place = match err.location() {
                Some(at) => format!(" (line {}, column {})", at.line(), at.column()),
                None => String::new(),
            };
            let message = err.to_string();
            let message = message.split(" at line ").next().unwrap_or(&message);
            diags.error(
                Location::new(display, ""),
                format!("not valid YAML: {message}{place}"),
            );
            return None;
        }
    };
    match yaml_to_json(yaml, "") {
        Ok(value @ Value::Object(_)) => Some(value),
        Ok(_) => {
            diags.error(Location::new(display, ""), "the document is not a mapping");
            None
        }
        Err((pointer, message)) => {
            diags.error(Location::new(display, pointer), message);
            None
        }
    }
}

/// Converts YAML to JSON. Non-string mapping keys (YAML reads `201:` as an integer) become
/// their text, tags are dropped, and non-finite numbers are an error.
fn yaml_to_json(yaml: serde_yaml::Value, pointer: &str) -> Result<Value, (String, String)> {
    Ok(match yaml {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(b) => Value::Bool(b),
        serde_yaml::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::Number(i.into())
            } else if let Some(u) = n.as_u64() {
                Value::Number(u.into())
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                match Number::from_f64(f) {
                    Some(number) => Value::Number(number),
                    None => {
                        return Err((
                            pointer.to_string(),
                            format!("number {n} cannot be represented in JSON"),
                        ))
                    }
                }
            }
        }
        serde_yaml::Value::String(s) => Value::String(s),
        serde_yaml::Value::Sequence(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| yaml_to_json(item, &format!("{pointer}/{i}")))
                .collect::<Result<_, _>>()?,
        ),
        serde_yaml::Value::Mapping(mapping) => {
            let mut object = Map::new();
            for (key, value) in mapping {
                let key = match key {
                    serde_yaml::Value::String(s) => s,
                    serde_yaml::Value::Number(n) => n.to_string(),
                    serde_yaml::Value::Bool(b) => b.to_string(),
                    serde_yaml::Value::Null => "null".to_string(),
                    other => {
                        return Err((
                            pointer.to_string(),
                            format!("mapping key {other:?} is not a string"),
                        ))
                    }
                };
                let child = crate::diagnostics::join(pointer, &key);
                object.insert(key, yaml_to_json(value, &child)?);
            }
            Value::Object(object)
        }
        serde_yaml::Value::Tagged(tagged) => yaml_to_json(tagged.value, pointer)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_keys_become_strings() {
        let mut diags = Diagnostics::default();
        let value = parse(
            "responses:\n  201:\n    description: ok\n",
            "x.yaml",
            &mut diags,
        )
        .unwrap();
        assert!(value["responses"]["201"].is_object());
    }

    #[test]
    fn broken_yaml_is_a_located_error() {
        let mut diags = Diagnostics::default();
        assert!(parse("a: [1, 2\n", "x.yaml", &mut diags).is_none());
        let text = diags.to_string();
        assert!(text.starts_with("x.yaml#: not valid YAML"), "{text}");
    }
}
