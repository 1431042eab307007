//! The repository workflow: every spec under `specs/` to its crate under `generated/`, written
//! or checked by one function, with stale and orphaned files listed with the command that fixes them.

use crate::dependency::{
    enclosing_runtime, is_runtime_dir, RuntimeDependency, RuntimeSource, RUNTIME_PACKAGE,
};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::{generate, Options};
use std::fmt;
use std::path::{Path, PathBuf};

/// Whether to write files or only report what differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write every file that differs and delete orphans.
    Write,
    /// Change nothing; report stale and orphaned files.
    Check,
}

/// The command that brings `generated/` up to date.
pub const FIX_COMMAND: &str = "cargo xtask regenerate";

/// What a regenerate run found or did.
#[derive(Debug, Default)]
pub struct Report {
    /// Files whose content differs from what the specs give (written in `Write` mode).
    pub stale: Vec<PathBuf>,
    /// Files under `generated/` that no spec produces (deleted in `Write` mode).
    pub orphans: Vec<PathBuf>,
    /// Warnings from every spec.
    pub warnings: Vec<Diagnostic>,
    /// The crates that were generated, as (spec, crate directory).
    pub crates: Vec<(PathBuf, PathBuf)>,
}

impl Report {
    /// Whether `generated/` matched the specs exactly.
    pub fn is_fresh(&self) -> bool {
        self.stale.is_empty() && self.orphans.is_empty()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for path in &self.stale {
            writeln!(f, "stale: {}", path.display())?;
        }
        for path in &self.orphans {
            writeln!(f, "orphaned: {}", path.display())?;
        }
        if !self.is_fresh() {
            writeln!(
                f,
                "run `{FIX_COMMAND}` to bring generated/ up to date with specs/"
            )?;
        }
        Ok(())
    }
}

/// Why a regenerate run stopped.
#[derive(Debug)]
pub enum Failure {
    /// One or more specs have errors (every spec's diagnostics are included).
    Specs(Diagnostics),
    /// Reading or writing files failed.
    Io(PathBuf, std::io::Error),
    /// The generated crate's runtime dependency cannot be resolved (the message names
    /// `--runtime`).
    Runtime(String),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Specs(diags) => write!(f, "{diags}"),
            Failure::Io(path, err) => write!(f, "{}: {err}", path.display()),
            Failure::Runtime(message) => write!(f, "{message}"),
        }
    }
}

impl std::error::Error for Failure {}

/// The spec files directly under `specs/` (subdirectories hold split-out parts), sorted.
pub fn spec_files(root: &Path) -> Result<Vec<PathBuf>, Failure> {
    specs_in(&root.join("specs"))
}

/// The spec files (`.yaml`, `.yml`, `.json`) directly in `dir`, sorted.
pub fn specs_in(dir: &Path) -> Result<Vec<PathBuf>, Failure> {
    let entries = std::fs::read_dir(dir).map_err(|e| Failure::Io(dir.to_path_buf(), e))?;
    let mut specs: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && matches!(
                    p.extension().and_then(|e| e.to_str()),
                    Some("yaml" | "yml" | "json")
                )
        })
        .collect();
    specs.sort();
    Ok(specs)
}

/// The file that lists third-party specs (under `specs/corpus/`) that also get a generated crate.
pub const EXTERNAL_LIST: &str = "specs/external.list";

/// One crate to generate.
struct Job {
    spec: PathBuf,
    directory: String,
    options: Options,
}

/// The crates to generate: every spec under `specs/`, then each line of `specs/external.list`
/// (`<directory under generated/> <crate name> <spec path from the repository root>
/// [<crate version>]`; the version, for specs this repository does not edit, defaults as for
/// any spec).
fn jobs(root: &Path) -> Result<Vec<Job>, Failure> {
    let mut jobs = Vec::new();
    for spec in spec_files(root)? {
        let stem = spec
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let file_name = spec
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let options = Options {
            spec_display: Some(format!("specs/{file_name}")),
            example_tests: true,
            conformance_tests: true,
            ..Options::default()
        };
        jobs.push(Job {
            spec,
            directory: stem,
            options,
        });
    }
    let list = root.join(EXTERNAL_LIST);
    let Ok(text) = std::fs::read_to_string(&list) else {
        return Ok(jobs);
    };
    let mut problems = Diagnostics::default();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let at = crate::diagnostics::Location::new(format!("{EXTERNAL_LIST}:{}", number + 1), "");
        let fields: Vec<&str> = line.split_whitespace().collect();
        let (directory, crate_name, path, crate_version) = match fields.as_slice() {
            [directory, crate_name, path] => (directory, crate_name, path, None),
            [directory, crate_name, path, version] => {
                (directory, crate_name, path, Some((*version).to_string()))
            }
            _ => {
                problems.error(
                    at,
                    "expected `<directory> <crate name> <spec path> [<crate version>]`",
                );
                continue;
            }
        };
        let spec = root.join(path);
        if !spec.is_file() {
            problems.error(
                at,
                format!("{path} does not exist (external specs must be present to regenerate)"),
            );
            continue;
        }
        let options = Options {
            spec_display: Some((*path).to_string()),
            crate_name: Some((*crate_name).to_string()),
            crate_version,
            conformance_tests: true,
            ..Options::default()
        };
        jobs.push(Job {
            spec,
            directory: (*directory).to_string(),
            options,
        });
    }
    if problems.has_errors() {
        return Err(Failure::Specs(problems));
    }
    Ok(jobs)
}

/// Generates every spec under `root/specs` (and each one `specs/external.list` names) into
/// `root/generated/<name>`, or checks that it is there.
pub fn regenerate(root: &Path, mode: Mode) -> Result<Report, Failure> {
    let mut report = Report::default();
    let mut all = Diagnostics::default();
    let mut outputs = Vec::new();
    for job in jobs(root)? {
        match generate(&job.spec, &job.options) {
            Ok(generated) => {
                report
                    .warnings
                    .extend(generated.diagnostics.warnings().cloned());
                outputs.push((
                    job.spec,
                    root.join("generated").join(&job.directory),
                    generated.files,
                ));
            }
            Err(diags) => all.extend(&diags),
        }
    }
    if all.has_errors() {
        return Err(Failure::Specs(all));
    }
    let generated_dir = root.join("generated");
    let mut expected_dirs = Vec::new();
    for (spec, dir, files) in &outputs {
        let mut expected = Vec::new();
        for file in files {
            let path = dir.join(&file.path);
            if ensure_file_contents(&path, &file.contents, mode)? {
                report.stale.push(relative(root, &path));
            }
            expected.push(path);
        }
        for existing in walk_files(dir)? {
            if !expected.contains(&existing) {
                report.orphans.push(relative(root, &existing));
                if mode == Mode::Write {
                    std::fs::remove_file(&existing)
                        .map_err(|e| Failure::Io(existing.clone(), e))?;
                }
            }
        }
        expected_dirs.push(dir.clone());
        report.crates.push((spec.clone(), dir.clone()));
    }
    if generated_dir.is_dir() {
        let entries =
            std::fs::read_dir(&generated_dir).map_err(|e| Failure::Io(generated_dir.clone(), e))?;
        let mut orphan_dirs: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| !expected_dirs.contains(p))
            .collect();
        orphan_dirs.sort();
        for orphan in orphan_dirs {
            report.orphans.push(relative(root, &orphan));
            if mode == Mode::Write {
                let removed = if orphan.is_dir() {
                    std::fs::remove_dir_all(&orphan)
                } else {
                    std::fs::remove_file(&orphan)
                };
                removed.map_err(|e| Failure::Io(orphan.clone(), e))?;
            }
        }
    }
    Ok(report)
}

/// Makes `path` hold `contents` (in `Write` mode) and says whether it differed. Line endings
/// are compared without regard to `\r\n`, so a checkout on any platform is judged the same.
pub fn ensure_file_contents(path: &Path, contents: &str, mode: Mode) -> Result<bool, Failure> {
    let normalize = |s: &str| s.replace("\r\n", "\n");
    if let Ok(existing) = std::fs::read_to_string(path) {
        if normalize(&existing) == normalize(contents) {
            return Ok(false);
        }
    }
    if mode == Mode::Write {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Failure::Io(parent.to_path_buf(), e))?;
        }
        std::fs::write(path, contents).map_err(|e| Failure::Io(path.to_path_buf(), e))?;
    }
    Ok(true)
}

/// Every file under `dir`, skipping build output.
fn walk_files(dir: &Path) -> Result<Vec<PathBuf>, Failure> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let entries = std::fs::read_dir(&current).map_err(|e| Failure::Io(current.clone(), e))?;
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n == "target") {
                    continue;
                }
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// The path from directory `from` to `to` (both absolute), for `path =` dependencies.
pub fn relative_path(from: &Path, to: &Path) -> PathBuf {
    let from: Vec<_> = from.components().collect();
    let to_components: Vec<_> = to.components().collect();
    let common = from
        .iter()
        .zip(&to_components)
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        return to.to_path_buf();
    }
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for component in to_components.iter().skip(common) {
        out.push(component);
    }
    out
}

/// Writes a standalone crate for `spec` into `out` (for specs outside `specs/`). `options`
/// names the crate and sets strictness; the runtime dependency and standalone flag are set here,
/// from `runtime` (see [`resolve_runtime`]).
pub fn generate_into(
    spec: &Path,
    out: &Path,
    runtime: Option<&RuntimeSource>,
    options: Options,
) -> Result<crate::Generated, Failure> {
    write_crate(spec, out, runtime, options, true)
}

/// Writes the crate for `spec` into `out` as a member of an enclosing workspace (the caller
/// writes the workspace manifest); otherwise as [`generate_into`].
pub fn generate_member(
    spec: &Path,
    out: &Path,
    runtime: Option<&RuntimeSource>,
    options: Options,
) -> Result<crate::Generated, Failure> {
    write_crate(spec, out, runtime, options, false)
}

fn write_crate(
    spec: &Path,
    out: &Path,
    runtime: Option<&RuntimeSource>,
    options: Options,
    standalone: bool,
) -> Result<crate::Generated, Failure> {
    std::fs::create_dir_all(out).map_err(|e| Failure::Io(out.to_path_buf(), e))?;
    let out_abs = std::fs::canonicalize(out).map_err(|e| Failure::Io(out.to_path_buf(), e))?;
    let options = Options {
        runtime: resolve_runtime(runtime, &out_abs)?,
        standalone,
        ..options
    };
    let generated = generate(spec, &options).map_err(Failure::Specs)?;
    for file in &generated.files {
        ensure_file_contents(&out.join(&file.path), &file.contents, Mode::Write)?;
    }
    Ok(generated)
}

/// The runtime dependency of a crate written to `out` (an absolute path). A directory must hold
/// the runtime crate and is written as a path relative to `out`; git and version sources are
/// written as given. Without a source, the runtime of the clientgen checkout that encloses `out`
/// (or the current directory) is used; outside any checkout that is an error naming `--runtime`,
/// never a path that only existed where the generator was built.
pub fn resolve_runtime(
    source: Option<&RuntimeSource>,
    out: &Path,
) -> Result<RuntimeDependency, Failure> {
    const FORMS: &str = "--runtime path=<clientgen checkout>/runtime, \
                         --runtime git=<repository URL>[#REV] or --runtime version=<VERSION>";
    let dir = match source {
        Some(RuntimeSource::Git { url, rev }) => {
            return Ok(RuntimeDependency::Git {
                url: url.clone(),
                rev: rev.clone(),
            })
        }
        Some(RuntimeSource::Version(version)) => {
            return Ok(RuntimeDependency::Version(version.clone()))
        }
        Some(RuntimeSource::Path(dir)) => {
            let Ok(dir) = std::fs::canonicalize(dir) else {
                return Err(Failure::Runtime(format!(
                    "--runtime path={}: no such directory; pass {FORMS}",
                    dir.display()
                )));
            };
            if !is_runtime_dir(&dir) {
                return Err(Failure::Runtime(format!(
                    "--runtime path={}: this directory does not hold the {RUNTIME_PACKAGE} \
                     crate (its Cargo.toml must name that package); pass {FORMS}",
                    dir.display()
                )));
            }
            dir
        }
        None => {
            let cwd = std::env::current_dir().ok();
            let found = enclosing_runtime(out)
                .or_else(|| cwd.as_deref().and_then(enclosing_runtime))
                .and_then(|dir| std::fs::canonicalize(dir).ok());
            let Some(dir) = found else {
                return Err(Failure::Runtime(format!(
                    "the generated crate needs the {RUNTIME_PACKAGE} crate, and {} is not inside \
                     a clientgen checkout that has one: pass {FORMS}",
                    out.display()
                )));
            };
            dir
        }
    };
    Ok(RuntimeDependency::Path(
        relative_path(out, &dir)
            .to_string_lossy()
            .replace('\\', "/"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_climb_and_descend() {
        assert_eq!(
            relative_path(Path::new("/a/b/generated/x"), Path::new("/a/b/runtime")),
            PathBuf::from("../../runtime")
        );
        assert_eq!(
            relative_path(Path::new("/tmp/out"), Path::new("/work/runtime")),
            PathBuf::from("../../work/runtime")
        );
    }
}
