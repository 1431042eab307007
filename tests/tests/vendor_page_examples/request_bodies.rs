//! The request bodies on the vendor pages (the curl examples and VectorCare's simple service)
//! decode into the generated request types.

use serde_json::Value;

use crate::support::{json_after, page};

#[test]
fn request_examples_on_the_pages_decode_into_the_request_types() {
    let text = page("vectorcare-create-service-request.txt");
    let simple: vectorcare_client::types::CreateExampleServiceRequestBody =
        serde_json::from_str(json_after(&text, "A simple service might look like this:"))
            .expect("the page's simple service body");
    assert_eq!(simple.patient.first_name, "string");
    let curl: Value = serde_json::from_str(json_after(&text, "-d '")).expect("the curl body");
    assert_eq!(curl["patient"]["id"], "PAT-001");

    let text = page("carecycle-create-customer-provider.txt");
    let body: carecycle_client::types::CreateCustomerProviderRequest =
        serde_json::from_str(json_after(&text, "-d '")).expect("the curl body");
    assert_eq!(
        body.provider_type,
        carecycle_client::types::ProviderType::PrimaryCare
    );
    assert_eq!(body.specialty, None);

    let text = page("carevalidate-request-refill-url.txt");
    let body: carevalidate_client::types::RequestRefillUrlAction =
        serde_json::from_str(json_after(&text, "--data-raw '")).expect("the curl body");
    assert_eq!(
        body.organization_product_id
            .map(|id| id.to_string())
            .as_deref(),
        Some("e9a3e6a5-9538-4401-99bb-ead475547a36")
    );
}
