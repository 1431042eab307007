//! Timing primitives shared by every section: medians, percentiles, whole-process timing and
//! the formatting of durations and ratios in the report.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

/// The median of `samples` (the mean of the middle two for an even count).
pub fn median(samples: &[Duration]) -> Duration {
    percentile(samples, 50.0)
}

/// The `p`th percentile of `samples`, interpolated between neighbours; zero for no samples.
pub fn percentile(samples: &[Duration], p: f64) -> Duration {
    if samples.is_empty() {
        return Duration::ZERO;
    }
    let mut sorted = samples.to_vec();
    sorted.sort_unstable();
    let rank = (p / 100.0) * (sorted.len() - 1) as f64;
    let low = rank.floor() as usize;
    let high = rank.ceil() as usize;
    let fraction = rank - low as f64;
    let low_ns = sorted[low].as_nanos() as f64;
    let high_ns = sorted[high].as_nanos() as f64;
    Duration::from_nanos((low_ns + (high_ns - low_ns) * fraction).round() as u64)
}

/// The ratio of medians, `numerator / denominator`, of each block of `block` samples that
/// were taken in interleaved blocks of that size; its spread shows how far one run of the
/// ratio can be trusted.
pub fn block_ratios(numerator: &[Duration], denominator: &[Duration], block: usize) -> Vec<f64> {
    numerator
        .chunks(block.max(1))
        .zip(denominator.chunks(block.max(1)))
        .filter_map(|(top, bottom)| {
            let bottom = median(bottom).as_secs_f64();
            (bottom > 0.0).then(|| median(top).as_secs_f64() / bottom)
        })
        .collect()
}

/// The `q` quantile (0 to 1) of `values`, interpolated between neighbours; zero for none.
pub fn quantile(values: &[f64], q: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let mut sorted = values.to_vec();
    sorted.sort_unstable_by(f64::total_cmp);
    let rank = q.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let low = sorted[rank.floor() as usize];
    let high = sorted[rank.ceil() as usize];
    low + (high - low) * (rank - rank.floor())
}

/// Runs `f` until it has been timed `min_runs` times and at least `min_total` has passed (but
/// never more than `max_runs` times), and returns every sample.
pub fn sample<T>(
    min_runs: usize,
    max_runs: usize,
    min_total: Duration,
    mut f: impl FnMut() -> T,
) -> Vec<Duration> {
    let mut samples = Vec::new();
    let started = Instant::now();
    while samples.len() < max_runs && (samples.len() < min_runs || started.elapsed() < min_total) {
        let start = Instant::now();
        std::hint::black_box(f());
        samples.push(start.elapsed());
    }
    samples
}

/// What one whole-process run gave.
pub struct ProcessRun {
    /// Wall-clock time from spawn to exit.
    pub elapsed: Duration,
    /// Whether the process exited with status 0.
    pub success: bool,
    /// The process's standard output and standard error, for reporting failures.
    pub output: String,
}

impl ProcessRun {
    /// One line saying why the process failed: its panic message, or its last error line.
    pub fn failure_summary(&self) -> String {
        let lines: Vec<&str> = self.output.lines().map(str::trim).collect();
        let found = lines
            .iter()
            .position(|line| line.contains("panicked at"))
            .and_then(|at| lines.get(at + 1).copied())
            .or_else(|| lines.iter().find(|l| l.starts_with("gen fail:")).copied())
            .or_else(|| lines.iter().rev().find(|l| l.starts_with("Error")).copied())
            .or_else(|| lines.iter().rev().find(|l| !l.is_empty()).copied())
            .unwrap_or("no output");
        let mut summary: String = found.chars().take(140).collect();
        if found.chars().count() > 140 {
            summary.push('…');
        }
        summary
    }
}

/// Runs `command` to completion, timing it from spawn to exit and keeping what it printed.
pub fn time_process(command: &mut Command) -> Result<ProcessRun> {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let program = format!("{:?}", command.get_program());
    let start = Instant::now();
    let output = command
        .output()
        .with_context(|| format!("cannot run {program}"))?;
    let elapsed = start.elapsed();
    Ok(ProcessRun {
        elapsed,
        success: output.status.success(),
        output: format!(
            "{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ),
    })
}

/// Runs `command` and returns its standard output, failing with its standard error when it
/// exits non-zero.
pub fn output_of(command: &mut Command) -> Result<String> {
    let program = format!("{:?}", command.get_program());
    let output = command
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("cannot run {program}"))?;
    if !output.status.success() {
        bail!(
            "{program} failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Counts the lines of every `.rs` file under `dir`.
pub fn rust_lines(dir: &Path) -> Result<usize> {
    let mut total = 0;
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in
            std::fs::read_dir(&dir).with_context(|| format!("cannot read {}", dir.display()))?
        {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                total += std::fs::read_to_string(&path)?.lines().count();
            }
        }
    }
    Ok(total)
}

/// A duration in milliseconds with a precision that suits its size.
pub fn ms(duration: Duration) -> String {
    let ms = duration.as_secs_f64() * 1e3;
    if ms >= 100.0 {
        format!("{ms:.0}")
    } else if ms >= 10.0 {
        format!("{ms:.1}")
    } else {
        format!("{ms:.2}")
    }
}

/// A duration in microseconds.
pub fn us(duration: Duration) -> String {
    format!("{:.1}", duration.as_secs_f64() * 1e6)
}

/// `numerator / denominator` as `0.12×`.
pub fn ratio(numerator: Duration, denominator: Duration) -> String {
    if denominator.is_zero() {
        return "n/a".into();
    }
    format!(
        "{:.2}×",
        numerator.as_secs_f64() / denominator.as_secs_f64()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms_list(values: &[u64]) -> Vec<Duration> {
        values.iter().map(|&v| Duration::from_millis(v)).collect()
    }

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median(&ms_list(&[5, 1, 3])), Duration::from_millis(3));
        assert_eq!(median(&ms_list(&[4, 1, 3, 2])), Duration::from_micros(2500));
        assert_eq!(median(&[]), Duration::ZERO);
    }

    #[test]
    fn percentiles_interpolate() {
        let samples = ms_list(&[10, 20, 30, 40, 50]);
        assert_eq!(percentile(&samples, 0.0), Duration::from_millis(10));
        assert_eq!(percentile(&samples, 90.0), Duration::from_millis(46));
        assert_eq!(percentile(&samples, 100.0), Duration::from_millis(50));
    }

    #[test]
    fn block_ratios_compare_block_by_block() {
        let top = ms_list(&[2, 2, 2, 3, 3, 3]);
        let bottom = ms_list(&[1, 1, 1, 3, 3, 3]);
        assert_eq!(block_ratios(&top, &bottom, 3), [2.0, 1.0]);
        assert_eq!(quantile(&[1.0, 2.0, 3.0], 0.5), 2.0);
        assert!((quantile(&[1.0, 2.0], 0.9) - 1.9).abs() < 1e-12);
        assert_eq!(quantile(&[], 0.5), 0.0);
    }

    #[test]
    fn failures_are_summarised_by_their_panic_message() {
        let run = |output: &str| ProcessRun {
            elapsed: Duration::ZERO,
            success: false,
            output: output.into(),
        };
        assert_eq!(
            run("TYPE SPACE\nthread 'main' panicked at src/a.rs:1:2:\nnot yet\nnote: x")
                .failure_summary(),
            "not yet"
        );
        assert_eq!(
            run("gen fail: bad\n\nError: generation").failure_summary(),
            "gen fail: bad"
        );
        assert_eq!(run("\n").failure_summary(), "no output");
    }

    #[test]
    fn ratios_and_units() {
        assert_eq!(
            ratio(Duration::from_millis(1), Duration::from_millis(4)),
            "0.25×"
        );
        assert_eq!(ratio(Duration::from_millis(1), Duration::ZERO), "n/a");
        assert_eq!(ms(Duration::from_micros(1234)), "1.23");
        assert_eq!(ms(Duration::from_millis(505)), "505");
    }
}
