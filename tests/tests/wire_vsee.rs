//! Wire tests of the generated VSee client against a mock server on 127.0.0.1: for each of its
//! twelve operations, what is sent (method, exact path with or without `.json`, `?version=2`,
//! `X-ApiToken` and `X-AccountCode`, `X-ApiKey` on e-consult only, and the form, multipart or JSON
//! body), and how the `{"data": ...}` envelope, ids sent as strings or numbers, Unix-second and
//! `{sec, usec}` timestamps, and the `default` error decode.

mod common;

use std::future::Future;

use clientgen_runtime::chrono::DateTime;
use clientgen_runtime::{Error, RequestError, ResponseValue, Timestamp};
use common::{
    api_error, assert_target, header, json_body, json_response, multipart_parts, pairs, received,
    respond, single_request, sorted, text_parts, vsee, vsee_builder, VSEE_ACCOUNT, VSEE_API_KEY,
    VSEE_TOKEN,
};
use serde_json::{json, Value};
use vsee_client::types::{
    self, AddEconsultRequest, AddWalkinRequest, CloseVisitRequest, CreateAppointmentRequest,
    IntakeAttachments, IntakeAttachmentsEmpty, IntakeFields, UpdateVisitParams, UpdateVisitRequest,
    Visit,
};
use wiremock::{MockServer, Request};

/// The intake id of the page's examples.
const INTAKE: &str = "57a0705e-1c4c-4f24-b51d-3c71ac1f0144";

/// Returns the timestamp of whole Unix seconds.
fn seconds(value: i64) -> Timestamp {
    Timestamp::from_unix_seconds(value).expect("in range")
}

/// Returns the timestamp of a `{sec, usec}` pair.
fn sec_usec(sec: i64, usec: u32) -> Timestamp {
    Timestamp(DateTime::from_timestamp(sec, usec * 1_000).expect("in range"))
}

/// Asserts that the request carries the two VSee auth headers and, only when `api_key` is set,
/// `X-ApiKey`.
fn assert_auth(request: &Request, api_key: bool) {
    assert_eq!(header(request, "x-apitoken"), Some(VSEE_TOKEN));
    assert_eq!(header(request, "x-accountcode"), Some(VSEE_ACCOUNT));
    let expected_key = api_key.then_some(VSEE_API_KEY);
    assert_eq!(header(request, "x-apikey"), expected_key, "X-ApiKey");
    assert_eq!(header(request, "accept"), Some("application/json"));
}

/// Asserts that a request has no body and no content type.
fn assert_no_body(request: &Request) {
    assert_eq!(header(request, "content-type"), None);
    assert!(request.body.is_empty(), "no body expected");
}

/// A small visit as the walk-in example sends it: ids, codes and times all as strings.
fn string_visit() -> Value {
    json!({
        "id": "1525", "member_id": "508", "provider_id": "509", "account_code": null,
        "code": "56e8c580f55c44a2868b66f0ac1f0144", "start": "1458095488", "end": "1458096388",
        "actual_start": null, "actual_end": null, "specialty_id": null, "state": null,
        "type": "1", "status": "10", "completed_by": null, "created": 1458095488,
        "modified": 1458095488, "room_id": null, "_id": "1525",
        "payment": {"duration": 15, "amount": "00.00", "description": "FruitStreet Config Level One-time charge"},
        "intake": {
            "provider": "509", "reason_for_visit": "Test intake functionalities 1", "type": "1",
            "modified": 1458095488, "created": 1458095414, "visit_id": "1525",
            "id": "56e8c536-566c-44b6-bbca-66f0ac1f0144"
        },
        "provider": {"id": "509", "first_name": "Ligeng", "last_name": "Doctor", "vseeid": "wellikodev+user509", "title": ""},
        "member": {
            "id": "508", "first_name": "Ligeng", "last_name": "01", "vseeid": "wellikodev+user508",
            "dob": "2014-09-10", "gender": 1, "phone": "6506506500"
        }
    })
}

/// A small visit as the appointment examples send it: ids, codes and times as numbers.
fn number_visit() -> Value {
    json!({
        "member_id": 17778181, "provider_id": 12456470, "account_code": "vclinic",
        "code": "615f2e2eabc46ad94e9b6457b11", "start": 1631628616, "end": 1631628916,
        "actual_start": 1631628211, "actual_end": null, "specialty_id": null, "state": null,
        "type": 2, "status": 30, "completed_by": null, "room_id": 1002387,
        "room_code": "vclinicroom", "modified": 1633630312, "created": {"sec": 1633627694, "usec": 250000},
        "subType": 3, "host_ids": ["12456470"], "is_test": false,
        "related_walkin": {"start": 1633628101, "end": 1633631701, "status": 30, "id": "18407370"},
        "root_visit": {"id": "18407167", "group_chat_id": null, "participants": null},
        "id": "18407167", "subtype": 3
    })
}

/// Asserts the decoded form of [`string_visit`].
fn assert_string_visit(visit: &Visit) {
    assert_eq!(visit.id.as_deref(), Some("1525"));
    assert_eq!(visit.id_2.as_deref(), Some("1525"));
    assert_eq!(visit.member_id, "508");
    assert_eq!(visit.provider_id, Some(Some("509".into())));
    assert_eq!(visit.account_code, Some(None));
    assert_eq!(visit.start, seconds(1_458_095_488));
    assert_eq!(visit.end, seconds(1_458_096_388));
    assert_eq!(visit.actual_start, Some(None));
    assert_eq!(visit.type_, Some(1));
    assert_eq!(visit.status, Some(10));
    assert_eq!(visit.room_id, Some(None));
    let payment = visit.payment.as_ref().expect("a payment");
    assert_eq!(payment.duration, Some(Some(15)));
    assert_eq!(payment.amount.as_deref(), Some("00.00"));
    let intake = visit.intake.as_ref().expect("an intake");
    assert_eq!(intake.type_, Some(1));
    assert_eq!(intake.visit_id.as_deref(), Some("1525"));
    assert_eq!(intake.created, Some(seconds(1_458_095_414)));
    let member = visit.member.as_ref().expect("a member");
    assert_eq!(member.gender, Some(1));
    assert_eq!(member.last_name, Some(Some("01".into())));
}

/// Asserts the decoded form of [`number_visit`].
fn assert_number_visit(visit: &Visit) {
    assert_eq!(visit.id.as_deref(), Some("18407167"));
    assert_eq!(visit.member_id, "17778181");
    assert_eq!(visit.provider_id, Some(Some("12456470".into())));
    assert_eq!(visit.account_code, Some(Some("vclinic".into())));
    assert_eq!(visit.start, seconds(1_631_628_616));
    assert_eq!(visit.actual_start, Some(Some(seconds(1_631_628_211))));
    assert_eq!(visit.actual_end, Some(None));
    assert_eq!(visit.type_, Some(2));
    assert_eq!(visit.status, Some(30));
    assert_eq!(visit.sub_type, Some(3));
    assert_eq!(visit.subtype, Some(3));
    assert_eq!(visit.room_id, Some(Some("1002387".into())));
    assert_eq!(visit.created, Some(sec_usec(1_633_627_694, 250_000)));
    assert_eq!(visit.modified, Some(seconds(1_633_630_312)));
    assert_eq!(visit.is_test, Some(false));
    let walkin = visit.related_walkin.as_ref().expect("a related walk-in");
    assert_eq!(walkin.id.as_deref(), Some("18407370"));
    assert_eq!(walkin.start, Some(seconds(1_633_628_101)));
    let root = visit.root_visit.as_ref().expect("a root visit");
    assert_eq!(root.group_chat_id, Some(json!(null)));
    assert_eq!(root.participants, Some(json!(null)));
}

#[tokio::test]
async fn create_intake_sends_a_form_with_named_and_custom_fields() {
    let server = MockServer::start().await;
    let response = json!({"data": {
        "id": "56e8c536-566c-44b6-bbca-66f0ac1f0144",
        "custom_is_allergic": "Yes",
        "custom_symptoms": "Rash, Red Eyes",
        "custom_symptoms_duration": "2 weeks"
    }});
    respond(&server, json_response(200, &response)).await;
    let mut body = IntakeFields {
        provider: Some("541".into()),
        reason_for_visit: Some("Test".into()),
        reset: Some(true),
        type_: Some(1),
        ..IntakeFields::default()
    };
    for (name, value) in [
        ("custom_is_allergic", "Yes"),
        ("custom_symptoms", "Rash, Red Eyes"),
        ("custom_symptoms_duration", "2 weeks"),
    ] {
        body.additional_properties
            .insert(name.into(), Value::from(value));
    }
    let intake = vsee(&server)
        .create_intake(&body)
        .await
        .expect("an intake")
        .into_inner();
    assert_eq!(intake.id, "56e8c536-566c-44b6-bbca-66f0ac1f0144");
    assert_eq!(
        intake.additional_properties.get("custom_symptoms"),
        Some(&json!("Rash, Red Eyes"))
    );
    assert_eq!(intake.additional_properties.len(), 3);

    let request = single_request(&server).await;
    assert_target(&request, "POST", "/intakes.json", None);
    assert_auth(&request, false);
    // The page's example `provider=541&reason_for_visit=Test&reset=true&type=1`, plus the
    // custom fields as further pairs.
    assert_eq!(
        sorted(common::form_pairs(&request)),
        sorted(pairs(&[
            ("provider", "541"),
            ("reason_for_visit", "Test"),
            ("reset", "true"),
            ("type", "1"),
            ("custom_is_allergic", "Yes"),
            ("custom_symptoms", "Rash, Red Eyes"),
            ("custom_symptoms_duration", "2 weeks"),
        ]))
    );
}

#[tokio::test]
async fn update_intake_sends_multipart_text_parts_with_custom_fields() {
    let server = MockServer::start().await;
    let response = json!({"data": {"id": "56e8c536-566c-44b6-bbca-66f0ac1f0144"}});
    respond(&server, json_response(200, &response)).await;
    let mut body = IntakeFields {
        location: Some("CA".into()),
        phone: Some("7123456789".into()),
        reason_for_visit: Some("Test intake functionalities 2".into()),
        ..IntakeFields::default()
    };
    body.additional_properties
        .insert("custom_symptoms".into(), json!("Rash, Red Eyes"));
    body.additional_properties
        .insert("custom_pain_level".into(), json!(7));
    let intake = vsee(&server)
        .update_intake(INTAKE, &body)
        .await
        .expect("an intake");
    assert_eq!(intake.id, "56e8c536-566c-44b6-bbca-66f0ac1f0144");

    let request = single_request(&server).await;
    assert_target(&request, "POST", &format!("/intakes/{INTAKE}"), None);
    assert_auth(&request, false);
    let parts = multipart_parts(&request);
    assert_eq!(
        sorted(text_parts(&parts)),
        sorted(pairs(&[
            ("location", "CA"),
            ("phone", "7123456789"),
            ("reason_for_visit", "Test intake functionalities 2"),
            ("custom_symptoms", "Rash, Red Eyes"),
            ("custom_pain_level", "7"),
        ]))
    );
}

#[tokio::test]
async fn get_intake_decodes_string_codes_attachments_and_sec_usec_timestamps() {
    let server = MockServer::start().await;
    let response = json!({"data": {
        "modified": 1471465080, "created": 1471465080, "type": "1", "reason_for_visit": "the reason",
        "attachments": [{
            "_id": "57b4c65d-7ef8-461f-8951-43b1ac1f0144",
            "name": "575004c7-b350-421d-8542-4dcdac1f0144.png",
            "path": "files/2016/08/17/57b4c65d-7ef8-461f-8951-43b1ac1f0144.png",
            "size": 12859, "ext": "png", "type": 0, "creator_id": "575", "remark": null, "using": 1,
            "modified": {"sec": 1471465053, "usec": 966000},
            "created": {"sec": 1471465053, "usec": 967000}
        }],
        "id": "57b4c678-de20-4c1a-a52b-43e9ac1f0144"
    }});
    respond(&server, json_response(200, &response)).await;
    let intake = vsee(&server)
        .get_intake(INTAKE)
        .await
        .expect("an intake")
        .into_inner();
    assert_eq!(intake.id, "57b4c678-de20-4c1a-a52b-43e9ac1f0144");
    assert_eq!(intake.type_, Some(1));
    assert_eq!(intake.modified, Some(seconds(1_471_465_080)));
    let Some(IntakeAttachments::Array(attachments)) = &intake.attachments else {
        panic!(
            "expected a list of attachments, got {:?}",
            intake.attachments
        )
    };
    assert_eq!(attachments.len(), 1);
    let attachment = &attachments[0];
    assert_eq!(
        attachment.id.as_deref(),
        Some("57b4c65d-7ef8-461f-8951-43b1ac1f0144")
    );
    assert_eq!(attachment.size, Some(12859));
    assert_eq!(attachment.creator_id.as_deref(), Some("575"));
    assert_eq!(attachment.remark, Some(json!(null)));
    assert_eq!(attachment.modified, Some(sec_usec(1_471_465_053, 966_000)));
    assert_eq!(attachment.created, Some(sec_usec(1_471_465_053, 967_000)));
    assert!(intake.additional_properties.is_empty());

    let request = single_request(&server).await;
    assert_target(&request, "GET", &format!("/intakes/{INTAKE}"), None);
    assert_auth(&request, false);
    assert_no_body(&request);
}

#[tokio::test]
async fn get_intake_reads_attachments_sent_as_an_empty_string() {
    let server = MockServer::start().await;
    let response =
        json!({"data": {"id": "615f2de7-8ab8-48d3-80d8-53f564457b11", "attachments": ""}});
    respond(&server, json_response(200, &response)).await;
    let intake = vsee(&server).get_intake(INTAKE).await.expect("an intake");
    assert_eq!(
        intake.attachments,
        Some(IntakeAttachments::Empty(IntakeAttachmentsEmpty::Empty))
    );
}

#[tokio::test]
async fn add_walkin_visit_sends_multipart_and_decodes_ids_sent_as_strings() {
    let server = MockServer::start().await;
    respond(
        &server,
        json_response(200, &json!({"data": string_visit()})),
    )
    .await;
    let body = AddWalkinRequest {
        provider_id: Some("826".into()),
        intake_id: INTAKE.into(),
        room_code: "ceproom1".into(),
    };
    let visit = vsee(&server)
        .add_walkin_visit(&body)
        .await
        .expect("a visit");
    assert_eq!(visit.status(), 200);
    assert_string_visit(&visit);
    assert_eq!(visit.envelope_extra().map(|extra| extra.len()), Some(0));

    let request = single_request(&server).await;
    assert_target(&request, "POST", "/visits/add_walkin", None);
    assert_auth(&request, false);
    assert_eq!(
        sorted(text_parts(&multipart_parts(&request))),
        sorted(pairs(&[
            ("provider_id", "826"),
            ("intake_id", INTAKE),
            ("room_code", "ceproom1"),
        ]))
    );
}

#[tokio::test]
async fn add_walkin_visit_leaves_out_an_absent_provider() {
    let server = MockServer::start().await;
    respond(
        &server,
        json_response(200, &json!({"data": string_visit()})),
    )
    .await;
    let body = AddWalkinRequest {
        provider_id: None,
        intake_id: INTAKE.into(),
        room_code: "ceproom1".into(),
    };
    vsee(&server)
        .add_walkin_visit(&body)
        .await
        .expect("a visit");
    let request = single_request(&server).await;
    assert_eq!(
        text_parts(&multipart_parts(&request)),
        pairs(&[("intake_id", INTAKE), ("room_code", "ceproom1")])
    );
}

#[tokio::test]
async fn close_visit_sends_the_id_and_reads_it_back_as_string_or_number() {
    let server = MockServer::start().await;
    let client = vsee(&server);
    for data in [json!({"id": "1525"}), json!({"id": 1525})] {
        respond(&server, json_response(200, &json!({"data": data}))).await;
        let closed = client
            .close_visit(&CloseVisitRequest { id: "14".into() })
            .await
            .expect("closed");
        assert_eq!(closed.id, "1525");
        let request = single_request(&server).await;
        assert_target(&request, "POST", "/visits/close", None);
        assert_auth(&request, false);
        assert_eq!(
            text_parts(&multipart_parts(&request)),
            pairs(&[("id", "14")])
        );
    }
}

#[tokio::test]
async fn add_econsult_visit_sends_json_and_the_api_key() {
    let server = MockServer::start().await;
    let response = json!({"data": {
        "incharge": false, "isEditExpired": false, "id": "14814100", "member_id": 14396847,
        "provider_id": 0, "account_code": "vclinic", "code": "6050d2e590d847429d312c8664457b11",
        "start": 1615909605, "end": 1615910505, "actual_start": null, "actual_end": null,
        "specialty_id": null, "state": "--", "type": 3, "status": 20, "completed_by": null,
        "room_id": 10019500, "room_code": "vclinic_room_code",
        "member": {
            "id": "14396847", "code": "member_01", "type": "200", "subtype": "",
            "first_name": "Ligeng", "last_name": "Member 01", "full_name": "Ligeng Member 01",
            "active": true, "vseeid": "cmo+604ef759ccd04d859847431864457b13"
        },
        "pending_actions": [],
        "invoice": {
            "user_id": 14396847, "status": 10, "currency": "USD", "livemode": false, "amount_due": 0,
            "visit_id": "14814100", "modified": 1615909605, "created": 1615909605,
            "id": "6050d2e5-f680-4695-b284-2c8664457b11"
        },
        "creator": {"id": "14396847", "type": 200, "subtype": "", "first_name": "Ligeng", "account_code": "vclinic"},
        "account": {"domain": null, "code": "vclinic", "name": "VClinic"},
        "intake": {"reason_for_visit": "This is to test the API", "question_1": "Answer 1", "location": "--",
                   "id": "6050d1a8-b120-45b4-a568-61a664457b11"},
        "subtype": 4, "expiry": 1615924905
    }});
    respond(&server, json_response(200, &response)).await;
    let body = AddEconsultRequest {
        intake_id: "6050d1a8-b120-45b4-a568-61a664457b11".into(),
        room_code: "vclinic_room_code".into(),
    };
    let visit = vsee(&server)
        .add_econsult_visit(&body)
        .await
        .expect("a visit")
        .into_inner();
    assert_eq!(visit.id.as_deref(), Some("14814100"));
    assert_eq!(visit.member_id, "14396847");
    // An e-consult has no provider until one accepts it: provider_id 0.
    assert_eq!(visit.provider_id, Some(Some("0".into())));
    assert_eq!(visit.state, Some(Some("--".into())));
    assert_eq!(visit.type_, Some(3));
    assert_eq!(visit.subtype, Some(4));
    assert_eq!(visit.expiry, Some(seconds(1_615_924_905)));
    let invoice = visit.invoice.as_ref().expect("an invoice");
    assert_eq!(invoice.user_id.as_deref(), Some("14396847"));
    assert_eq!(invoice.amount_due, Some(0.0));
    assert_eq!(visit.member.as_ref().and_then(|m| m.type_), Some(200));
    assert_eq!(visit.creator.as_ref().and_then(|c| c.type_), Some(200));
    assert_eq!(
        visit.account.as_ref().and_then(|a| a.domain.clone()),
        Some(None)
    );
    let intake = visit.intake.as_ref().expect("an intake");
    assert_eq!(
        intake.additional_properties.get("question_1"),
        Some(&json!("Answer 1"))
    );

    let request = single_request(&server).await;
    assert_target(&request, "POST", "/visits/add_econsult", None);
    assert_auth(&request, true);
    assert_eq!(
        json_body(&request),
        json!({"intake_id": "6050d1a8-b120-45b4-a568-61a664457b11", "room_code": "vclinic_room_code"})
    );
}

#[tokio::test]
async fn add_econsult_visit_without_an_api_key_is_refused_before_sending() {
    let server = MockServer::start().await;
    respond(
        &server,
        json_response(200, &json!({"data": number_visit()})),
    )
    .await;
    let credentials = vsee_client::Credentials::new()
        .with_api_token(VSEE_TOKEN)
        .and_then(|credentials| credentials.with_account_code(VSEE_ACCOUNT))
        .expect("valid credentials");
    let client = vsee_client::Client::builder(vsee_client::Environment::Preview, credentials)
        .base_url(server.uri())
        .build()
        .expect("a client");
    let body = AddEconsultRequest {
        intake_id: "6050d1a8-b120-45b4-a568-61a664457b11".into(),
        room_code: "vclinic_room_code".into(),
    };
    let error = client
        .add_econsult_visit(&body)
        .await
        .expect_err("the API key is missing");
    assert!(
        matches!(
            &error,
            Error::InvalidRequest(RequestError::MissingCredentials {
                operation: "addEconsultVisit",
                ..
            })
        ),
        "got {error:?}"
    );
    assert!(received(&server).await.is_empty(), "nothing may be sent");
    // The two-header operations still work with that client.
    client.get_current_visit().await.expect("a visit");
}

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

#[tokio::test]
async fn list_visits_gets_visits_json_and_reads_both_id_forms() {
    let server = MockServer::start().await;
    let mut with_postvisit = string_visit();
    with_postvisit["postvisit"] = json!({
        "visit_id": "9709", "modified": 1473370072, "created": 1473368099, "member_id": "1290",
        "modifiedBy": "Alexey Provider 2", "draft": false, "attachments": [],
        "diagnosis": "Allergic reaction,initial encounter (T78.40XA),Asthma (J45.909)"
    });
    let response = json!({"data": [with_postvisit, number_visit()]});
    respond(&server, json_response(200, &response)).await;
    let visits = vsee(&server)
        .list_visits()
        .await
        .expect("visits")
        .into_inner();
    assert_eq!(visits.len(), 2);
    assert_string_visit(&visits[0]);
    assert_number_visit(&visits[1]);
    let postvisit = visits[0].postvisit.as_ref().expect("post-visit notes");
    assert_eq!(postvisit.visit_id.as_deref(), Some("9709"));
    assert_eq!(postvisit.modified_by.as_deref(), Some("Alexey Provider 2"));
    assert_eq!(postvisit.draft, Some(false));

    let request = single_request(&server).await;
    assert_target(&request, "GET", "/visits.json", None);
    assert_auth(&request, false);
    assert_no_body(&request);
}

#[tokio::test]
async fn get_visit_gets_the_json_suffixed_path_and_reads_numbers() {
    let server = MockServer::start().await;
    respond(
        &server,
        json_response(200, &json!({"data": number_visit()})),
    )
    .await;
    let visit = vsee(&server).get_visit("7727").await.expect("a visit");
    assert_number_visit(&visit);
    assert_eq!(visit.envelope_extra().map(|extra| extra.len()), Some(0));

    let request = single_request(&server).await;
    assert_target(&request, "GET", "/visits/7727.json", None);
    assert_auth(&request, false);
    assert_no_body(&request);
}

#[tokio::test]
async fn get_visit_reads_the_same_visit_with_strings_and_with_numbers() {
    let server = MockServer::start().await;
    let client = vsee(&server);
    let as_strings = json!({
        "id": "7727", "member_id": "575", "provider_id": "1096", "code": "57a07c26947c4544aeef4e5cac1f0144",
        "start": "1470669300", "end": "1470670200", "type": "2", "subtype": "3", "status": "20"
    });
    let as_numbers = json!({
        "id": 7727, "member_id": 575, "provider_id": 1096, "code": "57a07c26947c4544aeef4e5cac1f0144",
        "start": 1470669300, "end": 1470670200, "type": 2, "subtype": 3, "status": 20
    });
    let mut decoded = Vec::new();
    for data in [as_strings, as_numbers] {
        respond(&server, json_response(200, &json!({"data": data}))).await;
        decoded.push(
            client
                .get_visit("7727")
                .await
                .expect("a visit")
                .into_inner(),
        );
    }
    assert_eq!(decoded[0], decoded[1]);
    assert_eq!(decoded[0].id.as_deref(), Some("7727"));
    assert_eq!(decoded[0].member_id, "575");
    assert_eq!(decoded[0].start, seconds(1_470_669_300));
    assert_eq!(decoded[0].status, Some(20));
}

#[tokio::test]
async fn get_visit_reads_numbered_call_log_fields_sent_as_numbers() {
    let server = MockServer::start().await;
    let mut data = number_visit();
    data["call_logs"] = json!({
        "total_start": 1633628208, "total_end": 1633628268, "total_duration": 60, "waiting_time": 0,
        "provider_id_1": "anton+providersa@vseelab.com", "call_start_1": 1633628208,
        "call_duration_1": 60, "wait_time_1": 0, "source": "v2"
    });
    respond(&server, json_response(200, &json!({"data": data}))).await;
    let visit = vsee(&server).get_visit("7727").await.expect("a visit");
    let logs = visit.call_logs.as_ref().expect("call logs");
    assert_eq!(
        logs.additional_properties
            .get("call_start_1")
            .map(String::as_str),
        Some("1633628208")
    );
}

#[tokio::test]
async fn get_visit_reads_id_lists_sent_as_numbers() {
    let server = MockServer::start().await;
    let mut data = number_visit();
    data["host_ids"] = json!([12456470]);
    data["more_provider_ids"] = json!([566, "567"]);
    data["root_visit"]["participants"] = json!([17778181]);
    respond(&server, json_response(200, &json!({"data": data}))).await;
    let visit = vsee(&server).get_visit("7727").await.expect("a visit");
    assert_eq!(
        visit.host_ids.as_deref(),
        Some(&["12456470".to_owned()][..])
    );
    // The page never shows a value for more_provider_ids, so it is kept as sent.
    assert_eq!(visit.more_provider_ids, Some(json!([566, "567"])));
}

#[tokio::test]
async fn get_visit_keeps_fields_the_page_leaves_open_whatever_their_kind() {
    // Each field that is null in every example on the page, with values of every JSON kind:
    // none of them may sink the visit.
    let open = [
        "completed_by",
        "specialty_id",
        "reminder_type",
        "reminder_time",
        "more_provider_ids",
        "guest_emails",
        "guest_mobiles",
    ];
    let values = [
        json!(true),
        json!(42),
        json!(1.5),
        json!("text"),
        json!(null),
        json!(["a", 1]),
        json!({"sec": 1, "nested": {"deep": [null]}}),
    ];
    for value in values {
        let server = MockServer::start().await;
        let mut data = number_visit();
        for field in open {
            data[field] = value.clone();
        }
        data["pending_actions"] = json!([value.clone(), {"kind": "sign"}]);
        data["notify_list"] = json!([value.clone(), "provider"]);
        respond(&server, json_response(200, &json!({"data": data}))).await;
        let visit = vsee(&server)
            .get_visit("7727")
            .await
            .unwrap_or_else(|e| panic!("a visit with {value}: {e}"))
            .into_inner();
        assert_eq!(visit.completed_by, Some(value.clone()));
        assert_eq!(visit.reminder_time, Some(value.clone()));
        assert_eq!(visit.guest_emails, Some(value.clone()));
        assert_eq!(
            visit.pending_actions.as_ref().and_then(|a| a.first()),
            Some(&value)
        );
        assert_eq!(
            visit.notify_list.as_ref().and_then(|a| a.first()),
            Some(&value)
        );
        assert_eq!(visit.member_id, "17778181", "the rest of the visit decodes");
    }
}

#[tokio::test]
async fn update_visit_sends_version_2_and_the_new_provider() {
    let server = MockServer::start().await;
    let response = json!({"data": {
        "member_id": 567, "provider_id": 566, "account_code": "vclinic",
        "code": "615f2e2eabc46ad94e9b6457b11", "start": 1631628616, "end": 1631628916
    }});
    respond(&server, json_response(200, &response)).await;
    let body = UpdateVisitRequest {
        provider_id: Some("566".into()),
        ..UpdateVisitRequest::default()
    };
    let visit = vsee(&server)
        .update_visit("666", &UpdateVisitParams { version: 2 }, &body)
        .await
        .expect("the updated visit")
        .into_inner();
    assert_eq!(visit.member_id, "567");
    assert_eq!(visit.provider_id, Some(Some("566".into())));
    assert_eq!(visit.start, seconds(1_631_628_616));

    let request = single_request(&server).await;
    assert_target(&request, "POST", "/visits/666", Some("version=2"));
    assert_auth(&request, false);
    assert_eq!(
        text_parts(&multipart_parts(&request)),
        pairs(&[("provider_id", "566")])
    );
}

#[tokio::test]
async fn update_visit_removes_the_provider_with_provider_id_0_and_moves_the_times() {
    let server = MockServer::start().await;
    let response = json!({"data": {
        "member_id": "567", "provider_id": "0", "code": "615f2e2eabc46ad94e9b6457b11",
        "start": 1631632216, "end": 1631632516
    }});
    respond(&server, json_response(200, &response)).await;
    let body = UpdateVisitRequest {
        start: Some(1_631_632_216),
        end: Some(1_631_632_516),
        provider_id: Some("0".into()),
    };
    let visit = vsee(&server)
        .update_visit("666", &UpdateVisitParams { version: 2 }, &body)
        .await
        .expect("the updated visit");
    assert_eq!(visit.provider_id, Some(Some("0".into())));
    assert_eq!(visit.end, seconds(1_631_632_516));

    let request = single_request(&server).await;
    assert_target(&request, "POST", "/visits/666", Some("version=2"));
    assert_eq!(
        sorted(text_parts(&multipart_parts(&request))),
        sorted(pairs(&[
            ("start", "1631632216"),
            ("end", "1631632516"),
            ("provider_id", "0"),
        ]))
    );
}

#[tokio::test]
async fn get_current_visit_gets_visits_current() {
    let server = MockServer::start().await;
    respond(
        &server,
        json_response(200, &json!({"data": string_visit()})),
    )
    .await;
    let visit = vsee(&server).get_current_visit().await.expect("a visit");
    assert_string_visit(&visit);
    let request = single_request(&server).await;
    assert_target(&request, "GET", "/visits/current", None);
    assert_auth(&request, false);
    assert_no_body(&request);
}

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
        |error: &types::$enum| -> Option<types::Error> {
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
    variant: impl Fn(&E) -> Option<types::Error>,
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
            Some(types::Error {
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
    let walkin = AddWalkinRequest::default();
    let close = CloseVisitRequest { id: "14".into() };
    let econsult = AddEconsultRequest::default();
    let appointment = CreateAppointmentRequest::default();
    let version = UpdateVisitParams { version: 2 };
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
        &types::GetVisitError::Default(types::Error::default())
    );
}

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
