//! The impls of generated string enums, written by hand rather than derived.
//!
//! A generated string enum lists its known values and ends with a catch-all variant that keeps
//! any other text. [`string_enum!`](crate::string_enum) writes everything else about it in one
//! place: `as_str` (the wire text), `From<&str>` (known text to its variant, any other to the
//! catch-all), `Display`, [`ToParam`](crate::ToParam), `Serialize` and `Deserialize`.
//!
//! A derived `Deserialize` of an enum with a catch-all `#[serde(untagged)]` variant buffers
//! every value before matching it, and expands to a visitor per enum. These impls instead write
//! the wire text as a string and read any text with [`deserialize`], which maps it through
//! `From<&str>`. A crate whose enums are not written by the macro gets the serde impls alone
//! from [`string_enum_serde!`](crate::string_enum_serde).
//!
//! ```
//! #[derive(Debug, Clone, PartialEq)]
//! enum Status {
//!     Open,
//!     Other(String),
//! }
//!
//! clientgen_runtime::string_enum! {
//!     Status, Other {
//!         Open = "open",
//!     }
//! }
//!
//! let read: Vec<Status> = serde_json::from_str(r#"["open", "closed"]"#).unwrap();
//! assert_eq!(read, [Status::Open, Status::Other("closed".into())]);
//! assert!(serde_json::from_str::<Status>("7").is_err());
//! assert_eq!(serde_json::to_string(&read).unwrap(), r#"["open","closed"]"#);
//! assert_eq!(Status::from("open").as_str(), "open");
//! assert_eq!(Status::Other("closed".into()).to_string(), "closed");
//! ```

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};

/// Writes the impls of a string enum from its catch-all variant and its known values with their
/// wire texts: `as_str`, `From<&str>`, `Display`, [`ToParam`](crate::ToParam) and, through
/// [`string_enum_serde!`](crate::string_enum_serde), `Serialize` and `Deserialize`.
///
/// The enum itself stays in the caller's code, where its variants carry their docs; the
/// catch-all must hold a `String`.
#[macro_export]
macro_rules! string_enum {
    ($name:ident, $unknown:ident { $($variant:ident = $wire:literal,)* }) => {
        impl $name {
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::$unknown(value) => value.as_str(),
                }
            }
        }
        impl ::core::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    other => Self::$unknown(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }
        impl ::core::fmt::Display for $name {
            fn fmt(&self, formatter: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                formatter.write_str(self.as_str())
            }
        }
        impl $crate::ToParam for $name {
            fn to_param(&self) -> ::std::string::String {
                ::std::borrow::ToOwned::to_owned(self.as_str())
            }
        }
        $crate::string_enum_serde!($name);
    };
}

/// Implements `Serialize` and `Deserialize` for a string enum that has `as_str(&self) -> &str`
/// and `From<&str>`: its wire text as a string, and [`deserialize`]. The signatures are those serde
/// derives, so a crate that moves from derived impls to this macro keeps its public API.
#[macro_export]
macro_rules! string_enum_serde {
    ($name:ident) => {
        impl $crate::serde::Serialize for $name {
            fn serialize<__S>(&self, serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error>
            where
                __S: $crate::serde::Serializer,
            {
                $crate::serde::Serializer::serialize_str(serializer, self.as_str())
            }
        }
        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<__D>(deserializer: __D) -> ::core::result::Result<Self, __D::Error>
            where
                __D: $crate::serde::Deserializer<'de>,
            {
                $crate::enums::deserialize(deserializer)
            }
        }
    };
}

/// Reads a string enum: any JSON string, through the enum's `From<&str>`; anything else is an
/// error.
pub fn deserialize<'de, D: Deserializer<'de>, T: for<'a> From<&'a str>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_str(TextVisitor(PhantomData))
}

/// Reads text, borrowed or owned, into `T`.
struct TextVisitor<T>(PhantomData<T>);

impl<T: for<'a> From<&'a str>> Visitor<'_> for TextVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<T, E> {
        Ok(T::from(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    enum Kind {
        A,
        Other(String),
    }

    impl From<&str> for Kind {
        fn from(text: &str) -> Self {
            match text {
                "a" => Kind::A,
                other => Kind::Other(other.to_owned()),
            }
        }
    }

    #[test]
    fn reads_borrowed_escaped_and_owned_text() {
        let read = |json: &str| {
            let mut deserializer = serde_json::Deserializer::from_str(json);
            deserialize::<_, Kind>(&mut deserializer)
        };
        assert_eq!(read(r#""a""#).ok(), Some(Kind::A));
        // An escape makes serde_json hand over a transient string rather than a borrowed one.
        assert_eq!(read(r#""\u0061""#).ok(), Some(Kind::A));
        assert_eq!(read(r#""b\n""#).ok(), Some(Kind::Other("b\n".into())));
        assert!(read("1").is_err());
        assert!(read("null").is_err());
        // From a `serde_json::Value`, which owns its strings.
        let owned = deserialize::<_, Kind>(serde_json::Value::String("a".into()));
        assert_eq!(owned.ok(), Some(Kind::A));
    }
}
