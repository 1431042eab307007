//! The questions every caller asks of an error, answered the same for every operation of every
//! generated crate, and errors built by hand the way a consumer's own tests build them.

use std::time::Duration;

use clientgen_runtime::{
    ApiError, Bytes, Error, HeaderMap, HeaderValue, Method, Operation, RawResponse, StatusCode,
};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{anonymous, GET_ITEM};

static GET_VISIT: Operation = Operation::named("getVisit", Method::GET, "/visits/{id}");

/// A typed error as a generated crate declares one.
#[derive(Debug, PartialEq)]
enum GetVisitError {
    NotFound,
}

fn raw(status: u16, headers: &[(&'static str, &'static str)]) -> RawResponse {
    let mut map = HeaderMap::new();
    for (name, value) in headers {
        map.insert(*name, HeaderValue::from_static(value));
    }
    RawResponse::new(
        &GET_VISIT,
        StatusCode::from_u16(status).expect("a status"),
        map,
        Bytes::from_static(br#"{"message": "Jane Doe's visit"}"#),
    )
}

#[test]
fn hand_built_errors_answer_like_received_ones() {
    let not_found: Error<GetVisitError> =
        Error::Api(ApiError::new(raw(404, &[]), GetVisitError::NotFound));
    assert!(not_found.is_not_found());
    assert!(!not_found.is_rate_limited() && !not_found.is_retryable());
    assert_eq!(not_found.status(), Some(StatusCode::NOT_FOUND));
    assert_eq!(not_found.typed(), Some(&GetVisitError::NotFound));
    assert_eq!(
        not_found.api_error().map(ApiError::status),
        Some(StatusCode::NOT_FOUND)
    );
    assert_eq!(not_found.operation(), "getVisit");
    assert!(not_found.may_have_been_sent());
    // Display names the operation and status, never the body.
    let shown = not_found.to_string();
    assert!(
        shown.contains("getVisit") && !shown.contains("Jane"),
        "{shown}"
    );

    // An undocumented 429 keeps its status and the server's wait.
    let limited: Error<GetVisitError> = Error::UnexpectedStatus(raw(429, &[("retry-after", "7")]));
    assert!(limited.is_rate_limited() && limited.is_retryable());
    assert_eq!(limited.retry_after(), Some(Duration::from_secs(7)));
    assert_eq!(limited.typed(), None);

    for (status, retryable) in [
        (408, true),
        (500, false),
        (502, true),
        (503, true),
        (504, true),
    ] {
        let error: Error<GetVisitError> = Error::UnexpectedStatus(raw(status, &[]));
        assert_eq!(error.is_retryable(), retryable, "status {status}");
    }
}

#[tokio::test]
async fn a_request_that_never_left_is_not_sent_and_not_retryable() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let client = anonymous(&server);
    let error = client
        .0
        .request(&GET_ITEM)
        .path("/items/")
        .path_param("id", "..")
        .send::<()>()
        .await
        .expect_err("a dot segment is refused");
    assert!(!error.may_have_been_sent() && !error.is_retryable());
    assert_eq!(error.status(), None);
}
