//! Running one libFuzzer binary: replaying the committed regressions, fuzzing for a while,
//! and reading libFuzzer's log for the executions and, on a crash, the artifact and the panic.

use super::{Plan, LIBFUZZER_OPTIONS};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// The outcome of fuzzing one target.
pub struct Outcome {
    pub target: &'static str,
    pub executions: Option<u64>,
    pub seconds: f64,
    pub failure: Option<String>,
}

/// Runs every committed reproducer of `target` once; a panic there is a regression.
pub fn replay_regressions(root: &Path, binary: &Path, target: &str) -> Result<()> {
    let dir = root.join("fuzz/regressions").join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(());
    };
    let mut inputs: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    inputs.sort();
    if inputs.is_empty() {
        return Ok(());
    }
    eprintln!(
        "==> {target}: replay {} regression input(s) from {}",
        inputs.len(),
        dir.display()
    );
    for input in &inputs {
        let output = Command::new(binary)
            .args(LIBFUZZER_OPTIONS)
            .arg(input)
            .output()
            .with_context(|| format!("cannot run {}", binary.display()))?;
        if !output.status.success() {
            let log = String::from_utf8_lossy(&output.stderr);
            bail!(
                "{target}: the regression input {} fails again:\n{}\nreproduce: {} {}",
                input.display(),
                panic_lines(&log),
                binary.display(),
                input.display()
            );
        }
    }
    Ok(())
}

/// Fuzzes one target for the plan's time, with its working corpus under `work`.
pub fn fuzz_target(
    root: &Path,
    work: &Path,
    binary: &Path,
    target: &'static str,
    plan: &Plan,
) -> Result<Outcome> {
    let corpus = work.join("corpus").join(target);
    let artifacts = work.join("artifacts").join(target);
    let logs = work.join("logs");
    for dir in [&corpus, &artifacts, &logs] {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let log_path = logs.join(format!("{target}.log"));
    let log = std::fs::File::create(&log_path)
        .with_context(|| format!("cannot create {}", log_path.display()))?;
    let mut command = Command::new(binary);
    // The first folder collects new inputs; the committed seeds are only read.
    command
        .arg(&corpus)
        .arg(root.join("fuzz/corpus").join(target));
    if target == "pipeline_bytes" {
        command.arg(root.join("fuzz/seeds")).arg(format!(
            "-dict={}",
            root.join("fuzz/openapi.dict").display()
        ));
    }
    command
        .args(LIBFUZZER_OPTIONS)
        .arg(format!("-max_total_time={}", plan.seconds))
        .arg(format!("-artifact_prefix={}/", artifacts.display()));
    if plan.jobs > 1 {
        command.arg(format!("-fork={}", plan.jobs));
    }
    command
        .args(&plan.extra)
        .current_dir(work)
        .stdout(Stdio::null())
        .stderr(log);
    eprintln!(
        "==> {target}: fuzz for {} s (log: {})",
        plan.seconds,
        log_path.display()
    );
    let started = Instant::now();
    let status = command
        .status()
        .with_context(|| format!("cannot run {}", binary.display()))?;
    let seconds = started.elapsed().as_secs_f64();
    let text = std::fs::read_to_string(&log_path).unwrap_or_default();
    let executions = executions(&text);
    let failure = (!status.success()).then(|| {
        let artifact = text.lines().find_map(|l| l.split_once("Test unit written to ").map(|(_, p)| p.trim().to_owned()));
        let artifact = artifact.unwrap_or_else(|| "(none written; see the log)".into());
        format!(
            "{target} failed ({status}).\n{}\nartifact: {artifact}\nlog: {}\nreproduce: {} {artifact}\nkeep it: copy it to fuzz/regressions/{target}/<short-name> and commit it",
            panic_lines(&text), log_path.display(), binary.display()
        )
    });
    Ok(Outcome {
        target,
        executions,
        seconds,
        failure,
    })
}

/// The executions libFuzzer reports: its final statistics, else the last status line (`#N`).
fn executions(log: &str) -> Option<u64> {
    let total = log
        .lines()
        .find_map(|line| line.strip_prefix("stat::number_of_executed_units:"));
    if let Some(total) = total {
        return total.trim().parse().ok();
    }
    log.lines().rev().find_map(|line| {
        let count = line.strip_prefix('#')?;
        count
            .split(|c: char| !c.is_ascii_digit())
            .next()?
            .parse()
            .ok()
    })
}

/// The lines of a log that say what went wrong: panics, libFuzzer's verdict, the top frames.
fn panic_lines(log: &str) -> String {
    let wanted = [
        "panicked at",
        "ERROR: libFuzzer",
        "SUMMARY:",
        "==ERROR",
        "timeout",
        "out-of-memory",
        "stack overflow",
    ];
    let mut lines: Vec<&str> = Vec::new();
    let all: Vec<&str> = log.lines().collect();
    for (index, line) in all.iter().enumerate() {
        if wanted.iter().any(|w| line.contains(w)) {
            lines.push(line);
            // The panic message follows the location on the next line.
            if line.contains("panicked at") {
                lines.extend(all.get(index + 1));
            }
        }
    }
    lines.dedup();
    lines.truncate(20);
    lines.join("\n")
}
