//! Helpers shared by the wire tests of the generated vendor clients: clients aimed at a mock
//! server on 127.0.0.1, canned responses, the requests the server recorded, and parsers for the
//! three request body encodings (JSON, `application/x-www-form-urlencoded`, `multipart/form-data`).

// Each test binary includes this module and uses a different subset of it.
#![allow(dead_code)]

pub mod stubbed;

use std::future::Future;
use std::time::Duration;

use clientgen_runtime::{Error, RetryPolicy};
use serde_json::Value;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A VectorCare access token shaped like the JWT the vendor page shows.
pub const VECTORCARE_TOKEN: &str =
    "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ3aXJlLXRlc3RzIn0.c2lnbmF0dXJlLWJ5dGVz";
/// A careCycle API key; careCycle keys begin with `cc_`.
pub const CARECYCLE_KEY: &str = "cc_live_7f3a9c2e5b1d4f60";
/// A CareValidate API key.
pub const CAREVALIDATE_KEY: &str = "cv-secret-4b8e1f0a92d7";
/// The VSee API token of the page's examples.
pub const VSEE_TOKEN: &str = "5a2eb231d652b49f4d7fc0fbb78328fb";
/// The VSee account code of the page's examples.
pub const VSEE_ACCOUNT: &str = "vclinic";
/// The VSee API key of the page's e-consult example.
pub const VSEE_API_KEY: &str = "44c4d9bec884a8ca356177bebd59551d";

/// VectorCare's create-request success body, as the create page shows it.
pub fn vectorcare_created() -> Value {
    serde_json::json!({
        "request_id": "KP-ABCD1234",
        "service_request_web_url": "https://hub.vectorcare.com/service_request/o/X5318RVM/permalink/KP-ABCD1234/"
    })
}

/// Returns a policy that never retries, so that each call is exactly one request.
pub fn no_retries() -> RetryPolicy {
    RetryPolicy::none()
}

/// Returns a policy that retries up to three times with tiny backoffs, so retry tests stay fast.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        max_retries: 3,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(4),
        max_retry_after: Duration::from_secs(2),
        jitter: false,
        max_elapsed: Duration::from_secs(30),
    }
}

/// Returns the VectorCare credentials used by every test.
pub fn vectorcare_credentials() -> vectorcare_client::Credentials {
    vectorcare_client::Credentials::new()
        .with_bearer_auth(VECTORCARE_TOKEN)
        .expect("a valid token")
}

/// Returns a VectorCare client builder aimed at the mock server, without retries.
pub fn vectorcare_builder(server: &MockServer) -> vectorcare_client::ClientBuilder {
    vectorcare_client::Client::builder(
        vectorcare_client::Environment::Production,
        vectorcare_credentials(),
    )
    .base_url(server.uri())
    .retry_policy(no_retries())
}

/// Returns a VectorCare client aimed at the mock server, without retries.
pub fn vectorcare(server: &MockServer) -> vectorcare_client::Client {
    vectorcare_builder(server).build().expect("a valid client")
}

/// Returns the careCycle credentials used by every test.
pub fn carecycle_credentials() -> carecycle_client::Credentials {
    carecycle_client::Credentials::new()
        .with_api_key(CARECYCLE_KEY)
        .expect("a valid key")
}

/// Returns a careCycle client builder aimed at the mock server, without retries.
pub fn carecycle_builder(server: &MockServer) -> carecycle_client::ClientBuilder {
    carecycle_client::Client::builder(
        carecycle_client::Environment::Production,
        carecycle_credentials(),
    )
    .base_url(server.uri())
    .retry_policy(no_retries())
}

/// Returns a careCycle client aimed at the mock server, without retries.
pub fn carecycle(server: &MockServer) -> carecycle_client::Client {
    carecycle_builder(server).build().expect("a valid client")
}

/// Returns the CareValidate credentials used by every test.
pub fn carevalidate_credentials() -> carevalidate_client::Credentials {
    carevalidate_client::Credentials::new()
        .with_api_key(CAREVALIDATE_KEY)
        .expect("a valid key")
}

/// Returns a CareValidate client builder aimed at the mock server, without retries.
pub fn carevalidate_builder(server: &MockServer) -> carevalidate_client::ClientBuilder {
    carevalidate_client::Client::builder(
        carevalidate_client::Environment::Production,
        carevalidate_credentials(),
    )
    .base_url(server.uri())
    .retry_policy(no_retries())
}

/// Returns a CareValidate client aimed at the mock server, without retries.
pub fn carevalidate(server: &MockServer) -> carevalidate_client::Client {
    carevalidate_builder(server)
        .build()
        .expect("a valid client")
}

/// Returns the VSee credentials used by every test: token, account code and API key.
pub fn vsee_credentials() -> vsee_client::Credentials {
    vsee_client::Credentials::new()
        .with_api_token(VSEE_TOKEN)
        .and_then(|credentials| credentials.with_account_code(VSEE_ACCOUNT))
        .and_then(|credentials| credentials.with_api_key(VSEE_API_KEY))
        .expect("valid credentials")
}

/// Returns a VSee client builder aimed at the mock server, without retries.
pub fn vsee_builder(server: &MockServer) -> vsee_client::ClientBuilder {
    vsee_client::Client::builder(vsee_client::Environment::Preview, vsee_credentials())
        .base_url(server.uri())
        .retry_policy(no_retries())
}

/// Returns a VSee client aimed at the mock server, without retries.
pub fn vsee(server: &MockServer) -> vsee_client::Client {
    vsee_builder(server).build().expect("a valid client")
}

/// Forgets earlier mocks and requests, then answers every request with `template`.
pub async fn respond(server: &MockServer, template: ResponseTemplate) {
    server.reset().await;
    Mock::given(any())
        .respond_with(template)
        .mount(server)
        .await;
}

/// Forgets earlier mocks and requests, then answers the first `times` requests with `first` and
/// every later one with `then`.
pub async fn respond_then(
    server: &MockServer,
    first: ResponseTemplate,
    times: u64,
    then: ResponseTemplate,
) {
    server.reset().await;
    Mock::given(any())
        .respond_with(first)
        .up_to_n_times(times)
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(any())
        .respond_with(then)
        .with_priority(2)
        .mount(server)
        .await;
}

/// Returns a response with `status` and `body` sent as `application/json`.
pub fn json_response(status: u16, body: &Value) -> ResponseTemplate {
    raw_json_response(status, body.to_string())
}

/// Returns a response with `status` and the given bytes sent as `application/json`, verbatim.
pub fn raw_json_response(status: u16, body: impl Into<Vec<u8>>) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.into(), "application/json")
}

/// Returns every request the server recorded since it started or was last reset.
pub async fn received(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("request recording is on")
}

/// Returns the one request the server recorded, failing when it recorded any other number.
pub async fn single_request(server: &MockServer) -> Request {
    let mut requests = received(server).await;
    assert_eq!(
        requests.len(),
        1,
        "expected exactly one request, got {}",
        requests.len()
    );
    requests.remove(0)
}

/// Returns the value of a request header as text, if present.
pub fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request
        .headers
        .get(name)
        .map(|value| value.to_str().expect("a text header value"))
}

/// Asserts the method, the exact (still percent-encoded) path and the exact query string.
pub fn assert_target(request: &Request, method: &str, path: &str, query: Option<&str>) {
    assert_eq!(request.method.as_str(), method, "method");
    assert_eq!(request.url.path(), path, "path");
    assert_eq!(request.url.query(), query, "query string");
}

/// Parses a JSON request body, checking that it was sent as `application/json`.
pub fn json_body(request: &Request) -> Value {
    assert_eq!(header(request, "content-type"), Some("application/json"));
    serde_json::from_slice(&request.body).expect("the body is JSON")
}

/// Parses an `application/x-www-form-urlencoded` body into its decoded pairs, in order, checking
/// the content type.
pub fn form_pairs(request: &Request) -> Vec<(String, String)> {
    assert_eq!(
        header(request, "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    // A raw space or other unencoded byte would be a malformed form body.
    assert!(
        request
            .body
            .iter()
            .all(|byte| byte.is_ascii_alphanumeric() || b"%-._~=&".contains(byte)),
        "form body holds unencoded bytes: {}",
        String::from_utf8_lossy(&request.body)
    );
    clientgen_runtime::url::form_urlencoded::parse(&request.body)
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect()
}

/// Returns pairs sorted, so that two bodies can be compared regardless of field order.
pub fn sorted(mut pairs: Vec<(String, String)>) -> Vec<(String, String)> {
    pairs.sort();
    pairs
}

/// Turns `[("a", "1")]` literals into owned pairs.
pub fn pairs(literal: &[(&str, &str)]) -> Vec<(String, String)> {
    literal
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect()
}

/// One part of a `multipart/form-data` body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The `name` of its `Content-Disposition`.
    pub name: String,
    /// The `filename` of its `Content-Disposition`, if any.
    pub filename: Option<String>,
    /// Its own `Content-Type`, if any.
    pub content_type: Option<String>,
    /// Its content.
    pub data: Vec<u8>,
}

/// Parses a `multipart/form-data` body into its parts, checking the content type, the boundary
/// and the framing (no preamble, CRLF line ends, a closing delimiter and nothing after it).
pub fn multipart_parts(request: &Request) -> Vec<Part> {
    let content_type = header(request, "content-type").expect("a content type");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("not a multipart content type: {content_type}"));
    assert!(
        !boundary.is_empty() && boundary.len() <= 70,
        "boundary length"
    );
    let delimiter = format!("--{boundary}");
    let body = request.body.as_slice();
    let closing = format!("{delimiter}--\r\n");
    assert!(
        body.ends_with(closing.as_bytes()),
        "the body must end with the closing delimiter"
    );
    let chunks = split(&body[..body.len() - closing.len()], delimiter.as_bytes());
    assert_eq!(chunks[0], b"", "no preamble before the first delimiter");
    chunks[1..].iter().map(|chunk| parse_part(chunk)).collect()
}

/// Returns the parts as `(name, text)` pairs, checking that each is a plain text part (no file
/// name, no content type).
pub fn text_parts(parts: &[Part]) -> Vec<(String, String)> {
    parts
        .iter()
        .map(|part| {
            assert_eq!(part.filename, None, "part {} has a file name", part.name);
            assert_eq!(
                part.content_type, None,
                "part {} has a media type",
                part.name
            );
            let text = String::from_utf8(part.data.clone()).expect("text part");
            (part.name.clone(), text)
        })
        .collect()
}

/// Splits `haystack` at every occurrence of `needle`.
fn split<'a>(haystack: &'a [u8], needle: &[u8]) -> Vec<&'a [u8]> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut index = 0;
    while index + needle.len() <= haystack.len() {
        if &haystack[index..index + needle.len()] == needle {
            pieces.push(&haystack[start..index]);
            index += needle.len();
            start = index;
        } else {
            index += 1;
        }
    }
    pieces.push(&haystack[start..]);
    pieces
}

/// Parses one part: `\r\n`, header lines, an empty line, the data and a final `\r\n`.
fn parse_part(chunk: &[u8]) -> Part {
    let chunk = chunk
        .strip_prefix(b"\r\n")
        .expect("a CRLF after the delimiter");
    let chunk = chunk
        .strip_suffix(b"\r\n")
        .expect("a CRLF before the next delimiter");
    let split_at = chunk
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .expect("an empty line after the part headers");
    let head = std::str::from_utf8(&chunk[..split_at]).expect("ASCII part headers");
    let data = chunk[split_at + 4..].to_vec();
    let mut name = None;
    let mut filename = None;
    let mut content_type = None;
    for line in head.split("\r\n") {
        let (field, value) = line.split_once(": ").expect("a `Name: value` header");
        match field.to_ascii_lowercase().as_str() {
            "content-disposition" => {
                let mut params = value.split("; ");
                assert_eq!(params.next(), Some("form-data"));
                for param in params {
                    let (key, quoted) = param.split_once('=').expect("a parameter");
                    let unquoted = quoted
                        .strip_prefix('"')
                        .and_then(|rest| rest.strip_suffix('"'))
                        .expect("a quoted parameter")
                        .to_owned();
                    match key {
                        "name" => name = Some(unquoted),
                        "filename" => filename = Some(unquoted),
                        other => panic!("unexpected disposition parameter {other}"),
                    }
                }
            }
            "content-type" => content_type = Some(value.to_owned()),
            other => panic!("unexpected part header {other}"),
        }
    }
    Part {
        name: name.expect("a part name"),
        filename,
        content_type,
        data,
    }
}

/// Calls an operation that must fail and returns its `Error::Api`, failing on any other outcome.
pub async fn api_error<T, E, Fut>(call: Fut) -> clientgen_runtime::ApiError<E>
where
    Fut: Future<Output = Result<T, Error<E>>>,
    E: std::fmt::Debug,
{
    match call.await {
        Err(Error::Api(error)) => error,
        Err(other) => panic!("expected Error::Api, got {other:?}"),
        Ok(_) => panic!("expected Error::Api, got a success"),
    }
}
