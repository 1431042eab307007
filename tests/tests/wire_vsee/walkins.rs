//! Wire tests of VSee's walk-in visits: adding one with a multipart body, with or without a
//! provider, and closing a visit by its id.

use serde_json::json;
use vsee_client::types::{AddWalkinRequest, CloseVisitRequest};
use wiremock::MockServer;

use crate::common::{
    assert_target, json_response, multipart_parts, pairs, respond, single_request, sorted,
    text_parts, vsee,
};
use crate::support::{assert_auth, assert_string_visit, string_visit, INTAKE};

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
