//! Building one request from its parameters and body, and sending it with the retry policy.
//!
//! Path parameters are percent-encoded so that no value can change the path or the query; the
//! URL is assembled and checked in [`request_url`](crate::request_url).

use std::fmt;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, CONTENT_TYPE, USER_AGENT};
use serde::Serialize;
use serde_json::Value;
use url::Url;

use crate::client::Runtime;
use crate::descriptor::Operation;
use crate::error::{Error, RequestError, TransportError};
use crate::multipart::ToMultipart;
use crate::param::{self, ArrayStyle, ObjectStyle, ToParam};
use crate::response::Response;
use crate::transport::Attempt;
use crate::validate::{Check, Path, Rules, Validate, Violation};

/// A request under construction for one operation.
///
/// Every method takes and returns the builder. A value that cannot be sent is recorded and
/// reported by [`send`](Self::send) as [`Error::InvalidRequest`], without sending anything;
/// nothing here panics on caller input.
pub struct RequestBuilder<'a> {
    runtime: &'a Runtime,
    operation: &'static Operation,
    path: String,
    query: Vec<String>,
    headers: HeaderMap,
    body: Option<Bytes>,
    error: Option<RequestError>,
    violations: Vec<Violation>,
}

impl Runtime {
    /// Starts a request for `operation`.
    pub fn request(&self, operation: &'static Operation) -> RequestBuilder<'_> {
        RequestBuilder::new(self, operation)
    }
}

impl<'a> RequestBuilder<'a> {
    /// Starts a request for `operation`.
    pub(crate) fn new(runtime: &'a Runtime, operation: &'static Operation) -> Self {
        RequestBuilder {
            runtime,
            operation,
            path: String::with_capacity(operation.path_template.len() + 16),
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: None,
            error: None,
            violations: Vec::new(),
        }
    }

    /// Records the first problem; later ones are ignored.
    fn fail(mut self, error: RequestError) -> Self {
        self.error.get_or_insert(error);
        self
    }

    /// Checks `value` (a body, or a parameter struct) against the spec's constraints, unless
    /// the client was built with `validate_requests(false)`. Violations are reported by
    /// [`send`](Self::send) as [`RequestError::Invalid`], and nothing is sent.
    pub fn validate<T: Validate + ?Sized>(mut self, root: &'static str, value: &T) -> Self {
        if self.runtime.inner.validate_requests {
            value.validate(&mut Path::new(root), &mut self.violations);
        }
        self
    }

    /// Checks one parameter against its rules, as [`validate`](Self::validate) does.
    pub fn validate_value<T: Check + ?Sized>(
        mut self,
        root: &'static str,
        value: &T,
        rules: &'static Rules,
    ) -> Self {
        if self.runtime.inner.validate_requests {
            value.check(rules, &mut Path::new(root), &mut self.violations);
        }
        self
    }

    /// Appends a literal piece of the path template, as is (it starts with `/` the first time).
    pub fn path(mut self, literal: &str) -> Self {
        self.path.push_str(literal);
        self
    }

    /// Appends a path parameter, percent-encoding every byte except `A-Z a-z 0-9 - . _ ~`.
    ///
    /// An empty value and the values `.` and `..` are refused, since they would change the path
    /// even when encoded.
    pub fn path_param<T: ToParam + ?Sized>(mut self, name: &'static str, value: &T) -> Self {
        let text = value.to_param();
        let reason = match text.as_str() {
            "" => Some("is empty"),
            "." | ".." => Some("is `.` or `..`, which would change the path"),
            _ => None,
        };
        if let Some(reason) = reason {
            return self.fail(RequestError::InvalidPathParameter { name, reason });
        }
        param::push_encoded(&mut self.path, &text);
        self
    }

    /// Adds a query parameter.
    pub fn query<T: ToParam + ?Sized>(mut self, name: &'static str, value: &T) -> Self {
        self.query.push(param::pair(name, &value.to_param()));
        self
    }

    /// Adds an array query parameter in the given style; an empty array adds nothing.
    pub fn query_array<T: ToParam>(
        mut self,
        name: &'static str,
        values: &[T],
        style: ArrayStyle,
    ) -> Self {
        param::push_array(&mut self.query, name, values, style);
        self
    }

    /// Adds an object query parameter in the given style; `null` adds nothing. A value that turns
    /// out not to be an object (a union of a scalar and an object, such as Stripe's `created`)
    /// is written as that scalar, or as repeated keys for an array.
    pub fn query_object<T: Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &T,
        style: ObjectStyle,
    ) -> Self {
        match serde_json::to_value(value) {
            Ok(Value::Null) => self,
            Ok(Value::Object(members)) => {
                param::push_object(&mut self.query, name, &members, style);
                self
            }
            // A union that may be an object or a scalar (Stripe's `created`: a time, or a
            // range object) is written as the scalar it is.
            Ok(Value::Array(items)) => {
                param::push_array(&mut self.query, name, &items, ArrayStyle::FormExploded);
                self
            }
            Ok(scalar) => {
                self.query.push(param::pair(name, &scalar.to_param()));
                self
            }
            Err(error) => self.fail(RequestError::Serialize {
                what: "query object",
                message: error.to_string(),
            }),
        }
    }

    /// Adds a query parameter whose type is only known once serialised (a `oneOf` of a string
    /// and an array, say): a scalar is written as text, an array in `array_style`, an object
    /// with its members as keys (`form`, exploded), and `null` adds nothing.
    pub fn query_value<T: Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &T,
        array_style: ArrayStyle,
    ) -> Self {
        match serde_json::to_value(value) {
            Ok(Value::Null) => self,
            Ok(Value::Array(items)) => {
                param::push_array(&mut self.query, name, &items, array_style);
                self
            }
            Ok(Value::Object(members)) => {
                param::push_object(&mut self.query, name, &members, ObjectStyle::FormExploded);
                self
            }
            Ok(scalar) => {
                self.query.push(param::pair(name, &scalar.to_param()));
                self
            }
            Err(error) => self.fail(RequestError::Serialize {
                what: "query parameter",
                message: error.to_string(),
            }),
        }
    }

    /// Adds a query parameter written as JSON text (a parameter described by
    /// `content: application/json`).
    pub fn query_json<T: Serialize + ?Sized>(mut self, name: &'static str, value: &T) -> Self {
        match serde_json::to_string(value) {
            Ok(text) => {
                self.query.push(param::pair(name, &text));
                self
            }
            Err(error) => self.fail(RequestError::Serialize {
                what: "query parameter",
                message: error.to_string(),
            }),
        }
    }

    /// Sets a header parameter written as JSON text (`content: application/json`).
    pub fn header_json<T: Serialize + ?Sized>(self, name: &'static str, value: &T) -> Self {
        match serde_json::to_string(value) {
            Ok(text) => self.header(name, text.as_str()),
            Err(error) => self.fail(RequestError::Serialize {
                what: "header parameter",
                message: error.to_string(),
            }),
        }
    }

    /// Sets a header parameter.
    pub fn header<T: ToParam + ?Sized>(self, name: &'static str, value: &T) -> Self {
        let text = value.to_param();
        self.set_header(name, &text)
    }

    /// Sets a header parameter holding an array, its items joined with commas.
    pub fn header_array<T: ToParam>(self, name: &'static str, values: &[T]) -> Self {
        let joined: Vec<String> = values.iter().map(ToParam::to_param).collect();
        self.set_header(name, &joined.join(","))
    }

    /// Sets the `Accept` header to the given media types.
    pub fn accept(mut self, media_types: &'static str) -> Self {
        match static_header_value(media_types) {
            Ok(value) => {
                self.headers.insert(ACCEPT, value);
                self
            }
            Err(_) => self.fail(RequestError::InvalidHeaderValue { name: "accept" }),
        }
    }

    /// Sets a JSON body with the given media type.
    pub fn json<T: Serialize + ?Sized>(self, content_type: &'static str, body: &T) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.set_static_body(content_type, Bytes::from(bytes)),
            Err(error) => self.fail(RequestError::Serialize {
                what: "JSON body",
                message: error.to_string(),
            }),
        }
    }

    /// Sets an `application/x-www-form-urlencoded` body.
    ///
    /// The body must serialize to a JSON object. Null members are left out, strings are raw,
    /// numbers and booleans are their text, arrays repeat the key, and nested objects are sent as
    /// JSON text (the OpenAPI default for object properties in forms).
    pub fn form<T: Serialize + ?Sized>(self, body: &T) -> Self {
        self.form_with_deep_objects(body, &[])
    }

    /// Sets an `application/x-www-form-urlencoded` body in which the properties named in
    /// `deep_objects` (the spec's `encoding: {name: {style: deepObject}}`) are written with
    /// brackets, `metadata[order_id]=6735`, instead of as JSON text.
    pub fn form_with_deep_objects<T: Serialize + ?Sized>(
        self,
        body: &T,
        deep_objects: &[&str],
    ) -> Self {
        let members = match serde_json::to_value(body) {
            Ok(Value::Object(members)) => members,
            Ok(_) => {
                return self.fail(RequestError::Serialize {
                    what: "form body",
                    message: "the body does not serialize to a JSON object".into(),
                })
            }
            Err(error) => {
                return self.fail(RequestError::Serialize {
                    what: "form body",
                    message: error.to_string(),
                })
            }
        };
        let mut pairs = Vec::new();
        let (deep, plain): (
            serde_json::Map<String, Value>,
            serde_json::Map<String, Value>,
        ) = members.into_iter().partition(|(key, value)| {
            deep_objects.contains(&key.as_str()) && (value.is_object() || value.is_array())
        });
        param::push_form_members(&mut pairs, &plain);
        for (key, value) in &deep {
            param::push_deep_member(&mut pairs, key, value);
        }
        self.set_static_body(
            "application/x-www-form-urlencoded",
            Bytes::from(pairs.join("&")),
        )
    }

    /// Sets a `multipart/form-data` body.
    pub fn multipart<T: ToMultipart + ?Sized>(self, body: &T) -> Self {
        match body.to_multipart().and_then(|form| form.encode()) {
            Ok((content_type, bytes)) => self.set_body(&content_type, bytes),
            Err(error) => self.fail(error),
        }
    }

    /// Sets a multipart body of one JSON part, `name`, holding `value`.
    pub fn multipart_json<T: serde::Serialize + ?Sized>(self, name: &str, value: &T) -> Self {
        let mut form = crate::multipart::Form::new();
        match form.json(name, value) {
            Ok(()) => self.multipart(&form),
            Err(error) => self.fail(error),
        }
    }

    /// Sets a raw body with the given media type.
    pub fn bytes(self, content_type: &'static str, body: impl Into<Bytes>) -> Self {
        self.set_static_body(content_type, body.into())
    }

    /// Sets a text body with the given media type.
    pub fn text(self, content_type: &'static str, body: impl Into<String>) -> Self {
        self.set_static_body(content_type, Bytes::from(body.into()))
    }

    /// Inserts a header, recording an error when the name or value cannot be sent.
    fn set_header(mut self, name: &'static str, value: &str) -> Self {
        let header = HeaderName::from_bytes(name.as_bytes())
            .ok()
            .zip(HeaderValue::from_str(value).ok());
        match header {
            Some((name, value)) => {
                self.headers.insert(name, value);
                self
            }
            None => self.fail(RequestError::InvalidHeaderValue { name }),
        }
    }

    /// Sets the body and its `Content-Type`, given as text the generated code holds.
    fn set_static_body(self, content_type: &'static str, body: Bytes) -> Self {
        match static_header_value(content_type) {
            Ok(value) => self.set_body_with(value, body),
            Err(_) => self.fail(RequestError::InvalidHeaderValue {
                name: "content-type",
            }),
        }
    }

    /// Sets the body and its `Content-Type`.
    fn set_body(self, content_type: &str, body: Bytes) -> Self {
        match HeaderValue::from_str(content_type) {
            Ok(value) => self.set_body_with(value, body),
            Err(_) => self.fail(RequestError::InvalidHeaderValue {
                name: "content-type",
            }),
        }
    }

    /// Sets the body and the `Content-Type` value.
    fn set_body_with(mut self, content_type: HeaderValue, body: Bytes) -> Self {
        self.headers.insert(CONTENT_TYPE, content_type);
        self.body = Some(body);
        self
    }

    /// Sends the request, retrying as the [`RetryPolicy`](crate::RetryPolicy) allows, and reads
    /// the response body within the size limit.
    ///
    /// Every status is a `Response` here; the generated code decides which are errors.
    pub async fn send<E>(self) -> Result<Response, Error<E>> {
        self.send_untyped().await.map_err(Failure::into_error)
    }

    /// The runtime that will send the request.
    pub(crate) fn runtime(&self) -> &'a Runtime {
        self.runtime
    }

    /// The body of [`send`](Self::send) and of [`Call`](crate::Call), free of the error type
    /// parameter so that it is compiled once rather than once per operation.
    pub(crate) async fn send_untyped(self) -> Result<Response, Failure> {
        let runtime = self.runtime;
        let prepared = self.prepare().map_err(Failure::Request)?;
        #[cfg(feature = "tracing")]
        let outcome = {
            use tracing::Instrument as _;
            let operation = prepared.operation;
            let span = tracing::info_span!(
                "clientgen.request",
                method = %operation.method,
                path_template = operation.path_template,
                status = tracing::field::Empty,
                latency_ms = tracing::field::Empty,
            );
            let started = std::time::Instant::now();
            let outcome = prepared.execute(runtime).instrument(span.clone()).await;
            if let Ok(response) = &outcome {
                span.record("status", response.status().as_u16());
            }
            span.record(
                "latency_ms",
                u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            );
            outcome
        };
        #[cfg(not(feature = "tracing"))]
        let outcome = prepared.execute(runtime).await;
        outcome.map_err(Failure::Transport)
    }

    /// Applies credentials, resolves the server and assembles the final URL.
    fn prepare(self) -> Result<Prepared, RequestError> {
        let RequestBuilder {
            runtime,
            operation,
            path,
            mut query,
            mut headers,
            body,
            error,
            violations,
        } = self;
        // A value that cannot be sent at all (an empty path segment) is named before the spec's
        // constraints it may also break.
        if let Some(error) = error {
            return Err(error);
        }
        if !violations.is_empty() {
            return Err(RequestError::Invalid {
                operation: operation.id,
                violations,
            });
        }
        let inner = &runtime.inner;
        let before = query.len();
        inner
            .credentials
            .apply(operation, &mut headers, &mut query)?;
        // Credentials are the last pairs of the query string.
        let credential_query_pairs = query.len() - before;
        if let Some(agent) = &inner.user_agent {
            headers.entry(USER_AGENT).or_insert_with(|| agent.clone());
        }
        for (name, value) in &inner.default_headers {
            headers.entry(name).or_insert_with(|| value.clone());
        }

        let url = crate::request_url::assemble(runtime, operation, &path, &query)?;
        Ok(Prepared {
            operation,
            url,
            headers,
            body,
            credential_query_pairs,
        })
    }
}

/// A header value from text that lives as long as the program, checked as
/// [`HeaderValue::from_str`] checks it but not copied, so that cloning it for each attempt
/// allocates nothing.
fn static_header_value(
    text: &'static str,
) -> Result<HeaderValue, reqwest::header::InvalidHeaderValue> {
    HeaderValue::from_maybe_shared(Bytes::from_static(text.as_bytes()))
}

impl fmt::Debug for RequestBuilder<'_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("RequestBuilder")
            .field("operation", &self.operation.id)
            .finish_non_exhaustive()
    }
}

/// Why a request produced no response.
pub(crate) enum Failure {
    /// It could not be built.
    Request(RequestError),
    /// It could not be completed.
    Transport(TransportError),
}

impl Failure {
    /// The error a caller sees.
    pub(crate) fn into_error<E>(self) -> Error<E> {
        match self {
            Failure::Request(error) => Error::InvalidRequest(error),
            Failure::Transport(error) => Error::Transport(error),
        }
    }
}

/// A request ready to be sent, as often as the retry policy allows.
struct Prepared {
    operation: &'static Operation,
    url: Url,
    headers: HeaderMap,
    body: Option<Bytes>,
    credential_query_pairs: usize,
}

impl Prepared {
    /// Sends the request until it succeeds or the retry policy stops.
    async fn execute(self, runtime: &Runtime) -> Result<Response, TransportError> {
        let inner = &runtime.inner;
        let mut attempt: u32 = 0;
        let started = tokio::time::Instant::now();
        loop {
            let next = Attempt {
                operation: self.operation,
                method: self.operation.method.clone(),
                url: self.url.clone(),
                headers: self.headers.clone(),
                body: self.body.clone(),
                timeout: inner.request_timeout,
                max_response_bytes: inner.max_response_bytes,
                credential_query_pairs: self.credential_query_pairs,
            };
            let outcome = match &inner.transport {
                Some(transport) => transport.send(next).await,
                None => inner.reqwest.execute(next).await,
            };
            let elapsed = started.elapsed();
            match inner
                .retry_policy
                .decide(self.operation, attempt, elapsed, &outcome)
            {
                Some(wait) => {
                    attempt += 1;
                    tokio::time::sleep(wait).await;
                }
                None => {
                    let attempts = attempt.saturating_add(1);
                    return match outcome {
                        Ok(mut response) => {
                            response.set_attempts(attempts);
                            Ok(response)
                        }
                        Err(mut error) => {
                            error.attempts = attempts;
                            Err(error)
                        }
                    };
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::static_header_value;
    use reqwest::header::HeaderValue;

    #[test]
    fn a_static_header_value_is_checked_as_from_str_checks_it() {
        for text in [
            "application/json",
            "text/plain; charset=utf-8",
            "a\tb",
            "é",
            "a\nb",
            "\u{7f}",
        ] {
            assert_eq!(
                static_header_value(text).ok(),
                HeaderValue::from_str(text).ok(),
                "{text:?}"
            );
        }
        assert!(static_header_value("a\r\nx-injected: 1").is_err());
    }
}
