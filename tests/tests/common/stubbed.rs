//! Helpers of the tests that run vendor clients against the `test-util` stubs.

use carecycle_client::types::{CustomerProvider, ProviderType};
use clientgen_runtime::uuid::Uuid;

/// The customer every careCycle stub test creates a provider for.
pub const CUSTOMER: &str = "497f6eca-6276-4993-bfeb-53cbbbba6f08";

/// [`CUSTOMER`] as a UUID.
pub fn customer() -> Uuid {
    CUSTOMER.parse().expect("a uuid")
}

/// A stored careCycle provider of [`CUSTOMER`], with `notes`.
pub fn provider(notes: Option<String>) -> CustomerProvider {
    CustomerProvider::new(
        "0b8e4f3a-1f7c-4d5e-9a2b-3c4d5e6f7a8b"
            .parse()
            .expect("a uuid"),
        "2026-12-01T10:00:00Z",
        "2026-12-01T10:00:00Z",
        customer(),
        ProviderType::PrimaryCare,
        None,
        Some("Dr. Example".to_string()),
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        Some(true),
        Some(true),
        notes,
    )
}

/// A builder of a careCycle client on `stubs`, to change its settings.
pub fn carecycle_builder(
    stubs: &carecycle_client::stubs::Stubs,
) -> carecycle_client::ClientBuilder {
    stubs.client_builder(
        carecycle_client::Environment::default(),
        carecycle_client::Credentials::new()
            .with_api_key("k")
            .expect("credentials"),
    )
}
