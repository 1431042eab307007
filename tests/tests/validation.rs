//! Client-side validation: a request that breaks the spec's constraints is refused before
//! anything is sent, naming the field, the rule and the spec location, never the value.

mod common;

use carecycle_client::stubs::Stubs as CareCycleStubs;
use carecycle_client::types::{CreateCustomerProviderRequest, ProviderType};
use clientgen_runtime::test_util::Answer;
use clientgen_runtime::{Error, RequestError};
use common::stubbed::{carecycle_builder, customer, provider};

/// The violations of a refused request, as `path: rule @ location`.
fn violations<E>(error: &Error<E>) -> Vec<String> {
    match error {
        Error::InvalidRequest(RequestError::Invalid { violations, .. }) => violations
            .iter()
            .map(|v| format!("{}: {} @ {}", v.path, v.rule, v.location))
            .collect(),
        _ => panic!("expected a refused request, got {error}"),
    }
}

#[tokio::test]
async fn a_too_long_string_is_refused_without_a_call_and_without_its_value() {
    let stubs = CareCycleStubs::new();
    let client = stubs.client().expect("a stubbed client");
    let secret_note = "Patient prefers mornings. ".repeat(40);
    assert!(secret_note.chars().count() > 1000);
    let request = CreateCustomerProviderRequest::new(ProviderType::Specialist)
        .with_notes(secret_note.clone());
    let error = client
        .create_customer_provider(customer(), &request)
        .await
        .expect_err("refused");
    assert_eq!(
        violations(&error),
        ["body.notes: at most 1000 characters @ specs/carecycle.yaml#/components/schemas/CreateCustomerProviderRequest/properties/notes"]
    );
    assert!(stubs.sent().is_empty(), "nothing may reach the server");
    assert!(!error.may_have_been_sent());
    for shown in [error.to_string(), format!("{error:?}")] {
        assert!(
            !shown.contains("Patient prefers"),
            "the value leaked: {shown}"
        );
        assert!(shown.contains("body.notes"), "{shown}");
    }
}

#[tokio::test]
async fn every_broken_rule_is_reported_and_a_closed_enum_refuses_unknown_values() {
    let stubs = CareCycleStubs::new();
    let client = stubs.client().expect("a stubbed client");
    let request = CreateCustomerProviderRequest::new(ProviderType::Unknown("Vet".into()))
        .with_postal_code("1".repeat(21))
        .with_state("x".repeat(51));
    let error = client
        .create_customer_provider(customer(), &request)
        .await
        .expect_err("refused");
    let found = violations(&error);
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(found[0].starts_with("body.providerType: one of the values the spec lists @ specs/carecycle.yaml#/components/schemas/ProviderType"), "{found:#?}");
    assert!(found
        .iter()
        .any(|v| v.starts_with("body.postalCode: at most 20 characters")));
    assert!(found
        .iter()
        .any(|v| v.starts_with("body.state: at most 50 characters")));
    assert!(error.to_string().ends_with("and 2 more"), "{error}");
    assert!(stubs.sent().is_empty());
}

#[tokio::test]
async fn a_parameter_that_breaks_its_pattern_is_refused_and_a_good_one_is_sent() {
    let stubs = twilio_messaging_client::stubs::Stubs::new();
    stubs.fetch_service().answers(Answer::status(404));
    let client = stubs.client().expect("a stubbed client");
    let error = client
        .fetch_service("MG-not-a-service-sid-of-34-chars!!")
        .await
        .expect_err("refused");
    let found = violations(&error);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].starts_with("path.Sid: text matching the pattern `^MG[0-9a-fA-F]{32}$` @ specs/corpus/twilio__twilio_messaging_v1.yaml#/paths/"),
        "{found:#?}"
    );
    assert_eq!(stubs.fetch_service().calls(), 0);

    let good = format!("MG{}", "0123456789abcdef".repeat(2));
    let error = client
        .fetch_service(&good)
        .await
        .expect_err("the stubbed 404");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(stubs.fetch_service().calls(), 1);
}

#[tokio::test]
async fn validation_can_be_turned_off_to_let_the_server_judge() {
    let stubs = CareCycleStubs::new();
    stubs
        .create_customer_provider()
        .answers(Answer::status(422));
    let client = carecycle_builder(&stubs)
        .validate_requests(false)
        .build()
        .expect("a stubbed client");
    let request =
        CreateCustomerProviderRequest::new(ProviderType::Hospital).with_notes("n".repeat(2000));
    let error = client
        .create_customer_provider(customer(), &request)
        .await
        .expect_err("the server's 422");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(422));
    assert_eq!(stubs.sent().len(), 1);
}

#[tokio::test]
async fn with_validate_responses_a_success_that_breaks_the_spec_is_returned_and_reported() {
    use clientgen_testkit::capture::Capture;

    let secret_note = "Allergic to penicillin. ".repeat(50);
    let provider = provider(Some(secret_note.clone()));
    let stubs = CareCycleStubs::new();
    stubs
        .create_customer_provider()
        .returns(&provider)
        .returns(&provider);
    let strict = carecycle_builder(&stubs)
        .validate_responses(true)
        .build()
        .expect("a stubbed client");
    let lenient = stubs.client().expect("a stubbed client");
    let request = CreateCustomerProviderRequest::new(ProviderType::PrimaryCare);

    let capture = Capture::default();
    let dispatch = tracing::Dispatch::new(capture.clone());
    let guard = tracing::dispatcher::set_default(&dispatch);
    let returned = strict
        .create_customer_provider(customer(), &request)
        .await
        .expect("returned despite the violation");
    let warnings_after_strict = capture.events().len();
    lenient
        .create_customer_provider(customer(), &request)
        .await
        .expect("returned");
    drop(guard);

    assert_eq!(returned.into_inner(), provider);
    let events = capture.events();
    let ours: Vec<_> = events
        .iter()
        .filter(|fields| fields.iter().any(|(name, _)| name == "rule"))
        .collect();
    assert_eq!(ours.len(), 1, "{events:?}");
    let field = |name: &str| {
        ours[0]
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, value)| value.clone())
            .unwrap_or_default()
    };
    assert_eq!(field("operation"), "\"createCustomerProvider\"");
    assert_eq!(field("path"), "response.notes");
    assert_eq!(field("rule"), "at most 1000 characters");
    assert!(field("location").contains("#/components/schemas/CustomerProvider/properties/notes"));
    // The lenient client (the default) reported nothing more, and no value was logged.
    assert_eq!(capture.events().len(), warnings_after_strict);
    assert!(!format!("{events:?}").contains("penicillin"));
}
