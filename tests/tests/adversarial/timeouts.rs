//! Adversarial tests of requests that get no answer: a create that times out may have reached the
//! server and is never sent again, a read that times out is, and a refused connection is retried
//! even for a create since nothing was sent.

use std::time::Duration;

use clientgen_runtime::{Error, TransportErrorKind};
use serde_json::Value;
use vectorcare_client::types::GetRequestDetailParams;
use wiremock::{MockServer, ResponseTemplate};

use crate::common::{
    self, carecycle_builder, fast_retries, json_response, received, respond, single_request,
    vectorcare_builder, vectorcare_created,
};
use crate::support::{customer, detail, pharmacy, provider, transport_request};

/// A response that arrives long after the client's timeout.
fn too_slow(body: &Value) -> ResponseTemplate {
    json_response(201, body).set_delay(Duration::from_secs(3))
}

/// Checks that `error` is a timeout of a request that may have reached the server, made once.
fn assert_timed_out_once<E: std::fmt::Debug>(error: &Error<E>) {
    let Error::Transport(transport) = error else {
        panic!("expected a transport error, got {error:?}")
    };
    assert_eq!(transport.kind(), TransportErrorKind::Timeout);
    assert!(transport.may_have_been_sent());
    assert_eq!(transport.attempts(), 1);
}

#[tokio::test]
async fn a_vectorcare_create_that_times_out_is_never_sent_again() {
    let server = MockServer::start().await;
    respond(&server, too_slow(&vectorcare_created())).await;
    let client = vectorcare_builder(&server)
        .retry_policy(fast_retries())
        .timeout(Duration::from_millis(200))
        .build()
        .expect("a client");
    let error = client
        .create_example_service_request(&transport_request())
        .await
        .expect_err("a timeout");
    assert_timed_out_once(&error);
    assert_eq!(single_request(&server).await.method.as_str(), "POST");
}

#[tokio::test]
async fn a_carecycle_create_that_times_out_is_never_sent_again() {
    let server = MockServer::start().await;
    respond(&server, too_slow(&provider())).await;
    let client = carecycle_builder(&server)
        .retry_policy(fast_retries())
        .timeout(Duration::from_millis(200))
        .build()
        .expect("a client");
    let error = client
        .create_customer_provider(customer(), &pharmacy())
        .await
        .expect_err("a timeout");
    assert_timed_out_once(&error);
    assert_eq!(single_request(&server).await.method.as_str(), "POST");
}

#[tokio::test]
async fn a_get_that_times_out_is_sent_again() {
    // The contrast to the two tests above: the same policy does retry an idempotent read.
    let server = MockServer::start().await;
    respond(
        &server,
        json_response(200, &detail()).set_delay(Duration::from_secs(3)),
    )
    .await;
    let policy = clientgen_runtime::RetryPolicy {
        max_retries: 1,
        ..fast_retries()
    };
    let client = vectorcare_builder(&server)
        .retry_policy(policy)
        .timeout(Duration::from_millis(200))
        .build()
        .expect("a client");
    let error = client
        .get_request_detail("EE5A6YZL", &GetRequestDetailParams::default())
        .await
        .expect_err("a timeout");
    let Error::Transport(transport) = &error else {
        panic!("expected a transport error, got {error:?}")
    };
    assert_eq!(transport.kind(), TransportErrorKind::Timeout);
    assert_eq!(transport.attempts(), 2);
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn a_refused_connection_is_retried_even_for_a_post_since_nothing_was_sent() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let address = listener.local_addr().expect("an address");
    drop(listener);
    let client = vectorcare_client::Client::builder(
        vectorcare_client::Environment::Production,
        common::vectorcare_credentials(),
    )
    .base_url(format!("http://{address}"))
    .retry_policy(fast_retries())
    .build()
    .expect("a client");
    let error = client
        .create_example_service_request(&transport_request())
        .await
        .expect_err("nothing listens");
    let Error::Transport(transport) = &error else {
        panic!("expected a transport error, got {error:?}")
    };
    assert_eq!(transport.kind(), TransportErrorKind::Connect);
    assert!(!transport.may_have_been_sent());
    assert_eq!(transport.attempts(), 4);
}
