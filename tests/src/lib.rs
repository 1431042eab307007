//! Helpers shared by the test suites under `tests/tests/`: paths, and scratch Cargo workspaces
//! in which generated crates are built the way a user would build them.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The shared folder beside the repository (vendor docs and the corpus).
pub fn shared_dir() -> PathBuf {
    repo_root().join("../shared")
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

/// Writes a workspace manifest listing `members`, with the repository's lock file so the
/// scratch build uses the same dependency versions as the repository.
pub fn write_workspace(dir: &Path, members: &[String]) {
    let list: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        list.join(", ")
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("write workspace manifest");
    std::fs::copy(repo_root().join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy Cargo.lock");
}

/// Generates `spec` as a workspace member crate `dir/<member>`; `display` names the spec in
/// diagnostics and headers.
pub fn generate_member(
    spec: &Path,
    display: &str,
    dir: &Path,
    member: &str,
) -> Result<clientgen::Generated, String> {
    let out = dir.join(member);
    let runtime = repo_root().join("runtime");
    let options = clientgen::Options {
        spec_display: Some(display.to_string()),
        ..clientgen::Options::default()
    };
    let generated = clientgen::workspace::generate_into(spec, &out, &runtime, options)
        .map_err(|e| e.to_string())?;
    // Members of the scratch workspace must not declare their own workspace.
    let manifest = out.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).map_err(|e| e.to_string())?;
    let text = text.replace(
        "\n# Built on its own, not as part of an enclosing workspace.\n[workspace]\n",
        "\n",
    );
    std::fs::write(&manifest, text).map_err(|e| e.to_string())?;
    Ok(generated)
}

/// Runs `cargo <args>` in `dir` with the shared scratch target; returns (success, output).
pub fn cargo(dir: &Path, args: &[&str], envs: &[(&str, &str)]) -> (bool, String) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", scratch_target());
    for (key, value) in envs {
        command.env(key, value);
    }
    match command.output() {
        Ok(output) => {
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
            (output.status.success(), text)
        }
        Err(err) => (false, format!("cannot run cargo: {err}")),
    }
}
