//! Helpers shared by the test suites under `tests/tests/`: paths, and scratch Cargo workspaces
//! in which generated crates are built the way a user would build them.

use std::path::{Path, PathBuf};

pub mod modules;

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The real-world specs the repository keeps (origin and licence in its `SOURCES.md`).
pub fn corpus_dir() -> PathBuf {
    repo_root().join("specs/corpus")
}

/// The vendors' pages the hand-written specs were written from.
pub fn vendor_docs_dir() -> PathBuf {
    repo_root().join("specs/vendor-docs")
}

/// The target directory that scratch workspaces share, so dependencies are built once.
pub fn scratch_target() -> PathBuf {
    repo_root().join("target/scratch")
}

/// A fresh directory under `target/scratch-workspaces/<name>`.
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = repo_root().join("target/scratch-workspaces").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch directory");
    dir
}

/// The hand-written vendor specs, `specs/*.yaml`, sorted.
pub fn vendor_specs() -> Vec<PathBuf> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(repo_root().join("specs"))
        .expect("specs/")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    specs.sort();
    specs
}

/// Writes a workspace manifest listing `members`, with the repository's lock file so the
/// scratch build uses the same dependency versions as the repository.
pub fn write_workspace(dir: &Path, members: &[String]) {
    clientgen::corpus::write_workspace(dir, members, Some(&repo_root().join("Cargo.lock")))
        .expect("write the scratch workspace");
}

/// Generates `spec` as a workspace member crate `dir/<member>`; `display` names the spec in
/// diagnostics and headers.
pub fn generate_member(
    spec: &Path,
    display: &str,
    dir: &Path,
    member: &str,
) -> Result<clientgen::Generated, String> {
    let runtime = clientgen::dependency::RuntimeSource::Path(repo_root().join("runtime"));
    let options = clientgen::Options {
        spec_display: Some(display.to_string()),
        ..clientgen::Options::default()
    };
    clientgen::workspace::generate_member(spec, &dir.join(member), Some(&runtime), options)
        .map_err(|e| e.to_string())
}

/// Runs `cargo <args>` in `dir` with the shared scratch target; returns (success, output).
pub fn cargo(dir: &Path, args: &[&str], envs: &[(&str, &str)]) -> (bool, String) {
    clientgen::corpus::cargo(dir, &scratch_target(), args, envs)
}

/// Directories that hold build output or installed tools, not the repository's own files.
const SKIPPED: &[&str] = &["target", ".git", "node_modules", ".venv", "progenitor"];

/// Every file of the repository's own, sorted.
pub fn repository_files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![repo_root()];
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            let name = entry.file_name();
            if path.is_dir() {
                if !SKIPPED.iter().any(|s| name == *s) {
                    stack.push(path);
                }
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}
