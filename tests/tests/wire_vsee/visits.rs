//! Wire tests of reading and changing VSee visits: the visit list, one visit with ids and times
//! as strings or numbers and its open fields, updating a visit with `?version=2`, and the current
//! visit.

use serde_json::json;
use vsee_client::types::{UpdateVisitParams, UpdateVisitRequest};
use wiremock::MockServer;

use crate::common::{
    assert_target, json_response, multipart_parts, pairs, respond, single_request, sorted,
    text_parts, vsee,
};
use crate::support::{
    assert_auth, assert_no_body, assert_number_visit, assert_string_visit, number_visit, seconds,
    string_visit,
};

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
