//! The TLS implementation of the runtime's own HTTP client, chosen by cargo feature:
//! `rustls-ring` (the default), `rustls-aws-lc` or `native-tls`.

/// Whether this build can send requests over `https://` at all.
pub(crate) const AVAILABLE: bool = cfg!(any(
    feature = "rustls-ring",
    feature = "rustls-aws-lc",
    feature = "native-tls"
));

/// Makes ring the process's default rustls crypto provider, unless one is installed already.
///
/// With the `rustls-ring` feature, reqwest's rustls support is built without a crypto provider of
/// its own, for every `reqwest::Client` in the program (Cargo unifies features): such a client
/// takes the process's default provider, and `reqwest::Client::new()` panics when there is none.
/// The runtime calls this before it builds its own client; call it before building a
/// `reqwest::Client` of your own that may come first. An installed provider always wins, and
/// calling it again does nothing. Without `rustls-ring`, or with `rustls-aws-lc` (which brings
/// reqwest's own provider), it does nothing.
pub fn install_tls_provider() {
    #[cfg(all(feature = "rustls-ring", not(feature = "rustls-aws-lc")))]
    {
        if rustls::crypto::CryptoProvider::get_default().is_none() {
            // An error means another thread installed a provider meanwhile, which is as good.
            let _ = rustls::crypto::ring::default_provider().install_default();
        }
    }
}
