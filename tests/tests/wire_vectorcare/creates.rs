//! Wire tests of what VectorCare's four create operations send (POST to the service's path with
//! its trailing slash, the bearer token, the JSON body) and how their success body decodes.

use serde_json::{json, Value};
use vectorcare_client::types::CreateRequestResponse;
use wiremock::{MockServer, Request};

use crate::common::{
    assert_target, header, json_body, json_response, respond, single_request, vectorcare,
    vectorcare_created, VECTORCARE_TOKEN,
};
use crate::support::{example_service_body, insured_body, transport_body};

/// The create page's success example as the client must decode it.
fn created_value() -> CreateRequestResponse {
    CreateRequestResponse {
        request_id: "KP-ABCD1234".into(),
        service_request_web_url:
            "https://hub.vectorcare.com/service_request/o/X5318RVM/permalink/KP-ABCD1234/".into(),
    }
}

/// Asserts the shape every create operation sends: POST, the exact path, no query, the bearer
/// token, JSON in and JSON accepted.
fn assert_create_request(request: &Request, path: &str, body: &Value) {
    assert_target(request, "POST", path, None);
    let bearer = format!("Bearer {VECTORCARE_TOKEN}");
    assert_eq!(header(request, "authorization"), Some(bearer.as_str()));
    assert_eq!(header(request, "accept"), Some("application/json"));
    assert_eq!(request.headers.get_all("authorization").iter().count(), 1);
    assert_eq!(json_body(request), *body);
}

/// The body of the page's curl example, which the generic operation sends as it is.
fn curl_example_body() -> Value {
    json!({
        "patient": {"id": "PAT-001", "last_name": "Smith", "first_name": "John"},
        "request": {"test": "value"}
    })
}

#[tokio::test]
async fn create_request_sends_any_body_to_the_service_path_with_its_trailing_slash() {
    let server = MockServer::start().await;
    respond(&server, json_response(201, &vectorcare_created())).await;
    let Value::Object(body) = curl_example_body() else {
        unreachable!("the example is an object")
    };
    let created = vectorcare(&server)
        .create_request("2JV3RG9K", &body)
        .await
        .expect("created");
    assert_eq!(created.status(), 201);
    assert_eq!(created.into_inner(), created_value());
    let request = single_request(&server).await;
    assert_create_request(
        &request,
        "/openapi/v2.0/requests/service/2JV3RG9K/",
        &curl_example_body(),
    );
}

#[tokio::test]
async fn create_request_accepts_any_2xx_with_the_documented_body() {
    let server = MockServer::start().await;
    let client = vectorcare(&server);
    for status in [200, 202] {
        respond(&server, json_response(status, &vectorcare_created())).await;
        let created = client
            .create_request("2JV3RG9K", &serde_json::Map::new())
            .await
            .unwrap_or_else(|error| panic!("status {status}: {error:?}"));
        assert_eq!(created.into_inner(), created_value());
    }
}

#[tokio::test]
async fn create_example_service_request_sends_the_typed_body_to_its_own_path() {
    let server = MockServer::start().await;
    respond(&server, json_response(201, &vectorcare_created())).await;
    let created = vectorcare(&server)
        .create_example_service_request(&example_service_body())
        .await
        .expect("created");
    assert_eq!(created.into_inner(), created_value());
    let request = single_request(&server).await;
    assert_create_request(
        &request,
        "/openapi/v2.0/requests/service/2JV3RG9K/",
        &curl_example_body(),
    );
}

#[tokio::test]
async fn create_illustrative_insured_request_sends_insurance_and_custom_fields() {
    let server = MockServer::start().await;
    respond(&server, json_response(201, &vectorcare_created())).await;
    let created = vectorcare(&server)
        .create_illustrative_insured_request(&insured_body())
        .await
        .expect("created");
    assert_eq!(created.into_inner(), created_value());
    let request = single_request(&server).await;
    // The service file's example; the unset optional `plan_name` is left out, not sent as null.
    let expected = json!({
        "patient": {"id": "PAT-003", "last_name": "Smith", "first_name": "John"},
        "insurance": {
            "payer_name": "Example Health Plan",
            "member_id": "XJH123456789",
            "group_number": "GRP-0042"
        },
        "request": {
            "oxygen_required": true,
            "weight_lbs": 180,
            "authorization_number": "AUTH-77881"
        }
    });
    assert_create_request(
        &request,
        "/openapi/v2.0/requests/service/ILLINSR1/",
        &expected,
    );
}

#[tokio::test]
async fn create_illustrative_transport_request_sends_dates_and_addresses() {
    let server = MockServer::start().await;
    respond(&server, json_response(201, &vectorcare_created())).await;
    let created = vectorcare(&server)
        .create_illustrative_transport_request(&transport_body())
        .await
        .expect("created");
    assert_eq!(created.into_inner(), created_value());
    let request = single_request(&server).await;
    // The service file's example: a `YYYY-MM-DD` date and an RFC 3339 time.
    let expected = json!({
        "patient": {
            "id": "PAT-002", "last_name": "Graves", "first_name": "Angela", "dob": "1931-03-31"
        },
        "request": {
            "pickup_address": {
                "street": "28 Liberty Ship Way", "city": "Sausalito", "state": "CA",
                "zip": "94965", "country": "United States"
            },
            "dropoff_address": {
                "street": "96 Toledo Way", "city": "San Francisco", "state": "CA",
                "zip": "94123", "country": "United States"
            },
            "appointment_time": "2022-04-28T15:00:00Z",
            "service_level": "BLS",
            "notes": "Patient uses a walker."
        }
    });
    assert_create_request(
        &request,
        "/openapi/v2.0/requests/service/ILLTRNS1/",
        &expected,
    );
}
