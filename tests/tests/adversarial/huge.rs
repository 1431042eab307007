//! Adversarial tests of 10 MiB responses: a huge list decodes, a huge body of the wrong shape
//! fails without carrying the body in its message, and a body over the client's limit is a
//! transport error of a request sent once.

use clientgen_runtime::{Error, TransportErrorKind};
use serde_json::json;
use wiremock::MockServer;

use crate::common::{
    fast_retries, raw_json_response, received, respond, vectorcare, vectorcare_builder, vsee,
};
use crate::support::transport_request;

/// The size of the huge bodies: 10 MiB.
const HUGE: usize = 10 * 1024 * 1024;

#[tokio::test]
async fn a_10_mb_list_of_visits_decodes() {
    let server = MockServer::start().await;
    let visit = json!({"id": "1525", "member_id": 508, "code": "56e8c580f55c44a2868b66f0ac1f0144",
        "start": "1458095488", "end": 1458096388, "type": "1", "status": 10});
    let item = visit.to_string();
    let count = HUGE / (item.len() + 1) + 1;
    let body = format!("{{\"data\":[{}]}}", vec![item; count].join(","));
    assert!(body.len() >= HUGE);
    respond(&server, raw_json_response(200, body)).await;
    let visits = vsee(&server).list_visits().await.expect("visits");
    assert_eq!(visits.len(), count);
    assert_eq!(visits[count - 1].member_id, "508");
}

#[tokio::test]
async fn a_10_mb_body_of_the_wrong_shape_fails_cleanly() {
    let server = MockServer::start().await;
    // A 10 MiB string where VectorCare's create answer (an object) is expected.
    let body = format!("\"{}\"", "x".repeat(HUGE));
    respond(&server, raw_json_response(201, body.clone())).await;
    let error = vectorcare(&server)
        .create_example_service_request(&transport_request())
        .await
        .expect_err("a string is not an object");
    let Error::Decode(decode) = &error else {
        panic!("expected Error::Decode, got {error:?}")
    };
    assert_eq!(decode.response().status().as_u16(), 201);
    assert_eq!(decode.response().body().len(), body.len());
    // Neither the message nor the debug form carries the body.
    assert!(error.to_string().len() < 300);
    assert!(format!("{error:?}").len() < 1000);
}

#[tokio::test]
async fn a_10_mb_body_over_the_client_limit_is_a_transport_error_sent_once() {
    let server = MockServer::start().await;
    respond(&server, raw_json_response(201, vec![b' '; HUGE])).await;
    let client = vectorcare_builder(&server)
        .retry_policy(fast_retries())
        .max_response_bytes(1024 * 1024)
        .build()
        .expect("a client");
    let error = client
        .create_example_service_request(&transport_request())
        .await
        .expect_err("too large");
    let Error::Transport(transport) = &error else {
        panic!("expected a transport error, got {error:?}")
    };
    assert_eq!(transport.kind(), TransportErrorKind::TooLarge);
    assert_eq!(received(&server).await.len(), 1);
}
