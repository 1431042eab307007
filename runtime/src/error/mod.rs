//! The errors of the runtime, whose `Display` and `Debug` never show bodies, header values,
//! query values or credentials.
//!
//! Healthcare clients log errors freely, so every message here names only the operation, its
//! method and path template, the status and the kind of failure. The raw material (body, headers,
//! serde's detail) stays reachable through accessors for code that decides to look at it.
//!
//! This module holds [`Error`], which joins the errors of one call; each kind of error has its
//! own submodule, and `redact` holds the formatters they share.

mod build;
mod credential;
mod decode;
mod redact;
mod request;
mod response;
mod transport;

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

pub use build::BuildError;
pub use credential::CredentialError;
pub use decode::DecodeError;
pub(crate) use decode::{DecodeKind, DecodeParts};
pub(crate) use redact::BodyLength;
pub use request::RequestError;
pub use response::{ApiError, RawResponse};
pub use transport::{TransportError, TransportErrorKind};

/// Everything a call to an operation can fail with; `E` is the operation's typed error.
pub enum Error<E> {
    /// The request could not be built, so nothing was sent.
    InvalidRequest(RequestError),
    /// No usable response arrived: connection failure, timeout, or a body over the size limit.
    Transport(TransportError),
    /// The server answered with a status the spec documents as an error; the body is decoded.
    Api(ApiError<E>),
    /// The server answered with a status the spec does not document for this operation.
    UnexpectedStatus(RawResponse),
    /// The body of a response does not match the documented type.
    Decode(DecodeError),
}

impl<E> Error<E> {
    /// Returns the raw response when the error has one.
    fn response(&self) -> Option<&RawResponse> {
        match self {
            Error::Api(error) => Some(&error.response),
            Error::UnexpectedStatus(response) => Some(response),
            Error::Decode(error) => Some(&error.parts.response),
            Error::InvalidRequest(_) | Error::Transport(_) => None,
        }
    }

    /// Returns the status of the response, if one arrived.
    pub fn status(&self) -> Option<StatusCode> {
        self.response().map(RawResponse::status)
    }

    /// Returns the raw body of the response, if one arrived.
    pub fn raw_body(&self) -> Option<&Bytes> {
        self.response().map(RawResponse::body)
    }

    /// Returns the headers of the response, if one arrived.
    pub fn headers(&self) -> Option<&HeaderMap> {
        self.response().map(RawResponse::headers)
    }

    /// Returns the operation id, or `""` when the error does not know it.
    pub fn operation(&self) -> &'static str {
        match self {
            Error::InvalidRequest(error) => error.operation().unwrap_or(""),
            Error::Transport(error) => error.operation.id,
            other => other.response().map_or("", RawResponse::operation),
        }
    }

    /// Returns how long the server asked the caller to wait, from the `Retry-After` header or
    /// from the operation's documented body field.
    pub fn retry_after(&self) -> Option<Duration> {
        self.response().and_then(RawResponse::retry_after)
    }

    /// Whether the server refused the call for its rate limit (`429 Too Many Requests`), whether
    /// or not the spec documents that status. [`retry_after`](Self::retry_after) says how long
    /// it asked to wait.
    pub fn is_rate_limited(&self) -> bool {
        self.status() == Some(StatusCode::TOO_MANY_REQUESTS)
    }

    /// Whether the server answered `404 Not Found`, whether or not the spec documents it.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(StatusCode::NOT_FOUND)
    }

    /// Whether the failure is temporary, so the same call may succeed later: no connection, a
    /// timeout or a broken connection, or the status `408`, `429`, `502`, `503` or `504`. The
    /// client has already retried what its [`RetryPolicy`](crate::RetryPolicy) allows. Whether
    /// sending a non-idempotent request again is *safe* is a separate question: see
    /// [`may_have_been_sent`](Self::may_have_been_sent).
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport(error) => error.kind() != TransportErrorKind::TooLarge,
            Error::InvalidRequest(_) => false,
            other => other
                .status()
                .is_some_and(|status| matches!(status.as_u16(), 408 | 429 | 502 | 503 | 504)),
        }
    }

    /// Whether the request may have reached the server (and been acted on): always when a
    /// response arrived, never when it could not be built or no connection was made.
    pub fn may_have_been_sent(&self) -> bool {
        match self {
            Error::InvalidRequest(_) => false,
            Error::Transport(error) => error.may_have_been_sent(),
            Error::Api(_) | Error::UnexpectedStatus(_) | Error::Decode(_) => true,
        }
    }

    /// Returns the documented error, decoded, with its status and headers (`None` for any other
    /// kind of failure).
    pub fn api_error(&self) -> Option<&ApiError<E>> {
        match self {
            Error::Api(error) => Some(error),
            _ => None,
        }
    }

    /// Returns the decoded documented error, if the server answered with one.
    pub fn typed(&self) -> Option<&E> {
        self.api_error().map(ApiError::error)
    }
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRequest(error) => write!(formatter, "invalid request, not sent: {error}"),
            Error::Transport(error) => fmt::Display::fmt(error, formatter),
            Error::Api(error) => fmt::Display::fmt(error, formatter),
            Error::UnexpectedStatus(response) => fmt::Display::fmt(response, formatter),
            Error::Decode(error) => fmt::Display::fmt(error, formatter),
        }
    }
}

impl<E> fmt::Debug for Error<E> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRequest(error) => formatter
                .debug_tuple("InvalidRequest")
                .field(error)
                .finish(),
            Error::Transport(error) => formatter.debug_tuple("Transport").field(error).finish(),
            Error::Api(error) => formatter.debug_tuple("Api").field(error).finish(),
            Error::UnexpectedStatus(response) => formatter
                .debug_tuple("UnexpectedStatus")
                .field(response)
                .finish(),
            Error::Decode(error) => formatter.debug_tuple("Decode").field(error).finish(),
        }
    }
}

impl<E> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::InvalidRequest(error) => Some(error),
            Error::Transport(error) => Some(error),
            // The typed error, the response and serde's detail may all hold body content, so
            // they are not exposed as sources that error reporters would print.
            Error::Api(_) | Error::UnexpectedStatus(_) | Error::Decode(_) => None,
        }
    }
}

impl<E> From<RequestError> for Error<E> {
    fn from(error: RequestError) -> Self {
        Error::InvalidRequest(error)
    }
}

impl<E> From<TransportError> for Error<E> {
    fn from(error: TransportError) -> Self {
        Error::Transport(error)
    }
}

impl<E> From<DecodeError> for Error<E> {
    fn from(error: DecodeError) -> Self {
        Error::Decode(error)
    }
}
