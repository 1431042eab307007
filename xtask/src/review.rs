//! `cargo xtask review`: what a change does to the generated clients' APIs, for a pull request.
//! It joins two views: the spec diff (`clientgen::diff`, as `cargo xtask diff`) of every spec
//! that changed, and the change in the public Rust API of every generated crate whose files
//! changed, so a generator change that renames a method shows up even when no spec changed.
//! It fails when a change needs a bigger version bump than the crate got.

use crate::git::{default_base, extract_specs, git};
use anyhow::{anyhow, bail, Context, Result};
use clientgen::diagnostics::Location;
use clientgen::diff::version::{self, Bump, VersionCheck};
use clientgen::diff::{self, Impact};
use public_api::diff::PublicApiDiff;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

const USAGE: &str = "usage: cargo xtask review [--base <GIT-REF>] [--format markdown|text] \
                     [--output <FILE>] [--root <REPOSITORY>]";

/// The rustdoc JSON format that `public-api` (pinned in `xtask/Cargo.toml`) reads; rustc 1.95
/// writes it. A toolchain that writes another format needs the matching `public-api` release.
const RUSTDOC_FORMAT: u64 = 57;

/// More items than this in one crate's list are folded into a `<details>` block.
const FOLD_AFTER: usize = 12;

/// The change in one generated crate's public Rust API.
struct CrateReview {
    /// `generated/<dir>`.
    dir: String,
    /// The package name.
    package: String,
    /// What happened to the crate as a whole.
    status: CrateStatus,
    /// Items that are gone, changed (old, new) and new.
    removed: Vec<String>,
    changed: Vec<(String, String)>,
    added: Vec<String>,
    /// The version check, for crates on both sides.
    check: Option<VersionCheck>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum CrateStatus {
    Changed,
    Added,
    Removed,
}

impl CrateReview {
    fn bump(&self) -> Bump {
        if !self.removed.is_empty() || !self.changed.is_empty() {
            Bump::for_impact(Impact::Breaking)
        } else if !self.added.is_empty() {
            Bump::for_impact(Impact::Minor)
        } else {
            // Documentation or private code only: no version is owed.
            Bump::None
        }
    }

    fn passed(&self) -> bool {
        self.check.as_ref().is_none_or(|c| c.passed)
    }
}

/// Runs the command with its arguments.
pub fn review(default_root: &Path, args: &[String]) -> Result<()> {
    let mut base = None;
    let mut markdown = true;
    let mut output = None;
    let mut root = default_root.to_path_buf();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut value = || {
            iter.next()
                .with_context(|| format!("{arg} needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "--base" => base = Some(value()?.clone()),
            "--format" => {
                markdown = match value()?.as_str() {
                    "markdown" | "md" => true,
                    "text" => false,
                    other => bail!("unknown format {other:?}; expected markdown or text"),
                }
            }
            "--output" => output = Some(PathBuf::from(value()?)),
            "--root" => root = PathBuf::from(value()?),
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => bail!("unknown argument {other:?}\n{USAGE}"),
        }
    }
    let root = std::fs::canonicalize(&root).with_context(|| format!("{}", root.display()))?;
    let base = match base {
        Some(base) => base,
        None => default_base(&root)?,
    };
    let commit = git(
        &root,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{base}^{{commit}}"),
        ],
    )
    .map_err(|_| anyhow!("{base:?} is not a commit in this repository"))?;
    let short = commit.get(..10).unwrap_or(&commit).to_string();
    let label = if base == commit {
        short
    } else {
        format!("{base} ({short})")
    };

    let scratch = std::env::temp_dir().join(format!("clientgen-review-{}", std::process::id()));
    let result = run(&root, &commit, &label, &scratch);
    let _ = git(
        &root,
        &[
            "worktree",
            "remove",
            "--force",
            &path_str(&scratch.join("base")),
        ],
    );
    let _ = std::fs::remove_dir_all(&scratch);
    let (specs, crates) = result?;

    let report = if markdown {
        render_markdown(&specs, &crates)
    } else {
        render_text(&specs, &crates)
    };
    match &output {
        Some(path) => std::fs::write(path, &report)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => print!("{report}"),
    }
    let failures: Vec<String> = specs
        .failures()
        .filter_map(|s| {
            s.check
                .as_ref()
                .map(|c| format!("{}: {}", c.location, c.message))
        })
        .chain(crates.iter().filter(|c| !c.passed()).filter_map(|c| {
            c.check
                .as_ref()
                .map(|check| format!("{}: {}", check.location, check.message))
        }))
        .collect();
    if !failures.is_empty() {
        bail!(
            "the version was not bumped enough for the API change:\n{}",
            failures.join("\n")
        );
    }
    Ok(())
}

fn run(
    root: &Path,
    commit: &str,
    label: &str,
    scratch: &Path,
) -> Result<(diff::Report, Vec<CrateReview>)> {
    let specs_dir = scratch.join("specs");
    extract_specs(root, commit, &specs_dir)?;
    let specs = diff::diff_trees(&specs_dir, root, label).map_err(|e| anyhow!("{e}"))?;
    let dirs = changed_crates(root, commit)?;
    let mut crates = Vec::new();
    if dirs.is_empty() {
        return Ok((specs, crates));
    }
    let base_tree = scratch.join("base");
    git(
        root,
        &[
            "worktree",
            "add",
            "--detach",
            "--quiet",
            &path_str(&base_tree),
            commit,
        ],
    )?;
    let target = root.join("target/review");
    for dir in dirs {
        let old_manifest = base_tree.join(&dir).join("Cargo.toml");
        let new_manifest = root.join(&dir).join("Cargo.toml");
        let old = manifest(&old_manifest)?;
        let new = manifest(&new_manifest)?;
        let mut review = CrateReview {
            dir: dir.clone(),
            package: String::new(),
            status: CrateStatus::Changed,
            removed: Vec::new(),
            changed: Vec::new(),
            added: Vec::new(),
            check: None,
        };
        match (old, new) {
            (None, None) => continue,
            (Some((package, _)), None) => {
                review.package = package;
                review.status = CrateStatus::Removed;
            }
            (None, Some((package, _))) => {
                review.package = package;
                review.status = CrateStatus::Added;
            }
            (Some((old_package, old_version)), Some((package, new_version))) => {
                let old_json = rustdoc_json(&base_tree, &old_package, &target, scratch, "base")?;
                let new_json = rustdoc_json(root, &package, &target, scratch, "work")?;
                let api = api_diff(&old_json, &new_json)?;
                review.removed = api.removed.iter().map(ToString::to_string).collect();
                review.changed = api
                    .changed
                    .iter()
                    .map(|c| (c.old.to_string(), c.new.to_string()))
                    .collect();
                review.added = api.added.iter().map(ToString::to_string).collect();
                review.package = package;
                review.check = Some(version::check(
                    &old_version,
                    &new_version,
                    review.bump(),
                    version_location(&new_manifest, &dir),
                ));
            }
        }
        crates.push(review);
    }
    Ok((specs, crates))
}

fn path_str(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// The crate directories under `generated/` with any file that differs between `commit` and
/// the working tree (committed or not, new files included), sorted.
fn changed_crates(root: &Path, commit: &str) -> Result<Vec<String>> {
    let tracked = git(root, &["diff", "--name-only", commit, "--", "generated/"])?;
    let untracked = git(
        root,
        &[
            "ls-files",
            "--others",
            "--exclude-standard",
            "--",
            "generated/",
        ],
    )?;
    let mut dirs: Vec<String> = tracked
        .lines()
        .chain(untracked.lines())
        .filter_map(|path| {
            let mut parts = path.split('/');
            match (parts.next(), parts.next(), parts.next()) {
                (Some("generated"), Some(dir), Some(_)) => Some(format!("generated/{dir}")),
                _ => None,
            }
        })
        .collect();
    dirs.sort();
    dirs.dedup();
    Ok(dirs)
}

/// The package name and version of a crate manifest, or `None` when there is none.
fn manifest(path: &Path) -> Result<Option<(String, String)>> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Ok(None);
    };
    let field = |key: &str| {
        text.lines()
            .filter_map(|line| line.trim().strip_prefix(key))
            .filter_map(|rest| rest.trim_start().strip_prefix('='))
            .map(|value| value.trim().trim_matches('"').to_string())
            .next()
    };
    match (field("name"), field("version")) {
        (Some(name), Some(version)) => Ok(Some((name, version))),
        _ => bail!("{}: no package name or version", path.display()),
    }
}

/// Where a generated crate's version is set: `x-crate.version` in the spec its manifest's
/// `@generated` header names, else the manifest itself.
fn version_location(manifest: &Path, dir: &str) -> Location {
    let spec = std::fs::read_to_string(manifest).ok().and_then(|text| {
        let first = text.lines().next()?;
        let rest = first.strip_prefix("# @generated by clientgen from ")?;
        Some(rest.split(';').next()?.trim().to_string())
    });
    match spec {
        Some(spec) => Location::new(spec, "/x-crate/version"),
        None => Location::new(format!("{dir}/Cargo.toml"), "/package/version"),
    }
}

/// Builds the rustdoc JSON of `package` in the workspace at `tree` and copies it to
/// `scratch/<side>-<package>.json`.
///
/// Each side has a target directory of its own under `target`: the two trees hold packages of
/// the same name and version at different paths, and in a shared directory Cargo took the
/// base tree's freshly built runtime for the work tree's, so a runtime change made in the same
/// commit as the generated code that uses it failed to document.
fn rustdoc_json(
    tree: &Path,
    package: &str,
    target: &Path,
    scratch: &Path,
    side: &str,
) -> Result<PathBuf> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(tree)
        // Rustdoc's JSON output is unstable; stable rustc emits it when told it may.
        .env("RUSTC_BOOTSTRAP", "1")
        .env("CARGO_TARGET_DIR", target.join(side))
        .args(["rustdoc", "--quiet", "--lib", "--package", package, "--"])
        .args([
            "-Z",
            "unstable-options",
            "--output-format",
            "json",
            "--cap-lints",
            "warn",
        ])
        .output()
        .context("cannot run cargo rustdoc")?;
    if !output.status.success() {
        bail!(
            "cargo rustdoc -p {package} failed in {}:\n{}",
            tree.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let built = target
        .join(side)
        .join("doc")
        .join(format!("{}.json", package.replace('-', "_")));
    let copy = scratch.join(format!("{side}-{package}.json"));
    std::fs::copy(&built, &copy).with_context(|| format!("{}", built.display()))?;
    Ok(copy)
}

/// The public API difference between two rustdoc JSON files.
fn api_diff(old: &Path, new: &Path) -> Result<PublicApiDiff> {
    let load = |path: &Path| -> Result<public_api::PublicApi> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let format = serde_json_format_version(&text);
        if format != Some(RUSTDOC_FORMAT) {
            bail!(
                "{}: rustdoc JSON format {format:?}, but the public-api crate in xtask/Cargo.toml \
                 reads format {RUSTDOC_FORMAT} (rustc 1.95); update it to the release for this \
                 toolchain",
                path.display()
            );
        }
        public_api::Builder::from_rustdoc_json(path)
            .omit_blanket_impls(true)
            .omit_auto_trait_impls(true)
            .build()
            .with_context(|| format!("cannot read the public API in {}", path.display()))
    };
    Ok(PublicApiDiff::between(load(old)?, load(new)?))
}

/// The `format_version` field of a rustdoc JSON document (the last top-level field).
fn serde_json_format_version(text: &str) -> Option<u64> {
    let at = text.rfind("\"format_version\":")?;
    let rest = text.get(at + "\"format_version\":".len()..)?;
    let digits: String = rest
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

fn crate_summary(review: &CrateReview) -> String {
    match review.status {
        CrateStatus::Added => format!("`{}`: new crate", review.package),
        CrateStatus::Removed => format!("`{}`: crate removed", review.package),
        CrateStatus::Changed => {
            let mut line = format!(
                "`{}`: {} removed, {} changed, {} added",
                review.package,
                review.removed.len(),
                review.changed.len(),
                review.added.len()
            );
            if let Some(check) = &review.check {
                let _ = write!(line, "; {}", check.message);
            }
            line
        }
    }
}

fn render_markdown(specs: &diff::Report, crates: &[CrateReview]) -> String {
    let mut out = diff::render::markdown(specs);
    let _ = writeln!(out, "\n### Public Rust API of the generated crates\n");
    if crates.is_empty() {
        let _ = writeln!(out, "No generated crate changed.");
        return out;
    }
    for review in crates {
        let mark = if review.passed() { "✅" } else { "❌" };
        let _ = writeln!(
            out,
            "- {mark} **`{}`** {}",
            review.dir,
            crate_summary(review)
        );
    }
    for review in crates.iter().filter(|r| r.status == CrateStatus::Changed) {
        let total = review.removed.len() + review.changed.len() + review.added.len();
        if total == 0 {
            continue;
        }
        let _ = writeln!(out, "\n#### `{}`\n", review.package);
        let folded = total > FOLD_AFTER;
        if folded {
            let _ = writeln!(
                out,
                "<details><summary>{total} items ({} removed, {} changed, {} added)</summary>\n",
                review.removed.len(),
                review.changed.len(),
                review.added.len()
            );
        }
        out.push_str("```diff\n");
        for item in &review.removed {
            let _ = writeln!(out, "-{item}");
        }
        for (old, new) in &review.changed {
            let _ = writeln!(out, "-{old}\n+{new}");
        }
        for item in &review.added {
            let _ = writeln!(out, "+{item}");
        }
        out.push_str("```\n");
        if folded {
            out.push_str("\n</details>\n");
        }
    }
    out
}

fn render_text(specs: &diff::Report, crates: &[CrateReview]) -> String {
    let mut out = diff::render::text(specs);
    let _ = writeln!(out, "\nPublic Rust API of the generated crates:");
    if crates.is_empty() {
        let _ = writeln!(out, "  no generated crate changed");
    }
    for review in crates {
        let mark = if review.passed() { "ok" } else { "FAILED" };
        let _ = writeln!(out, "  {mark} {} {}", review.dir, crate_summary(review));
        for item in &review.removed {
            let _ = writeln!(out, "    - {item}");
        }
        for (old, new) in &review.changed {
            let _ = writeln!(out, "    - {old}\n    + {new}");
        }
        for item in &review.added {
            let _ = writeln!(out, "    + {item}");
        }
    }
    out
}
