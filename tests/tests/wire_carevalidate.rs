//! Wire tests of the generated CareValidate client against a mock server on 127.0.0.1: what
//! `perform_case_action` sends (path with the case UUID, `cv-api-key`, the JSON action body) and
//! how its 200, both 400 causes, 403 and 404 decode.

mod common;

use carevalidate_client::types::{
    ErrorResponse, PerformCaseActionError, RefillUrlResponse, RequestRefillUrlAction,
    RequestRefillUrlActionAction,
};
use clientgen_runtime::uuid::Uuid;
use common::{
    api_error, assert_target, carevalidate, carevalidate_builder, header, json_body, json_response,
    respond, single_request, CAREVALIDATE_KEY,
};
use serde_json::json;
use wiremock::MockServer;

/// A case id.
const CASE: &str = "3c1b7a52-9f0e-4d6b-8a21-5e4f3d2c1b0a";

/// The product id of the page's examples.
const PRODUCT: &str = "e9a3e6a5-9538-4401-99bb-ead475547a36";

/// Returns the case id.
fn case() -> Uuid {
    CASE.parse().expect("a UUID")
}

/// The page's request body, typed.
fn refill_body() -> RequestRefillUrlAction {
    RequestRefillUrlAction {
        action: RequestRefillUrlActionAction::RequestRefillUrl,
        organization_product_id: Some(PRODUCT.parse().expect("a UUID")),
    }
}

/// The page's 200 example.
fn success_example() -> serde_json::Value {
    json!({"status": 200, "success": true, "formLink": "https://example.com/check-in-form-link"})
}

#[tokio::test]
async fn perform_case_action_sends_the_page_example_body_with_the_api_key() {
    let server = MockServer::start().await;
    respond(&server, json_response(200, &success_example())).await;
    let link = carevalidate(&server)
        .perform_case_action(case(), &refill_body())
        .await
        .expect("a refill link");
    assert_eq!(link.status(), 200);
    assert_eq!(
        link.into_inner(),
        RefillUrlResponse {
            status: 200,
            success: true,
            form_link: "https://example.com/check-in-form-link".into(),
        }
    );
    let request = single_request(&server).await;
    assert_target(&request, "POST", &format!("/api/v1/cases/{CASE}"), None);
    assert_eq!(header(&request, "cv-api-key"), Some(CAREVALIDATE_KEY));
    assert_eq!(header(&request, "accept"), Some("application/json"));
    assert_eq!(
        json_body(&request),
        json!({"action": "REQUEST_REFILL_URL", "organizationProductId": PRODUCT})
    );
}

#[tokio::test]
async fn perform_case_action_leaves_out_an_absent_product_id() {
    let server = MockServer::start().await;
    respond(&server, json_response(200, &success_example())).await;
    let body = RequestRefillUrlAction {
        organization_product_id: None,
        ..refill_body()
    };
    carevalidate(&server)
        .perform_case_action(case(), &body)
        .await
        .expect("a refill link");
    let request = single_request(&server).await;
    assert_eq!(json_body(&request), json!({"action": "REQUEST_REFILL_URL"}));
}

#[tokio::test]
async fn an_action_the_spec_does_not_list_is_refused_unless_validation_is_off() {
    // The page documents a 400 "Invalid action" for any other action, so the closed enum refuses
    // one before sending; with validation off it is sent as it is, for an action newer than
    // the spec.
    let server = MockServer::start().await;
    respond(&server, json_response(200, &success_example())).await;
    let body = RequestRefillUrlAction::new(RequestRefillUrlActionAction::Unknown(
        "CANCEL_REFILL".into(),
    ));
    let error = carevalidate(&server)
        .perform_case_action(case(), &body)
        .await
        .expect_err("refused before sending");
    assert!(
        error.to_string().contains("body.action"),
        "the violation names the field: {error}"
    );
    assert!(server
        .received_requests()
        .await
        .unwrap_or_default()
        .is_empty());

    carevalidate_builder(&server)
        .validate_requests(false)
        .build()
        .expect("a client")
        .perform_case_action(case(), &body)
        .await
        .expect("a response");
    let request = single_request(&server).await;
    assert_eq!(json_body(&request), json!({"action": "CANCEL_REFILL"}));
}

#[tokio::test]
async fn perform_case_action_decodes_every_documented_error_into_its_variant() {
    let server = MockServer::start().await;
    let client = carevalidate(&server);
    // The page's four error examples: two causes of 400, then 404 and 403.
    let cases = [
        (400, "Invalid action"),
        (400, "Product id must be a valid UUID"),
        (404, "No Case found for provided details!"),
        (403, "Permission denied!"),
    ];
    for (status, cause) in cases {
        let body = json!({
            "status": status, "success": false, "message": "Invalid request", "error": cause
        });
        respond(&server, json_response(status, &body)).await;
        let error = api_error(client.perform_case_action(case(), &refill_body())).await;
        assert_eq!(error.status().as_u16(), status);
        let expected = ErrorResponse {
            status: i64::from(status),
            success: false,
            message: "Invalid request".into(),
            error: cause.into(),
        };
        let decoded = match error.error() {
            PerformCaseActionError::BadRequest(body) => (400, body),
            PerformCaseActionError::Forbidden(body) => (403, body),
            PerformCaseActionError::NotFound(body) => (404, body),
            other => panic!("status {status} decoded into {other:?}"),
        };
        assert_eq!(decoded, (status, &expected));
        single_request(&server).await;
    }
}

#[tokio::test]
async fn perform_case_action_keeps_an_undocumented_401_raw() {
    // The page documents no answer for a missing or wrong key, so none is typed.
    let server = MockServer::start().await;
    let body = json!({"status": 401, "success": false, "message": "Unauthorized"});
    respond(&server, json_response(401, &body)).await;
    let error = carevalidate(&server)
        .perform_case_action(case(), &refill_body())
        .await
        .expect_err("an error status");
    let clientgen_runtime::Error::UnexpectedStatus(raw) = &error else {
        panic!("expected UnexpectedStatus, got {error:?}")
    };
    assert_eq!(raw.status().as_u16(), 401);
    assert_eq!(raw.body().as_ref(), body.to_string().as_bytes());
}
