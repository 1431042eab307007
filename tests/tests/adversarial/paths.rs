//! Adversarial tests of path parameters: values that try to leave their segment or change the
//! query stay one encoded segment, and dot segments and empty values are refused before anything
//! is sent.

use clientgen_runtime::{Error, RequestError};
use serde_json::json;
use vectorcare_client::types::GetRequestDetailParams;
use vsee_client::types::{IntakeFields, UpdateVisitParams, UpdateVisitRequest};
use wiremock::MockServer;

use crate::common::{
    json_response, received, respond, single_request, vectorcare, vectorcare_created, vsee,
};
use crate::support::{detail, visit_envelope};

/// Path parameter values that try to leave their segment, with their encoded form.
const HOSTILE_IDS: [(&str, &str); 8] = [
    ("../admin", "..%2Fadmin"),
    ("a/b?c", "a%2Fb%3Fc"),
    ("%2F", "%252F"),
    ("a#b", "a%23b"),
    ("?exclude_facilities=false", "%3Fexclude_facilities%3Dfalse"),
    ("x&version=3", "x%26version%3D3"),
    ("..%2Fadmin", "..%252Fadmin"),
    ("patient 7 é", "patient%207%20%C3%A9"),
];

/// Path parameter values refused before anything is sent.
const REFUSED_IDS: [&str; 3] = ["..", ".", ""];

#[tokio::test]
async fn hostile_ids_stay_one_segment_of_the_vectorcare_paths() {
    let server = MockServer::start().await;
    let client = vectorcare(&server);
    for (id, encoded) in HOSTILE_IDS {
        respond(&server, json_response(200, &detail())).await;
        let params = GetRequestDetailParams {
            exclude_facilities: Some(true),
        };
        client
            .get_request_detail(id, &params)
            .await
            .unwrap_or_else(|error| panic!("{id:?}: {error:?}"));
        let request = single_request(&server).await;
        assert_eq!(
            request.url.path(),
            format!("/openapi/v1.0/requests/{encoded}/"),
            "{id:?}"
        );
        assert_eq!(
            request.url.query(),
            Some("exclude_facilities=true"),
            "{id:?}"
        );
        assert_eq!(request.url.fragment(), None, "{id:?}");

        respond(&server, json_response(201, &vectorcare_created())).await;
        client
            .create_request(id, &serde_json::Map::new())
            .await
            .unwrap_or_else(|error| panic!("{id:?}: {error:?}"));
        let request = single_request(&server).await;
        assert_eq!(
            request.url.path(),
            format!("/openapi/v2.0/requests/service/{encoded}/"),
            "{id:?}"
        );
        assert_eq!(request.url.query(), None, "{id:?}");
    }
}

#[tokio::test]
async fn hostile_ids_stay_one_segment_of_the_vsee_paths() {
    let server = MockServer::start().await;
    let client = vsee(&server);
    for (id, encoded) in HOSTILE_IDS {
        respond(&server, json_response(200, &visit_envelope())).await;
        client
            .get_visit(id)
            .await
            .unwrap_or_else(|error| panic!("{id:?}: {error:?}"));
        let request = single_request(&server).await;
        assert_eq!(
            request.url.path(),
            format!("/visits/{encoded}.json"),
            "{id:?}"
        );
        assert_eq!(request.url.query(), None, "{id:?}");

        respond(&server, json_response(200, &visit_envelope())).await;
        client
            .update_visit(
                id,
                &UpdateVisitParams { version: 2 },
                &UpdateVisitRequest::default(),
            )
            .await
            .unwrap_or_else(|error| panic!("{id:?}: {error:?}"));
        let request = single_request(&server).await;
        assert_eq!(request.url.path(), format!("/visits/{encoded}"), "{id:?}");
        assert_eq!(request.url.query(), Some("version=2"), "{id:?}");

        respond(&server, json_response(200, &json!({"data": {"id": "x"}}))).await;
        client
            .get_intake(id)
            .await
            .unwrap_or_else(|error| panic!("{id:?}: {error:?}"));
        let request = single_request(&server).await;
        assert_eq!(request.url.path(), format!("/intakes/{encoded}"), "{id:?}");
        assert_eq!(request.url.query(), None, "{id:?}");
    }
}

#[tokio::test]
async fn dot_segments_and_empty_ids_are_refused_before_sending() {
    let server = MockServer::start().await;
    respond(&server, json_response(200, &visit_envelope())).await;
    let vectorcare = vectorcare(&server);
    let vsee = vsee(&server);
    for id in REFUSED_IDS {
        let error = vectorcare
            .get_request_detail(id, &GetRequestDetailParams::default())
            .await
            .expect_err("refused");
        assert!(
            matches!(
                &error,
                Error::InvalidRequest(RequestError::InvalidPathParameter {
                    name: "request_id",
                    ..
                })
            ),
            "{id:?}: {error:?}"
        );
        let error = vectorcare
            .create_request(id, &serde_json::Map::new())
            .await
            .expect_err("refused");
        assert!(
            matches!(
                &error,
                Error::InvalidRequest(RequestError::InvalidPathParameter {
                    name: "service_id",
                    ..
                })
            ),
            "{id:?}: {error:?}"
        );
        for error in [
            vsee.get_visit(id)
                .await
                .map(drop)
                .err()
                .map(|e| e.to_string()),
            vsee.get_intake(id)
                .await
                .map(drop)
                .err()
                .map(|e| e.to_string()),
            vsee.update_intake(id, &IntakeFields::default())
                .await
                .map(drop)
                .err()
                .map(|e| e.to_string()),
            vsee.update_visit(
                id,
                &UpdateVisitParams { version: 2 },
                &UpdateVisitRequest::default(),
            )
            .await
            .map(drop)
            .err()
            .map(|e| e.to_string()),
        ] {
            let message = error.unwrap_or_else(|| panic!("{id:?} was accepted"));
            assert!(
                message.starts_with("invalid request, not sent: path parameter `id`"),
                "{message}"
            );
        }
    }
    assert!(received(&server).await.is_empty(), "nothing may be sent");
}
