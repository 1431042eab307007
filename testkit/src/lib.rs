//! Test support for generated clients: [`Prism`] runs the Prism mock server (which validates
//! every request against the spec) on a free loopback port, and [`Report`] collects every
//! conformance failure of a run so they are reported together. [`capture::Capture`] is a
//! `tracing` subscriber that keeps what a client reports.

pub mod capture;
mod prism;
mod report;

pub use prism::Prism;
pub use report::Report;
/// The async runtime the generated conformance tests run on.
pub use tokio;
