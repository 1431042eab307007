//! Responses as read from the network, and their decoding into documented values and errors
//! (the JSON decoding itself is in [`decode`](crate::decode)).

use std::fmt;
use std::ops::{Deref, DerefMut};

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::decode::{decode, FailureKind, KeyScan};
use crate::descriptor::Operation;
use crate::error::{
    ApiError, BodyLength, DecodeError, DecodeKind, DecodeParts, Error, RawResponse,
};

/// The error enum of one or more operations: it decodes a response whose status is none of
/// the operation's successes into the variant its status documents.
///
/// Generated code implements it once per error enum, so operations that share an enum share
/// its decoding, and an operation's own decoding lists only its successes.
pub trait ErrorResponses: Sized {
    /// Decodes `response` into [`Error::Api`] with the variant of its status, or into
    /// [`Error::UnexpectedStatus`] (or [`Error::Decode`]) when it has none.
    fn decode_error(response: Response) -> Error<Self>;
}

/// A response whose body has been read in full (within the size limit) but not yet decoded.
///
/// Generated code passes one of the [`success`](crate::success) decoders, or matches on
/// [`status`](Self::status) and calls one decoding method.
pub struct Response {
    raw: RawResponse,
    attempts: u32,
    scan: KeyScan,
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
            scan: KeyScan::Scan,
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

    /// Skips the scan for repeated keys in the JSON decoding that follows.
    ///
    /// Generated code calls it for its own types, which read a repeated key the way the slow
    /// path does: a map or a `serde_json::Value` keeps the last one, a derived struct fails on
    /// a repeated field (which sends the body to the slow path), and an untagged union reads
    /// its value through a `serde_json::Value` before trying an alternative (see
    /// [`union`](crate::union)). So the scan cannot change the result and only costs time. A
    /// type with a serde-derived untagged enum needs the scan.
    pub fn without_key_scan(mut self) -> Self {
        self.scan = KeyScan::Skip;
        self
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

    /// Decodes a response whose status is none of the operation's successes into its error
    /// enum `E`, as [`ErrorResponses`] says.
    pub fn error<E: ErrorResponses>(self) -> Error<E> {
        E::decode_error(self)
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
        decode(&self.raw.parts.body, field, self.scan).map_err(|failure| {
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
