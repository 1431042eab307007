//! Section 1: generation time per spec, as whole processes: ours, progenitor's, and the floor
//! (parsing the same file into `openapiv3` in memory).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, Result};

use crate::progenitor::{self, Availability};
use crate::stats::{median, ms, ratio, rust_lines, sample, time_process};
use crate::Settings;

/// How one generator fared on one spec.
pub enum Outcome {
    /// It succeeded; the median of the timed runs.
    Timed(Duration),
    /// It failed; why, in one line.
    Failed(String),
    /// It was not run (the report's header says why).
    NotRun,
}

impl Outcome {
    /// The median, when the generator succeeded.
    pub fn time(&self) -> Option<Duration> {
        match self {
            Outcome::Timed(time) => Some(*time),
            _ => None,
        }
    }
}

/// One row of the generation table.
pub struct Row {
    /// The spec's file name.
    pub spec: String,
    /// The spec's path.
    pub path: PathBuf,
    /// The spec's size in bytes.
    pub bytes: u64,
    /// The operations it declares.
    pub operations: usize,
    /// Our whole-process time (load, lower, check, emit, format, write).
    pub ours: Outcome,
    /// The lines of Rust we emitted.
    pub ours_lines: usize,
    /// The parse floor: reading the bytes into `openapiv3::OpenAPI` in memory.
    pub floor: Duration,
    /// What the floor parsed into (`openapiv3`, or a plain value where `openapiv3` rejects it).
    pub floor_target: String,
    /// progenitor's whole-process time.
    pub progenitor: Outcome,
    /// The lines of Rust progenitor emitted.
    pub progenitor_lines: usize,
}

/// The specs the benchmark covers: every vendor spec, then every corpus spec.
pub fn specs(settings: &Settings) -> Result<Vec<PathBuf>> {
    let vendor = list(&settings.root.join("specs"), &["yaml", "yml", "json"])?;
    let corpus = list(&settings.corpus, &["yaml", "yml", "json"])?;
    Ok(vendor.into_iter().chain(corpus).collect())
}

fn list(dir: &Path, extensions: &[&str]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let path = entry?.path();
        let wanted = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| extensions.contains(&e));
        if path.is_file() && wanted {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Times every spec with every generator.
pub fn run(settings: &Settings, progenitor: &Availability) -> Result<Vec<Row>> {
    let mut rows = Vec::new();
    for path in specs(settings)? {
        let spec = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        eprintln!("generation: {spec}");
        let bytes =
            std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let floor = floor(&path, &bytes);
        let out = settings.scratch.join("generation").join(stem(&path));

        let ours_out = out.join("ours");
        let mut ours_command = Command::new(&settings.clientgen);
        ours_command
            .arg("generate")
            .arg(&path)
            .arg("--out")
            .arg(&ours_out);
        let ours = time_generator(settings.runs, &ours_out, &mut ours_command)?;
        let ours_lines = lines_if_timed(&ours, &ours_out)?;

        let progenitor_out = out.join("progenitor");
        let progenitor_outcome = match progenitor {
            Availability::Ready { binary, .. } => {
                let name = format!("{}-progenitor", stem(&path));
                let mut command = progenitor::command(binary, &path, &progenitor_out, &name);
                time_generator(settings.runs, &progenitor_out, &mut command)?
            }
            Availability::Missing(_) => Outcome::NotRun,
        };
        let progenitor_lines = lines_if_timed(&progenitor_outcome, &progenitor_out)?;

        rows.push(Row {
            spec,
            bytes: bytes.len() as u64,
            operations: floor.operations,
            ours,
            ours_lines,
            floor: floor.time,
            floor_target: floor.target,
            progenitor: progenitor_outcome,
            progenitor_lines,
            path,
        });
    }
    Ok(rows)
}

/// The file stem as a crate-name-friendly word.
pub fn stem(path: &Path) -> String {
    path.file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .split('-')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// Runs a generator once untimed (to see whether it succeeds at all), then at least `runs`
/// times, and more (up to 30) until a second of runs is collected, so that fast specs get
/// enough samples for a stable median; each run writes into an emptied output directory.
fn time_generator(runs: usize, out: &Path, command: &mut Command) -> Result<Outcome> {
    let mut samples: Vec<Duration> = Vec::new();
    let mut run = 0;
    while run <= runs
        || (samples.iter().sum::<Duration>() < Duration::from_secs(1) && samples.len() < 30)
    {
        if out.exists() {
            std::fs::remove_dir_all(out)
                .with_context(|| format!("cannot empty {}", out.display()))?;
        }
        let result = time_process(command)?;
        if !result.success {
            return Ok(Outcome::Failed(result.failure_summary()));
        }
        if run > 0 {
            samples.push(result.elapsed);
        }
        run += 1;
    }
    Ok(Outcome::Timed(median(&samples)))
}

fn lines_if_timed(outcome: &Outcome, out: &Path) -> Result<usize> {
    match outcome {
        Outcome::Timed(_) => rust_lines(out),
        _ => Ok(0),
    }
}

/// The parse floor of one spec.
struct Floor {
    time: Duration,
    target: String,
    operations: usize,
}

/// Parses the bytes into `openapiv3::OpenAPI` as many times as a second allows (at least ten),
/// and counts the operations. Where `openapiv3` rejects the document (it has no 3.1 support
/// and is strict about some 3.0 details), the floor is the parse into a plain value instead,
/// and the table says so.
fn floor(path: &Path, bytes: &[u8]) -> Floor {
    let json = path.extension().is_some_and(|e| e == "json");
    let parse_openapi = || -> Result<openapiv3::OpenAPI, String> {
        if json {
            serde_json::from_slice(bytes).map_err(|e| e.to_string())
        } else {
            serde_yaml::from_slice(bytes).map_err(|e| e.to_string())
        }
    };
    let budget = Duration::from_secs(1);
    match parse_openapi() {
        Ok(api) => Floor {
            time: median(&sample(10, 500, budget, parse_openapi)),
            target: "openapiv3".into(),
            operations: api.operations().count(),
        },
        Err(error) => {
            let parse_value = || -> serde_json::Value {
                if json {
                    serde_json::from_slice(bytes).unwrap_or_default()
                } else {
                    serde_yaml::from_slice(bytes).unwrap_or_default()
                }
            };
            let value = parse_value();
            Floor {
                time: median(&sample(10, 500, budget, parse_value)),
                target: format!("JSON value (openapiv3 rejects it: {})", first_line(&error)),
                operations: count_operations(&value),
            }
        }
    }
}

fn first_line(text: &str) -> String {
    text.lines()
        .next()
        .unwrap_or_default()
        .chars()
        .take(100)
        .collect()
}

/// Counts the operations of a document held as a plain value.
fn count_operations(document: &serde_json::Value) -> usize {
    const METHODS: [&str; 8] = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    document
        .get("paths")
        .and_then(|paths| paths.as_object())
        .map(|paths| {
            paths
                .values()
                .map(|item| METHODS.iter().filter(|m| item.get(**m).is_some()).count())
                .sum()
        })
        .unwrap_or(0)
}

/// The generation table in markdown.
pub fn table(rows: &[Row]) -> String {
    let mut out = String::from(
        "| spec | size (KB) | ops | ours (ms) | floor (ms) | ours / floor | progenitor (ms) | ours / progenitor | lines ours | lines progenitor |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    let mut notes = Vec::new();
    for row in rows {
        let ours = cell(&row.ours, &mut notes, &row.spec, "ours");
        let progenitor = cell(&row.progenitor, &mut notes, &row.spec, "progenitor");
        let floor_mark = if row.floor_target == "openapiv3" {
            String::new()
        } else {
            notes.push(format!("`{}` floor: {}", row.spec, row.floor_target));
            format!(" [{}]", notes.len())
        };
        let versus_floor = row
            .ours
            .time()
            .map(|t| ratio(t, row.floor))
            .unwrap_or_else(|| "–".into());
        let versus_progenitor = match (row.ours.time(), row.progenitor.time()) {
            (Some(ours), Some(theirs)) => ratio(ours, theirs),
            _ => "–".into(),
        };
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {}{} | {} | {} | {} | {} | {} |\n",
            row.spec,
            row.bytes.div_ceil(1024),
            row.operations,
            ours,
            ms(row.floor),
            floor_mark,
            versus_floor,
            progenitor,
            versus_progenitor,
            lines(row.ours_lines),
            lines(row.progenitor_lines),
        ));
    }
    if !notes.is_empty() {
        out.push('\n');
        for (i, note) in notes.iter().enumerate() {
            out.push_str(&format!("{}. {}\n", i + 1, note));
        }
    }
    out
}

fn cell(outcome: &Outcome, notes: &mut Vec<String>, spec: &str, who: &str) -> String {
    match outcome {
        Outcome::Timed(time) => ms(*time),
        Outcome::Failed(reason) => {
            notes.push(format!("`{spec}`, {who}: fails: {reason}"));
            format!("fails [{}]", notes.len())
        }
        Outcome::NotRun => "not run".into(),
    }
}

fn lines(count: usize) -> String {
    if count == 0 {
        "–".into()
    } else {
        count.to_string()
    }
}
