//! The error for a request that could not be built, so that nothing was sent.

use std::fmt;

use crate::validate::Violation;

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
    /// The request breaks constraints of the spec, found before sending (see
    /// [`ClientBuilder::validate_requests`](crate::ClientBuilder::validate_requests)). Each
    /// violation names the field, the rule and where the spec states it, never the value.
    Invalid {
        /// The operation id.
        operation: &'static str,
        /// Every rule the request breaks, in request order (at least one).
        violations: Vec<Violation>,
    },
}

impl RequestError {
    /// Returns the operation id when the error carries it.
    pub(super) fn operation(&self) -> Option<&'static str> {
        match self {
            RequestError::MissingCredentials { operation, .. }
            | RequestError::NoServer { operation, .. }
            | RequestError::Invalid { operation, .. } => Some(operation),
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
            RequestError::Invalid {
                operation,
                violations,
            } => {
                write!(
                    formatter,
                    "operation `{operation}`: the request breaks the spec: "
                )?;
                match violations.as_slice() {
                    [] => formatter.write_str("no rule named"),
                    [first] => write!(formatter, "{first}"),
                    [first, rest @ ..] => write!(formatter, "{first}, and {} more", rest.len()),
                }
            }
        }
    }
}

impl std::error::Error for RequestError {}
