//! Wire tests of VSee's e-consult visits: the only operation sent as JSON and the only one that
//! needs `X-ApiKey`, which is refused before sending when the credentials lack it.

use clientgen_runtime::{Error, RequestError};
use serde_json::json;
use vsee_client::types::AddEconsultRequest;
use wiremock::MockServer;

use crate::common::{
    assert_target, json_body, json_response, received, respond, single_request, vsee, VSEE_ACCOUNT,
    VSEE_TOKEN,
};
use crate::support::{assert_auth, number_visit, seconds};

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
