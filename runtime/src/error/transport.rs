//! The error for a call that left no usable response: no connection, a timeout, a failed
//! connection or a body over the size limit.

use std::fmt;

use super::redact::Describe;
use crate::descriptor::Operation;

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

    /// Returns the error that a stubbed fault stands for (the `test-util` feature).
    #[cfg(feature = "test-util")]
    pub(crate) fn stubbed(
        operation: &'static Operation,
        kind: TransportErrorKind,
        may_have_been_sent: bool,
    ) -> Self {
        TransportError {
            operation,
            kind,
            may_have_been_sent,
            transient: true,
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
