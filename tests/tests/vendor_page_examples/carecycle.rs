//! The careCycle page's eight response examples decode, each in the status the spec assigns it.

use clientgen_runtime::uuid::Uuid;
use wiremock::MockServer;

use crate::common::carecycle;
use crate::duplicate_keys::assert_clean_json;
use crate::support::{after, json_after, json_at, page, serve};

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
