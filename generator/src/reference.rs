//! The one follower of local `$ref`s: a reference becomes a JSON pointer (its `%XX` escapes
//! decoded), chains of plain references are followed through the bundled document with cycles
//! and runaway chains reported, and targets are named the same way in every message. Bundling
//! (`load/bundle.rs`) resolves references to other files; everything after it uses this module.

use serde_json::Value;
use std::fmt;

/// How many plain references (`{$ref: ...}` and nothing else) a chain may follow.
pub const MAX_CHAIN: usize = 64;

/// Why a reference leads nowhere usable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FollowError {
    /// The reference is not local (`#/...`); bundling has already reported it.
    External,
    /// Nothing is at this pointer.
    Dangling(String),
    /// The chain comes back to where it was, through these targets (named for messages).
    Cycle(Vec<String>),
    /// The chain is longer than [`MAX_CHAIN`].
    TooLong,
}

impl FollowError {
    /// Whether the problem has been reported already (by bundling).
    pub fn reported(&self) -> bool {
        matches!(self, FollowError::External)
    }
}

impl fmt::Display for FollowError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FollowError::External => formatter.write_str("$ref to another document"),
            FollowError::Dangling(pointer) => {
                write!(
                    formatter,
                    "dangling $ref \"#{pointer}\": nothing at that pointer"
                )
            }
            FollowError::Cycle(names) => write!(
                formatter,
                "$ref cycle with no schema in it: {}",
                names.join(" → ")
            ),
            FollowError::TooLong => {
                write!(formatter, "$ref chain is longer than {MAX_CHAIN} steps")
            }
        }
    }
}

/// The JSON pointer a local reference (`#/components/schemas/a%20b`) names, escapes decoded;
/// `None` for a reference to another document.
pub fn pointer_of(reference: &str) -> Option<String> {
    reference.strip_prefix('#').map(percent_decode)
}

/// Decodes `%XX` escapes; a malformed escape is kept as it is, byte for byte, and bytes that are
/// not UTF-8 become U+FFFD.
pub fn percent_decode(text: &str) -> String {
    let bytes: Vec<u8> = percent_encoding::percent_decode_str(text).collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The value at a JSON pointer, like `serde_json::Value::pointer`, but without an allocation for
/// each token that holds no `~` escape: lowering looks up thousands of pointers in big specs.
pub fn value_at<'v>(raw: &'v Value, pointer: &str) -> Option<&'v Value> {
    if pointer.is_empty() {
        return Some(raw);
    }
    let mut current = raw;
    for token in pointer.strip_prefix('/')?.split('/') {
        let unescaped;
        let token = if token.contains('~') {
            unescaped = token.replace("~1", "/").replace("~0", "~");
            unescaped.as_str()
        } else {
            token
        };
        current = match current {
            Value::Object(members) => members.get(token)?,
            Value::Array(items) => {
                if token.len() > 1 && token.starts_with('0') {
                    return None;
                }
                items.get(token.parse::<usize>().ok()?)?
            }
            _ => return None,
        };
    }
    Some(current)
}

/// Follows a local reference, and the chain of plain references behind it, to a value that is
/// not itself a reference: that value and the pointer where it lives.
pub fn follow<'v>(raw: &'v Value, reference: &str) -> Result<(String, &'v Value), FollowError> {
    let pointer = pointer_of(reference).ok_or(FollowError::External)?;
    follow_pointer(raw, pointer)
}

/// Like [`follow`], from a pointer rather than a reference.
pub fn follow_pointer(raw: &Value, pointer: String) -> Result<(String, &Value), FollowError> {
    let mut pointer = pointer;
    let mut chain: Vec<String> = Vec::new();
    for _ in 0..MAX_CHAIN {
        if let Some(start) = chain.iter().position(|seen| *seen == pointer) {
            let mut names: Vec<String> = chain.iter().skip(start).map(|p| name(p)).collect();
            names.push(name(&pointer));
            return Err(FollowError::Cycle(names));
        }
        let value =
            value_at(raw, &pointer).ok_or_else(|| FollowError::Dangling(pointer.clone()))?;
        match value.get("$ref").and_then(Value::as_str) {
            Some(next) => {
                chain.push(pointer);
                pointer = pointer_of(next).ok_or(FollowError::External)?;
            }
            None => return Ok((pointer, value)),
        }
    }
    Err(FollowError::TooLong)
}

/// How a reference target is named in messages: a component schema's name, else its pointer.
pub fn name(pointer: &str) -> String {
    match pointer.strip_prefix("/components/schemas/") {
        Some(name) if !name.contains('/') => name.replace("~1", "/").replace("~0", "~"),
        _ => format!("#{pointer}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn chains_are_followed_with_escapes_decoded() {
        let raw = json!({"components": {"schemas": {
            "a b": {"$ref": "#/components/schemas/C"},
            "C": {"$ref": "#/components/schemas/D%7E"},
            "D~": {"type": "string"},
        }}});
        let (pointer, value) = follow(&raw, "#/components/schemas/a%20b").expect("follows");
        assert_eq!(pointer, "/components/schemas/D~");
        assert_eq!(value, &json!({"type": "string"}));
    }

    #[test]
    fn dangling_cyclic_and_external_references_are_told_apart() {
        let raw = json!({"components": {"schemas": {
            "A": {"$ref": "#/components/schemas/B"},
            "B": {"$ref": "#/components/schemas/A"},
            "E": {"$ref": "other.yaml#/E"},
        }}});
        let error = follow(&raw, "#/components/schemas/A").expect_err("cycle");
        assert_eq!(
            error.to_string(),
            "$ref cycle with no schema in it: A → B → A"
        );
        assert_eq!(
            follow(&raw, "#/nowhere").expect_err("dangling").to_string(),
            "dangling $ref \"#/nowhere\": nothing at that pointer"
        );
        assert!(follow(&raw, "#/components/schemas/E")
            .expect_err("external")
            .reported());
        assert_eq!(follow(&raw, "other.yaml"), Err(FollowError::External));
    }

    #[test]
    fn values_are_found_like_serde_json_finds_them() {
        let raw = json!({"a/b": {"c~d": [10, 20]}, "": 1});
        for pointer in [
            "",
            "/a~1b",
            "/a~1b/c~0d/1",
            "/a~1b/c~0d/01",
            "/x",
            "/",
            "/a~1b/c~0d/9",
        ] {
            assert_eq!(value_at(&raw, pointer), raw.pointer(pointer), "{pointer:?}");
        }
    }

    #[test]
    fn malformed_escapes_are_kept() {
        assert_eq!(percent_decode("/paths/~1a%7Bb%7D"), "/paths/~1a{b}");
        assert_eq!(percent_decode("/x%2"), "/x%2");
        assert_eq!(percent_decode("/x%aé"), "/x%aé");
        assert_eq!(percent_decode("%é%"), "%é%");
    }
}
