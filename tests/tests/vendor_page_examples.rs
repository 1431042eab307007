//! The examples on the vendors' own pages (`specs/vendor-docs/*.txt`) decode with the
//! generated clients. Each example is read verbatim at test time, located by the text around it,
//! served as-is from a mock server on 127.0.0.1, and decoded by calling the operation, so the
//! client's real decoding path (envelopes, duplicated keys, error variants) is exercised.
//! Examples that are not JSON are listed with the reason, checked to be invalid as they stand,
//! and checked to become valid with the minimal repair the spec records.

mod common;

use std::collections::HashSet;
use std::fmt;

use clientgen_runtime::serde::de::{
    self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor,
};
use clientgen_runtime::uuid::Uuid;
use clientgen_runtime::Timestamp;
use common::{api_error, carecycle, carevalidate, raw_json_response, respond, vectorcare, vsee};
use serde_json::{json, Value};
use wiremock::MockServer;

/// Reads a vendor page.
fn page(name: &str) -> String {
    let path = clientgen_tests::vendor_docs_dir().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// Returns the position just after `anchor`, which must occur exactly once in `text`.
fn after(text: &str, anchor: &str) -> usize {
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
fn json_at(text: &str, from: usize) -> (&str, usize) {
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
fn json_after<'a>(text: &'a str, anchor: &str) -> &'a str {
    json_at(text, after(text, anchor)).0
}

/// Returns the section of the VSee page under `heading`, up to the next heading.
fn vsee_section<'a>(text: &'a str, heading: &str) -> &'a str {
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
fn vsee_example<'a>(text: &'a str, heading: &str) -> Option<&'a str> {
    let section = vsee_section(text, heading);
    let start = section.find("{ \"data\"")?;
    let end = section.rfind('}')? + 1;
    Some(&section[start..end])
}

/// The keys that occur more than once in one object of a JSON document.
struct DuplicateKeys(Vec<String>);

impl<'de> Deserialize<'de> for DuplicateKeys {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DuplicateKeysVisitor)
    }
}

/// Walks any JSON value, collecting the duplicated keys of every object in it.
struct DuplicateKeysVisitor;

impl<'de> Visitor<'de> for DuplicateKeysVisitor {
    type Value = DuplicateKeys;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<DuplicateKeys, E> {
        Ok(DuplicateKeys(Vec::new()))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<DuplicateKeys, E> {
        Ok(DuplicateKeys(Vec::new()))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<DuplicateKeys, E> {
        Ok(DuplicateKeys(Vec::new()))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<DuplicateKeys, E> {
        Ok(DuplicateKeys(Vec::new()))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<DuplicateKeys, E> {
        Ok(DuplicateKeys(Vec::new()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<DuplicateKeys, E> {
        Ok(DuplicateKeys(Vec::new()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<DuplicateKeys, A::Error> {
        let mut found = Vec::new();
        while let Some(DuplicateKeys(inner)) = items.next_element()? {
            found.extend(inner);
        }
        Ok(DuplicateKeys(found))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut members: A) -> Result<DuplicateKeys, A::Error> {
        let mut seen = HashSet::new();
        let mut found = Vec::new();
        while let Some(key) = members.next_key::<String>()? {
            let DuplicateKeys(inner) = members.next_value()?;
            if !seen.insert(key.clone()) {
                found.push(key);
            }
            found.extend(inner);
        }
        Ok(DuplicateKeys(found))
    }
}

/// Returns the duplicated keys of a valid JSON text, sorted, or the parse error.
fn duplicate_keys(text: &str) -> Result<Vec<String>, serde_json::Error> {
    serde_json::from_str::<DuplicateKeys>(text).map(|DuplicateKeys(mut keys)| {
        keys.sort();
        keys
    })
}

/// Asserts that an example is valid JSON with no duplicated key.
fn assert_clean_json(name: &str, text: &str) {
    match duplicate_keys(text) {
        Ok(keys) => assert!(keys.is_empty(), "{name}: duplicated keys {keys:?}"),
        Err(error) => panic!("{name} is not valid JSON: {error}"),
    }
}

/// Serves an example verbatim with `status`.
async fn serve(server: &MockServer, status: u16, example: &str) {
    respond(
        server,
        raw_json_response(status, example.as_bytes().to_vec()),
    )
    .await;
}

#[tokio::test]
async fn vectorcare_create_page_success_example_decodes() {
    let text = page("vectorcare-create-service-request.txt");
    // The success body follows the curl example, whose `-d` body ends with `}'`.
    let example = json_after(&text, "}'\n");
    assert_clean_json("create success", example);
    let server = MockServer::start().await;
    let client = vectorcare(&server);
    serve(&server, 201, example).await;
    let created = client
        .create_request("2JV3RG9K", &serde_json::Map::new())
        .await
        .expect("the example decodes");
    assert_eq!(created.request_id, "KP-ABCD1234");
    assert_eq!(
        created.service_request_web_url,
        "https://hub.vectorcare.com/service_request/o/X5318RVM/permalink/KP-ABCD1234/"
    );
    serve(&server, 201, example).await;
    let typed_body = serde_json::from_str(json_after(&text, "-d '"))
        .expect("the curl body is the example service's body");
    let created_typed = client
        .create_example_service_request(&typed_body)
        .await
        .expect("the example decodes");
    assert_eq!(created_typed.into_inner(), created.into_inner());
}

#[tokio::test]
async fn vectorcare_detail_page_examples_decode() {
    let text = page("vectorcare-request-detail.txt");
    let server = MockServer::start().await;
    let client = vectorcare(&server);
    let params = vectorcare_client::types::GetRequestDetailParams::default();

    let success = json_after(&text, "Section titled “Success (200 OK)”");
    assert_clean_json("detail 200", success);
    serve(&server, 200, success).await;
    let detail = client
        .get_request_detail("EE5A6YZL", &params)
        .await
        .expect("the example decodes")
        .into_inner();
    assert_eq!(detail.request_id, "EE5A6YZL");
    assert_eq!(detail.patient_last_name, "Graves");
    assert_eq!(detail.pickup_location.city.as_deref(), Some("Sausalito"));
    assert_eq!(detail.destination_location.lat, Some(37.80119));
    assert_eq!(detail.account.facilities, None);
    assert_eq!(
        detail.enabled_patient_fields.get("gender"),
        Some(&json!("m"))
    );
    assert_eq!(detail.user.first_name, "Nicole");

    let cases = [
        (
            "Section titled “Request Not Found (403 Forbidden)”",
            403,
            "members:permission_denied",
        ),
        (
            "Section titled “Unauthorized (401)”",
            401,
            "members:not_authenticated",
        ),
    ];
    for (anchor, status, code) in cases {
        let example = json_after(&text, anchor);
        assert_clean_json(anchor, example);
        serve(&server, status, example).await;
        let error = api_error(client.get_request_detail("EE5A6YZL", &params)).await;
        let body = match error.error() {
            vectorcare_client::types::GetRequestDetailError::Forbidden(body) if status == 403 => {
                body
            }
            vectorcare_client::types::GetRequestDetailError::Unauthorized(body)
                if status == 401 =>
            {
                body
            }
            other => panic!("{status} decoded into {other:?}"),
        };
        assert_eq!(body.code, code);
    }
}

#[tokio::test]
async fn carecycle_page_examples_decode_in_their_assumed_statuses() {
    use carecycle_client::types::{CreateCustomerProviderError as E, ProviderType};
    let text = page("carecycle-create-customer-provider.txt");
    // The eight response bodies follow the curl example, in the order the spec assigns statuses.
    let mut at = after(&text, "\"providerType\": \"Primary Care\"  }'");
    let mut examples = Vec::new();
    for _ in 0..8 {
        let (example, end) = json_at(&text, at);
        examples.push(example);
        at = end;
    }
    assert!(text[at..].trim().is_empty(), "exactly eight bodies");
    let statuses = [201, 400, 401, 403, 404, 422, 429, 500];

    let server = MockServer::start().await;
    let client = carecycle(&server);
    let id: Uuid = "497f6eca-6276-4993-bfeb-53cbbbba6f08"
        .parse()
        .expect("a UUID");
    let body = serde_json::from_str(json_after(&text, "-d '"))
        .expect("the curl body decodes into the request type");
    for (example, status) in examples.into_iter().zip(statuses) {
        assert_clean_json(&format!("careCycle {status}"), example);
        serve(&server, status, example).await;
        let outcome = client.create_customer_provider(id, &body).await;
        if status == 201 {
            let created = outcome.expect("the success example decodes");
            assert_eq!(created.provider_type, ProviderType::PrimaryCare);
            assert_eq!(
                created.customer_id.to_string(),
                "87d8e330-2878-4742-a86f-dbbb3bf522ac"
            );
            assert_eq!(created.notes.as_deref(), Some("string"));
            continue;
        }
        let Err(clientgen_runtime::Error::Api(error)) = outcome else {
            panic!("{status}: expected Error::Api, got {outcome:?}")
        };
        let decoded = match (status, error.error()) {
            (400, E::BadRequest(body))
            | (401, E::Unauthorized(body))
            | (403, E::Forbidden(body))
            | (404, E::NotFound(body))
            | (500, E::InternalServerError(body)) => body.code.clone(),
            (422, E::UnprocessableEntity(body)) => {
                assert_eq!(body.errors.len(), 1);
                assert_eq!(body.errors[0].path, ["string"]);
                assert_eq!(body.errors[0].received.as_deref(), Some("string"));
                body.code.as_str().to_owned()
            }
            (429, E::TooManyRequests(body)) => {
                assert_eq!(body.retry_after, 0);
                body.code.clone()
            }
            (_, other) => panic!("{status} decoded into {other:?}"),
        };
        let expected = if status == 422 {
            "VALIDATION_ERROR"
        } else {
            "string"
        };
        assert_eq!(decoded, expected, "{status}");
    }
}

#[tokio::test]
async fn carevalidate_page_examples_decode() {
    use carevalidate_client::types::PerformCaseActionError as E;
    let text = page("carevalidate-request-refill-url.txt");
    let headings = [
        ("▶200Success", 200, ""),
        ("▶400Invalid Action", 400, "Invalid action"),
        (
            "▶400Invalid Product Id",
            400,
            "Product id must be a valid UUID",
        ),
        (
            "▶404Case Not Found",
            404,
            "No Case found for provided details!",
        ),
        ("▶403Permission Denied", 403, "Permission denied!"),
    ];
    // Every response heading on the page is in the table (the last `▶` opens the playground).
    let responses = text
        .match_indices('▶')
        .filter(|(at, _)| text[at + '▶'.len_utf8()..].starts_with(|c: char| c.is_ascii_digit()))
        .count();
    assert_eq!(responses, headings.len());

    let server = MockServer::start().await;
    let client = carevalidate(&server);
    let case: Uuid = "497f6eca-6276-4993-bfeb-53cbbbba6f08"
        .parse()
        .expect("a UUID");
    let body = serde_json::from_str(json_after(&text, "--data-raw '"))
        .expect("the curl body decodes into the request type");
    for (heading, status, cause) in headings {
        let example = json_after(&text, heading);
        assert_clean_json(heading, example);
        serve(&server, status, example).await;
        let outcome = client.perform_case_action(case, &body).await;
        if status == 200 {
            let link = outcome.expect("the success example decodes");
            assert!(link.success);
            assert_eq!(link.form_link, "https://example.com/check-in-form-link");
            continue;
        }
        let Err(clientgen_runtime::Error::Api(error)) = outcome else {
            panic!("{heading}: expected Error::Api, got {outcome:?}")
        };
        let decoded = match (status, error.error()) {
            (400, E::BadRequest(body)) | (403, E::Forbidden(body)) | (404, E::NotFound(body)) => {
                body
            }
            (_, other) => panic!("{heading} decoded into {other:?}"),
        };
        assert_eq!(decoded.status, i64::from(status));
        assert!(!decoded.success);
        assert_eq!(decoded.message, "Invalid request");
        assert_eq!(decoded.error, cause);
    }
}

/// The VSee headings whose example is valid JSON as it stands.
const VSEE_VALID: [&str; 6] = [
    "POST /intakes",
    "POST /intakes/:id",
    "GET /intakes/:id",
    "POST /visits/close",
    "POST /visits/add_econsult",
    "POST /visits",
];

/// A VSee example that is not valid JSON as written.
struct InvalidExample {
    /// The heading of the operation on the page.
    heading: &'static str,
    /// Why the example is not JSON.
    reason: &'static str,
    /// The minimal repair the spec records (`x-example-repairs`), as text replacements that must
    /// each match exactly once.
    repairs: &'static [(&'static str, &'static str)],
}

/// The VSee examples that are not valid JSON, each with its reason and repair.
const VSEE_INVALID: [InvalidExample; 5] = [
    InvalidExample {
        heading: "POST /visits/add_walkin",
        reason: "a trailing comma after the `member` object",
        repairs: &[(
            "\"phone\": \"6506506500\" }, }",
            "\"phone\": \"6506506500\" } }",
        )],
    },
    InvalidExample {
        heading: "GET /availability",
        reason: "a stray `]` after the `data` array",
        repairs: &[("] ] }", "] }")],
    },
    InvalidExample {
        heading: "GET /visits",
        reason: "the visit is closed one brace early, leaving `postvisit` inside the array, \
                 which is never closed",
        repairs: &[
            (
                "\"subtype\": \"\" } }, \"postvisit\"",
                "\"subtype\": \"\" }, \"postvisit\"",
            ),
            ("\"npi\": \"\" } }", "\"npi\": \"\" } } ] }"),
        ],
    },
    InvalidExample {
        heading: "GET /visits/:id",
        reason: "the `]` closing `prescriptionsBeforeVisit` is missing (it also repeats the \
                 `postvisit` key)",
        repairs: &[(
            "M.D.\" }, \"prescriptions\"",
            "M.D.\" } ], \"prescriptions\"",
        )],
    },
    InvalidExample {
        heading: "POST /visits/:id?version=2",
        reason: "a `...` placeholder for the omitted fields",
        repairs: &[(", ... }", " }")],
    },
];

/// Returns the listed invalid example under `heading`, repaired.
fn repaired(text: &str, heading: &str) -> String {
    let listed = VSEE_INVALID
        .iter()
        .find(|listed| listed.heading == heading)
        .expect("a listed heading");
    repair(
        vsee_example(text, heading).expect("an example"),
        listed.repairs,
    )
}

/// Applies the listed repairs to an example.
fn repair(example: &str, repairs: &[(&str, &str)]) -> String {
    let mut text = example.to_owned();
    for (from, to) in repairs {
        assert_eq!(
            text.matches(from).count(),
            1,
            "repair {from:?} must match once"
        );
        text = text.replacen(from, to, 1);
    }
    text
}

#[test]
fn every_vsee_heading_is_listed_once() {
    let text = page("vsee-api-v3.txt");
    let mut listed: Vec<&str> = VSEE_VALID.to_vec();
    listed.extend(VSEE_INVALID.iter().map(|listed| listed.heading));
    listed.push("GET /visits/current");
    let mut on_page: Vec<&str> = text
        .lines()
        .filter(|line| line.starts_with("GET /") || line.starts_with("POST /"))
        .collect();
    on_page.sort_unstable();
    listed.sort_unstable();
    assert_eq!(listed, on_page);
    assert_eq!(text.matches("Code Block |").count(), 11, "eleven examples");
    assert_eq!(
        vsee_example(&text, "GET /visits/current"),
        None,
        "no example"
    );
}

#[test]
fn vsee_invalid_examples_are_invalid_for_the_listed_reason() {
    let text = page("vsee-api-v3.txt");
    for InvalidExample {
        heading,
        reason,
        repairs,
    } in VSEE_INVALID
    {
        let example = vsee_example(&text, heading).expect("an example");
        assert!(
            serde_json::from_str::<de::IgnoredAny>(example).is_err(),
            "{heading} is listed as invalid ({reason}) but parses"
        );
        let repaired = repair(example, repairs);
        let keys = duplicate_keys(&repaired).unwrap_or_else(|error| {
            panic!("{heading}: the repair for {reason} is not enough: {error}")
        });
        if heading == "GET /visits/:id" {
            assert_eq!(keys, ["attachments", "postvisit"]);
        } else {
            assert!(keys.is_empty(), "{heading}: duplicated keys {keys:?}");
        }
    }
}

#[tokio::test]
async fn vsee_valid_examples_decode() {
    use vsee_client::types::{
        AddEconsultRequest, CloseVisitRequest, IntakeAttachments, IntakeFields,
    };
    let text = page("vsee-api-v3.txt");
    let server = MockServer::start().await;
    let client = vsee(&server);
    let example = |heading: &str| {
        let example = vsee_example(&text, heading).expect("an example");
        assert_clean_json(heading, example);
        example.to_owned()
    };

    serve(&server, 200, &example("POST /intakes")).await;
    let intake = client
        .create_intake(&IntakeFields::default())
        .await
        .expect("create intake example");
    assert_eq!(intake.id, "56e8c536-566c-44b6-bbca-66f0ac1f0144");
    assert_eq!(
        intake.additional_properties.get("custom_symptoms_duration"),
        Some(&json!("2 weeks"))
    );

    serve(&server, 200, &example("POST /intakes/:id")).await;
    let intake = client
        .update_intake(
            "57a0705e-1c4c-4f24-b51d-3c71ac1f0144",
            &IntakeFields::default(),
        )
        .await
        .expect("update intake example");
    assert_eq!(intake.id, "56e8c536-566c-44b6-bbca-66f0ac1f0144");

    serve(&server, 200, &example("GET /intakes/:id")).await;
    let intake = client
        .get_intake("57a0705e-1c4c-4f24-b51d-3c71ac1f0144")
        .await
        .expect("get intake example");
    assert_eq!(intake.type_, Some(1));
    let Some(IntakeAttachments::Array(attachments)) = &intake.attachments else {
        panic!("attachments: {:?}", intake.attachments)
    };
    assert_eq!(attachments[0].size, Some(12859));
    assert_eq!(
        attachments[0]
            .created
            .map(|time| time.0.timestamp_subsec_micros()),
        Some(967_000)
    );

    serve(&server, 200, &example("POST /visits/close")).await;
    let closed = client
        .close_visit(&CloseVisitRequest { id: "14".into() })
        .await
        .expect("close example");
    assert_eq!(closed.id, "1525");

    serve(&server, 200, &example("POST /visits/add_econsult")).await;
    let section = vsee_section(&text, "POST /visits/add_econsult");
    let request: AddEconsultRequest = serde_json::from_str(json_after(section, "--data-raw '"))
        .expect("the curl body decodes into the request type");
    let visit = client
        .add_econsult_visit(&request)
        .await
        .expect("e-consult example");
    assert_eq!(visit.member_id, "14396847");
    assert_eq!(visit.provider_id, Some(Some("0".into())));
    assert_eq!(visit.intake_id.as_deref(), Some(request.intake_id.as_str()));
    assert_eq!(visit.expiry, Timestamp::from_unix_seconds(1_615_924_905));
}

#[tokio::test]
async fn vsee_create_appointment_example_decodes_with_its_s_sibling() {
    let text = page("vsee-api-v3.txt");
    let example = vsee_example(&text, "POST /visits").expect("an example");
    assert_clean_json("POST /visits", example);
    let server = MockServer::start().await;
    serve(&server, 200, example).await;
    let visit = vsee(&server)
        .create_appointment(&vsee_client::types::CreateAppointmentRequest::default())
        .await
        .expect("create appointment example");
    assert_eq!(visit.member_id, "17778181");
    assert_eq!(
        visit.envelope_extra().and_then(|extra| extra.get("s")),
        Some(&json!("ms"))
    );
    let logs = visit.call_logs.as_ref().expect("call logs");
    assert_eq!(
        logs.additional_properties
            .get("call_start_1")
            .map(String::as_str),
        Some("1633628208")
    );
}

#[tokio::test]
async fn vsee_repaired_examples_decode() {
    let text = page("vsee-api-v3.txt");
    let server = MockServer::start().await;
    let client = vsee(&server);
    let repaired = |heading: &str| repaired(&text, heading);

    serve(&server, 200, &repaired("POST /visits/add_walkin")).await;
    let visit = client
        .add_walkin_visit(&vsee_client::types::AddWalkinRequest::default())
        .await
        .expect("walk-in example");
    assert_eq!(visit.id.as_deref(), Some("1525"));
    assert_eq!(
        visit.start,
        Timestamp::from_unix_seconds(1_458_095_488).expect("a time")
    );
    assert_eq!(visit.account_code, Some(None));

    serve(&server, 200, &repaired("GET /availability")).await;
    let slots = client
        .get_availability()
        .await
        .expect("availability example");
    assert_eq!(slots.len(), 2);
    assert_eq!(slots[1].providers, ["123", "345"]);

    serve(&server, 200, &repaired("GET /visits")).await;
    let visits = client.list_visits().await.expect("visit list example");
    assert_eq!(visits.len(), 1);
    assert_eq!(visits[0].member_id, "575");
    let postvisit = visits[0].postvisit.as_ref().expect("post-visit notes");
    assert_eq!(postvisit.disposition.as_deref(), Some("Referred to ED"));
    assert_eq!(
        postvisit.physical_exam.as_deref(),
        Some("<p>dfvevofivuoiwue</p><p>iou</p><p>oi</p>")
    );

    serve(&server, 200, &repaired("POST /visits/:id?version=2")).await;
    let visit = client
        .update_visit(
            "666",
            &vsee_client::types::UpdateVisitParams { version: 2 },
            &vsee_client::types::UpdateVisitRequest::default(),
        )
        .await
        .expect("update example");
    assert_eq!(visit.provider_id, Some(Some("566".into())));
}

#[tokio::test]
async fn vsee_get_visit_example_decodes_with_the_last_duplicated_key_winning() {
    let text = page("vsee-api-v3.txt");
    let example = repaired(&text, "GET /visits/:id");
    let server = MockServer::start().await;
    serve(&server, 200, &example).await;
    let visit = vsee(&server)
        .get_visit("7727")
        .await
        .expect("get visit example");
    assert_eq!(visit.id.as_deref(), Some("18407167"));
    let postvisit = visit.postvisit.as_ref().expect("post-visit notes");
    assert_eq!(postvisit.visit_id.as_deref(), Some("9709"));
    assert_eq!(postvisit.attachments.as_ref().map(Vec::len), Some(1));
    assert_eq!(
        visit.prescriptions_before_visit.as_ref().map(Vec::len),
        Some(1)
    );
}

#[tokio::test]
async fn the_pages_duplicated_postvisit_key_resolves_to_the_last_one_in_the_client() {
    // The two `postvisit` members of the GET /visits/:id example, verbatim, in a minimal visit,
    // so that the duplicated-key rule is checked apart from the rest of that example (which also
    // needs its bracket repair).
    let text = page("vsee-api-v3.txt");
    let section = vsee_section(&text, "GET /visits/:id");
    let first_at = after(section, "\"postvisit\": { \"member_id\": \"17778181\"");
    let first_start = section[..first_at].rfind('{').expect("the first postvisit");
    let (first, end) = json_at(section, first_start);
    let second_at = end
        + section[end..]
            .find("\"postvisit\"")
            .expect("a second postvisit");
    let (second, _) = json_at(section, second_at);
    assert!(duplicate_keys(second).is_ok_and(|keys| keys == ["attachments"]));
    let body = format!(
        r#"{{ "data": {{ "member_id": 17778181, "code": "c", "start": 1, "end": 2, "postvisit": {first}, "postvisit": {second} }} }}"#
    );
    assert_eq!(
        duplicate_keys(&body).expect("valid JSON"),
        ["attachments", "postvisit"]
    );
    let server = MockServer::start().await;
    serve(&server, 200, &body).await;
    let visit = vsee(&server).get_visit("7727").await.expect("a visit");
    let postvisit = visit.postvisit.as_ref().expect("post-visit notes");
    // The second `postvisit` wins, and inside it the second `attachments`.
    assert_eq!(postvisit.visit_id.as_deref(), Some("9709"));
    assert_eq!(postvisit.modified_by.as_deref(), Some("Second Provider 2"));
    let attachments = postvisit.attachments.as_ref().expect("attachments");
    assert_eq!(attachments.len(), 1);
    assert_eq!(attachments[0].size, Some(1_692_776));
}

#[test]
fn request_examples_on_the_pages_decode_into_the_request_types() {
    let text = page("vectorcare-create-service-request.txt");
    let simple: vectorcare_client::types::CreateExampleServiceRequestBody =
        serde_json::from_str(json_after(&text, "A simple service might look like this:"))
            .expect("the page's simple service body");
    assert_eq!(simple.patient.first_name, "string");
    let curl: Value = serde_json::from_str(json_after(&text, "-d '")).expect("the curl body");
    assert_eq!(curl["patient"]["id"], "PAT-001");

    let text = page("carecycle-create-customer-provider.txt");
    let body: carecycle_client::types::CreateCustomerProviderRequest =
        serde_json::from_str(json_after(&text, "-d '")).expect("the curl body");
    assert_eq!(
        body.provider_type,
        carecycle_client::types::ProviderType::PrimaryCare
    );
    assert_eq!(body.specialty, None);

    let text = page("carevalidate-request-refill-url.txt");
    let body: carevalidate_client::types::RequestRefillUrlAction =
        serde_json::from_str(json_after(&text, "--data-raw '")).expect("the curl body");
    assert_eq!(
        body.organization_product_id
            .map(|id| id.to_string())
            .as_deref(),
        Some("e9a3e6a5-9538-4401-99bb-ead475547a36")
    );
}
