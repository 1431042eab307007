//! API diff: compares the lowered models of two revisions of a spec and classifies every change
//! by what it does to the consumers of the generated crate (breaking, minor or patch).
//!
//! The comparison runs on the [`Api`] model, not on text, so a reformatted spec reports nothing
//! and a moved schema reports only what the Rust API sees. Each concern has its own file:
//! `types` (the type arena) and `fields` (struct fields), `ops` (operations and parameters) and
//! `responses` (request bodies and responses), `servers`
//! (environments, security schemes and `info`), [`version`] (the semver rule and the check) and
//! [`render`] (text, markdown and JSON). This file holds the report types and the entry points.

mod fields;
mod ops;
mod pairing;
pub mod place;
pub mod render;
mod responses;
mod servers;
mod types;
pub mod version;

use crate::diagnostics::{Diagnostics, Location};
use crate::model::{Api, Ty};
use serde::Serialize;
use std::fmt;
use std::path::{Path, PathBuf};

pub use render::Format;
pub use version::{Bump, VersionCheck};

/// How a change affects code that uses the generated crate. Ordered from least to most severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Impact {
    /// Nothing that compiles against the crate changes (documentation, wire details).
    Patch,
    /// Something is added; existing code keeps compiling (within the documented policy).
    Minor,
    /// Existing code may stop compiling or start behaving differently.
    Breaking,
}

impl Impact {
    /// The lower-case word used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::Patch => "patch",
            Impact::Minor => "minor",
            Impact::Breaking => "breaking",
        }
    }
}

/// Which revision a change's location points into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The base revision (for things that were removed).
    Old,
    /// The working tree (for things that were added or changed).
    New,
}

/// What kind of change it is; the snake-case name is stable and used in JSON and fixtures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A spec only in the working tree: a new crate.
    SpecAdded,
    /// A spec only in the base revision: a crate that is no longer generated.
    SpecRemoved,
    /// `x-crate.name` changed.
    CrateRenamed,
    /// A description, summary, example or deprecation note changed.
    Documentation,
    /// A new `Client` method.
    OperationAdded,
    /// A `Client` method that is gone.
    OperationRemoved,
    /// The same endpoint under a new method name (a new operationId).
    OperationRenamed,
    /// The endpoint, operationId or retry behaviour of a method changed.
    OperationChanged,
    /// A new parameter (a path argument or a `<Op>Params` field).
    ParamAdded,
    /// A parameter that is gone.
    ParamRemoved,
    /// An optional parameter made required.
    ParamRequired,
    /// A required parameter made optional.
    ParamOptional,
    /// A parameter whose Rust type changed.
    ParamRetyped,
    /// A parameter's name on the wire, place, style or order changed.
    ParamChanged,
    /// A method that now sends a body.
    BodyAdded,
    /// A method that no longer sends a body.
    BodyRemoved,
    /// A body whose type, optionality or encoding changed.
    BodyChanged,
    /// A new field in a type that requests use.
    RequestFieldAdded,
    /// A field removed from a type that requests use.
    RequestFieldRemoved,
    /// A field retyped (or renamed) in a type that requests use.
    RequestFieldRetyped,
    /// A field made nullable or not nullable in a type that requests use.
    RequestFieldNullable,
    /// A field made required or optional in a type that requests use.
    RequestFieldRequired,
    /// A new field in a type that only responses use.
    ResponseFieldAdded,
    /// A field removed from a type that only responses use.
    ResponseFieldRemoved,
    /// A field retyped (or renamed) in a type that only responses use.
    ResponseFieldRetyped,
    /// A field made nullable or not nullable in a type that only responses use.
    ResponseFieldNullable,
    /// A field made required or optional in a type that only responses use.
    ResponseFieldRequired,
    /// A field's read-only, write-only, default or leniency changed.
    FieldChanged,
    /// A new value of a string enum.
    EnumValueAdded,
    /// A string enum value that is gone.
    EnumValueRemoved,
    /// A new alternative of a union.
    VariantAdded,
    /// A union alternative that is gone.
    VariantRemoved,
    /// A new named type.
    TypeAdded,
    /// A named type that is gone.
    TypeRemoved,
    /// A named type under a new Rust name.
    TypeRenamed,
    /// A type's kind, alias target or variants changed.
    TypeChanged,
    /// The emitted code no longer implements a trait for a type.
    TraitRemoved,
    /// The emitted code implements a further trait for a type.
    TraitAdded,
    /// A newly documented response status.
    StatusAdded,
    /// A response status that is no longer documented.
    StatusRemoved,
    /// A documented status whose variant or payload changed.
    StatusChanged,
    /// A method's success type changed.
    ReturnTypeChanged,
    /// Environments, server URLs or server variables changed.
    ServersChanged,
    /// Security schemes or an operation's security requirement changed.
    AuthChanged,
}

impl ChangeKind {
    /// The stable snake-case name (`param_added`).
    pub fn name(self) -> String {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::String(name)) => name,
            _ => format!("{self:?}"),
        }
    }
}

/// One change between the two revisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What it does to the crate's consumers.
    pub impact: Impact,
    /// What kind of change it is.
    pub kind: ChangeKind,
    /// Whether `location` is in the base revision (removals) or the working tree.
    pub side: Side,
    /// Where in that revision's spec the changed thing is.
    pub location: Location,
    /// What changed, naming the Rust item (one line, markdown code spans for names).
    pub message: String,
    /// Why it has this impact (one line).
    pub reason: String,
}

/// Whether a spec was added, removed or changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SpecStatus {
    /// Only in the working tree: a new crate.
    Added,
    /// Only in the base revision: the crate is no longer generated.
    Removed,
    /// In both.
    Changed,
}

/// The diff of one spec.
#[derive(Debug, Clone, Serialize)]
pub struct SpecDiff {
    /// The spec as displayed (`specs/vsee.yaml`).
    pub spec: String,
    /// Added, removed or changed.
    pub status: SpecStatus,
    /// The generated crate's package name.
    pub crate_name: String,
    /// The crate version in the base revision.
    pub old_version: Option<String>,
    /// The crate version in the working tree.
    pub new_version: Option<String>,
    /// Every change, breaking first, then minor, then patch (spec order within each).
    pub changes: Vec<Change>,
    /// The bump the changes need.
    pub bump: Bump,
    /// The version check, for specs in both revisions.
    pub check: Option<VersionCheck>,
}

impl SpecDiff {
    /// How many changes have the given impact.
    pub fn count(&self, impact: Impact) -> usize {
        self.changes.iter().filter(|c| c.impact == impact).count()
    }

    /// Whether the crate version was bumped enough (specs that were added or removed pass).
    pub fn passed(&self) -> bool {
        self.check.as_ref().is_none_or(|check| check.passed)
    }
}

/// The diff of every spec that differs between two trees.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// How the base revision is named (a git ref, or a path).
    pub base: String,
    /// One entry per spec that differs, sorted by spec.
    pub specs: Vec<SpecDiff>,
}

impl Report {
    /// Whether every crate's version was bumped enough for its changes.
    pub fn passed(&self) -> bool {
        self.specs.iter().all(SpecDiff::passed)
    }

    /// The specs whose version check failed.
    pub fn failures(&self) -> impl Iterator<Item = &SpecDiff> {
        self.specs.iter().filter(|s| !s.passed())
    }
}

/// Why a diff could not be computed.
#[derive(Debug)]
pub enum DiffError {
    /// A spec has errors; `revision` says which side (`base revision` or `working tree`).
    Spec {
        /// Which revision the spec is from.
        revision: &'static str,
        /// The spec as displayed.
        spec: String,
        /// Its errors.
        diagnostics: Diagnostics,
    },
    /// Reading a directory failed.
    Io(PathBuf, std::io::Error),
}

impl fmt::Display for DiffError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DiffError::Spec {
                revision,
                spec,
                diagnostics,
            } => write!(
                f,
                "{spec} in the {revision} does not load, so it cannot be compared:\n{diagnostics}"
            ),
            DiffError::Io(path, err) => write!(f, "{}: {err}", path.display()),
        }
    }
}

impl std::error::Error for DiffError {}

/// Compares two models of the same spec: every change, breaking first.
pub fn compare(old: &Api, new: &Api) -> Vec<Change> {
    let mut cx = Cx::new(old, new);
    servers::compare_info(&mut cx);
    servers::compare_servers(&mut cx);
    servers::compare_schemes(&mut cx);
    ops::compare_operations(&mut cx);
    types::compare_types(&mut cx);
    let mut changes = Vec::new();
    for change in cx.changes {
        if !changes.contains(&change) {
            changes.push(change);
        }
    }
    // A stable sort keeps spec order within each impact.
    changes.sort_by_key(|change| std::cmp::Reverse(change.impact));
    changes
}

/// One side of a spec diff: the spec file and how it is displayed.
#[derive(Debug, Clone, Copy)]
pub struct SpecFile<'a> {
    /// The file to load.
    pub path: &'a Path,
    /// How it is named in locations (`specs/vsee.yaml`).
    pub display: &'a str,
}

/// Loads both revisions of one spec (either may be missing) and compares them.
pub fn diff_files(
    old: Option<SpecFile<'_>>,
    new: Option<SpecFile<'_>>,
) -> Result<SpecDiff, DiffError> {
    let old = old.map(|f| load(f, "base revision")).transpose()?;
    let new = new.map(|f| load(f, "working tree")).transpose()?;
    Ok(diff_models(old.as_ref(), new.as_ref()))
}

/// Compares two loaded models (either may be missing) into one spec's diff.
pub fn diff_models(old: Option<&Api>, new: Option<&Api>) -> SpecDiff {
    match (old, new) {
        (Some(old), Some(new)) => {
            let changes = compare(old, new);
            let bump = Bump::for_changes(&changes);
            let old_version = crate_version(old);
            let new_version = crate_version(new);
            let check = version::check(
                &old_version,
                &new_version,
                bump,
                Location::new(new.spec.clone(), "/x-crate/version"),
            );
            SpecDiff {
                spec: new.spec.clone(),
                status: SpecStatus::Changed,
                crate_name: crate_name(new),
                old_version: Some(old_version),
                new_version: Some(new_version),
                changes,
                bump,
                check: Some(check),
            }
        }
        (None, Some(new)) => lone(new, SpecStatus::Added),
        (Some(old), None) => lone(old, SpecStatus::Removed),
        (None, None) => SpecDiff {
            spec: String::new(),
            status: SpecStatus::Changed,
            crate_name: String::new(),
            old_version: None,
            new_version: None,
            changes: Vec::new(),
            bump: Bump::None,
            check: None,
        },
    }
}

/// The diff of a spec that exists on one side only.
fn lone(api: &Api, status: SpecStatus) -> SpecDiff {
    let name = crate_name(api);
    let version = crate_version(api);
    let (impact, kind, side, message, reason, old_version, new_version) = match status {
        SpecStatus::Added => (
            Impact::Minor,
            ChangeKind::SpecAdded,
            Side::New,
            format!("new spec: crate `{name}` {version} is generated"),
            "a new crate; nothing depends on it yet".to_string(),
            None,
            Some(version),
        ),
        _ => (
            Impact::Breaking,
            ChangeKind::SpecRemoved,
            Side::Old,
            format!("spec removed: crate `{name}` {version} is no longer generated"),
            "dependents of the crate lose it".to_string(),
            Some(version),
            None,
        ),
    };
    SpecDiff {
        spec: api.spec.clone(),
        status,
        crate_name: name,
        old_version,
        new_version,
        changes: vec![Change {
            impact,
            kind,
            side,
            location: Location::new(api.spec.clone(), ""),
            message,
            reason,
        }],
        bump: Bump::None,
        check: None,
    }
}

/// Compares every spec directly under `base/specs` and `work/specs` (the layout that
/// [`crate::workspace::spec_files`] reads) and reports the ones whose bundled documents differ.
pub fn diff_trees(base: &Path, work: &Path, base_name: &str) -> Result<Report, DiffError> {
    let base_specs = spec_names(base, "base revision")?;
    let work_specs = spec_names(work, "working tree")?;
    let mut names: Vec<&String> = base_specs.iter().chain(&work_specs).collect();
    names.sort();
    names.dedup();
    let mut specs = Vec::new();
    for name in names {
        let display = format!("specs/{name}");
        let old_path = base.join("specs").join(name);
        let new_path = work.join("specs").join(name);
        let old = base_specs.contains(name).then(|| SpecFile {
            path: &old_path,
            display: &display,
        });
        let new = work_specs.contains(name).then(|| SpecFile {
            path: &new_path,
            display: &display,
        });
        let old = old.map(|f| load_raw(f, "base revision")).transpose()?;
        let new = new.map(|f| load_raw(f, "working tree")).transpose()?;
        if let (Some((_, old_raw)), Some((_, new_raw))) = (&old, &new) {
            if old_raw == new_raw {
                continue;
            }
        }
        specs.push(diff_models(
            old.as_ref().map(|(api, _)| api),
            new.as_ref().map(|(api, _)| api),
        ));
    }
    Ok(Report {
        base: base_name.to_string(),
        specs,
    })
}

/// The spec file names directly under `root/specs`; none when the directory is missing.
fn spec_names(root: &Path, revision: &'static str) -> Result<Vec<String>, DiffError> {
    if !root.join("specs").is_dir() {
        return Ok(Vec::new());
    }
    let files = crate::workspace::spec_files(root).map_err(|e| match e {
        crate::workspace::Failure::Io(path, err) => DiffError::Io(path, err),
        crate::workspace::Failure::Specs(diagnostics) => DiffError::Spec {
            revision,
            spec: "specs/".into(),
            diagnostics,
        },
        crate::workspace::Failure::Runtime(message) => {
            DiffError::Io(root.join("specs"), std::io::Error::other(message))
        }
    })?;
    Ok(files
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect())
}

fn load(file: SpecFile<'_>, revision: &'static str) -> Result<Api, DiffError> {
    load_raw(file, revision).map(|(api, _)| api)
}

/// Loads a spec's model and its bundled document (to tell whether anything changed at all).
fn load_raw(
    file: SpecFile<'_>,
    revision: &'static str,
) -> Result<(Api, serde_json::Value), DiffError> {
    match crate::model_and_bundle(file.path, file.display, false) {
        Ok((api, raw, _)) => Ok((api, raw)),
        Err(diagnostics) => Err(DiffError::Spec {
            revision,
            spec: file.display.to_string(),
            diagnostics,
        }),
    }
}

/// The crate version as generated (see [`crate::model::Info::generated_crate_version`]).
pub fn crate_version(api: &Api) -> String {
    api.info.generated_crate_version()
}

/// The crate name as generated without a name option.
pub fn crate_name(api: &Api) -> String {
    crate::default_crate_name(api)
}

/// Everything a comparison needs: both models, the type pairing, where types are used, and
/// the changes found so far.
pub(crate) struct Cx<'a> {
    old: &'a Api,
    new: &'a Api,
    types: pairing::TypeMap,
    old_usage: pairing::Usage,
    new_usage: pairing::Usage,
    changes: Vec<Change>,
}

impl<'a> Cx<'a> {
    fn new(old: &'a Api, new: &'a Api) -> Self {
        Cx {
            old,
            new,
            types: pairing::match_types(old, new),
            old_usage: pairing::Usage::of(old),
            new_usage: pairing::Usage::of(new),
            changes: Vec::new(),
        }
    }

    /// Records a change.
    fn push(
        &mut self,
        impact: Impact,
        kind: ChangeKind,
        side: Side,
        location: &Location,
        message: String,
        reason: impl Into<String>,
    ) {
        self.changes.push(Change {
            impact,
            kind,
            side,
            location: location.clone(),
            message,
            reason: reason.into(),
        });
    }

    /// Whether two type expressions are the same Rust type (named types by their pairing, so
    /// a renamed type is reported once, where it is defined).
    fn same(&self, old: &Ty, new: &Ty) -> bool {
        match (old, new) {
            (Ty::Named(a), Ty::Named(b)) => self.types.paired(*a) == Some(*b),
            (Ty::Array(a), Ty::Array(b))
            | (Ty::Map(a), Ty::Map(b))
            | (Ty::Nullable(a), Ty::Nullable(b)) => self.same(a, b),
            (a, b) => a == b,
        }
    }

    /// A type expression of the old model, as Rust.
    fn old_ty(&self, ty: &Ty) -> String {
        crate::rust_type::ty_text(self.old, ty)
    }

    /// A type expression of the new model, as Rust.
    fn new_ty(&self, ty: &Ty) -> String {
        crate::rust_type::ty_text(self.new, ty)
    }
}

/// Whether a description changed (ignoring surrounding whitespace and empty text).
fn text_changed(old: Option<&str>, new: Option<&str>) -> bool {
    old.map(str::trim).filter(|s| !s.is_empty()) != new.map(str::trim).filter(|s| !s.is_empty())
}

/// A location with `token` appended to its pointer.
fn at(location: &Location, token: &str) -> Location {
    Location::new(
        location.file.clone(),
        crate::diagnostics::join(&location.pointer, token),
    )
}
