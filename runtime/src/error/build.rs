//! The error for a client whose configuration cannot be built.

use std::fmt;

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
    /// The environment's server needs a variable that has no usable default, and none was set.
    MissingServerVariable {
        /// The variable name.
        name: &'static str,
        /// The environment whose server needs it.
        environment: &'static str,
    },
    /// Every operation of the spec needs a credential of this scheme, and none was given.
    MissingCredential {
        /// The security scheme's name in the spec.
        scheme: &'static str,
        /// The `Credentials` method that sets it.
        setter: &'static str,
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
    /// The URL needs TLS, and the runtime was built without a TLS feature (`rustls-ring`,
    /// `rustls-aws-lc` or `native-tls`).
    TlsUnavailable {
        /// The URL.
        url: String,
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
            BuildError::MissingServerVariable { name, environment } => write!(
                formatter,
                "the `{environment}` server needs the server variable `{name}`, which has no \
                 usable default; set it with `ClientBuilder::server_variable(\"{name}\", ...)`, \
                 or set base_url"
            ),
            BuildError::MissingCredential { scheme, setter } => write!(
                formatter,
                "every operation needs a credential of the security scheme `{scheme}`, and none \
                 was given: set it with `Credentials::{setter}`"
            ),
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
            BuildError::TlsUnavailable { url } => write!(
                formatter,
                "{url} needs TLS, and the client was built without it: enable the `rustls-ring`, \
                 `rustls-aws-lc` or `native-tls` feature"
            ),
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
