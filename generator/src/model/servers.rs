//! Servers, environments and security schemes.

use crate::diagnostics::Location;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Environment {
    /// The name used to match servers (`x-environment`, or derived).
    pub name: String,
    /// The Rust variant name.
    pub rust_name: String,
    /// Description for rustdoc.
    pub doc: Option<String>,
}

/// A list of servers that applies to some operations.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServerSet {
    /// The servers in spec order.
    pub servers: Vec<Server>,
}

/// One server.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Server {
    /// The environment it belongs to.
    pub environment: String,
    /// The URL template.
    pub url: String,
    /// Description.
    pub description: Option<String>,
    /// Variables in the URL template.
    pub variables: Vec<ServerVariable>,
}

/// A variable in a server URL template.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServerVariable {
    /// The variable's name.
    pub name: String,
    /// Its default value.
    pub default: String,
    /// The allowed values; empty when any value is allowed.
    pub allowed: Vec<String>,
    /// Whether the caller must set it (the default is only a placeholder); a client for an
    /// environment whose server needs it fails to build without it.
    pub required: bool,
    /// Description.
    pub description: Option<String>,
}

/// One security scheme.
#[derive(Debug, Clone, Serialize)]
pub struct SecurityScheme {
    /// The scheme's key in `components/securitySchemes`.
    pub name: String,
    /// The Rust method that sets it on `Credentials` (`with_…`).
    pub rust_name: String,
    /// How the credential is sent.
    pub kind: SchemeKind,
    /// Description for rustdoc.
    pub doc: Option<String>,
    /// Where the scheme is.
    pub origin: Location,
}

/// How a credential is sent.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum SchemeKind {
    /// An API key in a header.
    Header {
        /// The header name.
        header: String,
    },
    /// An API key in the query string.
    Query {
        /// The parameter name.
        param: String,
    },
    /// An API key in a cookie.
    Cookie {
        /// The cookie name.
        cookie: String,
    },
    /// `Authorization: Bearer` (http bearer, OAuth 2 and OpenID Connect access tokens).
    Bearer,
    /// `Authorization: Basic`.
    Basic,
}
