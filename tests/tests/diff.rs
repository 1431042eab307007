//! Tests of `clientgen::diff`: one fixture pair per change kind under `diff/<kind>/`, each
//! snapshotted as the text report; the version check at the right bumps (Cargo's 0.x rule
//! included); a corpus spec changed in five realistic ways, snapshotted as markdown; and the
//! tree comparison that `cargo xtask diff` runs.

use clientgen::diff::{self, render, Bump, ChangeKind, Impact, Report, Side, SpecDiff, SpecFile};
use std::path::{Path, PathBuf};

/// The change kinds the issue lists; each must have a fixture directory of the same name.
const REQUIRED_KINDS: &[ChangeKind] = &[
    ChangeKind::OperationAdded,
    ChangeKind::OperationRemoved,
    ChangeKind::OperationRenamed,
    ChangeKind::ParamAdded,
    ChangeKind::ParamRemoved,
    ChangeKind::ParamRequired,
    ChangeKind::ParamOptional,
    ChangeKind::ParamRetyped,
    ChangeKind::RequestFieldAdded,
    ChangeKind::RequestFieldRemoved,
    ChangeKind::RequestFieldRetyped,
    ChangeKind::RequestFieldNullable,
    ChangeKind::RequestFieldRequired,
    ChangeKind::ResponseFieldAdded,
    ChangeKind::ResponseFieldRemoved,
    ChangeKind::ResponseFieldRetyped,
    ChangeKind::ResponseFieldNullable,
    ChangeKind::ResponseFieldRequired,
    ChangeKind::EnumValueAdded,
    ChangeKind::EnumValueRemoved,
    ChangeKind::StatusAdded,
    ChangeKind::StatusRemoved,
    ChangeKind::ServersChanged,
    ChangeKind::AuthChanged,
];

fn tests_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn display(path: &Path) -> String {
    path.strip_prefix(tests_dir())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Compares two spec files, named relative to `tests/`.
fn diff_paths(old: &Path, new: &Path) -> SpecDiff {
    let (old_name, new_name) = (display(old), display(new));
    diff::diff_files(
        Some(SpecFile {
            path: old,
            display: &old_name,
        }),
        Some(SpecFile {
            path: new,
            display: &new_name,
        }),
    )
    .unwrap_or_else(|e| panic!("{} should compare: {e}", new.display()))
}

fn report(spec: SpecDiff) -> Report {
    Report {
        base: "old.yaml".into(),
        specs: vec![spec],
    }
}

#[test]
fn every_change_kind_has_a_fixture() {
    for kind in REQUIRED_KINDS {
        let dir = tests_dir().join("diff").join(kind.name());
        assert!(
            dir.join("old.yaml").is_file() && dir.join("new.yaml").is_file(),
            "no fixture pair for {} under {}",
            kind.name(),
            dir.display()
        );
    }
}

#[test]
fn fixtures() {
    insta::glob!("../diff", "*/old.yaml", |old| {
        let dir = old.parent().expect("a fixture directory");
        let kind = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let spec = diff_paths(old, &dir.join("new.yaml"));
        let text = render::text(&report(spec.clone()));
        assert!(
            spec.changes.iter().any(|c| c.kind.name() == kind),
            "fixture {kind} reports no {kind} change:\n{text}"
        );
        for change in &spec.changes {
            let file = match change.side {
                Side::Old => "old.yaml",
                Side::New => "new.yaml",
            };
            assert!(
                change.location.file.ends_with(file) && change.location.pointer.starts_with('/'),
                "{kind}: a change is not located in {file}: {change:?}"
            );
            assert!(
                !change.message.contains('\n') && !change.reason.contains('\n'),
                "{kind}: message and reason are one line each: {change:?}"
            );
        }
        assert_eq!(spec.bump, Bump::for_changes(&spec.changes));
        insta::assert_snapshot!(text);
    });
}

/// The classification the issue gives as examples, checked directly.
#[test]
fn the_issue_examples_are_classified_as_it_says() {
    let impact_of = |kind: &str, wire: &str| -> Impact {
        let dir = tests_dir().join("diff").join(kind);
        let spec = diff_paths(&dir.join("old.yaml"), &dir.join("new.yaml"));
        spec.changes
            .iter()
            .find(|c| c.kind.name() == kind && c.message.contains(wire))
            .unwrap_or_else(|| panic!("{kind}: no change mentions {wire}: {:?}", spec.changes))
            .impact
    };
    // A new required request field is breaking; a new optional response field is not.
    assert_eq!(
        impact_of("request_field_added", "\"species\""),
        Impact::Breaking
    );
    assert_eq!(impact_of("response_field_added", "\"age\""), Impact::Minor);
    // A new enum value is not breaking, because enums are open; a removed one is.
    assert_eq!(impact_of("enum_value_added", "\"pending\""), Impact::Minor);
    assert_eq!(
        impact_of("enum_value_removed", "\"sold\""),
        Impact::Breaking
    );
    // A new error status is an addition; a second success status changes the return type.
    assert_eq!(impact_of("status_added", "410"), Impact::Minor);
    assert_eq!(impact_of("status_added", "202"), Impact::Breaking);
    // Optional parameters are additions by policy; required ones break callers.
    assert_eq!(impact_of("param_added", "`offset`"), Impact::Minor);
    assert_eq!(impact_of("param_added", "`species`"), Impact::Breaking);
}

/// Writes `text` with its `x-crate` version replaced, into a fresh scratch directory.
fn with_version(text: &str, from: &str, to: &str, dir: &Path, name: &str) -> PathBuf {
    let needle = format!("  version: {from}\n");
    assert!(
        text.contains(&needle),
        "the fixture sets x-crate.version {from}"
    );
    let path = dir.join(name);
    std::fs::write(
        &path,
        text.replacen(&needle, &format!("  version: {to}\n"), 1),
    )
    .expect("write a scratch spec");
    path
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("clientgen-diff-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create a scratch directory");
    dir
}

/// Checks fixture `kind` with the base at `base` and the working tree at each version.
fn check_bumps(kind: &str, base: &str, cases: &[(&str, bool)]) {
    let dir = scratch(kind);
    let fixture = tests_dir().join("diff").join(kind);
    let read = |name: &str| std::fs::read_to_string(fixture.join(name)).expect("read fixture");
    let old = with_version(&read("old.yaml"), "0.1.0", base, &dir, "old.yaml");
    for (version, passes) in cases {
        let new = with_version(&read("new.yaml"), "0.1.0", version, &dir, "new.yaml");
        let spec = diff_paths(&old, &new);
        let check = spec.check.clone().expect("a changed spec is checked");
        assert_eq!(
            spec.passed(),
            *passes,
            "{kind}: {base} -> {version} should {} the check: {}",
            if *passes { "pass" } else { "fail" },
            check.message
        );
        let rendered = render::text(&report(spec));
        assert_eq!(
            rendered.contains("NOT BUMPED ENOUGH"),
            !passes,
            "{kind}: the report states the verdict:\n{rendered}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_version_check_fails_until_the_bump_is_enough() {
    // Breaking: for 0.y.z the minor number is the major one (0.1.0 -> 0.2.0).
    check_bumps(
        "request_field_added",
        "0.1.0",
        &[
            ("0.1.0", false),
            ("0.1.1", false),
            ("0.2.0", true),
            ("1.0.0", true),
        ],
    );
    // Additions and patches: 0.y.z -> 0.y.(z+1).
    check_bumps(
        "enum_value_added",
        "0.1.0",
        &[("0.1.0", false), ("0.1.1", true)],
    );
    check_bumps(
        "documentation",
        "0.1.3",
        &[("0.1.3", false), ("0.1.4", true)],
    );
    // 0.0.z: every change is a new z.
    check_bumps(
        "operation_removed",
        "0.0.3",
        &[("0.0.3", false), ("0.0.4", true)],
    );
    // From 1.0: breaking -> major, additions -> minor, otherwise patch.
    check_bumps(
        "operation_removed",
        "1.2.3",
        &[("1.3.0", false), ("2.0.0", true)],
    );
    check_bumps(
        "operation_added",
        "1.2.3",
        &[("1.2.4", false), ("1.3.0", true)],
    );
    check_bumps(
        "documentation",
        "1.2.3",
        &[("1.2.3", false), ("1.2.4", true)],
    );
    // A version that goes backwards never passes.
    check_bumps("operation_added", "1.2.3", &[("1.0.0", false)]);
}

#[test]
fn a_corpus_spec_changed_in_five_realistic_ways() {
    let old = clientgen_tests::corpus_dir().join("oai__petstore-expanded.yaml");
    let new = tests_dir().join("diff/corpus/oai__petstore-expanded.yaml");
    let spec = diff::diff_files(
        Some(SpecFile {
            path: &old,
            display: "corpus/oai__petstore-expanded.yaml",
        }),
        Some(SpecFile {
            path: &new,
            display: "diff/corpus/oai__petstore-expanded.yaml",
        }),
    )
    .unwrap_or_else(|e| panic!("the corpus spec should compare: {e}"));
    let kinds: Vec<String> = spec.changes.iter().map(|c| c.kind.name()).collect();
    for expected in [
        "param_added",
        "request_field_required",
        "response_field_added",
        "status_added",
        "operation_renamed",
    ] {
        assert!(
            kinds.iter().any(|k| k == expected),
            "no {expected} in {kinds:?}"
        );
    }
    assert_eq!(spec.bump, Bump::Major);
    assert!(spec.passed(), "1.0.0 -> 2.0.0 is the breaking bump");
    let markdown = render::markdown(&report(spec));
    let breaking = markdown.find("**Breaking**").expect("a breaking group");
    let minor = markdown
        .find("**Additions (minor)**")
        .expect("an additions group");
    assert!(breaking < minor, "breaking changes come first");
    insta::assert_snapshot!(markdown);
}

#[test]
fn json_is_the_report_serialised() {
    let dir = tests_dir().join("diff/param_added");
    let spec = diff_paths(&dir.join("old.yaml"), &dir.join("new.yaml"));
    let text = render::json(&report(spec));
    let value: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let changes = value["specs"][0]["changes"].as_array().expect("changes");
    assert_eq!(changes.len(), 2);
    assert_eq!(changes[0]["impact"], "breaking");
    assert_eq!(changes[0]["kind"], "param_added");
    assert_eq!(changes[1]["impact"], "minor");
    assert_eq!(value["specs"][0]["bump"], "major");
    assert_eq!(value["specs"][0]["check"]["passed"], false);
    assert_eq!(value["specs"][0]["check"]["minimum"], "0.2.0");
}

/// The comparison `cargo xtask diff` runs: two `specs/` trees, unchanged specs left out, added
/// and removed specs reported, and a spec that references other files compared whole.
#[test]
fn trees_report_only_the_specs_that_differ() {
    let base = scratch("tree-base");
    let work = scratch("tree-work");
    let fixture = |kind: &str, name: &str| tests_dir().join("diff").join(kind).join(name);
    let copy = |from: PathBuf, to: PathBuf| {
        std::fs::create_dir_all(to.parent().expect("a parent")).expect("create a directory");
        std::fs::copy(from, to).expect("copy a spec");
    };
    copy(
        fixture("documentation", "old.yaml"),
        base.join("specs/same.yaml"),
    );
    copy(
        fixture("documentation", "old.yaml"),
        work.join("specs/same.yaml"),
    );
    copy(
        fixture("operation_added", "old.yaml"),
        base.join("specs/pets.yaml"),
    );
    copy(
        fixture("operation_added", "new.yaml"),
        work.join("specs/pets.yaml"),
    );
    copy(
        fixture("documentation", "old.yaml"),
        base.join("specs/gone.yaml"),
    );
    copy(
        fixture("documentation", "old.yaml"),
        work.join("specs/fresh.yaml"),
    );
    // Split specs: only a referenced file changes.
    let split = |enum_values: &str| {
        let root = "openapi: 3.0.3\ninfo: {title: Split, version: '1'}\npaths:\n  /things:\n    get:\n      operationId: listThings\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: 'parts/thing.yaml'}\n";
        let part = format!("type: string\nenum: [{enum_values}]\n");
        (root.to_string(), part)
    };
    for (dir, values) in [(&base, "a, b"), (&work, "a, b, c")] {
        let (root, part) = split(values);
        std::fs::create_dir_all(dir.join("specs/parts")).expect("create parts");
        std::fs::write(dir.join("specs/split.yaml"), root).expect("write split root");
        std::fs::write(dir.join("specs/parts/thing.yaml"), part).expect("write split part");
    }
    let report = diff::diff_trees(&base, &work, "base").expect("the trees compare");
    let specs: Vec<(&str, diff::SpecStatus)> = report
        .specs
        .iter()
        .map(|s| (s.spec.as_str(), s.status))
        .collect();
    assert_eq!(
        specs,
        vec![
            ("specs/fresh.yaml", diff::SpecStatus::Added),
            ("specs/gone.yaml", diff::SpecStatus::Removed),
            ("specs/pets.yaml", diff::SpecStatus::Changed),
            ("specs/split.yaml", diff::SpecStatus::Changed),
        ]
    );
    let split_changes = &report.specs[3].changes;
    assert_eq!(split_changes.len(), 1, "{split_changes:?}");
    assert_eq!(split_changes[0].kind, ChangeKind::EnumValueAdded);
    assert!(split_changes[0].location.file.ends_with("parts/thing.yaml"));
    // Both changed specs still carry 0.1.0: the check fails for them, not for added or removed ones.
    let failed: Vec<&str> = report.failures().map(|s| s.spec.as_str()).collect();
    assert_eq!(failed, vec!["specs/pets.yaml", "specs/split.yaml"]);
    assert!(!report.passed());
    // A base spec that does not load is a located error, not a panic.
    std::fs::write(base.join("specs/pets.yaml"), "openapi: [").expect("break the base spec");
    let err = diff::diff_trees(&base, &work, "base").expect_err("a broken base spec");
    assert!(
        err.to_string()
            .contains("specs/pets.yaml in the base revision does not load"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&base);
    let _ = std::fs::remove_dir_all(&work);
}

#[test]
fn every_diff_snapshot_belongs_to_a_fixture() {
    // As for the codegen snapshots: a snapshot whose fixture directory is gone is an error.
    let snapshots = tests_dir().join("tests/snapshots");
    let entries = std::fs::read_dir(&snapshots).expect("the snapshots directory");
    let mut orphans = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(fixture) = name.strip_prefix("diff__fixtures@") else {
            continue;
        };
        let kind = fixture.split("__").next().unwrap_or_default();
        if !tests_dir()
            .join("diff")
            .join(kind)
            .join("old.yaml")
            .is_file()
        {
            orphans.push(name);
        }
    }
    assert!(
        orphans.is_empty(),
        "diff snapshots without a fixture (delete them): {orphans:?}"
    );
}

#[test]
fn every_lost_trait_implementation_is_breaking() {
    let dir = tests_dir().join("diff/trait_removed");
    let spec = diff_paths(&dir.join("old.yaml"), &dir.join("new.yaml"));
    for (ty, lost) in [
        ("PetStatus", "Default"),
        ("ErrorType", "Default"),
        ("Filter", "ToParam"),
        ("Species", "Eq"),
        ("Species", "Hash"),
        ("Species", "PartialOrd"),
        ("Species", "Ord"),
        ("Species", "Display"),
        ("Species", "From<&str>"),
    ] {
        let message = format!("`{ty}` no longer implements `{lost}`");
        let change = spec
            .changes
            .iter()
            .find(|c| c.message == message)
            .unwrap_or_else(|| panic!("no {message:?} in {:#?}", spec.changes));
        assert_eq!(change.impact, Impact::Breaking, "{message}");
    }
    // The single-value enum's new value is itself an addition; the lost `Default` makes the
    // whole change breaking.
    assert!(spec
        .changes
        .iter()
        .any(|c| c.kind.name() == "enum_value_added" && c.impact == Impact::Minor));
    assert_eq!(spec.bump, Bump::Major);
}
