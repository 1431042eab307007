//! Finds, or installs into the git-ignored `tools/progenitor`, the progenitor command that the
//! benchmark compares against, and checks for the nightly rustfmt it needs to finish.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::stats::output_of;

/// The progenitor release the reference figures were measured with.
pub const VERSION: &str = "0.15.1";

/// Whether progenitor can be run here, and why not when it cannot.
pub enum Availability {
    /// `cargo-progenitor` at this path, with a nightly rustfmt to format its output.
    Ready { binary: PathBuf, rustfmt: String },
    /// It cannot run; the reason is printed in the report.
    Missing(String),
}

/// Finds `cargo-progenitor` under `tools/progenitor`, installing it from crates.io when it is
/// absent and `install` is set.
pub fn locate(root: &Path, install: bool) -> Availability {
    let install_root = root.join("tools/progenitor");
    let binary = install_root.join("bin/cargo-progenitor");
    if !binary.exists() {
        if !install {
            return Availability::Missing(format!(
                "not installed (run without --no-install, or `cargo install cargo-progenitor \
                 --version {VERSION} --locked --root tools/progenitor`)"
            ));
        }
        eprintln!(
            "installing cargo-progenitor {VERSION} into {} ...",
            install_root.display()
        );
        let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args([
                "install",
                "cargo-progenitor",
                "--version",
                VERSION,
                "--locked",
                "--root",
            ])
            .arg(&install_root)
            .status();
        match status {
            Ok(status) if status.success() => {}
            Ok(status) => {
                return Availability::Missing(format!(
                    "`cargo install cargo-progenitor --version {VERSION}` failed ({status})"
                ))
            }
            Err(error) => return Availability::Missing(format!("cannot run cargo: {error}")),
        }
    }
    match nightly_rustfmt() {
        Ok(rustfmt) => Availability::Ready { binary, rustfmt },
        Err(reason) => Availability::Missing(reason),
    }
}

/// The version of the rustfmt progenitor will use. progenitor formats its output with unstable
/// rustfmt options (`wrap_comments`, `normalize_doc_attributes`) and panics when the rustfmt it
/// finds rejects `--unstable-features`, which every stable rustfmt does. Like progenitor, this
/// honours `RUSTFMT` and otherwise looks for a nightly toolchain's rustfmt.
fn nightly_rustfmt() -> Result<String, String> {
    let missing = "progenitor needs a nightly rustfmt to finish (it formats its output with \
                   unstable options) and none is installed; install one with `rustup toolchain \
                   install nightly --component rustfmt`";
    let mut command = match std::env::var_os("RUSTFMT") {
        Some(path) if !path.is_empty() => Command::new(path),
        _ => {
            let mut command = Command::new("rustup");
            command.args(["run", "nightly", "rustfmt"]);
            command
        }
    };
    let version = output_of(command.arg("--version")).map_err(|_| missing.to_owned())?;
    let version = version.trim().to_owned();
    if version.contains("nightly") || version.contains("-dev") {
        Ok(version)
    } else {
        Err(format!("{missing} (found {version})"))
    }
}

/// The arguments that make `cargo-progenitor` generate `spec` into `out` as crate `name`.
pub fn command(binary: &Path, spec: &Path, out: &Path, name: &str) -> Command {
    let mut command = Command::new(binary);
    command
        .arg("progenitor")
        .arg("-i")
        .arg(spec)
        .arg("-o")
        .arg(out)
        .args(["-n", name, "-v", "0.1.0"]);
    command
}
