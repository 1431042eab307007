//! Deserialization that tolerates vendors sending a number as a string or a string as a number.
//!
//! Generated code uses it on fields marked `x-string-or-integer`:
//!
//! ```
//! #[derive(serde::Deserialize)]
//! struct Visit {
//!     #[serde(deserialize_with = "clientgen_runtime::lenient::deserialize")]
//!     id: String,
//!     #[serde(default, deserialize_with = "clientgen_runtime::lenient::deserialize")]
//!     room: Option<i64>,
//! }
//!
//! let a: Visit = serde_json::from_str(r#"{"id": 1525, "room": "7"}"#).unwrap();
//! let b: Visit = serde_json::from_str(r#"{"id": "1525", "room": 7}"#).unwrap();
//! assert_eq!((a.id, a.room), (b.id, b.room));
//! ```

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, SeqAccess, Visitor};

/// Deserializes a [`Lenient`] value; the function named in `deserialize_with`.
pub fn deserialize<'de, D: Deserializer<'de>, T: Lenient>(deserializer: D) -> Result<T, D::Error> {
    T::deserialize_lenient(deserializer)
}

/// Deserializes an optional, nullable lenient field: `null` gives `Some(None)`; an absent field
/// (with `#[serde(default)]`) stays `None`.
pub fn deserialize_nullable<'de, D: Deserializer<'de>, T: Lenient>(
    deserializer: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize_lenient(deserializer).map(Some)
}

/// A type that can be read from more than one JSON form.
///
/// - `String` accepts a string, an integer, a float or a boolean, keeping its text.
/// - `i32`, `i64`, `u32`, `u64` and `f64` accept a number or a numeric string (integers also
///   accept floats without a fractional part).
/// - `Option<T>` reads `null` as `None`, anything else leniently as `T`.
/// - `Vec<T>` reads every element leniently.
pub trait Lenient: Sized {
    /// Deserializes `Self`, accepting the forms listed on the trait.
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

impl Lenient for String {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StringVisitor)
    }
}

/// Reads text from a string, number or boolean.
struct StringVisitor;

impl Visitor<'_> for StringVisitor {
    type Value = String;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a string, number or boolean")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<String, E> {
        Ok(value.to_owned())
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<String, E> {
        Ok(value)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<String, E> {
        Ok(value.to_string())
    }
}

/// Reads an integer of type `T` from an integer, an integral float or a numeric string.
struct IntegerVisitor<T>(PhantomData<T>);

impl<T> Visitor<'_> for IntegerVisitor<T>
where
    T: TryFrom<i64> + TryFrom<u64> + std::str::FromStr,
{
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("an integer or a string holding one")
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<T, E> {
        T::try_from(value).map_err(|_| E::custom("integer out of range"))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<T, E> {
        T::try_from(value).map_err(|_| E::custom("integer out of range"))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<T, E> {
        // The bounds are exactly representable powers of two, so the cast below is exact.
        if value.fract() == 0.0 && value >= -(2f64.powi(63)) && value < 2f64.powi(63) {
            self.visit_i64(value as i64)
        } else {
            Err(E::custom("expected an integer, found a fractional number"))
        }
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
        value
            .trim()
            .parse()
            .map_err(|_| E::custom("string does not hold an integer in range"))
    }
}

/// Implements [`Lenient`] for integer types through [`IntegerVisitor`].
macro_rules! lenient_integer {
    ($($ty:ty),*) => {
        $(
            impl Lenient for $ty {
                fn deserialize_lenient<'de, D: Deserializer<'de>>(
                    deserializer: D,
                ) -> Result<Self, D::Error> {
                    deserializer.deserialize_any(IntegerVisitor::<$ty>(PhantomData))
                }
            }
        )*
    };
}

lenient_integer!(i32, i64, u32, u64);

impl Lenient for f64 {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FloatVisitor)
    }
}

/// Reads a finite float from a number or a numeric string.
struct FloatVisitor;

impl Visitor<'_> for FloatVisitor {
    type Value = f64;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a number or a string holding one")
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<f64, E> {
        Ok(value as f64)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<f64, E> {
        Ok(value as f64)
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<f64, E> {
        Ok(value)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<f64, E> {
        value
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|number| number.is_finite())
            .ok_or_else(|| E::custom("string does not hold a finite number"))
    }
}

impl<T: Lenient> Lenient for Option<T> {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_option(OptionVisitor(PhantomData))
    }
}

/// Reads `null` as `None` and anything else leniently.
struct OptionVisitor<T>(PhantomData<T>);

impl<'de, T: Lenient> Visitor<'de> for OptionVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("null or a value")
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        T::deserialize_lenient(deserializer).map(Some)
    }
}

impl<T: Lenient> Lenient for std::collections::BTreeMap<String, T> {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

/// Reads a map whose values are read leniently (an object's unnamed properties, say).
struct MapVisitor<T>(PhantomData<T>);

impl<'de, T: Lenient> Visitor<'de> for MapVisitor<T> {
    type Value = std::collections::BTreeMap<String, T>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("an object")
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = std::collections::BTreeMap::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(LenientSeed::<T>(PhantomData))?;
            out.insert(key, value);
        }
        Ok(out)
    }
}

impl<T: Lenient> Lenient for Vec<T> {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(VecVisitor(PhantomData))
    }
}

/// Reads a sequence whose elements are read leniently.
struct VecVisitor<T>(PhantomData<T>);

impl<'de, T: Lenient> Visitor<'de> for VecVisitor<T> {
    type Value = Vec<T>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        // The size hint comes from the input, so it only bounds the first allocation.
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element_seed(LenientSeed(PhantomData))? {
            items.push(item);
        }
        Ok(items)
    }
}

/// Deserializes one element leniently inside a sequence.
struct LenientSeed<T>(PhantomData<T>);

impl<'de, T: Lenient> DeserializeSeed<'de> for LenientSeed<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::deserialize_lenient(deserializer)
    }
}

/// An `i64` read leniently, for use as a `Deserialize` type inside this crate.
pub(crate) struct Lenient64(pub(crate) i64);

impl<'de> serde::Deserialize<'de> for Lenient64 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        i64::deserialize_lenient(deserializer).map(Lenient64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Fields {
        #[serde(deserialize_with = "deserialize")]
        text: String,
        #[serde(deserialize_with = "deserialize")]
        small: i32,
        #[serde(deserialize_with = "deserialize")]
        unsigned: u64,
        #[serde(deserialize_with = "deserialize")]
        ratio: f64,
        #[serde(default, deserialize_with = "deserialize")]
        maybe: Option<u32>,
        #[serde(deserialize_with = "deserialize")]
        list: Vec<i64>,
    }

    #[test]
    fn accepts_strings_and_numbers_interchangeably() {
        let expected = Fields {
            text: "1525".into(),
            small: -3,
            unsigned: 7,
            ratio: 0.5,
            maybe: Some(4),
            list: vec![1, 2],
        };
        let numbers = json!({"text": 1525, "small": -3, "unsigned": 7, "ratio": 0.5, "maybe": 4, "list": [1, 2]});
        let strings = json!({"text": "1525", "small": "-3", "unsigned": " 7 ", "ratio": "0.5", "maybe": "4", "list": ["1", 2.0]});
        assert_eq!(
            serde_json::from_value::<Fields>(numbers).ok(),
            Some(expected)
        );
        let from_strings = serde_json::from_value::<Fields>(strings).expect("strings accepted");
        assert_eq!(from_strings.text, "1525");
        assert_eq!(from_strings.list, vec![1, 2]);
    }

    #[test]
    fn null_and_missing_options_are_none() {
        let value =
            json!({"text": true, "small": 1, "unsigned": 1, "ratio": 1, "maybe": null, "list": []});
        let fields = serde_json::from_value::<Fields>(value).expect("valid");
        assert_eq!(fields.maybe, None);
        assert_eq!(fields.text, "true");
        let value = json!({"text": 1.5, "small": 1, "unsigned": 1, "ratio": 1, "list": []});
        let fields = serde_json::from_value::<Fields>(value).expect("valid");
        assert_eq!(fields.maybe, None);
        assert_eq!(fields.text, "1.5");
    }

    #[test]
    fn rejects_out_of_range_and_non_numeric_values() {
        let base = |small: serde_json::Value| json!({"text": "", "small": small, "unsigned": 1, "ratio": 1, "list": []});
        assert!(serde_json::from_value::<Fields>(base(json!(i64::MAX))).is_err());
        assert!(serde_json::from_value::<Fields>(base(json!("12abc"))).is_err());
        assert!(serde_json::from_value::<Fields>(base(json!(1.5))).is_err());
        assert!(serde_json::from_value::<Fields>(base(json!(1e300))).is_err());
        assert!(serde_json::from_value::<Fields>(base(json!([1]))).is_err());
    }
}
