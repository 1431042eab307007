//! Section 3a: the overhead per request of the generated VectorCare client against a
//! hand-written reqwest + serde call doing the same, both against one loopback server that
//! answers with the documented request-detail example.

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

/// Per-call latencies of both clients.
pub struct Overhead {
    /// Calls per client.
    pub calls: usize,
    /// The response body's size.
    pub body_bytes: usize,
    /// The generated client's latencies.
    pub generated: Vec<Duration>,
    /// The hand-written call's latencies.
    pub hand_written: Vec<Duration>,
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
        // The generated client's build installed the TLS provider that this client needs too.
        let http = reqwest::Client::builder().build()?;
        let params = GetRequestDetailParams::default();

        let generated_call = || async {
            let detail = generated.get_request_detail(REQUEST_ID, &params).await?;
            Ok::<_, anyhow::Error>(detail.into_inner())
        };
        let hand_written_call = || hand_written(&http, &base);

        compare_and_measure(calls, body_bytes, generated_call, hand_written_call).await
    })
}

/// The single-threaded runtime the clients of a request benchmark run on.
pub fn client_runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the client's runtime")
}

/// Checks that both calls read the same value, then times them with [`measure`].
pub async fn compare_and_measure<T, A, B, FA, FB>(
    calls: usize,
    body_bytes: usize,
    generated: A,
    hand_written: B,
) -> Result<Overhead>
where
    T: PartialEq,
    A: Fn() -> FA,
    B: Fn() -> FB,
    FA: std::future::Future<Output = Result<T>>,
    FB: std::future::Future<Output = Result<T>>,
{
    // Both must read the same value before either is timed.
    let ours = generated().await.context("the generated client failed")?;
    let theirs = hand_written()
        .await
        .context("the hand-written call failed")?;
    if ours != theirs {
        bail!("the two clients decoded different values");
    }
    let (generated, hand_written) = measure(calls, generated, hand_written).await?;
    Ok(Overhead {
        calls,
        body_bytes,
        generated,
        hand_written,
    })
}

/// Times `calls` calls of each, interleaved in blocks of 500 so that drift in the machine's
/// speed affects both alike, after a warm-up of a tenth as many.
pub async fn measure<T, A, B, FA, FB>(
    calls: usize,
    generated: A,
    hand_written: B,
) -> Result<(Vec<Duration>, Vec<Duration>)>
where
    A: Fn() -> FA,
    B: Fn() -> FB,
    FA: std::future::Future<Output = Result<T>>,
    FB: std::future::Future<Output = Result<T>>,
{
    let warm_up = (calls / 10).max(1);
    for _ in 0..warm_up {
        generated().await?;
        hand_written().await?;
    }
    let block = 500.min(calls);
    let mut generated_samples = Vec::with_capacity(calls);
    let mut hand_written_samples = Vec::with_capacity(calls);
    while generated_samples.len() < calls {
        let n = block.min(calls - generated_samples.len());
        for _ in 0..n {
            let start = Instant::now();
            std::hint::black_box(generated().await?);
            generated_samples.push(start.elapsed());
        }
        for _ in 0..n {
            let start = Instant::now();
            std::hint::black_box(hand_written().await?);
            hand_written_samples.push(start.elapsed());
        }
    }
    Ok((generated_samples, hand_written_samples))
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
        "{} calls each, {}-byte response, interleaved in blocks of 500 after a warm-up.\n\n\
         | client | median (µs) | p90 (µs) | p99 (µs) |\n|---|---:|---:|---:|\n",
        overhead.calls, overhead.body_bytes
    );
    out.push_str(&row(generated, &overhead.generated));
    out.push_str(&row("hand-written reqwest + serde", &overhead.hand_written));
    out.push_str(&format!(
        "\nRatio of medians, generated / hand-written: **{}**\n",
        crate::stats::ratio(median(&overhead.generated), median(&overhead.hand_written))
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
