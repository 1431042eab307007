//! The CareValidate page's response examples decode, the success into the form link and each
//! error into its own variant.

use clientgen_runtime::uuid::Uuid;
use wiremock::MockServer;

use crate::common::carevalidate;
use crate::duplicate_keys::assert_clean_json;
use crate::support::{json_after, page, serve};

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
