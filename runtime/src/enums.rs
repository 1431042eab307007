//! The serde impls of generated string enums, written by hand rather than derived.
//!
//! A derived impl of an enum with a catch-all `#[serde(untagged)]` variant buffers every value
//! before matching it, and expands to a visitor per enum. A generated enum instead writes its
//! wire text as a string and reads any text with [`deserialize`], which maps it through its
//! `From<&str>` (known values to their variants, anything else to the catch-all). Generated code
//! writes both impls with one line, [`string_enum_serde!`](crate::string_enum_serde).
//!
//! ```
//! #[derive(Debug, PartialEq)]
//! enum Status {
//!     Open,
//!     Other(String),
//! }
//!
//! impl Status {
//!     fn as_str(&self) -> &str {
//!         match self {
//!             Status::Open => "open",
//!             Status::Other(text) => text,
//!         }
//!     }
//! }
//!
//! impl From<&str> for Status {
//!     fn from(text: &str) -> Self {
//!         match text {
//!             "open" => Status::Open,
//!             other => Status::Other(other.to_owned()),
//!         }
//!     }
//! }
//!
//! clientgen_runtime::string_enum_serde!(Status);
//!
//! let read: Vec<Status> = serde_json::from_str(r#"["open", "closed"]"#).unwrap();
//! assert_eq!(read, [Status::Open, Status::Other("closed".into())]);
//! assert!(serde_json::from_str::<Status>("7").is_err());
//! assert_eq!(serde_json::to_string(&read).unwrap(), r#"["open","closed"]"#);
//! ```

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};

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
