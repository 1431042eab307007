//! `cargo xtask`: the repository's commands. Each is a thin call into the `clientgen` library.

use anyhow::{bail, Context, Result};
use clientgen::dependency::RuntimeSource;
use clientgen::workspace::{self, Failure, Mode};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod bench;
mod ci;
mod corpus;
mod diff;
mod fuzz;
mod git;
mod import;
mod review;
mod tools;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  regenerate [--check]                         every spec under specs/ into its crate under generated/
  generate <SPEC> --out <DIR> [--name <CRATE>] [--strict] [--runtime path=DIR|git=URL[#REV]|version=VER]
                                               any spec into a standalone crate (runtime: this checkout's)
  corpus <DIR>                                 generate every spec in DIR and cargo check them all;
                                               prints a table and fails on any failure
  diff [--base <REF>] [--format text|markdown|json] [--check]
                                               the API change of every spec since REF, and the version it needs
  review [--base <REF>] [--format markdown|text] [--output <FILE>]
                                               the spec diff and the public Rust API change of every
                                               generated crate since REF; fails on a version not bumped
                                               enough (REF: the merge base with main, or HEAD^ on main)
  import-vectorcare <FILE> [--dry-run] [--keep-removed]
                                               VectorCare's interactive-docs document into specs/vectorcare/services/
  bench [--runs N] [--calls N] [--only generation,compile,requests,decode] [--no-install] [--no-write]
                                               generation, compile and request benchmarks against progenitor
                                               and hand-written code, written to BENCHMARKS.md
  fuzz [TARGET] [--time SECS] [--jobs N] [-- LIBFUZZER_ARGS...]
                                               the libFuzzer targets under fuzz/ (all, 60 s each);
                                               fails on a crash and says how to reproduce it
  ci                                           every check CI runs (installs the tools it needs)
  install-tools                                the pinned Node and Python tools, cargo-fuzz and cargo-machete, into tools/";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("{err:#}");
            ExitCode::FAILURE
        }
    }
}

/// The repository root (the parent of this crate's directory).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn run() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        bail!("{USAGE}")
    };
    match command.as_str() {
        "regenerate" => regenerate(rest),
        "generate" => generate(rest),
        "corpus" => corpus::corpus(&root(), rest),
        "diff" => diff::diff(&root(), rest),
        "review" => review::review(&root(), rest),
        "import-vectorcare" => import::import_vectorcare(&root(), rest),
        "bench" => bench::bench(&root(), rest),
        "fuzz" => fuzz::fuzz(&root(), rest),
        "ci" => ci::ci(&root()),
        "install-tools" => ci::install_tools(&root()),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        other => bail!("unknown command {other:?}\n\n{USAGE}"),
    }
}

fn regenerate(args: &[String]) -> Result<()> {
    let mode = match args {
        [] => Mode::Write,
        [flag] if flag == "--check" => Mode::Check,
        _ => bail!("usage: cargo xtask regenerate [--check]"),
    };
    let root = root();
    let report = match workspace::regenerate(&root, mode) {
        Ok(report) => report,
        Err(Failure::Specs(diags)) => {
            bail!("{diags}the specs above have errors; nothing was written")
        }
        Err(err) => return Err(err.into()),
    };
    for warning in &report.warnings {
        eprintln!("{warning}");
    }
    match mode {
        Mode::Write => {
            for path in &report.stale {
                eprintln!("wrote {}", path.display());
            }
            for path in &report.orphans {
                eprintln!("removed {}", path.display());
            }
            eprintln!("{} crates up to date", report.crates.len());
            Ok(())
        }
        Mode::Check if report.is_fresh() => {
            eprintln!("generated/ is up to date ({} crates)", report.crates.len());
            Ok(())
        }
        Mode::Check => bail!("{report}"),
    }
}

fn generate(args: &[String]) -> Result<()> {
    let mut spec = None;
    let mut out = None;
    let mut name = None;
    let mut strict = false;
    let mut runtime = None;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--out" => {
                out = Some(PathBuf::from(
                    iter.next().context("--out needs a directory")?,
                ))
            }
            "--name" => name = Some(iter.next().context("--name needs a crate name")?.clone()),
            "--strict" => strict = true,
            "--runtime" => {
                let value = iter
                    .next()
                    .context("--runtime needs path=DIR, git=URL[#REV] or version=VER")?;
                runtime = Some(value.parse::<RuntimeSource>()?);
            }
            flag if flag.starts_with('-') => bail!("unknown option {flag}"),
            path => spec = Some(PathBuf::from(path)),
        }
    }
    let spec = spec.context(
        "usage: cargo xtask generate <SPEC> --out <DIR> [--name <CRATE>] [--strict] [--runtime SOURCE]",
    )?;
    let out = out.context("generate needs --out <DIR>")?;
    // Inside this repository the runtime is this checkout's, wherever the crate is written.
    let runtime = runtime.unwrap_or_else(|| RuntimeSource::Path(root().join("runtime")));
    let options = clientgen::Options {
        crate_name: name,
        strict,
        ..clientgen::Options::default()
    };
    match workspace::generate_into(&spec, &out, Some(&runtime), options) {
        Ok(generated) => {
            eprint!("{}", generated.diagnostics);
            eprintln!("generated {} into {}", generated.crate_name, out.display());
            Ok(())
        }
        Err(Failure::Specs(diags)) => {
            bail!("{diags}{} has errors; nothing was written", spec.display())
        }
        Err(err) => Err(err.into()),
    }
}
