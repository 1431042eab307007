//! Integration tests of the runtime against mock servers on 127.0.0.1.
//!
//! They are one test binary with a module per concern, so the heavy dependencies link once.

mod auth;
mod bodies;
mod config;
mod error_helpers;
mod paths;
mod responses;
mod retries;
mod support;
#[cfg(feature = "tracing")]
mod tracing_span;
