//! `cargo xtask import-vectorcare <FILE>`: VectorCare's interactive-docs OpenAPI document into
//! one file per service under `specs/vectorcare/services/`.

use anyhow::{bail, Context, Result};
use clientgen::diagnostics::Diagnostics;
use clientgen::import::{import, target};
use std::path::{Path, PathBuf};

const USAGE: &str = "usage: cargo xtask import-vectorcare <FILE> [--dry-run] [--keep-removed]";

/// Runs the import and prints what it did.
pub fn import_vectorcare(root: &Path, args: &[String]) -> Result<()> {
    let mut document = None;
    let mut dry_run = false;
    let mut keep_removed = false;
    for arg in args {
        match arg.as_str() {
            "--dry-run" => dry_run = true,
            "--keep-removed" => keep_removed = true,
            flag if flag.starts_with('-') => bail!("unknown option {flag}\n{USAGE}"),
            path => document = Some(PathBuf::from(path)),
        }
    }
    let document = document.context(USAGE)?;
    let mut diags = Diagnostics::default();
    let spec = root.join("specs/vectorcare.yaml");
    let result = target(&spec, "specs/vectorcare.yaml", &mut diags).and_then(|target| {
        import(
            &target,
            &document,
            &document.display().to_string(),
            keep_removed,
            dry_run,
            &mut diags,
        )
    });
    match result {
        Some(report) if !diags.has_errors() => {
            println!("{report}");
            if dry_run {
                println!("(dry run: nothing was written)");
            } else if !report.added.is_empty()
                || !report.changed.is_empty()
                || !report.removed.is_empty()
            {
                println!(
                    "now run `cargo xtask regenerate` and commit specs/ and generated/ together"
                );
            }
            Ok(())
        }
        _ => bail!("{diags}nothing was imported"),
    }
}
