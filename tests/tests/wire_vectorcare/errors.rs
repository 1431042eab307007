//! Wire tests of how VectorCare's error answers decode: every documented error status of the
//! four creates into its own variant, and the request detail's 401 and 403 into theirs while an
//! undocumented 404 stays an unexpected status.

use std::future::Future;

use clientgen_runtime::{Error, ResponseValue};
use serde_json::json;
use vectorcare_client::types::{self, CreateRequestResponse, GetRequestDetailParams};
use wiremock::MockServer;

use crate::common::{api_error, json_response, respond, single_request, vectorcare};
use crate::support::{example_service_body, insured_body, transport_body};

/// The documented error statuses of every create operation, each with an error code.
const CREATE_ERRORS: [(u16, &str); 6] = [
    (400, "requests:invalid_body"),
    (401, "members:not_authenticated"),
    (403, "members:permission_denied"),
    (404, "services:not_found"),
    (406, "api:unsupported_version"),
    (429, "api:rate_limited"),
];

/// Maps an error enum of a create operation to the status its variant stands for and its body.
macro_rules! create_variant {
    ($enum:ident) => {
        |error: &types::$enum| -> Option<(u16, types::ErrorType)> {
            match error {
                types::$enum::BadRequest(body) => Some((400, body.clone())),
                types::$enum::Unauthorized(body) => Some((401, body.clone())),
                types::$enum::Forbidden(body) => Some((403, body.clone())),
                types::$enum::NotFound(body) => Some((404, body.clone())),
                types::$enum::NotAcceptable(body) => Some((406, body.clone())),
                types::$enum::TooManyRequests(body) => Some((429, body.clone())),
                _ => None,
            }
        }
    };
}

/// Serves each documented create error in turn and checks it decodes into its own variant.
async fn assert_create_errors<E, F, Fut>(
    server: &MockServer,
    call: F,
    variant: impl Fn(&E) -> Option<(u16, types::ErrorType)>,
) where
    E: std::fmt::Debug,
    F: Fn() -> Fut,
    Fut: Future<Output = Result<ResponseValue<CreateRequestResponse>, Error<E>>>,
{
    for (status, code) in CREATE_ERRORS {
        let message = format!("Answer with status {status}.");
        let body = json!({"message": message, "code": code});
        respond(server, json_response(status, &body)).await;
        let error = api_error(call()).await;
        assert_eq!(error.status().as_u16(), status);
        let expected = types::ErrorType {
            message: message.clone(),
            code: code.into(),
        };
        assert_eq!(
            variant(error.error()),
            Some((status, expected)),
            "status {status} decoded into {:?}",
            error.error()
        );
        assert_eq!(single_request(server).await.method.as_str(), "POST");
    }
}

#[tokio::test]
async fn create_request_decodes_every_documented_error_into_its_variant() {
    let server = MockServer::start().await;
    let client = vectorcare(&server);
    let body = serde_json::Map::new();
    assert_create_errors(
        &server,
        || client.create_request("UNKNOWN1", &body),
        create_variant!(CreateRequestError),
    )
    .await;
}

#[tokio::test]
async fn create_example_service_request_decodes_every_documented_error_into_its_variant() {
    let server = MockServer::start().await;
    let client = vectorcare(&server);
    let body = example_service_body();
    assert_create_errors(
        &server,
        || client.create_example_service_request(&body),
        create_variant!(CreateExampleServiceRequestError),
    )
    .await;
}

#[tokio::test]
async fn create_illustrative_insured_request_decodes_every_documented_error_into_its_variant() {
    let server = MockServer::start().await;
    let client = vectorcare(&server);
    let body = insured_body();
    assert_create_errors(
        &server,
        || client.create_illustrative_insured_request(&body),
        create_variant!(CreateIllustrativeInsuredRequestError),
    )
    .await;
}

#[tokio::test]
async fn create_illustrative_transport_request_decodes_every_documented_error_into_its_variant() {
    let server = MockServer::start().await;
    let client = vectorcare(&server);
    let body = transport_body();
    assert_create_errors(
        &server,
        || client.create_illustrative_transport_request(&body),
        create_variant!(CreateIllustrativeTransportRequestError),
    )
    .await;
}

#[tokio::test]
async fn get_request_detail_decodes_not_found_as_the_403_variant() {
    let server = MockServer::start().await;
    let client = vectorcare(&server);
    let cases = [
        (
            403,
            "You do not have permission to perform this action.",
            "members:permission_denied",
        ),
        (
            401,
            "Authentication credentials were not provided.",
            "members:not_authenticated",
        ),
    ];
    for (status, message, code) in cases {
        respond(
            &server,
            json_response(status, &json!({"message": message, "code": code})),
        )
        .await;
        let error =
            api_error(client.get_request_detail("NOSUCHID", &GetRequestDetailParams::default()))
                .await;
        assert_eq!(error.status().as_u16(), status);
        let expected = types::ErrorType {
            message: message.into(),
            code: code.into(),
        };
        match (status, error.error()) {
            (403, types::GetRequestDetailError::Forbidden(body))
            | (401, types::GetRequestDetailError::Unauthorized(body)) => {
                assert_eq!(body, &expected);
            }
            (_, other) => panic!("status {status} decoded into {other:?}"),
        }
    }
}

#[tokio::test]
async fn get_request_detail_keeps_a_404_as_an_undocumented_status() {
    let server = MockServer::start().await;
    let body = json!({"message": "Not found.", "code": "not_found"});
    respond(&server, json_response(404, &body)).await;
    let error = vectorcare(&server)
        .get_request_detail("NOSUCHID", &GetRequestDetailParams::default())
        .await
        .expect_err("404 is not documented");
    let Error::UnexpectedStatus(raw) = &error else {
        panic!("expected UnexpectedStatus, got {error:?}")
    };
    assert_eq!(raw.status().as_u16(), 404);
    assert_eq!(raw.body().as_ref(), body.to_string().as_bytes());
}
