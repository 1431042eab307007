//! `cargo xtask diff`: extracts the base revision's `specs/` with git, compares it with the
//! working tree through `clientgen::diff`, prints the report, and with `--check` fails when a
//! generated crate's version was not bumped enough for its changes.

use anyhow::{anyhow, bail, Context, Result};
use clientgen::diff::{self, Format};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

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
    let result = extract(root, &commit, &dir)
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

/// The merge base of `HEAD` and `main`, or `HEAD` when there is no `main` branch.
fn default_base(root: &Path) -> Result<String> {
    if git(root, &["rev-parse", "--verify", "--quiet", "main^{commit}"]).is_err() {
        return Ok("HEAD".into());
    }
    git(root, &["merge-base", "HEAD", "main"])
        .context("cannot find the merge base of HEAD and main; pass --base <GIT-REF>")
}

/// Runs git in `root` and returns its trimmed standard output.
fn git(root: &Path, args: &[&str]) -> Result<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .context("cannot run git")?;
    if !output.status.success() {
        bail!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_string())
}

/// Writes the `specs/` tree of `commit` (sub-directories included) under `dir`; a commit
/// without `specs/` leaves `dir` empty, so every spec counts as added.
fn extract(root: &Path, commit: &str, dir: &PathBuf) -> Result<()> {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    if git(root, &["ls-tree", "-d", commit, "specs"])?.is_empty() {
        return Ok(());
    }
    let mut archive = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["archive", "--format=tar", commit, "specs"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("cannot run git archive")?;
    let stdout = archive
        .stdout
        .take()
        .context("git archive gave no output")?;
    let tar = Command::new("tar")
        .arg("-x")
        .arg("-C")
        .arg(dir)
        .stdin(stdout)
        .output()
        .context("cannot run tar")?;
    let archived = archive.wait_with_output().context("git archive failed")?;
    if !archived.status.success() {
        bail!(
            "git archive {commit} specs failed: {}",
            String::from_utf8_lossy(&archived.stderr).trim()
        );
    }
    if !tar.status.success() {
        bail!(
            "tar could not unpack the base revision's specs: {}",
            String::from_utf8_lossy(&tar.stderr).trim()
        );
    }
    Ok(())
}
