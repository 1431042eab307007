//! Reads one spec file (YAML or JSON) into a `serde_json::Value`, with located parse errors.

use super::yaml::YamlJson;
use crate::diagnostics::{Diagnostics, Location};
use serde_json::Value;
use std::path::Path;

/// The largest spec file read (the largest real specs are a few megabytes).
const MAX_FILE_BYTES: u64 = 256 << 20;

/// Reads and parses `path`; `display` is how the file is named in diagnostics.
pub fn read(path: &Path, display: &str, diags: &mut Diagnostics) -> Option<Value> {
    // A reference may name any path: only a regular file of sane size is read, so that a
    // device (`/dev/zero`), a pipe or a directory is refused instead of read forever.
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() => {
            diags.error(Location::new(display, ""), "not a regular file");
            return None;
        }
        Ok(meta) if meta.len() > MAX_FILE_BYTES => {
            diags.error(
                Location::new(display, ""),
                format!(
                    "the file has {} bytes, more than the {MAX_FILE_BYTES} a spec may have",
                    meta.len()
                ),
            );
            return None;
        }
        _ => {}
    }
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
    match serde_yaml::from_str::<YamlJson>(text) {
        Ok(YamlJson(value @ Value::Object(_))) => Some(value),
        Ok(_) => {
            diags.error(Location::new(display, ""), "the document is not a mapping");
            None
        }
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
            None
        }
    }
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
