//! Helpers shared by the VSee wire tests: the intake id of the page's examples, timestamps in
//! VSee's two forms, the checks of the auth headers and of an empty body, and two sample visits
//! (one with ids and times as strings, one with them as numbers) with the checks of their
//! decoded forms.

use clientgen_runtime::chrono::DateTime;
use clientgen_runtime::Timestamp;
use serde_json::{json, Value};
use vsee_client::types::Visit;
use wiremock::Request;

use crate::common::{header, VSEE_ACCOUNT, VSEE_API_KEY, VSEE_TOKEN};

/// The intake id of the page's examples.
pub(crate) const INTAKE: &str = "57a0705e-1c4c-4f24-b51d-3c71ac1f0144";

/// Returns the timestamp of whole Unix seconds.
pub(crate) fn seconds(value: i64) -> Timestamp {
    Timestamp::from_unix_seconds(value).expect("in range")
}

/// Returns the timestamp of a `{sec, usec}` pair.
pub(crate) fn sec_usec(sec: i64, usec: u32) -> Timestamp {
    Timestamp(DateTime::from_timestamp(sec, usec * 1_000).expect("in range"))
}

/// Asserts that the request carries the two VSee auth headers and, only when `api_key` is set,
/// `X-ApiKey`.
pub(crate) fn assert_auth(request: &Request, api_key: bool) {
    assert_eq!(header(request, "x-apitoken"), Some(VSEE_TOKEN));
    assert_eq!(header(request, "x-accountcode"), Some(VSEE_ACCOUNT));
    let expected_key = api_key.then_some(VSEE_API_KEY);
    assert_eq!(header(request, "x-apikey"), expected_key, "X-ApiKey");
    assert_eq!(header(request, "accept"), Some("application/json"));
}

/// Asserts that a request has no body and no content type.
pub(crate) fn assert_no_body(request: &Request) {
    assert_eq!(header(request, "content-type"), None);
    assert!(request.body.is_empty(), "no body expected");
}

/// A small visit as the walk-in example sends it: ids, codes and times all as strings.
pub(crate) fn string_visit() -> Value {
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
pub(crate) fn number_visit() -> Value {
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
pub(crate) fn assert_string_visit(visit: &Visit) {
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
pub(crate) fn assert_number_visit(visit: &Visit) {
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
