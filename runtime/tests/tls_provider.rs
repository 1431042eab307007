//! The TLS provider of the default `rustls-ring` feature, in a process of its own so that no
//! other test has installed it first.

#[test]
fn a_programs_own_reqwest_client_builds_once_the_provider_is_installed() {
    // reqwest's rustls support has no provider of its own with `rustls-ring`: without one
    // installed, `Client::new()` panics.
    let before = std::panic::catch_unwind(clientgen_runtime::reqwest::Client::new);
    assert!(
        before.is_err(),
        "reqwest found a provider before any was installed"
    );
    clientgen_runtime::install_tls_provider();
    clientgen_runtime::install_tls_provider();
    let after = std::panic::catch_unwind(clientgen_runtime::reqwest::Client::new);
    assert!(after.is_ok(), "no provider after install_tls_provider()");
}
