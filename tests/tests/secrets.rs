//! Secrets and patient data stay out of what gets logged: `Debug` of every generated vendor
//! `Client` and `Credentials` never shows a credential, and `Display` and `Debug` of errors never
//! show response bodies, response header values or path parameter values, while the raw body stays
//! reachable through `raw_body()`.

mod common;

use std::time::Duration;

use clientgen_runtime::Error;
use common::{json_response, respond, vectorcare, vectorcare_builder, vsee};
use serde_json::json;
use vectorcare_client::types::GetRequestDetailParams;
use wiremock::{MockServer, ResponseTemplate};

/// A secret no output may contain; every credential below embeds it.
const SECRET: &str = "s3cr3t-8f1d2c7a";

/// Patient data that responses carry and errors must not show.
const PATIENT: &str = "Angela Graves";

/// Asserts that neither `Debug` form of `value` contains any of `needles`, and returns the
/// compact form so callers can check it is not empty.
fn assert_debug_hides<T: std::fmt::Debug>(value: &T, needles: &[&str]) -> String {
    let compact = format!("{value:?}");
    let pretty = format!("{value:#?}");
    for needle in needles {
        assert!(!compact.contains(needle), "{needle} shown in {compact}");
        assert!(!pretty.contains(needle), "{needle} shown in {pretty}");
    }
    compact
}

#[tokio::test]
async fn debug_of_every_client_and_credentials_hides_the_secrets() {
    let server = MockServer::start().await;
    let token = format!("eyJhbGciOiJSUzI1NiJ9.{SECRET}.sig");
    let vectorcare_credentials = vectorcare_client::Credentials::new()
        .with_bearer_auth(&token)
        .expect("a valid token");
    let shown = assert_debug_hides(&vectorcare_credentials, &[SECRET]);
    assert!(shown.contains("bearerAuth"), "the scheme is named: {shown}");
    let client = vectorcare_client::Client::builder(
        vectorcare_client::Environment::Production,
        vectorcare_credentials,
    )
    .base_url(server.uri())
    .default_header("X-Correlation-Secret", SECRET);
    assert_debug_hides(&client, &[SECRET]);
    let client = client.build().expect("a client");
    let shown = assert_debug_hides(&client, &[SECRET]);
    assert!(shown.starts_with("Client"), "{shown}");
    assert_debug_hides(client.runtime(), &[SECRET]);

    let key = format!("cc_{SECRET}");
    let carecycle_credentials = carecycle_client::Credentials::new()
        .with_api_key(&key)
        .expect("a valid key");
    let shown = assert_debug_hides(&carecycle_credentials, &[SECRET]);
    assert!(shown.contains("apiKey"), "{shown}");
    let client = carecycle_client::Client::builder(
        carecycle_client::Environment::Production,
        carecycle_credentials,
    )
    .base_url(server.uri())
    .build()
    .expect("a client");
    assert_debug_hides(&client, &[SECRET]);

    let carevalidate_credentials = carevalidate_client::Credentials::new()
        .with_api_key(SECRET)
        .expect("a valid key");
    assert_debug_hides(&carevalidate_credentials, &[SECRET]);
    let client = carevalidate_client::Client::builder(
        carevalidate_client::Environment::Staging,
        carevalidate_credentials,
    )
    .build()
    .expect("a client");
    assert_debug_hides(&client, &[SECRET]);

    let token = format!("token-{SECRET}");
    let account = format!("account-{SECRET}");
    let key = format!("key-{SECRET}");
    let vsee_credentials = vsee_client::Credentials::new()
        .with_api_token(&token)
        .and_then(|credentials| credentials.with_account_code(&account))
        .and_then(|credentials| credentials.with_api_key(&key))
        .expect("valid credentials");
    let shown = assert_debug_hides(&vsee_credentials, &[SECRET]);
    for scheme in ["apiToken", "accountCode", "apiKey"] {
        assert!(shown.contains(scheme), "{scheme} is named: {shown}");
    }
    let client = vsee_client::Client::builder(vsee_client::Environment::Preview, vsee_credentials)
        .build()
        .expect("a client");
    assert_debug_hides(&client, &[SECRET]);
}

#[tokio::test]
async fn the_secret_still_reaches_the_server() {
    // The counterpart of the test above: hiding the secret must not mean dropping it.
    let server = MockServer::start().await;
    respond(&server, ResponseTemplate::new(500)).await;
    let credentials = vectorcare_client::Credentials::new()
        .with_bearer_auth(SECRET)
        .expect("a valid token");
    let client =
        vectorcare_client::Client::builder(vectorcare_client::Environment::Production, credentials)
            .base_url(server.uri())
            .retry_policy(common::no_retries())
            .build()
            .expect("a client");
    let error = client
        .get_request_detail("EE5A6YZL", &GetRequestDetailParams::default())
        .await
        .expect_err("500");
    assert_debug_hides(&error, &[SECRET]);
    assert!(!error.to_string().contains(SECRET));
    let request = common::single_request(&server).await;
    let bearer = format!("Bearer {SECRET}");
    assert_eq!(
        common::header(&request, "authorization"),
        Some(bearer.as_str())
    );
}

/// Asserts that an error's `Display` and `Debug` hide the patient data and the secret, and that
/// its raw body still holds the patient data.
fn assert_error_hides_body<E: std::fmt::Debug>(error: &Error<E>) {
    let shown = error.to_string();
    assert!(
        !shown.contains(PATIENT),
        "Display shows patient data: {shown}"
    );
    assert!(
        !shown.contains("Angela"),
        "Display shows patient data: {shown}"
    );
    assert_debug_hides(error, &[PATIENT, "Angela", SECRET]);
    let body = error.raw_body().expect("a response body");
    let text = String::from_utf8_lossy(body);
    assert!(text.contains(PATIENT), "raw_body keeps the body: {text}");
}

#[tokio::test]
async fn a_documented_error_hides_its_body() {
    let server = MockServer::start().await;
    let body = json!({
        "message": format!("Request for {PATIENT} (DOB 1931-03-31) is not visible to you."),
        "code": "members:permission_denied"
    });
    respond(
        &server,
        json_response(403, &body).insert_header("x-patient", PATIENT),
    )
    .await;
    let error = vectorcare(&server)
        .get_request_detail("EE5A6YZL", &GetRequestDetailParams::default())
        .await
        .expect_err("403");
    assert_error_hides_body(&error);
    let Error::Api(api) = &error else {
        panic!("expected Error::Api, got {error:?}")
    };
    // The typed error and the header value stay available to code that asks for them.
    let vectorcare_client::types::GetRequestDetailError::Forbidden(typed) = api.error() else {
        panic!("403 decoded into {:?}", api.error())
    };
    assert!(typed.message.contains(PATIENT));
    assert_eq!(
        api.headers().get("x-patient").and_then(|v| v.to_str().ok()),
        Some(PATIENT)
    );
    assert_debug_hides(api, &[PATIENT, "Angela"]);
}

#[tokio::test]
async fn an_undocumented_status_hides_its_body_and_the_path_values() {
    let server = MockServer::start().await;
    let body = format!("<html>Internal error while loading {PATIENT}</html>");
    respond(&server, ResponseTemplate::new(500).set_body_string(body)).await;
    // The patient's name in the path must not show either: errors name the path template.
    let error = vectorcare(&server)
        .get_request_detail(PATIENT, &GetRequestDetailParams::default())
        .await
        .expect_err("500");
    assert!(matches!(error, Error::UnexpectedStatus(_)), "got {error:?}");
    assert_error_hides_body(&error);
    assert!(error
        .to_string()
        .contains("/openapi/v1.0/requests/{request_id}/"));
}

#[tokio::test]
async fn a_decode_error_hides_the_body_and_the_decoders_quote_of_it() {
    let server = MockServer::start().await;
    // The decoder's own message quotes the rejected value; only `detail()` may show it.
    let mut provider = json!({
        "id": "497f6eca-6276-4993-bfeb-53cbbbba6f08", "createdAt": "x", "updatedAt": "x",
        "customerId": "87d8e330-2878-4742-a86f-dbbb3bf522ac", "providerType": "Hospital"
    });
    provider["isActive"] = json!(PATIENT);
    respond(&server, json_response(201, &provider)).await;
    let client = common::carecycle(&server);
    let id = "497f6eca-6276-4993-bfeb-53cbbbba6f08"
        .parse()
        .expect("a UUID");
    let body = serde_json::from_value(json!({"providerType": "Hospital"})).expect("a body");
    let error = client
        .create_customer_provider(id, &body)
        .await
        .expect_err("isActive is not a boolean");
    assert_error_hides_body(&error);
    let Error::Decode(decode) = &error else {
        panic!("expected Error::Decode, got {error:?}")
    };
    assert_eq!(decode.path(), "isActive");
    assert!(decode.detail().contains(PATIENT), "{}", decode.detail());
    assert_debug_hides(decode, &[PATIENT]);

    let not_json = format!("{PATIENT} was discharged");
    respond(
        &server,
        ResponseTemplate::new(200).set_body_string(not_json),
    )
    .await;
    let error = vsee(&server).get_visit("1525").await.expect_err("not JSON");
    assert!(matches!(error, Error::Decode(_)), "got {error:?}");
    assert_error_hides_body(&error);
}

#[tokio::test]
async fn a_vsee_default_error_hides_its_message() {
    let server = MockServer::start().await;
    let body = json!({"code": 404, "message": format!("No visit for {PATIENT}")});
    respond(&server, json_response(404, &body)).await;
    let error = vsee(&server).get_visit("1525").await.expect_err("404");
    assert!(matches!(error, Error::Api(_)), "got {error:?}");
    assert_error_hides_body(&error);
}

#[tokio::test]
async fn a_transport_error_hides_the_url_and_its_path_values() {
    let server = MockServer::start().await;
    respond(
        &server,
        ResponseTemplate::new(200).set_delay(Duration::from_secs(3)),
    )
    .await;
    let client = vectorcare_builder(&server)
        .timeout(Duration::from_millis(200))
        .build()
        .expect("a client");
    let error = client
        .get_request_detail(PATIENT, &GetRequestDetailParams::default())
        .await
        .expect_err("a timeout");
    assert!(matches!(error, Error::Transport(_)), "got {error:?}");
    let shown = format!("{error} {error:?} {error:#?}");
    assert!(!shown.contains("Angela"), "{shown}");
    assert!(!shown.contains("127.0.0.1"), "the URL is shown: {shown}");
}
