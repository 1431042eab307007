//! `cargo xtask bench`: builds the generator and the benchmark in release mode and runs the
//! benchmark, which prints the report and writes `BENCHMARKS.md` (see `bench/`).

use anyhow::{bail, Context, Result};
use std::path::Path;
use std::process::Command;

/// Builds `clientgen` and `clientgen-bench` with the release profile, then runs the benchmark
/// with `args` passed through (`--runs`, `--calls`, `--only`, `--no-install`, `--no-write`).
pub fn bench(root: &Path, args: &[String]) -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(&cargo)
        .current_dir(root)
        .args(["build", "--release", "--bins", "--package", "clientgen"])
        .args(["--package", "clientgen-bench"])
        .status()
        .context("cannot run cargo build")?;
    if !status.success() {
        bail!("building the release binaries failed");
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let release = target.join("release");
    let mut command_line = String::from("cargo xtask bench");
    for arg in args {
        command_line.push(' ');
        command_line.push_str(arg);
    }
    let status = Command::new(release.join("clientgen-bench"))
        .current_dir(root)
        .arg("--root")
        .arg(root)
        .arg("--clientgen")
        .arg(release.join("clientgen"))
        .arg("--command")
        .arg(&command_line)
        .args(args)
        .status()
        .context("cannot run clientgen-bench")?;
    if !status.success() {
        bail!("the benchmark failed");
    }
    Ok(())
}
