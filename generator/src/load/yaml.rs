//! Reads YAML straight into a JSON value, accepting everything a spec may hold: integers beyond
//! 64 bits (kept as the nearest float, as JSON readers do), non-string mapping keys (YAML reads
//! `201:` as an integer; keys become their text), tags (dropped) and merge keys (`<<: *base`).
//!
//! `serde_yaml::Value` refuses integers beyond 64 bits ("invalid type: integer as i128"), so a
//! valid spec that writes `maximum: 18446744073709552000` would not load through it; this visitor
//! is the one place YAML becomes JSON.

use serde::de::{self, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::fmt;

/// A JSON value deserialised from YAML.
pub struct YamlJson(pub Value);

impl<'de> de::Deserialize<'de> for YamlJson {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor).map(YamlJson)
    }
}

/// The YAML merge key.
const MERGE: &str = "<<";

struct ValueVisitor;

impl ValueVisitor {
    fn float<E: de::Error>(value: f64) -> Result<Value, E> {
        Number::from_f64(value)
            .map(Value::Number)
            .ok_or_else(|| E::custom(format!("number {value} cannot be represented in JSON")))
    }
}

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<Value, E> {
        match i64::try_from(value) {
            Ok(small) => Ok(Value::Number(small.into())),
            // Beyond 64 bits: the nearest float, as a JSON reader gives for the same literal.
            Err(_) => Self::float(value as f64),
        }
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<Value, E> {
        match u64::try_from(value) {
            Ok(small) => Ok(Value::Number(small.into())),
            Err(_) => Self::float(value as f64),
        }
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Value, E> {
        Self::float(value)
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(YamlJson(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        let mut merged = Vec::new();
        while let Some(YamlJson(key)) = map.next_key()? {
            let YamlJson(value) = map.next_value()?;
            let key = match key {
                Value::String(text) => text,
                Value::Null => "null".to_owned(),
                other => other.to_string(),
            };
            if key == MERGE {
                merged.push(value);
            } else {
                // A repeated key keeps its last value, as YAML readers of specs do.
                object.insert(key, value);
            }
        }
        // Keys written in the mapping win over merged ones; merged mappings are taken in order.
        for value in merged {
            let sources = match value {
                Value::Array(items) => items,
                other => vec![other],
            };
            for source in sources {
                let Value::Object(source) = source else {
                    return Err(de::Error::custom(
                        "a merge key (`<<`) must name a mapping or a list of mappings",
                    ));
                };
                for (key, value) in source {
                    object.entry(key).or_insert(value);
                }
            }
        }
        Ok(Value::Object(object))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        // A tagged value (`!tag value`): the tag carries no meaning in a spec; keep the value.
        let (YamlJson(_tag), variant) = data.variant::<YamlJson>()?;
        variant
            .newtype_variant::<YamlJson>()
            .map(|YamlJson(value)| value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Value, String> {
        serde_yaml::from_str::<YamlJson>(text)
            .map(|v| v.0)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn integers_beyond_64_bits_become_floats() {
        let value = read("max: 18446744073709552000\nmin: -9223372036854776000\nsmall: 7\n")
            .expect("valid YAML");
        assert_eq!(value["max"].as_f64(), Some(18446744073709552000.0));
        assert_eq!(value["min"].as_f64(), Some(-9223372036854776000.0));
        assert_eq!(value["small"].as_i64(), Some(7));
        let huge = read(&format!("n: {}\n", u128::MAX)).expect("valid YAML");
        assert!(huge["n"].is_f64());
    }

    #[test]
    fn merge_keys_fill_in_what_the_mapping_does_not_say() {
        let value = read("base: &b {a: 1, b: 2}\nuse:\n  <<: *b\n  b: 3\n").expect("valid YAML");
        assert_eq!(value["use"], serde_json::json!({"b": 3, "a": 1}));
        assert!(read("x:\n  <<: 5\n").is_err());
    }

    #[test]
    fn keys_and_tags_become_plain_json() {
        let value = read("201: a\ntrue: b\n~: c\nt: !custom 5\n").expect("valid YAML");
        assert_eq!(
            value,
            serde_json::json!({"201": "a", "true": "b", "null": "c", "t": 5})
        );
    }

    #[test]
    fn non_finite_numbers_are_refused_with_a_position() {
        let error = read("a: .nan\n").expect_err("NaN is not JSON");
        assert!(error.contains("cannot be represented in JSON"), "{error}");
        assert!(error.contains("line 1"), "{error}");
    }
}
