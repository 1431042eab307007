//! Text forms of parameter values, the serialization styles of arrays and objects, and the
//! percent-encoding used for paths, queries and form bodies.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::Value;

use crate::types::Timestamp;

/// Converts a parameter value to the text that goes on the wire, before percent-encoding.
///
/// Generated enums implement this themselves with their wire names.
pub trait ToParam {
    /// Returns the value as text.
    fn to_param(&self) -> String;
}

impl ToParam for str {
    fn to_param(&self) -> String {
        self.to_owned()
    }
}

impl ToParam for String {
    fn to_param(&self) -> String {
        self.clone()
    }
}

impl ToParam for bool {
    fn to_param(&self) -> String {
        if *self { "true" } else { "false" }.to_owned()
    }
}

/// Implements [`ToParam`] with `Display` for types whose `Display` is already the wire form.
macro_rules! to_param_by_display {
    ($($ty:ty),* $(,)?) => {
        $(
            impl ToParam for $ty {
                fn to_param(&self) -> String {
                    self.to_string()
                }
            }
        )*
    };
}

to_param_by_display!(
    i8,
    i16,
    i32,
    i64,
    i128,
    isize,
    u8,
    u16,
    u32,
    u64,
    u128,
    usize,
    f32,
    f64,
    uuid::Uuid,
    chrono::NaiveDate,
);

impl ToParam for chrono::DateTime<chrono::Utc> {
    fn to_param(&self) -> String {
        self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
    }
}

impl ToParam for Timestamp {
    fn to_param(&self) -> String {
        self.0.timestamp().to_string()
    }
}

impl ToParam for Value {
    fn to_param(&self) -> String {
        match self {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        }
    }
}

impl<T: ToParam + ?Sized> ToParam for &T {
    fn to_param(&self) -> String {
        (**self).to_param()
    }
}

impl<T: ToParam + ?Sized> ToParam for Box<T> {
    fn to_param(&self) -> String {
        (**self).to_param()
    }
}

/// A nullable value inside a parameter (an alternative of a union, say): `null` is written as
/// the empty string, the only way a form or a query string can say "no value" in place.
impl<T: ToParam> ToParam for Option<T> {
    fn to_param(&self) -> String {
        match self {
            Some(value) => value.to_param(),
            None => String::new(),
        }
    }
}

/// How an array query parameter is written, following OpenAPI's `style` and `explode`.
///
/// An empty array adds nothing to the query in every style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ArrayStyle {
    /// `form` with `explode: true` (the OpenAPI default): `id=1&id=2`.
    FormExploded,
    /// `form` with `explode: false`: `id=1,2`.
    FormComma,
    /// `spaceDelimited`: `id=1%202`.
    SpaceDelimited,
    /// `pipeDelimited`: `id=1|2`.
    PipeDelimited,
    /// `simple`: `id=1,2` (the style of path and header parameters).
    Simple,
}

/// How an object query parameter is written, following OpenAPI's `style` and `explode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ObjectStyle {
    /// `form` with `explode: true`: every property becomes its own key, `R=100&G=200`.
    FormExploded,
    /// `form` with `explode: false`: `color=R,100,G,200`.
    FormComma,
    /// `deepObject`: `color[R]=100&color[G]=200`; nested objects nest further and array items
    /// are indexed, `filter[tags][0]=a`.
    DeepObject,
}

/// Every byte except the RFC 3986 unreserved characters `A-Z a-z 0-9 - . _ ~`.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes every byte of `text` except the RFC 3986 unreserved characters.
///
/// The result cannot contain `/`, `?`, `#`, `&`, `=` or `%` in literal form, so it cannot change
/// the path or the query it is placed in.
pub(crate) fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_encoded(&mut out, text);
    out
}

/// Appends `text` to `out`, percent-encoded as [`encode`] does, without going through
/// `fmt` (the encoder yields borrowed runs of unchanged text and short escapes).
pub(crate) fn push_encoded(out: &mut String, text: &str) {
    // A value with nothing to escape (an id, a uuid, a date) comes out as one piece.
    for piece in utf8_percent_encode(text, COMPONENT) {
        out.push_str(piece);
    }
}

/// Returns the text form of a JSON value in a query or form body, `None` for null.
///
/// Strings are raw, numbers and booleans are their JSON text, arrays and objects are JSON text
/// (the OpenAPI default content type for structured form fields is `application/json`).
pub(crate) fn value_text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(text) => Some(text.clone()),
        other => Some(other.to_string()),
    }
}

/// Appends `name=value` pairs for every member of a JSON object as a form body does it.
///
/// Nulls are left out, arrays repeat the key with one element each, and everything else goes
/// through [`value_text`].
pub(crate) fn push_form_members(pairs: &mut Vec<String>, members: &serde_json::Map<String, Value>) {
    for (key, value) in members {
        match value {
            Value::Array(items) => {
                for item in items {
                    if let Some(text) = value_text(item) {
                        pairs.push(pair(key, &text));
                    }
                }
            }
            other => {
                if let Some(text) = value_text(other) {
                    pairs.push(pair(key, &text));
                }
            }
        }
    }
}

/// Returns `name=value` with both sides percent-encoded.
pub(crate) fn pair(name: &str, value: &str) -> String {
    format!("{}={}", encode(name), encode(value))
}

/// Appends the pairs of an array parameter in the given style.
pub(crate) fn push_array<T: ToParam>(
    pairs: &mut Vec<String>,
    name: &str,
    values: &[T],
    style: ArrayStyle,
) {
    if values.is_empty() {
        return;
    }
    let separator = match style {
        ArrayStyle::FormExploded => {
            pairs.extend(values.iter().map(|value| pair(name, &value.to_param())));
            return;
        }
        ArrayStyle::FormComma | ArrayStyle::Simple => ",",
        ArrayStyle::SpaceDelimited => "%20",
        ArrayStyle::PipeDelimited => "|",
    };
    let joined: Vec<String> = values
        .iter()
        .map(|value| encode(&value.to_param()))
        .collect();
    pairs.push(format!("{}={}", encode(name), joined.join(separator)));
}

/// Appends the pairs of an object parameter in the given style.
pub(crate) fn push_object(
    pairs: &mut Vec<String>,
    name: &str,
    members: &serde_json::Map<String, Value>,
    style: ObjectStyle,
) {
    match style {
        ObjectStyle::FormExploded => push_form_members(pairs, members),
        ObjectStyle::FormComma => {
            let mut parts = Vec::new();
            for (key, value) in members {
                if let Some(text) = value_text(value) {
                    parts.push(encode(key));
                    parts.push(encode(&text));
                }
            }
            if !parts.is_empty() {
                pairs.push(format!("{}={}", encode(name), parts.join(",")));
            }
        }
        ObjectStyle::DeepObject => {
            for (key, value) in members {
                push_deep(pairs, format!("{}[{}]", encode(name), encode(key)), value);
            }
        }
    }
}

/// Appends a top-level member in `deepObject` style: `name[key]=value`, nested as deep as it goes.
pub(crate) fn push_deep_member(pairs: &mut Vec<String>, name: &str, value: &Value) {
    push_deep(pairs, encode(name), value);
}

/// Appends one `deepObject` member whose encoded key so far is `key`.
fn push_deep(pairs: &mut Vec<String>, key: String, value: &Value) {
    match value {
        Value::Null => {}
        Value::Object(members) => {
            for (member, inner) in members {
                push_deep(pairs, format!("{key}[{}]", encode(member)), inner);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                push_deep(pairs, format!("{key}[{index}]"), item);
            }
        }
        Value::String(text) => pairs.push(format!("{key}={}", encode(text))),
        other => pairs.push(format!("{key}={}", encode(&other.to_string()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_null_inside_a_parameter_is_the_empty_string() {
        let present: Option<String> = Some("x y".into());
        let absent: Option<f64> = None;
        assert_eq!(present.to_param(), "x y");
        assert_eq!(absent.to_param(), "");
        assert_eq!(Some(Box::new(2.5_f64)).to_param(), "2.5");
    }

    fn object(value: Value) -> serde_json::Map<String, Value> {
        match value {
            Value::Object(members) => members,
            _ => panic!("test input must be an object"),
        }
    }

    #[test]
    fn encode_keeps_only_unreserved_characters() {
        assert_eq!(encode("aZ0-._~"), "aZ0-._~");
        assert_eq!(encode("../admin"), "..%2Fadmin");
        assert_eq!(
            encode("a/b?c#d&e=f%g h+i"),
            "a%2Fb%3Fc%23d%26e%3Df%25g%20h%2Bi"
        );
        assert_eq!(encode("é"), "%C3%A9");
    }

    #[test]
    fn scalars_have_their_wire_text() {
        assert_eq!(true.to_param(), "true");
        assert_eq!(false.to_param(), "false");
        assert_eq!((-42i64).to_param(), "-42");
        assert_eq!(1.5f64.to_param(), "1.5");
        let date = chrono::NaiveDate::from_ymd_opt(2024, 2, 29).expect("valid date");
        assert_eq!(date.to_param(), "2024-02-29");
        let time = chrono::DateTime::from_timestamp(1_700_000_000, 0).expect("valid time");
        assert_eq!(time.to_param(), "2023-11-14T22:13:20Z");
        assert_eq!(Timestamp(time).to_param(), "1700000000");
        assert_eq!(json!("raw text").to_param(), "raw text");
        assert_eq!(json!({"a": 1}).to_param(), r#"{"a":1}"#);
        assert_eq!((&&"x").to_param(), "x");
        assert_eq!(Box::new(7u8).to_param(), "7");
        let id = uuid::Uuid::from_u128(1);
        assert_eq!(id.to_param(), "00000000-0000-0000-0000-000000000001");
    }

    #[test]
    fn array_styles() {
        let mut pairs = Vec::new();
        push_array(&mut pairs, "id", &["a b", "c"], ArrayStyle::FormExploded);
        push_array(&mut pairs, "id", &["a,b", "c"], ArrayStyle::FormComma);
        push_array(&mut pairs, "id", &[1, 2], ArrayStyle::SpaceDelimited);
        push_array(&mut pairs, "id", &[1, 2], ArrayStyle::PipeDelimited);
        push_array(&mut pairs, "id", &[1, 2], ArrayStyle::Simple);
        push_array::<u8>(&mut pairs, "empty", &[], ArrayStyle::FormComma);
        assert_eq!(
            pairs,
            [
                "id=a%20b",
                "id=c",
                "id=a%2Cb,c",
                "id=1%202",
                "id=1|2",
                "id=1,2"
            ]
        );
    }

    #[test]
    fn object_styles() {
        // Keys are in alphabetical order so that the test holds with and without serde_json's
        // `preserve_order` feature, which other workspace members switch on.
        let members = object(json!({"G": "2 0", "R": 100, "skip": null}));
        let mut pairs = Vec::new();
        push_object(&mut pairs, "color", &members, ObjectStyle::FormExploded);
        assert_eq!(pairs, ["G=2%200", "R=100"]);
        pairs.clear();
        push_object(&mut pairs, "color", &members, ObjectStyle::FormComma);
        assert_eq!(pairs, ["color=G,2%200,R,100"]);
        pairs.clear();
        let nested = object(json!({"a": {"b": true}, "tags": ["x", "y"]}));
        push_object(&mut pairs, "filter", &nested, ObjectStyle::DeepObject);
        assert_eq!(
            pairs,
            [
                "filter[a][b]=true",
                "filter[tags][0]=x",
                "filter[tags][1]=y"
            ]
        );
    }

    #[test]
    fn form_members_repeat_arrays_and_embed_objects_as_json() {
        let members = object(json!({
            "address": {"city": "Oslo"},
            "age": 7,
            "gone": null,
            "name": "Ann Lee",
            "tags": ["a", {"k": 1}, null]
        }));
        let mut pairs = Vec::new();
        push_form_members(&mut pairs, &members);
        assert_eq!(
            pairs,
            [
                "address=%7B%22city%22%3A%22Oslo%22%7D",
                "age=7",
                "name=Ann%20Lee",
                "tags=a",
                "tags=%7B%22k%22%3A1%7D"
            ]
        );
    }
}
