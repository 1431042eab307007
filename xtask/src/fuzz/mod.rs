//! `cargo xtask fuzz`: builds the libFuzzer targets under `fuzz/` with cargo-fuzz (on stable,
//! without a sanitizer), replays the committed regressions, fuzzes each target for a while and
//! reports executions per target, or the crash, its artifact and how to reproduce it.

mod libfuzzer;

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Every fuzz target, in the order `cargo xtask fuzz` runs them.
pub const TARGETS: &[&str] = &[
    "pipeline_bytes",
    "pipeline_mutated",
    "runtime_decode",
    "param_roundtrip",
];

/// Seconds per target when `--time` is not given.
const DEFAULT_SECONDS: u64 = 60;

/// Seconds per target in `cargo xtask ci`: about two minutes of fuzzing for the four targets.
pub const CI_SECONDS: u64 = 30;

/// The libFuzzer options every run uses: an input that takes longer than 10 s, or a process that
/// grows past 4 GB, is a failure like a panic.
const LIBFUZZER_OPTIONS: &[&str] = &["-timeout=10", "-rss_limit_mb=4096", "-print_final_stats=1"];

const USAGE: &str =
    "usage: cargo xtask fuzz [TARGET] [--time SECS] [--jobs N] [-- LIBFUZZER_ARGS...]";

/// Where fuzz builds, working corpora, logs and crash artifacts go: `<target dir>/fuzz`.
fn work_dir(root: &Path) -> PathBuf {
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let target = if target.is_absolute() {
        target
    } else {
        root.join(target)
    };
    target.join("fuzz")
}

/// What to run, from the command line.
struct Plan {
    targets: Vec<&'static str>,
    seconds: u64,
    jobs: u32,
    extra: Vec<String>,
}

fn parse(args: &[String]) -> Result<Plan> {
    let mut plan = Plan {
        targets: TARGETS.to_vec(),
        seconds: DEFAULT_SECONDS,
        jobs: 1,
        extra: Vec::new(),
    };
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--time" => {
                plan.seconds = iter
                    .next()
                    .context(USAGE)?
                    .parse()
                    .context("--time takes seconds")?
            }
            "--jobs" => {
                plan.jobs = iter
                    .next()
                    .context(USAGE)?
                    .parse()
                    .context("--jobs takes a number")?
            }
            "--" => plan.extra = iter.by_ref().cloned().collect(),
            flag if flag.starts_with('-') => bail!("unknown option {flag}\n{USAGE}"),
            name => match TARGETS.iter().find(|target| **target == name) {
                Some(target) => plan.targets = vec![*target],
                None => bail!(
                    "unknown fuzz target {name:?}; the targets are {}",
                    TARGETS.join(", ")
                ),
            },
        }
    }
    Ok(plan)
}

/// `cargo xtask fuzz [TARGET] [--time SECS] [--jobs N] [-- LIBFUZZER_ARGS...]`.
pub fn fuzz(root: &Path, args: &[String]) -> Result<()> {
    run(root, &parse(args)?)
}

/// The step of `cargo xtask ci`: every target for [`CI_SECONDS`], regressions replayed first.
pub fn ci(root: &Path) -> Result<()> {
    let plan = Plan {
        targets: TARGETS.to_vec(),
        seconds: CI_SECONDS,
        jobs: 1,
        extra: Vec::new(),
    };
    run(root, &plan)
}

fn run(root: &Path, plan: &Plan) -> Result<()> {
    crate::tools::install(root, "cargo-fuzz", crate::tools::CARGO_FUZZ_VERSION)?;
    let work = work_dir(root);
    build(root, &work, &plan.targets)?;
    let mut outcomes = Vec::new();
    for target in &plan.targets {
        let binary = work.join("x86_64-unknown-linux-gnu/release").join(target);
        libfuzzer::replay_regressions(root, &binary, target)?;
        outcomes.push(libfuzzer::fuzz_target(root, &work, &binary, target, plan)?);
    }
    eprintln!(
        "\n{:<18} {:>8} {:>14} {:>10}  result",
        "target", "seconds", "executions", "exec/s"
    );
    for outcome in &outcomes {
        let executions = outcome.executions.map_or("?".to_owned(), |n| n.to_string());
        let rate = outcome.executions.map_or("?".to_owned(), |n| {
            format!("{:.0}", n as f64 / outcome.seconds.max(0.001))
        });
        let result = if outcome.failure.is_some() {
            "CRASH"
        } else {
            "ok"
        };
        eprintln!(
            "{:<18} {:>8.0} {:>14} {:>10}  {result}",
            outcome.target, outcome.seconds, executions, rate
        );
    }
    let failures: Vec<&String> = outcomes.iter().filter_map(|o| o.failure.as_ref()).collect();
    if !failures.is_empty() {
        for failure in &failures {
            eprintln!("\n{failure}");
        }
        bail!("{} fuzz target(s) crashed", failures.len());
    }
    Ok(())
}

/// Builds the targets in release mode with debug assertions, libFuzzer's coverage
/// instrumentation and no sanitizer, which stable Rust supports.
fn build(root: &Path, work: &Path, targets: &[&str]) -> Result<()> {
    eprintln!("==> build fuzz targets (cargo fuzz build --sanitizer none)");
    let started = Instant::now();
    let mut command = Command::new(crate::tools::binary(root, "cargo-fuzz"));
    command
        .args(["build", "--sanitizer", "none", "--target-dir"])
        .arg(work)
        .current_dir(root);
    if let [only] = targets {
        command.arg(only);
    }
    let status = command.status().context("cannot run cargo-fuzz")?;
    if !status.success() {
        bail!("building the fuzz targets failed ({status})");
    }
    eprintln!("    built in {:.0?}", started.elapsed());
    Ok(())
}
