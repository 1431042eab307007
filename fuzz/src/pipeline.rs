//! Runs the whole generator (`clientgen::generate`) on spec text written to a scratch folder.
//!
//! The generator reads specs from files (a spec may refer to others beside it), so each run
//! writes the root spec, and optionally a second file that it may `$ref`, into a folder of its
//! own process under the system's temporary directory.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The name of the root spec file in the scratch folder.
pub const ROOT: &str = "spec.yaml";

/// The name of the second file, which mutated specs may refer to.
pub const SIBLING: &str = "other.yaml";

/// The scratch folder of this process, created on first use.
fn scratch() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("clientgen-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("the scratch folder can be created");
        dir
    })
}

/// Writes `root` (and `sibling`, or removes a stale one) and generates a crate from it.
///
/// Whatever the generator returns is fine; the property is that it returns at all, without a
/// panic, and within libFuzzer's time limit.
pub fn generate(root: &[u8], sibling: Option<&[u8]>) {
    let dir = scratch();
    let root_path = dir.join(ROOT);
    std::fs::write(&root_path, root).expect("the scratch spec can be written");
    let sibling_path = dir.join(SIBLING);
    match sibling {
        Some(text) => std::fs::write(&sibling_path, text).expect("the sibling can be written"),
        None => {
            // A leftover from an earlier input must not change what this one means.
            let _ = std::fs::remove_file(&sibling_path);
        }
    }
    // `CLIENTGEN_FUZZ_DUMP=DIR` keeps a copy of the files, to turn a mutated input into a spec.
    if let Some(dump) = std::env::var_os("CLIENTGEN_FUZZ_DUMP") {
        let dump = Path::new(&dump);
        let _ = std::fs::create_dir_all(dump);
        let _ = std::fs::copy(&root_path, dump.join(ROOT));
        let _ = std::fs::copy(&sibling_path, dump.join(SIBLING));
    }
    let options = clientgen::Options {
        spec_display: Some(ROOT.to_owned()),
        example_tests: true,
        conformance_tests: true,
        ..clientgen::Options::default()
    };
    let _ = clientgen::generate(&root_path, &options);
}
