//! Fuzz target: the whole generator on arbitrary bytes as the spec file.
//!
//! The bytes are written to a scratch `spec.yaml` and `clientgen::generate` runs on it (load,
//! lower, check and emit, with example and conformance tests). The property: it returns, with
//! a crate or with diagnostics, and never panics, overflows its stack or hangs (libFuzzer's
//! `-timeout`). Seeds: `fuzz/corpus/pipeline_bytes/` and the real specs in `fuzz/seeds/`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    clientgen_fuzz::pipeline::generate(data, None);
});
