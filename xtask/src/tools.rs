//! Cargo subcommands the checks need, installed at pinned releases into the git-ignored
//! `tools/<name>` so that a fresh clone gets the same versions as CI.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The cargo-fuzz release that `cargo xtask fuzz` runs.
pub const CARGO_FUZZ_VERSION: &str = "0.13.2";

/// The cargo-machete release that the code-shape test runs to find unused dependencies.
pub const CARGO_MACHETE_VERSION: &str = "0.9.2";

/// The installed binary of a tool.
pub fn binary(root: &Path, name: &str) -> PathBuf {
    root.join("tools").join(name).join("bin").join(name)
}

/// Installs a pinned release of a cargo subcommand into `tools/<name>`, if it is missing.
pub fn install(root: &Path, name: &str, version: &str) -> Result<()> {
    if binary(root, name).exists() {
        return Ok(());
    }
    eprintln!("==> install {name} {version} into tools/{name}");
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["install", name, "--locked", "--version", version, "--root"])
        .arg(root.join("tools").join(name))
        .status()
        .with_context(|| format!("cannot run cargo install {name}"))?;
    if !status.success() {
        bail!("cargo install {name} --version {version} failed ({status})");
    }
    Ok(())
}
