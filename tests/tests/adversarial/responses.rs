//! Adversarial tests of responses that do not decode: garbage and empty bodies are decode errors
//! that keep the status and the raw body, and an undocumented status keeps its status, headers
//! and body.

use clientgen_runtime::Error;
use serde_json::json;
use vectorcare_client::types::GetRequestDetailParams;
use wiremock::{MockServer, ResponseTemplate};

use crate::common::{self, carecycle, json_response, raw_json_response, respond, vectorcare, vsee};
use crate::support::{customer, pharmacy, transport_request};

#[tokio::test]
async fn a_garbage_body_on_a_success_is_a_decode_error_keeping_status_and_body() {
    let server = MockServer::start().await;
    let garbage = "<html><body>502 Bad Gateway</body></html>";
    let html = || ResponseTemplate::new(200).set_body_raw(garbage, "text/html");

    respond(&server, html()).await;
    let error = vectorcare(&server)
        .get_request_detail("EE5A6YZL", &GetRequestDetailParams::default())
        .await
        .expect_err("not JSON");
    assert_decode_error(&error, 200, garbage.as_bytes(), "not valid JSON");

    respond(&server, html()).await;
    let error = vsee(&server).get_visit("1525").await.expect_err("not JSON");
    assert_decode_error(&error, 200, garbage.as_bytes(), "not valid JSON");

    respond(&server, json_response(201, &json!({"id": "not a uuid"}))).await;
    let error = carecycle(&server)
        .create_customer_provider(customer(), &pharmacy())
        .await
        .expect_err("wrong shape");
    assert_decode_error(&error, 201, br#"{"id":"not a uuid"}"#, "does not match");
}

#[tokio::test]
async fn an_empty_body_on_a_success_is_a_decode_error_keeping_status_and_body() {
    let server = MockServer::start().await;
    respond(&server, ResponseTemplate::new(201)).await;
    let error = vectorcare(&server)
        .create_example_service_request(&transport_request())
        .await
        .expect_err("empty");
    assert_decode_error(&error, 201, b"", "empty");

    respond(&server, raw_json_response(200, "  \r\n")).await;
    let error = vsee(&server).get_current_visit().await.expect_err("empty");
    assert_decode_error(&error, 200, b"  \r\n", "empty");
}

#[tokio::test]
async fn a_garbage_body_on_a_documented_error_is_a_decode_error_keeping_the_status() {
    let server = MockServer::start().await;
    respond(
        &server,
        ResponseTemplate::new(403).set_body_string("Forbidden"),
    )
    .await;
    let error = vectorcare(&server)
        .get_request_detail("EE5A6YZL", &GetRequestDetailParams::default())
        .await
        .expect_err("403");
    assert_decode_error(&error, 403, b"Forbidden", "not valid JSON");
}

/// Checks a decode error: its status, its raw body, and its message naming the kind of failure.
fn assert_decode_error<E: std::fmt::Debug>(
    error: &Error<E>,
    status: u16,
    body: &[u8],
    message: &str,
) {
    let Error::Decode(decode) = error else {
        panic!("expected Error::Decode, got {error:?}")
    };
    assert_eq!(decode.response().status().as_u16(), status);
    assert_eq!(decode.response().body().as_ref(), body);
    assert_eq!(error.status().map(|status| status.as_u16()), Some(status));
    assert_eq!(error.raw_body().map(|body| body.as_ref()), Some(body));
    assert!(error.to_string().contains(message), "{error}");
}

#[tokio::test]
async fn an_undocumented_status_keeps_status_headers_and_body() {
    let server = MockServer::start().await;
    let body = r#"{"detail":"I'm a teapot","trace":"abc123"}"#;
    let teapot = || {
        ResponseTemplate::new(418)
            .insert_header("x-request-id", "req-42")
            .set_body_raw(body, "application/problem+json")
    };

    respond(&server, teapot()).await;
    let error = vectorcare(&server)
        .create_request("2JV3RG9K", &serde_json::Map::new())
        .await
        .expect_err("418");
    assert_unexpected(&error, body);

    respond(&server, teapot()).await;
    let error = carecycle(&server)
        .create_customer_provider(customer(), &pharmacy())
        .await
        .expect_err("418");
    assert_unexpected(&error, body);

    respond(&server, teapot()).await;
    let error = common::carevalidate(&server)
        .perform_case_action(
            customer(),
            &carevalidate_client::types::RequestRefillUrlAction::new(
                carevalidate_client::types::RequestRefillUrlActionAction::RequestRefillUrl,
            ),
        )
        .await
        .expect_err("418");
    assert_unexpected(&error, body);
}

/// Checks an `UnexpectedStatus` error from the teapot response.
fn assert_unexpected<E: std::fmt::Debug>(error: &Error<E>, body: &str) {
    let Error::UnexpectedStatus(raw) = error else {
        panic!("expected Error::UnexpectedStatus, got {error:?}")
    };
    assert_eq!(raw.status().as_u16(), 418);
    assert_eq!(
        raw.headers()
            .get("x-request-id")
            .and_then(|value| value.to_str().ok()),
        Some("req-42")
    );
    assert_eq!(
        raw.headers()
            .get("content-type")
            .and_then(|value| value.to_str().ok()),
        Some("application/problem+json")
    );
    assert_eq!(raw.body().as_ref(), body.as_bytes());
    assert_eq!(error.status().map(|status| status.as_u16()), Some(418));
    assert_eq!(
        error.raw_body().map(|bytes| bytes.as_ref()),
        Some(body.as_bytes())
    );
    assert!(error
        .headers()
        .is_some_and(|headers| headers.contains_key("x-request-id")));
}
