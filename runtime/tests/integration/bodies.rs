//! Request bodies arrive exactly as expected: JSON, form, multipart, text and bytes.

use clientgen_runtime::multipart::{Form, ToMultipart};
use clientgen_runtime::{Binary, Error, RequestError};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{anonymous, header, received, CREATE_ITEM};

async fn ok_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(201))
        .mount(&server)
        .await;
    server
}

/// Fields are in alphabetical order so the expectations hold with and without serde_json's
/// `preserve_order` feature.
#[derive(serde::Serialize)]
struct Patient {
    address: Address,
    age: u8,
    allergies: Vec<String>,
    name: String,
    note: Option<String>,
    verified: bool,
}

#[derive(serde::Serialize)]
struct Address {
    city: String,
}

fn patient() -> Patient {
    Patient {
        address: Address {
            city: "Oslo".into(),
        },
        age: 42,
        allergies: vec!["nuts".into(), "pollen & dust".into()],
        name: "Ann Lee".into(),
        note: None,
        verified: true,
    }
}

#[tokio::test]
async fn json_bodies_arrive_with_their_media_type() {
    let server = ok_server().await;
    anonymous(&server)
        .0
        .request(&CREATE_ITEM)
        .path("/items")
        .json("application/vnd.api+json", &patient())
        .send::<()>()
        .await
        .expect("sent");
    let requests = received(&server).await;
    assert_eq!(
        header(&requests[0], "content-type"),
        Some("application/vnd.api+json")
    );
    assert_eq!(
        String::from_utf8_lossy(&requests[0].body),
        r#"{"address":{"city":"Oslo"},"age":42,"allergies":["nuts","pollen & dust"],"name":"Ann Lee","note":null,"verified":true}"#
    );
}

#[tokio::test]
async fn form_bodies_are_urlencoded() {
    let server = ok_server().await;
    anonymous(&server)
        .0
        .request(&CREATE_ITEM)
        .path("/items")
        .form(&patient())
        .send::<()>()
        .await
        .expect("sent");
    let requests = received(&server).await;
    assert_eq!(
        header(&requests[0], "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        String::from_utf8_lossy(&requests[0].body),
        "address=%7B%22city%22%3A%22Oslo%22%7D&age=42&allergies=nuts&allergies=pollen%20%26%20dust\
         &name=Ann%20Lee&verified=true"
    );
}

#[tokio::test]
async fn a_form_body_must_be_an_object() {
    let server = ok_server().await;
    let error = anonymous(&server)
        .0
        .request(&CREATE_ITEM)
        .path("/items")
        .form(&[1, 2])
        .send::<()>()
        .await
        .expect_err("an array is no form");
    assert!(matches!(
        error,
        Error::InvalidRequest(RequestError::Serialize {
            what: "form body",
            ..
        })
    ));
    assert!(received(&server).await.is_empty());
}

/// A generated multipart body with a file, a typed field and free-form extra fields.
struct Upload {
    document: Binary,
    title: String,
    extra: serde_json::Map<String, serde_json::Value>,
}

impl ToMultipart for Upload {
    fn to_multipart(&self) -> Result<Form, RequestError> {
        let mut form = Form::new();
        form.file("document", &self.document);
        form.text("title", &self.title);
        form.json("meta", &json!({"pages": 2}))?;
        for (name, value) in &self.extra {
            form.value(name, value);
        }
        Ok(form)
    }
}

#[tokio::test]
async fn multipart_bodies_carry_files_and_free_form_fields() {
    let server = ok_server().await;
    let mut extra = serde_json::Map::new();
    extra.insert("codes".into(), json!(["A1", 7]));
    extra.insert("urgent".into(), json!(true));
    extra.insert("skipped".into(), json!(null));
    let upload = Upload {
        document: Binary::new(&b"%PDF-1.7\r\n\x00\xff"[..])
            .filename("scan \"1\".pdf")
            .content_type("application/pdf"),
        title: "Lab results".into(),
        extra,
    };
    anonymous(&server)
        .0
        .request(&CREATE_ITEM)
        .path("/items")
        .multipart(&upload)
        .send::<()>()
        .await
        .expect("sent");

    let requests = received(&server).await;
    let content_type = header(&requests[0], "content-type").expect("content type");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("multipart");
    let mut expected = Vec::new();
    let mut part = |head: &str, data: &[u8]| {
        expected.extend_from_slice(format!("--{boundary}\r\n{head}\r\n\r\n").as_bytes());
        expected.extend_from_slice(data);
        expected.extend_from_slice(b"\r\n");
    };
    part(
        "Content-Disposition: form-data; name=\"document\"; filename=\"scan %221%22.pdf\"\r\nContent-Type: application/pdf",
        b"%PDF-1.7\r\n\x00\xff",
    );
    part(
        "Content-Disposition: form-data; name=\"title\"",
        b"Lab results",
    );
    part(
        "Content-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json",
        br#"{"pages":2}"#,
    );
    // `skipped` is null and adds nothing, so the order is the same whether the map keeps
    // insertion order (serde_json's `preserve_order`) or sorts its keys.
    part("Content-Disposition: form-data; name=\"codes\"", b"A1");
    part("Content-Disposition: form-data; name=\"codes\"", b"7");
    part("Content-Disposition: form-data; name=\"urgent\"", b"true");
    expected.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let body = &requests[0].body;
    assert_eq!(
        String::from_utf8_lossy(body),
        String::from_utf8_lossy(&expected)
    );
    assert_eq!(body, &expected);
}

#[tokio::test]
async fn text_and_byte_bodies_are_sent_verbatim() {
    let server = ok_server().await;
    let client = anonymous(&server);
    client
        .0
        .request(&CREATE_ITEM)
        .path("/notes")
        .text("text/plain; charset=utf-8", "héllo\n")
        .send::<()>()
        .await
        .expect("sent");
    client
        .0
        .request(&CREATE_ITEM)
        .path("/blobs")
        .bytes("application/octet-stream", vec![0u8, 159, 146, 150])
        .send::<()>()
        .await
        .expect("sent");
    let requests = received(&server).await;
    assert_eq!(
        header(&requests[0], "content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(requests[0].body, "héllo\n".as_bytes());
    assert_eq!(
        header(&requests[1], "content-type"),
        Some("application/octet-stream")
    );
    assert_eq!(requests[1].body, [0u8, 159, 146, 150]);
}

#[tokio::test]
async fn form_properties_with_deep_object_encoding_use_brackets() {
    let server = ok_server().await;
    anonymous(&server)
        .0
        .request(&CREATE_ITEM)
        .path("/items")
        .form_with_deep_objects(
            &json!({"amount": 5, "metadata": {"order_id": "6735", "tags": ["a", "b"]}, "shipping": {"city": "Oslo"}}),
            &["metadata"],
        )
        .send::<()>()
        .await
        .expect("sent");
    let requests = received(&server).await;
    assert_eq!(
        String::from_utf8_lossy(&requests[0].body),
        "amount=5&shipping=%7B%22city%22%3A%22Oslo%22%7D&metadata[order_id]=6735\
         &metadata[tags][0]=a&metadata[tags][1]=b",
        "only the property declared deepObject uses brackets; the other stays JSON text"
    );
}
