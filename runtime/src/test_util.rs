//! In-process stubs for testing code that calls a generated client (the `test-util` feature):
//! a [`Transport`] that answers each operation from a queue of [`Answer`]s and records what was
//! sent. No socket is opened; retries, credentials, idempotency rules and decoding run as they
//! do against a real server.
//!
//! Waits (stubbed delays, `Retry-After`, back-off) use tokio's clock, so a test run with
//! `#[tokio::test(start_paused = true)]` takes no real time.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{TransportError, TransportErrorKind};
use crate::response::Response;
use crate::transport::{Attempt, Transport, TransportFuture};

/// What stands in for the value of a credential in a [`SentRequest`].
pub const REDACTED: &str = "[redacted]";

/// A failure of the connection instead of a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The connection could not be made: the request was not sent.
    ConnectionRefused,
    /// The attempt took longer than the request timeout: the server may have acted on it.
    Timeout,
    /// The connection closed before a response arrived: the server may have acted on it.
    ConnectionDropped,
}

/// One stubbed answer to one attempt: a response, or a [`Fault`], possibly after a delay.
#[derive(Clone)]
pub struct Answer {
    outcome: Outcome,
    delay: Duration,
}

#[derive(Clone)]
enum Outcome {
    Response {
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
    },
    Fault(Fault),
}

impl Answer {
    /// A response with `status` and no body. A status outside 100..=999 becomes 500.
    pub fn status(status: u16) -> Self {
        Answer {
            outcome: Outcome::Response {
                status: StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                headers: HeaderMap::new(),
                body: Bytes::new(),
            },
            delay: Duration::ZERO,
        }
    }

    /// A response with `status` and `value` as its JSON body. A value that cannot be written
    /// as JSON (a map with non-text keys) is sent as the JSON text of the error, so the test
    /// sees a decoding failure rather than a silent empty body.
    pub fn json<T: Serialize + ?Sized>(status: u16, value: &T) -> Self {
        let body = serde_json::to_vec(value).unwrap_or_else(|error| {
            format!("{{\"unserializable\": {:?}}}", error.to_string()).into_bytes()
        });
        Answer::status(status).body("application/json", body)
    }

    /// A response with `status` and `value` as its JSON body, inside an envelope member
    /// (`{"data": value}`), as the APIs that wrap their answers send it.
    pub fn json_in_envelope<T: Serialize + ?Sized>(status: u16, member: &str, value: &T) -> Self {
        let wrapped = match serde_json::to_value(value) {
            Ok(value) => serde_json::json!({ member: value }),
            Err(error) => serde_json::json!({ "unserializable": error.to_string() }),
        };
        Answer::json(status, &wrapped)
    }

    /// `429 Too Many Requests` with `Retry-After: seconds`.
    pub fn rate_limited(seconds: u64) -> Self {
        Answer::status(429).header(RETRY_AFTER.as_str(), &seconds.to_string())
    }

    /// `503 Service Unavailable` with `Retry-After: seconds`.
    pub fn unavailable(seconds: u64) -> Self {
        Answer::status(503).header(RETRY_AFTER.as_str(), &seconds.to_string())
    }

    /// A response with `status` whose body claims to be JSON and is not.
    pub fn malformed(status: u16) -> Self {
        Answer::status(status).body("application/json", "{\"truncated\": ")
    }

    /// A failure of the connection instead of a response.
    pub fn fault(fault: Fault) -> Self {
        Answer {
            outcome: Outcome::Fault(fault),
            delay: Duration::ZERO,
        }
    }

    /// Sets the body and its `Content-Type`.
    pub fn body(mut self, content_type: &str, body: impl Into<Bytes>) -> Self {
        self = self.header(CONTENT_TYPE.as_str(), content_type);
        if let Outcome::Response { body: slot, .. } = &mut self.outcome {
            *slot = body.into();
        }
        self
    }

    /// Adds a response header. A name or value that HTTP cannot carry is left out.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        if let Outcome::Response { headers, .. } = &mut self.outcome {
            if let (Ok(name), Ok(value)) = (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(value),
            ) {
                headers.append(name, value);
            }
        }
        self
    }

    /// Answers only after `delay`. A delay longer than the request timeout makes the attempt
    /// time out, as a slow server would.
    pub fn after(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

impl fmt::Debug for Answer {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = formatter.debug_struct("Answer");
        match &self.outcome {
            Outcome::Response { status, body, .. } => {
                out.field("status", status).field("body_bytes", &body.len())
            }
            Outcome::Fault(fault) => out.field("fault", fault),
        };
        out.field("delay", &self.delay).finish()
    }
}

/// A request as the stubs received it, credentials redacted.
#[derive(Clone)]
pub struct SentRequest {
    /// The operation id.
    pub operation: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The URL, with the value of a credential query parameter replaced by [`REDACTED`].
    pub url: url::Url,
    /// The headers, with the value of each credential header replaced by [`REDACTED`].
    pub headers: HeaderMap,
    /// The body as sent.
    pub body: Option<Bytes>,
}

impl SentRequest {
    /// The value of a header, if it is present and text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// The first value of a query parameter.
    pub fn query(&self, name: &str) -> Option<String> {
        self.url
            .query_pairs()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
    }

    /// The JSON body decoded as `T`, such as the operation's request type.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(self.body.as_deref().unwrap_or_default())
    }

    /// The pairs of an `application/x-www-form-urlencoded` body.
    pub fn form(&self) -> Vec<(String, String)> {
        url::form_urlencoded::parse(self.body.as_deref().unwrap_or_default())
            .into_owned()
            .collect()
    }
}

impl fmt::Debug for SentRequest {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Even in tests, the body and URL may hold patient data: `Debug` shows neither.
        formatter
            .debug_struct("SentRequest")
            .field("operation", &self.operation)
            .field("method", &self.method)
            .finish_non_exhaustive()
    }
}

/// The stubbed server: per operation, a queue of answers, and every request received.
///
/// Clones share their state, so a test keeps one to set answers and check requests while the
/// client holds another (through [`ClientBuilder::transport`](crate::ClientBuilder::transport)).
/// An operation with no answer left receives `501 Not Implemented` with a text body naming it.
#[derive(Clone, Default)]
pub struct Stubs {
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    answers: HashMap<String, VecDeque<Answer>>,
    sent: Vec<SentRequest>,
}

impl Stubs {
    /// Stubs with no answers.
    pub fn new() -> Self {
        Stubs::default()
    }

    /// The stubs of the operation `operation_id`, whose documented success is `success_status`
    /// with a body written as `body` says: what each accessor of a generated crate's `Stubs`
    /// returns.
    pub fn operation<T: Serialize + ?Sized>(
        &self,
        operation_id: &'static str,
        success_status: u16,
        body: SuccessBody,
    ) -> OperationStub<'_, T> {
        OperationStub {
            stubs: self,
            operation_id,
            success_status,
            body,
            success: std::marker::PhantomData,
        }
    }

    /// Queues `answer` for the next attempt of the operation `operation_id` (its `operationId`).
    pub fn answer(&self, operation_id: &str, answer: Answer) -> &Self {
        self.lock()
            .answers
            .entry(operation_id.to_string())
            .or_default()
            .push_back(answer);
        self
    }

    /// Every request received, in order, retries included.
    pub fn sent(&self) -> Vec<SentRequest> {
        self.lock().sent.clone()
    }

    /// The requests received for one operation, in order, retries included.
    pub fn sent_to(&self, operation_id: &str) -> Vec<SentRequest> {
        self.lock()
            .sent
            .iter()
            .filter(|request| request.operation == operation_id)
            .cloned()
            .collect()
    }

    /// How many answers are still queued for an operation.
    pub fn pending(&self, operation_id: &str) -> usize {
        self.lock()
            .answers
            .get(operation_id)
            .map_or(0, VecDeque::len)
    }

    /// The state, even after a panic in another test thread poisoned the lock.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Records the attempt and takes its answer.
    fn take(&self, attempt: &Attempt) -> Answer {
        let mut state = self.lock();
        state.sent.push(redacted(attempt));
        match state
            .answers
            .get_mut(attempt.operation.id)
            .and_then(VecDeque::pop_front)
        {
            Some(answer) => answer,
            None => Answer::status(501).body(
                "text/plain",
                format!(
                    "no stubbed answer left for operation `{}`",
                    attempt.operation.id
                ),
            ),
        }
    }
}

impl fmt::Debug for Stubs {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.lock();
        formatter
            .debug_struct("Stubs")
            .field(
                "queued",
                &state.answers.values().map(VecDeque::len).sum::<usize>(),
            )
            .field("sent", &state.sent.len())
            .finish()
    }
}

impl Transport for Stubs {
    fn send(&self, attempt: Attempt) -> TransportFuture<'_> {
        let answer = self.take(&attempt);
        Box::pin(async move {
            let operation = attempt.operation;
            let timeout = attempt.timeout.unwrap_or(crate::DEFAULT_TIMEOUT);
            let fault = |kind: TransportErrorKind, sent: bool| {
                Err(TransportError::stubbed(operation, kind, sent))
            };
            if answer.delay >= timeout {
                tokio::time::sleep(timeout).await;
                return fault(TransportErrorKind::Timeout, true);
            }
            tokio::time::sleep(answer.delay).await;
            match answer.outcome {
                Outcome::Response {
                    status,
                    headers,
                    body,
                } => {
                    if body.len() > attempt.max_response_bytes {
                        return Err(TransportError::too_large(operation));
                    }
                    Ok(Response::new(operation, status, headers, body))
                }
                Outcome::Fault(Fault::ConnectionRefused) => {
                    fault(TransportErrorKind::Connect, false)
                }
                Outcome::Fault(Fault::Timeout) => fault(TransportErrorKind::Timeout, true),
                Outcome::Fault(Fault::ConnectionDropped) => fault(TransportErrorKind::Other, true),
            }
        })
    }
}

/// The attempt as recorded: credential values replaced by [`REDACTED`].
fn redacted(attempt: &Attempt) -> SentRequest {
    let mut headers = attempt.headers.clone();
    for value in headers.values_mut() {
        if value.is_sensitive() {
            *value = HeaderValue::from_static(REDACTED);
        }
    }
    let mut url = attempt.url.clone();
    if let Some(query) = attempt
        .url
        .query()
        .filter(|_| attempt.credential_query_pairs > 0)
    {
        // The other pairs keep their encoding exactly as sent.
        let mut pairs: Vec<String> = query.split('&').map(str::to_owned).collect();
        let first_credential = pairs.len().saturating_sub(attempt.credential_query_pairs);
        for pair in pairs.iter_mut().skip(first_credential) {
            let key = pair.split('=').next().unwrap_or_default();
            *pair = format!("{key}={REDACTED}");
        }
        url.set_query(Some(&pairs.join("&")));
    }
    SentRequest {
        operation: attempt.operation.id,
        method: attempt.method.clone(),
        url,
        headers,
        body: attempt.body.clone(),
    }
}

/// The stubs of one operation, typed by its success body `T`: what a generated crate's
/// `Stubs::<operation>()` returns. Each call queues one more answer, so a sequence is written
/// as one call per attempt.
pub struct OperationStub<'a, T: ?Sized> {
    stubs: &'a Stubs,
    operation_id: &'static str,
    success_status: u16,
    body: SuccessBody,
    success: std::marker::PhantomData<fn(&T)>,
}

/// How an operation's success body is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuccessBody {
    /// No body.
    Empty,
    /// A JSON body.
    Json,
    /// A JSON body inside the named envelope member (`{"data": ...}`).
    JsonInEnvelope(&'static str),
}

impl<T: Serialize + ?Sized> OperationStub<'_, T> {
    /// Queues the documented success with `value` as its body.
    pub fn returns(&self, value: &T) -> &Self {
        self.returns_with_status(self.success_status, value)
    }

    /// Queues a success with another status (another documented 2xx) and `value` as its body.
    pub fn returns_with_status(&self, status: u16, value: &T) -> &Self {
        let answer = match self.body {
            SuccessBody::Empty => Answer::status(status),
            SuccessBody::Json => Answer::json(status, value),
            SuccessBody::JsonInEnvelope(member) => Answer::json_in_envelope(status, member, value),
        };
        self.answers(answer)
    }

    /// Queues an error status with a JSON body, such as the operation's documented error type.
    pub fn fails<B: Serialize + ?Sized>(&self, status: u16, body: &B) -> &Self {
        self.answers(Answer::json(status, body))
    }

    /// Queues any answer: an undocumented status with a raw body, a fault, a delay.
    pub fn answers(&self, answer: Answer) -> &Self {
        self.stubs.answer(self.operation_id, answer);
        self
    }

    /// The requests this operation received, in order, retries included.
    pub fn sent(&self) -> Vec<SentRequest> {
        self.stubs.sent_to(self.operation_id)
    }

    /// How many attempts this operation received, retries included.
    pub fn calls(&self) -> usize {
        self.sent().len()
    }
}

impl<T: ?Sized> fmt::Debug for OperationStub<'_, T> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("OperationStub")
            .field("operation", &self.operation_id)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::descriptor::Operation;

    static FIND: Operation = Operation::named("find", Method::GET, "/items");

    #[test]
    fn the_credential_pairs_are_redacted_and_the_others_kept_as_sent() {
        let mut headers = HeaderMap::new();
        let mut secret = HeaderValue::from_static("token");
        secret.set_sensitive(true);
        headers.insert("authorization", secret);
        headers.insert("x-trace", HeaderValue::from_static("abc"));
        let attempt = Attempt {
            operation: &FIND,
            method: Method::GET,
            url: url::Url::parse("https://api.example.com/items?name=a%20b&api_key=KEY-1")
                .expect("a URL"),
            headers,
            body: None,
            timeout: None,
            max_response_bytes: 1024,
            credential_query_pairs: 1,
        };
        let sent = redacted(&attempt);
        assert_eq!(sent.url.query(), Some("name=a%20b&api_key=[redacted]"));
        assert_eq!(sent.query("api_key").as_deref(), Some(REDACTED));
        assert_eq!(sent.query("name").as_deref(), Some("a b"));
        assert_eq!(sent.header("authorization"), Some(REDACTED));
        assert_eq!(sent.header("x-trace"), Some("abc"));
    }
}
