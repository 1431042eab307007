//! Wire tests of the generated careCycle client against a mock server on 127.0.0.1: what
//! `create_customer_provider` sends (path with the customer UUID, `x-api-key`, JSON body with
//! omitted and null fields told apart) and how each of its eight documented responses decodes.

mod common;

use carecycle_client::types::{
    CreateCustomerProviderError, CreateCustomerProviderRequest, CustomerProvider,
    ErrorType as ApiBody, ProviderType, RateLimitError, ValidationError, ValidationErrorCode,
    ValidationIssue,
};
use clientgen_runtime::uuid::Uuid;
use common::{
    api_error, assert_target, carecycle, header, json_body, json_response, respond, single_request,
    CARECYCLE_KEY,
};
use serde_json::{json, Value};
use wiremock::MockServer;

/// The customer id of the page's curl example.
const CUSTOMER: &str = "497f6eca-6276-4993-bfeb-53cbbbba6f08";

/// Returns the page's customer id.
fn customer() -> Uuid {
    CUSTOMER.parse().expect("a UUID")
}

/// A body with only the required `providerType`, as the page's curl example sends.
fn minimal_body() -> CreateCustomerProviderRequest {
    serde_json::from_value(json!({"providerType": "Primary Care"})).expect("a valid body")
}

/// The page's success example (the first of its eight response bodies).
fn provider_example() -> Value {
    json!({
        "id": "497f6eca-6276-4993-bfeb-53cbbbba6f08",
        "createdAt": "string",
        "updatedAt": "string",
        "customerId": "87d8e330-2878-4742-a86f-dbbb3bf522ac",
        "providerType": "Primary Care",
        "specialty": "string",
        "providerName": "string",
        "practiceName": "string",
        "npi": "string",
        "phone": "string",
        "fax": "string",
        "email": "string",
        "address": "string",
        "address2": "string",
        "city": "string",
        "state": "string",
        "postalCode": "string",
        "isPrimaryProvider": true,
        "isActive": true,
        "notes": "string"
    })
}

#[tokio::test]
async fn create_customer_provider_sends_the_minimal_body_of_the_page_example() {
    let server = MockServer::start().await;
    respond(&server, json_response(201, &provider_example())).await;
    let created = carecycle(&server)
        .create_customer_provider(customer(), &minimal_body())
        .await
        .expect("created");
    assert_eq!(created.status(), 201);
    let request = single_request(&server).await;
    assert_target(
        &request,
        "POST",
        "/v2/customers/497f6eca-6276-4993-bfeb-53cbbbba6f08/providers",
        None,
    );
    assert_eq!(header(&request, "x-api-key"), Some(CARECYCLE_KEY));
    assert_eq!(header(&request, "authorization"), None);
    assert_eq!(header(&request, "accept"), Some("application/json"));
    assert_eq!(json_body(&request), json!({"providerType": "Primary Care"}));
}

#[tokio::test]
async fn create_customer_provider_sends_null_for_cleared_fields_and_omits_unset_ones() {
    let server = MockServer::start().await;
    respond(&server, json_response(201, &provider_example())).await;
    let body = CreateCustomerProviderRequest {
        provider_type: ProviderType::Specialist,
        specialty: Some(Some("Cardiology".into())),
        provider_name: Some(Some("Dr. Jane Roe".into())),
        practice_name: Some(None),
        npi: Some(Some("1234567893".into())),
        phone: Some(Some("+1 555 0100".into())),
        fax: None,
        email: Some(Some("office@example.com".into())),
        address: Some(Some("1 Main St".into())),
        address2: Some(None),
        city: Some(Some("Springfield".into())),
        state: Some(Some("IL".into())),
        postal_code: Some(Some("62701".into())),
        is_primary_provider: Some(Some(false)),
        is_active: Some(None),
        notes: None,
    };
    carecycle(&server)
        .create_customer_provider(customer(), &body)
        .await
        .expect("created");
    let request = single_request(&server).await;
    assert_eq!(
        json_body(&request),
        json!({
            "providerType": "Specialist",
            "specialty": "Cardiology",
            "providerName": "Dr. Jane Roe",
            "practiceName": null,
            "npi": "1234567893",
            "phone": "+1 555 0100",
            "email": "office@example.com",
            "address": "1 Main St",
            "address2": null,
            "city": "Springfield",
            "state": "IL",
            "postalCode": "62701",
            "isPrimaryProvider": false,
            "isActive": null
        })
    );
}

#[tokio::test]
async fn create_customer_provider_puts_the_nil_and_max_uuids_in_the_path() {
    let server = MockServer::start().await;
    let client = carecycle(&server);
    for id in [
        "00000000-0000-0000-0000-000000000000",
        "ffffffff-ffff-ffff-ffff-ffffffffffff",
    ] {
        respond(&server, json_response(201, &provider_example())).await;
        let id: Uuid = id.parse().expect("a UUID");
        client
            .create_customer_provider(id, &minimal_body())
            .await
            .expect("created");
        let request = single_request(&server).await;
        assert_eq!(request.url.path(), format!("/v2/customers/{id}/providers"));
    }
}

#[tokio::test]
async fn create_customer_provider_decodes_the_created_provider() {
    let server = MockServer::start().await;
    respond(&server, json_response(201, &provider_example())).await;
    let created: CustomerProvider = carecycle(&server)
        .create_customer_provider(customer(), &minimal_body())
        .await
        .expect("created")
        .into_inner();
    assert_eq!(created.id, customer());
    assert_eq!(
        created.customer_id,
        "87d8e330-2878-4742-a86f-dbbb3bf522ac"
            .parse::<Uuid>()
            .expect("a UUID")
    );
    assert_eq!(created.provider_type, ProviderType::PrimaryCare);
    assert_eq!(created.created_at, "string");
    assert_eq!(created.postal_code.as_deref(), Some("string"));
    assert_eq!(created.is_primary_provider, Some(true));
    assert_eq!(created.is_active, Some(true));
    assert_eq!(created.notes.as_deref(), Some("string"));
}

#[tokio::test]
async fn create_customer_provider_reads_null_fields_and_unknown_provider_types() {
    let server = MockServer::start().await;
    let mut body = provider_example();
    body["providerType"] = json!("Urgent Care");
    for field in ["specialty", "npi", "isPrimaryProvider", "notes"] {
        body[field] = Value::Null;
    }
    respond(&server, json_response(201, &body)).await;
    let created = carecycle(&server)
        .create_customer_provider(customer(), &minimal_body())
        .await
        .expect("created")
        .into_inner();
    assert_eq!(
        created.provider_type,
        ProviderType::Unknown("Urgent Care".into())
    );
    assert_eq!(created.specialty, None);
    assert_eq!(created.npi, None);
    assert_eq!(created.is_primary_provider, None);
    assert_eq!(created.notes, None);
    assert_eq!(created.phone.as_deref(), Some("string"));
}

#[tokio::test]
async fn create_customer_provider_decodes_each_message_and_code_error_into_its_variant() {
    let server = MockServer::start().await;
    let client = carecycle(&server);
    for (status, code) in [
        (400, "BAD_REQUEST"),
        (401, "UNAUTHORIZED"),
        (403, "FORBIDDEN"),
        (404, "CUSTOMER_NOT_FOUND"),
        (500, "INTERNAL_ERROR"),
    ] {
        let message = format!("Answer with status {status}.");
        respond(
            &server,
            json_response(status, &json!({"message": message, "code": code})),
        )
        .await;
        let error = api_error(client.create_customer_provider(customer(), &minimal_body())).await;
        assert_eq!(error.status().as_u16(), status);
        let expected = ApiBody {
            message,
            code: code.into(),
        };
        let decoded = match error.error() {
            CreateCustomerProviderError::BadRequest(body) => (400, body),
            CreateCustomerProviderError::Unauthorized(body) => (401, body),
            CreateCustomerProviderError::Forbidden(body) => (403, body),
            CreateCustomerProviderError::NotFound(body) => (404, body),
            CreateCustomerProviderError::InternalServerError(body) => (500, body),
            other => panic!("status {status} decoded into {other:?}"),
        };
        assert_eq!(decoded, (status, &expected));
    }
}

#[tokio::test]
async fn create_customer_provider_decodes_a_validation_error_with_its_issues() {
    let server = MockServer::start().await;
    let body = json!({
        "message": "Invalid request body",
        "code": "VALIDATION_ERROR",
        "errors": [
            {
                "path": ["providerType"],
                "message": "Invalid enum value",
                "expected": "'Primary Care' | 'Specialist' | 'Hospital' | 'Pharmacy'",
                "received": "Dentist",
                "code": "invalid_enum_value"
            },
            {"path": ["npi"], "message": "String must contain at most 50 character(s)", "code": "too_big"}
        ]
    });
    respond(&server, json_response(422, &body)).await;
    let error =
        api_error(carecycle(&server).create_customer_provider(customer(), &minimal_body())).await;
    assert_eq!(error.status().as_u16(), 422);
    let CreateCustomerProviderError::UnprocessableEntity(validation) = error.error() else {
        panic!("422 decoded into {:?}", error.error())
    };
    let expected = ValidationError {
        message: "Invalid request body".into(),
        code: ValidationErrorCode::ValidationError,
        errors: vec![
            ValidationIssue {
                path: vec!["providerType".into()],
                message: "Invalid enum value".into(),
                expected: Some("'Primary Care' | 'Specialist' | 'Hospital' | 'Pharmacy'".into()),
                received: Some("Dentist".into()),
                code: "invalid_enum_value".into(),
            },
            ValidationIssue {
                path: vec!["npi".into()],
                message: "String must contain at most 50 character(s)".into(),
                expected: None,
                received: None,
                code: "too_big".into(),
            },
        ],
    };
    assert_eq!(validation, &expected);
}

#[tokio::test]
async fn create_customer_provider_reads_an_unknown_validation_code_as_unknown() {
    let server = MockServer::start().await;
    let body = json!({"message": "Invalid", "code": "SCHEMA_ERROR", "errors": []});
    respond(&server, json_response(422, &body)).await;
    let error =
        api_error(carecycle(&server).create_customer_provider(customer(), &minimal_body())).await;
    let CreateCustomerProviderError::UnprocessableEntity(validation) = error.error() else {
        panic!("422 decoded into {:?}", error.error())
    };
    assert_eq!(
        validation.code,
        ValidationErrorCode::Unknown("SCHEMA_ERROR".into())
    );
    assert!(validation.errors.is_empty());
}

#[tokio::test]
async fn create_customer_provider_reads_array_indices_in_a_validation_path() {
    let server = MockServer::start().await;
    let body = json!({
        "message": "Invalid request body",
        "code": "VALIDATION_ERROR",
        "errors": [{"path": ["addresses", 0, "zip"], "message": "Required", "code": "invalid_type"}]
    });
    respond(&server, json_response(422, &body)).await;
    let error = carecycle(&server)
        .create_customer_provider(customer(), &minimal_body())
        .await
        .expect_err("an error status");
    let clientgen_runtime::Error::Api(api) = &error else {
        panic!("expected Error::Api, got {error:?}")
    };
    let CreateCustomerProviderError::UnprocessableEntity(validation) = api.error() else {
        panic!("422 decoded into {:?}", api.error())
    };
    assert_eq!(validation.errors[0].path, ["addresses", "0", "zip"]);
}

#[tokio::test]
async fn create_customer_provider_decodes_the_rate_limit_error_with_its_wait() {
    let server = MockServer::start().await;
    let body = json!({"message": "Too many requests", "code": "RATE_LIMITED", "retryAfter": 30});
    respond(&server, json_response(429, &body)).await;
    // The default retry policy waits at most 60 s, so a 30 s wait would be retried; without
    // retries the 429 itself is decoded.
    let error =
        api_error(carecycle(&server).create_customer_provider(customer(), &minimal_body())).await;
    assert_eq!(error.status().as_u16(), 429);
    assert_eq!(
        error.error(),
        &CreateCustomerProviderError::TooManyRequests(RateLimitError {
            message: "Too many requests".into(),
            code: "RATE_LIMITED".into(),
            retry_after: 30,
        })
    );
    assert_eq!(
        error.raw_response().retry_after(),
        Some(std::time::Duration::from_secs(30))
    );
}

#[tokio::test]
async fn create_customer_provider_accepts_any_2xx_with_the_documented_body() {
    let server = MockServer::start().await;
    respond(&server, json_response(200, &provider_example())).await;
    let created = carecycle(&server)
        .create_customer_provider(customer(), &minimal_body())
        .await
        .expect("a 2xx with the provider body is a success");
    assert_eq!(created.provider_type, ProviderType::PrimaryCare);
}
