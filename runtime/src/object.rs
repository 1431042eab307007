//! The `Deserialize` impls of generated structs, written by one macro rather than derived.
//!
//! serde's derive expands each struct into a field enum with its own `Deserialize` impl and
//! visitor, a visitor for JSON arrays and one for objects. Type-checking that code is most of the
//! cost of compiling a generated crate, and JSON objects need only the last part. A generated
//! struct instead calls [`deserialize_object!`](crate::deserialize_object) with one entry per
//! field. The impl it writes reads a JSON object as the derived one did:
//!
//! - a key is looked up among the struct's wire names ([`FieldIndex`]); an unknown key's value
//!   is skipped;
//! - a key that comes twice is an error (`duplicate field`), as with serde;
//! - a missing field takes its default, or is an error (`missing field`), except that a missing
//!   plain field of an `Option` type reads as `None` ([`missing`]), as with serde.
//!
//! It differs in two ways, on purpose: a struct is read only from an object, never from a JSON
//! array of its fields in order; and it asks for a map, not a struct, so it is not meant to sit
//! inside a `#[serde(flatten)]` member (the generator flattens only unions and maps).
//!
//! ```
//! #[derive(Debug, PartialEq)]
//! struct Visit {
//!     id: String,
//!     note: Option<Option<String>>,
//!     seats: u32,
//! }
//!
//! fn default_seats() -> u32 {
//!     1
//! }
//!
//! clientgen_runtime::deserialize_object! {
//!     Visit, "struct Visit";
//!     id(0, "id", plain, required);
//!     note(1, "note", nullable, default);
//!     seats(2, "seats", plain, (default_seats));
//! }
//!
//! let visit: Visit = serde_json::from_str(r#"{"id": "v1", "note": null, "extra": [1]}"#).unwrap();
//! assert_eq!(visit, Visit { id: "v1".into(), note: Some(None), seats: 1 });
//! let error = serde_json::from_str::<Visit>(r#"{"note": "x"}"#).unwrap_err();
//! assert!(error.to_string().starts_with("missing field `id`"));
//! let error = serde_json::from_str::<Visit>(r#"{"id": "a", "id": "b"}"#).unwrap_err();
//! assert!(error.to_string().starts_with("duplicate field `id`"));
//! ```

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

/// Implements `Deserialize` for a struct from a JSON object.
///
/// The arguments are the struct, the text of serde's "expected" message, and one entry per field:
/// its Rust name, then its position in the list, its wire name, how its value is read and what a
/// missing field becomes.
///
/// - Reading: `plain` (the field type's own `Deserialize`), `nullable` (`Option<Option<T>>`, where
///   `null` is `Some(None)`), `nullable_any` (`Option<serde_json::Value>`, where `null` is
///   `Some(Value::Null)`), `lenient` and `lenient_nullable` (through
///   [`Lenient`](crate::lenient::Lenient)).
/// - Missing: `required`, `default` (the type's `Default`) or `(path::to::function)`.
///
/// Each entry's position must be its place in the list, counting from 0: a format that names
/// fields by number (not JSON) finds them by it.
///
/// The items the impl declares start with `__` (as serde's do), so that no generated type is
/// named like one of them.
///
/// The signature of the impl is the one serde derives, so a crate that moves from the derive to
/// this macro keeps its public API.
#[macro_export]
macro_rules! deserialize_object {
    ($name:ident, $expecting:literal; $($field:ident($index:literal, $wire:literal, $read:ident, $missing:tt);)*) => {
        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<__D>(deserializer: __D) -> ::core::result::Result<Self, __D::Error>
            where
                __D: $crate::serde::Deserializer<'de>,
            {
                struct __ObjectVisitor;
                impl<'de> $crate::serde::de::Visitor<'de> for __ObjectVisitor {
                    type Value = $name;
                    fn expecting(
                        &self,
                        formatter: &mut ::core::fmt::Formatter<'_>,
                    ) -> ::core::fmt::Result {
                        formatter.write_str($expecting)
                    }
                    fn visit_map<__A>(
                        self,
                        mut map: __A,
                    ) -> ::core::result::Result<$name, __A::Error>
                    where
                        __A: $crate::serde::de::MapAccess<'de>,
                    {
                        static __FIELDS: &[&str] = &[$($wire),*];
                        // A match on the key, which the compiler usually lowers to a switch on
                        // the length and a few comparisons: faster than searching the list.
                        fn __find(key: &str) -> usize {
                            match key {
                                $($wire => $index,)*
                                _ => usize::MAX,
                            }
                        }
                        $(let mut $field = ::core::option::Option::None;)*
                        while let ::core::option::Option::Some(index) =
                            map.next_key_seed($crate::object::FieldIndex { names: __FIELDS, find: __find })?
                        {
                            match index {
                                $($index => {
                                    if let ::core::result::Result::Err(error) =
                                        $crate::__object_read!($read, map, $field, $wire)
                                    {
                                        return ::core::result::Result::Err(error);
                                    }
                                })*
                                _ => {
                                    map.next_value::<$crate::serde::de::IgnoredAny>()?;
                                }
                            }
                        }
                        ::core::result::Result::Ok($name {
                            $($field: match $field {
                                ::core::option::Option::Some(value) => value,
                                ::core::option::Option::None => {
                                    $crate::__object_missing!($read $missing, $wire)
                                }
                            },)*
                        })
                    }
                }
                $crate::serde::Deserializer::deserialize_map(deserializer, __ObjectVisitor)
            }
        }
    };
}

/// Reads one field's value in [`deserialize_object!`](crate::deserialize_object).
#[doc(hidden)]
#[macro_export]
macro_rules! __object_read {
    (plain, $map:ident, $field:ident, $wire:literal) => {
        $crate::object::read(&mut $map, &mut $field, $wire)
    };
    (nullable, $map:ident, $field:ident, $wire:literal) => {
        $crate::object::read_as::<_, $crate::object::Nullable<_>>(&mut $map, &mut $field, $wire)
    };
    (nullable_any, $map:ident, $field:ident, $wire:literal) => {
        $crate::object::read_as::<_, $crate::object::NullableAny>(&mut $map, &mut $field, $wire)
    };
    (lenient, $map:ident, $field:ident, $wire:literal) => {
        $crate::object::read_as::<_, $crate::object::LenientValue<_>>(&mut $map, &mut $field, $wire)
    };
    (lenient_nullable, $map:ident, $field:ident, $wire:literal) => {
        $crate::object::read_as::<_, $crate::object::LenientNullable<_>>(
            &mut $map,
            &mut $field,
            $wire,
        )
    };
}

/// The value of a missing field in [`deserialize_object!`](crate::deserialize_object).
#[doc(hidden)]
#[macro_export]
macro_rules! __object_missing {
    (plain required, $wire:literal) => {
        match $crate::object::missing($wire) {
            ::core::result::Result::Ok(value) => value,
            ::core::result::Result::Err(error) => return ::core::result::Result::Err(error),
        }
    };
    ($read:ident required, $wire:literal) => {
        return ::core::result::Result::Err($crate::object::missing_error($wire))
    };
    ($read:ident default, $wire:literal) => {
        ::core::default::Default::default()
    };
    ($read:ident ($($function:tt)*), $wire:literal) => {
        $($function)*()
    };
}

/// Finds a key among a struct's fields: its position, or `usize::MAX` for a key the struct
/// does not have. Reads the key without copying it.
#[derive(Clone, Copy)]
pub struct FieldIndex {
    /// The wire names, in position order.
    pub names: &'static [&'static str],
    /// The position of a wire name.
    pub find: fn(&str) -> usize,
}

impl<'de> DeserializeSeed<'de> for FieldIndex {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for FieldIndex {
    type Value = usize;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("field identifier")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<usize, E> {
        Ok((self.find)(key))
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<usize, E> {
        Ok(std::str::from_utf8(key).map_or(usize::MAX, self.find))
    }

    /// A number names a field by position, as with serde's derive (formats without string keys).
    fn visit_u64<E: de::Error>(self, index: u64) -> Result<usize, E> {
        Ok(usize::try_from(index)
            .ok()
            .filter(|index| *index < self.names.len())
            .unwrap_or(usize::MAX))
    }
}

/// Reads a field's value into its slot; a second value for the same field is an error.
///
/// One generic call per field keeps the impl that [`deserialize_object!`](crate::deserialize_object)
/// writes small, which is what the compiler spends its time on.
pub fn read<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    wire: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(wire));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// [`read`] through a form `F` of the field (such as [`Nullable`]) that gives its value.
pub fn read_as<'de, A: MapAccess<'de>, F: FieldForm<'de>>(
    map: &mut A,
    slot: &mut Option<F::Value>,
    wire: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(wire));
    }
    *slot = Some(map.next_value::<F>()?.value());
    Ok(())
}

/// A way of reading a field other than its type's own `Deserialize`.
pub trait FieldForm<'de>: Deserialize<'de> {
    /// The field's type.
    type Value;
    /// The field's value.
    fn value(self) -> Self::Value;
}

impl<'de, T: Deserialize<'de>> FieldForm<'de> for Nullable<T> {
    type Value = Option<Option<T>>;
    fn value(self) -> Self::Value {
        self.0
    }
}

impl<'de> FieldForm<'de> for NullableAny {
    type Value = Option<serde_json::Value>;
    fn value(self) -> Self::Value {
        self.0
    }
}

impl<'de, T: crate::lenient::Lenient> FieldForm<'de> for LenientValue<T> {
    type Value = T;
    fn value(self) -> T {
        self.0
    }
}

impl<'de, T: crate::lenient::Lenient> FieldForm<'de> for LenientNullable<T> {
    type Value = Option<Option<T>>;
    fn value(self) -> Self::Value {
        self.0
    }
}

/// The error for a missing field that has no default.
pub fn missing_error<E: de::Error>(wire: &'static str) -> E {
    E::missing_field(wire)
}

/// The value of a missing field without a default: `None` for an `Option`, else the error
/// `missing field`, as serde's derive decides.
pub fn missing<'de, T: Deserialize<'de>, E: de::Error>(wire: &'static str) -> Result<T, E> {
    T::deserialize(MissingField(wire, PhantomData))
}

/// A deserializer standing for an absent field: an `Option` reads it as `None`, anything else
/// fails with `missing field`.
struct MissingField<E>(&'static str, PhantomData<E>);

impl<'de, E: de::Error> Deserializer<'de> for MissingField<E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, E> {
        Err(E::missing_field(self.0))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// A present nullable field: `null` is `Some(None)`, a value `Some(Some(value))`.
pub struct Nullable<T>(pub Option<Option<T>>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::nullable::deserialize(deserializer).map(Nullable)
    }
}

/// A present field of any JSON: `null` is kept as `Some(Value::Null)`.
pub struct NullableAny(pub Option<serde_json::Value>);

impl<'de> Deserialize<'de> for NullableAny {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::nullable::deserialize_any(deserializer).map(NullableAny)
    }
}

/// A field read leniently (see [`Lenient`](crate::lenient::Lenient)).
pub struct LenientValue<T>(pub T);

impl<'de, T: crate::lenient::Lenient> Deserialize<'de> for LenientValue<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::lenient::deserialize(deserializer).map(LenientValue)
    }
}

/// A present nullable field read leniently: `null` is `Some(None)`.
pub struct LenientNullable<T>(pub Option<Option<T>>);

impl<'de, T: crate::lenient::Lenient> Deserialize<'de> for LenientNullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::lenient::deserialize_nullable(deserializer).map(LenientNullable)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Derived {
        id: String,
        maybe: Option<u32>,
        #[serde(default, deserialize_with = "crate::nullable::deserialize")]
        note: Option<Option<String>>,
        #[serde(default)]
        tags: Vec<String>,
    }

    #[derive(Debug, PartialEq)]
    struct Written {
        id: String,
        maybe: Option<u32>,
        note: Option<Option<String>>,
        tags: Vec<String>,
    }

    crate::deserialize_object! {
        Written, "struct Written";
        id(0, "id", plain, required);
        maybe(1, "maybe", plain, required);
        note(2, "note", nullable, default);
        tags(3, "tags", plain, default);
    }

    /// The macro's impl and serde's derive agree on values and on errors.
    #[test]
    fn agrees_with_the_derive() {
        let inputs = [
            json!({"id": "a"}),
            json!({"id": "a", "maybe": 3, "note": null, "tags": ["x"], "other": {"deep": [1]}}),
            json!({"id": "a", "note": "n"}),
            json!({"maybe": 3}),
            json!({"id": 7}),
            json!({"id": "a", "tags": "x"}),
            json!("text"),
            json!(null),
        ];
        for input in inputs {
            let derived = serde_json::from_value::<Derived>(input.clone());
            let written = serde_json::from_value::<Written>(input.clone());
            match (derived, written) {
                (Ok(d), Ok(w)) => {
                    assert_eq!(
                        (d.id, d.maybe, d.note, d.tags),
                        (w.id, w.maybe, w.note, w.tags)
                    )
                }
                (Err(d), Err(w)) => assert_eq!(
                    d.to_string().replace("Derived", "Written"),
                    w.to_string(),
                    "{input}"
                ),
                (d, w) => panic!("{input}: derive {d:?}, macro {w:?}"),
            }
        }
    }

    /// A repeated key is an error with either impl, from text (where keys can repeat).
    #[test]
    fn repeated_key_is_an_error() {
        let text = r#"{"id": "a", "tags": [], "tags": ["b"]}"#;
        let derived = serde_json::from_str::<Derived>(text).unwrap_err();
        let written = serde_json::from_str::<Written>(text).unwrap_err();
        assert_eq!(derived.to_string(), written.to_string());
        assert!(written.to_string().starts_with("duplicate field `tags`"));
    }

    /// An escaped key is found like a plain one.
    #[test]
    fn escaped_key_is_found() {
        let written: Written = serde_json::from_str(r#"{"\u0069d": "a"}"#).unwrap();
        assert_eq!(written.id, "a");
    }

    /// Only an object is read; serde's derive also read an array of the fields in order.
    #[test]
    fn array_is_not_a_struct() {
        let error = serde_json::from_str::<Written>(r#"["a", 1, null, []]"#).unwrap_err();
        assert!(error
            .to_string()
            .starts_with("invalid type: sequence, expected struct Written"));
    }
}
