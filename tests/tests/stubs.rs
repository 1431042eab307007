//! The `test-util` stubs: typed answers, sequences, faults and delays go through the same retry,
//! idempotency and decoding path as real traffic, with no socket, and what was sent is recorded
//! with its credentials redacted.

mod common;

use std::time::Duration;

use carecycle_client::stubs::Stubs as CareCycleStubs;
use carecycle_client::types::{
    CreateCustomerProviderError, CreateCustomerProviderRequest, ErrorType, ProviderType,
};
use clientgen_runtime::test_util::{Answer, Fault, REDACTED};
use clientgen_runtime::{Error, RetryPolicy, TransportErrorKind};
use common::stubbed::{carecycle_builder, customer, provider, CUSTOMER};
use vsee_client::stubs::Stubs as VseeStubs;

#[tokio::test(start_paused = true)]
async fn a_429_then_a_201_is_retried_and_returns_the_typed_value() {
    let stubs = CareCycleStubs::new();
    stubs
        .create_customer_provider()
        .answers(Answer::rate_limited(2))
        .returns(&provider(None));
    let client = stubs.client().expect("a stubbed client");
    let request = CreateCustomerProviderRequest::new(ProviderType::PrimaryCare)
        .with_provider_name("Dr. Example");
    let started = tokio::time::Instant::now();
    let response = client
        .create_customer_provider(customer(), &request)
        .await
        .expect("the retried call succeeds");
    assert_eq!(response.status().as_u16(), 201);
    assert_eq!(response.attempts(), 2);
    assert_eq!(response.into_inner(), provider(None));
    // The Retry-After of the 429 was waited for (on tokio's paused clock).
    assert!(started.elapsed() >= Duration::from_secs(2));

    let sent = stubs.create_customer_provider().sent();
    assert_eq!(sent.len(), 2);
    let body: CreateCustomerProviderRequest = sent[1].json().expect("the typed request");
    assert_eq!(body, request);
    assert_eq!(sent[1].header("x-api-key"), Some(REDACTED));
    assert!(sent[1]
        .url
        .path()
        .ends_with(&format!("/customers/{CUSTOMER}/providers")));
}

#[tokio::test(start_paused = true)]
async fn a_non_idempotent_create_is_not_sent_again_after_a_timeout() {
    let stubs = VseeStubs::new();
    stubs
        .create_intake()
        .answers(Answer::fault(Fault::Timeout))
        .returns(&vsee_client::types::Intake::new("never-reached"));
    let client = stubs.client().expect("a stubbed client");
    let error = client
        .create_intake(&vsee_client::types::IntakeFields::default())
        .await
        .expect_err("the timeout is returned");
    match &error {
        Error::Transport(transport) => {
            assert_eq!(transport.kind(), TransportErrorKind::Timeout);
            assert!(transport.may_have_been_sent());
        }
        other => panic!("expected a transport error, got {other}"),
    }
    assert_eq!(stubs.create_intake().calls(), 1);
    assert_eq!(stubs.sent().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn an_idempotent_read_is_retried_after_a_503_and_a_slow_answer_times_out() {
    let stubs = VseeStubs::new();
    let intake = vsee_client::types::Intake::new("42").with_reason_for_visit("Follow-up");
    stubs
        .get_intake()
        .answers(Answer::unavailable(1))
        .returns(&intake);
    let client = stubs.client().expect("a stubbed client");
    let response = client.get_intake("42").await.expect("the retried read");
    assert_eq!(response.into_inner(), intake);
    assert_eq!(stubs.get_intake().calls(), 2);

    // A delay past the request timeout is a timeout, and a read is retried after it.
    let stubs = VseeStubs::new();
    stubs
        .get_intake()
        .answers(Answer::status(200).after(Duration::from_secs(60)))
        .returns(&intake);
    let client = stubs
        .client_builder(
            vsee_client::Environment::default(),
            vsee_client::Credentials::new()
                .with_api_token("t")
                .and_then(|c| c.with_account_code("a"))
                .expect("credentials"),
        )
        .timeout(Duration::from_secs(5))
        .build()
        .expect("a stubbed client");
    let response = client.get_intake("42").await.expect("the retry succeeds");
    assert_eq!(response.attempts(), 2);
}

#[tokio::test(start_paused = true)]
async fn documented_errors_undocumented_statuses_and_malformed_bodies_keep_their_status() {
    let stubs = CareCycleStubs::new();
    let request = CreateCustomerProviderRequest::new(ProviderType::Hospital);
    stubs
        .create_customer_provider()
        .fails(404, &ErrorType::new("no such customer", "NOT_FOUND"))
        .answers(Answer::status(418).body("text/plain", "teapot"))
        .answers(Answer::malformed(201));
    let client = carecycle_builder(&stubs)
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("a stubbed client");

    let error = client
        .create_customer_provider(customer(), &request)
        .await
        .expect_err("404");
    assert_eq!(
        error.typed(),
        Some(&CreateCustomerProviderError::NotFound(ErrorType::new(
            "no such customer",
            "NOT_FOUND"
        )))
    );

    let error = client
        .create_customer_provider(customer(), &request)
        .await
        .expect_err("418");
    assert!(matches!(&error, Error::UnexpectedStatus(raw) if raw.status().as_u16() == 418));
    assert_eq!(
        error.raw_body().map(|b| b.to_vec()),
        Some(b"teapot".to_vec())
    );

    let error = client
        .create_customer_provider(customer(), &request)
        .await
        .expect_err("malformed");
    assert!(matches!(&error, Error::Decode(_)), "{error:?}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(201));

    // Nothing left: a clear 501 naming the operation, not a hang or a panic.
    let error = client
        .create_customer_provider(customer(), &request)
        .await
        .expect_err("no answer left");
    let body = String::from_utf8(error.raw_body().expect("a body").to_vec()).expect("text");
    assert!(body.contains("createCustomerProvider"), "{body}");
}

#[tokio::test(start_paused = true)]
async fn a_refused_connection_is_retried_even_for_a_create() {
    let stubs = CareCycleStubs::new();
    stubs
        .create_customer_provider()
        .answers(Answer::fault(Fault::ConnectionRefused))
        .returns(&provider(None));
    let client = stubs.client().expect("a stubbed client");
    let response = client
        .create_customer_provider(
            customer(),
            &CreateCustomerProviderRequest::new(ProviderType::Pharmacy),
        )
        .await
        .expect("sent again: the first attempt never left");
    assert_eq!(response.attempts(), 2);
}

/// Every vendor crate has the stubs and refuses an invalid request before sending it: an empty
/// path parameter, or a value outside a closed enum.
#[tokio::test]
async fn every_crate_has_stubs_and_refuses_invalid_requests_unsent() {
    fn refused<T, E>(result: Result<T, Error<E>>) -> bool {
        matches!(result, Err(Error::InvalidRequest(_)))
    }

    let stubs = vectorcare_client::stubs::Stubs::new();
    let client = stubs.client().expect("a stubbed client");
    let params = vectorcare_client::types::GetRequestDetailParams::new();
    assert!(refused(client.get_request_detail("", &params).await));
    stubs.get_request_detail().answers(Answer::status(404));
    let error = client
        .get_request_detail("EE5A6YZL", &params)
        .await
        .expect_err("the stubbed 404");
    assert!(error.is_not_found());
    assert_eq!(stubs.sent().len(), 1);

    let stubs = carevalidate_client::stubs::Stubs::new();
    let client = stubs.client().expect("a stubbed client");
    let unknown = carevalidate_client::types::RequestRefillUrlAction::new(
        carevalidate_client::types::RequestRefillUrlActionAction::Unknown("DELETE".into()),
    );
    assert!(refused(
        client.perform_case_action(customer(), &unknown).await
    ));
    assert!(stubs.sent().is_empty());

    let stubs = petstore3_client::stubs::Stubs::new();
    let client = stubs.client().expect("a stubbed client");
    let pet = petstore3_client::types::Pet::new("Rex", vec!["https://example.com/rex.png".into()])
        .with_status(petstore3_client::types::PetStatus::Unknown(
            "adopted".into(),
        ));
    assert!(refused(client.add_pet(&pet).await));
    assert!(refused(client.get_user_by_name("").await));
    assert!(stubs.sent().is_empty());

    let stubs = VseeStubs::new();
    let client = stubs.client().expect("a stubbed client");
    assert!(refused(client.get_intake("..").await));
    assert!(stubs.sent().is_empty());
}
