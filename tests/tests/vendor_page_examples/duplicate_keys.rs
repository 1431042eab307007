//! Finds the keys that a JSON document repeats inside one object, which `serde_json` would
//! otherwise resolve silently, so that the page examples can be checked to be clean JSON or to
//! repeat exactly the keys the spec records.

use std::collections::HashSet;
use std::fmt;

use clientgen_runtime::serde::de::{
    self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor,
};

/// The keys that occur more than once in one object of a JSON document.
struct DuplicateKeys(Vec<String>);

impl<'de> Deserialize<'de> for DuplicateKeys {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DuplicateKeysVisitor)
    }
}

/// Walks any JSON value, collecting the duplicated keys of every object in it.
struct DuplicateKeysVisitor;

impl<'de> Visitor<'de> for DuplicateKeysVisitor {
    type Value = DuplicateKeys;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<DuplicateKeys, E> {
        Ok(DuplicateKeys(Vec::new()))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<DuplicateKeys, E> {
        Ok(DuplicateKeys(Vec::new()))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<DuplicateKeys, E> {
        Ok(DuplicateKeys(Vec::new()))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<DuplicateKeys, E> {
        Ok(DuplicateKeys(Vec::new()))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<DuplicateKeys, E> {
        Ok(DuplicateKeys(Vec::new()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<DuplicateKeys, E> {
        Ok(DuplicateKeys(Vec::new()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<DuplicateKeys, A::Error> {
        let mut found = Vec::new();
        while let Some(DuplicateKeys(inner)) = items.next_element()? {
            found.extend(inner);
        }
        Ok(DuplicateKeys(found))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut members: A) -> Result<DuplicateKeys, A::Error> {
        let mut seen = HashSet::new();
        let mut found = Vec::new();
        while let Some(key) = members.next_key::<String>()? {
            let DuplicateKeys(inner) = members.next_value()?;
            if !seen.insert(key.clone()) {
                found.push(key);
            }
            found.extend(inner);
        }
        Ok(DuplicateKeys(found))
    }
}

/// Returns the duplicated keys of a valid JSON text, sorted, or the parse error.
pub(crate) fn duplicate_keys(text: &str) -> Result<Vec<String>, serde_json::Error> {
    serde_json::from_str::<DuplicateKeys>(text).map(|DuplicateKeys(mut keys)| {
        keys.sort();
        keys
    })
}

/// Asserts that an example is valid JSON with no duplicated key.
pub(crate) fn assert_clean_json(name: &str, text: &str) {
    match duplicate_keys(text) {
        Ok(keys) => assert!(keys.is_empty(), "{name}: duplicated keys {keys:?}"),
        Err(error) => panic!("{name} is not valid JSON: {error}"),
    }
}
