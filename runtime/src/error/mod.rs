//! The errors of the runtime, whose `Display` and `Debug` never show bodies, header values,
//! query values or credentials.
//!
//! Healthcare clients log errors freely, so every message here names only the operation, its
//! method and path template, the status and the kind of failure. The raw material (body, headers,
//! serde's detail) stays reachable through accessors for code that decides to look at it.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::descriptor::Operation;
use crate::retry_after::server_wait;

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

/// Writes `operation `id` (METHOD /path/{template})`, the prefix of every message.
pub(crate) struct Describe<'a>(pub(crate) &'a Operation);

impl fmt::Display for Describe<'_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let operation = self.0;
        write!(
            formatter,
            "operation `{}` ({} {})",
            operation.id, operation.method, operation.path_template
        )
    }
}

/// Writes the names of the headers, never their values.
struct HeaderNames<'a>(&'a HeaderMap);

impl fmt::Debug for HeaderNames<'_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_list()
            .entries(self.0.keys().map(|name| name.as_str()))
            .finish()
    }
}

/// Writes `<N bytes>` in place of a body.
pub(crate) struct BodyLength(pub(crate) usize);

impl fmt::Debug for BodyLength {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "<{} bytes>", self.0)
    }
}

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
    /// Keeps a response as it arrived.
    pub(crate) fn new(
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

/// What was wrong with a body that did not decode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DecodeKind {
    /// The body was empty where JSON was expected.
    Empty,
    /// The body was not UTF-8 where text or JSON was expected.
    NotUtf8,
    /// The body was not JSON at all.
    Syntax {
        /// The line of the first syntax error.
        line: usize,
        /// The column of the first syntax error.
        column: usize,
    },
    /// The JSON did not match the documented type.
    Mismatch,
    /// The body was not a JSON object holding the envelope field.
    NoEnvelope {
        /// The envelope field.
        field: &'static str,
    },
}

impl fmt::Display for DecodeKind {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeKind::Empty => formatter.write_str("the body is empty where JSON was expected"),
            DecodeKind::NotUtf8 => formatter.write_str("the body is not valid UTF-8"),
            DecodeKind::Syntax { line, column } => {
                write!(
                    formatter,
                    "the body is not valid JSON (line {line}, column {column})"
                )
            }
            DecodeKind::Mismatch => {
                formatter.write_str("the body does not match the documented type")
            }
            DecodeKind::NoEnvelope { field } => {
                write!(
                    formatter,
                    "the body is not a JSON object with the envelope field `{field}`"
                )
            }
        }
    }
}

/// A response whose body does not match the documented type.
#[derive(Clone)]
pub struct DecodeError {
    /// Boxed so that `Result<_, Error<E>>` stays small.
    pub(crate) parts: Box<DecodeParts>,
}

/// The contents of a [`DecodeError`].
#[derive(Clone)]
pub(crate) struct DecodeParts {
    pub(crate) response: RawResponse,
    pub(crate) kind: DecodeKind,
    pub(crate) path: String,
    pub(crate) detail: String,
}

impl DecodeError {
    /// Returns the response as it arrived.
    pub fn response(&self) -> &RawResponse {
        &self.parts.response
    }

    /// Returns where in the body decoding failed, such as `data.member.gender`, or `.` for the
    /// whole body.
    pub fn path(&self) -> &str {
        &self.parts.path
    }

    /// Returns the decoder's own message. It may contain body content (serde quotes the values
    /// it rejects), so it is never part of `Display` or `Debug`.
    pub fn detail(&self) -> &str {
        &self.parts.detail
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            formatter,
            "{}: could not decode the response with status {}: {}",
            Describe(self.parts.response.parts.operation),
            self.parts.response.parts.status,
            self.parts.kind
        )?;
        if self.parts.kind == DecodeKind::Mismatch {
            write!(formatter, " at `{}`", self.parts.path)?;
        }
        Ok(())
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("DecodeError")
            .field("response", &self.parts.response)
            .field("kind", &self.parts.kind)
            .field("path", &self.parts.path)
            .field(
                "detail",
                &format_args!("<{} chars, see detail()>", self.parts.detail.len()),
            )
            .finish()
    }
}

impl std::error::Error for DecodeError {}

/// A request that could not be built; nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestError {
    /// A path parameter is empty, `.` or `..`, values that would change the path.
    InvalidPathParameter {
        /// The parameter name.
        name: &'static str,
        /// Why the value was refused.
        reason: &'static str,
    },
    /// A header name or value cannot be sent (a newline or another control character).
    InvalidHeaderValue {
        /// The header name.
        name: &'static str,
    },
    /// The operation needs credentials that the credential set does not hold.
    MissingCredentials {
        /// The operation id.
        operation: &'static str,
        /// The accepted alternatives, by security scheme name.
        required: String,
    },
    /// No server is known for the operation in the chosen environment.
    NoServer {
        /// The operation id.
        operation: &'static str,
        /// The environment name.
        environment: &'static str,
    },
    /// A body or parameter could not be serialized.
    Serialize {
        /// What was being serialized.
        what: &'static str,
        /// The serializer's message.
        message: String,
    },
    /// The URL of the request is not acceptable.
    InvalidUrl {
        /// Why.
        message: String,
    },
}

impl RequestError {
    /// Returns the operation id when the error carries it.
    fn operation(&self) -> Option<&'static str> {
        match self {
            RequestError::MissingCredentials { operation, .. }
            | RequestError::NoServer { operation, .. } => Some(operation),
            _ => None,
        }
    }
}

impl fmt::Display for RequestError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestError::InvalidPathParameter { name, reason } => {
                write!(formatter, "path parameter `{name}` {reason}")
            }
            RequestError::InvalidHeaderValue { name } => write!(
                formatter,
                "header `{name}` cannot be sent: its name or value contains a newline, a \
                 control character or a character outside ASCII"
            ),
            RequestError::MissingCredentials {
                operation,
                required,
            } => write!(
                formatter,
                "operation `{operation}` needs credentials for {required}, which the credential \
                 set does not hold"
            ),
            RequestError::NoServer {
                operation,
                environment,
            } => write!(
                formatter,
                "operation `{operation}` has no server for environment `{environment}`; \
                 set base_url"
            ),
            RequestError::Serialize { what, message } => {
                write!(formatter, "could not serialize the {what}: {message}")
            }
            RequestError::InvalidUrl { message } => write!(formatter, "invalid URL: {message}"),
        }
    }
}

impl std::error::Error for RequestError {}

/// The kind of a [`TransportError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TransportErrorKind {
    /// The connection could not be made; the request was not sent.
    Connect,
    /// The request or the response body took longer than the timeout.
    Timeout,
    /// The response body is larger than `max_response_bytes`.
    TooLarge,
    /// Any other failure of the connection or the protocol.
    Other,
}

impl fmt::Display for TransportErrorKind {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(match self {
            TransportErrorKind::Connect => "could not connect",
            TransportErrorKind::Timeout => "timed out",
            TransportErrorKind::TooLarge => "the response body is larger than the limit",
            TransportErrorKind::Other => "the connection failed",
        })
    }
}

/// A failure that left no usable response.
pub struct TransportError {
    pub(crate) operation: &'static Operation,
    pub(crate) kind: TransportErrorKind,
    pub(crate) may_have_been_sent: bool,
    pub(crate) transient: bool,
    pub(crate) attempts: u32,
    pub(crate) source: Option<reqwest::Error>,
}

impl TransportError {
    /// Classifies a `reqwest` error, dropping its URL (a query may carry patient data).
    pub(crate) fn from_reqwest(operation: &'static Operation, error: reqwest::Error) -> Self {
        let error = error.without_url();
        let (kind, may_have_been_sent) = if error.is_connect() {
            (TransportErrorKind::Connect, false)
        } else if error.is_timeout() {
            (TransportErrorKind::Timeout, true)
        } else {
            (TransportErrorKind::Other, !error.is_builder())
        };
        let transient =
            error.is_connect() || error.is_timeout() || error.is_request() || error.is_body();
        TransportError {
            operation,
            kind,
            may_have_been_sent,
            transient,
            attempts: 1,
            source: Some(error),
        }
    }

    /// Returns the error for a response body over the size limit.
    pub(crate) fn too_large(operation: &'static Operation) -> Self {
        TransportError {
            operation,
            kind: TransportErrorKind::TooLarge,
            may_have_been_sent: true,
            transient: false,
            attempts: 1,
            source: None,
        }
    }

    /// Returns the kind of failure.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// Returns whether the server may have received the request (false only when the
    /// connection could not be made).
    pub fn may_have_been_sent(&self) -> bool {
        self.may_have_been_sent
    }

    /// Returns how many attempts were made, retries included.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Returns the id of the operation.
    pub fn operation(&self) -> &'static str {
        self.operation.id
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}: {}", Describe(self.operation), self.kind)?;
        if self.attempts > 1 {
            write!(formatter, " after {} attempts", self.attempts)?;
        }
        Ok(())
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("TransportError")
            .field("operation", &self.operation.id)
            .field("kind", &self.kind)
            .field("may_have_been_sent", &self.may_have_been_sent)
            .field("attempts", &self.attempts)
            .field("source", &self.source)
            .finish()
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_ref()
            .map(|error| error as &(dyn std::error::Error + 'static))
    }
}

/// A client that could not be built from its configuration.
#[derive(Debug)]
pub enum BuildError {
    /// The base URL override is not a usable absolute URL.
    InvalidBaseUrl {
        /// Why.
        reason: String,
    },
    /// A URL uses `http://` for a host that is not loopback; only `https://` may leave the machine.
    InsecureUrl {
        /// The URL.
        url: String,
    },
    /// The spec gives a relative server URL, so the client cannot know the host.
    RelativeUrl {
        /// The URL from the spec.
        url: String,
    },
    /// The spec lists servers, but none for this environment.
    UnknownEnvironment {
        /// The environment name.
        environment: &'static str,
    },
    /// A server variable was set that no server of the spec declares.
    UnknownServerVariable {
        /// The variable name.
        name: String,
    },
    /// A server variable was set to a value outside its `enum`.
    ServerVariableNotAllowed {
        /// The variable name.
        name: String,
        /// The allowed values.
        allowed: Vec<&'static str>,
    },
    /// A server URL from the spec is not a valid URL once its variables are substituted.
    InvalidServerUrl {
        /// The URL template from the spec.
        url: &'static str,
        /// Why.
        reason: String,
    },
    /// The user agent is not a valid header value.
    InvalidUserAgent,
    /// A default header's name or value is not valid in a header (the value is not shown).
    InvalidDefaultHeader {
        /// The header's name as given.
        name: String,
    },
    /// The HTTP client could not be built.
    Http(reqwest::Error),
}

impl fmt::Display for BuildError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::InvalidBaseUrl { reason } => {
                write!(formatter, "invalid base URL: {reason}")
            }
            BuildError::InsecureUrl { url } => write!(
                formatter,
                "refusing `{url}`: `http://` is only allowed for loopback hosts; use `https://`"
            ),
            BuildError::RelativeUrl { url } => write!(
                formatter,
                "the server URL `{url}` is relative; set base_url to the absolute URL of the API"
            ),
            BuildError::UnknownEnvironment { environment } => write!(
                formatter,
                "the spec has no server for environment `{environment}`; set base_url"
            ),
            BuildError::UnknownServerVariable { name } => {
                write!(formatter, "no server declares the variable `{name}`")
            }
            BuildError::ServerVariableNotAllowed { name, allowed } => write!(
                formatter,
                "the server variable `{name}` must be one of {}",
                allowed.join(", ")
            ),
            BuildError::InvalidServerUrl { url, reason } => {
                write!(formatter, "the server URL `{url}` is invalid: {reason}")
            }
            BuildError::InvalidUserAgent => {
                formatter.write_str("the user agent is not a valid header value")
            }
            BuildError::InvalidDefaultHeader { name } => {
                write!(
                    formatter,
                    "the default header {name:?} is not a valid header"
                )
            }
            BuildError::Http(_) => formatter.write_str("could not build the HTTP client"),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Http(error) => Some(error),
            _ => None,
        }
    }
}

/// A credential that cannot be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CredentialError {
    /// The value contains a newline, a control character or a character outside ASCII, so it
    /// cannot travel in a header (or, for cookies, it contains `;`).
    InvalidValue {
        /// The security scheme name.
        scheme: &'static str,
    },
    /// The header, cookie or query parameter name is not valid.
    InvalidName {
        /// The security scheme name.
        scheme: &'static str,
    },
}

impl fmt::Display for CredentialError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CredentialError::InvalidValue { scheme } => write!(
                formatter,
                "the credential for security scheme `{scheme}` cannot be sent: it contains a \
                 newline, a control character or a character outside ASCII"
            ),
            CredentialError::InvalidName { scheme } => write!(
                formatter,
                "the header, cookie or parameter name of security scheme `{scheme}` is invalid"
            ),
        }
    }
}

impl std::error::Error for CredentialError {}
