//! `cargo xtask corpus DIR`: the breadth check on any directory of specs, built with this
//! checkout's runtime and lock file; prints a table and fails when any spec fails.

use anyhow::{bail, Context, Result};
use clientgen::corpus::{self, Settings};
use clientgen::dependency::RuntimeSource;
use std::path::{Path, PathBuf};

/// Runs the command with its arguments.
pub fn corpus(root: &Path, args: &[String]) -> Result<()> {
    let [dir] = args else {
        bail!("usage: cargo xtask corpus <DIR>");
    };
    let dir = PathBuf::from(dir);
    let display = dir.display().to_string();
    let settings = Settings {
        workspace: root.join("target/scratch-workspaces/xtask-corpus"),
        target_dir: root.join("target/scratch"),
        runtime: Some(RuntimeSource::Path(root.join("runtime"))),
        lockfile: Some(root.join("Cargo.lock")),
        display_prefix: format!("{}/", display.trim_end_matches('/')),
    };
    let outcome = corpus::run(&dir, &settings).with_context(|| format!("cannot read {display}"))?;
    print!("{}", outcome.table());
    if !outcome.passed() {
        if !outcome.check_passed {
            eprintln!("{}", outcome.check_output);
        }
        bail!("some specs in {display} failed (see the table above)");
    }
    Ok(())
}
