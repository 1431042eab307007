//! The conformance judge is live: a request with one field of the wrong type, sent raw to
//! Prism, is reported as a violation, while the generated client's request is not.

use carecycle_client::types::{CreateCustomerProviderRequest, ProviderType};
use carecycle_client::{Client, Credentials, Environment};
use clientgen_runtime::reqwest;
use clientgen_testkit::Prism;
use clientgen_tests::repo_root;

const CUSTOMER: &str = "497f6eca-6276-4993-bfeb-53cbbbba6f08";

#[tokio::test]
async fn a_wrongly_typed_field_is_caught_and_the_client_request_is_not() {
    let prism = Prism::start(repo_root().join("generated/carecycle/openapi.json"));
    let url = format!("{}/v2/customers/{CUSTOMER}/providers", prism.base_url());

    // reqwest is built without a rustls provider of its own here (the runtime's `rustls-ring`).
    clientgen_runtime::install_tls_provider();
    let wrong = reqwest::Client::new()
        .post(&url)
        .header("x-api-key", "cc_conformance")
        .header("content-type", "application/json")
        .body(r#"{"providerType": 5}"#)
        .send()
        .await
        .expect("Prism answers");
    let violations = wrong
        .headers()
        .get("sl-violations")
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let violations = violations.expect("Prism reports the violation in sl-violations");
    assert!(
        violations.contains(r#""location":["request","body","providerType"]"#),
        "{violations}"
    );
    assert_eq!(
        wrong.status().as_u16(),
        422,
        "an invalid request is refused"
    );

    let credentials = Credentials::new()
        .with_api_key("cc_conformance")
        .expect("credential");
    let client = Client::builder(Environment::Production, credentials)
        .base_url(prism.base_url())
        .build()
        .expect("client");
    let body: CreateCustomerProviderRequest = serde_json::from_value(
        serde_json::json!({"providerType": "Primary Care", "specialty": null}),
    )
    .expect("a valid body");
    assert_eq!(body.provider_type, ProviderType::PrimaryCare);
    let created = client
        .create_customer_provider(CUSTOMER.parse().expect("uuid"), &body)
        .await
        .expect("the typed request conforms");
    assert!(
        created.headers().get("sl-violations").is_none(),
        "the client's request has no violation"
    );
}

#[test]
fn a_missing_prism_fails_with_instructions() {
    // The suite must fail, not pass, without its judge: point it at a path that does not exist.
    let spec = repo_root().join("generated/carecycle/openapi.json");
    let missing = std::path::Path::new("/nonexistent/prism");
    let error = Prism::try_start_with(missing, &spec)
        .err()
        .expect("starting a missing Prism fails");
    assert!(error.contains("cargo xtask install-tools"), "{error}");
}
