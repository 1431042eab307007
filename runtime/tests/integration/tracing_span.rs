//! The `tracing` feature: one span per call with method, path template, status and latency only.

use clientgen_runtime::CredentialSet;
use clientgen_testkit::capture::{Capture, Seen};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{client, GET_ITEM};

#[tokio::test]
async fn one_span_with_only_method_path_template_status_and_latency() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_string("PATIENT-BODY"))
        .mount(&server)
        .await;
    let mut credentials = CredentialSet::new();
    credentials
        .insert_query("QueryKey", "api_key", "QUERY-SECRET")
        .expect("valid");
    let client = client(&server, credentials);

    let capture = Capture::default();
    let dispatch = tracing::Dispatch::new(capture.clone());
    let guard = tracing::dispatcher::set_default(&dispatch);
    client
        .0
        .request(&GET_ITEM)
        .path("/items/")
        .path_param("id", "PATIENT-ID")
        .query("name", "PATIENT-NAME")
        .header("X-Patient", "PATIENT-HEADER")
        .send::<()>()
        .await
        .expect("sent");
    drop(guard);

    let spans = capture.spans.lock().expect("not poisoned").clone();
    let ours: Vec<&Seen> = spans
        .iter()
        .filter(|seen| seen.name == "clientgen.request")
        .collect();
    assert_eq!(ours.len(), 1, "{spans:?}");
    let span = ours[0];
    assert_eq!(
        span.declared,
        ["method", "path_template", "status", "latency_ms"]
    );
    let value = |name: &str| {
        span.values
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, value)| value.as_str())
    };
    assert_eq!(value("method"), Some("GET"));
    assert_eq!(value("path_template"), Some("\"/items/{id}\""));
    assert_eq!(value("status"), Some("200"));
    assert!(value("latency_ms").is_some(), "{span:?}");

    // The span carries no URL, not even the host.
    assert!(!format!("{span:?}").contains("127.0.0.1"), "{span:?}");
    // hyper-util emits trace events naming the host and port it connects to; nothing anywhere
    // may name the path, query, headers, body or credentials.
    let everything = format!(
        "{spans:?} {:?}",
        capture.events.lock().expect("not poisoned")
    );
    for secret in [
        "PATIENT-ID",
        "PATIENT-NAME",
        "PATIENT-HEADER",
        "PATIENT-BODY",
        "QUERY-SECRET",
    ] {
        assert!(
            !everything.contains(secret),
            "{secret} leaked into {everything}"
        );
    }
}
