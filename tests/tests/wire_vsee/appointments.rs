//! Wire tests of VSee's booking operations: reading the available slots and creating an
//! appointment in one of them.

use serde_json::json;
use vsee_client::types::CreateAppointmentRequest;
use wiremock::MockServer;

use crate::common::{
    assert_target, json_response, multipart_parts, pairs, respond, single_request, sorted,
    text_parts, vsee,
};
use crate::support::{
    assert_auth, assert_no_body, assert_number_visit, number_visit, seconds, INTAKE,
};

#[tokio::test]
async fn get_availability_unwraps_the_slot_list() {
    let server = MockServer::start().await;
    let response = json!({"data": [
        {"start": 1470186000, "end": 1470186900, "providers": ["123", "345"]},
        {"start": "1470186900", "end": "1470187800", "providers": []}
    ]});
    respond(&server, json_response(200, &response)).await;
    let slots = vsee(&server)
        .get_availability()
        .await
        .expect("slots")
        .into_inner();
    assert_eq!(slots.len(), 2);
    assert_eq!(slots[0].start, seconds(1_470_186_000));
    assert_eq!(slots[0].end, seconds(1_470_186_900));
    assert_eq!(slots[0].providers, ["123", "345"]);
    assert_eq!(slots[1].start, seconds(1_470_186_900));
    assert!(slots[1].providers.is_empty());

    let request = single_request(&server).await;
    assert_target(&request, "GET", "/availability", None);
    assert_auth(&request, false);
    assert_no_body(&request);
}

#[tokio::test]
async fn get_availability_reads_provider_ids_sent_as_numbers() {
    let server = MockServer::start().await;
    let response =
        json!({"data": [{"start": 1470186000, "end": 1470186900, "providers": [123, "345"]}]});
    respond(&server, json_response(200, &response)).await;
    let slots = vsee(&server).get_availability().await.expect("slots");
    assert_eq!(slots[0].providers, ["123", "345"]);
}

#[tokio::test]
async fn create_appointment_posts_multipart_to_appointments_and_keeps_the_s_sibling() {
    let server = MockServer::start().await;
    let response = json!({"data": number_visit(), "s": "ms"});
    respond(&server, json_response(200, &response)).await;
    let body = CreateAppointmentRequest {
        member_id: "575".into(),
        slot_start: 1_470_669_300,
        slot_end: 1_470_670_200,
        type_: Some(2),
        intake_id: Some(INTAKE.into()),
    };
    let visit = vsee(&server)
        .create_appointment(&body)
        .await
        .expect("an appointment");
    assert_number_visit(&visit);
    let extra = visit.envelope_extra().expect("envelope members");
    assert_eq!(extra.get("s"), Some(&json!("ms")));
    assert_eq!(extra.len(), 1);

    let request = single_request(&server).await;
    // The page titles this "POST /visits" but calls /appointments.
    assert_target(&request, "POST", "/appointments", None);
    assert_auth(&request, false);
    assert_eq!(
        sorted(text_parts(&multipart_parts(&request))),
        sorted(pairs(&[
            ("member_id", "575"),
            ("slot_start", "1470669300"),
            ("slot_end", "1470670200"),
            ("type", "2"),
            ("intakeId", INTAKE),
        ]))
    );
}
