//! The git operations the review commands share: finding the base revision, running git, and
//! extracting a revision's `specs/` tree.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The revision a change is reviewed against, when none is given: the merge base with the
/// pull request's base branch on GitHub (`GITHUB_BASE_REF`), else the merge base with `main`
/// (or `origin/main`) when `HEAD` has commits of its own, else `HEAD^`, so that on `main` itself
/// the newest commit is what is reviewed (a comparison of the tree with itself could never fail),
/// else `HEAD` in a repository with one commit.
pub fn default_base(root: &Path) -> Result<String> {
    let head = git(root, &["rev-parse", "HEAD"])?;
    let mut branches = Vec::new();
    if let Ok(base_ref) = std::env::var("GITHUB_BASE_REF") {
        if !base_ref.is_empty() {
            branches.push(format!("origin/{base_ref}"));
        }
    }
    branches.extend(["main".to_string(), "origin/main".to_string()]);
    for branch in &branches {
        let exists = git(
            root,
            &[
                "rev-parse",
                "--verify",
                "--quiet",
                &format!("{branch}^{{commit}}"),
            ],
        )
        .is_ok();
        if !exists {
            continue;
        }
        let base = git(root, &["merge-base", "HEAD", branch]).with_context(|| {
            format!("cannot find the merge base of HEAD and {branch}; pass --base <GIT-REF>")
        })?;
        if base != head {
            return Ok(base);
        }
    }
    Ok(git(
        root,
        &["rev-parse", "--verify", "--quiet", "HEAD^{commit}^"],
    )
    .unwrap_or(head))
}

/// Runs git in `root` and returns its trimmed standard output.
pub fn git(root: &Path, args: &[&str]) -> Result<String> {
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
pub fn extract_specs(root: &Path, commit: &str, dir: &PathBuf) -> Result<()> {
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
