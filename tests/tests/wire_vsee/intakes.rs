//! Wire tests of VSee's intake operations: creating an intake from a form with named and custom
//! fields, updating it with multipart text parts, and reading it back with its attachments.

use serde_json::{json, Value};
use vsee_client::types::{IntakeAttachments, IntakeAttachmentsEmpty, IntakeFields};
use wiremock::MockServer;

use crate::common::{
    self, assert_target, json_response, multipart_parts, pairs, respond, single_request, sorted,
    text_parts, vsee,
};
use crate::support::{assert_auth, assert_no_body, sec_usec, seconds, INTAKE};

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
