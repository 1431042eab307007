//! The `clientgen` command line: a thin wrapper over the library for use outside this repository.

use std::path::PathBuf;
use std::process::ExitCode;

/// Generation allocates and frees many small token streams, strings and syntax trees;
/// mimalloc does that several times faster than glibc's allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage:
  clientgen generate <SPEC> --out <DIR> [--name <CRATE>] [--strict] [--runtime <DIR>]
  clientgen check <SPEC> [--strict]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<(), String> {
    let (command, rest) = args.split_first().ok_or(USAGE)?;
    let mut spec = None;
    let mut out = None;
    let mut name = None;
    let mut strict = false;
    let mut runtime = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../runtime"));
    let mut iter = rest.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--out" => out = Some(PathBuf::from(iter.next().ok_or("--out needs a directory")?)),
            "--name" => name = Some(iter.next().ok_or("--name needs a crate name")?.clone()),
            "--runtime" => {
                runtime = PathBuf::from(iter.next().ok_or("--runtime needs a directory")?)
            }
            "--strict" => strict = true,
            other if other.starts_with('-') => {
                return Err(format!("unknown option {other}\n{USAGE}"))
            }
            other => spec = Some(PathBuf::from(other)),
        }
    }
    let spec = spec.ok_or(USAGE)?;
    match command.as_str() {
        "generate" => {
            let out = out.ok_or("generate needs --out <DIR>")?;
            let generated = clientgen::workspace::generate_into(
                &spec,
                &out,
                &runtime,
                clientgen::Options {
                    crate_name: name,
                    strict,
                    ..clientgen::Options::default()
                },
            )
            .map_err(|e| e.to_string())?;
            eprint!("{}", generated.diagnostics);
            eprintln!("generated {} into {}", generated.crate_name, out.display());
            Ok(())
        }
        "check" => {
            let display = spec.display().to_string();
            let (_, _, diags) =
                clientgen::model(&spec, &display, strict).map_err(|d| d.to_string())?;
            eprint!("{diags}");
            Ok(())
        }
        _ => Err(USAGE.to_string()),
    }
}
