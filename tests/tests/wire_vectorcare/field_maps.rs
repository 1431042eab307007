//! Wire tests of the request detail's per-service field maps: they keep every value as sent,
//! whatever its JSON kind, and read as each known service's typed view.

use serde_json::{json, Value};
use vectorcare_client::runtime::FromFields as _;
use vectorcare_client::types::{
    CreateExampleServiceRequestPatientFields, CreateExampleServiceRequestRequestFields,
    CreateIllustrativeInsuredRequestRequestFields, CreateIllustrativeTransportRequestRequestFields,
    GetRequestDetailParams,
};
use wiremock::MockServer;

use crate::common::{json_response, respond, vectorcare};
use crate::support::{detail_example, utc};

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
