//! Credentials: every kind is applied, alternatives are chosen, and secrets never print.

use clientgen_runtime::{CredentialError, CredentialSet, Error, Method, Operation, RequestError};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{anonymous, client, header, received};

/// VSee style: two account headers, or a bearer token.
static VSEE_STYLE: Operation = Operation {
    id: "listVisits",
    method: Method::GET,
    path_template: "/visits",
    servers: &[],
    security: &[&["ApiToken", "AccountCode"], &["Bearer"]],
    idempotent: true,
    retry_after_field: None,
};

/// One VSee operation also needs an API key beside the account headers.
static THREE_HEADERS: Operation = Operation {
    id: "createVisit",
    method: Method::POST,
    path_template: "/visits",
    servers: &[],
    security: &[&["ApiToken", "AccountCode", "ApiKey"]],
    idempotent: false,
    retry_after_field: None,
};

static BASIC: Operation = Operation {
    id: "basic",
    method: Method::GET,
    path_template: "/basic",
    servers: &[],
    security: &[&["Basic"]],
    idempotent: true,
    retry_after_field: None,
};

static QUERY_AND_COOKIE: Operation = Operation {
    id: "queryAndCookie",
    method: Method::GET,
    path_template: "/q",
    servers: &[],
    security: &[&["QueryKey", "Session"]],
    idempotent: true,
    retry_after_field: None,
};

static OPTIONAL_AUTH: Operation = Operation {
    id: "optionalAuth",
    method: Method::GET,
    path_template: "/maybe",
    servers: &[],
    security: &[&["Bearer"], &[]],
    idempotent: true,
    retry_after_field: None,
};

const SECRET: &str = "s3cr3t-token-value";

async fn ok_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn several_headers_are_sent_together() {
    let server = ok_server().await;
    let mut credentials = CredentialSet::new();
    credentials
        .insert_header("ApiToken", "X-ApiToken", "token-1")
        .expect("valid");
    credentials
        .insert_header("AccountCode", "X-AccountCode", "acct-2")
        .expect("valid");
    credentials
        .insert_header("ApiKey", "X-ApiKey", "key-3")
        .expect("valid");
    credentials.insert_bearer("Bearer", SECRET).expect("valid");
    let client = client(&server, credentials);

    let response = client
        .0
        .request(&THREE_HEADERS)
        .path("/visits")
        .send::<()>()
        .await;
    assert_eq!(response.expect("sent").status(), 200);
    // The first alternative of VSEE_STYLE is complete, so the bearer token stays home.
    client
        .0
        .request(&VSEE_STYLE)
        .path("/visits")
        .send::<()>()
        .await
        .expect("sent");

    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    assert_eq!(header(&requests[0], "x-apitoken"), Some("token-1"));
    assert_eq!(header(&requests[0], "x-accountcode"), Some("acct-2"));
    assert_eq!(header(&requests[0], "x-apikey"), Some("key-3"));
    assert_eq!(header(&requests[1], "x-apitoken"), Some("token-1"));
    assert_eq!(header(&requests[1], "x-accountcode"), Some("acct-2"));
    assert_eq!(header(&requests[1], "x-apikey"), None);
    assert_eq!(header(&requests[1], "authorization"), None);
}

#[tokio::test]
async fn bearer_is_used_when_it_is_the_satisfied_alternative() {
    let server = ok_server().await;
    let mut credentials = CredentialSet::new();
    credentials
        .insert_header("ApiToken", "X-ApiToken", "token-1")
        .expect("valid");
    credentials.insert_bearer("Bearer", SECRET).expect("valid");
    let client = client(&server, credentials);
    client
        .0
        .request(&VSEE_STYLE)
        .path("/visits")
        .send::<()>()
        .await
        .expect("sent");
    let requests = received(&server).await;
    assert_eq!(
        header(&requests[0], "authorization"),
        Some("Bearer s3cr3t-token-value")
    );
    assert_eq!(header(&requests[0], "x-apitoken"), None);
}

#[tokio::test]
async fn basic_credentials_are_encoded() {
    let server = ok_server().await;
    let mut credentials = CredentialSet::new();
    credentials
        .insert_basic("Basic", "aladdin", "open sesame")
        .expect("valid");
    client(&server, credentials)
        .0
        .request(&BASIC)
        .path("/basic")
        .send::<()>()
        .await
        .expect("sent");
    let requests = received(&server).await;
    assert_eq!(
        header(&requests[0], "authorization"),
        Some("Basic YWxhZGRpbjpvcGVuIHNlc2FtZQ==")
    );
}

#[tokio::test]
async fn query_and_cookie_credentials_are_appended() {
    let server = ok_server().await;
    let mut credentials = CredentialSet::new();
    credentials
        .insert_query("QueryKey", "api_key", "k&v=1")
        .expect("valid");
    credentials
        .insert_cookie("Session", "sid", "abc123")
        .expect("valid");
    let client = client(&server, credentials);
    client
        .0
        .request(&QUERY_AND_COOKIE)
        .path("/q")
        .query("page", &2)
        .header("cookie", "theme=dark")
        .send::<()>()
        .await
        .expect("sent");
    let requests = received(&server).await;
    assert_eq!(requests[0].url.query(), Some("page=2&api_key=k%26v%3D1"));
    assert_eq!(
        header(&requests[0], "cookie"),
        Some("theme=dark; sid=abc123")
    );
}

#[tokio::test]
async fn missing_credentials_fail_without_sending() {
    let server = ok_server().await;
    let mut credentials = CredentialSet::new();
    credentials
        .insert_header("ApiToken", "X-ApiToken", "token-1")
        .expect("valid");
    let client = client(&server, credentials);
    let error = client
        .0
        .request(&VSEE_STYLE)
        .path("/visits")
        .send::<()>()
        .await
        .expect_err("no creds");
    match &error {
        Error::InvalidRequest(RequestError::MissingCredentials {
            operation,
            required,
        }) => {
            assert_eq!(*operation, "listVisits");
            assert_eq!(required, "`ApiToken` and `AccountCode`, or `Bearer`");
        }
        other => panic!("unexpected error {other:?}"),
    }
    assert_eq!(error.operation(), "listVisits");
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn an_empty_alternative_allows_anonymous_calls() {
    let server = ok_server().await;
    let response = anonymous(&server)
        .0
        .request(&OPTIONAL_AUTH)
        .path("/maybe")
        .send::<()>()
        .await;
    assert_eq!(response.expect("anonymous is allowed").status(), 200);
    assert_eq!(header(&received(&server).await[0], "authorization"), None);
}

#[test]
fn a_credential_with_a_newline_is_refused_without_echoing_it() {
    let mut credentials = CredentialSet::new();
    let secret = format!("{SECRET}\r\nX-Injected: 1");
    let error = credentials
        .insert_bearer("Bearer", &secret)
        .expect_err("newline");
    assert_eq!(error, CredentialError::InvalidValue { scheme: "Bearer" });
    let header_error = credentials
        .insert_header("ApiKey", "X-ApiKey", &secret)
        .expect_err("newline");
    let basic_error = credentials
        .insert_basic("Basic", "user", &secret)
        .expect_err("newline");
    for error in [error, header_error, basic_error] {
        let display = error.to_string();
        let debug = format!("{error:?}");
        assert!(display.contains('`'), "display names the scheme: {display}");
        assert!(
            !display.contains(SECRET) && !debug.contains(SECRET),
            "{display} / {debug}"
        );
    }
    assert!(!credentials.contains("Bearer"));
}

#[tokio::test]
async fn debug_of_credentials_and_runtime_hides_secrets() {
    let server = ok_server().await;
    let mut credentials = CredentialSet::new();
    credentials.insert_bearer("Bearer", SECRET).expect("valid");
    credentials
        .insert_basic("Basic", "user", SECRET)
        .expect("valid");
    credentials
        .insert_query("QueryKey", "api_key", SECRET)
        .expect("valid");
    credentials
        .insert_cookie("Session", "sid", SECRET)
        .expect("valid");
    credentials
        .insert_header("ApiKey", "X-ApiKey", SECRET)
        .expect("valid");
    let set_debug = format!("{credentials:?}");
    assert!(
        set_debug.contains("Bearer") && set_debug.contains("Session"),
        "{set_debug}"
    );
    assert!(!set_debug.contains(SECRET), "{set_debug}");

    let client = client(&server, credentials);
    let runtime_debug = format!("{:?}", client.0);
    assert!(runtime_debug.contains("production"), "{runtime_debug}");
    assert!(runtime_debug.contains(&server.uri()), "{runtime_debug}");
    assert!(!runtime_debug.contains(SECRET), "{runtime_debug}");
    // The base64 of `user:<secret>` would betray the password too.
    const BASIC_SECRET: &str = "dXNlcjpzM2NyM3QtdG9rZW4tdmFsdWU=";
    assert!(!runtime_debug.contains(BASIC_SECRET) && !set_debug.contains(BASIC_SECRET));
}

#[tokio::test]
async fn redirects_never_carry_credentials_to_another_origin() {
    let elsewhere = ok_server().await;
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::path("/visits"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", "/visits/moved"))
        .mount(&server)
        .await;
    Mock::given(wiremock::matchers::path("/visits/moved"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("location", format!("{}/steal", elsewhere.uri())),
        )
        .mount(&server)
        .await;
    let mut credentials = CredentialSet::new();
    credentials
        .insert_header("ApiToken", "X-ApiToken", SECRET)
        .expect("valid");
    credentials
        .insert_header("AccountCode", "X-AccountCode", "acct")
        .expect("valid");
    let client = client(&server, credentials);
    let response = client
        .0
        .request(&VSEE_STYLE)
        .path("/visits")
        .send::<()>()
        .await
        .expect("sent");
    // The same-origin redirect is followed; the one to another port is handed back.
    assert_eq!(response.status(), 302);
    let paths: Vec<String> = received(&server)
        .await
        .iter()
        .map(|request| request.url.path().to_owned())
        .collect();
    assert_eq!(paths, ["/visits", "/visits/moved"]);
    assert_eq!(
        header(&received(&server).await[1], "x-apitoken"),
        Some(SECRET)
    );
    assert!(received(&elsewhere).await.is_empty());
}
