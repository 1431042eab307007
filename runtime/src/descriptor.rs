//! The static description of an API that generated code declares: its servers and their
//! variables, its environments and its operations.
//!
//! These types hold only what the spec says, so every other module may use them and they use no
//! other module of the crate.

use std::fmt;

use reqwest::Method;

/// A variable of a server URL, such as `{region}` in `https://{region}.api.example.com`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerVariable {
    /// The name between the braces.
    pub name: &'static str,
    /// The value used when the caller sets none.
    pub default: &'static str,
    /// The allowed values; empty when any value is allowed.
    pub allowed: &'static [&'static str],
    /// Whether the caller must set it: its default is only a placeholder (empty, or a host under
    /// the reserved `.invalid` domain, which never resolves), or the spec marks it `x-required`.
    /// A client for an environment whose server needs it fails at `build()` without it.
    pub required: bool,
}

/// A server of the spec, tied to the environment it serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Server {
    /// The environment name, or `default` for a spec with a single unnamed server.
    pub environment: &'static str,
    /// The URL, possibly with `{variables}` and possibly relative.
    pub url: &'static str,
    /// The variables used in `url`.
    pub variables: &'static [ServerVariable],
}

/// A security scheme that every operation of a spec needs, so that a client without its
/// credential could send no request at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequiredCredential {
    /// The scheme's name in the spec (`components/securitySchemes`).
    pub scheme: &'static str,
    /// The generated `Credentials` method that sets it, such as `with_api_token`.
    pub setter: &'static str,
}

/// Static description of one operation, emitted as a `static` by the generator.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The `operationId` as in the spec.
    pub id: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template, such as `/visits/{id}.json`; used in errors and traces only.
    pub path_template: &'static str,
    /// The servers that apply to this operation (from the operation, its path or the root).
    pub servers: &'static [Server],
    /// The security requirement: alternatives (any one suffices) of scheme-name sets (all are
    /// needed). An empty slice means no authentication; an empty alternative allows anonymous
    /// calls.
    pub security: &'static [&'static [&'static str]],
    /// Whether sending the request twice has the effect of sending it once: GET, HEAD, PUT,
    /// DELETE, OPTIONS and TRACE, or operations marked `x-idempotent: true`.
    pub idempotent: bool,
    /// The top-level JSON body field that holds the seconds to wait on a 429 or 503.
    pub retry_after_field: Option<&'static str>,
}

impl Operation {
    /// A minimal description of an operation, for tests that build responses or errors by hand
    /// ([`RawResponse::new`](crate::RawResponse::new)): no servers, no security, not idempotent,
    /// no retry-after field.
    pub const fn named(id: &'static str, method: Method, path_template: &'static str) -> Self {
        Operation {
            id,
            method,
            path_template,
            servers: &[],
            security: &[],
            idempotent: false,
            retry_after_field: None,
        }
    }
}

/// The environments of a spec (production, sandbox, ...); implemented by each generated
/// `Environment` enum.
pub trait Environment: Copy + fmt::Debug + Send + Sync + 'static {
    /// Returns the environment name that [`Server::environment`] refers to.
    fn name(self) -> &'static str;
}
