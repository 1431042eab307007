//! Wire tests of how VSee answers that are not a success decode: a body without the `data`
//! envelope, and every operation's error statuses into its `default` variant.

use std::future::Future;

use clientgen_runtime::{Error, ResponseValue};
use serde_json::json;
use vsee_client::types::{
    self, AddEconsultRequest, AddWalkinRequest, CloseVisitRequest, CreateAppointmentRequest,
    IntakeFields, UpdateVisitParams, UpdateVisitRequest,
};
use wiremock::MockServer;

use crate::common::{api_error, json_response, received, respond, vsee};
use crate::support::{string_visit, INTAKE};

#[tokio::test]
async fn a_body_without_the_data_envelope_is_a_decode_error_naming_data() {
    let server = MockServer::start().await;
    respond(&server, json_response(200, &string_visit())).await;
    let error = vsee(&server)
        .get_visit("1525")
        .await
        .expect_err("the visit is not wrapped in data");
    let Error::Decode(decode) = &error else {
        panic!("expected Error::Decode, got {error:?}")
    };
    assert_eq!(decode.path(), "data");
    assert_eq!(decode.response().status().as_u16(), 200);
    assert_eq!(
        decode.response().body().as_ref(),
        string_visit().to_string().as_bytes()
    );

    respond(&server, json_response(200, &json!([string_visit()]))).await;
    let error = vsee(&server)
        .list_visits()
        .await
        .expect_err("a bare array is not an envelope");
    assert!(matches!(error, Error::Decode(_)), "got {error:?}");
}

/// Maps an operation's error enum to the body of its `default` variant.
macro_rules! default_variant {
    ($enum:ident) => {
        |error: &types::$enum| -> Option<types::ErrorType> {
            match error {
                types::$enum::Default(body) => Some(body.clone()),
                _ => None,
            }
        }
    };
}

/// Serves several error statuses in turn and checks each decodes into the `default` variant.
async fn assert_default_errors<T, E, F, Fut>(
    server: &MockServer,
    operation: &str,
    call: F,
    variant: impl Fn(&E) -> Option<types::ErrorType>,
) where
    E: std::fmt::Debug,
    F: Fn() -> Fut,
    Fut: Future<Output = Result<ResponseValue<T>, Error<E>>>,
{
    for status in [400, 401, 403, 404, 422, 500] {
        let message = format!("{operation} failed with {status}");
        let body = json!({"code": status, "message": message});
        respond(server, json_response(status, &body)).await;
        let error = api_error(call()).await;
        assert_eq!(error.status().as_u16(), status, "{operation}");
        assert_eq!(
            variant(error.error()),
            Some(types::ErrorType {
                code: Some(i64::from(status)),
                message: Some(message),
            }),
            "{operation} with status {status}"
        );
        assert_eq!(received(server).await.len(), 1, "{operation}");
    }
}

#[tokio::test]
async fn every_operation_decodes_an_error_status_into_its_default_variant() {
    let server = MockServer::start().await;
    let client = vsee(&server);
    let intake = IntakeFields::default();
    let walkin = AddWalkinRequest::new("intake-1", "room-1");
    let close = CloseVisitRequest::new("14");
    let econsult = AddEconsultRequest::new("intake-1", "room-1");
    let appointment = CreateAppointmentRequest::new("17778181", 1633628100, 1633629000);
    let version = UpdateVisitParams::new(2);
    let update = UpdateVisitRequest::default();
    let s = &server;
    assert_default_errors(
        s,
        "createIntake",
        || client.create_intake(&intake),
        default_variant!(CreateIntakeError),
    )
    .await;
    assert_default_errors(
        s,
        "getIntake",
        || client.get_intake(INTAKE),
        default_variant!(GetIntakeError),
    )
    .await;
    assert_default_errors(
        s,
        "updateIntake",
        || client.update_intake(INTAKE, &intake),
        default_variant!(UpdateIntakeError),
    )
    .await;
    assert_default_errors(
        s,
        "addWalkinVisit",
        || client.add_walkin_visit(&walkin),
        default_variant!(AddWalkinVisitError),
    )
    .await;
    assert_default_errors(
        s,
        "closeVisit",
        || client.close_visit(&close),
        default_variant!(CloseVisitError),
    )
    .await;
    assert_default_errors(
        s,
        "addEconsultVisit",
        || client.add_econsult_visit(&econsult),
        default_variant!(AddEconsultVisitError),
    )
    .await;
    assert_default_errors(
        s,
        "getAvailability",
        || client.get_availability(),
        default_variant!(GetAvailabilityError),
    )
    .await;
    assert_default_errors(
        s,
        "createAppointment",
        || client.create_appointment(&appointment),
        default_variant!(CreateAppointmentError),
    )
    .await;
    assert_default_errors(
        s,
        "listVisits",
        || client.list_visits(),
        default_variant!(ListVisitsError),
    )
    .await;
    assert_default_errors(
        s,
        "getVisit",
        || client.get_visit("7727"),
        default_variant!(GetVisitError),
    )
    .await;
    assert_default_errors(
        s,
        "updateVisit",
        || client.update_visit("666", &version, &update),
        default_variant!(UpdateVisitError),
    )
    .await;
    assert_default_errors(
        s,
        "getCurrentVisit",
        || client.get_current_visit(),
        default_variant!(GetCurrentVisitError),
    )
    .await;
}

#[tokio::test]
async fn a_default_error_without_code_or_message_still_decodes() {
    // The error shape comes from VSee's wiki, not the page; both fields are optional.
    let server = MockServer::start().await;
    respond(&server, json_response(404, &json!({"error": "not here"}))).await;
    let error = api_error(vsee(&server).get_visit("7727")).await;
    assert_eq!(error.status().as_u16(), 404);
    assert_eq!(
        error.error(),
        &types::GetVisitError::Default(types::ErrorType::default())
    );
}
