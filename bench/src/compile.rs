//! Section 2: what a generated crate costs its users at build time: lines emitted and the time of
//! `cargo check` of the crate alone (dependencies built, crate touched, incremental off,
//! median of three), ours against progenitor's for the same spec.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{bail, Context, Result};

use crate::generation::{self, Row};
use crate::progenitor::{self, Availability};
use crate::stats::{median, rust_lines, time_process};
use crate::Settings;

/// One generated crate's build cost.
pub struct Cost {
    /// Lines of Rust in the crate.
    pub lines: usize,
    /// Median `cargo check` time of the crate alone.
    pub check: Duration,
}

/// One row of the compile table.
pub struct Comparison {
    /// The spec's file name.
    pub spec: String,
    /// The operations it declares.
    pub operations: usize,
    /// Our crate.
    pub ours: Cost,
    /// progenitor's crate, or why there is none.
    pub progenitor: Result<Cost, String>,
}

/// A spec to measure, and whether progenitor is tried on it.
pub struct Choice {
    /// The spec's path.
    pub path: PathBuf,
    /// The operations it declares.
    pub operations: usize,
    /// `Ok` to run progenitor too; otherwise why it is not run.
    pub progenitor: Result<(), String>,
}

/// How many specs that both generators handle are compared, largest (by operations) first.
const COMPARED: usize = 3;

/// Specs progenitor fails on with at least this many operations are measured for us alone,
/// so that the chart shows how our cost grows where progenitor has no number.
const OURS_ALONE_MIN_OPERATIONS: usize = 50;

/// The specs to measure: the [`COMPARED`] specs with the most operations that both generators
/// handle (nexus among them), then every spec of at least [`OURS_ALONE_MIN_OPERATIONS`]
/// operations that only we handle, except the GitHub spec, which the feature-group
/// measurement covers.
pub fn choose(rows: &[Row]) -> Vec<Choice> {
    let both = |row: &&Row| row.ours.time().is_some() && row.progenitor.time().is_some();
    let mut compared: Vec<&Row> = rows.iter().filter(both).collect();
    compared.sort_by_key(|row| std::cmp::Reverse(row.operations));
    let mut chosen: Vec<Choice> = compared
        .into_iter()
        .take(COMPARED)
        .map(|row| Choice {
            path: row.path.clone(),
            operations: row.operations,
            progenitor: Ok(()),
        })
        .collect();
    chosen.extend(
        rows.iter()
            .filter(|row| row.ours.time().is_some() && row.progenitor.time().is_none())
            .filter(|row| row.operations >= OURS_ALONE_MIN_OPERATIONS && row.spec != GROUPED_SPEC)
            .map(|row| Choice {
                path: row.path.clone(),
                operations: row.operations,
                progenitor: Err("fails to generate it (section 1)".into()),
            }),
    );
    chosen
}

/// Generates each spec with both generators and measures `cargo check` of each crate.
pub fn run(
    settings: &Settings,
    choices: &[Choice],
    progenitor: &Availability,
) -> Result<Vec<Comparison>> {
    let target = settings.root.join("target/bench-check");
    let mut comparisons = Vec::new();
    for choice in choices {
        let spec = &choice.path;
        let name = spec
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let stem = generation::stem(spec);
        let dir = settings.scratch.join("compile").join(&stem);
        eprintln!("compile cost: {name}");

        let ours_dir = dir.join("ours");
        let mut generate = Command::new(&settings.clientgen);
        generate
            .arg("generate")
            .arg(spec)
            .arg("--out")
            .arg(&ours_dir);
        fresh_output(&ours_dir, &mut generate)?;
        let ours = cost(&ours_dir, &target, settings.check_runs, &[])?;

        let progenitor = match (progenitor, &choice.progenitor) {
            (_, Err(reason)) => Err(reason.clone()),
            (Availability::Ready { binary, .. }, Ok(())) => {
                let theirs_dir = dir.join("progenitor");
                let mut command =
                    progenitor::command(binary, spec, &theirs_dir, &format!("{stem}-progenitor"));
                match fresh_output(&theirs_dir, &mut command) {
                    Ok(()) => {
                        // progenitor's crate declares no workspace of its own; outside any
                        // workspace (the scratch directory) that is what Cargo needs.
                        cost(&theirs_dir, &target, settings.check_runs, &[])
                            .map_err(|e| format!("{e:#}"))
                    }
                    Err(error) => Err(format!("{error:#}")),
                }
            }
            (Availability::Missing(reason), Ok(())) => Err(reason.clone()),
        };
        comparisons.push(Comparison {
            spec: name,
            operations: choice.operations,
            ours,
            progenitor,
        });
    }
    Ok(comparisons)
}

/// The spec whose crate is measured by feature group, and the group measured alone.
const GROUPED_SPEC: &str = "github__api.github.com.json";
const GROUP: &str = "issues";

/// The `cargo check` cost of one crate with its default features (every group) and with one
/// feature group alone.
pub struct GroupCost {
    /// The spec's file name.
    pub spec: &'static str,
    /// The operations it declares.
    pub operations: usize,
    /// The group measured alone.
    pub group: &'static str,
    /// With the default features.
    pub full: Cost,
    /// With the group and TLS only.
    pub alone: Cost,
}

/// Generates the GitHub spec and measures `cargo check` with every group and with one alone.
pub fn run_groups(settings: &Settings, rows: &[Row]) -> Result<GroupCost> {
    eprintln!("compile cost by feature group: {GROUPED_SPEC}");
    let target = settings.root.join("target/bench-check");
    let dir = settings.scratch.join("compile").join("groups");
    let mut generate = Command::new(&settings.clientgen);
    generate
        .arg("generate")
        .arg(settings.corpus.join(GROUPED_SPEC))
        .arg("--out")
        .arg(&dir);
    fresh_output(&dir, &mut generate)?;
    let full = cost(&dir, &target, settings.check_runs, &[])?;
    let features = format!("rustls-ring,{GROUP}");
    let alone = cost(
        &dir,
        &target,
        settings.check_runs,
        &["--no-default-features", "--features", &features],
    )?;
    let operations = rows
        .iter()
        .find(|row| row.spec == GROUPED_SPEC)
        .map_or(0, |row| row.operations);
    Ok(GroupCost {
        spec: GROUPED_SPEC,
        operations,
        group: GROUP,
        full,
        alone,
    })
}

/// The feature-group table in markdown.
pub fn groups_table(cost: &GroupCost) -> String {
    let secs = |d: Duration| format!("{:.2}", d.as_secs_f64());
    format!(
        "| spec | features | lines | check (s) | check / full |\n|---|---|---:|---:|---:|\n\
         | `{spec}` | default (`full`: every group) | {lines} | {full} | 1.00× |\n\
         | `{spec}` | `rustls-ring,{group}` | {lines} | {alone} | {ratio} |\n",
        spec = cost.spec,
        group = cost.group,
        lines = cost.full.lines,
        full = secs(cost.full.check),
        alone = secs(cost.alone.check),
        ratio = crate::stats::ratio(cost.alone.check, cost.full.check),
    )
}

/// Runs a generator into an emptied directory.
fn fresh_output(dir: &Path, command: &mut Command) -> Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("cannot empty {}", dir.display()))?;
    }
    let run = time_process(command)?;
    if !run.success {
        bail!("generation failed: {}", run.failure_summary());
    }
    Ok(())
}

/// Builds the crate's dependencies once, then times `cargo check` of the crate alone (with
/// `features`, the arguments that choose its features): touch `src/lib.rs`, check with
/// incremental compilation off, `runs` times, median.
fn cost(crate_dir: &Path, target: &Path, runs: usize, features: &[&str]) -> Result<Cost> {
    let check = || {
        let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        command
            .arg("check")
            .arg("--quiet")
            .args(features)
            .current_dir(crate_dir)
            .env("CARGO_TARGET_DIR", target)
            .env("CARGO_INCREMENTAL", "0")
            .env_remove("RUSTFLAGS");
        command
    };
    let warm = time_process(&mut check())?;
    if !warm.success {
        bail!(
            "cargo check failed in {}: {}",
            crate_dir.display(),
            warm.failure_summary()
        );
    }
    let lib = crate_dir.join("src/lib.rs");
    let mut samples = Vec::new();
    for _ in 0..runs {
        touch(&lib)?;
        let run = time_process(&mut check())?;
        if !run.success {
            bail!(
                "cargo check failed in {}: {}",
                crate_dir.display(),
                run.failure_summary()
            );
        }
        samples.push(run.elapsed);
    }
    Ok(Cost {
        lines: rust_lines(&crate_dir.join("src"))?,
        check: median(&samples),
    })
}

/// Sets a file's modification time to now, so Cargo rebuilds its crate.
fn touch(path: &Path) -> Result<()> {
    let file = std::fs::OpenOptions::new()
        .append(true)
        .open(path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    file.set_modified(std::time::SystemTime::now())
        .with_context(|| format!("cannot touch {}", path.display()))
}

/// The compile table in markdown.
pub fn table(comparisons: &[Comparison]) -> String {
    let mut out = String::from(
        "| spec | ops | lines ours | lines progenitor | lines ours / progenitor | check ours (s) | check progenitor (s) | check ours / progenitor |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    let mut notes = Vec::new();
    for c in comparisons {
        let secs = |d: Duration| format!("{:.2}", d.as_secs_f64());
        match &c.progenitor {
            Ok(theirs) => out.push_str(&format!(
                "| `{}` | {} | {} | {} | {:.2}× | {} | {} | {} |\n",
                c.spec,
                c.operations,
                c.ours.lines,
                theirs.lines,
                c.ours.lines as f64 / theirs.lines.max(1) as f64,
                secs(c.ours.check),
                secs(theirs.check),
                crate::stats::ratio(c.ours.check, theirs.check),
            )),
            Err(reason) => {
                notes.push(format!("`{}`, progenitor: {reason}", c.spec));
                out.push_str(&format!(
                    "| `{}` | {} | {} | – [{}] | – | {} | – | – |\n",
                    c.spec,
                    c.operations,
                    c.ours.lines,
                    notes.len(),
                    secs(c.ours.check)
                ));
            }
        }
    }
    if !notes.is_empty() {
        out.push('\n');
        for (i, note) in notes.iter().enumerate() {
            out.push_str(&format!("{}. {}\n", i + 1, note));
        }
    }
    out
}
