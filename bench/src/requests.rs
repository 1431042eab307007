//! Section 3a: the overhead per request of the generated VectorCare client against a
//! hand-written reqwest + serde call doing the same, both against one loopback server that
//! answers with the documented request-detail example.
//!
//! The hand-written call that the goal compares with uses a reqwest client set up as the
//! generated client sets up its own: the same 30 s request timeout, 10 s connect timeout and
//! `User-Agent`, so that both send the same bytes and arm the same timer. A call on a bare
//! `reqwest::Client::new()`, which has no timeout at all, is measured beside them.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use clientgen_runtime::reqwest;
use vectorcare_client::types::{GetRequestDetailParams, RequestDetail};

use crate::server;
use crate::stats::{median, percentile};

const TOKEN: &str = "bench-token";
const REQUEST_ID: &str = "EE5A6YZL";
const PATH: &str = "/openapi/v1.0/requests/EE5A6YZL/";

/// How many calls of each client make one block of the interleaved measurement.
pub const BLOCK: usize = 500;

/// Per-call latencies of the three clients, in the order they were measured.
pub struct Overhead {
    /// Calls per client.
    pub calls: usize,
    /// The response body's size.
    pub body_bytes: usize,
    /// The generated client's latencies.
    pub generated: Vec<Duration>,
    /// The hand-written call's latencies, on a client set up as the generated one is.
    pub hand_written: Vec<Duration>,
    /// The same hand-written call on a bare `reqwest::Client::new()` (no timeout).
    pub bare: Vec<Duration>,
}

/// The three calls a request benchmark compares.
pub struct Calls<A, B, C> {
    /// The generated client's call.
    pub generated: A,
    /// The hand-written call on a client set up as the generated one is.
    pub hand_written: B,
    /// The hand-written call on a bare client.
    pub bare: C,
}

/// A reqwest client set up as the generated client sets up its own (see the module docs).
pub fn configured_reqwest() -> Result<reqwest::Client> {
    Ok(reqwest::Client::builder()
        .timeout(clientgen_runtime::DEFAULT_TIMEOUT)
        .connect_timeout(clientgen_runtime::DEFAULT_CONNECT_TIMEOUT)
        .user_agent(clientgen_runtime::DEFAULT_USER_AGENT)
        .build()?)
}

/// Runs `calls` requests with each client, interleaved in blocks so that drift in the
/// machine's speed affects both alike, after a warm-up of a tenth as many.
pub fn run(root: &Path, calls: usize) -> Result<Overhead> {
    let body = documented_example(root)?;
    let body_bytes = body.len();
    let address = server::serve(server::Route {
        request_line: format!("GET {PATH} HTTP/1.1"),
        credential: format!("authorization: bearer {TOKEN}"),
        reply: server::reply(200, &body),
    })?;
    let base = format!("http://{address}");
    client_runtime()?.block_on(async move {
        let generated = vectorcare_client::Client::builder(
            vectorcare_client::Environment::Production,
            vectorcare_client::Credentials::new().with_bearer_auth(TOKEN)?,
        )
        .base_url(base.clone())
        .build()?;
        // The generated client's build installed the TLS provider that these clients need too.
        let http = configured_reqwest()?;
        let bare = reqwest::Client::new();
        let params = GetRequestDetailParams::default();

        let calls_of = Calls {
            generated: || async {
                let detail = generated.get_request_detail(REQUEST_ID, &params).await?;
                Ok::<_, anyhow::Error>(detail.into_inner())
            },
            hand_written: || hand_written(&http, &base),
            bare: || hand_written(&bare, &base),
        };
        compare_and_measure(calls, body_bytes, calls_of).await
    })
}

/// The single-threaded runtime the clients of a request benchmark run on.
pub fn client_runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the client's runtime")
}

/// Checks that the three calls read the same value, then times them with [`measure`].
pub async fn compare_and_measure<T, A, B, C, FA, FB, FC>(
    calls: usize,
    body_bytes: usize,
    of: Calls<A, B, C>,
) -> Result<Overhead>
where
    T: PartialEq,
    A: Fn() -> FA,
    B: Fn() -> FB,
    C: Fn() -> FC,
    FA: std::future::Future<Output = Result<T>>,
    FB: std::future::Future<Output = Result<T>>,
    FC: std::future::Future<Output = Result<T>>,
{
    // All must read the same value before any is timed.
    let ours = (of.generated)()
        .await
        .context("the generated client failed")?;
    let theirs = (of.hand_written)()
        .await
        .context("the hand-written call failed")?;
    let bare = (of.bare)().await.context("the bare call failed")?;
    if ours != theirs || ours != bare {
        bail!("the clients decoded different values");
    }
    measure(calls, body_bytes, of).await
}

/// Times `calls` calls of each, interleaved in blocks of [`BLOCK`] so that drift in the
/// machine's speed affects all alike, after a warm-up of a tenth as many.
pub async fn measure<T, A, B, C, FA, FB, FC>(
    calls: usize,
    body_bytes: usize,
    of: Calls<A, B, C>,
) -> Result<Overhead>
where
    A: Fn() -> FA,
    B: Fn() -> FB,
    C: Fn() -> FC,
    FA: std::future::Future<Output = Result<T>>,
    FB: std::future::Future<Output = Result<T>>,
    FC: std::future::Future<Output = Result<T>>,
{
    let warm_up = (calls / 10).max(1);
    for _ in 0..warm_up {
        (of.generated)().await?;
        (of.hand_written)().await?;
        (of.bare)().await?;
    }
    let block = BLOCK.min(calls);
    let mut overhead = Overhead {
        calls,
        body_bytes,
        generated: Vec::with_capacity(calls),
        hand_written: Vec::with_capacity(calls),
        bare: Vec::with_capacity(calls),
    };
    while overhead.generated.len() < calls {
        let n = block.min(calls - overhead.generated.len());
        time_block(n, &of.generated, &mut overhead.generated).await?;
        time_block(n, &of.hand_written, &mut overhead.hand_written).await?;
        time_block(n, &of.bare, &mut overhead.bare).await?;
    }
    Ok(overhead)
}

/// Times `n` calls of `call` one by one, appending each latency to `samples`.
async fn time_block<T, F, Fut>(n: usize, call: &F, samples: &mut Vec<Duration>) -> Result<()>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<T>>,
{
    for _ in 0..n {
        let start = Instant::now();
        std::hint::black_box(call().await?);
        samples.push(start.elapsed());
    }
    Ok(())
}

/// What a developer would write by hand for the same call: the same path, bearer token and
/// `Accept` header, a status check, and serde into the same type.
async fn hand_written(http: &reqwest::Client, base: &str) -> Result<RequestDetail> {
    let response = http
        .get(format!("{base}/openapi/v1.0/requests/{REQUEST_ID}/"))
        .bearer_auth(TOKEN)
        .header(reqwest::header::ACCEPT, "application/json")
        .send()
        .await?;
    if response.status() != reqwest::StatusCode::OK {
        bail!("unexpected status {}", response.status());
    }
    let body = response.bytes().await?;
    Ok(serde_json::from_slice(&body)?)
}

/// The 200 example of `getRequestDetail` from the bundled spec.
fn documented_example(root: &Path) -> Result<Vec<u8>> {
    let path = root.join("generated/vectorcare/openapi.json");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let spec: serde_json::Value = serde_json::from_str(&text)?;
    let example = spec
        .pointer("/paths/~1openapi~1v1.0~1requests~1{request_id}~1/get/responses/200/content/application~1json/example")
        .with_context(|| format!("{}: getRequestDetail has no 200 example", path.display()))?;
    Ok(serde_json::to_vec(example)?)
}

/// The request-overhead table in markdown, `generated` naming the generated call.
pub fn table(overhead: &Overhead, generated: &str) -> String {
    let row = |name: &str, samples: &[Duration]| {
        format!(
            "| {name} | {} | {} | {} |\n",
            crate::stats::us(median(samples)),
            crate::stats::us(percentile(samples, 90.0)),
            crate::stats::us(percentile(samples, 99.0)),
        )
    };
    let mut out = format!(
        "{} calls each, {}-byte response, interleaved in blocks of {BLOCK} after a warm-up.\n\n\
         | client | median (µs) | p90 (µs) | p99 (µs) |\n|---|---:|---:|---:|\n",
        overhead.calls, overhead.body_bytes
    );
    out.push_str(&row(generated, &overhead.generated));
    out.push_str(&row(
        "hand-written reqwest + serde, client set up as the generated one",
        &overhead.hand_written,
    ));
    out.push_str(&row(
        "hand-written reqwest + serde, bare `reqwest::Client::new()`",
        &overhead.bare,
    ));
    let spread = crate::stats::block_ratios(&overhead.generated, &overhead.hand_written, BLOCK);
    out.push_str(&format!(
        "\nRatio of medians, generated / hand-written: **{}**; per block of {BLOCK}: median \
         {:.2}×, 10th to 90th percentile {:.2}× to {:.2}× ({} blocks). Generated / bare client: {}.\n",
        crate::stats::ratio(median(&overhead.generated), median(&overhead.hand_written)),
        crate::stats::quantile(&spread, 0.5),
        crate::stats::quantile(&spread, 0.1),
        crate::stats::quantile(&spread, 0.9),
        spread.len(),
        crate::stats::ratio(median(&overhead.generated), median(&overhead.bare)),
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_clients_send_the_same_request_and_decode_the_same_value() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        // `run` fails unless both reach the server's one accepted request and agree.
        let overhead = run(&root, 20).expect("the benchmark runs");
        assert_eq!(overhead.generated.len(), 20);
        assert_eq!(overhead.hand_written.len(), 20);
        assert_eq!(overhead.bare.len(), 20);
        assert!(overhead.body_bytes > 1000);
    }

    #[test]
    fn the_server_refuses_a_request_for_another_path() {
        let address = server::serve(server::Route {
            request_line: format!("GET {PATH} HTTP/1.1"),
            credential: format!("authorization: bearer {TOKEN}"),
            reply: server::reply(200, b"{}"),
        })
        .expect("a server");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        clientgen_runtime::install_tls_provider();
        let status = runtime.block_on(async {
            reqwest::Client::new()
                .get(format!("http://{address}/openapi/v1.0/requests/OTHER/"))
                .bearer_auth(TOKEN)
                .send()
                .await
                .map(|r| r.status())
        });
        assert_eq!(
            status.expect("a response"),
            reqwest::StatusCode::BAD_REQUEST
        );
    }
}
