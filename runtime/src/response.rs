//! Responses as read from the network, and their decoding into documented values and errors.
//!
//! JSON in which no object repeats a key is read straight into the documented type. A body
//! that repeats a key, or that the direct read rejects, is read through a `serde_json::Value`,
//! so that a duplicated key does not fail (the last one wins), and the type is read from that
//! value through `serde_path_to_error`, so that a mismatch names its path, such as
//! `data.member.gender`. A body both ways accept gives the same value.

use std::fmt;
use std::ops::{Deref, DerefMut};

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::descriptor::Operation;
use crate::error::{
    ApiError, BodyLength, DecodeError, DecodeKind, DecodeParts, Error, RawResponse,
};

/// A response whose body has been read in full (within the size limit) but not yet decoded.
///
/// Generated code matches on [`status`](Self::status) and calls one decoding method.
pub struct Response {
    raw: RawResponse,
    attempts: u32,
}

impl Response {
    /// Wraps a response that arrived for `operation`.
    pub(crate) fn new(
        operation: &'static Operation,
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
    ) -> Self {
        Response {
            raw: RawResponse::new(operation, status, headers, body),
            attempts: 1,
        }
    }

    /// Records how many attempts it took.
    pub(crate) fn set_attempts(&mut self, attempts: u32) {
        self.attempts = attempts;
    }

    /// Returns the status.
    pub fn status(&self) -> StatusCode {
        self.raw.parts.status
    }

    /// Returns the headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.raw.parts.headers
    }

    /// Returns the body bytes; they may contain patient data.
    pub fn body(&self) -> &Bytes {
        &self.raw.parts.body
    }

    /// Returns the operation that received this response.
    pub fn operation(&self) -> &'static Operation {
        self.raw.parts.operation
    }

    /// Returns how many attempts were made, retries included.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Returns the response as it arrived.
    pub fn into_raw(self) -> RawResponse {
        self.raw
    }

    /// Decodes a JSON body into `T`.
    pub fn json<T: DeserializeOwned, E>(self) -> Result<ResponseValue<T>, Error<E>> {
        let (decoded, _) = self.decode(None).map_err(Error::Decode)?;
        Ok(self.value(decoded, None))
    }

    /// Decodes a JSON object `{"<field>": T, ...}` into `T`, keeping the other top-level members
    /// in [`ResponseValue::envelope_extra`]. A missing field reads as `null`.
    pub fn json_envelope<T: DeserializeOwned, E>(
        self,
        field: &'static str,
    ) -> Result<ResponseValue<T>, Error<E>> {
        let (decoded, extra) = self.decode(Some(field)).map_err(Error::Decode)?;
        Ok(self.value(decoded, Some(extra)))
    }

    /// Returns the body as UTF-8 text.
    pub fn text<E>(self) -> Result<ResponseValue<String>, Error<E>> {
        let text = utf8(&self.raw).map_err(Error::Decode)?;
        Ok(self.value(text, None))
    }

    /// Returns the body bytes.
    pub fn bytes<E>(self) -> Result<ResponseValue<Bytes>, Error<E>> {
        let body = self.raw.parts.body.clone();
        Ok(self.value(body, None))
    }

    /// Accepts a response whose body is not documented, ignoring any body.
    pub fn empty<E>(self) -> Result<ResponseValue<()>, Error<E>> {
        Ok(self.value((), None))
    }

    /// Decodes a documented JSON error body into `T` and wraps it with `variant` into
    /// [`Error::Api`], or returns [`Error::Decode`].
    pub fn error_json<T: DeserializeOwned, E>(self, variant: impl FnOnce(T) -> E) -> Error<E> {
        let decoded = self.decode(None).map(|(value, _)| value);
        self.api_error(decoded, variant)
    }

    /// Like [`error_json`](Self::error_json) for an error body wrapped in an envelope field.
    pub fn error_json_envelope<T: DeserializeOwned, E>(
        self,
        field: &'static str,
        variant: impl FnOnce(T) -> E,
    ) -> Error<E> {
        let decoded = self.decode(Some(field)).map(|(value, _)| value);
        self.api_error(decoded, variant)
    }

    /// Wraps a documented text error body with `variant` into [`Error::Api`], or returns
    /// [`Error::Decode`] when it is not UTF-8.
    pub fn error_text<E>(self, variant: impl FnOnce(String) -> E) -> Error<E> {
        let decoded = utf8(&self.raw);
        self.api_error(decoded, variant)
    }

    /// Wraps a documented binary error body with `variant` into [`Error::Api`].
    pub fn error_bytes<E>(self, variant: impl FnOnce(Bytes) -> E) -> Error<E> {
        let body = self.raw.parts.body.clone();
        Error::Api(ApiError {
            response: self.raw,
            error: variant(body),
        })
    }

    /// Returns [`Error::Api`] with `variant` for a documented error without a body.
    pub fn error_empty<E>(self, variant: E) -> Error<E> {
        Error::Api(ApiError {
            response: self.raw,
            error: variant,
        })
    }

    /// Returns [`Error::UnexpectedStatus`] keeping the status, headers and body.
    pub fn unexpected<E>(self) -> Error<E> {
        Error::UnexpectedStatus(self.raw)
    }

    /// Decodes the JSON body (from the envelope member `field` when given) into `T`, with the
    /// envelope's other members.
    fn decode<T: DeserializeOwned>(
        &self,
        field: Option<&'static str>,
    ) -> Result<(T, Map<String, Value>), DecodeError> {
        decode(&self.raw.parts.body, field).map_err(|failure| {
            let kind = match failure.kind {
                FailureKind::Empty => DecodeKind::Empty,
                FailureKind::Syntax { line, column } => DecodeKind::Syntax { line, column },
                FailureKind::NotAnObject => DecodeKind::NoEnvelope {
                    field: field.unwrap_or_default(),
                },
                FailureKind::Mismatch => DecodeKind::Mismatch,
            };
            decode_error(&self.raw, kind, failure.path, failure.detail)
        })
    }

    /// Wraps a decoded value with the status and headers.
    fn value<T>(self, value: T, extra: Option<Map<String, Value>>) -> ResponseValue<T> {
        ResponseValue {
            value,
            status: self.raw.parts.status,
            headers: self.raw.parts.headers,
            extra,
            attempts: self.attempts,
        }
    }

    /// Turns a decoded error body into [`Error::Api`], or a decode failure into [`Error::Decode`].
    fn api_error<T, E>(
        self,
        decoded: Result<T, DecodeError>,
        variant: impl FnOnce(T) -> E,
    ) -> Error<E> {
        match decoded {
            Ok(value) => Error::Api(ApiError {
                response: self.raw,
                error: variant(value),
            }),
            Err(error) => Error::Decode(error),
        }
    }
}

impl fmt::Debug for Response {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("Response")
            .field("operation", &self.raw.parts.operation.id)
            .field("status", &self.raw.parts.status.as_u16())
            .field("body", &BodyLength(self.raw.parts.body.len()))
            .field("attempts", &self.attempts)
            .finish_non_exhaustive()
    }
}

/// Builds a decode error for `response`.
fn decode_error(
    response: &RawResponse,
    kind: DecodeKind,
    path: impl Into<String>,
    detail: impl Into<String>,
) -> DecodeError {
    DecodeError {
        parts: Box::new(DecodeParts {
            response: response.clone(),
            kind,
            path: path.into(),
            detail: detail.into(),
        }),
    }
}

/// Why a body did not decode, before it is tied to a response.
struct Failure {
    kind: FailureKind,
    path: String,
    detail: String,
}

enum FailureKind {
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
fn decode<T: DeserializeOwned>(
    body: &[u8],
    envelope: Option<&str>,
) -> Result<(T, Map<String, Value>), Failure> {
    // A body that is not UTF-8 is not JSON. The direct reader skips unknown members without
    // checking their text, so only a valid body may take it; an invalid one is refused below,
    // as the `Value` path (and the JSON grammar) refuses it.
    if std::str::from_utf8(body).is_ok() && !crate::keys::may_repeat_keys(body) {
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

/// Returns the body as text.
fn utf8(response: &RawResponse) -> Result<String, DecodeError> {
    std::str::from_utf8(&response.parts.body)
        .map(str::to_owned)
        .map_err(|error| decode_error(response, DecodeKind::NotUtf8, ".", error.to_string()))
}

/// A decoded response body with the status and headers it came with.
///
/// It dereferences to the value. `Debug` (when `T: Debug`) shows the status and the value, not
/// the headers.
pub struct ResponseValue<T> {
    value: T,
    status: StatusCode,
    headers: HeaderMap,
    extra: Option<Map<String, Value>>,
    attempts: u32,
}

impl<T> ResponseValue<T> {
    /// Wraps a value.
    pub fn new(value: T, status: StatusCode, headers: HeaderMap) -> Self {
        ResponseValue {
            value,
            status,
            headers,
            extra: None,
            attempts: 1,
        }
    }

    /// Returns the value.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// Returns the status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Returns the headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Returns how many attempts the call took, retries included (1 for a value built here).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Returns the top-level members beside the envelope field, for values read with
    /// [`Response::json_envelope`].
    pub fn envelope_extra(&self) -> Option<&Map<String, Value>> {
        self.extra.as_ref()
    }

    /// Transforms the value, keeping status, headers and envelope members.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ResponseValue<U> {
        ResponseValue {
            value: f(self.value),
            status: self.status,
            headers: self.headers,
            extra: self.extra,
            attempts: self.attempts,
        }
    }
}

impl<T> Deref for ResponseValue<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> DerefMut for ResponseValue<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

impl<T: fmt::Debug> fmt::Debug for ResponseValue<T> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("ResponseValue")
            .field("status", &self.status.as_u16())
            .field("value", &self.value)
            .finish_non_exhaustive()
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
    decode(body, envelope)
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
        let (fast, extra): (Vec<u8>, _) = decode(body, Some("data")).ok().unwrap();
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
        let failure = decode::<u8>(b"  ", None).err().unwrap();
        assert!(matches!(failure.kind, FailureKind::Empty));
        let failure = decode::<u8>(b"[1", None).err().unwrap();
        assert!(matches!(failure.kind, FailureKind::Syntax { .. }));
        let failure = decode::<u8>(b"[1]", Some("data")).err().unwrap();
        assert!(matches!(failure.kind, FailureKind::NotAnObject));
        let failure = decode::<Vec<u8>>(br#"{"data": [1, "x"]}"#, Some("data"))
            .err()
            .unwrap();
        assert!(matches!(failure.kind, FailureKind::Mismatch));
        assert_eq!(failure.path, "data[1]");
    }
}
