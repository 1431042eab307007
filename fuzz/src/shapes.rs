//! Response types shaped like the ones clientgen generates, for `runtime_decode`: lenient and
//! nullable fields, the runtime's value types, untagged and discriminated unions, a union
//! flattened into a struct, and [`Tree`], which keeps every object member in order (repeats
//! too), so a body read straight into a type while it repeats a key is noticed.

use clientgen_runtime::{lenient, nullable, union, Base64, Binary, Timestamp};
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt;

/// Every field a vendor may send as a string or a number.
#[derive(Debug, PartialEq, Deserialize)]
pub struct LenientFields {
    #[serde(default, deserialize_with = "lenient::deserialize")]
    pub s: String,
    #[serde(default, deserialize_with = "lenient::deserialize")]
    pub i: i32,
    #[serde(default, deserialize_with = "lenient::deserialize")]
    pub u: u32,
    #[serde(default, deserialize_with = "lenient::deserialize")]
    pub l: i64,
    #[serde(default, deserialize_with = "lenient::deserialize")]
    pub q: u64,
    #[serde(default, deserialize_with = "lenient::deserialize")]
    pub f: f64,
    #[serde(default, deserialize_with = "lenient::deserialize")]
    pub o: Option<i64>,
    #[serde(default, deserialize_with = "lenient::deserialize_nullable")]
    pub n: Option<Option<String>>,
    #[serde(default, deserialize_with = "lenient::deserialize")]
    pub v: Vec<u32>,
    #[serde(default, deserialize_with = "lenient::deserialize")]
    pub m: BTreeMap<String, f64>,
}

/// A lenient `i64` at the top level of a body.
#[derive(Debug, PartialEq, Deserialize)]
pub struct LenientInteger(#[serde(deserialize_with = "lenient::deserialize")] pub i64);

/// A lenient list of optional floats at the top level of a body.
#[derive(Debug, PartialEq, Deserialize)]
pub struct LenientList(#[serde(deserialize_with = "lenient::deserialize")] pub Vec<Option<f64>>);

/// Optional and nullable fields, and the runtime's value types.
#[derive(Debug, PartialEq, Deserialize)]
pub struct Nullables {
    #[serde(default, deserialize_with = "nullable::deserialize")]
    pub a: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable::deserialize")]
    pub b: Option<Option<Value>>,
    #[serde(default, deserialize_with = "nullable::deserialize")]
    pub c: Option<Option<Vec<i64>>>,
    #[serde(default)]
    pub t: Option<Timestamp>,
    #[serde(default)]
    pub b64: Option<Base64>,
    #[serde(default)]
    pub bin: Option<Binary>,
}

/// An untagged union, tried alternative by alternative.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Untagged {
    Int(i64),
    Unsigned(u64),
    Float(f64),
    Flag(bool),
    Text(String),
    Pet {
        kind: String,
        #[serde(default)]
        lives: Option<u8>,
    },
    List(Vec<Untagged>),
    Other(Map<String, Value>),
}

/// An untagged union decoded the way generated code does it: the value is read first, then
/// each alternative is tried on it (`union::variant`).
#[derive(Debug, PartialEq)]
pub enum ValueUntagged {
    Int(i64),
    Text(String),
    Pet(Cat),
    List(Vec<ValueUntagged>),
    Other(Map<String, Value>),
}

impl<'de> Deserialize<'de> for ValueUntagged {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        if let Some(value) = union::variant::<i64>(&value) {
            return Ok(Self::Int(value));
        }
        if let Some(value) = union::variant::<String>(&value) {
            return Ok(Self::Text(value));
        }
        if let Some(value) = union::variant::<Cat>(&value) {
            return Ok(Self::Pet(value));
        }
        if let Some(value) = union::variant::<Vec<ValueUntagged>>(&value) {
            return Ok(Self::List(value));
        }
        if let Some(value) = union::variant::<Map<String, Value>>(&value) {
            return Ok(Self::Other(value));
        }
        Err(union::no_variant::<D::Error>("ValueUntagged"))
    }
}

/// Properties beside an untagged union read as generated code reads it, and a map of the
/// properties nobody names, both flattened.
#[derive(Debug, PartialEq, Deserialize)]
pub struct FlattenedUntagged {
    #[serde(default)]
    pub id: Option<u64>,
    #[serde(flatten)]
    pub value: ValueUntagged,
}

/// A discriminated union, decoded the way generated code does it (through `union::tag`).
#[derive(Debug, PartialEq)]
pub enum Tagged {
    Cat(Cat),
    Dog(Dog),
    Unknown(Value),
}

impl<'de> Deserialize<'de> for Tagged {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        match union::tag(&value, "kind") {
            Some("cat") => union::from_value(value).map(Tagged::Cat),
            Some("dog") => union::from_value(value).map(Tagged::Dog),
            _ => Ok(Tagged::Unknown(value)),
        }
    }
}

/// One variant of [`Tagged`].
#[derive(Debug, PartialEq, Deserialize)]
pub struct Cat {
    pub kind: String,
    #[serde(default, deserialize_with = "lenient::deserialize")]
    pub lives: i32,
    #[serde(default, deserialize_with = "nullable::deserialize")]
    pub name: Option<Option<String>>,
}

/// The other variant of [`Tagged`].
#[derive(Debug, PartialEq, Deserialize)]
pub struct Dog {
    pub kind: String,
    pub bark: Option<Untagged>,
}

/// Properties beside a union, as generated for a schema with `properties` and `oneOf`.
#[derive(Debug, PartialEq, Deserialize)]
pub struct Flattened {
    #[serde(default)]
    pub id: Option<u64>,
    #[serde(flatten)]
    pub pet: Tagged,
}

/// Any JSON, with every object member kept in order, repeated keys included.
#[derive(Debug, PartialEq)]
pub enum Tree {
    Null,
    Bool(bool),
    Signed(i64),
    Unsigned(u64),
    Float(f64),
    Text(String),
    Array(Vec<Tree>),
    Object(Vec<(String, Tree)>),
}

impl<'de> Deserialize<'de> for Tree {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TreeVisitor)
    }
}

struct TreeVisitor;

impl<'de> Visitor<'de> for TreeVisitor {
    type Value = Tree;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<Tree, E> {
        Ok(Tree::Null)
    }

    fn visit_none<E>(self) -> Result<Tree, E> {
        Ok(Tree::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Tree, D::Error> {
        Tree::deserialize(deserializer)
    }

    fn visit_bool<E>(self, value: bool) -> Result<Tree, E> {
        Ok(Tree::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Tree, E> {
        Ok(Tree::Signed(value))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Tree, E> {
        Ok(Tree::Unsigned(value))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Tree, E> {
        Ok(Tree::Float(value))
    }

    fn visit_str<E>(self, value: &str) -> Result<Tree, E> {
        Ok(Tree::Text(value.to_owned()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Tree, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Tree::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Tree, A::Error> {
        let mut members = Vec::new();
        while let Some(entry) = map.next_entry()? {
            members.push(entry);
        }
        Ok(Tree::Object(members))
    }
}
