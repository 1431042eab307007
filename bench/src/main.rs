//! `clientgen-bench`, run by `cargo xtask bench`: measures generation speed, the compile cost of
//! generated crates and the overhead per request, side by side with progenitor and hand-written
//! code, prints one report and writes it to `BENCHMARKS.md`.

mod chart;
mod compile;
mod consumer;
mod decode;
mod generation;
mod progenitor;
mod requests;
mod server;
mod stats;
mod validated;

use std::path::PathBuf;
use std::process::{Command, ExitCode};
use std::time::Instant;

use anyhow::{bail, Context, Result};

const USAGE: &str = "usage: clientgen-bench --root <REPO> --clientgen <BINARY> [--corpus <DIR>]
  [--runs <N>] [--calls <N>] [--only generation,compile,requests,decode,consumer] [--no-install]
  [--no-write] [--command <TEXT>]";

/// What the run measures and where.
pub struct Settings {
    /// The repository root.
    pub root: PathBuf,
    /// The corpus of public specs.
    pub corpus: PathBuf,
    /// Our release `clientgen` binary.
    pub clientgen: PathBuf,
    /// A scratch directory outside the repository for generated crates.
    pub scratch: PathBuf,
    /// Timed runs per generator and spec.
    pub runs: usize,
    /// Timed `cargo check` runs per crate.
    pub check_runs: usize,
    /// Requests per client.
    pub calls: usize,
    /// The sections to run.
    pub sections: Vec<String>,
    /// Whether progenitor may be installed when it is missing.
    pub install: bool,
    /// Whether to write `BENCHMARKS.md`.
    pub write: bool,
    /// The command line to print in the report.
    pub command: String,
}

fn main() -> ExitCode {
    match parse(std::env::args().skip(1).collect()).and_then(|settings| run(&settings)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn parse(args: Vec<String>) -> Result<Settings> {
    let mut root = None;
    let mut clientgen = None;
    let mut corpus = None;
    let mut runs = 5;
    let mut calls = 30_000;
    let mut sections: Vec<String> = ["generation", "compile", "requests", "decode", "consumer"]
        .map(String::from)
        .into();
    let mut install = true;
    let mut write = true;
    let mut command = "cargo xtask bench".to_owned();
    let mut iter = args.into_iter();
    while let Some(arg) = iter.next() {
        let mut value = || {
            iter.next()
                .with_context(|| format!("{arg} needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "--root" => root = Some(PathBuf::from(value()?)),
            "--clientgen" => clientgen = Some(PathBuf::from(value()?)),
            "--corpus" => corpus = Some(PathBuf::from(value()?)),
            "--runs" => runs = value()?.parse().context("--runs needs a number")?,
            "--calls" => calls = value()?.parse().context("--calls needs a number")?,
            "--only" => sections = value()?.split(',').map(str::to_owned).collect(),
            "--command" => command = value()?,
            "--no-install" => install = false,
            "--no-write" => write = false,
            other => bail!("unknown argument {other}\n{USAGE}"),
        }
    }
    for section in &sections {
        if !["generation", "compile", "requests", "decode", "consumer"].contains(&section.as_str())
        {
            bail!("unknown section {section}\n{USAGE}");
        }
    }
    let root = root.context(USAGE)?;
    if runs == 0 || calls == 0 {
        bail!("--runs and --calls must be at least 1");
    }
    Ok(Settings {
        corpus: corpus.unwrap_or_else(|| root.join("specs/corpus")),
        clientgen: clientgen.context(USAGE)?,
        scratch: std::env::temp_dir().join("clientgen-bench"),
        root,
        runs,
        check_runs: 3,
        calls,
        sections,
        install,
        write,
        command,
    })
}

fn run(settings: &Settings) -> Result<()> {
    let started = Instant::now();
    let wants = |section: &str| settings.sections.iter().any(|s| s == section);
    let needs_progenitor = wants("generation") || wants("compile");
    let progenitor = if needs_progenitor {
        progenitor::locate(&settings.root, settings.install)
    } else {
        progenitor::Availability::Missing("not needed".into())
    };

    let mut report = header(settings, &progenitor)?;
    let mut rows = Vec::new();
    if wants("generation") || wants("compile") {
        rows = generation::run(settings, &progenitor)?;
    }
    if wants("generation") {
        report.push_str(&generation_section(&rows));
    }
    if wants("compile") {
        let choices = compile::choose(&rows);
        let comparisons = compile::run(settings, &choices, &progenitor)?;
        report.push_str(
            "\n## 2. Output and compile cost\n\n\
             Lines of Rust in the generated crate, and `cargo check` of that crate alone: \
             dependencies built first, then `src/lib.rs` touched and the crate checked with \
             `CARGO_INCREMENTAL=0`, three times, median. The specs are the three with the most \
             operations that both generators handle, then every spec of at least 50 operations \
             that only we handle (progenitor fails on them, see section 1).\n\n",
        );
        report.push_str(&compile::table(&comparisons));
        let groups = compile::run_groups(settings, &rows)?;
        report.push_str(&format!(
            "\nThe same `cargo check` of the crate generated from the GitHub spec (progenitor fails \
             on it), with every feature group and with the `{}` group alone.\n\n",
            groups.group
        ));
        report.push_str(&compile::groups_table(&groups));
        let (ours, theirs) = chart::series(&comparisons, &groups);
        if settings.write {
            chart::write(&settings.root.join(chart::FILE), &ours, &theirs)?;
        }
        report.push_str(&format!(
            "\nCheck time against the spec's operation count, every crate above (the GitHub crate \
             with every group): [{file}]({file}).\n\n![cargo check time against operations]({file})\n",
            file = chart::FILE
        ));
    }
    if wants("requests") {
        eprintln!("request overhead: {} calls per client", settings.calls);
        let overhead = requests::run(&settings.root, settings.calls)?;
        report.push_str(
            "\n## 3. Request overhead\n\n\
             The generated VectorCare client's `get_request_detail` against a hand-written \
             reqwest + serde call that sends the same request (path, bearer token, `Accept`, \
             `User-Agent`) and decodes the same type, both against one loopback HTTP/1.1 server \
             (its own thread) that answers with the documented example. Latency per call, from \
             the call to the decoded value. The goal (at most 1.05×) compares with the \
             hand-written call on a reqwest client set up as the generated client sets up its \
             own (the same 30 s timeout, 10 s connect timeout and `User-Agent`); the same call on \
             a bare `reqwest::Client::new()`, which has no timeout, is shown beside it.\n\n",
        );
        report.push_str(&requests::table(
            &overhead,
            "generated `vectorcare_client::Client::get_request_detail`",
        ));
        eprintln!(
            "request overhead with validation: {} calls per client",
            settings.calls
        );
        let validated = validated::run(settings.calls)?;
        report.push_str(
            "\nThe generated careCycle client's `create_customer_provider`, with every field of \
             the body set, so that the client checks sixteen length limits and a closed enum \
             before sending (validation is on by default), against a hand-written reqwest + \
             serde POST of the same body that checks nothing, both against one loopback server \
             that answers 201 with the stored provider.\n\n",
        );
        report.push_str(&requests::table(
            &validated,
            "generated `carecycle_client::Client::create_customer_provider` (validating)",
        ));
    }
    if wants("decode") {
        eprintln!("decode throughput");
        let throughput = decode::run(&settings.root, 2_000, 120)?;
        report.push_str("\n## 4. Decode throughput\n\n");
        report.push_str(&decode::table(&throughput));
    }
    if wants("consumer") {
        let builds = consumer::run(settings)?;
        report.push_str("\n## 5. Clean build of a consumer\n\n");
        report.push_str(&consumer::table(&builds));
    }
    report.push_str(&format!(
        "\nThe whole run took {:.0} s.\n",
        started.elapsed().as_secs_f64()
    ));

    println!("{report}");
    if settings.write {
        let path = settings.root.join("BENCHMARKS.md");
        std::fs::write(&path, &report)
            .with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}

fn generation_section(rows: &[generation::Row]) -> String {
    let mut out = String::from(
        "\n## 1. Generation\n\n\
         Whole-process wall time from spawn to exit, median of the timed runs (at least five; \
         for fast specs more, until a second or 30 runs) after one untimed run, output \
         directory emptied before each run. *ours*: `clientgen generate` \
         (load, lower, check, emit, format, write). *floor*: parsing the spec's bytes, already \
         in memory, into `openapiv3::OpenAPI` in this process (median of at least ten parses); \
         for split specs, the root file only. *progenitor*: `cargo progenitor` with its default \
         options, whose time includes running rustfmt on its output.\n\n",
    );
    out.push_str(&generation::table(rows));
    out
}

/// The report's title, machine, date and command.
fn header(settings: &Settings, progenitor: &progenitor::Availability) -> Result<String> {
    let rustc = stats::output_of(Command::new("rustc").arg("--version"))
        .unwrap_or_else(|_| "rustc: unknown".into());
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("MemTotal"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map(|kb| format!("{:.0} GB", kb as f64 / 1024.0 / 1024.0))
        .unwrap_or_else(|| "unknown memory".into());
    let os = stats::output_of(Command::new("uname").arg("-sr")).unwrap_or_default();
    let date = clientgen_runtime::chrono::Utc::now().format("%Y-%m-%d %H:%M UTC");
    let progenitor = match progenitor {
        progenitor::Availability::Ready { rustfmt, .. } => {
            format!(
                "cargo-progenitor {} (formatting with {rustfmt})",
                progenitor::VERSION
            )
        }
        progenitor::Availability::Missing(reason) => {
            format!(
                "cargo-progenitor {}: not run: {reason}",
                progenitor::VERSION
            )
        }
    };
    Ok(format!(
        "# Benchmarks\n\n\
         Written by `{}`; do not edit by hand.\n\n\
         - Date: {date}\n\
         - Machine: {cpu}, {cores} cores, {memory}, {}\n\
         - Toolchain: {}\n\
         - Compared with: {progenitor}\n\
         - Our binaries: release profile\n",
        settings.command,
        os.trim(),
        rustc.trim(),
    ))
}
