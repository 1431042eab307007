//! The hand-written runtime shared by every client crate that clientgen generates.
//!
//! A generated client is a thin layer of types and one method per operation.
//! Everything that talks to the network lives here, written once:
//!
//! - [`ClientBuilder`] and [`Runtime`] choose the server for an environment, check the URL policy
//!   (`https://` everywhere, `http://` only for loopback hosts) and hold one `reqwest` client.
//! - [`CredentialSet`] keeps API keys, bearer tokens, basic credentials and cookies, applies the
//!   first security alternative of an [`Operation`] that it can satisfy, and never prints a secret.
//! - [`RequestBuilder`] encodes path, query, header and body parameters so that no value can change
//!   the shape of the request (a path parameter `../admin` stays one encoded segment).
//! - [`RetryPolicy`] re-sends a request only when that is safe: a refused connection or a 429 for
//!   every operation, a 503 or a timeout only for idempotent operations.
//! - [`validate`] checks a request against the spec's constraints before it is sent, naming the
//!   field, the rule and the spec location of each violation, never the value.
//! - [`Transport`] is the seam every attempt goes through: reqwest by default, and with the
//!   `test-util` feature the in-process stubs of `test_util`, so tests take the same path.
//! - [`Response`] reads the body with a size limit and decodes it into the documented type, or into
//!   an [`Error`] whose `Display` and `Debug` never show body bytes, header values or credentials.
//!
//! The crate re-exports the libraries that generated code needs, so a generated crate depends on
//! `clientgen-runtime` alone. Its cargo features choose the TLS implementation (`rustls-ring`,
//! the default, `rustls-aws-lc` or `native-tls`; every generated crate passes them on) and turn
//! on `tracing`.
//!
//! ```no_run
//! use clientgen_runtime::{
//!     ClientBuilder, CredentialSet, Environment, Error, FromRuntime, Method, Operation, Runtime,
//!     Server,
//! };
//!
//! #[derive(Clone, Copy, Debug)]
//! enum Env {
//!     Production,
//! }
//!
//! impl Environment for Env {
//!     fn name(self) -> &'static str {
//!         "production"
//!     }
//! }
//!
//! static SERVERS: &[Server] =
//!     &[Server { environment: "production", url: "https://api.example.com/v1", variables: &[] }];
//!
//! static GET_VISIT: Operation = Operation {
//!     id: "getVisit",
//!     method: Method::GET,
//!     path_template: "/visits/{id}",
//!     servers: SERVERS,
//!     security: &[&["ApiKey"]],
//!     idempotent: true,
//!     retry_after_field: None,
//! };
//!
//! struct Client(Runtime);
//!
//! impl FromRuntime for Client {
//!     fn from_runtime(runtime: Runtime) -> Self {
//!         Client(runtime)
//!     }
//! }
//!
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! let mut credentials = CredentialSet::new();
//! credentials.insert_header("ApiKey", "X-Api-Key", "secret")?;
//! let client: Client = ClientBuilder::new(Env::Production, SERVERS, credentials).build()?;
//! let response = client
//!     .0
//!     .request(&GET_VISIT)
//!     .path("/visits/")
//!     .path_param("id", "42")
//!     .send::<()>()
//!     .await?;
//! let visit: serde_json::Value = match response.status().as_u16() {
//!     200 => response.json::<serde_json::Value, ()>()?.into_inner(),
//!     _ => return Err(response.unexpected::<()>().into()),
//! };
//! # let _ = visit;
//! # Ok(())
//! # }
//! ```
#![deny(missing_docs)]

mod auth;
mod call;
mod client;
mod decode;
mod descriptor;
pub mod enums;
mod error;
mod fields;
mod keys;
pub mod lenient;
pub mod multipart;
pub mod nullable;
pub mod object;
mod param;
mod request;
mod request_url;
mod response;
mod retry;
mod retry_after;
mod server;
pub mod success;
#[cfg(feature = "test-util")]
pub mod test_util;
mod tls;
mod transport;
mod types;
pub mod union;
pub mod validate;
mod validate_impls;

pub use bytes;
pub use chrono;
pub use reqwest;
pub use serde;
pub use serde_json;
pub use url;
pub use uuid;

pub use bytes::Bytes;
pub use reqwest::header::{HeaderMap, HeaderValue};
pub use reqwest::{Method, StatusCode};

pub use auth::CredentialSet;
pub use call::{Call, Decode};
pub use client::{
    ClientBuilder, FromRuntime, Runtime, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT,
    DEFAULT_USER_AGENT,
};
pub use decode::{decode_json, decode_json_without_key_scan};
pub use descriptor::{Environment, Operation, RequiredCredential, Server, ServerVariable};
pub use error::{
    ApiError, BuildError, CredentialError, DecodeError, Error, RawResponse, RequestError,
    TransportError, TransportErrorKind,
};
pub use fields::{FieldsError, FromFields};
pub use param::{ArrayStyle, ObjectStyle, ToParam};
pub use request::RequestBuilder;
pub use response::{ErrorResponses, Response, ResponseValue};
pub use retry::RetryPolicy;
pub use tls::install_tls_provider;
pub use transport::{Attempt, Transport, TransportFuture};
pub use types::{Base64, Binary, Timestamp};
