//! Responses as read from the network, and their decoding into documented values and errors.
//!
//! JSON is parsed into a `serde_json::Value` first, so a duplicated key does not fail (the last
//! one wins), and the documented type is then read from that value through
//! `serde_path_to_error`, so a mismatch names its path, such as `data.member.gender`.

use std::fmt;
use std::ops::{Deref, DerefMut};

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::client::Operation;
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
        let value = parse_json(&self.raw).map_err(Error::Decode)?;
        let decoded = from_value(&self.raw, value, None).map_err(Error::Decode)?;
        Ok(self.value(decoded, None))
    }

    /// Decodes a JSON object `{"<field>": T, ...}` into `T`, keeping the other top-level members
    /// in [`ResponseValue::envelope_extra`]. A missing field reads as `null`.
    pub fn json_envelope<T: DeserializeOwned, E>(
        self,
        field: &'static str,
    ) -> Result<ResponseValue<T>, Error<E>> {
        let (inner, extra) = split_envelope(&self.raw, field).map_err(Error::Decode)?;
        let decoded = from_value(&self.raw, inner, Some(field)).map_err(Error::Decode)?;
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
        let decoded = parse_json(&self.raw).and_then(|value| from_value(&self.raw, value, None));
        self.api_error(decoded, variant)
    }

    /// Like [`error_json`](Self::error_json) for an error body wrapped in an envelope field.
    pub fn error_json_envelope<T: DeserializeOwned, E>(
        self,
        field: &'static str,
        variant: impl FnOnce(T) -> E,
    ) -> Error<E> {
        let decoded = split_envelope(&self.raw, field)
            .and_then(|(inner, _)| from_value(&self.raw, inner, Some(field)));
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

    /// Wraps a decoded value with the status and headers.
    fn value<T>(self, value: T, extra: Option<Map<String, Value>>) -> ResponseValue<T> {
        ResponseValue {
            value,
            status: self.raw.parts.status,
            headers: self.raw.parts.headers,
            extra,
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

/// Parses the body into a JSON value.
fn parse_json(response: &RawResponse) -> Result<Value, DecodeError> {
    if response.parts.body.iter().all(u8::is_ascii_whitespace) {
        return Err(decode_error(response, DecodeKind::Empty, ".", "empty body"));
    }
    serde_json::from_slice(&response.parts.body).map_err(|error| {
        let kind = DecodeKind::Syntax {
            line: error.line(),
            column: error.column(),
        };
        decode_error(response, kind, ".", error.to_string())
    })
}

/// Reads `T` from a parsed value; `prefix` is the envelope field the value came from.
fn from_value<T: DeserializeOwned>(
    response: &RawResponse,
    value: Value,
    prefix: Option<&'static str>,
) -> Result<T, DecodeError> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        let inner = error.path().to_string();
        let path = match (prefix, inner.as_str()) {
            (Some(field), ".") => field.to_owned(),
            (Some(field), rest) if rest.starts_with('[') => format!("{field}{rest}"),
            (Some(field), rest) => format!("{field}.{rest}"),
            (None, _) => inner,
        };
        decode_error(
            response,
            DecodeKind::Mismatch,
            path,
            error.into_inner().to_string(),
        )
    })
}

/// Parses an envelope object, returning the field's value (`null` when missing) and the other
/// members.
fn split_envelope(
    response: &RawResponse,
    field: &'static str,
) -> Result<(Value, Map<String, Value>), DecodeError> {
    match parse_json(response)? {
        Value::Object(mut members) => {
            let inner = members.remove(field).unwrap_or(Value::Null);
            Ok((inner, members))
        }
        _ => Err(decode_error(
            response,
            DecodeKind::NoEnvelope { field },
            ".",
            "the body is not a JSON object",
        )),
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
}

impl<T> ResponseValue<T> {
    /// Wraps a value.
    pub fn new(value: T, status: StatusCode, headers: HeaderMap) -> Self {
        ResponseValue {
            value,
            status,
            headers,
            extra: None,
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

/// Decodes a JSON body the way a client decodes a documented response: parsed into a JSON value
/// first (a duplicated key keeps its last value), the `envelope` member taken out when there is
/// one, then deserialized into `T`. On failure returns the path of the offending value (such as
/// `data.member.gender`) and serde's message, which may quote body content.
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
    let mut value: Value =
        serde_json::from_slice(body).map_err(|error| (".".to_owned(), error.to_string()))?;
    if let Some(field) = envelope {
        value = match value {
            Value::Object(mut members) => members.remove(field).unwrap_or(Value::Null),
            _ => return Err((".".to_owned(), "the body is not a JSON object".to_owned())),
        };
    }
    serde_path_to_error::deserialize(value).map_err(|error| {
        let inner = error.path().to_string();
        let path = match (envelope, inner.as_str()) {
            (Some(field), ".") => field.to_owned(),
            (Some(field), rest) if rest.starts_with('[') => format!("{field}{rest}"),
            (Some(field), rest) => format!("{field}.{rest}"),
            (None, _) => inner,
        };
        (path, error.into_inner().to_string())
    })
}
