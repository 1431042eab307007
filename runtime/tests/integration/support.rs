//! The operations, environment and client type shared by the integration tests.

use std::time::Duration;

use clientgen_runtime::{
    ClientBuilder, CredentialSet, Environment, FromRuntime, Method, Operation, RetryPolicy, Runtime,
};
use wiremock::MockServer;

/// The environments of the test spec.
#[derive(Clone, Copy, Debug)]
pub enum Env {
    Production,
    Sandbox,
    Staging,
}

impl Environment for Env {
    fn name(self) -> &'static str {
        match self {
            Env::Production => "production",
            Env::Sandbox => "sandbox",
            Env::Staging => "staging",
        }
    }
}

/// A client as the generator would emit it.
pub struct TestClient(pub Runtime);

impl FromRuntime for TestClient {
    fn from_runtime(runtime: Runtime) -> Self {
        TestClient(runtime)
    }
}

/// An idempotent read without authentication.
pub static GET_ITEM: Operation = Operation {
    id: "getItem",
    method: Method::GET,
    path_template: "/items/{id}",
    servers: &[],
    security: &[],
    idempotent: true,
    retry_after_field: None,
};

/// A non-idempotent create whose 429 bodies carry `retryAfter` (as careCycle's do).
pub static CREATE_ITEM: Operation = Operation {
    id: "createItem",
    method: Method::POST,
    path_template: "/items",
    servers: &[],
    security: &[],
    idempotent: false,
    retry_after_field: Some("retryAfter"),
};

/// Returns a retry policy with tiny backoffs, so retries do not slow the tests down.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        max_retries: 3,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(5),
        max_retry_after: Duration::from_secs(5),
        jitter: false,
        max_elapsed: Duration::from_secs(30),
    }
}

/// Returns a builder aimed at the mock server.
pub fn builder(server: &MockServer, credentials: CredentialSet) -> ClientBuilder<TestClient, Env> {
    ClientBuilder::new(Env::Production, &[], credentials)
        .base_url(server.uri())
        .retry_policy(fast_retries())
}

/// Returns a client aimed at the mock server.
pub fn client(server: &MockServer, credentials: CredentialSet) -> TestClient {
    builder(server, credentials)
        .build()
        .expect("a valid test configuration")
}

/// Returns a client aimed at the mock server without credentials.
pub fn anonymous(server: &MockServer) -> TestClient {
    client(server, CredentialSet::new())
}

/// Returns the requests the mock server received.
pub async fn received(server: &MockServer) -> Vec<wiremock::Request> {
    server
        .received_requests()
        .await
        .expect("request recording is on")
}

/// Returns the path and query of the only request the server received, exactly as sent.
pub async fn only_target(server: &MockServer) -> String {
    let requests = received(server).await;
    assert_eq!(requests.len(), 1, "expected exactly one request");
    let url = &requests[0].url;
    match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_owned(),
    }
}

/// Returns the text of a header of a received request.
pub fn header<'r>(request: &'r wiremock::Request, name: &str) -> Option<&'r str> {
    request
        .headers
        .get(name)
        .and_then(|value| value.to_str().ok())
}

/// Starts a one-shot HTTP server that answers the first request with `response` and returns its
/// base URL and a handle yielding the request head exactly as it arrived.
pub async fn raw_server(response: &'static [u8]) -> (String, tokio::task::JoinHandle<String>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let address = listener.local_addr().expect("bound address");
    let handle = tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.expect("one connection");
        let mut head = Vec::new();
        let mut buffer = [0u8; 1024];
        while !head.windows(4).any(|window| window == b"\r\n\r\n") {
            let read = stream.read(&mut buffer).await.expect("read request");
            if read == 0 {
                break;
            }
            head.extend_from_slice(&buffer[..read]);
        }
        // The client may hang up early (for example on a body over the limit).
        let _ = stream.write_all(response).await;
        let _ = stream.shutdown().await;
        String::from_utf8_lossy(&head).into_owned()
    });
    (format!("http://{address}"), handle)
}
