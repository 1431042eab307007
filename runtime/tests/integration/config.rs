//! Building clients: the URL policy, server variables, environments and server selection.

use clientgen_runtime::{
    BuildError, ClientBuilder, CredentialSet, Error, Method, Operation, RequestError, Server,
    ServerVariable,
};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{fast_retries, header, received, Env, TestClient, GET_ITEM};

static PORT: ServerVariable = ServerVariable {
    name: "port",
    default: "1",
    allowed: &[],
    required: false,
};
static VERSION: ServerVariable = ServerVariable {
    name: "version",
    default: "v1",
    allowed: &["v1", "v2"],
    required: false,
};
/// A host the caller must give: the spec's default is only a placeholder.
static API_HOST: ServerVariable = ServerVariable {
    name: "apiHost",
    default: "api-host.invalid",
    allowed: &[],
    required: true,
};

/// A production server on a per-account host, beside a sandbox that needs nothing.
static PER_ACCOUNT: &[Server] = &[
    Server {
        environment: "production",
        url: "https://{apiHost}/v1",
        variables: &[API_HOST],
    },
    Server {
        environment: "sandbox",
        url: "https://sandbox.example.com/v1",
        variables: &[],
    },
];

/// Root-level servers on loopback, so that requests can reach the mock server.
static SERVERS: &[Server] = &[
    Server {
        environment: "production",
        url: "http://127.0.0.1:{port}/prod/{version}",
        variables: &[PORT, VERSION],
    },
    Server {
        environment: "sandbox",
        url: "http://127.0.0.1:{port}/sandbox",
        variables: &[PORT],
    },
];

static LIST: Operation = Operation {
    id: "listItems",
    method: Method::GET,
    path_template: "/items",
    servers: SERVERS,
    security: &[],
    idempotent: true,
    retry_after_field: None,
};

static INSECURE_SERVERS: &[Server] = &[Server {
    environment: "production",
    url: "http://api.example.com/v1",
    variables: &[],
}];

static RELATIVE_SERVERS: &[Server] = &[Server {
    environment: "default",
    url: "/api/v3",
    variables: &[],
}];

static RELATIVE_OP: Operation = Operation {
    id: "relative",
    method: Method::GET,
    path_template: "/pets",
    servers: RELATIVE_SERVERS,
    security: &[],
    idempotent: true,
    retry_after_field: None,
};

static INSECURE_OP: Operation = Operation {
    id: "insecure",
    method: Method::GET,
    path_template: "/x",
    servers: INSECURE_SERVERS,
    security: &[],
    idempotent: true,
    retry_after_field: None,
};

static SOLE_DEFAULT: &[Server] = &[Server {
    environment: "default",
    url: "http://localhost:{port}",
    variables: &[PORT],
}];

static SOLE_DEFAULT_OP: Operation = Operation {
    id: "soleDefault",
    method: Method::GET,
    path_template: "/d",
    servers: SOLE_DEFAULT,
    security: &[],
    idempotent: true,
    retry_after_field: None,
};

static SOLE_PRODUCTION: &[Server] = &[Server {
    environment: "production",
    url: "https://api.example.com",
    variables: &[],
}];

static SOLE_PRODUCTION_OP: Operation = Operation {
    id: "soleProduction",
    method: Method::GET,
    path_template: "/p",
    servers: SOLE_PRODUCTION,
    security: &[],
    idempotent: true,
    retry_after_field: None,
};

fn new(environment: Env, servers: &'static [Server]) -> ClientBuilder<TestClient, Env> {
    ClientBuilder::new(environment, servers, CredentialSet::new()).retry_policy(fast_retries())
}

async fn ok_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    server
}

fn port(server: &MockServer) -> String {
    server.address().port().to_string()
}

#[test]
fn http_to_a_remote_host_is_refused_at_build() {
    let error = new(Env::Production, &[])
        .base_url("http://api.example.com")
        .build()
        .err();
    assert!(
        matches!(error, Some(BuildError::InsecureUrl { .. })),
        "{error:?}"
    );
    let error = new(Env::Production, INSECURE_SERVERS).build().err();
    assert!(
        matches!(error, Some(BuildError::InsecureUrl { .. })),
        "{error:?}"
    );
    assert!(error.is_some_and(|error| error.to_string().contains("https://")));
    // Loopback and https are fine.
    assert!(new(Env::Production, &[])
        .base_url("http://localhost:4010")
        .build()
        .is_ok());
    assert!(new(Env::Production, INSECURE_SERVERS)
        .base_url("https://api.example.com/v1")
        .build()
        .is_ok());
}

#[test]
fn invalid_base_urls_are_refused_at_build() {
    for url in [
        "not a url",
        "/api/v3",
        "https://user:pw@example.com",
        "https://example.com/?key=1",
        "ftp://example.com",
    ] {
        let error = new(Env::Production, &[]).base_url(url).build().err();
        assert!(
            matches!(error, Some(BuildError::InvalidBaseUrl { .. })),
            "{url}: {error:?}"
        );
        assert!(
            !error.is_some_and(|error| error.to_string().contains("pw@")),
            "{url}"
        );
    }
}

#[tokio::test]
async fn a_relative_server_url_needs_a_base_url() {
    let error = new(Env::Production, RELATIVE_SERVERS).build().err();
    assert!(
        matches!(&error, Some(BuildError::RelativeUrl { url }) if url == "/api/v3"),
        "{error:?}"
    );
    assert!(error.is_some_and(|error| error.to_string().contains("base_url")));

    // Root servers may be absent while an operation's own server is relative.
    let client = new(Env::Production, &[])
        .build()
        .expect("nothing to check at build");
    let error = client
        .0
        .request(&RELATIVE_OP)
        .path("/pets")
        .send::<()>()
        .await
        .expect_err("relative");
    assert!(
        matches!(&error, Error::InvalidRequest(RequestError::InvalidUrl { message }) if message.contains("base_url")),
        "{error:?}"
    );

    let server = ok_server().await;
    let client = new(Env::Production, RELATIVE_SERVERS)
        .base_url(server.uri())
        .build()
        .expect("valid");
    client
        .0
        .request(&RELATIVE_OP)
        .path("/pets")
        .send::<()>()
        .await
        .expect("sent");
    assert_eq!(received(&server).await[0].url.path(), "/pets");
}

#[tokio::test]
async fn an_insecure_operation_server_fails_at_request_time() {
    let client = new(Env::Production, &[])
        .build()
        .expect("nothing to check at build");
    let error = client
        .0
        .request(&INSECURE_OP)
        .path("/x")
        .send::<()>()
        .await
        .expect_err("insecure");
    assert!(
        matches!(
            error,
            Error::InvalidRequest(RequestError::InvalidUrl { .. })
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn server_variables_are_substituted() {
    let server = ok_server().await;
    let client = new(Env::Production, SERVERS)
        .server_variable("port", port(&server))
        .server_variable("version", "v2")
        .build()
        .expect("valid");
    client
        .0
        .request(&LIST)
        .path("/items")
        .send::<()>()
        .await
        .expect("sent");
    let defaulted = new(Env::Production, SERVERS)
        .server_variable("port", port(&server))
        .build()
        .expect("valid");
    defaulted
        .0
        .request(&LIST)
        .path("/items")
        .send::<()>()
        .await
        .expect("sent");
    let paths: Vec<String> = received(&server)
        .await
        .iter()
        .map(|request| request.url.path().to_owned())
        .collect();
    assert_eq!(paths, ["/prod/v2/items", "/prod/v1/items"]);
}

#[test]
fn server_variables_are_validated() {
    let error = new(Env::Production, SERVERS)
        .server_variable("region", "eu")
        .build()
        .err();
    assert!(
        matches!(&error, Some(BuildError::UnknownServerVariable { name }) if name == "region"),
        "{error:?}"
    );
    let error = new(Env::Production, SERVERS)
        .server_variable("version", "v9")
        .build()
        .err();
    assert!(
        matches!(&error, Some(BuildError::ServerVariableNotAllowed { name, allowed }) if name == "version" && allowed == &["v1", "v2"]),
        "{error:?}"
    );
    // The value itself is not echoed.
    assert!(!error.is_some_and(|error| error.to_string().contains("v9")));
    let error = new(Env::Production, &[])
        .server_variable("port", "1")
        .build()
        .err();
    assert!(
        matches!(error, Some(BuildError::UnknownServerVariable { .. })),
        "{error:?}"
    );
}

#[test]
fn a_required_server_variable_must_be_set_at_build() {
    let error = new(Env::Production, PER_ACCOUNT).build().err();
    assert!(
        matches!(
            &error,
            Some(BuildError::MissingServerVariable {
                name: "apiHost",
                environment: "production"
            })
        ),
        "{error:?}"
    );
    let message = error.map(|error| error.to_string()).unwrap_or_default();
    assert!(
        message.contains("ClientBuilder::server_variable(\"apiHost\""),
        "{message}"
    );
    // Set, or not needed by the chosen environment, or replaced by a base URL: it builds.
    assert!(new(Env::Production, PER_ACCOUNT)
        .server_variable("apiHost", "api.example.com")
        .build()
        .is_ok());
    assert!(new(Env::Sandbox, PER_ACCOUNT).build().is_ok());
    assert!(new(Env::Production, PER_ACCOUNT)
        .base_url("https://api.example.com/v1")
        .build()
        .is_ok());
}

#[tokio::test]
async fn the_environment_chooses_the_server() {
    let server = ok_server().await;
    let client = new(Env::Production, SERVERS)
        .environment(Env::Sandbox)
        .server_variable("port", port(&server))
        .build()
        .expect("valid");
    assert_eq!(client.0.environment(), "sandbox");
    client
        .0
        .request(&LIST)
        .path("/items")
        .send::<()>()
        .await
        .expect("sent");
    assert_eq!(received(&server).await[0].url.path(), "/sandbox/items");
}

#[tokio::test]
async fn a_missing_environment_is_unknown_at_build_and_no_server_at_request() {
    let error = new(Env::Staging, SERVERS).build().err();
    assert!(
        matches!(
            error,
            Some(BuildError::UnknownEnvironment {
                environment: "staging"
            })
        ),
        "{error:?}"
    );

    let client = new(Env::Staging, &[])
        .build()
        .expect("no root servers to check");
    let error = client
        .0
        .request(&LIST)
        .path("/items")
        .send::<()>()
        .await
        .expect_err("no server");
    assert!(
        matches!(
            error,
            Error::InvalidRequest(RequestError::NoServer {
                operation: "listItems",
                environment: "staging"
            })
        ),
        "{error:?}"
    );
    // A sole server is used for another environment only when it is the `default` one.
    let error = client
        .0
        .request(&SOLE_PRODUCTION_OP)
        .path("/p")
        .send::<()>()
        .await
        .expect_err("no server");
    assert!(
        matches!(error, Error::InvalidRequest(RequestError::NoServer { .. })),
        "{error:?}"
    );

    let server = ok_server().await;
    // A sole `default` server serves every environment.
    let with_port = new(Env::Staging, SOLE_DEFAULT)
        .server_variable("port", port(&server))
        .build()
        .expect("valid");
    with_port
        .0
        .request(&SOLE_DEFAULT_OP)
        .path("/d")
        .send::<()>()
        .await
        .expect("sent");
    assert_eq!(received(&server).await[0].url.path(), "/d");
}

#[tokio::test]
async fn the_base_url_overrides_every_server() {
    let server = ok_server().await;
    let client = new(Env::Staging, SERVERS)
        .base_url(server.uri())
        .build()
        .expect("valid");
    client
        .0
        .request(&LIST)
        .path("/items")
        .send::<()>()
        .await
        .expect("sent");
    client
        .0
        .request(&SOLE_PRODUCTION_OP)
        .path("/p")
        .send::<()>()
        .await
        .expect("sent");
    let paths: Vec<String> = received(&server)
        .await
        .iter()
        .map(|request| request.url.path().to_owned())
        .collect();
    assert_eq!(paths, ["/items", "/p"]);
}

#[tokio::test]
async fn the_user_agent_is_sent() {
    let server = ok_server().await;
    let default = new(Env::Production, &[])
        .base_url(server.uri())
        .build()
        .expect("valid");
    default
        .0
        .request(&GET_ITEM)
        .path("/a")
        .send::<()>()
        .await
        .expect("sent");
    let custom = new(Env::Production, &[])
        .base_url(server.uri())
        .user_agent("vendor-app/2.0")
        .build()
        .expect("valid");
    custom
        .0
        .request(&GET_ITEM)
        .path("/b")
        .send::<()>()
        .await
        .expect("sent");
    // A program's own reqwest client needs the TLS provider that the runtime installs for its own.
    clientgen_runtime::install_tls_provider();
    let own = new(Env::Production, &[])
        .base_url(server.uri())
        .http_client(clientgen_runtime::reqwest::Client::new())
        .user_agent("own-client/1.0")
        .build()
        .expect("valid");
    own.0
        .request(&GET_ITEM)
        .path("/c")
        .send::<()>()
        .await
        .expect("sent");
    let requests = received(&server).await;
    let agent = header(&requests[0], "user-agent").expect("a user agent");
    assert!(agent.starts_with("clientgen-runtime/"), "{agent}");
    assert_eq!(header(&requests[1], "user-agent"), Some("vendor-app/2.0"));
    assert_eq!(header(&requests[2], "user-agent"), Some("own-client/1.0"));
    let error = new(Env::Production, &[])
        .base_url(server.uri())
        .user_agent("bad\nagent")
        .build()
        .err();
    assert!(
        matches!(error, Some(BuildError::InvalidUserAgent)),
        "{error:?}"
    );
}

#[test]
fn errors_and_futures_are_send_and_sync() {
    fn send_sync<T: Send + Sync>() {}
    fn send<T: Send>(_: &T) {}
    send_sync::<Error<String>>();
    send_sync::<BuildError>();
    send_sync::<clientgen_runtime::Runtime>();
    let client = new(Env::Production, &[]).build().expect("valid");
    let future = client.0.request(&GET_ITEM).path("/x").send::<String>();
    send(&future);
}

#[tokio::test]
async fn default_headers_reach_every_request_and_bad_ones_fail_the_build() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::method("GET"))
        .and(wiremock::matchers::header("prefer", "code=404"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let client = new(Env::Production, &[])
        .base_url(server.uri())
        .default_header("Prefer", "code=404")
        .build()
        .expect("valid default header");
    let response = client
        .0
        .request(&LIST)
        .path("/items")
        .send::<()>()
        .await
        .expect("sent");
    assert_eq!(
        response.status().as_u16(),
        200,
        "the mock only answers when the header is present"
    );

    let refused = new(Env::Production, &[])
        .default_header("X-Bad", "line\nbreak")
        .build();
    match refused {
        Err(BuildError::InvalidDefaultHeader { name }) => assert_eq!(name, "X-Bad"),
        other => panic!("expected InvalidDefaultHeader, got {:?}", other.err()),
    }
}
