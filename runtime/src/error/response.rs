//! A response kept as it arrived, and the errors that carry it: a status the spec does not
//! document ([`RawResponse`]) and a documented error status with its decoded body ([`ApiError`]).

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use super::redact::{BodyLength, Describe, HeaderNames};
use crate::descriptor::Operation;
use crate::retry_after::server_wait;

/// A response kept as it arrived: status, headers and body bytes.
#[derive(Clone)]
pub struct RawResponse {
    /// Boxed so that `Result<_, Error<E>>` stays small.
    pub(crate) parts: Box<RawParts>,
}

/// The contents of a [`RawResponse`].
#[derive(Clone)]
pub(crate) struct RawParts {
    pub(crate) operation: &'static Operation,
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl RawResponse {
    /// Keeps a response as it arrived. Public so that tests of code that handles errors can
    /// build one (see [`Operation::named`](crate::Operation::named) for an operation to give it).
    pub fn new(
        operation: &'static Operation,
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
    ) -> Self {
        RawResponse {
            parts: Box::new(RawParts {
                operation,
                status,
                headers,
                body,
            }),
        }
    }

    /// Returns the status.
    pub fn status(&self) -> StatusCode {
        self.parts.status
    }

    /// Returns the headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.parts.headers
    }

    /// Returns the body bytes; they may contain patient data.
    pub fn body(&self) -> &Bytes {
        &self.parts.body
    }

    /// Returns the id of the operation that received this response.
    pub fn operation(&self) -> &'static str {
        self.parts.operation.id
    }

    /// Returns how long the server asked the caller to wait, if it said.
    pub fn retry_after(&self) -> Option<Duration> {
        server_wait(self.parts.operation, &self.parts.headers, &self.parts.body)
    }
}

impl fmt::Display for RawResponse {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            formatter,
            "{}: the server answered with undocumented status {}",
            Describe(self.parts.operation),
            self.parts.status
        )
    }
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("RawResponse")
            .field("operation", &self.parts.operation.id)
            .field("status", &self.parts.status.as_u16())
            .field("headers", &HeaderNames(&self.parts.headers))
            .field("body", &BodyLength(self.parts.body.len()))
            .finish()
    }
}

impl std::error::Error for RawResponse {}

/// A documented error response with its body decoded into the operation's error type `E`.
pub struct ApiError<E> {
    pub(crate) response: RawResponse,
    pub(crate) error: E,
}

impl<E> ApiError<E> {
    /// A documented error response: the raw response and its body decoded as `error`. Public
    /// so that tests of code that handles errors can build one.
    pub fn new(response: RawResponse, error: E) -> Self {
        ApiError { response, error }
    }

    /// Returns the status.
    pub fn status(&self) -> StatusCode {
        self.response.parts.status
    }

    /// Returns the headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.response.parts.headers
    }

    /// Returns the typed error.
    pub fn error(&self) -> &E {
        &self.error
    }

    /// Returns the typed error, dropping the rest.
    pub fn into_error(self) -> E {
        self.error
    }

    /// Returns the raw body; it may contain patient data.
    pub fn raw_body(&self) -> &Bytes {
        &self.response.parts.body
    }

    /// Returns the id of the operation that received this response.
    pub fn operation(&self) -> &'static str {
        self.response.parts.operation.id
    }

    /// Returns the raw response.
    pub fn raw_response(&self) -> &RawResponse {
        &self.response
    }
}

impl<E> fmt::Display for ApiError<E> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            formatter,
            "{}: the server answered with documented error status {}",
            Describe(self.response.parts.operation),
            self.response.parts.status
        )
    }
}

impl<E> fmt::Debug for ApiError<E> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("ApiError")
            .field("operation", &self.response.parts.operation.id)
            .field("status", &self.response.parts.status.as_u16())
            .field("headers", &HeaderNames(&self.response.parts.headers))
            .field("body", &BodyLength(self.response.parts.body.len()))
            .finish_non_exhaustive()
    }
}

impl<E> std::error::Error for ApiError<E> {}
