//! How long the server asked the caller to wait before sending a request again: the
//! `Retry-After` header, else the body field the operation documents.
//!
//! The retry policy reads it to time a retry, and errors read it for the caller.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};

use crate::descriptor::Operation;

/// Returns the wait the server asked for: the `Retry-After` header, else the operation's body
/// field. A value too large to represent is `Duration::MAX`.
pub(crate) fn server_wait(
    operation: &Operation,
    headers: &HeaderMap,
    body: &[u8],
) -> Option<Duration> {
    header_wait(headers).or_else(|| body_wait(operation.retry_after_field?, body))
}

/// Reads `Retry-After` as delta seconds or as an HTTP date; a date in the past is no wait.
fn header_wait(headers: &HeaderMap) -> Option<Duration> {
    let text = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(text).ok()?;
    Some(
        date.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// Reads a top-level JSON field holding seconds, as a number or a numeric string.
fn body_wait(field: &str, body: &[u8]) -> Option<Duration> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let seconds = match value.get(field)? {
        serde_json::Value::Number(number) => number.as_f64()?,
        serde_json::Value::String(text) => text.trim().parse::<f64>().ok()?,
        _ => return None,
    };
    if !(seconds.is_finite() && seconds >= 0.0) {
        return None;
    }
    Some(Duration::try_from_secs_f64(seconds).unwrap_or(Duration::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn a_future_http_date_is_a_positive_wait() {
        let later = SystemTime::now() + Duration::from_secs(120);
        let mut headers = HeaderMap::new();
        let date = HeaderValue::from_str(&httpdate::fmt_http_date(later)).expect("date");
        headers.insert(RETRY_AFTER, date);
        let wait = header_wait(&headers).expect("a wait");
        assert!(wait > Duration::from_secs(60) && wait <= Duration::from_secs(120));
    }
}
