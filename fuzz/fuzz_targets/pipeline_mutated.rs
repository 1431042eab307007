//! Fuzz target: the whole generator on structure-aware mutations of real specs.
//!
//! The input drives `arbitrary`: it picks one of the seed specs in `fuzz/seeds/` and edits its
//! JSON tree (drops and repeats keys, swaps value types, retargets `$ref`s, inserts hostile
//! names and huge numbers, nests deeply), then writes it as JSON or YAML, sometimes with a second
//! mutated file beside it that references may point into. `clientgen::generate` runs on the
//! result. The property: it returns, with a crate or with diagnostics, and never panics,
//! overflows its stack or hangs.
#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(spec) = clientgen_fuzz::mutate::mutated_spec(&mut u) else {
        return;
    };
    clientgen_fuzz::pipeline::generate(
        spec.root.as_bytes(),
        spec.sibling.as_deref().map(str::as_bytes),
    );
});
