//! Wire tests of VectorCare's request detail: the GET it sends with the exclude flag, and how the
//! page's example, agreed and unagreed pickup times, null locations and listed facilities decode.

use clientgen_runtime::chrono::NaiveDate;
use serde_json::json;
use vectorcare_client::types::{self, GetRequestDetailParams, RequestDetail};
use wiremock::MockServer;

use crate::common::{
    assert_target, header, json_response, respond, single_request, vectorcare, VECTORCARE_TOKEN,
};
use crate::support::{detail_example, utc};

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
    let all_null = types::Location::new(None, None, None, None, None, None, None, None, None, None);
    assert_eq!(detail.pickup_location, all_null);
    let facilities = detail.account.facilities.expect("a facility list");
    assert_eq!(facilities.len(), 2);
    assert_eq!(facilities[1].name, "Helpful Hospital #1");
}
