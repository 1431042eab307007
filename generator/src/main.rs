//! The `clientgen` command line: a thin wrapper over the library for use outside this repository.

// As in the library: no indexing, slicing, unwrap, expect or panic outside tests.
#![cfg_attr(
    not(test),
    deny(
        clippy::indexing_slicing,
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic
    )
)]

use clap::{Args, Parser, Subcommand};
use clientgen::dependency::RuntimeSource;
use clientgen::diagnostics::Diagnostics;
use clientgen::diff::{self, render::Format, SpecFile};
use clientgen::workspace::{self, Failure};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Generation allocates and frees many small token streams, strings and syntax trees;
/// mimalloc does that several times faster than glibc's allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Typed Rust client crates from OpenAPI 3.0 and 3.1 specs.
///
/// Problems in a spec are reported where they are, as `spec#/json/pointer: message`; problems
/// that do not stop generation are warnings (`--strict` makes them errors).
#[derive(Debug, Parser)]
#[command(name = "clientgen", version, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    verbosity: Verbosity,
}

#[derive(Debug, Args)]
struct Verbosity {
    /// Print errors only, not warnings.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print what was done (files written, times).
    #[arg(short, long, global = true)]
    verbose: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Generate a standalone client crate from a spec.
    Generate(Generate),
    /// Load and check a spec without writing anything.
    Check {
        /// The OpenAPI spec (YAML or JSON; it may `$ref` other files).
        spec: PathBuf,
        /// Treat every warning as an error.
        #[arg(long)]
        strict: bool,
    },
    /// Show what changed in the generated API between two versions of a spec, and the version
    /// bump the change needs.
    Diff {
        /// The old version of the spec.
        old: PathBuf,
        /// The new version of the spec.
        new: PathBuf,
        /// The report format.
        #[arg(long, default_value = "text", value_parser = parse_format)]
        format: Format,
        /// Exit with status 1 when the new spec's crate version (`x-crate.version`) is lower
        /// than the change needs.
        #[arg(long)]
        check: bool,
    },
    /// Generate every spec in a directory into one scratch workspace and `cargo check` them all.
    Corpus {
        /// The directory of specs (`*.yaml`, `*.yml`, `*.json`).
        dir: PathBuf,
        /// Where the crates find the runtime (as for `generate`).
        #[arg(long, value_name = "SOURCE")]
        runtime: Option<RuntimeSource>,
        /// The scratch workspace (emptied first); its build output goes beside it, into
        /// `<WORKSPACE>-target`, and is kept between runs.
        #[arg(long, default_value = "target/clientgen-corpus")]
        workspace: PathBuf,
    },
}

#[derive(Debug, Args)]
struct Generate {
    /// The OpenAPI spec (YAML or JSON; it may `$ref` other files).
    spec: PathBuf,
    /// The directory to write the crate into (created if missing).
    #[arg(long, short)]
    out: PathBuf,
    /// The crate's package name (default: the spec's `x-crate.name`, else `<file stem>-client`).
    #[arg(long)]
    name: Option<String>,
    /// Treat every warning as an error.
    #[arg(long)]
    strict: bool,
    /// Where the crate finds the clientgen runtime: `path=DIR` (a clientgen checkout's
    /// `runtime/`), `git=URL[#REV]` or `version=VER`. Default: the runtime of the clientgen
    /// checkout that encloses the output directory; outside one, this flag is required.
    #[arg(long, value_name = "SOURCE")]
    runtime: Option<RuntimeSource>,
}

fn parse_format(value: &str) -> Result<Format, String> {
    value.parse()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("{}", message.trim_end());
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    let verbosity = cli.verbosity;
    match cli.command {
        Command::Generate(args) => generate(args, &verbosity),
        Command::Check { spec, strict } => {
            let display = spec.display().to_string();
            let (api, diags) =
                clientgen::model(&spec, &display, strict).map_err(|d| d.to_string())?;
            report(&diags, &verbosity);
            if verbosity.verbose {
                eprintln!(
                    "{display}: {} operations, {} types",
                    api.operations.len(),
                    api.types.len()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Diff {
            old,
            new,
            format,
            check,
        } => {
            let old_display = old.display().to_string();
            let new_display = new.display().to_string();
            let spec = diff::diff_files(
                Some(SpecFile {
                    path: &old,
                    display: &old_display,
                }),
                Some(SpecFile {
                    path: &new,
                    display: &new_display,
                }),
            )
            .map_err(|e| e.to_string())?;
            let report = diff::Report {
                base: old_display,
                specs: vec![spec],
            };
            print!("{}", diff::render::render(&report, format));
            if check && !report.passed() {
                return Ok(ExitCode::FAILURE);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Corpus {
            dir,
            runtime,
            workspace,
        } => corpus(&dir, runtime, workspace, &verbosity),
    }
}

fn generate(args: Generate, verbosity: &Verbosity) -> Result<ExitCode, String> {
    let started = std::time::Instant::now();
    let options = clientgen::Options {
        crate_name: args.name,
        strict: args.strict,
        ..clientgen::Options::default()
    };
    match workspace::generate_into(&args.spec, &args.out, args.runtime.as_ref(), options) {
        Ok(generated) => {
            report(&generated.diagnostics, verbosity);
            if verbosity.verbose {
                for file in &generated.files {
                    eprintln!("wrote {}", args.out.join(&file.path).display());
                }
            }
            if !verbosity.quiet {
                eprintln!(
                    "generated {} into {} ({} operations, {} types) in {:.0?}",
                    generated.crate_name,
                    args.out.display(),
                    generated.api.operations.len(),
                    generated.api.types.len(),
                    started.elapsed()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(Failure::Specs(diags)) => Err(format!(
            "{diags}{} has errors; nothing was written",
            args.spec.display()
        )),
        Err(err) => Err(err.to_string()),
    }
}

fn corpus(
    dir: &Path,
    runtime: Option<RuntimeSource>,
    workspace: PathBuf,
    verbosity: &Verbosity,
) -> Result<ExitCode, String> {
    let workspace = std::path::absolute(&workspace).map_err(|e| e.to_string())?;
    let mut target_dir = workspace.clone().into_os_string();
    target_dir.push("-target");
    let settings = clientgen::corpus::Settings {
        target_dir: PathBuf::from(target_dir),
        workspace,
        runtime,
        lockfile: None,
        display_prefix: format!("{}/", dir.display()),
    };
    let outcome = clientgen::corpus::run(dir, &settings).map_err(|e| e.to_string())?;
    print!("{}", outcome.table());
    if verbosity.verbose || !outcome.passed() {
        for row in &outcome.rows {
            if let Some(failure) = &row.failure {
                eprintln!("{}: {failure}", row.spec);
            }
        }
        if !outcome.check_passed {
            eprintln!("{}", outcome.check_output);
        }
    }
    Ok(if outcome.passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Prints the warnings, unless `--quiet`.
fn report(diags: &Diagnostics, verbosity: &Verbosity) {
    if !verbosity.quiet {
        eprint!("{diags}");
    }
}
