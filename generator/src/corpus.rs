//! The breadth check: every spec in a directory generates a crate, and every crate passes
//! `cargo check`, built together in one scratch workspace the way a user would build them.

use crate::dependency::RuntimeSource;
pub use crate::workspace::specs_in;
use crate::workspace::{generate_member, Failure};
use crate::Options;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Where and how the crates are built.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The scratch workspace; emptied first.
    pub workspace: PathBuf,
    /// The Cargo target directory (shared between runs so dependencies build once).
    pub target_dir: PathBuf,
    /// Where the generated crates find the runtime.
    pub runtime: Option<RuntimeSource>,
    /// A `Cargo.lock` to copy into the workspace, so the build uses known dependency versions.
    pub lockfile: Option<PathBuf>,
    /// How specs are named in diagnostics and headers: this prefix, then the file name.
    pub display_prefix: String,
}

/// One spec's outcome.
#[derive(Debug, Clone)]
pub struct Row {
    /// The spec's file name.
    pub spec: String,
    /// The crate's directory in the workspace.
    pub member: String,
    /// Operations in the model.
    pub operations: usize,
    /// Named types in the model.
    pub types: usize,
    /// Time to generate the crate (load, lower, check, emit, write).
    pub generation: Duration,
    /// Lines of Rust emitted.
    pub lines: usize,
    /// The spec's located warnings.
    pub warnings: Vec<String>,
    /// Why the spec failed, if it did.
    pub failure: Option<String>,
}

/// The outcome of a whole run.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// One row per spec, sorted by file name.
    pub rows: Vec<Row>,
    /// How long `cargo check` of all crates together took.
    pub check: Duration,
    /// Whether `cargo check` succeeded.
    pub check_passed: bool,
    /// What `cargo check` printed.
    pub check_output: String,
}

impl Outcome {
    /// Whether every spec generated a crate and every crate compiled.
    pub fn passed(&self) -> bool {
        self.check_passed && self.rows.iter().all(|r| r.failure.is_none())
    }

    /// A plain-text table: spec, operations, result, generation time.
    pub fn table(&self) -> String {
        let width = self
            .rows
            .iter()
            .map(|r| r.spec.chars().count())
            .max()
            .unwrap_or(4)
            .max(4);
        let mut out = format!("{:<width$}  {:>5}  {:>9}  result\n", "spec", "ops", "time");
        for row in &self.rows {
            let result = match &row.failure {
                Some(failure) => format!("FAILED: {failure}"),
                None if row.warnings.is_empty() => "compiles".to_string(),
                None if row.warnings.len() == 1 => "compiles (1 warning)".to_string(),
                None => format!("compiles ({} warnings)", row.warnings.len()),
            };
            let _ = writeln!(
                out,
                "{:<width$}  {:>5}  {:>7}ms  {result}",
                row.spec,
                row.operations,
                row.generation.as_millis()
            );
        }
        let failed = self.rows.iter().filter(|r| r.failure.is_some()).count();
        let _ = writeln!(
            out,
            "{} specs, {} failed; cargo check of all crates together: {:.1} s",
            self.rows.len(),
            failed,
            self.check.as_secs_f64()
        );
        out
    }
}

/// The workspace member directory for a spec file: its stem with `_` and `.` as `-`.
pub fn member_name(spec: &Path) -> String {
    spec.file_stem()
        .map(|s| s.to_string_lossy().replace(['_', '.', ' '], "-"))
        .unwrap_or_default()
}

/// Writes a workspace manifest listing `members` into `dir`, and copies `lockfile` beside it.
pub fn write_workspace(
    dir: &Path,
    members: &[String],
    lockfile: Option<&Path>,
) -> Result<(), Failure> {
    let list: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        list.join(", ")
    );
    let path = dir.join("Cargo.toml");
    std::fs::write(&path, manifest).map_err(|e| Failure::Io(path, e))?;
    if let Some(lockfile) = lockfile {
        std::fs::copy(lockfile, dir.join("Cargo.lock"))
            .map_err(|e| Failure::Io(lockfile.to_path_buf(), e))?;
    }
    Ok(())
}

/// Runs `cargo <args>` in `dir` with `target_dir` and extra environment variables; returns
/// whether it succeeded and what it printed (standard output, then standard error).
pub fn cargo(
    dir: &Path,
    target_dir: &Path,
    args: &[&str],
    envs: &[(&str, &str)],
) -> (bool, String) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir)
        .envs(envs.iter().copied())
        .output();
    match output {
        Ok(output) => (
            output.status.success(),
            format!(
                "{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            ),
        ),
        Err(err) => (false, format!("cannot run cargo: {err}")),
    }
}

/// Generates every spec in `dir` into the scratch workspace and checks them all with one
/// `cargo check --keep-going`; a spec whose crate has compile errors is marked failed.
pub fn run(dir: &Path, settings: &Settings) -> Result<Outcome, Failure> {
    let specs = specs_in(dir)?;
    let workspace = &settings.workspace;
    if workspace.exists() {
        std::fs::remove_dir_all(workspace).map_err(|e| Failure::Io(workspace.clone(), e))?;
    }
    std::fs::create_dir_all(workspace).map_err(|e| Failure::Io(workspace.clone(), e))?;
    let mut rows = Vec::new();
    for spec in &specs {
        rows.push(generate_row(spec, settings));
    }
    let members: Vec<String> = rows
        .iter()
        .filter(|r| r.failure.is_none())
        .map(|r| r.member.clone())
        .collect();
    write_workspace(workspace, &members, settings.lockfile.as_deref())?;
    let started = Instant::now();
    let (check_passed, check_output) = if members.is_empty() {
        (true, String::new())
    } else {
        cargo(
            workspace,
            &settings.target_dir,
            &[
                "check",
                "--workspace",
                "--keep-going",
                "--message-format",
                "short",
            ],
            &[],
        )
    };
    let check = started.elapsed();
    if !check_passed {
        attribute_errors(&mut rows, &check_output);
    }
    Ok(Outcome {
        rows,
        check,
        check_passed,
        check_output,
    })
}

fn generate_row(spec: &Path, settings: &Settings) -> Row {
    let name = spec
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let member = member_name(spec);
    let options = Options {
        spec_display: Some(format!("{}{name}", settings.display_prefix)),
        ..Options::default()
    };
    let started = Instant::now();
    let generated = generate_member(
        spec,
        &settings.workspace.join(&member),
        settings.runtime.as_ref(),
        options,
    );
    let mut row = Row {
        spec: name,
        member,
        operations: 0,
        types: 0,
        generation: started.elapsed(),
        lines: 0,
        warnings: Vec::new(),
        failure: None,
    };
    match generated {
        Ok(generated) => {
            row.operations = generated.api.operations.len();
            row.types = generated.api.types.len();
            row.lines = generated
                .files
                .iter()
                .filter(|f| f.path.ends_with(".rs"))
                .map(|f| f.contents.lines().count())
                .sum();
            row.warnings = generated
                .diagnostics
                .items()
                .iter()
                .map(ToString::to_string)
                .collect();
        }
        Err(failure) => {
            let message = failure.to_string();
            row.failure = Some(format!("generation failed: {}", message.trim_end()));
        }
    }
    row
}

/// Marks each crate that `cargo check` reported errors in (short format: `<member>/src/...`).
fn attribute_errors(rows: &mut [Row], output: &str) {
    let mut attributed = false;
    for row in rows.iter_mut().filter(|r| r.failure.is_none()) {
        let prefix = format!("{}/", row.member);
        let errors = output
            .lines()
            .filter(|l| l.starts_with(&prefix) && l.contains("error"))
            .count();
        if errors > 0 {
            row.failure = Some(format!("{errors} compile errors"));
            attributed = true;
        }
    }
    if !attributed {
        // The build failed outside any crate (a dependency, the manifest): every crate is
        // unproven, so none is reported as compiling.
        for row in rows.iter_mut().filter(|r| r.failure.is_none()) {
            row.failure = Some("not checked: cargo check failed before reaching it".into());
        }
    }
}
