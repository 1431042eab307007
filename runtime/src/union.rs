//! The serde impls of generated `oneOf` and `anyOf` unions, and the helpers they call.
//!
//! A discriminated union reads the whole value, looks at the discriminator with [`tag`], and
//! decodes the matching variant with [`from_value`]. Writing uses [`serialize_tagged`] so the
//! discriminator is present even when the variant's own type does not carry it. Generated code
//! writes both impls with [`tagged_union!`](crate::tagged_union).
//!
//! An untagged union also reads the whole value first, then tries its alternatives in order
//! with [`variant`], and reports [`no_variant`] when none fits; it writes the alternative it
//! holds as it is. Generated code writes both impls with
//! [`untagged_union!`](crate::untagged_union). Reading through a `serde_json::Value` rather
//! than serde's own buffer means a repeated key keeps its last value before any alternative is
//! tried, as the runtime's slow path does, so a body with repeated keys cannot pick another
//! alternative than that path would: the response decoder needs no scan for repeated keys (see
//! `Response::without_key_scan`).
//!
//! ```
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Debug, PartialEq, Serialize, Deserialize)]
//! struct Cat {
//!     lives: u8,
//! }
//!
//! #[derive(Debug, PartialEq)]
//! enum Pet {
//!     Cat(Cat),
//!     Unknown(serde_json::Value),
//! }
//! clientgen_runtime::tagged_union! {
//!     Pet, "kind";
//!     "cat" | "kitten" => Cat;
//!     else Unknown;
//! }
//!
//! let kitten: Pet = serde_json::from_str(r#"{"kind": "kitten", "lives": 9}"#).unwrap();
//! assert_eq!(kitten, Pet::Cat(Cat { lives: 9 }));
//! assert_eq!(serde_json::to_string(&kitten).unwrap(), r#"{"kind":"cat","lives":9}"#);
//! let fish: Pet = serde_json::from_str(r#"{"kind": "fish"}"#).unwrap();
//! assert!(matches!(fish, Pet::Unknown(_)));
//!
//! #[derive(Debug, PartialEq)]
//! enum IdOrName {
//!     Id(u64),
//!     Name(String),
//! }
//! clientgen_runtime::untagged_union! {
//!     IdOrName;
//!     Id(u64),
//!     Name(String),
//! }
//!
//! let read: Vec<IdOrName> = serde_json::from_str(r#"[7, "seven"]"#).unwrap();
//! assert_eq!(read, [IdOrName::Id(7), IdOrName::Name("seven".into())]);
//! assert_eq!(serde_json::to_string(&read).unwrap(), r#"[7,"seven"]"#);
//! let error = serde_json::from_str::<IdOrName>("true").unwrap_err();
//! assert!(error.to_string().contains("untagged enum IdOrName"));
//! ```

use serde::de::DeserializeOwned;
use serde::ser::Error as _;
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

/// Writes `Serialize` and `Deserialize` for a discriminated union whose discriminator is the
/// member `property`, from its variants in order:
///
/// - `"tag" | "other" => Variant;` reads a value with one of the tags into the variant, and
///   writes the variant with the first tag; `… => Variant(boxed);` for a variant that holds
///   its value in a `Box`;
/// - `untagged Variant;` is a variant without a tag, written as it is and never read;
/// - `else Variant;` at the end is the catch-all that keeps a value with any other tag, as a
///   `serde_json::Value`; without it such a value is an error.
#[macro_export]
macro_rules! tagged_union {
    (
        $name:ident, $property:literal;
        $($tag:literal $(| $more:literal)* => $variant:ident $(($boxed:ident))?;)*
        $(untagged $untagged:ident;)*
        $(else $catch_all:ident;)?
    ) => {
        impl $crate::serde::Serialize for $name {
            fn serialize<__S>(&self, serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error>
            where
                __S: $crate::serde::Serializer,
            {
                match self {
                    $(Self::$variant(value) => {
                        $crate::union::serialize_tagged(serializer, $property, $tag, value)
                    })*
                    $(Self::$untagged(value) => $crate::serde::Serialize::serialize(value, serializer),)*
                    $(Self::$catch_all(value) => $crate::serde::Serialize::serialize(value, serializer),)?
                }
            }
        }
        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<__D>(deserializer: __D) -> ::core::result::Result<Self, __D::Error>
            where
                __D: $crate::serde::Deserializer<'de>,
            {
                let value = <$crate::serde_json::Value as $crate::serde::Deserialize>::deserialize(
                    deserializer,
                )?;
                match $crate::union::tag(&value, $property) {
                    $(Some($tag $(| $more)*) => $crate::union::from_value(value)
                        .map(|value| Self::$variant($crate::tagged_union!(@hold $($boxed)? value))),)*
                    _ => $crate::tagged_union!(@other value $(, $catch_all)?),
                }
            }
        }
    };
    (@hold boxed $value:ident) => {
        ::std::boxed::Box::new($value)
    };
    (@hold $value:ident) => {
        $value
    };
    (@other $value:ident, $catch_all:ident) => {
        ::core::result::Result::Ok(Self::$catch_all($value))
    };
    (@other $value:ident) => {
        ::core::result::Result::Err($crate::serde::de::Error::custom("unknown tag"))
    };
}

/// Writes `Serialize` and `Deserialize` for an untagged union from its alternatives, each
/// `Variant(Type),` in the order they are tried: a value is read as the first alternative it
/// fits, and written as the alternative it holds.
#[macro_export]
macro_rules! untagged_union {
    ($name:ident; $($variant:ident($type:ty),)*) => {
        impl $crate::serde::Serialize for $name {
            fn serialize<__S>(&self, serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error>
            where
                __S: $crate::serde::Serializer,
            {
                match self {
                    $(Self::$variant(value) => $crate::serde::Serialize::serialize(value, serializer),)*
                }
            }
        }
        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<__D>(deserializer: __D) -> ::core::result::Result<Self, __D::Error>
            where
                __D: $crate::serde::Deserializer<'de>,
            {
                let value = <$crate::serde_json::Value as $crate::serde::Deserialize>::deserialize(
                    deserializer,
                )?;
                $(if let ::core::option::Option::Some(value) = $crate::union::variant::<$type>(&value) {
                    return ::core::result::Result::Ok(Self::$variant(value));
                })*
                ::core::result::Result::Err($crate::union::no_variant::<__D::Error>(stringify!($name)))
            }
        }
    };
}

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
