//! The retry policy and the decision whether, and how long after, a request is sent again.

use std::time::Duration;

use reqwest::StatusCode;

use crate::descriptor::Operation;
use crate::error::{TransportError, TransportErrorKind};
use crate::response::Response;
use crate::retry_after::server_wait;

/// When and how often a request is sent again.
///
/// These rules are the runtime's promise about duplicate requests:
///
/// - A connection that could not be made (the request was never sent) is retried for every
///   operation.
/// - `429 Too Many Requests` is retried for every operation: the server refused the request
///   without acting on it.
/// - `503 Service Unavailable`, timeouts and failures after the request may have reached the
///   server are retried **only** for idempotent operations ([`Operation::idempotent`]). A
///   non-idempotent request, such as creating a patient transport request, is never sent again
///   once it may have arrived.
/// - The wait before a retry is the `Retry-After` header (seconds or an HTTP date) if present,
///   else the body field named by [`Operation::retry_after_field`] (seconds, top-level JSON) if
///   present, else exponential backoff: `initial_backoff * 2^attempt`, capped at `max_backoff`,
///   with full jitter (a random wait between zero and that value) when `jitter` is on.
/// - When the server asks for a wait longer than `max_retry_after`, the request is not retried
///   and the response is returned as it is.
/// - No retry starts later than `max_elapsed` after the call began: when the wait would end
///   past that, the last outcome is returned. One call therefore takes at most `max_elapsed`
///   plus one attempt's timeout.
/// - After the last attempt the final response is returned normally (so a 429 decodes into its
///   documented error), or the last transport error is returned.
/// - A response body over the size limit is never retried.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// How many times a request may be sent again after the first attempt.
    pub max_retries: u32,
    /// The backoff before the first retry.
    pub initial_backoff: Duration,
    /// The longest backoff.
    pub max_backoff: Duration,
    /// The longest wait the server may ask for and still get a retry.
    pub max_retry_after: Duration,
    /// Whether backoffs are randomised between zero and their computed value.
    pub jitter: bool,
    /// The latest time after the start of a call at which a retry may still be sent.
    pub max_elapsed: Duration,
}

impl Default for RetryPolicy {
    /// Three retries, 250 ms initial backoff doubling up to 8 s, server waits up to 30 s, jitter,
    /// and no retry sent later than 60 s after the call began.
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(30),
            jitter: true,
            max_elapsed: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// Returns a policy that never retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// Returns the backoff before retry number `attempt + 1`.
    fn backoff(&self, attempt: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempt);
        let capped = self
            .initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff);
        if !self.jitter {
            return capped;
        }
        let nanos = u64::try_from(capped.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(fastrand::u64(0..=nanos))
    }

    /// Returns the wait before sending the request again, or `None` to stop.
    ///
    /// `attempt` counts the attempts already retried, so it is 0 after the first attempt;
    /// `elapsed` is the time since the call began.
    pub(crate) fn decide(
        &self,
        operation: &'static Operation,
        attempt: u32,
        elapsed: Duration,
        outcome: &Result<Response, TransportError>,
    ) -> Option<Duration> {
        if attempt >= self.max_retries {
            return None;
        }
        self.wait_for(operation, attempt, outcome)
            .filter(|wait| elapsed.saturating_add(*wait) <= self.max_elapsed)
    }

    /// The wait before a retry of `outcome` by the status, transport and server-wait rules, or
    /// `None` when those rules do not retry it.
    fn wait_for(
        &self,
        operation: &'static Operation,
        attempt: u32,
        outcome: &Result<Response, TransportError>,
    ) -> Option<Duration> {
        match outcome {
            Err(error) => {
                let retryable = match error.kind {
                    TransportErrorKind::Connect => true,
                    TransportErrorKind::TooLarge => false,
                    TransportErrorKind::Timeout | TransportErrorKind::Other => {
                        error.transient && (operation.idempotent || !error.may_have_been_sent)
                    }
                };
                retryable.then(|| self.backoff(attempt))
            }
            Ok(response) => {
                let retryable = match response.status() {
                    StatusCode::TOO_MANY_REQUESTS => true,
                    StatusCode::SERVICE_UNAVAILABLE => operation.idempotent,
                    _ => false,
                };
                if !retryable {
                    return None;
                }
                match server_wait(operation, response.headers(), response.body()) {
                    Some(wait) if wait > self.max_retry_after => None,
                    Some(wait) => Some(wait),
                    None => Some(self.backoff(attempt)),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use reqwest::header::{HeaderMap, HeaderValue};
    use reqwest::Method;

    static GET: Operation = Operation {
        id: "get",
        method: Method::GET,
        path_template: "/",
        servers: &[],
        security: &[],
        idempotent: true,
        retry_after_field: Some("retryAfter"),
    };

    static POST: Operation = Operation {
        id: "post",
        method: Method::POST,
        path_template: "/",
        servers: &[],
        security: &[],
        idempotent: false,
        retry_after_field: None,
    };

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(300),
            max_retry_after: Duration::from_secs(10),
            jitter: false,
            max_elapsed: Duration::from_secs(20),
        }
    }

    fn response(
        operation: &'static Operation,
        status: u16,
        headers: &[(&'static str, &str)],
        body: &str,
    ) -> Result<Response, TransportError> {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.insert(*name, HeaderValue::from_str(value).expect("test header"));
        }
        Ok(Response::new(
            operation,
            StatusCode::from_u16(status).expect("test status"),
            map,
            Bytes::from(body.to_owned()),
        ))
    }

    fn transport(
        operation: &'static Operation,
        kind: TransportErrorKind,
        sent: bool,
    ) -> Result<Response, TransportError> {
        let mut error = TransportError::too_large(operation);
        error.kind = kind;
        error.may_have_been_sent = sent;
        error.transient = true;
        Err(error)
    }

    #[test]
    fn retries_stop_at_the_call_budget() {
        let policy = policy();
        let limited = || response(&GET, 429, &[("retry-after", "1")], "");
        let wait = Some(Duration::from_secs(1));
        assert_eq!(
            policy.decide(&GET, 0, Duration::from_secs(19), &limited()),
            wait
        );
        assert_eq!(
            policy.decide(&GET, 0, Duration::from_millis(19_001), &limited()),
            None
        );
    }

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let policy = policy();
        let waits: Vec<_> = (0..4).map(|attempt| policy.backoff(attempt)).collect();
        assert_eq!(waits, [100, 200, 300, 300].map(Duration::from_millis));
        assert_eq!(policy.backoff(u32::MAX), Duration::from_millis(300));
        let jittered = RetryPolicy {
            jitter: true,
            ..policy
        };
        assert!((0..50).all(|_| jittered.backoff(1) <= Duration::from_millis(200)));
    }

    #[test]
    fn statuses_follow_the_idempotency_rules() {
        let policy = policy();
        let backoff = Some(Duration::from_millis(100));
        assert_eq!(
            policy.decide(&POST, 0, Duration::ZERO, &response(&POST, 429, &[], "")),
            backoff
        );
        assert_eq!(
            policy.decide(&GET, 0, Duration::ZERO, &response(&GET, 503, &[], "")),
            backoff
        );
        assert_eq!(
            policy.decide(&POST, 0, Duration::ZERO, &response(&POST, 503, &[], "")),
            None
        );
        assert_eq!(
            policy.decide(&GET, 0, Duration::ZERO, &response(&GET, 500, &[], "")),
            None
        );
        assert_eq!(
            policy.decide(&GET, 2, Duration::ZERO, &response(&GET, 429, &[], "")),
            None
        );
    }

    #[test]
    fn transport_errors_follow_the_idempotency_rules() {
        let policy = policy();
        let backoff = Some(Duration::from_millis(200));
        let connect = transport(&POST, TransportErrorKind::Connect, false);
        assert_eq!(policy.decide(&POST, 1, Duration::ZERO, &connect), backoff);
        let timeout = transport(&POST, TransportErrorKind::Timeout, true);
        assert_eq!(policy.decide(&POST, 1, Duration::ZERO, &timeout), None);
        let timeout = transport(&GET, TransportErrorKind::Timeout, true);
        assert_eq!(policy.decide(&GET, 1, Duration::ZERO, &timeout), backoff);
        let too_large = transport(&GET, TransportErrorKind::TooLarge, true);
        assert_eq!(policy.decide(&GET, 0, Duration::ZERO, &too_large), None);
    }

    #[test]
    fn server_waits_come_from_header_then_body() {
        let policy = policy();
        let header = response(&GET, 429, &[("retry-after", "3")], r#"{"retryAfter": 5}"#);
        assert_eq!(
            policy.decide(&GET, 0, Duration::ZERO, &header),
            Some(Duration::from_secs(3))
        );
        let body = response(&GET, 429, &[], r#"{"retryAfter": 1.5}"#);
        assert_eq!(
            policy.decide(&GET, 0, Duration::ZERO, &body),
            Some(Duration::from_millis(1500))
        );
        let text = response(&GET, 429, &[], r#"{"retryAfter": "2"}"#);
        assert_eq!(
            policy.decide(&GET, 0, Duration::ZERO, &text),
            Some(Duration::from_secs(2))
        );
        let too_long = response(&GET, 429, &[("retry-after", "11")], "");
        assert_eq!(policy.decide(&GET, 0, Duration::ZERO, &too_long), None);
        let huge = response(&GET, 429, &[], r#"{"retryAfter": 1e300}"#);
        assert_eq!(policy.decide(&GET, 0, Duration::ZERO, &huge), None);
        let past = response(
            &GET,
            429,
            &[("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT")],
            "",
        );
        assert_eq!(
            policy.decide(&GET, 0, Duration::ZERO, &past),
            Some(Duration::ZERO)
        );
        let garbage = response(&GET, 429, &[("retry-after", "soon")], "not json");
        assert_eq!(
            policy.decide(&GET, 0, Duration::ZERO, &garbage),
            Some(Duration::from_millis(100))
        );
        let negative = response(&GET, 429, &[], r#"{"retryAfter": -1}"#);
        assert_eq!(
            policy.decide(&GET, 0, Duration::ZERO, &negative),
            Some(Duration::from_millis(100))
        );
    }
}
