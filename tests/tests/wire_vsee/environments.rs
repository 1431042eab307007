//! Wire test of where the VSee client sends its requests: the per-account production host as a
//! server variable, and a base URL that replaces it.

use serde_json::json;
use wiremock::MockServer;

use crate::common::{self, json_response, respond, single_request, vsee_builder};
use crate::support::string_visit;

#[tokio::test]
async fn production_takes_the_account_host_and_base_url_replaces_it() {
    // The production host is per account, so it is a server variable; a base URL replaces the
    // whole server, and the operation's path is appended to it unchanged.
    let client = vsee_client::Client::builder(
        vsee_client::Environment::Production,
        common::vsee_credentials(),
    )
    .server_variable("apiHost", "clinic.example.com")
    .build()
    .expect("a client with the account's host");
    assert_eq!(client.runtime().environment(), "production");
    let server = MockServer::start().await;
    let built = vsee_builder(&server)
        .environment(vsee_client::Environment::Production)
        .build()
        .expect("base_url replaces the host");
    respond(
        &server,
        json_response(200, &json!({"data": string_visit()})),
    )
    .await;
    built.get_current_visit().await.expect("a visit");
    assert_eq!(single_request(&server).await.url.path(), "/visits/current");
}

#[test]
fn production_without_the_account_host_fails_at_build_naming_it() {
    // The spec's default host is a placeholder under `.invalid`: without `apiHost`, the client
    // is refused when it is built, not at its first call after retries against a host that
    // does not exist.
    let error = vsee_client::Client::builder(
        vsee_client::Environment::Production,
        common::vsee_credentials(),
    )
    .build()
    .expect_err("no client without the account's host");
    let message = error.to_string();
    assert!(
        message.contains("server_variable(\"apiHost\""),
        "the error names the variable and the call that sets it: {message}"
    );
    assert!(matches!(
        error,
        clientgen_runtime::BuildError::MissingServerVariable {
            name: "apiHost",
            environment: "production"
        }
    ));
    // The preview environment needs no host of its own.
    assert!(vsee_client::Client::builder(
        vsee_client::Environment::Preview,
        common::vsee_credentials()
    )
    .build()
    .is_ok());
}

#[test]
fn a_credential_every_operation_needs_is_checked_at_build() {
    // Every VSee operation needs `X-ApiToken` and `X-AccountCode`; a client without the token
    // could send nothing, so it is refused when built, naming the method that sets it.
    let without_token = vsee_client::Credentials::new()
        .with_account_code(common::VSEE_ACCOUNT)
        .expect("a valid account code");
    let error = vsee_client::Client::new(vsee_client::Environment::Preview, without_token)
        .expect_err("no client without the API token");
    assert!(matches!(
        error,
        clientgen_runtime::BuildError::MissingCredential {
            scheme: "apiToken",
            setter: "with_api_token"
        }
    ));
    assert!(
        error.to_string().contains("Credentials::with_api_token"),
        "{error}"
    );
    // The API key is needed by one operation only, so it is checked when that one is called.
    let without_key = vsee_client::Credentials::new()
        .with_api_token(common::VSEE_TOKEN)
        .and_then(|credentials| credentials.with_account_code(common::VSEE_ACCOUNT))
        .expect("valid credentials");
    assert!(vsee_client::Client::new(vsee_client::Environment::Preview, without_key).is_ok());
    // careCycle, CareValidate and VectorCare each have one scheme that every operation needs.
    assert!(matches!(
        carecycle_client::Client::new(
            carecycle_client::Environment::default(),
            carecycle_client::Credentials::new()
        ),
        Err(clientgen_runtime::BuildError::MissingCredential { .. })
    ));
}
