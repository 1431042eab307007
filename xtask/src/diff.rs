//! `cargo xtask diff`: extracts the base revision's `specs/` with git, compares it with the
//! working tree through `clientgen::diff`, prints the report, and with `--check` fails when a
//! generated crate's version was not bumped enough for its changes.

use crate::git::{default_base, extract_specs, git};
use anyhow::{anyhow, bail, Context, Result};
use clientgen::diff::{self, Format};
use std::path::Path;

const USAGE: &str =
    "usage: cargo xtask diff [--base <GIT-REF>] [--format text|markdown|json] [--check]";

/// Runs the command with its arguments.
pub fn diff(root: &Path, args: &[String]) -> Result<()> {
    let mut base = None;
    let mut format = Format::Text;
    let mut check = false;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--base" => base = Some(iter.next().context("--base needs a git ref")?.clone()),
            "--format" => {
                let value = iter
                    .next()
                    .context("--format needs text, markdown or json")?;
                format = value.parse().map_err(|e: String| anyhow!("{e}\n{USAGE}"))?;
            }
            "--check" => check = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => bail!("unknown argument {other:?}\n{USAGE}"),
        }
    }
    let base = match base {
        Some(base) => base,
        None => default_base(root)?,
    };
    let commit = git(
        root,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{base}^{{commit}}"),
        ],
    )
    .map_err(|_| anyhow!("{base:?} is not a commit in this repository"))?;
    let short = commit.get(..10).unwrap_or(&commit);
    let label = if base == commit {
        short.to_string()
    } else {
        format!("{base} ({short})")
    };
    let dir = std::env::temp_dir().join(format!("clientgen-diff-{}", std::process::id()));
    let result = extract_specs(root, &commit, &dir)
        .and_then(|()| diff::diff_trees(&dir, root, &label).map_err(|e| anyhow!("{e}")));
    let _ = std::fs::remove_dir_all(&dir);
    let report = result?;
    print!("{}", diff::render::render(&report, format));
    if check && !report.passed() {
        let failures: Vec<String> = report
            .failures()
            .filter_map(|spec| {
                spec.check
                    .as_ref()
                    .map(|c| format!("{}: {}", c.location, c.message))
            })
            .collect();
        bail!(
            "the crate version was not bumped enough for the API change:\n{}",
            failures.join("\n")
        );
    }
    Ok(())
}
