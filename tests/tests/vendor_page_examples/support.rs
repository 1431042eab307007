//! Helpers shared by the vendor page tests: reading a page, locating an example by the text
//! around it (or, on the VSee page, by its heading), and serving an example verbatim from the
//! mock server.

use clientgen_runtime::serde::de;
use wiremock::MockServer;

use crate::common::{raw_json_response, respond};

/// Reads a vendor page.
pub(crate) fn page(name: &str) -> String {
    let path = clientgen_tests::vendor_docs_dir().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// Returns the position just after `anchor`, which must occur exactly once in `text`.
pub(crate) fn after(text: &str, anchor: &str) -> usize {
    assert_eq!(
        text.matches(anchor).count(),
        1,
        "the anchor {anchor:?} must occur exactly once"
    );
    text.find(anchor)
        .map(|at| at + anchor.len())
        .unwrap_or_default()
}

/// Returns the JSON value that starts at the first `{` at or after `from`, exactly as written.
pub(crate) fn json_at(text: &str, from: usize) -> (&str, usize) {
    let start = from
        + text[from..]
            .find('{')
            .unwrap_or_else(|| panic!("no JSON after byte {from}"));
    let mut values =
        serde_json::Deserializer::from_str(&text[start..]).into_iter::<de::IgnoredAny>();
    match values.next() {
        Some(Ok(_)) => {}
        other => panic!("no JSON value at byte {start}: {other:?}"),
    }
    let end = start + values.byte_offset();
    (&text[start..end], end)
}

/// Returns the JSON value that follows `anchor`.
pub(crate) fn json_after<'a>(text: &'a str, anchor: &str) -> &'a str {
    json_at(text, after(text, anchor)).0
}

/// Returns the section of the VSee page under `heading`, up to the next heading.
pub(crate) fn vsee_section<'a>(text: &'a str, heading: &str) -> &'a str {
    let start = after(text, &format!("\n{heading}\n"));
    let end = [
        text[start..].find("\nGET /"),
        text[start..].find("\nPOST /"),
    ]
    .into_iter()
    .flatten()
    .min()
    .map_or(text.len(), |offset| start + offset);
    &text[start..end]
}

/// Returns the response example of a VSee section as written, valid JSON or not: from the first
/// `{ "data"` to the last `}` of the section.
pub(crate) fn vsee_example<'a>(text: &'a str, heading: &str) -> Option<&'a str> {
    let section = vsee_section(text, heading);
    let start = section.find("{ \"data\"")?;
    let end = section.rfind('}')? + 1;
    Some(&section[start..end])
}

/// Serves an example verbatim with `status`.
pub(crate) async fn serve(server: &MockServer, status: u16, example: &str) {
    respond(
        server,
        raw_json_response(status, example.as_bytes().to_vec()),
    )
    .await;
}
