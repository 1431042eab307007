//! Adversarial wire tests of the generated vendor clients against a mock server on 127.0.0.1:
//! what is retried and what is never sent twice (the "never book a patient twice" guarantee),
//! path parameters that try to change the path or query, credentials that try to inject headers,
//! and garbage, empty, huge and undocumented responses. Each module holds one of these concerns;
//! `support` holds the request and response bodies several of them use.

#[path = "../common/mod.rs"]
mod common;
mod support;

mod credentials;
mod huge;
mod paths;
mod responses;
mod retries;
mod timeouts;
