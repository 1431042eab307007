//! Optional and nullable fields: `Option<Option<T>>` that tells an absent field from `null`.
//!
//! Generated code uses it with `#[serde(default, deserialize_with = "...")]`, so an absent
//! field stays `None` (the default) while `null` becomes `Some(None)`.
//!
//! ```
//! #[derive(serde::Deserialize)]
//! struct Patch {
//!     #[serde(default, deserialize_with = "clientgen_runtime::nullable::deserialize")]
//!     note: Option<Option<String>>,
//! }
//!
//! let absent: Patch = serde_json::from_str("{}").unwrap();
//! let null: Patch = serde_json::from_str(r#"{"note": null}"#).unwrap();
//! let set: Patch = serde_json::from_str(r#"{"note": "x"}"#).unwrap();
//! assert_eq!(absent.note, None);
//! assert_eq!(null.note, Some(None));
//! assert_eq!(set.note, Some(Some("x".to_string())));
//! ```

use serde::{Deserialize, Deserializer};

/// Deserializes a present field of any JSON: every value, `null` included, is `Some(value)`,
/// so a `null` the server sent is told apart from an absent field (`None`, by `default`).
pub fn deserialize_any<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<serde_json::Value>, D::Error> {
    serde_json::Value::deserialize(deserializer).map(Some)
}

/// Deserializes a present field: `null` is `Some(None)`, a value is `Some(Some(value))`.
pub fn deserialize<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(deserializer).map(Some)
}
