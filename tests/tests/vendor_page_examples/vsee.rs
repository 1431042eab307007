//! The VSee page's response examples decode: the valid ones as they stand, the invalid ones once
//! repaired, and the example that repeats `postvisit` with the last of the repeated keys winning.

use clientgen_runtime::Timestamp;
use serde_json::json;
use wiremock::MockServer;

use crate::common::vsee;
use crate::duplicate_keys::{assert_clean_json, duplicate_keys};
use crate::support::{after, json_after, json_at, page, serve, vsee_example, vsee_section};
use crate::vsee_listing::repaired;

#[tokio::test]
async fn vsee_valid_examples_decode() {
    use vsee_client::types::{
        AddEconsultRequest, CloseVisitRequest, IntakeAttachments, IntakeFields,
    };
    let text = page("vsee-api-v3.txt");
    let server = MockServer::start().await;
    let client = vsee(&server);
    let example = |heading: &str| {
        let example = vsee_example(&text, heading).expect("an example");
        assert_clean_json(heading, example);
        example.to_owned()
    };

    serve(&server, 200, &example("POST /intakes")).await;
    let intake = client
        .create_intake(&IntakeFields::default())
        .await
        .expect("create intake example");
    assert_eq!(intake.id, "56e8c536-566c-44b6-bbca-66f0ac1f0144");
    assert_eq!(
        intake.additional_properties.get("custom_symptoms_duration"),
        Some(&json!("2 weeks"))
    );

    serve(&server, 200, &example("POST /intakes/:id")).await;
    let intake = client
        .update_intake(
            "57a0705e-1c4c-4f24-b51d-3c71ac1f0144",
            &IntakeFields::default(),
        )
        .await
        .expect("update intake example");
    assert_eq!(intake.id, "56e8c536-566c-44b6-bbca-66f0ac1f0144");

    serve(&server, 200, &example("GET /intakes/:id")).await;
    let intake = client
        .get_intake("57a0705e-1c4c-4f24-b51d-3c71ac1f0144")
        .await
        .expect("get intake example");
    assert_eq!(intake.type_, Some(1));
    let Some(IntakeAttachments::Array(attachments)) = &intake.attachments else {
        panic!("attachments: {:?}", intake.attachments)
    };
    assert_eq!(attachments[0].size, Some(12859));
    assert_eq!(
        attachments[0]
            .created
            .map(|time| time.0.timestamp_subsec_micros()),
        Some(967_000)
    );

    serve(&server, 200, &example("POST /visits/close")).await;
    let closed = client
        .close_visit(&CloseVisitRequest { id: "14".into() })
        .await
        .expect("close example");
    assert_eq!(closed.id, "1525");

    serve(&server, 200, &example("POST /visits/add_econsult")).await;
    let section = vsee_section(&text, "POST /visits/add_econsult");
    let request: AddEconsultRequest = serde_json::from_str(json_after(section, "--data-raw '"))
        .expect("the curl body decodes into the request type");
    let visit = client
        .add_econsult_visit(&request)
        .await
        .expect("e-consult example");
    assert_eq!(visit.member_id, "14396847");
    assert_eq!(visit.provider_id, Some(Some("0".into())));
    assert_eq!(visit.intake_id.as_deref(), Some(request.intake_id.as_str()));
    assert_eq!(visit.expiry, Timestamp::from_unix_seconds(1_615_924_905));
}

#[tokio::test]
async fn vsee_create_appointment_example_decodes_with_its_s_sibling() {
    let text = page("vsee-api-v3.txt");
    let example = vsee_example(&text, "POST /visits").expect("an example");
    assert_clean_json("POST /visits", example);
    let server = MockServer::start().await;
    serve(&server, 200, example).await;
    let visit = vsee(&server)
        .create_appointment(&vsee_client::types::CreateAppointmentRequest::new(
            "17778181", 1633628100, 1633629000,
        ))
        .await
        .expect("create appointment example");
    assert_eq!(visit.member_id, "17778181");
    assert_eq!(
        visit.envelope_extra().and_then(|extra| extra.get("s")),
        Some(&json!("ms"))
    );
    let logs = visit.call_logs.as_ref().expect("call logs");
    assert_eq!(
        logs.additional_properties
            .get("call_start_1")
            .map(String::as_str),
        Some("1633628208")
    );
}

#[tokio::test]
async fn vsee_repaired_examples_decode() {
    let text = page("vsee-api-v3.txt");
    let server = MockServer::start().await;
    let client = vsee(&server);
    let repaired = |heading: &str| repaired(&text, heading);

    serve(&server, 200, &repaired("POST /visits/add_walkin")).await;
    let visit = client
        .add_walkin_visit(&vsee_client::types::AddWalkinRequest::new(
            "intake-1", "room-1",
        ))
        .await
        .expect("walk-in example");
    assert_eq!(visit.id.as_deref(), Some("1525"));
    assert_eq!(
        visit.start,
        Timestamp::from_unix_seconds(1_458_095_488).expect("a time")
    );
    assert_eq!(visit.account_code, Some(None));

    serve(&server, 200, &repaired("GET /availability")).await;
    let slots = client
        .get_availability()
        .await
        .expect("availability example");
    assert_eq!(slots.len(), 2);
    assert_eq!(slots[1].providers, ["123", "345"]);

    serve(&server, 200, &repaired("GET /visits")).await;
    let visits = client.list_visits().await.expect("visit list example");
    assert_eq!(visits.len(), 1);
    assert_eq!(visits[0].member_id, "575");
    let postvisit = visits[0].postvisit.as_ref().expect("post-visit notes");
    assert_eq!(postvisit.disposition.as_deref(), Some("Referred to ED"));
    assert_eq!(
        postvisit.physical_exam.as_deref(),
        Some("<p>dfvevofivuoiwue</p><p>iou</p><p>oi</p>")
    );

    serve(&server, 200, &repaired("POST /visits/:id?version=2")).await;
    let visit = client
        .update_visit(
            "666",
            &vsee_client::types::UpdateVisitParams { version: 2 },
            &vsee_client::types::UpdateVisitRequest::default(),
        )
        .await
        .expect("update example");
    assert_eq!(visit.provider_id, Some(Some("566".into())));
}

#[tokio::test]
async fn vsee_get_visit_example_decodes_with_the_last_duplicated_key_winning() {
    let text = page("vsee-api-v3.txt");
    let example = repaired(&text, "GET /visits/:id");
    let server = MockServer::start().await;
    serve(&server, 200, &example).await;
    let visit = vsee(&server)
        .get_visit("7727")
        .await
        .expect("get visit example");
    assert_eq!(visit.id.as_deref(), Some("18407167"));
    let postvisit = visit.postvisit.as_ref().expect("post-visit notes");
    assert_eq!(postvisit.visit_id.as_deref(), Some("9709"));
    assert_eq!(postvisit.attachments.as_ref().map(Vec::len), Some(1));
    assert_eq!(
        visit.prescriptions_before_visit.as_ref().map(Vec::len),
        Some(1)
    );
}

#[tokio::test]
async fn the_pages_duplicated_postvisit_key_resolves_to_the_last_one_in_the_client() {
    // The two `postvisit` members of the GET /visits/:id example, verbatim, in a minimal visit,
    // so that the duplicated-key rule is checked apart from the rest of that example (which also
    // needs its bracket repair).
    let text = page("vsee-api-v3.txt");
    let section = vsee_section(&text, "GET /visits/:id");
    let first_at = after(section, "\"postvisit\": { \"member_id\": \"17778181\"");
    let first_start = section[..first_at].rfind('{').expect("the first postvisit");
    let (first, end) = json_at(section, first_start);
    let second_at = end
        + section[end..]
            .find("\"postvisit\"")
            .expect("a second postvisit");
    let (second, _) = json_at(section, second_at);
    assert!(duplicate_keys(second).is_ok_and(|keys| keys == ["attachments"]));
    let body = format!(
        r#"{{ "data": {{ "member_id": 17778181, "code": "c", "start": 1, "end": 2, "postvisit": {first}, "postvisit": {second} }} }}"#
    );
    assert_eq!(
        duplicate_keys(&body).expect("valid JSON"),
        ["attachments", "postvisit"]
    );
    let server = MockServer::start().await;
    serve(&server, 200, &body).await;
    let visit = vsee(&server).get_visit("7727").await.expect("a visit");
    let postvisit = visit.postvisit.as_ref().expect("post-visit notes");
    // The second `postvisit` wins, and inside it the second `attachments`.
    assert_eq!(postvisit.visit_id.as_deref(), Some("9709"));
    assert_eq!(postvisit.modified_by.as_deref(), Some("Second Provider 2"));
    let attachments = postvisit.attachments.as_ref().expect("attachments");
    assert_eq!(attachments.len(), 1);
    assert_eq!(attachments[0].size, Some(1_692_776));
}
