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
    let before = files_in(&artifacts);
    let started = Instant::now();
    let status = command
        .status()
        .with_context(|| format!("cannot run {}", binary.display()))?;
    let seconds = started.elapsed().as_secs_f64();
    let text = std::fs::read_to_string(&log_path).unwrap_or_default();
    let executions = executions(&text);
    // With `-fork` and `-ignore_crashes` libFuzzer goes on past a crash and exits with 0, so a
    // new file in the artifact folder is a failure too.
    let new: Vec<PathBuf> = files_in(&artifacts)
        .into_iter()
        .filter(|path| !before.contains(path))
        .collect();
    let failure = (!status.success() || !new.is_empty()).then(|| {
        let mut report = format!("{target} failed ({status}).\n{}\n", panic_lines(&text));
        for artifact in &new {
            let (binary, artifact) = (binary.display(), artifact.display());
            report.push_str(&format!(
                "artifact: {artifact}\nreproduce: {binary} {artifact}\n"
            ));
        }
        if new.is_empty() {
            report.push_str("no artifact was written; see the log\n");
        }
        report.push_str(&format!("log: {}\n", log_path.display()));
        report.push_str(&format!(
            "keep each input as fuzz/regressions/{target}/<short-name> and commit it"
        ));
        report
    });
    Ok(Outcome {
        target,
        executions,
        seconds,
        failure,
    })
}

/// The files in `dir`, sorted.
fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    files
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
        // Status lines (`#N: ... oom/timeout/crash: ...`) name the words without meaning them.
        if !line.starts_with('#') && wanted.iter().any(|w| line.contains(w)) {
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
