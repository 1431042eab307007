//! Decoding a JSON body into its documented type.
//!
//! JSON in which no object repeats a key is read straight into the documented type. A body
//! that repeats a key, or that the direct read rejects, is read through a `serde_json::Value`,
//! so that a duplicated key does not fail (the last one wins), and the type is read from that
//! value through `serde_path_to_error`, so that a mismatch names its path, such as
//! `data.member.gender`. A body both ways accept gives the same value.

use std::fmt;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// Whether a JSON body is scanned for repeated keys before it is read straight into its type.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyScan {
    /// Scan, so that a repeated key cannot change which alternative an untagged union takes.
    Scan,
    /// Skip the scan: the type reads a repeated key the way the slow path does, or fails.
    Skip,
}

/// Why a body did not decode, before it is tied to a response.
pub(crate) struct Failure {
    pub(crate) kind: FailureKind,
    pub(crate) path: String,
    pub(crate) detail: String,
}

pub(crate) enum FailureKind {
    Empty,
    Syntax { line: usize, column: usize },
    NotAnObject,
    Mismatch,
}

/// Decodes `body` into `T`, from the member `envelope` of a top-level object when given (a
/// missing member reads as `null`), returning the object's other members.
///
/// A body in which no object repeats a key is read straight into `T`, the fast path that
/// serves almost every response. A body with a repeated key, or one the fast path rejects, is
/// read through a [`Value`], which keeps the last of repeated keys and locates a mismatch. Both
/// paths give the same value for any body without repeated keys; the scan for them is what
/// keeps an untagged union from choosing another alternative than the slow path would.
pub(crate) fn decode<T: DeserializeOwned>(
    body: &[u8],
    envelope: Option<&str>,
    scan: KeyScan,
) -> Result<(T, Map<String, Value>), Failure> {
    // A body that is not UTF-8 is not JSON. The direct reader skips unknown members without
    // checking their text, so only a valid body may take it; an invalid one is refused below,
    // as the `Value` path (and the JSON grammar) refuses it.
    if std::str::from_utf8(body).is_ok()
        && (scan == KeyScan::Skip || !crate::keys::may_repeat_keys(body))
    {
        if let Some(decoded) = decode_directly(body, envelope) {
            return Ok(decoded);
        }
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Failure {
            kind: FailureKind::Empty,
            path: ".".into(),
            detail: "empty body".into(),
        });
    }
    let value: Value = serde_json::from_slice(body).map_err(|error| Failure {
        kind: FailureKind::Syntax {
            line: error.line(),
            column: error.column(),
        },
        path: ".".into(),
        detail: error.to_string(),
    })?;
    let (inner, extra) = match (envelope, value) {
        (None, value) => (value, Map::new()),
        (Some(field), Value::Object(mut members)) => {
            let inner = members.remove(field).unwrap_or(Value::Null);
            (inner, members)
        }
        (Some(_), _) => {
            return Err(Failure {
                kind: FailureKind::NotAnObject,
                path: ".".into(),
                detail: "the body is not a JSON object".into(),
            })
        }
    };
    let decoded = serde_path_to_error::deserialize(inner).map_err(|error| {
        let inner = error.path().to_string();
        let path = match (envelope, inner.as_str()) {
            (Some(field), ".") => field.to_owned(),
            (Some(field), rest) if rest.starts_with('[') => format!("{field}{rest}"),
            (Some(field), rest) => format!("{field}.{rest}"),
            (None, _) => inner,
        };
        Failure {
            kind: FailureKind::Mismatch,
            path,
            detail: error.into_inner().to_string(),
        }
    })?;
    Ok((decoded, extra))
}

/// Reads `body` straight into `T` (through the envelope when given); `None` when anything is
/// amiss, including a duplicated envelope member, which the slow path resolves.
fn decode_directly<T: DeserializeOwned>(
    body: &[u8],
    envelope: Option<&str>,
) -> Option<(T, Map<String, Value>)> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let decoded = match envelope {
        None => (T::deserialize(&mut deserializer).ok()?, Map::new()),
        Some(field) => {
            use serde::de::DeserializeSeed;
            Envelope::<T> {
                field,
                inner: std::marker::PhantomData,
            }
            .deserialize(&mut deserializer)
            .ok()?
        }
    };
    deserializer.end().ok()?;
    Some(decoded)
}

/// Reads a JSON object's member `field` as `T` and keeps the other members, in one pass.
struct Envelope<'f, T> {
    field: &'f str,
    inner: std::marker::PhantomData<T>,
}

impl<'de, T: DeserializeOwned> serde::de::DeserializeSeed<'de> for Envelope<'_, T> {
    type Value = (T, Map<String, Value>);

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, T: DeserializeOwned> serde::de::Visitor<'de> for Envelope<'_, T> {
    type Value = (T, Map<String, Value>);

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "a JSON object with the member `{}`", self.field)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        use serde::de::Error as _;
        let mut inner = None;
        let mut extra = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if key == self.field {
                if inner.is_some() {
                    return Err(A::Error::custom("duplicated envelope member"));
                }
                inner = Some(map.next_value::<T>()?);
            } else {
                extra.insert(key, map.next_value::<Value>()?);
            }
        }
        let inner = match inner {
            Some(inner) => inner,
            None => T::deserialize(Value::Null).map_err(A::Error::custom)?,
        };
        Ok((inner, extra))
    }
}

/// Decodes a JSON body the way a client decodes a documented response: the `envelope` member
/// taken out of a top-level object when there is one, then deserialized into `T`; a duplicated
/// key keeps its last value. On failure returns the path of the offending value (such as
/// `data.member.gender`) and serde's message, which may quote body content.
///
/// A body that is not UTF-8 is refused. Members the type does not read are skipped, not
/// parsed into values: a number beyond `f64`'s range in such a member does not fail the body
/// (it would if the body also repeated a key, since that body is read through a
/// `serde_json::Value`, which cannot hold it).
///
/// ```
/// let id: u32 = clientgen_runtime::decode_json(br#"{"data": 7, "data": 8}"#, Some("data")).unwrap();
/// assert_eq!(id, 8);
/// let (path, _) = clientgen_runtime::decode_json::<Vec<u32>>(br#"[1, "x"]"#, None).unwrap_err();
/// assert_eq!(path, "[1]");
/// ```
pub fn decode_json<T: DeserializeOwned>(
    body: &[u8],
    envelope: Option<&str>,
) -> Result<T, (String, String)> {
    decode_value(body, envelope, KeyScan::Scan)
}

/// [`decode_json`] without the scan for repeated keys, as
/// [`Response::without_key_scan`](crate::Response::without_key_scan) decodes; for the types
/// that method describes (no serde-derived untagged enum), it gives the same result.
pub fn decode_json_without_key_scan<T: DeserializeOwned>(
    body: &[u8],
    envelope: Option<&str>,
) -> Result<T, (String, String)> {
    decode_value(body, envelope, KeyScan::Skip)
}

/// [`decode`] without the envelope's other members, its failure as a path and a message.
fn decode_value<T: DeserializeOwned>(
    body: &[u8],
    envelope: Option<&str>,
    scan: KeyScan,
) -> Result<T, (String, String)> {
    decode(body, envelope, scan)
        .map(|(value, _)| value)
        .map_err(|failure| (failure.path, failure.detail))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(untagged)]
    enum Union {
        Known { a: i64 },
        Other(Map<String, Value>),
    }

    #[test]
    fn a_repeated_key_keeps_its_last_value_even_inside_a_union() {
        // Read directly, serde would reject `Known` for its duplicate field and fall through to
        // `Other`; the scan sends the body down the slow path, where the last value wins.
        let decoded: Union = decode_json(br#"{"a": 1, "a": 2}"#, None).unwrap();
        assert_eq!(decoded, Union::Known { a: 2 });
    }

    #[test]
    fn without_the_scan_a_struct_or_a_map_still_keeps_the_last_repeated_value() {
        #[derive(Debug, PartialEq, Deserialize)]
        struct Plain {
            a: i64,
            #[serde(default)]
            tags: std::collections::BTreeMap<String, i64>,
        }
        // The derived struct refuses its repeated field, so the body takes the slow path.
        let body = br#"{"a": 1, "tags": {"x": 1, "x": 5}, "a": 2}"#;
        let skipped: Plain = decode_json_without_key_scan(body, None).unwrap();
        let scanned: Plain = decode_json(body, None).unwrap();
        assert_eq!(skipped, scanned);
        assert_eq!(skipped.a, 2);
        assert_eq!(skipped.tags.get("x"), Some(&5));
        // An untagged union is what the scan is for: without it, a repeated key picks another
        // alternative, which is why generated code skips the scan only for types without one.
        let union: Union = decode_json_without_key_scan(br#"{"a": 1, "a": 2}"#, None).unwrap();
        assert!(matches!(union, Union::Other(_)));
    }

    #[test]
    fn invalid_utf8_is_refused_even_in_a_member_the_type_ignores() {
        #[derive(Debug, Deserialize)]
        struct Known {
            #[allow(dead_code)]
            a: Option<i64>,
        }
        // Found by the runtime_decode fuzz target: the direct reader accepted it.
        let body = b"{\"x\": \"\xb4\"}";
        let decoded = decode_json::<Known>(body, None);
        assert!(decoded.is_err(), "{decoded:?}");
    }

    #[test]
    fn both_paths_agree_on_envelopes() {
        let body = br#"{"meta": {"n": 1}, "data": [1, 2]}"#;
        let (fast, extra): (Vec<u8>, _) = decode(body, Some("data"), KeyScan::Scan).ok().unwrap();
        assert_eq!(fast, [1, 2]);
        assert_eq!(extra.get("meta"), Some(&serde_json::json!({"n": 1})));
        assert!(decode_directly::<Vec<u8>>(body, Some("data")).is_some());

        // A missing member reads as null on both paths.
        let missing: Option<u8> = decode_json(br#"{"other": 1}"#, Some("data")).unwrap();
        assert_eq!(missing, None);
        let repeated: Vec<u8> =
            decode_json(br#"{"data": [1], "data": [3]}"#, Some("data")).unwrap();
        assert_eq!(repeated, [3]);
    }

    #[test]
    fn failures_keep_their_kind_and_path() {
        let failure = decode::<u8>(b"  ", None, KeyScan::Scan).err().unwrap();
        assert!(matches!(failure.kind, FailureKind::Empty));
        let failure = decode::<u8>(b"[1", None, KeyScan::Scan).err().unwrap();
        assert!(matches!(failure.kind, FailureKind::Syntax { .. }));
        let failure = decode::<u8>(b"[1]", Some("data"), KeyScan::Scan)
            .err()
            .unwrap();
        assert!(matches!(failure.kind, FailureKind::NotAnObject));
        let failure = decode::<Vec<u8>>(br#"{"data": [1, "x"]}"#, Some("data"), KeyScan::Scan)
            .err()
            .unwrap();
        assert!(matches!(failure.kind, FailureKind::Mismatch));
        assert_eq!(failure.path, "data[1]");
    }
}
