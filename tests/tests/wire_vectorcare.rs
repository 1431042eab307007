//! Wire tests of the generated VectorCare client against a mock server on 127.0.0.1: for each of
//! its five operations, what is sent (method, exact path with its trailing slash, query, bearer
//! token, JSON body) and how every documented response decodes.

mod common;

use std::future::Future;

use clientgen_runtime::chrono::{DateTime, NaiveDate, Utc};
use clientgen_runtime::{Error, ResponseValue};
use common::{
    api_error, assert_target, header, json_body, json_response, respond, single_request,
    vectorcare, vectorcare_created, VECTORCARE_TOKEN,
};
use serde_json::{json, Value};
use vectorcare_client::runtime::FromFields as _;
use vectorcare_client::types::{
    self, Address, CreateExampleServiceRequestBody, CreateExampleServiceRequestBodyPatient,
    CreateExampleServiceRequestBodyRequest, CreateIllustrativeInsuredRequestBody,
    CreateIllustrativeInsuredRequestBodyPatient, CreateIllustrativeInsuredRequestBodyRequest,
    CreateIllustrativeTransportRequestBody, CreateIllustrativeTransportRequestBodyPatient,
    CreateIllustrativeTransportRequestBodyRequest, CreateRequestResponse, GetRequestDetailParams,
    Insurance, RequestDetail,
};
use vectorcare_client::types::{
    CreateExampleServiceRequestPatientFields, CreateExampleServiceRequestRequestFields,
    CreateIllustrativeInsuredRequestRequestFields, CreateIllustrativeTransportRequestRequestFields,
};
use wiremock::{MockServer, Request};

/// The create page's success example as the client must decode it.
fn created_value() -> CreateRequestResponse {
    CreateRequestResponse {
        request_id: "KP-ABCD1234".into(),
        service_request_web_url:
            "https://hub.vectorcare.com/service_request/o/X5318RVM/permalink/KP-ABCD1234/".into(),
    }
}

/// The detail page's success example (as in the spec).
fn detail_example() -> Value {
    json!({
        "request_id": "EE5A6YZL",
        "patient_first_name": "Angela",
        "patient_last_name": "Graves",
        "patient_dob": "1931-03-31",
        "pickup_location": {
            "id": "address.2900060502936820", "lat": 37.8623, "lng": -122.4911, "zip": "94965",
            "city": "Sausalito", "name": "28 Liberty Ship Way", "state": "CA",
            "street": "28 Liberty Ship Way",
            "address": "28 Liberty Ship Way, Sausalito, California 94965, United States",
            "country": "United States"
        },
        "destination_location": {
            "id": "address.6571326868700452", "lat": 37.80119, "lng": -122.43935, "zip": "94123",
            "city": "San Francisco", "name": "96 Toledo Way", "state": "CA",
            "street": "96 Toledo Way",
            "address": "96 Toledo Way, San Francisco, California 94123, United States",
            "country": "United States"
        },
        "transport_pickup_time": "2022-04-28T14:00:00Z",
        "transport_agreed_for_time": "2022-04-28T14:00:00Z",
        "service_level_type": "BLS",
        "service_type": "standing_order_dispatcher",
        "account": {
            "id": "2UVAGY7O", "name": "Cool Company",
            "service_levels": ["ALS", "Ambulatory Van", "BLS", "CCT", "WC"],
            "facilities": null
        },
        "facility": {"id": "2UVAGY7O", "name": "Helpful Hospital #0"},
        "user": {"first_name": "Nicole", "last_name": "Montoya", "email": "requester@example.com"},
        "enabled_patient_fields": {"gender": "m"},
        "enabled_request_fields": {},
        "request_current_state": "accepted",
        "is_round_trip_first_trip": false,
        "is_round_trip_return_trip": false,
        "collection_id": "2UVAGY7O"
    })
}

/// Returns a UTC time from RFC 3339 text.
fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("RFC 3339")
        .with_timezone(&Utc)
}

/// Asserts the shape every create operation sends: POST, the exact path, no query, the bearer
/// token, JSON in and JSON accepted.
fn assert_create_request(request: &Request, path: &str, body: &Value) {
    assert_target(request, "POST", path, None);
    let bearer = format!("Bearer {VECTORCARE_TOKEN}");
    assert_eq!(header(request, "authorization"), Some(bearer.as_str()));
    assert_eq!(header(request, "accept"), Some("application/json"));
    assert_eq!(request.headers.get_all("authorization").iter().count(), 1);
    assert_eq!(json_body(request), *body);
}

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
        |error: &types::$enum| -> Option<(u16, types::Error)> {
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
    variant: impl Fn(&E) -> Option<(u16, types::Error)>,
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
        let expected = types::Error {
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

/// The body of the page's curl example, which the generic operation sends as it is.
fn curl_example_body() -> Value {
    json!({
        "patient": {"id": "PAT-001", "last_name": "Smith", "first_name": "John"},
        "request": {"test": "value"}
    })
}

/// The page's example service body, typed.
fn example_service_body() -> CreateExampleServiceRequestBody {
    CreateExampleServiceRequestBody {
        patient: CreateExampleServiceRequestBodyPatient {
            id: "PAT-001".into(),
            last_name: "Smith".into(),
            first_name: "John".into(),
        },
        request: CreateExampleServiceRequestBodyRequest {
            test: "value".into(),
        },
    }
}

/// The illustrative insured service's example body (`ILLINSR1.yaml`), typed.
fn insured_body() -> CreateIllustrativeInsuredRequestBody {
    CreateIllustrativeInsuredRequestBody {
        patient: CreateIllustrativeInsuredRequestBodyPatient {
            id: "PAT-003".into(),
            last_name: "Smith".into(),
            first_name: "John".into(),
        },
        insurance: Insurance {
            payer_name: "Example Health Plan".into(),
            member_id: "XJH123456789".into(),
            group_number: Some("GRP-0042".into()),
            plan_name: None,
        },
        request: CreateIllustrativeInsuredRequestBodyRequest {
            oxygen_required: true,
            weight_lbs: Some(180),
            authorization_number: Some("AUTH-77881".into()),
        },
    }
}

/// The illustrative transport service's example body (`ILLTRNS1.yaml`), typed.
fn transport_body() -> CreateIllustrativeTransportRequestBody {
    let address = |street: &str, city: &str, zip: &str| Address {
        street: street.into(),
        street2: None,
        city: city.into(),
        state: "CA".into(),
        zip: zip.into(),
        country: Some("United States".into()),
    };
    CreateIllustrativeTransportRequestBody {
        patient: CreateIllustrativeTransportRequestBodyPatient {
            id: "PAT-002".into(),
            last_name: "Graves".into(),
            first_name: "Angela".into(),
            dob: NaiveDate::from_ymd_opt(1931, 3, 31).expect("a date"),
        },
        request: CreateIllustrativeTransportRequestBodyRequest {
            pickup_address: address("28 Liberty Ship Way", "Sausalito", "94965"),
            dropoff_address: address("96 Toledo Way", "San Francisco", "94123"),
            appointment_time: utc("2022-04-28T15:00:00Z"),
            service_level: Some("BLS".into()),
            notes: Some("Patient uses a walker.".into()),
        },
    }
}

#[tokio::test]
async fn create_request_sends_any_body_to_the_service_path_with_its_trailing_slash() {
    let server = MockServer::start().await;
    respond(&server, json_response(201, &vectorcare_created())).await;
    let Value::Object(body) = curl_example_body() else {
        unreachable!("the example is an object")
    };
    let created = vectorcare(&server)
        .create_request("2JV3RG9K", &body)
        .await
        .expect("created");
    assert_eq!(created.status(), 201);
    assert_eq!(created.into_inner(), created_value());
    let request = single_request(&server).await;
    assert_create_request(
        &request,
        "/openapi/v2.0/requests/service/2JV3RG9K/",
        &curl_example_body(),
    );
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
async fn create_request_accepts_any_2xx_with_the_documented_body() {
    let server = MockServer::start().await;
    let client = vectorcare(&server);
    for status in [200, 202] {
        respond(&server, json_response(status, &vectorcare_created())).await;
        let created = client
            .create_request("2JV3RG9K", &serde_json::Map::new())
            .await
            .unwrap_or_else(|error| panic!("status {status}: {error:?}"));
        assert_eq!(created.into_inner(), created_value());
    }
}

#[tokio::test]
async fn create_example_service_request_sends_the_typed_body_to_its_own_path() {
    let server = MockServer::start().await;
    respond(&server, json_response(201, &vectorcare_created())).await;
    let created = vectorcare(&server)
        .create_example_service_request(&example_service_body())
        .await
        .expect("created");
    assert_eq!(created.into_inner(), created_value());
    let request = single_request(&server).await;
    assert_create_request(
        &request,
        "/openapi/v2.0/requests/service/2JV3RG9K/",
        &curl_example_body(),
    );
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
async fn create_illustrative_insured_request_sends_insurance_and_custom_fields() {
    let server = MockServer::start().await;
    respond(&server, json_response(201, &vectorcare_created())).await;
    let created = vectorcare(&server)
        .create_illustrative_insured_request(&insured_body())
        .await
        .expect("created");
    assert_eq!(created.into_inner(), created_value());
    let request = single_request(&server).await;
    // The service file's example; the unset optional `plan_name` is left out, not sent as null.
    let expected = json!({
        "patient": {"id": "PAT-003", "last_name": "Smith", "first_name": "John"},
        "insurance": {
            "payer_name": "Example Health Plan",
            "member_id": "XJH123456789",
            "group_number": "GRP-0042"
        },
        "request": {
            "oxygen_required": true,
            "weight_lbs": 180,
            "authorization_number": "AUTH-77881"
        }
    });
    assert_create_request(
        &request,
        "/openapi/v2.0/requests/service/ILLINSR1/",
        &expected,
    );
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
async fn create_illustrative_transport_request_sends_dates_and_addresses() {
    let server = MockServer::start().await;
    respond(&server, json_response(201, &vectorcare_created())).await;
    let created = vectorcare(&server)
        .create_illustrative_transport_request(&transport_body())
        .await
        .expect("created");
    assert_eq!(created.into_inner(), created_value());
    let request = single_request(&server).await;
    // The service file's example: a `YYYY-MM-DD` date and an RFC 3339 time.
    let expected = json!({
        "patient": {
            "id": "PAT-002", "last_name": "Graves", "first_name": "Angela", "dob": "1931-03-31"
        },
        "request": {
            "pickup_address": {
                "street": "28 Liberty Ship Way", "city": "Sausalito", "state": "CA",
                "zip": "94965", "country": "United States"
            },
            "dropoff_address": {
                "street": "96 Toledo Way", "city": "San Francisco", "state": "CA",
                "zip": "94123", "country": "United States"
            },
            "appointment_time": "2022-04-28T15:00:00Z",
            "service_level": "BLS",
            "notes": "Patient uses a walker."
        }
    });
    assert_create_request(
        &request,
        "/openapi/v2.0/requests/service/ILLTRNS1/",
        &expected,
    );
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
async fn get_request_detail_sends_get_with_trailing_slash_and_the_exclude_flag() {
    let server = MockServer::start().await;
    let client = vectorcare(&server);
    let cases = [
        (None, None),
        (Some(true), Some("exclude_facilities=true")),
        (Some(false), Some("exclude_facilities=false")),
    ];
    for (flag, query) in cases {
        respond(&server, json_response(200, &detail_example())).await;
        let params = GetRequestDetailParams {
            exclude_facilities: flag,
        };
        client
            .get_request_detail("EE5A6YZL", &params)
            .await
            .expect("details");
        let request = single_request(&server).await;
        assert_target(&request, "GET", "/openapi/v1.0/requests/EE5A6YZL/", query);
        let bearer = format!("Bearer {VECTORCARE_TOKEN}");
        assert_eq!(header(&request, "authorization"), Some(bearer.as_str()));
        assert_eq!(header(&request, "accept"), Some("application/json"));
        assert_eq!(header(&request, "content-type"), None);
        assert!(request.body.is_empty(), "a GET carries no body");
    }
}

#[tokio::test]
async fn get_request_detail_decodes_the_page_example() {
    let server = MockServer::start().await;
    respond(&server, json_response(200, &detail_example())).await;
    let detail = vectorcare(&server)
        .get_request_detail("EE5A6YZL", &GetRequestDetailParams::default())
        .await
        .expect("details");
    assert_eq!(detail.status(), 200);
    let detail: RequestDetail = detail.into_inner();
    assert_eq!(detail.request_id, "EE5A6YZL");
    assert_eq!(detail.patient_first_name, "Angela");
    assert_eq!(
        detail.patient_dob,
        NaiveDate::from_ymd_opt(1931, 3, 31).expect("a date")
    );
    assert_eq!(detail.pickup_location.lat, Some(37.8623));
    assert_eq!(detail.pickup_location.lng, Some(-122.4911));
    assert_eq!(detail.pickup_location.zip.as_deref(), Some("94965"));
    assert_eq!(
        detail.destination_location.city.as_deref(),
        Some("San Francisco")
    );
    assert_eq!(detail.transport_pickup_time, utc("2022-04-28T14:00:00Z"));
    assert_eq!(
        detail.transport_agreed_for_time,
        Some(utc("2022-04-28T14:00:00Z"))
    );
    assert_eq!(detail.account.service_levels.len(), 5);
    assert_eq!(detail.account.facilities, None);
    assert_eq!(detail.facility.name, "Helpful Hospital #0");
    assert_eq!(detail.user.email, "requester@example.com");
    assert_eq!(
        detail.enabled_patient_fields.get("gender"),
        Some(&json!("m"))
    );
    assert!(detail.enabled_request_fields.is_empty());
    assert_eq!(detail.request_current_state, "accepted");
    assert!(!detail.is_round_trip_first_trip && !detail.is_round_trip_return_trip);
    assert_eq!(detail.collection_id, "2UVAGY7O");
}

#[tokio::test]
async fn get_request_detail_keeps_every_open_map_field_and_null_values() {
    let server = MockServer::start().await;
    let mut body = detail_example();
    body["enabled_patient_fields"] = json!({"gender": "m", "weight": null, "language": "es"});
    body["enabled_request_fields"] = json!({"oxygen": null, "stairs": "2 flights"});
    respond(&server, json_response(200, &body)).await;
    let detail = vectorcare(&server)
        .get_request_detail("EE5A6YZL", &GetRequestDetailParams::default())
        .await
        .expect("details")
        .into_inner();
    assert_eq!(
        Value::Object(detail.enabled_patient_fields),
        body["enabled_patient_fields"]
    );
    assert_eq!(
        Value::Object(detail.enabled_request_fields),
        body["enabled_request_fields"]
    );
}

/// Values of every JSON kind in the per-service maps, as services configure them: booleans,
/// numbers, strings, dates, selections, nulls and nested objects.
fn varied_fields() -> Value {
    json!({
        "oxygen_required": true,
        "weight_lbs": 182.5,
        "stairs": 2,
        "language": "es",
        "appointment_time": "2022-04-28T14:00:00Z",
        "mobility": ["wheelchair", "oxygen"],
        "notes": null,
        "pickup_address": {"street": "1 Main St", "city": "Sausalito", "extra": {"floor": 3}}
    })
}

#[tokio::test]
async fn get_request_detail_keeps_booleans_numbers_nulls_and_objects_in_the_field_maps() {
    let server = MockServer::start().await;
    let mut body = detail_example();
    body["enabled_patient_fields"] = varied_fields();
    body["enabled_request_fields"] = varied_fields();
    respond(&server, json_response(200, &body)).await;
    let detail = vectorcare(&server)
        .get_request_detail("EE5A6YZL", &GetRequestDetailParams::default())
        .await
        .expect("one field of another kind must not sink the response")
        .into_inner();
    // Nothing is lost: the maps hold exactly what was sent, and the rest of the detail decodes.
    assert_eq!(
        Value::Object(detail.enabled_patient_fields.clone()),
        varied_fields()
    );
    assert_eq!(
        Value::Object(detail.enabled_request_fields.clone()),
        varied_fields()
    );
    assert_eq!(detail.patient_last_name, "Graves");
    assert_eq!(detail.pickup_location.city.as_deref(), Some("Sausalito"));
}

#[test]
fn the_field_maps_read_as_each_known_services_typed_view() {
    let map = |value: Value| match value {
        Value::Object(map) => map,
        _ => unreachable!("the test builds objects"),
    };
    // Example service (2JV3RG9K): patient id and names, request `test`; nulls stay nulls.
    let patient = CreateExampleServiceRequestPatientFields::from_fields(&map(json!({
        "id": "PAT-001", "last_name": "Smith", "first_name": null, "gender": "m"
    })))
    .expect("the example service's patient fields");
    assert_eq!(patient.id, Some(Some("PAT-001".to_owned())));
    assert_eq!(patient.first_name, Some(None));
    let request =
        CreateExampleServiceRequestRequestFields::from_fields(&map(json!({"test": "value"})))
            .expect("the example service's request fields");
    assert_eq!(request.test, Some(Some("value".to_owned())));

    // Insured service (ILLINSR1): booleans and numbers, typed.
    let request = CreateIllustrativeInsuredRequestRequestFields::from_fields(&map(json!({
        "oxygen_required": true, "weight_lbs": 182
    })))
    .expect("the insured service's request fields");
    assert_eq!(request.oxygen_required, Some(Some(true)));
    assert_eq!(request.weight_lbs, Some(Some(182)));

    // Transport service (ILLTRNS1): addresses and a date-time; absent fields stay absent.
    let request = CreateIllustrativeTransportRequestRequestFields::from_fields(&map(json!({
        "pickup_address": {"street": "1 Main St", "city": "Sausalito", "state": "CA", "zip": "94965"},
        "appointment_time": "2022-04-28T14:00:00Z"
    })))
    .expect("the transport service's request fields");
    assert_eq!(
        request.appointment_time,
        Some(Some(utc("2022-04-28T14:00:00Z")))
    );
    assert!(matches!(request.pickup_address, Some(Some(_))));
    assert_eq!(request.dropoff_address, None);

    // A value that does not fit names the field, and never the value (it may be patient data).
    let error = CreateIllustrativeInsuredRequestRequestFields::from_fields(&map(json!({
        "oxygen_required": "Jane Doe needs oxygen"
    })))
    .expect_err("a string is not a boolean");
    assert_eq!(error.field(), "oxygen_required");
    assert!(!error.to_string().contains("Jane"), "{error}");
}

#[tokio::test]
async fn get_request_detail_tells_an_unagreed_pickup_time_from_an_agreed_one() {
    let server = MockServer::start().await;
    let client = vectorcare(&server);
    let cases = [
        (json!(null), None),
        (
            json!("2022-04-28T14:30:00Z"),
            Some(utc("2022-04-28T14:30:00Z")),
        ),
    ];
    for (agreed, expected) in cases {
        let mut body = detail_example();
        body["transport_agreed_for_time"] = agreed;
        respond(&server, json_response(200, &body)).await;
        let detail = client
            .get_request_detail("EE5A6YZL", &GetRequestDetailParams::default())
            .await
            .expect("details")
            .into_inner();
        assert_eq!(detail.transport_agreed_for_time, expected);
        assert_eq!(detail.transport_pickup_time, utc("2022-04-28T14:00:00Z"));
    }
}

#[tokio::test]
async fn get_request_detail_reads_null_locations_and_listed_facilities() {
    let server = MockServer::start().await;
    let mut body = detail_example();
    body["pickup_location"] = json!({
        "id": null, "lat": null, "lng": null, "zip": null, "city": null, "name": null,
        "state": null, "street": null, "address": null, "country": null
    });
    body["account"]["facilities"] = json!([
        {"id": "2UVAGY7O", "name": "Helpful Hospital #0"},
        {"id": "3XWBHZ8P", "name": "Helpful Hospital #1"}
    ]);
    respond(&server, json_response(200, &body)).await;
    let detail = vectorcare(&server)
        .get_request_detail("EE5A6YZL", &GetRequestDetailParams::default())
        .await
        .expect("details")
        .into_inner();
    assert_eq!(detail.pickup_location, types::Location::default());
    let facilities = detail.account.facilities.expect("a facility list");
    assert_eq!(facilities.len(), 2);
    assert_eq!(facilities[1].name, "Helpful Hospital #1");
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
        let expected = types::Error {
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
