//! Fuzz target: path, query, header and body encoding round-trip through a real request.
//!
//! Arbitrary strings and JSON values go into path parameters, query parameters of every array
//! and object style, headers, and a form or multipart body; the request is sent to a loopback
//! server that echoes its bytes. The property: a request the runtime refuses is one with a
//! value it documents as unsendable (an empty, `.` or `..` path parameter, a header that cannot
//! be sent, a control character in a part's media type, a URL longer than hyper sends); every
//! other request is sent, and what arrived decodes back to exactly the values given, each
//! inside its own component (a path segment, a query pair, a header, a form pair or a
//! multipart part).
#![no_main]

use clientgen_fuzz::expect::{self, ExpectedPart, Pair};
use clientgen_fuzz::json::JsonObject;
use clientgen_fuzz::names::HEADERS;
use clientgen_fuzz::roundtrip::{add_query, multipart, setup, Body, Input, OPERATION};
use clientgen_fuzz::wire::{self, Request};
use clientgen_runtime::{Error, RequestError};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: Input| {
    let (runtime, client) = setup();
    let mut request = client.0.request(&OPERATION).path("/p");
    let mut refused = false;
    for value in input.path.iter().take(4) {
        refused |= matches!(value.as_str(), "" | "." | "..");
        request = request.path("/").path_param("a", value.as_str());
    }
    let mut pairs = Vec::new();
    for query in &input.query {
        request = add_query(request, query, &mut pairs);
    }
    let mut headers = std::collections::BTreeMap::new();
    for (index, value) in &input.headers {
        let name = HEADERS[usize::from(*index) % HEADERS.len()];
        let sendable = reqwest_header_ok(name, value);
        refused |= !sendable;
        headers.insert(name, value.clone());
        request = request.header(name, value.as_str());
    }
    let mut body_pairs = None;
    let mut parts = None;
    match &input.body {
        Body::None => {}
        Body::Form(JsonObject(members), deep_mask) => {
            let deep: Vec<&str> = members
                .keys()
                .zip(deep_mask)
                .filter(|(_, deep)| **deep)
                .map(|(key, _)| key.as_str())
                .collect();
            let (deep_members, plain): (serde_json::Map<_, _>, serde_json::Map<_, _>) =
                members.clone().into_iter().partition(|(key, value)| {
                    deep.contains(&key.as_str()) && (value.is_object() || value.is_array())
                });
            let mut expected = expect::form_members(&plain);
            for (key, value) in &deep_members {
                expect::deep(key, &mut Vec::new(), value, &mut expected);
            }
            body_pairs = Some(expected);
            request = request.form_with_deep_objects(members, &deep);
        }
        Body::Multipart(inputs) => {
            let (form, expected, bad_media_type) = multipart(inputs);
            refused |= bad_media_type;
            parts = Some(expected);
            request = request.multipart(&form);
        }
    }
    let outcome = runtime.block_on(request.send::<()>());
    let response = match (outcome, refused) {
        (Err(Error::InvalidRequest(_)), true) => return,
        (Err(Error::InvalidRequest(RequestError::InvalidUrl { message })), false)
            if message.contains("cannot be sent") =>
        {
            let path: Vec<&String> = input.path.iter().take(4).collect();
            let most = expect::url_bytes_at_most(&path, &pairs);
            assert!(
                most > 65_534,
                "a URL of at most {most} bytes was refused: {message}"
            );
            return;
        }
        (Ok(_), true) => panic!("a request with an unsendable value was sent"),
        (Err(error), _) => panic!("a sendable request failed: {error}"),
        (Ok(response), false) => response,
    };
    let echoed = response
        .bytes::<()>()
        .expect("bytes always decode")
        .into_inner();
    let sent = Request::parse(&echoed).expect("the echo is a request");
    check(
        &sent,
        &input,
        &pairs,
        &headers,
        body_pairs.as_deref(),
        parts.as_deref(),
    );
});

/// Whether `reqwest` accepts the header name and value (the runtime must refuse the rest).
fn reqwest_header_ok(name: &str, value: &str) -> bool {
    use clientgen_runtime::reqwest::header::{HeaderName, HeaderValue};
    HeaderName::from_bytes(name.as_bytes()).is_ok() && HeaderValue::from_str(value).is_ok()
}

/// Compares what arrived with what was given.
fn check(
    sent: &Request,
    input: &Input,
    pairs: &[Pair],
    headers: &std::collections::BTreeMap<&str, String>,
    body_pairs: Option<&[Pair]>,
    parts: Option<&[ExpectedPart]>,
) {
    let target = &sent.target;
    assert!(!target.contains('#'), "a fragment in {target:?}");
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (target.as_str(), None),
    };
    let segments: Vec<String> = path
        .strip_prefix("/p")
        .unwrap_or_else(|| panic!("the path {path:?} lost its literal"))
        .split('/')
        .skip(1)
        .map(|raw| wire::decode(raw).unwrap_or_else(|e| panic!("{e}")))
        .collect();
    let given: Vec<&String> = input.path.iter().take(4).collect();
    assert_eq!(
        segments.iter().collect::<Vec<_>>(),
        given,
        "path segments of {target:?}"
    );
    assert_eq!(
        query.is_some(),
        !pairs.is_empty(),
        "a query in {target:?} when {pairs:?} expected"
    );
    expect::check_pairs(query.unwrap_or(""), pairs).unwrap_or_else(|e| panic!("query: {e}"));
    for (name, value) in headers {
        assert_eq!(sent.header(name), Some(value.as_bytes()), "header {name}");
    }
    if let Some(expected) = body_pairs {
        let body = std::str::from_utf8(&sent.body).expect("a form body is ASCII");
        expect::check_pairs(body, expected).unwrap_or_else(|e| panic!("form body: {e}"));
    }
    if let Some(expected) = parts {
        let content_type = String::from_utf8_lossy(sent.header("content-type").unwrap_or_default());
        let actual =
            wire::multipart(&content_type, &sent.body).unwrap_or_else(|e| panic!("multipart: {e}"));
        expect::check_parts(&actual, expected).unwrap_or_else(|e| panic!("multipart: {e}"));
    }
}
