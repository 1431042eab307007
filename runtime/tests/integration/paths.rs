//! Paths, queries and headers: values are encoded so they cannot change the request's shape.

use clientgen_runtime::{
    ArrayStyle, ClientBuilder, CredentialSet, Error, ObjectStyle, RequestError, RetryPolicy,
};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{
    anonymous, builder, header, only_target, raw_server, received, Env, TestClient, GET_ITEM,
};

async fn ok_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn path_parameters_cannot_change_the_path() {
    let cases = [
        ("../admin", "/items/..%2Fadmin"),
        ("a/b?c", "/items/a%2Fb%3Fc"),
        ("%2e%2e", "/items/%252e%252e"),
        ("x#y", "/items/x%23y"),
        ("a b+c", "/items/a%20b%2Bc"),
        ("...", "/items/..."),
        ("José", "/items/Jos%C3%A9"),
    ];
    for (value, expected) in cases {
        let server = ok_server().await;
        let client = anonymous(&server);
        let response = client
            .0
            .request(&GET_ITEM)
            .path("/items/")
            .path_param("id", value)
            .send::<()>()
            .await;
        assert_eq!(response.expect("sent").status(), 200, "value {value:?}");
        assert_eq!(only_target(&server).await, expected, "value {value:?}");
    }
}

#[tokio::test]
async fn dot_segments_and_empty_values_are_refused_without_sending() {
    let server = ok_server().await;
    let client = anonymous(&server);
    for value in ["", ".", ".."] {
        let error = client
            .0
            .request(&GET_ITEM)
            .path("/items/")
            .path_param("id", value)
            .path("/admin")
            .send::<()>()
            .await
            .expect_err("refused");
        assert!(
            matches!(
                error,
                Error::InvalidRequest(RequestError::InvalidPathParameter { name: "id", .. })
            ),
            "value {value:?}: {error:?}"
        );
    }
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn the_server_sees_exactly_the_encoded_path() {
    let (base, head) = raw_server(b"HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n").await;
    let client: TestClient = ClientBuilder::new(Env::Production, &[], CredentialSet::new())
        .base_url(base)
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("valid");
    let response = client
        .0
        .request(&GET_ITEM)
        .path("/a/")
        .path_param("id", "../admin")
        .path("/")
        .send::<()>()
        .await;
    assert_eq!(response.expect("sent").status(), 204);
    let head = head.await.expect("server task");
    assert!(
        head.starts_with("GET /a/..%2Fadmin/ HTTP/1.1\r\n"),
        "{head}"
    );
}

#[tokio::test]
async fn trailing_slashes_and_suffixes_are_kept() {
    let server = ok_server().await;
    let client = anonymous(&server);
    client
        .0
        .request(&GET_ITEM)
        .path("/visits/")
        .path_param("id", &7)
        .path(".json")
        .send::<()>()
        .await
        .expect("sent");
    client
        .0
        .request(&GET_ITEM)
        .path("/items/")
        .send::<()>()
        .await
        .expect("sent");
    let prefixed = builder(&server, CredentialSet::new())
        .base_url(format!("{}/api/v1/", server.uri()))
        .build()
        .expect("valid");
    prefixed
        .0
        .request(&GET_ITEM)
        .path("/items/")
        .send::<()>()
        .await
        .expect("sent");
    let paths: Vec<String> = received(&server)
        .await
        .iter()
        .map(|request| request.url.path().to_owned())
        .collect();
    assert_eq!(paths, ["/visits/7.json", "/items/", "/api/v1/items/"]);
}

#[derive(serde::Serialize)]
struct Page {
    limit: u32,
    offset: u32,
    cursor: Option<String>,
}

#[tokio::test]
async fn query_styles_are_encoded_as_specified() {
    let server = ok_server().await;
    let client = anonymous(&server);
    client
        .0
        .request(&GET_ITEM)
        .path("/items")
        .query("q", "a b&c=d")
        .query("flag", &true)
        .query("off", &false)
        .query_array("ids", &[1, 2], ArrayStyle::FormExploded)
        .query_array("csv", &["x", "y,z"], ArrayStyle::FormComma)
        .query_array("space", &[1, 2], ArrayStyle::SpaceDelimited)
        .query_array("pipe", &[1, 2], ArrayStyle::PipeDelimited)
        .query_array("flags", &[true, false], ArrayStyle::Simple)
        .query_array::<u8>("none", &[], ArrayStyle::FormExploded)
        .query_object(
            "filter",
            &json!({"a": 1, "b": "x y"}),
            ObjectStyle::DeepObject,
        )
        .query_object("color", &json!({"G": 2, "R": 1}), ObjectStyle::FormComma)
        .query_object(
            "page",
            &Page {
                limit: 10,
                offset: 0,
                cursor: None,
            },
            ObjectStyle::FormExploded,
        )
        .send::<()>()
        .await
        .expect("sent");
    assert_eq!(
        only_target(&server).await,
        "/items?q=a%20b%26c%3Dd&flag=true&off=false&ids=1&ids=2&csv=x,y%2Cz&space=1%202&pipe=1|2\
         &flags=true,false&filter[a]=1&filter[b]=x%20y&color=G,2,R,1&limit=10&offset=0"
    );
}

#[tokio::test]
async fn header_parameters_and_accept_are_sent() {
    let server = ok_server().await;
    let client = anonymous(&server);
    let id = uuid::Uuid::from_u128(0x1234);
    client
        .0
        .request(&GET_ITEM)
        .path("/items")
        .header("X-Request-Id", &id)
        .header_array("X-Tags", &["a", "b"])
        .accept("application/json")
        .send::<()>()
        .await
        .expect("sent");
    let requests = received(&server).await;
    assert_eq!(
        header(&requests[0], "x-request-id"),
        Some("00000000-0000-0000-0000-000000001234")
    );
    assert_eq!(header(&requests[0], "x-tags"), Some("a,b"));
    assert_eq!(header(&requests[0], "accept"), Some("application/json"));
}

#[tokio::test]
async fn invalid_headers_and_queries_fail_without_sending() {
    let server = ok_server().await;
    let client = anonymous(&server);
    let error = client
        .0
        .request(&GET_ITEM)
        .path("/items")
        .header("X-Patient", "Jane\r\nX-Injected: 1")
        .send::<()>()
        .await
        .expect_err("newline in header");
    assert!(matches!(
        error,
        Error::InvalidRequest(RequestError::InvalidHeaderValue { name: "X-Patient" })
    ));
    assert!(!error.to_string().contains("Jane"), "{error}");

    let error = client
        .0
        .request(&GET_ITEM)
        .path("/items")
        // A map with non-string keys has no JSON form, so the value cannot be written.
        .query_object(
            "filter",
            &std::collections::BTreeMap::from([((1u8, 2u8), 3u8)]),
            ObjectStyle::DeepObject,
        )
        .send::<()>()
        .await
        .expect_err("no JSON form");
    assert!(
        matches!(error, Error::InvalidRequest(RequestError::Serialize { .. })),
        "{error:?}"
    );
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn a_url_too_long_to_send_is_refused_without_sending() {
    let server = ok_server().await;
    let client = anonymous(&server);
    // Every `é` becomes six bytes (`%C3%A9`): 11,000 of them make a URL past 65,534 bytes.
    let value = "é".repeat(11_000);
    let error = client
        .0
        .request(&GET_ITEM)
        .path("/items")
        .query("q", value.as_str())
        .send::<()>()
        .await
        .expect_err("too long for hyper");
    assert!(
        matches!(&error, Error::InvalidRequest(RequestError::InvalidUrl { message }) if message.contains("cannot be sent")),
        "{error:?}"
    );
    assert!(!error.to_string().contains("%C3%A9"), "{error}");
    assert!(received(&server).await.is_empty());

    // Just under the limit, the request is sent whole.
    let value = "é".repeat(10_000);
    let response = client
        .0
        .request(&GET_ITEM)
        .path("/items")
        .query("q", value.as_str())
        .send::<()>()
        .await
        .expect("sent");
    assert_eq!(response.status(), 200);
    assert_eq!(
        received(&server).await[0].url.query().map(str::len),
        Some(60_002)
    );
}

#[tokio::test]
async fn object_and_json_query_parameters_take_every_shape_their_union_allows() {
    let server = ok_server().await;
    let client = anonymous(&server);
    client
        .0
        .request(&GET_ITEM)
        .path("/items")
        // Stripe's `created`: a range object, or a plain time.
        .query_object("created", &json!({"gt": 1}), ObjectStyle::DeepObject)
        .query_object("since", &json!(5), ObjectStyle::DeepObject)
        .query_json("filter", &json!({"a": [1]}))
        .header_json("X-Filter", &json!({"b": true}))
        .send::<()>()
        .await
        .expect("sent");
    assert_eq!(
        only_target(&server).await,
        "/items?created[gt]=1&since=5&filter=%7B%22a%22%3A%5B1%5D%7D"
    );
    let requests = received(&server).await;
    assert_eq!(header(&requests[0], "x-filter"), Some(r#"{"b":true}"#));
}
