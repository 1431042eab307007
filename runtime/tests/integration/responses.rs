//! Responses: decoding, its failures, size limits, and error messages free of body content.

use clientgen_runtime::{CredentialSet, Error, ResponseValue, TransportErrorKind};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{anonymous, builder, raw_server, TestClient, GET_ITEM};

/// A marker that stands for patient data in bodies; it must never appear in messages.
const MARKER: &str = "PATIENT-JANE-DOE-1970";

async fn serve(template: ResponseTemplate) -> (MockServer, TestClient) {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(template)
        .mount(&server)
        .await;
    let client = anonymous(&server);
    (server, client)
}

async fn get(client: &TestClient) -> clientgen_runtime::Response {
    client
        .0
        .request(&GET_ITEM)
        .path("/items/1")
        .send::<()>()
        .await
        .expect("a response")
}

#[derive(serde::Deserialize, Debug, PartialEq)]
struct Item {
    id: u32,
    name: String,
}

#[derive(serde::Deserialize, Debug)]
struct Member {
    #[allow(dead_code)]
    gender: u8,
}

#[derive(serde::Deserialize, Debug)]
struct Visit {
    #[allow(dead_code)]
    member: Member,
}

/// Asserts that neither `Display` nor `Debug` of the error shows the marker.
fn assert_no_marker<E>(error: &Error<E>) {
    let display = error.to_string();
    let debug = format!("{error:?}");
    assert!(!display.contains(MARKER), "Display leaks: {display}");
    assert!(!debug.contains(MARKER), "Debug leaks: {debug}");
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        assert!(
            !inner.to_string().contains(MARKER),
            "a source leaks: {inner}"
        );
        source = inner.source();
    }
}

#[tokio::test]
async fn json_decodes_with_status_and_headers() {
    let template = ResponseTemplate::new(200)
        .insert_header("x-total", "1")
        .set_body_json(json!({"id": 7, "name": "a"}));
    let (_server, client) = serve(template).await;
    let value: ResponseValue<Item> = get(&client).await.json::<Item, ()>().expect("decodes");
    assert_eq!(value.status(), 200);
    assert_eq!(
        value
            .headers()
            .get("x-total")
            .and_then(|value| value.to_str().ok()),
        Some("1")
    );
    assert_eq!(value.name, "a");
    assert_eq!(value.map(|item| item.id).into_inner(), 7);
}

#[tokio::test]
async fn duplicated_keys_keep_the_last_value() {
    let body = r#"{"id": 1, "name": "first", "name": "last"}"#;
    let (_server, client) =
        serve(ResponseTemplate::new(200).set_body_raw(body, "application/json")).await;
    let item = get(&client)
        .await
        .json::<Item, ()>()
        .expect("duplicates are fine")
        .into_inner();
    assert_eq!(
        item,
        Item {
            id: 1,
            name: "last".into()
        }
    );
}

#[tokio::test]
async fn garbage_and_empty_bodies_are_decode_errors() {
    for body in [
        format!("<html>{MARKER}</html>"),
        String::new(),
        "  \n".into(),
        format!("{{\"id\": \"{MARKER}"),
    ] {
        let (_server, client) =
            serve(ResponseTemplate::new(200).set_body_raw(body.clone(), "application/json")).await;
        let error = get(&client)
            .await
            .json::<Item, ()>()
            .expect_err("not an item");
        let Error::Decode(decode) = &error else {
            panic!("unexpected {error:?}")
        };
        assert_eq!(decode.response().body().as_ref(), body.as_bytes());
        assert_eq!(error.status().map(|status| status.as_u16()), Some(200));
        assert_no_marker(&error);
    }
}

#[tokio::test]
async fn a_type_mismatch_names_its_path_but_not_the_value() {
    let body = json!({"data": {"member": {"gender": MARKER}}, "meta": {"page": 1}});
    let (_server, client) = serve(ResponseTemplate::new(200).set_body_json(body)).await;
    let error = get(&client)
        .await
        .json_envelope::<Visit, ()>("data")
        .expect_err("gender is a string");
    let Error::Decode(decode) = &error else {
        panic!("unexpected {error:?}")
    };
    assert_eq!(decode.path(), "data.member.gender");
    assert!(
        decode.detail().contains(MARKER),
        "serde quotes the value: {}",
        decode.detail()
    );
    assert!(error.to_string().contains("data.member.gender"), "{error}");
    assert_no_marker(&error);
}

#[tokio::test]
async fn envelopes_return_the_field_and_keep_the_rest() {
    let body = json!({"data": {"id": 3, "name": "n"}, "meta": {"page": 2}, "links": []});
    let (_server, client) = serve(ResponseTemplate::new(200).set_body_json(body)).await;
    let value = get(&client)
        .await
        .json_envelope::<Item, ()>("data")
        .expect("decodes");
    assert_eq!(value.id, 3);
    let extra = value.envelope_extra().expect("extra members");
    assert_eq!(extra.get("meta"), Some(&json!({"page": 2})));
    assert!(extra.contains_key("links") && !extra.contains_key("data"));

    let (_server, client) = serve(ResponseTemplate::new(200).set_body_json(json!([1]))).await;
    let error = get(&client)
        .await
        .json_envelope::<Item, ()>("data")
        .expect_err("not an object");
    assert!(matches!(error, Error::Decode(_)));
}

#[tokio::test]
async fn text_must_be_utf8() {
    let (_server, client) =
        serve(ResponseTemplate::new(200).set_body_bytes(vec![b'o', b'k', 0xff, 0xfe])).await;
    let error = get(&client).await.text::<()>().expect_err("not UTF-8");
    assert!(matches!(error, Error::Decode(_)), "{error:?}");
    let (_server, client) = serve(ResponseTemplate::new(200).set_body_string("héllo")).await;
    assert_eq!(
        get(&client).await.text::<()>().expect("UTF-8").into_inner(),
        "héllo"
    );
    let (_server, client) = serve(ResponseTemplate::new(200).set_body_bytes(vec![0xff])).await;
    assert_eq!(
        get(&client).await.bytes::<()>().expect("raw").as_ref(),
        [0xff]
    );
}

#[tokio::test]
async fn a_ten_megabyte_body_decodes() {
    let big = "x".repeat(10 * 1024 * 1024);
    let (_server, client) =
        serve(ResponseTemplate::new(200).set_body_json(json!({"id": 1, "name": big}))).await;
    let item = get(&client)
        .await
        .json::<Item, ()>()
        .expect("decodes")
        .into_inner();
    assert_eq!(item.name.len(), 10 * 1024 * 1024);
}

#[tokio::test]
async fn a_body_over_the_limit_is_too_large() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_string("y".repeat(2048)))
        .mount(&server)
        .await;
    let client = builder(&server, CredentialSet::new())
        .max_response_bytes(1024)
        .build()
        .expect("valid");
    let error = client
        .0
        .request(&GET_ITEM)
        .path("/items/1")
        .send::<()>()
        .await
        .expect_err("too large");
    let Error::Transport(transport) = &error else {
        panic!("unexpected {error:?}")
    };
    assert_eq!(transport.kind(), TransportErrorKind::TooLarge);
    // A body over the limit is not retried.
    assert_eq!(transport.attempts(), 1);
}

#[tokio::test]
async fn a_chunked_body_over_the_limit_is_too_large() {
    // Without Content-Length, the limit is enforced while reading.
    const CHUNKED: &[u8] =
        b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n\
        40\r\n0123456789012345678901234567890123456789012345678901234567890123\r\n\
        40\r\n0123456789012345678901234567890123456789012345678901234567890123\r\n\
        0\r\n\r\n";
    let (base, _head) = raw_server(CHUNKED).await;
    let client: TestClient = clientgen_runtime::ClientBuilder::new(
        crate::support::Env::Production,
        &[],
        CredentialSet::new(),
    )
    .base_url(base)
    .max_response_bytes(100)
    .build()
    .expect("valid");
    let error = client
        .0
        .request(&GET_ITEM)
        .path("/items/1")
        .send::<()>()
        .await
        .expect_err("too large");
    let Error::Transport(transport) = &error else {
        panic!("unexpected {error:?}")
    };
    assert_eq!(transport.kind(), TransportErrorKind::TooLarge);
}

#[tokio::test]
async fn an_undocumented_status_keeps_status_headers_and_body() {
    let template = ResponseTemplate::new(418)
        .insert_header("x-trace", "t-1")
        .set_body_string(format!("teapot {MARKER}"));
    let (_server, client) = serve(template).await;
    let error = get(&client).await.unexpected::<()>();
    let Error::UnexpectedStatus(raw) = &error else {
        panic!("unexpected {error:?}")
    };
    assert_eq!(raw.status(), 418);
    assert_eq!(
        raw.headers()
            .get("x-trace")
            .and_then(|value| value.to_str().ok()),
        Some("t-1")
    );
    assert_eq!(raw.body().as_ref(), format!("teapot {MARKER}").as_bytes());
    assert_eq!(raw.operation(), "getItem");
    assert_eq!(
        error.raw_body().map(|body| body.len()),
        Some(6 + 1 + MARKER.len())
    );
    let display = error.to_string();
    assert!(
        display.contains("getItem")
            && display.contains("GET /items/{id}")
            && display.contains("418"),
        "{display}"
    );
    assert!(format!("{error:?}").contains("bytes>"), "{error:?}");
    assert_no_marker(&error);
}

#[derive(serde::Deserialize, Debug)]
struct NotFound {
    message: String,
}

/// The typed error of the operation, as the generator would emit it.
#[derive(Debug)]
enum GetItemError {
    NotFound(NotFound),
    Gone(String),
    Conflict,
}

#[tokio::test]
async fn documented_errors_decode_into_the_typed_error() {
    let (_server, client) =
        serve(ResponseTemplate::new(404).set_body_json(json!({"message": MARKER}))).await;
    let error = get(&client).await.error_json(GetItemError::NotFound);
    match &error {
        Error::Api(api) => {
            assert_eq!(api.status(), 404);
            assert!(matches!(api.error(), GetItemError::NotFound(body) if body.message == MARKER));
            assert!(api.raw_body().len() > MARKER.len());
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_no_marker(&error);

    let (_server, client) = serve(ResponseTemplate::new(410).set_body_string(MARKER)).await;
    let error = get(&client).await.error_text(GetItemError::Gone);
    assert!(
        matches!(&error, Error::Api(api) if matches!(api.error(), GetItemError::Gone(text) if text == MARKER))
    );
    assert_no_marker(&error);

    let (_server, client) = serve(ResponseTemplate::new(409).set_body_string(MARKER)).await;
    let error = get(&client).await.error_empty(GetItemError::Conflict);
    assert!(matches!(&error, Error::Api(api) if matches!(api.error(), GetItemError::Conflict)));
    assert_no_marker(&error);

    let body = json!({"error": {"message": MARKER}});
    let (_server, client) = serve(ResponseTemplate::new(404).set_body_json(body)).await;
    let error = get(&client)
        .await
        .error_json_envelope("error", GetItemError::NotFound);
    assert!(
        matches!(&error, Error::Api(api) if matches!(api.error(), GetItemError::NotFound(body) if body.message == MARKER))
    );

    let (_server, client) =
        serve(ResponseTemplate::new(404).set_body_string(format!("oops {MARKER}"))).await;
    let error = get(&client).await.error_json(GetItemError::NotFound);
    assert!(matches!(error, Error::Decode(_)), "{error:?}");
    assert_no_marker(&error);
}

#[tokio::test]
async fn empty_accepts_any_body() {
    let (_server, client) = serve(ResponseTemplate::new(204)).await;
    let value = get(&client).await.empty::<()>().expect("no body needed");
    assert_eq!(value.status(), 204);
}
