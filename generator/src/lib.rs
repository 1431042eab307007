//! clientgen turns an OpenAPI spec into a typed Rust client crate.
//!
//! The pipeline is a straight line, one module per stage: `load` reads and bundles the spec,
//! `lower` builds the owned [`mod@model`], `check` verifies it, and [`emit`] writes the crate's
//! files. [`generate`] runs all four, [`model()`] the first three. Problems are collected as
//! located [`diagnostics`] and reported all at once; nothing on the way panics on bad input. The
//! public interface is the model and the diagnostics: no `openapiv3` type appears in it.

// Spec-derived data never panics the generator: no indexing, slicing, unwrap, expect or panic
// outside tests, except where an `allow` says why the case is proven.
#![cfg_attr(
    not(test),
    deny(
        clippy::indexing_slicing,
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic
    )
)]

mod check;
pub mod corpus;
pub mod dependency;
pub mod diagnostics;
pub mod diff;
pub mod emit;
pub mod import;
mod load;
mod lower;
pub mod model;
pub mod naming;
pub mod reference;
pub mod rust_type;
pub mod template;
pub mod workspace;

use diagnostics::Diagnostics;
use emit::{CrateOptions, GeneratedFile};
use std::path::Path;

/// How to generate one crate.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// How the spec is named in diagnostics and headers; defaults to the path as given.
    pub spec_display: Option<String>,
    /// The crate name; defaults to the spec's `x-crate.name`, else `<file stem>-client`.
    pub crate_name: Option<String>,
    /// The crate version; defaults to [`model::Info::generated_crate_version`].
    pub crate_version: Option<String>,
    /// Treat every warning as an error.
    pub strict: bool,
    /// How the generated crate depends on the runtime (by default the path from
    /// `generated/<crate>` to this repository's `runtime/`).
    pub runtime: dependency::RuntimeDependency,
    /// Whether the crate is its own workspace (for crates generated outside this repository).
    pub standalone: bool,
    /// Whether to emit a test that decodes every example of the spec (`tests/examples.rs`).
    pub example_tests: bool,
    /// Whether to emit a test that calls every operation against Prism (`tests/conformance.rs`).
    pub conformance_tests: bool,
}

/// A generated crate.
pub struct Generated {
    /// The files, with paths relative to the crate root.
    pub files: Vec<GeneratedFile>,
    /// The warnings the spec produced.
    pub diagnostics: Diagnostics,
    /// The model the files were emitted from.
    pub api: model::Api,
    /// The crate's package name.
    pub crate_name: String,
}

/// The stack the pipeline runs on. Lowering follows references depth first, and a spec's
/// reference graph may be thousands of schemas deep: the 8 MB of a main thread would overflow
/// before lowering's own bound refuses the spec with a located error. Only the pages used are
/// committed, so a large reservation costs nothing on ordinary specs.
pub const PIPELINE_STACK: usize = 512 << 20;

/// Runs `work` on a thread with [`PIPELINE_STACK`] bytes of stack (or on this thread, when no
/// thread can be started), and returns its result; a panic in `work` propagates.
fn on_pipeline_stack<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    let slot = std::sync::Mutex::new(Some(work));
    let take = || slot.lock().ok().and_then(|mut work| work.take());
    let outcome = std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("clientgen-pipeline".into())
            .stack_size(PIPELINE_STACK)
            .spawn_scoped(scope, || take().map(|work| work()))
            .ok()?;
        Some(handle.join())
    });
    match outcome {
        Some(Ok(Some(value))) => value,
        Some(Err(panic)) => std::panic::resume_unwind(panic),
        // The thread could not start (the work is still in its slot) or found it taken.
        Some(Ok(None)) | None => match take() {
            Some(work) => work(),
            None => std::panic::resume_unwind(Box::new("the pipeline's work was lost")),
        },
    }
}

/// Loads, lowers and checks a spec: the model, with its warnings.
pub fn model(
    spec: &Path,
    display: &str,
    strict: bool,
) -> Result<(model::Api, Diagnostics), Diagnostics> {
    model_and_bundle(spec, display, strict).map(|(api, _, diags)| (api, diags))
}

/// [`model()`], with the bundled document the model was lowered from.
pub(crate) fn model_and_bundle(
    spec: &Path,
    display: &str,
    strict: bool,
) -> Result<(model::Api, serde_json::Value, Diagnostics), Diagnostics> {
    on_pipeline_stack(|| {
        let mut diags = Diagnostics::new(strict);
        let (api, loaded) = load_lower_check(spec, display, &mut diags)?;
        Ok((api, loaded.raw, diags))
    })
}

/// Runs the whole pipeline on one spec: load, lower, check, emit.
pub fn generate(spec: &Path, options: &Options) -> Result<Generated, Diagnostics> {
    on_pipeline_stack(|| {
        let display = options
            .spec_display
            .clone()
            .unwrap_or_else(|| spec.display().to_string());
        let mut diags = Diagnostics::new(options.strict);
        let (api, loaded) = load_lower_check(spec, &display, &mut diags)?;
        let crate_options = crate_options(&api, options, display);
        check::check_crate(
            &crate_options.name,
            &crate_options.version,
            &crate_options.spec_display,
            &mut diags,
        );
        diags.propagate()?;
        let files = emit::emit(&api, &crate_options, &loaded.raw, &mut diags);
        diags.propagate()?;
        Ok(Generated {
            files,
            diagnostics: diags,
            crate_name: crate_options.name,
            api,
        })
    })
}

/// The first three stages; each stops the pipeline when it has reported an error.
fn load_lower_check(
    spec: &Path,
    display: &str,
    diags: &mut Diagnostics,
) -> Result<(model::Api, load::Loaded), Diagnostics> {
    let Some(loaded) = load::load(spec, display, diags) else {
        return Err(std::mem::take(diags));
    };
    let api = lower::lower(&loaded, diags);
    diags.propagate()?;
    check::check(&api, diags);
    diags.propagate()?;
    Ok((api, loaded))
}

/// The name, version and other choices of the crate to emit.
fn crate_options(api: &model::Api, options: &Options, display: String) -> CrateOptions {
    CrateOptions {
        name: crate_name(api, options),
        version: options
            .crate_version
            .clone()
            .unwrap_or_else(|| api.info.generated_crate_version()),
        spec_display: display,
        runtime: options.runtime.clone(),
        standalone: options.standalone,
        example_tests: options.example_tests,
        conformance_tests: options.conformance_tests,
    }
}

/// The crate name: the option, else [`default_crate_name`].
fn crate_name(api: &model::Api, options: &Options) -> String {
    options
        .crate_name
        .clone()
        .unwrap_or_else(|| default_crate_name(api))
}

/// The crate name a spec gets by itself: `x-crate.name`, else `<file stem>-client` with the
/// stem's words joined by `-` (`oai__petstore.yaml` gives `oai-petstore-client`).
pub fn default_crate_name(api: &model::Api) -> String {
    if let Some(name) = &api.info.crate_name {
        return name.clone();
    }
    let stem = Path::new(&api.spec)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "api".into());
    let words: Vec<String> = stem
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let name = format!("{}-client", words.join("-"));
    // Cargo package names must start with a letter.
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name
    } else {
        format!("api-{name}")
    }
}
