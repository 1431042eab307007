//! The README's guide sections, the same in every generated crate but for its own names:
//! *Errors* (one error type and the helpers that answer alike for every operation), *Retries and
//! timeouts* (the defaults, which operations are never re-sent, the worst case of one call),
//! *Testing* (a local server, and errors built by hand) and *Features* (TLS and tracing). Their
//! code blocks are doctests.

use super::groups::Groups;
use crate::model::{Api, Operation};

/// A call of one operation for the examples: the statements that prepare its arguments, and
/// the arguments.
pub(super) struct Call<'a> {
    pub(super) op: &'a Operation,
    pub(super) setup: Vec<String>,
    pub(super) args: Vec<String>,
}

/// The retry policy's defaults as the README states them; `tests/tests/readme_claims.rs` checks
/// them against the runtime's `RetryPolicy::default()` and default timeouts.
const TIMEOUT_SECS: u64 = 30;
const CONNECT_TIMEOUT_SECS: u64 = 10;
const MAX_RETRIES: u64 = 3;
const MAX_RETRY_AFTER_SECS: u64 = 30;
const MAX_ELAPSED_SECS: u64 = 60;
const INITIAL_BACKOFF_MS: u64 = 250;
const MAX_BACKOFF_SECS: u64 = 8;

/// `## Errors`: the one error type, its helpers, and a `match` on a call of this crate.
pub(super) fn errors(crate_ident: &str, call: Option<&Call<'_>>) -> String {
    let mut out = String::from("\n## Errors\n\n");
    out.push_str(
        "Every method returns `Result<ResponseValue<T>, Error<E>>`, where `E` is the operation's \
         error enum (one variant per documented error status) and `Error` is the runtime's error \
         type, the same in every crate clientgen generates:\n\n\
         - `Error::Api`: a status the spec documents for the operation, its body decoded into `E` \
         (`error.typed()`, or `error.api_error()` with the status and headers);\n\
         - `Error::UnexpectedStatus`: any other status, with the status, headers and raw body;\n\
         - `Error::Decode`: a body that does not match the documented type (status and raw body \
         kept);\n\
         - `Error::Transport`: no usable response (no connection, a timeout, a body over the \
         limit);\n\
         - `Error::InvalidRequest`: the request could not be built, or breaks the spec's \
         constraints (lengths, patterns, bounds, item counts, closed enums: each violation names \
         the field, the rule and the spec location, never the value), so nothing was sent; \
         `ClientBuilder::validate_requests(false)` leaves the constraints to the server.\n\n\
         `status()`, `is_rate_limited()`, `is_not_found()`, `is_retryable()`, `retry_after()` and \
         `may_have_been_sent()` answer alike for every kind and every operation. `Display` and \
         `Debug` of an error never show body content, header values or credentials; \
         `raw_body()` returns the body when the caller asks for it.\n\n",
    );
    out.push_str("```rust,no_run\n");
    out.push_str(&format!("use {crate_ident}::prelude::*;\n\n"));
    out.push_str(
        "# async fn example(client: Client) -> Result<(), Box<dyn std::error::Error>> {\n",
    );
    match call {
        Some(call) => {
            for line in &call.setup {
                out.push_str(line);
                out.push('\n');
            }
            out.push_str(&format!(
                "match client.{}({}).await {{\n",
                call.op.rust_name,
                call.args.join(", ")
            ));
            out.push_str("    Ok(response) => println!(\"answered {}\", response.status()),\n");
            out.push_str(
                "    Err(error) if error.is_rate_limited() => println!(\"wait {:?}\", error.retry_after()),\n",
            );
            out.push_str(
                "    Err(Error::Api(api)) => println!(\"documented error {}\", api.status()),\n",
            );
            out.push_str(
                "    Err(error) if error.is_retryable() => println!(\"try again later: {error}\"),\n",
            );
            out.push_str("    Err(error) => return Err(error.into()),\n}\n");
        }
        None => out.push_str("let _ = client;\n"),
    }
    out.push_str("# Ok(())\n# }\n```\n");
    out
}

/// `## Retries and timeouts`: the defaults, which operations are never re-sent once they may
/// have arrived, and the worst case of one call.
pub(super) fn retries(api: &Api) -> String {
    let worst = MAX_ELAPSED_SECS + TIMEOUT_SECS;
    let mut out = String::from("\n## Retries and timeouts\n\n");
    out.push_str(&format!(
        "With the defaults (`RetryPolicy::default()`), each attempt times out after \
         {TIMEOUT_SECS} s ({CONNECT_TIMEOUT_SECS} s to connect), and a call is sent again up to \
         {MAX_RETRIES} times:\n\n\
         - after a connection that could not be made (nothing was sent), for every operation;\n\
         - after `429 Too Many Requests`, for every operation: the server refused the request \
         without acting on it, so sending it again cannot act twice;\n\
         - after `503 Service Unavailable`, a timeout or a broken connection, only for idempotent \
         operations (GET, HEAD, PUT, DELETE, OPTIONS, TRACE, or marked `x-idempotent`).\n\n\
         Before a retry the client waits what the server asks (`Retry-After`, or the body field \
         the spec documents) up to {MAX_RETRY_AFTER_SECS} s (a longer wait returns the response \
         as it is), else a random share of an exponential backoff from {INITIAL_BACKOFF_MS} ms \
         doubling up to {MAX_BACKOFF_SECS} s. No retry starts later than {MAX_ELAPSED_SECS} s \
         after the call began, so the worst case of one call is {MAX_ELAPSED_SECS} s and one \
         more attempt of {TIMEOUT_SECS} s: {worst} s. \
         `ClientBuilder::retry_policy` changes the policy (`RetryPolicy::none()` turns retries \
         off), and `ClientBuilder::timeout` and `connect_timeout` the timeouts.\n"
    ));
    let once: Vec<String> = api
        .operations
        .iter()
        .filter(|op| !op.idempotent)
        .map(|op| format!("`{}`", op.rust_name))
        .collect();
    if once.is_empty() {
        out.push_str("\nEvery operation of this crate is idempotent.\n");
    } else {
        out.push_str(&format!(
            "\nNot idempotent, so never sent again once they may have reached the server (only \
             after a connection failure or a 429): {}.\n",
            once.join(", ")
        ));
    }
    out
}

/// `## Testing`: the `test-util` stubs (typed answers, no sockets), a local server in place of
/// the vendor's, and errors built by hand for tests of the caller's own error handling.
pub(super) fn testing(api: &Api, crate_ident: &str, call: Option<&Call<'_>>) -> String {
    let mut out = String::from("\n## Testing\n\n");
    out.push_str(
        "With the `test-util` feature (for example in `[dev-dependencies]`), `stubs::Stubs` \
         answers each operation in process, with no socket: one method per operation, named as on \
         `Client`, queues typed answers (`returns`), error bodies (`fails`), any status, fault or \
         delay (`answers` with `runtime::test_util::Answer`), and reports what was sent \
         (`sent()`, credentials redacted). The stubbed client runs the same retries, credentials \
         and decoding as a real one; waits use tokio's clock, so under \
         `#[tokio::test(start_paused = true)]` they take no real time.\n",
    );
    if let Some(call) = call {
        out.push_str("\n```rust,no_run\n");
        out.push_str("# #[cfg(feature = \"test-util\")]\n");
        out.push_str(
            "# async fn example() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {\n",
        );
        out.push_str(&format!(
            "use {crate_ident}::runtime::test_util::Answer;\n\n"
        ));
        out.push_str(&format!(
            "let stubs = {crate_ident}::stubs::Stubs::new();\n"
        ));
        out.push_str(&format!(
            "// First a 429 asking to wait a second, then a server error.\nstubs.{}().answers(Answer::rate_limited(1)).answers(Answer::status(500));\n",
            call.op.rust_name
        ));
        out.push_str("let client = stubs.client()?;\n");
        for line in &call.setup {
            out.push_str(line);
            out.push('\n');
        }
        out.push_str(&format!(
            "let error = client.{}({}).await.expect_err(\"the 500\");\n",
            call.op.rust_name,
            call.args.join(", ")
        ));
        out.push_str("assert_eq!(error.status().map(|status| status.as_u16()), Some(500));\n");
        out.push_str(&format!(
            "// The 429 was retried: two attempts reached the stubs.\nassert_eq!(stubs.{}().calls(), 2);\n",
            call.op.rust_name
        ));
        out.push_str("# Ok(())\n# }\n```\n");
    }
    out.push_str(
        "\nTo test against a server of your own, point the client at it with \
         `ClientBuilder::base_url(\"http://127.0.0.1:PORT\")` (plain `http://` is allowed only for \
         loopback), and turn retries off with `RetryPolicy::none()` so a failure shows at once. \
         To test your own error handling without any client, build the error: `RawResponse::new` \
         and `ApiError::new` are public, and `Operation::named` describes the operation.\n",
    );
    let Some(op) = api.operations.first() else {
        return out;
    };
    out.push_str("\n```rust\n");
    out.push_str(&format!("use {crate_ident}::prelude::*;\n"));
    out.push_str(&format!(
        "use {crate_ident}::runtime::{{Bytes, HeaderMap, Method, Operation, RawResponse, StatusCode}};\n\n"
    ));
    out.push_str(&format!(
        "static OPERATION: Operation = Operation::named({:?}, Method::{}, {:?});\n\n",
        op.id,
        op.method.as_str(),
        op.path
    ));
    out.push_str(&format!(
        "let error: Error<{crate_ident}::types::{}> = Error::UnexpectedStatus(RawResponse::new(\n    \
         &OPERATION,\n    StatusCode::TOO_MANY_REQUESTS,\n    HeaderMap::new(),\n    Bytes::new(),\n));\n",
        op.error_type
    ));
    out.push_str("assert!(error.is_rate_limited() && error.is_retryable());\n");
    out.push_str("assert_eq!(error.status(), Some(StatusCode::TOO_MANY_REQUESTS));\n```\n");
    out
}

/// `## Building requests`: the one convention of constructors and setters.
pub(super) fn building() -> String {
    String::from(
        "\n## Building requests\n\n\
         Every struct is built the same way: `Type::new(…)` takes exactly its required fields, in \
         spec order, and each other field has a chainable `with_<field>(value)` setter. An \
         optional field that may be `null` also has `with_<field>_null()`, so it is absent (no \
         call), `null`, or a value. Text and number arguments take `impl Into<…>`. A type with a \
         required field does not implement `Default`, so a request missing one does not compile. \
         An operation's query, header and cookie parameters come in a parameter struct built the \
         same way.\n",
    )
}

/// `## Features`: the cargo features of the crate: those the runtime defines and every generated
/// crate passes on, then the operation groups, when there are any.
pub(super) fn features(api: &Api, groups: &Groups) -> String {
    let mut out = String::from(
        "\n## Features\n\n\
         | feature | default | what it does |\n|---|---|---|\n\
         | `rustls-ring` | yes | TLS by rustls with the ring crypto provider: a quicker clean \
         build than aws-lc-rs, and no system library (see the repository's `BENCHMARKS.md`). \
         Building a client makes ring the process's default rustls provider unless the program \
         installed one first; a `reqwest::Client` of the program's own that is built before any \
         of ours needs `runtime::install_tls_provider()` first. |\n\
         | `rustls-aws-lc` | no | TLS by rustls with aws-lc-rs (reqwest's own default; a large C \
         build). |\n\
         | `native-tls` | no | The platform's TLS library (OpenSSL on Linux, which needs its \
         development headers). |\n\
         | `tracing` | no | One `tracing` span per request: method, path template, status and \
         latency, never bodies or credentials. |\n\
         | `test-util` | no | `stubs::Stubs`: in-process answers for tests of code that calls \
         this API (see *Testing*). |\n\
         | `validate-responses` | no | With `ClientBuilder::validate_responses(true)`, each \
         success is checked against the spec's constraints and every broken rule is a `tracing` \
         warning (field path, rule, spec location; never the value). The response is returned \
         either way. |\n\n\
         Enable one TLS feature: to change it, turn the default off \
         (`default-features = false, features = [\"native-tls\"]`). Without any, a client whose URL \
         is `https://` fails at `build()` with `BuildError::TlsUnavailable`.\n",
    );
    if !groups.enabled() {
        return out;
    }
    out.push_str(
        "\nEach operation group (the operation's first tag, else its path's first segment) is a \
         feature that compiles its operations and the types they use; `full`, a default \
         feature, enables every group. A service that calls one group builds less with \
         `default-features = false, features = [\"rustls-ring\", \"<group>\"]`.\n\n\
         | group | operations |\n|---|---|\n",
    );
    for (index, name) in groups.names().iter().enumerate() {
        out.push_str(&format!("| `{name}` | {} |\n", groups.summary(api, index)));
    }
    out
}
