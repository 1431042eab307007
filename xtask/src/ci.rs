//! `cargo xtask install-tools` and `cargo xtask ci`: the whole test suite, exactly as CI runs it.

use crate::tools;
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The Node tools (Redocly, Prism), pinned in `tools/node/package-lock.json`.
pub fn node_bin(root: &Path, tool: &str) -> PathBuf {
    root.join("tools/node/node_modules/.bin").join(tool)
}

/// The Python virtual environment with the spec validators.
fn venv_bin(root: &Path, tool: &str) -> PathBuf {
    root.join("tools/python/.venv/bin").join(tool)
}

/// Runs one step, printing its name and duration; fails with the step's name.
fn step(name: &str, command: &mut Command) -> Result<()> {
    eprintln!("==> {name}");
    let started = Instant::now();
    let status = command
        .status()
        .with_context(|| format!("{name}: cannot start {:?}", command.get_program()))?;
    eprintln!(
        "    {name}: {} in {:.0?}",
        if status.success() { "ok" } else { "FAILED" },
        started.elapsed()
    );
    if !status.success() {
        bail!("step failed: {name}");
    }
    Ok(())
}

fn cargo(root: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.args(args).current_dir(root);
    command
}

/// Installs the pinned Node and Python tools into `tools/` (git-ignored), if they are missing.
pub fn install_tools(root: &Path) -> Result<()> {
    if !node_bin(root, "prism").exists() || !node_bin(root, "redocly").exists() {
        step(
            "install Node tools (npm ci)",
            Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund", "--prefix"])
                .arg(root.join("tools/node"))
                .current_dir(root),
        )?;
    }
    if !venv_bin(root, "openapi-spec-validator").exists() || !venv_bin(root, "actionlint").exists()
    {
        let venv = root.join("tools/python/.venv");
        if !venv_bin(root, "pip").exists() {
            step(
                "create Python virtual environment",
                Command::new("python3").arg("-m").arg("venv").arg(&venv),
            )?;
        }
        step(
            "install Python tools (pip)",
            Command::new(venv_bin(root, "pip"))
                .args(["install", "--quiet", "-r"])
                .arg(root.join("tools/python/requirements.txt")),
        )?;
    }
    tools::install(root, "cargo-fuzz", tools::CARGO_FUZZ_VERSION)?;
    tools::install(root, "cargo-machete", tools::CARGO_MACHETE_VERSION)?;
    Ok(())
}

/// Everything CI checks, in order; stops at the first failure.
pub fn ci(root: &Path) -> Result<()> {
    let started = Instant::now();
    install_tools(root)?;
    step(
        "rustfmt (hand-written crates)",
        &mut cargo(
            root,
            &[
                "fmt",
                "--check",
                "-p",
                "clientgen",
                "-p",
                "clientgen-runtime",
                "-p",
                "xtask",
                "-p",
                "clientgen-tests",
                "-p",
                "clientgen-testkit",
                "-p",
                "clientgen-bench",
            ],
        ),
    )?;
    step(
        "rustfmt (fuzz targets)",
        &mut cargo(
            root,
            &["fmt", "--check", "--manifest-path", "fuzz/Cargo.toml"],
        ),
    )?;
    step(
        "generated/ matches specs/ (cargo xtask regenerate --check)",
        &mut cargo(root, &["xtask", "regenerate", "--check"]),
    )?;
    step(
        "GitHub workflows (actionlint .github/workflows/*.yml)",
        Command::new(venv_bin(root, "actionlint"))
            .arg("-no-color")
            .current_dir(root),
    )?;
    step(
        "API review: versions follow spec and generated-code changes (cargo xtask review)",
        &mut cargo(root, &["xtask", "review", "--format", "text"]),
    )?;
    step(
        "clippy -D warnings (whole workspace)",
        &mut cargo(
            root,
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        ),
    )?;
    step(
        "rustdoc -D warnings (whole workspace)",
        cargo(root, &["doc", "--workspace", "--no-deps"]).env("RUSTDOCFLAGS", "-D warnings"),
    )?;
    let specs = clientgen::workspace::spec_files(root).map_err(|e| anyhow::anyhow!("{e}"))?;
    step(
        "Redocly lint (specs/)",
        Command::new(node_bin(root, "redocly"))
            .arg("lint")
            .current_dir(root)
            .env("REDOCLY_TELEMETRY", "off"),
    )?;
    let mut validator = Command::new(venv_bin(root, "openapi-spec-validator"));
    validator.current_dir(root).args(&specs);
    for dir in std::fs::read_dir(root.join("generated")).context("generated/")? {
        let bundle = dir?.path().join("openapi.json");
        if bundle.exists() {
            validator.arg(bundle);
        }
    }
    step(
        "openapi-spec-validator (specs and bundled specs)",
        &mut validator,
    )?;
    step(
        "examples and extensions (tools/python/check_specs.py)",
        Command::new(venv_bin(root, "python"))
            .arg(root.join("tools/python/check_specs.py"))
            .current_dir(root),
    )?;
    step(
        "tests (cargo test --workspace)",
        cargo(root, &["test", "--workspace", "--no-fail-fast"])
            .env("INSTA_UPDATE", "no")
            .env("CI", "true"),
    )?;
    crate::fuzz::ci(root)?;
    eprintln!("all checks passed in {:.0?}", started.elapsed());
    Ok(())
}
