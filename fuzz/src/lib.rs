//! Support code shared by the fuzz targets under `fuzz_targets/`.
//!
//! - [`pipeline`] writes a spec into a scratch folder and runs the whole generator on it.
//! - [`seeds`] holds the real specs that `pipeline_mutated` starts from.
//! - [`mutate`] changes a spec's JSON tree as `arbitrary` directs, drawing on [`hostile`] and
//!   walking the tree with [`tree`].
//! - [`json`] builds arbitrary JSON values of bounded size.
//! - [`shapes`] are response types like the generated ones, for `runtime_decode`.
//! - [`echo`] is a loopback HTTP server that sends every request back as its response body.
//! - [`wire`] parses what the echo server returns: the request target, headers and bodies.
//! - [`roundtrip`] turns `param_roundtrip`'s input into a request.
//! - [`expect`] says what each parameter must decode back to; [`names`] supplies their names.
//!
//! Run the targets with `cargo xtask fuzz [TARGET] [--time SECS]`.

pub mod echo;
pub mod expect;
pub mod hostile;
pub mod json;
pub mod mutate;
pub mod names;
pub mod pipeline;
pub mod roundtrip;
pub mod seeds;
pub mod shapes;
pub mod tree;
pub mod wire;

/// Whether the finding `id` is listed in the environment variable `CLIENTGEN_FUZZ_KNOWN`
/// (comma-separated), so that a long run can go on past a bug that is reported but not fixed
/// yet. By default (and in CI) nothing is listed and every finding fails.
pub fn known(id: &str) -> bool {
    static KNOWN: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    KNOWN
        .get_or_init(|| {
            let list = std::env::var("CLIENTGEN_FUZZ_KNOWN").unwrap_or_default();
            list.split(',').map(|id| id.trim().to_owned()).collect()
        })
        .iter()
        .any(|known| known == id)
}
