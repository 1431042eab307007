//! Retries: what is sent again, how often, and what the caller gets at the end.

use std::time::Duration;

use clientgen_runtime::{ClientBuilder, CredentialSet, Error, RetryPolicy, TransportErrorKind};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{
    anonymous, builder, fast_retries, received, Env, TestClient, CREATE_ITEM, GET_ITEM,
};

/// Mounts `first` for the first `times` requests and `then` afterwards.
async fn respond(server: &MockServer, first: ResponseTemplate, times: u64, then: ResponseTemplate) {
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

#[tokio::test]
async fn too_many_requests_with_retry_after_is_retried_then_succeeds() {
    let server = MockServer::start().await;
    let limited = ResponseTemplate::new(429).insert_header("retry-after", "0");
    respond(
        &server,
        limited,
        2,
        ResponseTemplate::new(201).set_body_json(json!({"id": 1})),
    )
    .await;
    // 429 is retried even for a non-idempotent operation: the server did not act on it.
    let response = anonymous(&server)
        .0
        .request(&CREATE_ITEM)
        .path("/items")
        .json("application/json", &json!({}))
        .send::<()>()
        .await
        .expect("sent");
    assert_eq!(response.status(), 201);
    assert_eq!(response.attempts(), 3);
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn too_many_requests_with_a_body_field_is_retried() {
    let server = MockServer::start().await;
    let limited =
        ResponseTemplate::new(429).set_body_json(json!({"error": "slow down", "retryAfter": 0}));
    respond(&server, limited, 1, ResponseTemplate::new(201)).await;
    let response = anonymous(&server)
        .0
        .request(&CREATE_ITEM)
        .path("/items")
        .send::<()>()
        .await
        .expect("sent");
    assert_eq!(response.status(), 201);
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn service_unavailable_is_retried_for_get_but_not_for_post() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let client = anonymous(&server);

    let response = client
        .0
        .request(&GET_ITEM)
        .path("/items/1")
        .send::<()>()
        .await
        .expect("a response");
    assert_eq!(response.status(), 503);
    assert_eq!(response.attempts(), 4);
    assert_eq!(received(&server).await.len(), 4);

    server.reset().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let response = client
        .0
        .request(&CREATE_ITEM)
        .path("/items")
        .send::<()>()
        .await
        .expect("a response");
    assert_eq!(response.status(), 503);
    assert_eq!(response.attempts(), 1);
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn a_post_that_times_out_after_sending_is_not_sent_again() {
    let server = MockServer::start().await;
    let slow = ResponseTemplate::new(201).set_delay(Duration::from_secs(5));
    Mock::given(any()).respond_with(slow).mount(&server).await;
    let client = builder(&server, CredentialSet::new())
        .timeout(Duration::from_millis(200))
        .build()
        .expect("valid");

    let error = client
        .0
        .request(&CREATE_ITEM)
        .path("/items")
        .json("application/json", &json!({"patient": 1}))
        .send::<()>()
        .await
        .expect_err("timeout");
    let Error::Transport(transport) = &error else {
        panic!("unexpected {error:?}")
    };
    assert_eq!(transport.kind(), TransportErrorKind::Timeout);
    assert!(transport.may_have_been_sent());
    assert_eq!(transport.attempts(), 1);
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn a_get_that_times_out_is_sent_again() {
    let server = MockServer::start().await;
    let slow = ResponseTemplate::new(200).set_delay(Duration::from_secs(5));
    Mock::given(any()).respond_with(slow).mount(&server).await;
    let policy = RetryPolicy {
        max_retries: 1,
        ..fast_retries()
    };
    let client = builder(&server, CredentialSet::new())
        .timeout(Duration::from_millis(200))
        .retry_policy(policy)
        .build()
        .expect("valid");
    let error = client
        .0
        .request(&GET_ITEM)
        .path("/items/1")
        .send::<()>()
        .await
        .expect_err("timeout");
    let Error::Transport(transport) = &error else {
        panic!("unexpected {error:?}")
    };
    assert_eq!(transport.kind(), TransportErrorKind::Timeout);
    assert_eq!(transport.attempts(), 2);
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn a_refused_connection_is_retried_even_for_post() {
    // Bind a port, then free it, so that nothing listens there.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let address = listener.local_addr().expect("address");
    drop(listener);
    let client: TestClient = ClientBuilder::new(Env::Production, &[], CredentialSet::new())
        .base_url(format!("http://{address}"))
        .retry_policy(fast_retries())
        .build()
        .expect("valid");
    let error = client
        .0
        .request(&CREATE_ITEM)
        .path("/items")
        .send::<()>()
        .await
        .expect_err("refused");
    let Error::Transport(transport) = &error else {
        panic!("unexpected {error:?}")
    };
    assert_eq!(transport.kind(), TransportErrorKind::Connect);
    assert!(!transport.may_have_been_sent());
    assert_eq!(transport.attempts(), 4);
    assert_eq!(error.operation(), "createItem");
    assert!(error.to_string().contains("createItem"), "{error}");
}

#[derive(serde::Deserialize, Debug)]
struct RateLimited {
    error: String,
}

#[tokio::test]
async fn a_wait_above_the_maximum_is_not_retried() {
    let server = MockServer::start().await;
    let limited = ResponseTemplate::new(429)
        .insert_header("retry-after", "3600")
        .set_body_json(json!({"error": "come back later"}));
    Mock::given(any())
        .respond_with(limited)
        .mount(&server)
        .await;
    let response = anonymous(&server)
        .0
        .request(&GET_ITEM)
        .path("/items/1")
        .send::<()>()
        .await
        .expect("a response");
    assert_eq!(response.status(), 429);
    assert_eq!(received(&server).await.len(), 1);
    let error = response.error_json::<RateLimited, _>(|body| body);
    assert_eq!(error.retry_after(), Some(Duration::from_secs(3600)));
    let Error::Api(api) = error else {
        panic!("a typed error")
    };
    assert_eq!(api.error().error, "come back later");
}

#[tokio::test]
async fn no_retry_starts_after_the_call_budget() {
    let server = MockServer::start().await;
    // A wait of 1 s is allowed by `max_retry_after`, but it would end after `max_elapsed`.
    let limited = ResponseTemplate::new(429).insert_header("retry-after", "1");
    respond(&server, limited, 1, ResponseTemplate::new(200)).await;
    let policy = RetryPolicy {
        max_elapsed: Duration::from_millis(500),
        ..fast_retries()
    };
    let client = builder(&server, CredentialSet::new())
        .retry_policy(policy)
        .build()
        .expect("valid");
    let response = client
        .0
        .request(&GET_ITEM)
        .path("/items/1")
        .send::<()>()
        .await
        .expect("a response");
    assert_eq!(response.status(), 429);
    assert_eq!(response.attempts(), 1);
    assert_eq!(received(&server).await.len(), 1);

    // Within the budget the same wait is honoured and the retry succeeds.
    let server = MockServer::start().await;
    let limited = ResponseTemplate::new(429).insert_header("retry-after", "1");
    respond(&server, limited, 1, ResponseTemplate::new(200)).await;
    let within = RetryPolicy {
        max_elapsed: Duration::from_secs(5),
        ..fast_retries()
    };
    let client = builder(&server, CredentialSet::new())
        .retry_policy(within)
        .build()
        .expect("valid");
    let response = client
        .0
        .request(&GET_ITEM)
        .path("/items/1")
        .send::<()>()
        .await
        .expect("a response");
    assert_eq!(response.status(), 200);
    assert_eq!(response.attempts(), 2);
}

#[tokio::test]
async fn the_last_429_is_returned_for_decoding() {
    let server = MockServer::start().await;
    let limited =
        ResponseTemplate::new(429).set_body_json(json!({"error": "busy", "retryAfter": 0}));
    Mock::given(any())
        .respond_with(limited)
        .mount(&server)
        .await;
    let response = anonymous(&server)
        .0
        .request(&CREATE_ITEM)
        .path("/items")
        .send::<()>()
        .await
        .expect("a response");
    assert_eq!(response.attempts(), 4);
    assert_eq!(received(&server).await.len(), 4);
    let error = response.error_json::<RateLimited, _>(|body| body);
    assert_eq!(error.status().map(|status| status.as_u16()), Some(429));
    assert_eq!(error.retry_after(), Some(Duration::ZERO));
    let Error::Api(api) = error else {
        panic!("a typed error")
    };
    assert_eq!(api.into_error().error, "busy");
}
