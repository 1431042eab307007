//! Section 3b: the overhead per request of a call whose body the client validates first: the
//! generated careCycle client's `create_customer_provider` with every field set (sixteen
//! length limits and a closed enum checked before sending) against a hand-written reqwest +
//! serde POST of the same body, both against one loopback server that answers 201.

use anyhow::{bail, Result};
use carecycle_client::types::{CreateCustomerProviderRequest, CustomerProvider, ProviderType};
use clientgen_runtime::reqwest;

use crate::requests::{client_runtime, compare_and_measure, configured_reqwest, Calls, Overhead};
use crate::server;

const KEY: &str = "bench-key";
const CUSTOMER: &str = "497f6eca-6276-4993-bfeb-53cbbbba6f08";

/// A request with every field set, each within its limit.
fn request() -> CreateCustomerProviderRequest {
    CreateCustomerProviderRequest::new(ProviderType::Specialist)
        .with_specialty("Cardiology")
        .with_provider_name("Dr. Jane Example")
        .with_practice_name("Example Heart Clinic")
        .with_npi("1234567893")
        .with_phone("+1 555 0100")
        .with_fax("+1 555 0101")
        .with_email("clinic@example.com")
        .with_address("1 Example Street")
        .with_address2("Suite 200")
        .with_city("Springfield")
        .with_state("IL")
        .with_postal_code("62701")
        .with_is_primary_provider(false)
        .with_is_active(true)
        .with_notes("Sees patients on Tuesdays and Thursdays.")
}

/// The 201 body: the provider as stored, built from the request.
fn created() -> Result<CustomerProvider> {
    let sent = serde_json::to_value(request())?;
    let mut stored = serde_json::json!({
        "id": "0b8e4f3a-1f7c-4d5e-9a2b-3c4d5e6f7a8b",
        "createdAt": "2026-12-01T10:00:00Z",
        "updatedAt": "2026-12-01T10:00:00Z",
        "customerId": CUSTOMER,
    });
    if let (Some(stored), Some(sent)) = (stored.as_object_mut(), sent.as_object()) {
        stored.extend(sent.clone());
    }
    Ok(serde_json::from_value(stored)?)
}

/// Runs `calls` requests with each client, as [`crate::requests::run`] does.
pub fn run(calls: usize) -> Result<Overhead> {
    let body = serde_json::to_vec(&created()?)?;
    let body_bytes = body.len();
    let address = server::serve(server::Route {
        request_line: format!("POST /v2/customers/{CUSTOMER}/providers HTTP/1.1"),
        credential: format!("x-api-key: {KEY}"),
        reply: server::reply(201, &body),
    })?;
    let base = format!("http://{address}");
    client_runtime()?.block_on(async move {
        let generated = carecycle_client::Client::builder(
            carecycle_client::Environment::Production,
            carecycle_client::Credentials::new().with_api_key(KEY)?,
        )
        .base_url(base.clone())
        .build()?;
        let http = configured_reqwest()?;
        let bare = reqwest::Client::new();
        let customer = CUSTOMER.parse()?;
        let body = request();

        let calls_of = Calls {
            generated: || async {
                let created = generated.create_customer_provider(customer, &body).await?;
                Ok::<_, anyhow::Error>(created.into_inner())
            },
            hand_written: || hand_written(&http, &base, &body),
            bare: || hand_written(&bare, &base, &body),
        };
        // The value all decode must be the provider the server stores.
        if (calls_of.generated)().await? != created()? {
            bail!("the generated client decoded another provider");
        }
        compare_and_measure(calls, body_bytes, calls_of).await
    })
}

/// What a developer would write by hand: the same POST, key and JSON body, a status check and
/// serde into the same type, and no validation.
async fn hand_written(
    http: &reqwest::Client,
    base: &str,
    body: &CreateCustomerProviderRequest,
) -> Result<CustomerProvider> {
    let response = http
        .post(format!("{base}/v2/customers/{CUSTOMER}/providers"))
        .header("x-api-key", KEY)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(reqwest::header::ACCEPT, "application/json")
        .body(serde_json::to_vec(body)?)
        .send()
        .await?;
    if response.status() != reqwest::StatusCode::CREATED {
        bail!("unexpected status {}", response.status());
    }
    let bytes = response.bytes().await?;
    Ok(serde_json::from_slice(&bytes)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_clients_create_the_same_provider() {
        // `run` fails unless both reach the server's one accepted request and agree.
        let overhead = run(20).expect("the benchmark runs");
        assert_eq!(overhead.generated.len(), 20);
        assert!(overhead.body_bytes > 300);
    }
}
