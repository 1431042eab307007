//! The seam between a call and the network: every attempt of every request goes either to the
//! default reqwest transport or to the [`Transport`] set on the builder, such as the `test-util`
//! feature's stubs, which answer it in process. Retries, credentials, idempotency rules and decoding stay above the seam, so a
//! stubbed call exercises the same code as a real one.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use reqwest::header::HeaderMap;
use reqwest::Method;
use url::Url;

use crate::descriptor::Operation;
use crate::error::TransportError;
use crate::response::Response;

/// The future a [`Transport`] returns.
pub type TransportFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Response, TransportError>> + Send + 'a>>;

/// One attempt of a request, ready to send: credentials applied, URL assembled.
#[derive(Clone)]
pub struct Attempt {
    /// The operation it belongs to.
    pub operation: &'static Operation,
    /// The HTTP method.
    pub method: Method,
    /// The full URL, query included.
    pub url: Url,
    /// The headers; credential values are marked sensitive.
    pub headers: HeaderMap,
    /// The body, if any.
    pub body: Option<bytes::Bytes>,
    /// The time this attempt may take, reading the response body included.
    pub timeout: Option<Duration>,
    /// The largest response body accepted; a larger one fails with
    /// [`TransportErrorKind::TooLarge`](crate::TransportErrorKind::TooLarge).
    pub max_response_bytes: usize,
    /// How many of the query string's last pairs carry credentials, for tools that record
    /// requests (credentials are appended after every parameter).
    pub credential_query_pairs: usize,
}

impl std::fmt::Debug for Attempt {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The URL and body may hold patient data and the headers credentials.
        formatter
            .debug_struct("Attempt")
            .field("operation", &self.operation.id)
            .field("method", &self.method)
            .finish_non_exhaustive()
    }
}

/// Sends one attempt and reads its response.
///
/// Implement it to put something between the client and the network (a recorder, a proxy of
/// your own); set it with [`ClientBuilder::transport`](crate::ClientBuilder::transport).
pub trait Transport: Send + Sync + 'static {
    /// Sends `attempt` and returns the response with its whole body, or why there is none.
    fn send(&self, attempt: Attempt) -> TransportFuture<'_>;
}

/// The default transport: one `reqwest` client and its connection pool.
pub(crate) struct Reqwest {
    pub(crate) http: reqwest::Client,
}

impl Reqwest {
    /// Sends one attempt. The request path calls this directly rather than through
    /// [`Transport`], so that real traffic pays for no boxed future and no dynamic call.
    pub(crate) async fn execute(&self, attempt: Attempt) -> Result<Response, TransportError> {
        let operation = attempt.operation;
        let mut request = reqwest::Request::new(attempt.method, attempt.url);
        *request.headers_mut() = attempt.headers;
        *request.body_mut() = attempt.body.map(reqwest::Body::from);
        // An empty timeout is not stored: the request's extensions are only allocated for one.
        if attempt.timeout.is_some() {
            *request.timeout_mut() = attempt.timeout;
        }
        match self.http.execute(request).await {
            Ok(response) => read(operation, response, attempt.max_response_bytes).await,
            Err(error) => Err(TransportError::from_reqwest(operation, error)),
        }
    }
}

/// Reads a response body, failing with `TooLarge` as soon as it exceeds `limit`.
async fn read(
    operation: &'static Operation,
    mut response: reqwest::Response,
    limit: usize,
) -> Result<Response, TransportError> {
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    let announced = response.content_length();
    if announced.is_some_and(|length| length > u64::try_from(limit).unwrap_or(u64::MAX)) {
        return Err(TransportError::too_large(operation));
    }
    // A body that arrives in one chunk, as most small JSON bodies do, is kept as it came;
    // later chunks are gathered into a buffer of the announced length (bounded by the check
    // above), so the limit is enforced as the body grows.
    let mut first: Option<Bytes> = None;
    let mut gathered: Option<BytesMut> = None;
    let mut received = 0;
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|error| TransportError::from_reqwest(operation, error))?
    {
        if chunk.len() > limit - received {
            return Err(TransportError::too_large(operation));
        }
        received += chunk.len();
        match (&mut gathered, first.take()) {
            (Some(buffer), _) => buffer.extend_from_slice(&chunk),
            (None, None) => first = Some(chunk),
            (None, Some(earlier)) => {
                let capacity = announced
                    .and_then(|length| usize::try_from(length).ok())
                    .unwrap_or(0)
                    .max(received);
                let mut buffer = BytesMut::with_capacity(capacity);
                buffer.extend_from_slice(&earlier);
                buffer.extend_from_slice(&chunk);
                gathered = Some(buffer);
            }
        }
    }
    let body = match gathered {
        Some(buffer) => buffer.freeze(),
        None => first.unwrap_or_default(),
    };
    Ok(Response::new(operation, status, headers, body))
}
