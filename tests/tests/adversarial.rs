//! Adversarial wire tests of the generated vendor clients against a mock server on 127.0.0.1:
//! what is retried and what is never sent twice (the "never book a patient twice" guarantee),
//! path parameters that try to change the path or query, credentials that try to inject headers,
//! and garbage, empty, huge and undocumented responses.

mod common;

use std::time::Duration;

use carecycle_client::types::{
    CreateCustomerProviderError, CreateCustomerProviderRequest, RateLimitError,
};
use clientgen_runtime::uuid::Uuid;
use clientgen_runtime::{CredentialError, Error, RequestError, TransportErrorKind};
use common::{
    carecycle, carecycle_builder, fast_retries, json_response, raw_json_response, received,
    respond, respond_then, single_request, vectorcare, vectorcare_builder, vectorcare_created,
    vsee, vsee_builder,
};
use serde_json::{json, Value};
use vectorcare_client::types::{
    CreateExampleServiceRequestBody, CreateExampleServiceRequestBodyPatient,
    CreateExampleServiceRequestBodyRequest, GetRequestDetailParams,
};
use vsee_client::types::{IntakeFields, UpdateVisitParams, UpdateVisitRequest};
use wiremock::{MockServer, ResponseTemplate};

/// The page's example service body.
fn transport_request() -> CreateExampleServiceRequestBody {
    CreateExampleServiceRequestBody {
        patient: CreateExampleServiceRequestBodyPatient {
            id: "PAT-001".into(),
            last_name: "Smith".into(),
            first_name: "John".into(),
        },
        request: CreateExampleServiceRequestBodyRequest {
            test: "value".into(),
        },
    }
}

/// A VectorCare request detail with every required field.
fn detail() -> Value {
    let location = json!({
        "id": null, "lat": null, "lng": null, "zip": null, "city": null, "name": null,
        "state": null, "street": null, "address": null, "country": null
    });
    json!({
        "request_id": "EE5A6YZL", "patient_first_name": "Angela", "patient_last_name": "Graves",
        "patient_dob": "1931-03-31", "pickup_location": location, "destination_location": location,
        "transport_pickup_time": "2022-04-28T14:00:00Z", "transport_agreed_for_time": null,
        "service_level_type": "BLS", "service_type": "standing_order_dispatcher",
        "account": {"id": "2UVAGY7O", "name": "Cool Company", "service_levels": [], "facilities": null},
        "facility": {"id": "2UVAGY7O", "name": "Helpful Hospital #0"},
        "user": {"first_name": "Nicole", "last_name": "Montoya", "email": "requester@example.com"},
        "enabled_patient_fields": {}, "enabled_request_fields": {},
        "request_current_state": "accepted", "is_round_trip_first_trip": false,
        "is_round_trip_return_trip": false, "collection_id": "2UVAGY7O"
    })
}

/// careCycle's create success body.
fn provider() -> Value {
    json!({
        "id": "497f6eca-6276-4993-bfeb-53cbbbba6f08", "createdAt": "2024-01-01T00:00:00Z",
        "updatedAt": "2024-01-01T00:00:00Z", "customerId": "87d8e330-2878-4742-a86f-dbbb3bf522ac",
        "providerType": "Pharmacy"
    })
}

/// The careCycle customer of the page's example.
fn customer() -> Uuid {
    "497f6eca-6276-4993-bfeb-53cbbbba6f08"
        .parse()
        .expect("a UUID")
}

/// A careCycle body with only `providerType`.
fn pharmacy() -> CreateCustomerProviderRequest {
    serde_json::from_value(json!({"providerType": "Pharmacy"})).expect("a valid body")
}

/// A small VSee visit inside its envelope.
fn visit_envelope() -> Value {
    json!({"data": {"id": "1525", "member_id": "508", "code": "c", "start": 1458095488, "end": 1458096388}})
}

/// A VectorCare or careCycle error body.
fn error_body(code: &str) -> Value {
    json!({"message": "Rate limit exceeded.", "code": code})
}

#[tokio::test]
async fn a_429_with_retry_after_is_retried_then_succeeds_even_for_a_post() {
    let server = MockServer::start().await;
    let limited =
        json_response(429, &error_body("api:rate_limited")).insert_header("retry-after", "0");
    respond_then(
        &server,
        limited,
        2,
        json_response(201, &vectorcare_created()),
    )
    .await;
    let client = vectorcare_builder(&server)
        .retry_policy(fast_retries())
        .build()
        .expect("a client");
    let response = client
        .create_example_service_request(&transport_request())
        .await
        .expect("created after two 429s");
    assert_eq!(response.status(), 201);
    assert_eq!(response.request_id, "KP-ABCD1234");
    let requests = received(&server).await;
    assert_eq!(
        requests.len(),
        3,
        "two refused attempts and one that succeeded"
    );
    // Every attempt carried the same body.
    assert!(requests
        .iter()
        .all(|request| request.body == requests[0].body));
}

#[tokio::test]
async fn a_429_on_a_get_is_retried_then_succeeds() {
    let server = MockServer::start().await;
    let limited = ResponseTemplate::new(429).insert_header("retry-after", "0");
    respond_then(&server, limited, 1, json_response(200, &visit_envelope())).await;
    let client = vsee_builder(&server)
        .retry_policy(fast_retries())
        .build()
        .expect("a client");
    let visit = client.get_visit("1525").await.expect("a visit after a 429");
    assert_eq!(visit.member_id, "508");
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn a_carecycle_429_with_retry_after_in_the_body_is_retried() {
    let server = MockServer::start().await;
    // No Retry-After header: the wait comes from the documented `retryAfter` body field.
    let limited = json_response(
        429,
        &json!({"message": "Too many requests", "code": "RATE_LIMITED", "retryAfter": 0}),
    );
    respond_then(&server, limited, 1, json_response(201, &provider())).await;
    let client = carecycle_builder(&server)
        .retry_policy(fast_retries())
        .build()
        .expect("a client");
    let created = client
        .create_customer_provider(customer(), &pharmacy())
        .await
        .expect("created after a 429");
    assert_eq!(created.status(), 201);
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn a_carecycle_429_asking_for_a_long_wait_is_returned_not_retried() {
    let server = MockServer::start().await;
    let limited = json_response(
        429,
        &json!({"message": "Too many requests", "code": "RATE_LIMITED", "retryAfter": 3600}),
    );
    respond(&server, limited).await;
    let client = carecycle_builder(&server)
        .retry_policy(fast_retries())
        .build()
        .expect("a client");
    let error = client
        .create_customer_provider(customer(), &pharmacy())
        .await
        .expect_err("rate limited");
    let Error::Api(api) = &error else {
        panic!("expected Error::Api, got {error:?}")
    };
    assert_eq!(
        api.error(),
        &CreateCustomerProviderError::TooManyRequests(RateLimitError {
            message: "Too many requests".into(),
            code: "RATE_LIMITED".into(),
            retry_after: 3600,
        })
    );
    assert_eq!(error.retry_after(), Some(Duration::from_secs(3600)));
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn a_429_that_never_ends_is_decoded_after_the_last_retry() {
    let server = MockServer::start().await;
    let limited =
        json_response(429, &error_body("api:rate_limited")).insert_header("retry-after", "0");
    respond(&server, limited).await;
    let client = vectorcare_builder(&server)
        .retry_policy(fast_retries())
        .build()
        .expect("a client");
    let error = client
        .create_example_service_request(&transport_request())
        .await
        .expect_err("still rate limited");
    let Error::Api(api) = &error else {
        panic!("expected Error::Api, got {error:?}")
    };
    assert!(matches!(
        api.error(),
        vectorcare_client::types::CreateExampleServiceRequestError::TooManyRequests(_)
    ));
    assert_eq!(
        received(&server).await.len(),
        4,
        "one attempt and three retries"
    );
}

#[tokio::test]
async fn a_503_on_a_get_is_retried() {
    let server = MockServer::start().await;
    let client = vectorcare_builder(&server)
        .retry_policy(fast_retries())
        .build()
        .expect("a client");
    respond_then(
        &server,
        ResponseTemplate::new(503),
        2,
        json_response(200, &detail()),
    )
    .await;
    let found = client
        .get_request_detail("EE5A6YZL", &GetRequestDetailParams::default())
        .await
        .expect("details after two 503s");
    assert_eq!(found.request_id, "EE5A6YZL");
    assert_eq!(received(&server).await.len(), 3);

    let vsee = vsee_builder(&server)
        .retry_policy(fast_retries())
        .build()
        .expect("a client");
    respond_then(
        &server,
        ResponseTemplate::new(503),
        1,
        json_response(200, &visit_envelope()),
    )
    .await;
    vsee.get_visit("1525").await.expect("a visit after a 503");
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn a_503_on_a_post_is_not_retried() {
    let server = MockServer::start().await;
    let unavailable = || ResponseTemplate::new(503).set_body_string("upstream unavailable");

    respond(&server, unavailable()).await;
    let vectorcare = vectorcare_builder(&server)
        .retry_policy(fast_retries())
        .build()
        .expect("a client");
    let error = vectorcare
        .create_request("2JV3RG9K", &serde_json::Map::new())
        .await
        .expect_err("503");
    assert!(
        matches!(&error, Error::UnexpectedStatus(raw) if raw.status() == 503),
        "got {error:?}"
    );
    assert_eq!(
        received(&server).await.len(),
        1,
        "VectorCare create sent once"
    );

    respond(&server, unavailable()).await;
    let carecycle = carecycle_builder(&server)
        .retry_policy(fast_retries())
        .build()
        .expect("a client");
    let error = carecycle
        .create_customer_provider(customer(), &pharmacy())
        .await
        .expect_err("503");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
    assert_eq!(
        received(&server).await.len(),
        1,
        "careCycle create sent once"
    );

    respond(&server, unavailable()).await;
    let vsee = vsee_builder(&server)
        .retry_policy(fast_retries())
        .build()
        .expect("a client");
    let error = vsee
        .create_intake(&IntakeFields::default())
        .await
        .expect_err("503");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
    assert_eq!(
        received(&server).await.len(),
        1,
        "VSee create intake sent once"
    );
}

/// A response that arrives long after the client's timeout.
fn too_slow(body: &Value) -> ResponseTemplate {
    json_response(201, body).set_delay(Duration::from_secs(3))
}

/// Checks that `error` is a timeout of a request that may have reached the server, made once.
fn assert_timed_out_once<E: std::fmt::Debug>(error: &Error<E>) {
    let Error::Transport(transport) = error else {
        panic!("expected a transport error, got {error:?}")
    };
    assert_eq!(transport.kind(), TransportErrorKind::Timeout);
    assert!(transport.may_have_been_sent());
    assert_eq!(transport.attempts(), 1);
}

#[tokio::test]
async fn a_vectorcare_create_that_times_out_is_never_sent_again() {
    let server = MockServer::start().await;
    respond(&server, too_slow(&vectorcare_created())).await;
    let client = vectorcare_builder(&server)
        .retry_policy(fast_retries())
        .timeout(Duration::from_millis(200))
        .build()
        .expect("a client");
    let error = client
        .create_example_service_request(&transport_request())
        .await
        .expect_err("a timeout");
    assert_timed_out_once(&error);
    assert_eq!(single_request(&server).await.method.as_str(), "POST");
}

#[tokio::test]
async fn a_carecycle_create_that_times_out_is_never_sent_again() {
    let server = MockServer::start().await;
    respond(&server, too_slow(&provider())).await;
    let client = carecycle_builder(&server)
        .retry_policy(fast_retries())
        .timeout(Duration::from_millis(200))
        .build()
        .expect("a client");
    let error = client
        .create_customer_provider(customer(), &pharmacy())
        .await
        .expect_err("a timeout");
    assert_timed_out_once(&error);
    assert_eq!(single_request(&server).await.method.as_str(), "POST");
}

#[tokio::test]
async fn a_get_that_times_out_is_sent_again() {
    // The contrast to the two tests above: the same policy does retry an idempotent read.
    let server = MockServer::start().await;
    respond(
        &server,
        json_response(200, &detail()).set_delay(Duration::from_secs(3)),
    )
    .await;
    let policy = clientgen_runtime::RetryPolicy {
        max_retries: 1,
        ..fast_retries()
    };
    let client = vectorcare_builder(&server)
        .retry_policy(policy)
        .timeout(Duration::from_millis(200))
        .build()
        .expect("a client");
    let error = client
        .get_request_detail("EE5A6YZL", &GetRequestDetailParams::default())
        .await
        .expect_err("a timeout");
    let Error::Transport(transport) = &error else {
        panic!("expected a transport error, got {error:?}")
    };
    assert_eq!(transport.kind(), TransportErrorKind::Timeout);
    assert_eq!(transport.attempts(), 2);
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn a_refused_connection_is_retried_even_for_a_post_since_nothing_was_sent() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let address = listener.local_addr().expect("an address");
    drop(listener);
    let client = vectorcare_client::Client::builder(
        vectorcare_client::Environment::Production,
        common::vectorcare_credentials(),
    )
    .base_url(format!("http://{address}"))
    .retry_policy(fast_retries())
    .build()
    .expect("a client");
    let error = client
        .create_example_service_request(&transport_request())
        .await
        .expect_err("nothing listens");
    let Error::Transport(transport) = &error else {
        panic!("expected a transport error, got {error:?}")
    };
    assert_eq!(transport.kind(), TransportErrorKind::Connect);
    assert!(!transport.may_have_been_sent());
    assert_eq!(transport.attempts(), 4);
}

/// Path parameter values that try to leave their segment, with their encoded form.
const HOSTILE_IDS: [(&str, &str); 8] = [
    ("../admin", "..%2Fadmin"),
    ("a/b?c", "a%2Fb%3Fc"),
    ("%2F", "%252F"),
    ("a#b", "a%23b"),
    ("?exclude_facilities=false", "%3Fexclude_facilities%3Dfalse"),
    ("x&version=3", "x%26version%3D3"),
    ("..%2Fadmin", "..%252Fadmin"),
    ("patient 7 é", "patient%207%20%C3%A9"),
];

/// Path parameter values refused before anything is sent.
const REFUSED_IDS: [&str; 3] = ["..", ".", ""];

#[tokio::test]
async fn hostile_ids_stay_one_segment_of_the_vectorcare_paths() {
    let server = MockServer::start().await;
    let client = vectorcare(&server);
    for (id, encoded) in HOSTILE_IDS {
        respond(&server, json_response(200, &detail())).await;
        let params = GetRequestDetailParams {
            exclude_facilities: Some(true),
        };
        client
            .get_request_detail(id, &params)
            .await
            .unwrap_or_else(|error| panic!("{id:?}: {error:?}"));
        let request = single_request(&server).await;
        assert_eq!(
            request.url.path(),
            format!("/openapi/v1.0/requests/{encoded}/"),
            "{id:?}"
        );
        assert_eq!(
            request.url.query(),
            Some("exclude_facilities=true"),
            "{id:?}"
        );
        assert_eq!(request.url.fragment(), None, "{id:?}");

        respond(&server, json_response(201, &vectorcare_created())).await;
        client
            .create_request(id, &serde_json::Map::new())
            .await
            .unwrap_or_else(|error| panic!("{id:?}: {error:?}"));
        let request = single_request(&server).await;
        assert_eq!(
            request.url.path(),
            format!("/openapi/v2.0/requests/service/{encoded}/"),
            "{id:?}"
        );
        assert_eq!(request.url.query(), None, "{id:?}");
    }
}

#[tokio::test]
async fn hostile_ids_stay_one_segment_of_the_vsee_paths() {
    let server = MockServer::start().await;
    let client = vsee(&server);
    for (id, encoded) in HOSTILE_IDS {
        respond(&server, json_response(200, &visit_envelope())).await;
        client
            .get_visit(id)
            .await
            .unwrap_or_else(|error| panic!("{id:?}: {error:?}"));
        let request = single_request(&server).await;
        assert_eq!(
            request.url.path(),
            format!("/visits/{encoded}.json"),
            "{id:?}"
        );
        assert_eq!(request.url.query(), None, "{id:?}");

        respond(&server, json_response(200, &visit_envelope())).await;
        client
            .update_visit(
                id,
                &UpdateVisitParams { version: 2 },
                &UpdateVisitRequest::default(),
            )
            .await
            .unwrap_or_else(|error| panic!("{id:?}: {error:?}"));
        let request = single_request(&server).await;
        assert_eq!(request.url.path(), format!("/visits/{encoded}"), "{id:?}");
        assert_eq!(request.url.query(), Some("version=2"), "{id:?}");

        respond(&server, json_response(200, &json!({"data": {"id": "x"}}))).await;
        client
            .get_intake(id)
            .await
            .unwrap_or_else(|error| panic!("{id:?}: {error:?}"));
        let request = single_request(&server).await;
        assert_eq!(request.url.path(), format!("/intakes/{encoded}"), "{id:?}");
        assert_eq!(request.url.query(), None, "{id:?}");
    }
}

#[tokio::test]
async fn dot_segments_and_empty_ids_are_refused_before_sending() {
    let server = MockServer::start().await;
    respond(&server, json_response(200, &visit_envelope())).await;
    let vectorcare = vectorcare(&server);
    let vsee = vsee(&server);
    for id in REFUSED_IDS {
        let error = vectorcare
            .get_request_detail(id, &GetRequestDetailParams::default())
            .await
            .expect_err("refused");
        assert!(
            matches!(
                &error,
                Error::InvalidRequest(RequestError::InvalidPathParameter {
                    name: "request_id",
                    ..
                })
            ),
            "{id:?}: {error:?}"
        );
        let error = vectorcare
            .create_request(id, &serde_json::Map::new())
            .await
            .expect_err("refused");
        assert!(
            matches!(
                &error,
                Error::InvalidRequest(RequestError::InvalidPathParameter {
                    name: "service_id",
                    ..
                })
            ),
            "{id:?}: {error:?}"
        );
        for error in [
            vsee.get_visit(id)
                .await
                .map(drop)
                .err()
                .map(|e| e.to_string()),
            vsee.get_intake(id)
                .await
                .map(drop)
                .err()
                .map(|e| e.to_string()),
            vsee.update_intake(id, &IntakeFields::default())
                .await
                .map(drop)
                .err()
                .map(|e| e.to_string()),
            vsee.update_visit(
                id,
                &UpdateVisitParams { version: 2 },
                &UpdateVisitRequest::default(),
            )
            .await
            .map(drop)
            .err()
            .map(|e| e.to_string()),
        ] {
            let message = error.unwrap_or_else(|| panic!("{id:?} was accepted"));
            assert!(
                message.starts_with("invalid request, not sent: path parameter `id`"),
                "{message}"
            );
        }
    }
    assert!(received(&server).await.is_empty(), "nothing may be sent");
}

/// Tries `value` with every credential method of the four vendors, returning each outcome with
/// the error that a refused value must give.
fn every_credential_method(value: &str) -> [(Result<(), CredentialError>, CredentialError); 6] {
    let refused = |scheme: &'static str| CredentialError::InvalidValue { scheme };
    [
        (
            vectorcare_client::Credentials::new()
                .with_bearer_auth(value)
                .map(drop),
            refused("bearerAuth"),
        ),
        (
            carecycle_client::Credentials::new()
                .with_api_key(value)
                .map(drop),
            refused("apiKey"),
        ),
        (
            carevalidate_client::Credentials::new()
                .with_api_key(value)
                .map(drop),
            refused("apiKey"),
        ),
        (
            vsee_client::Credentials::new()
                .with_api_token(value)
                .map(drop),
            refused("apiToken"),
        ),
        (
            vsee_client::Credentials::new()
                .with_account_code(value)
                .map(drop),
            refused("accountCode"),
        ),
        (
            vsee_client::Credentials::new()
                .with_api_key(value)
                .map(drop),
            refused("apiKey"),
        ),
    ]
}

/// Asserts that every credential method refuses `value` with its scheme, without echoing it.
fn assert_refused_everywhere(value: &str) {
    for (result, expected) in every_credential_method(value) {
        let error = result.expect_err("a hostile credential is refused");
        assert_eq!(error, expected, "{value:?}");
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains("secret"), "the value is echoed: {shown}");
    }
}

#[test]
fn credentials_with_a_newline_or_control_character_are_refused_without_panicking() {
    for value in [
        "secret\nX-Injected: 1",
        "secret\r\nX-Injected: 1",
        "secret\r",
        "secret\u{0}",
        "secret\u{7f}",
    ] {
        assert_refused_everywhere(value);
    }
}

#[test]
fn credentials_outside_ascii_are_refused_as_documented() {
    assert_refused_everywhere("s\u{e9}cret");
}

#[tokio::test]
async fn a_garbage_body_on_a_success_is_a_decode_error_keeping_status_and_body() {
    let server = MockServer::start().await;
    let garbage = "<html><body>502 Bad Gateway</body></html>";
    let html = || ResponseTemplate::new(200).set_body_raw(garbage, "text/html");

    respond(&server, html()).await;
    let error = vectorcare(&server)
        .get_request_detail("EE5A6YZL", &GetRequestDetailParams::default())
        .await
        .expect_err("not JSON");
    assert_decode_error(&error, 200, garbage.as_bytes(), "not valid JSON");

    respond(&server, html()).await;
    let error = vsee(&server).get_visit("1525").await.expect_err("not JSON");
    assert_decode_error(&error, 200, garbage.as_bytes(), "not valid JSON");

    respond(&server, json_response(201, &json!({"id": "not a uuid"}))).await;
    let error = carecycle(&server)
        .create_customer_provider(customer(), &pharmacy())
        .await
        .expect_err("wrong shape");
    assert_decode_error(&error, 201, br#"{"id":"not a uuid"}"#, "does not match");
}

#[tokio::test]
async fn an_empty_body_on_a_success_is_a_decode_error_keeping_status_and_body() {
    let server = MockServer::start().await;
    respond(&server, ResponseTemplate::new(201)).await;
    let error = vectorcare(&server)
        .create_example_service_request(&transport_request())
        .await
        .expect_err("empty");
    assert_decode_error(&error, 201, b"", "empty");

    respond(&server, raw_json_response(200, "  \r\n")).await;
    let error = vsee(&server).get_current_visit().await.expect_err("empty");
    assert_decode_error(&error, 200, b"  \r\n", "empty");
}

#[tokio::test]
async fn a_garbage_body_on_a_documented_error_is_a_decode_error_keeping_the_status() {
    let server = MockServer::start().await;
    respond(
        &server,
        ResponseTemplate::new(403).set_body_string("Forbidden"),
    )
    .await;
    let error = vectorcare(&server)
        .get_request_detail("EE5A6YZL", &GetRequestDetailParams::default())
        .await
        .expect_err("403");
    assert_decode_error(&error, 403, b"Forbidden", "not valid JSON");
}

/// Checks a decode error: its status, its raw body, and its message naming the kind of failure.
fn assert_decode_error<E: std::fmt::Debug>(
    error: &Error<E>,
    status: u16,
    body: &[u8],
    message: &str,
) {
    let Error::Decode(decode) = error else {
        panic!("expected Error::Decode, got {error:?}")
    };
    assert_eq!(decode.response().status().as_u16(), status);
    assert_eq!(decode.response().body().as_ref(), body);
    assert_eq!(error.status().map(|status| status.as_u16()), Some(status));
    assert_eq!(error.raw_body().map(|body| body.as_ref()), Some(body));
    assert!(error.to_string().contains(message), "{error}");
}

/// The size of the huge bodies: 10 MiB.
const HUGE: usize = 10 * 1024 * 1024;

#[tokio::test]
async fn a_10_mb_list_of_visits_decodes() {
    let server = MockServer::start().await;
    let visit = json!({"id": "1525", "member_id": 508, "code": "56e8c580f55c44a2868b66f0ac1f0144",
        "start": "1458095488", "end": 1458096388, "type": "1", "status": 10});
    let item = visit.to_string();
    let count = HUGE / (item.len() + 1) + 1;
    let body = format!("{{\"data\":[{}]}}", vec![item; count].join(","));
    assert!(body.len() >= HUGE);
    respond(&server, raw_json_response(200, body)).await;
    let visits = vsee(&server).list_visits().await.expect("visits");
    assert_eq!(visits.len(), count);
    assert_eq!(visits[count - 1].member_id, "508");
}

#[tokio::test]
async fn a_10_mb_body_of_the_wrong_shape_fails_cleanly() {
    let server = MockServer::start().await;
    // A 10 MiB string where VectorCare's create answer (an object) is expected.
    let body = format!("\"{}\"", "x".repeat(HUGE));
    respond(&server, raw_json_response(201, body.clone())).await;
    let error = vectorcare(&server)
        .create_example_service_request(&transport_request())
        .await
        .expect_err("a string is not an object");
    let Error::Decode(decode) = &error else {
        panic!("expected Error::Decode, got {error:?}")
    };
    assert_eq!(decode.response().status().as_u16(), 201);
    assert_eq!(decode.response().body().len(), body.len());
    // Neither the message nor the debug form carries the body.
    assert!(error.to_string().len() < 300);
    assert!(format!("{error:?}").len() < 1000);
}

#[tokio::test]
async fn a_10_mb_body_over_the_client_limit_is_a_transport_error_sent_once() {
    let server = MockServer::start().await;
    respond(&server, raw_json_response(201, vec![b' '; HUGE])).await;
    let client = vectorcare_builder(&server)
        .retry_policy(fast_retries())
        .max_response_bytes(1024 * 1024)
        .build()
        .expect("a client");
    let error = client
        .create_example_service_request(&transport_request())
        .await
        .expect_err("too large");
    let Error::Transport(transport) = &error else {
        panic!("expected a transport error, got {error:?}")
    };
    assert_eq!(transport.kind(), TransportErrorKind::TooLarge);
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn an_undocumented_status_keeps_status_headers_and_body() {
    let server = MockServer::start().await;
    let body = r#"{"detail":"I'm a teapot","trace":"abc123"}"#;
    let teapot = || {
        ResponseTemplate::new(418)
            .insert_header("x-request-id", "req-42")
            .set_body_raw(body, "application/problem+json")
    };

    respond(&server, teapot()).await;
    let error = vectorcare(&server)
        .create_request("2JV3RG9K", &serde_json::Map::new())
        .await
        .expect_err("418");
    assert_unexpected(&error, body);

    respond(&server, teapot()).await;
    let error = carecycle(&server)
        .create_customer_provider(customer(), &pharmacy())
        .await
        .expect_err("418");
    assert_unexpected(&error, body);

    respond(&server, teapot()).await;
    let error = common::carevalidate(&server)
        .perform_case_action(
            customer(),
            &carevalidate_client::types::RequestRefillUrlAction::default(),
        )
        .await
        .expect_err("418");
    assert_unexpected(&error, body);
}

/// Checks an `UnexpectedStatus` error from the teapot response.
fn assert_unexpected<E: std::fmt::Debug>(error: &Error<E>, body: &str) {
    let Error::UnexpectedStatus(raw) = error else {
        panic!("expected Error::UnexpectedStatus, got {error:?}")
    };
    assert_eq!(raw.status().as_u16(), 418);
    assert_eq!(
        raw.headers()
            .get("x-request-id")
            .and_then(|value| value.to_str().ok()),
        Some("req-42")
    );
    assert_eq!(
        raw.headers()
            .get("content-type")
            .and_then(|value| value.to_str().ok()),
        Some("application/problem+json")
    );
    assert_eq!(raw.body().as_ref(), body.as_bytes());
    assert_eq!(error.status().map(|status| status.as_u16()), Some(418));
    assert_eq!(
        error.raw_body().map(|bytes| bytes.as_ref()),
        Some(body.as_bytes())
    );
    assert!(error
        .headers()
        .is_some_and(|headers| headers.contains_key("x-request-id")));
}
