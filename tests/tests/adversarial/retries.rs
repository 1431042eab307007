//! Adversarial tests of retries on refusals: a 429 is retried for any method when the server says
//! how long to wait (in a header or careCycle's body) and returned when the wait is too long or
//! never ends, and a 503 is retried for a read but never for a create.

use std::time::Duration;

use carecycle_client::types::{CreateCustomerProviderError, RateLimitError};
use clientgen_runtime::Error;
use serde_json::{json, Value};
use vectorcare_client::types::GetRequestDetailParams;
use vsee_client::types::IntakeFields;
use wiremock::{MockServer, ResponseTemplate};

use crate::common::{
    carecycle_builder, fast_retries, json_response, received, respond, respond_then,
    vectorcare_builder, vectorcare_created, vsee_builder,
};
use crate::support::{customer, detail, pharmacy, provider, transport_request, visit_envelope};

/// A VectorCare or careCycle error body.
fn error_body(code: &str) -> Value {
    json!({"message": "Rate limit exceeded.", "code": code})
}

#[tokio::test]
async fn a_429_with_retry_after_is_retried_then_succeeds_even_for_a_post() {
    let server = MockServer::start().await;
    let limited =
        json_response(429, &error_body("api:rate_limited")).insert_header("retry-after", "0");
    respond_then(
        &server,
        limited,
        2,
        json_response(201, &vectorcare_created()),
    )
    .await;
    let client = vectorcare_builder(&server)
        .retry_policy(fast_retries())
        .build()
        .expect("a client");
    let response = client
        .create_example_service_request(&transport_request())
        .await
        .expect("created after two 429s");
    assert_eq!(response.status(), 201);
    assert_eq!(response.request_id, "KP-ABCD1234");
    let requests = received(&server).await;
    assert_eq!(
        requests.len(),
        3,
        "two refused attempts and one that succeeded"
    );
    // Every attempt carried the same body.
    assert!(requests
        .iter()
        .all(|request| request.body == requests[0].body));
}

#[tokio::test]
async fn a_429_on_a_get_is_retried_then_succeeds() {
    let server = MockServer::start().await;
    let limited = ResponseTemplate::new(429).insert_header("retry-after", "0");
    respond_then(&server, limited, 1, json_response(200, &visit_envelope())).await;
    let client = vsee_builder(&server)
        .retry_policy(fast_retries())
        .build()
        .expect("a client");
    let visit = client.get_visit("1525").await.expect("a visit after a 429");
    assert_eq!(visit.member_id, "508");
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn a_carecycle_429_with_retry_after_in_the_body_is_retried() {
    let server = MockServer::start().await;
    // No Retry-After header: the wait comes from the documented `retryAfter` body field.
    let limited = json_response(
        429,
        &json!({"message": "Too many requests", "code": "RATE_LIMITED", "retryAfter": 0}),
    );
    respond_then(&server, limited, 1, json_response(201, &provider())).await;
    let client = carecycle_builder(&server)
        .retry_policy(fast_retries())
        .build()
        .expect("a client");
    let created = client
        .create_customer_provider(customer(), &pharmacy())
        .await
        .expect("created after a 429");
    assert_eq!(created.status(), 201);
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn a_carecycle_429_asking_for_a_long_wait_is_returned_not_retried() {
    let server = MockServer::start().await;
    let limited = json_response(
        429,
        &json!({"message": "Too many requests", "code": "RATE_LIMITED", "retryAfter": 3600}),
    );
    respond(&server, limited).await;
    let client = carecycle_builder(&server)
        .retry_policy(fast_retries())
        .build()
        .expect("a client");
    let error = client
        .create_customer_provider(customer(), &pharmacy())
        .await
        .expect_err("rate limited");
    let Error::Api(api) = &error else {
        panic!("expected Error::Api, got {error:?}")
    };
    assert_eq!(
        api.error(),
        &CreateCustomerProviderError::TooManyRequests(RateLimitError {
            message: "Too many requests".into(),
            code: "RATE_LIMITED".into(),
            retry_after: 3600,
        })
    );
    assert_eq!(error.retry_after(), Some(Duration::from_secs(3600)));
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn a_429_that_never_ends_is_decoded_after_the_last_retry() {
    let server = MockServer::start().await;
    let limited =
        json_response(429, &error_body("api:rate_limited")).insert_header("retry-after", "0");
    respond(&server, limited).await;
    let client = vectorcare_builder(&server)
        .retry_policy(fast_retries())
        .build()
        .expect("a client");
    let error = client
        .create_example_service_request(&transport_request())
        .await
        .expect_err("still rate limited");
    let Error::Api(api) = &error else {
        panic!("expected Error::Api, got {error:?}")
    };
    assert!(matches!(
        api.error(),
        vectorcare_client::types::CreateExampleServiceRequestError::TooManyRequests(_)
    ));
    assert_eq!(
        received(&server).await.len(),
        4,
        "one attempt and three retries"
    );
}

#[tokio::test]
async fn a_503_on_a_get_is_retried() {
    let server = MockServer::start().await;
    let client = vectorcare_builder(&server)
        .retry_policy(fast_retries())
        .build()
        .expect("a client");
    respond_then(
        &server,
        ResponseTemplate::new(503),
        2,
        json_response(200, &detail()),
    )
    .await;
    let found = client
        .get_request_detail("EE5A6YZL", &GetRequestDetailParams::default())
        .await
        .expect("details after two 503s");
    assert_eq!(found.request_id, "EE5A6YZL");
    assert_eq!(received(&server).await.len(), 3);

    let vsee = vsee_builder(&server)
        .retry_policy(fast_retries())
        .build()
        .expect("a client");
    respond_then(
        &server,
        ResponseTemplate::new(503),
        1,
        json_response(200, &visit_envelope()),
    )
    .await;
    vsee.get_visit("1525").await.expect("a visit after a 503");
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn a_503_on_a_post_is_not_retried() {
    let server = MockServer::start().await;
    let unavailable = || ResponseTemplate::new(503).set_body_string("upstream unavailable");

    respond(&server, unavailable()).await;
    let vectorcare = vectorcare_builder(&server)
        .retry_policy(fast_retries())
        .build()
        .expect("a client");
    let error = vectorcare
        .create_request("2JV3RG9K", &serde_json::Map::new())
        .await
        .expect_err("503");
    assert!(
        matches!(&error, Error::UnexpectedStatus(raw) if raw.status() == 503),
        "got {error:?}"
    );
    assert_eq!(
        received(&server).await.len(),
        1,
        "VectorCare create sent once"
    );

    respond(&server, unavailable()).await;
    let carecycle = carecycle_builder(&server)
        .retry_policy(fast_retries())
        .build()
        .expect("a client");
    let error = carecycle
        .create_customer_provider(customer(), &pharmacy())
        .await
        .expect_err("503");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
    assert_eq!(
        received(&server).await.len(),
        1,
        "careCycle create sent once"
    );

    respond(&server, unavailable()).await;
    let vsee = vsee_builder(&server)
        .retry_policy(fast_retries())
        .build()
        .expect("a client");
    let error = vsee
        .create_intake(&IntakeFields::default())
        .await
        .expect_err("503");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
    assert_eq!(
        received(&server).await.len(),
        1,
        "VSee create intake sent once"
    );
}
