//! The VectorCare pages' response examples decode: the create page's success body, and the
//! detail page's success and error bodies into their own variants.

use serde_json::json;
use wiremock::MockServer;

use crate::common::{api_error, vectorcare};
use crate::duplicate_keys::assert_clean_json;
use crate::support::{json_after, page, serve};

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
