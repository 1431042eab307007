//! Helpers for the serde impls that generated code writes for `oneOf` and `anyOf` unions.
//!
//! A discriminated union reads the whole value, looks at the discriminator with [`tag`], and
//! decodes the matching variant with [`from_value`]. Writing uses [`serialize_tagged`] so the
//! discriminator is present even when the variant's own type does not carry it.
//!
//! An untagged union also reads the whole value first, then tries its alternatives in order
//! with [`variant`], and reports [`no_variant`] when none fits. Reading through a
//! `serde_json::Value` rather than serde's own buffer means a repeated key keeps its last
//! value before any alternative is tried, as the runtime's slow path does, so a body with
//! repeated keys cannot pick another alternative than that path would: the response decoder
//! needs no scan for repeated keys (see `Response::without_key_scan`).

use serde::de::DeserializeOwned;
use serde::ser::Error as _;
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

/// Returns the string value of the discriminator `field` when `value` is an object that has it.
pub fn tag<'v>(value: &'v Value, field: &str) -> Option<&'v str> {
    value.get(field)?.as_str()
}

/// Decodes a variant from an already parsed value, turning the error into the caller's error type.
pub fn from_value<T: DeserializeOwned, E: serde::de::Error>(value: Value) -> Result<T, E> {
    serde_json::from_value(value).map_err(E::custom)
}

/// Tries one alternative of an untagged union on the value read so far.
pub fn variant<T: DeserializeOwned>(value: &Value) -> Option<T> {
    T::deserialize(value).ok()
}

/// The error of an untagged union none of whose alternatives fits, in the words of serde's.
pub fn no_variant<E: serde::de::Error>(union: &str) -> E {
    E::custom(format_args!(
        "data did not match any variant of untagged enum {union}"
    ))
}

/// Serializes `value`, inserting `field: tag` first when the serialized object lacks the field.
///
/// A variant that does not serialize to an object cannot carry a discriminator, so that is an
/// error.
pub fn serialize_tagged<S: Serializer, T: Serialize + ?Sized>(
    serializer: S,
    field: &str,
    tag: &str,
    value: &T,
) -> Result<S::Ok, S::Error> {
    let members = match serde_json::to_value(value).map_err(S::Error::custom)? {
        Value::Object(members) => members,
        _ => {
            return Err(S::Error::custom(
                "a variant of a discriminated union must serialize to a JSON object",
            ))
        }
    };
    if members.contains_key(field) {
        return members.serialize(serializer);
    }
    let mut tagged = Map::with_capacity(members.len() + 1);
    tagged.insert(field.to_owned(), Value::String(tag.to_owned()));
    tagged.extend(members);
    tagged.serialize(serializer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Serialize)]
    struct Cat {
        lives: u8,
    }

    #[derive(Serialize)]
    struct Dog {
        kind: &'static str,
    }

    /// A hand-written union like the ones generated code contains.
    enum Pet {
        Cat(Cat),
        Dog(Dog),
        Number(u8),
    }

    impl Serialize for Pet {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            match self {
                Pet::Cat(cat) => serialize_tagged(serializer, "kind", "cat", cat),
                Pet::Dog(dog) => serialize_tagged(serializer, "kind", "dog", dog),
                Pet::Number(number) => serialize_tagged(serializer, "kind", "number", number),
            }
        }
    }

    #[test]
    fn tag_reads_string_discriminators_only() {
        let value = json!({"kind": "cat", "n": 1});
        assert_eq!(tag(&value, "kind"), Some("cat"));
        assert_eq!(tag(&value, "n"), None);
        assert_eq!(tag(&json!([1]), "kind"), None);
    }

    #[test]
    fn serialize_tagged_adds_a_missing_discriminator() {
        let cat = serde_json::to_value(Pet::Cat(Cat { lives: 9 })).expect("object");
        assert_eq!(cat, json!({"kind": "cat", "lives": 9}));
        let dog = serde_json::to_value(Pet::Dog(Dog { kind: "hound" })).expect("object");
        assert_eq!(dog, json!({"kind": "hound"}));
        assert!(serde_json::to_value(Pet::Number(1)).is_err());
    }

    /// An untagged union written as generated code writes it.
    #[derive(Debug, PartialEq)]
    enum Shape {
        Known(Known),
        Other(Map<String, Value>),
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Known {
        a: i64,
    }

    impl<'de> serde::Deserialize<'de> for Shape {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let value = Value::deserialize(deserializer)?;
            if let Some(value) = variant::<Known>(&value) {
                return Ok(Shape::Known(value));
            }
            if let Some(value) = variant::<Map<String, Value>>(&value) {
                return Ok(Shape::Other(value));
            }
            Err(no_variant::<D::Error>("Shape"))
        }
    }

    #[test]
    fn an_untagged_union_read_through_a_value_keeps_the_last_repeated_key() {
        // Without the scan, the body is read straight into the union, which still sees `a`
        // once, with its last value, as the slow path does.
        let body = br#"{"a": 1, "a": 2}"#;
        let direct: Shape = crate::decode_json_without_key_scan(body, None).unwrap();
        let scanned: Shape = crate::decode_json(body, None).unwrap();
        assert_eq!(direct, Shape::Known(Known { a: 2 }));
        assert_eq!(direct, scanned);
        let (_, message) = crate::decode_json::<Shape>(br#""text""#, None).unwrap_err();
        assert_eq!(
            message,
            "data did not match any variant of untagged enum Shape"
        );
    }

    #[test]
    fn from_value_maps_errors_into_the_callers_type() {
        let ok: Result<u8, serde_json::Error> = from_value(json!(3));
        assert_eq!(ok.ok(), Some(3));
        let err: Result<u8, serde_json::Error> = from_value(json!("x"));
        assert!(err.is_err());
    }
}
