//! The `tracing` feature: one span per call with method, path template, status and latency only.

use std::fmt;
use std::sync::{Arc, Mutex};

use clientgen_runtime::CredentialSet;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{client, GET_ITEM};

/// Field names with the recorded values as text.
type Fields = Vec<(String, String)>;

/// One span as the subscriber saw it.
#[derive(Debug, Default, Clone)]
struct Seen {
    name: String,
    declared: Vec<String>,
    values: Fields,
}

/// A subscriber that keeps every span and event it is shown.
#[derive(Default, Clone)]
struct Capture {
    spans: Arc<Mutex<Vec<Seen>>>,
    events: Arc<Mutex<Vec<Fields>>>,
}

/// Collects recorded field values as text.
struct Values<'a>(&'a mut Fields);

impl Visit for Values<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.push((field.name().to_owned(), format!("{value:?}")));
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let mut seen = Seen {
            name: attributes.metadata().name().to_owned(),
            declared: attributes
                .metadata()
                .fields()
                .iter()
                .map(|field| field.name().to_owned())
                .collect(),
            values: Vec::new(),
        };
        attributes.record(&mut Values(&mut seen.values));
        let mut spans = self.spans.lock().expect("not poisoned");
        spans.push(seen);
        Id::from_u64(spans.len() as u64)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut spans = self.spans.lock().expect("not poisoned");
        if let Some(seen) = spans.get_mut(span.into_u64() as usize - 1) {
            values.record(&mut Values(&mut seen.values));
        }
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut values = Vec::new();
        event.record(&mut Values(&mut values));
        self.events.lock().expect("not poisoned").push(values);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

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
