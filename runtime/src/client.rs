//! The client builder and the shared [`Runtime`] behind every generated client.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::auth::CredentialSet;
use crate::descriptor::{Environment, Operation, RequiredCredential, Server, ServerVariable};
use crate::error::{BuildError, RequestError};
use crate::retry::RetryPolicy;
use crate::server::{self, UrlProblem};
use crate::transport::{Reqwest, Transport};

/// Implemented by each generated `Client`, a newtype around [`Runtime`].
pub trait FromRuntime {
    /// Wraps the runtime.
    fn from_runtime(runtime: Runtime) -> Self;
}

/// The default timeout of a whole request, response body included (each attempt has its own).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The `User-Agent` sent when none is set: this runtime's name and version.
pub const DEFAULT_USER_AGENT: &str = concat!("clientgen-runtime/", env!("CARGO_PKG_VERSION"));

/// The default timeout for establishing a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The default limit of a response body.
const DEFAULT_MAX_RESPONSE_BYTES: usize = 64 * 1024 * 1024;

/// The most redirects followed for one request.
const MAX_REDIRECTS: usize = 10;

/// Configures and builds a generated client `C` for the environments `E`.
pub struct ClientBuilder<C, E> {
    environment: E,
    servers: &'static [Server],
    credentials: CredentialSet,
    required_credentials: &'static [RequiredCredential],
    base_url: Option<String>,
    variables: BTreeMap<String, String>,
    retry_policy: RetryPolicy,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    user_agent: Option<String>,
    default_headers: Vec<(String, String)>,
    max_response_bytes: usize,
    http_client: Option<reqwest::Client>,
    transport: Option<Arc<dyn Transport>>,
    validate_requests: bool,
    #[cfg(feature = "validate-responses")]
    validate_responses: bool,
    client: PhantomData<fn() -> C>,
}

impl<C: FromRuntime, E: Environment> ClientBuilder<C, E> {
    /// Starts a builder; `servers` are the spec's root-level servers (possibly none), used to
    /// validate the configuration in [`build`](Self::build).
    pub fn new(environment: E, servers: &'static [Server], credentials: CredentialSet) -> Self {
        ClientBuilder {
            environment,
            servers,
            credentials,
            required_credentials: &[],
            base_url: None,
            variables: BTreeMap::new(),
            retry_policy: RetryPolicy::default(),
            timeout: None,
            connect_timeout: None,
            user_agent: None,
            default_headers: Vec::new(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            http_client: None,
            transport: None,
            validate_requests: true,
            #[cfg(feature = "validate-responses")]
            validate_responses: false,
            client: PhantomData,
        }
    }

    /// Chooses the environment.
    pub fn environment(mut self, environment: E) -> Self {
        self.environment = environment;
        self
    }

    /// Replaces every server URL, path included, such as `http://127.0.0.1:4010` for a mock.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Makes [`build`](Self::build) fail unless a credential of each of these schemes is set.
    ///
    /// Generated clients call it with the schemes that every operation of their spec needs, so
    /// that a forgotten credential is reported before the first request rather than by it.
    pub fn required_credentials(mut self, required: &'static [RequiredCredential]) -> Self {
        self.required_credentials = required;
        self
    }

    /// Sets a server variable; servers that declare it use this value instead of the default.
    pub fn server_variable(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.variables.insert(name.into(), value.into());
        self
    }

    /// Sets the retry policy; see [`RetryPolicy`] for what is retried.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry_policy = policy;
        self
    }

    /// Sets the timeout of a whole request, reading the response body included; 30 s by default.
    ///
    /// With [`http_client`](Self::http_client) it applies per request only when set here.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Sets the timeout for establishing a connection; 10 s by default.
    ///
    /// It has no effect with [`http_client`](Self::http_client), whose own setting applies.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Sets the `User-Agent`; `clientgen-runtime/<version>` by default.
    ///
    /// With [`http_client`](Self::http_client) it is sent only when set here.
    pub fn user_agent(mut self, value: impl Into<String>) -> Self {
        self.user_agent = Some(value.into());
        self
    }

    /// Adds a header to every request (a correlation id, or a mock server's `Prefer: code=404`).
    /// A header the operation sets itself, or a credential, takes precedence. The value is
    /// treated as sensitive: it never appears in `Debug` output.
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.default_headers.push((name.into(), value.into()));
        self
    }

    /// Sets the largest response body that is read; 64 MiB by default. A bigger body fails with
    /// a transport error of kind [`TooLarge`](crate::TransportErrorKind::TooLarge).
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Uses the given `reqwest` client instead of building one.
    ///
    /// Its own redirect, proxy and TLS settings apply. The runtime's client follows redirects
    /// only within the same origin, so that headers such as `X-ApiToken` never reach another
    /// host; a client brought here should do the same.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Whether each request is checked against the spec's constraints (lengths, patterns,
    /// bounds, item counts, closed enums) before it is sent; on by default. A request that
    /// breaks one fails with [`RequestError::Invalid`] and is not sent. Turn it off to let the
    /// server judge, for example when the spec is stricter than the API.
    pub fn validate_requests(mut self, validate: bool) -> Self {
        self.validate_requests = validate;
        self
    }

    /// Whether each decoded success is checked against the spec's constraints, each broken
    /// rule reported as a `tracing` warning (operation, field path, rule and spec location;
    /// never the value); off by default. The response is returned either way: vendors send what
    /// they send, and this tells where they stray from the spec.
    #[cfg(feature = "validate-responses")]
    pub fn validate_responses(mut self, validate: bool) -> Self {
        self.validate_responses = validate;
        self
    }

    /// Sends every attempt through `transport` instead of the network, such as the in-process
    /// stubs of the `test-util` feature, or a recorder of your own.
    ///
    /// Everything above the transport still runs: credentials, URL checks, retries (with the
    /// policy's waits), decoding. Each attempt carries the request timeout (30 s unless set), which
    /// the transport is expected to honour.
    pub fn transport(mut self, transport: impl Transport) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// Validates the configuration and builds the client.
    ///
    /// It checks that the base URL (if given) is absolute and allowed by the URL policy, that
    /// every server variable set is declared by a server and allowed, and, without a base URL,
    /// that the spec's servers include one for the environment with an acceptable URL and that
    /// every variable it needs without a usable default has been set, and that every
    /// [required credential](Self::required_credentials) is present.
    pub fn build(self) -> Result<C, BuildError> {
        if let Some(missing) = self
            .required_credentials
            .iter()
            .find(|required| !self.credentials.contains(required.scheme))
        {
            return Err(BuildError::MissingCredential {
                scheme: missing.scheme,
                setter: missing.setter,
            });
        }
        let environment = self.environment.name();
        let base_url = match &self.base_url {
            Some(url) => Some(check_base_url(url)?),
            None => None,
        };
        self.check_variables(environment)?;
        let mut resolved = base_url.clone();
        if base_url.is_none() && !self.servers.is_empty() {
            let server = server::select(self.servers, environment)
                .ok_or(BuildError::UnknownEnvironment { environment })?;
            if let Some(missing) = server
                .variables
                .iter()
                .find(|variable| variable.required && !self.variables.contains_key(variable.name))
            {
                return Err(BuildError::MissingServerVariable {
                    name: missing.name,
                    environment,
                });
            }
            let url = server::substitute(server, &self.variables).map_err(|error| {
                BuildError::InvalidServerUrl {
                    url: server.url,
                    reason: error.to_string(),
                }
            })?;
            server::check_url(&url).map_err(|problem| match problem {
                UrlProblem::Relative => BuildError::RelativeUrl { url: url.clone() },
                UrlProblem::Insecure => BuildError::InsecureUrl { url: url.clone() },
                UrlProblem::Invalid(reason) => BuildError::InvalidServerUrl {
                    url: server.url,
                    reason,
                },
            })?;
            resolved = Some(url);
        }
        if let Some(url) = resolved
            .filter(|url| self.transport.is_none() && !crate::tls::AVAILABLE && is_https(url))
        {
            return Err(BuildError::TlsUnavailable { url });
        }

        let user_agent = match &self.user_agent {
            Some(agent) => {
                Some(HeaderValue::from_str(agent).map_err(|_| BuildError::InvalidUserAgent)?)
            }
            None => None,
        };
        let mut default_headers = HeaderMap::new();
        for (name, value) in &self.default_headers {
            let header = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| BuildError::InvalidDefaultHeader { name: name.clone() })?;
            let mut value = HeaderValue::from_str(value)
                .map_err(|_| BuildError::InvalidDefaultHeader { name: name.clone() })?;
            value.set_sensitive(true);
            default_headers.append(header, value);
        }
        let (http, mut request_timeout, request_user_agent) = match self.http_client {
            Some(client) => (client, self.timeout, user_agent),
            None => {
                crate::tls::install_tls_provider();
                let agent =
                    user_agent.unwrap_or_else(|| HeaderValue::from_static(DEFAULT_USER_AGENT));
                let client = reqwest::Client::builder()
                    .timeout(self.timeout.unwrap_or(DEFAULT_TIMEOUT))
                    .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                    .user_agent(agent)
                    .redirect(same_origin_redirects())
                    .referer(false)
                    .build()
                    .map_err(BuildError::Http)?;
                (client, None, None)
            }
        };

        if self.transport.is_some() {
            // reqwest applies the client's timeout itself; another transport is told it.
            request_timeout = Some(request_timeout.unwrap_or(DEFAULT_TIMEOUT));
        }
        Ok(C::from_runtime(Runtime {
            inner: Arc::new(RuntimeInner {
                reqwest: Reqwest { http },
                transport: self.transport,
                validate_requests: self.validate_requests,
                #[cfg(feature = "validate-responses")]
                validate_responses: self.validate_responses,
                environment,
                base_url,
                variables: self.variables,
                retry_policy: self.retry_policy,
                request_timeout,
                user_agent: request_user_agent,
                default_headers,
                max_response_bytes: self.max_response_bytes,
                credentials: self.credentials,
                resolved_servers: std::sync::RwLock::new(Vec::new()),
            }),
        }))
    }

    /// Checks that every configured server variable is declared and allowed.
    ///
    /// Where the server of the chosen environment declares the variable, its `enum` decides;
    /// otherwise any declaring server that accepts the value will do.
    fn check_variables(&self, environment: &str) -> Result<(), BuildError> {
        let chosen = server::select(self.servers, environment);
        for (name, value) in &self.variables {
            let declared_by = |server: &Server| -> Vec<&'static ServerVariable> {
                server
                    .variables
                    .iter()
                    .filter(|variable| variable.name == name)
                    .collect()
            };
            let mut candidates = chosen.map(declared_by).unwrap_or_default();
            if candidates.is_empty() {
                candidates = self.servers.iter().flat_map(declared_by).collect();
            }
            if candidates.is_empty() {
                return Err(BuildError::UnknownServerVariable { name: name.clone() });
            }
            let accepted = candidates.iter().any(|variable| {
                variable.allowed.is_empty() || variable.allowed.contains(&value.as_str())
            });
            if !accepted {
                let mut allowed: Vec<&'static str> = candidates
                    .iter()
                    .flat_map(|variable| variable.allowed.iter().copied())
                    .collect();
                allowed.sort_unstable();
                allowed.dedup();
                return Err(BuildError::ServerVariableNotAllowed {
                    name: name.clone(),
                    allowed,
                });
            }
        }
        Ok(())
    }
}

impl<C, E: Environment> fmt::Debug for ClientBuilder<C, E> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("ClientBuilder")
            .field("environment", &self.environment)
            .field("base_url", &self.base_url)
            .field("retry_policy", &self.retry_policy)
            .finish_non_exhaustive()
    }
}

/// Returns whether `url` uses the `https` scheme (in any letter case).
fn is_https(url: &str) -> bool {
    url.get(..8)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("https://"))
}

/// Checks the base URL override against the URL policy.
fn check_base_url(url: &str) -> Result<String, BuildError> {
    match server::check_url(url) {
        Ok(url) => Ok(url.to_owned()),
        Err(UrlProblem::Relative) => Err(BuildError::InvalidBaseUrl {
            reason: "it is relative; give an absolute URL such as https://api.example.com/v1"
                .into(),
        }),
        Err(UrlProblem::Insecure) => Err(BuildError::InsecureUrl {
            url: url.trim().to_owned(),
        }),
        Err(UrlProblem::Invalid(reason)) => Err(BuildError::InvalidBaseUrl { reason }),
    }
}

/// Returns a redirect policy that follows up to [`MAX_REDIRECTS`] redirects within the origin of
/// the first URL and stops (returning the redirect response) at any other.
///
/// `reqwest` drops `Authorization` and `Cookie` on a cross-origin redirect but keeps custom
/// headers such as `X-ApiToken`, so the runtime does not leave the origin at all.
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let previous = attempt.previous();
        let same_origin = previous.len() <= MAX_REDIRECTS
            && previous
                .first()
                .is_some_and(|first| first.origin() == attempt.url().origin());
        if same_origin {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

/// The shared state behind a generated client; cheap to clone.
///
/// `Debug` shows the environment, the base URL override and the policies, never credentials.
#[derive(Clone)]
pub struct Runtime {
    pub(crate) inner: Arc<RuntimeInner>,
}

/// What a [`Runtime`] shares between its clones.
pub(crate) struct RuntimeInner {
    /// The default transport, and the `reqwest` client that [`Runtime::http_client`] lends.
    pub(crate) reqwest: Reqwest,
    /// Another transport, set with [`ClientBuilder::transport`], used instead of `reqwest`.
    pub(crate) transport: Option<Arc<dyn Transport>>,
    pub(crate) validate_requests: bool,
    #[cfg(feature = "validate-responses")]
    pub(crate) validate_responses: bool,
    pub(crate) environment: &'static str,
    pub(crate) base_url: Option<String>,
    pub(crate) variables: BTreeMap<String, String>,
    pub(crate) retry_policy: RetryPolicy,
    pub(crate) request_timeout: Option<Duration>,
    pub(crate) user_agent: Option<HeaderValue>,
    pub(crate) default_headers: HeaderMap,
    pub(crate) max_response_bytes: usize,
    pub(crate) credentials: CredentialSet,
    /// The server URLs resolved so far, by server list; see [`Runtime::push_base_url`].
    pub(crate) resolved_servers: std::sync::RwLock<Vec<(ServersKey, String)>>,
}

/// Identifies the server list of an operation: generated operations share one `static` list
/// per distinct set of servers, so its address and length tell the lists apart (two lists
/// merged by the compiler are equal, and so resolve alike).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct ServersKey(usize, usize);

impl ServersKey {
    fn of(servers: &'static [Server]) -> Self {
        ServersKey(servers.as_ptr() as usize, servers.len())
    }
}

// `Runtime::request`, which starts a request, is defined beside `RequestBuilder` in the request
// module, so that this module does not depend on the one that depends on it.
impl Runtime {
    /// Returns the name of the chosen environment.
    pub fn environment(&self) -> &'static str {
        self.inner.environment
    }

    /// Returns the `reqwest` client, for calls the generated client does not cover.
    pub fn http_client(&self) -> &reqwest::Client {
        &self.inner.reqwest.http
    }

    /// Reports, as `tracing` warnings, each rule of the spec that a decoded success breaks,
    /// when the client was built with `validate_responses(true)`; generated methods call it.
    #[cfg(feature = "validate-responses")]
    pub fn report_invalid_response<T: crate::validate::Validate, E>(
        &self,
        operation: &'static Operation,
        result: &Result<crate::ResponseValue<T>, crate::Error<E>>,
    ) {
        if !self.inner.validate_responses {
            return;
        }
        let Ok(value) = result else { return };
        let mut violations = Vec::new();
        value.validate(&mut crate::validate::Path::new("response"), &mut violations);
        for violation in violations {
            tracing::warn!(
                operation = operation.id,
                path = %violation.path,
                rule = %violation.rule,
                location = violation.location,
                "the response breaks the spec's constraints"
            );
        }
    }

    /// Returns the retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry_policy
    }

    /// Appends the URL that paths of `operation` are appended to, without a trailing slash,
    /// to `url`.
    ///
    /// A server URL is resolved (variables substituted, the URL policy checked) the first time
    /// an operation with its server list is sent; later requests copy the cached text.
    pub(crate) fn push_base_url(
        &self,
        operation: &'static Operation,
        url: &mut String,
    ) -> Result<(), RequestError> {
        let inner = &self.inner;
        if let Some(base) = &inner.base_url {
            url.push_str(base);
            return Ok(());
        }
        let key = ServersKey::of(operation.servers);
        // A poisoned lock only means another thread panicked while inserting; the cache is
        // still a list of resolved URLs, so it is used as it is.
        let cache = inner
            .resolved_servers
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((_, base)) = cache.iter().find(|(cached, _)| *cached == key) {
            url.push_str(base);
            return Ok(());
        }
        drop(cache);
        let base = self.resolve_server(operation)?;
        url.push_str(&base);
        let mut cache = inner
            .resolved_servers
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !cache.iter().any(|(cached, _)| *cached == key) {
            cache.push((key, base));
        }
        Ok(())
    }

    /// Chooses the server of `operation` for the environment, substitutes its variables and
    /// checks the result against the URL policy.
    fn resolve_server(&self, operation: &'static Operation) -> Result<String, RequestError> {
        let inner = &self.inner;
        let server =
            server::select(operation.servers, inner.environment).ok_or(RequestError::NoServer {
                operation: operation.id,
                environment: inner.environment,
            })?;
        let url = server::substitute(server, &inner.variables).map_err(|error| {
            RequestError::InvalidUrl {
                message: format!(
                    "the server URL `{}` of operation `{}` is invalid: {error}",
                    server.url, operation.id
                ),
            }
        })?;
        let checked = server::check_url(&url).map_err(|problem| RequestError::InvalidUrl {
            message: match problem {
                UrlProblem::Relative => format!(
                    "the server URL `{url}` of operation `{}` is relative; set base_url to the \
                     absolute URL of the API",
                    operation.id
                ),
                UrlProblem::Insecure => format!(
                    "refusing the server URL `{url}` of operation `{}`: `http://` is only \
                     allowed for loopback hosts",
                    operation.id
                ),
                UrlProblem::Invalid(reason) => format!(
                    "the server URL `{url}` of operation `{}` is invalid: {reason}",
                    operation.id
                ),
            },
        })?;
        Ok(checked.to_owned())
    }
}

impl fmt::Debug for Runtime {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        formatter
            .debug_struct("Runtime")
            .field("environment", &inner.environment)
            .field("base_url", &inner.base_url)
            .field("retry_policy", &inner.retry_policy)
            .field("max_response_bytes", &inner.max_response_bytes)
            .finish_non_exhaustive()
    }
}
