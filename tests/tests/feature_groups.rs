//! Feature groups: every operation group of a generated crate builds alone, warning-free, and
//! so does the crate with no group at all; a type is gated by exactly the groups that reach it.

use clientgen_tests::{generate_member, repo_root, scratch_dir, scratch_target, write_workspace};
use std::path::Path;

/// The group features a generated `Cargo.toml` declares (the features listed by `full`).
fn groups(manifest: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(manifest).expect("the crate's Cargo.toml");
    let full = text
        .lines()
        .find_map(|line| line.strip_prefix("full = ["))
        .unwrap_or_else(|| panic!("{}: no `full` feature", manifest.display()));
    full.trim_end_matches(']')
        .split(',')
        .map(|name| name.trim().trim_matches('"').to_string())
        .collect()
}

/// Runs clippy on `package` (found from `dir`) with only `features` and TLS, denying warnings.
fn clippy_with(dir: &Path, package: &str, features: &str) {
    let features = if features.is_empty() {
        "rustls-ring".to_string()
    } else {
        format!("rustls-ring,{features}")
    };
    let (ok, output) = clientgen::corpus::cargo(
        dir,
        &scratch_target(),
        &[
            "clippy",
            "--quiet",
            "--package",
            package,
            "--no-default-features",
            "--features",
            &features,
            "--",
            "-D",
            "warnings",
        ],
        &[],
    );
    assert!(
        ok,
        "{package} with features {features} does not build:\n{output}"
    );
}

#[test]
fn the_fixture_gates_each_type_by_the_groups_that_reach_it() {
    let dir = scratch_dir("groups");
    let spec = repo_root().join("tests/fixtures/operation_groups.yaml");
    generate_member(
        &spec,
        "fixtures/operation_groups.yaml",
        &dir,
        "operation-groups",
    )
    .expect("the fixture generates");
    write_workspace(&dir, &["operation-groups".to_string()]);
    let member = dir.join("operation-groups");
    let names = groups(&member.join("Cargo.toml"));
    // Tags become kebab-case features; an untagged path names its group by its first segment;
    // a tag that would take a feature of the crate's own (`full`) gets a numbered name.
    assert_eq!(names, ["pets", "store-orders", "inventory", "full_2"]);

    let types = std::fs::read_to_string(member.join("src/types.rs")).expect("types.rs");
    let gate_of = |item: &str| -> Option<String> {
        let at = types.find(item).unwrap_or_else(|| panic!("no {item}"));
        let before = types.get(..at).unwrap_or_default();
        let last_item_end = before.rfind("\n}\n").unwrap_or(0);
        before
            .get(last_item_end..)
            .and_then(|tail| tail.lines().find(|line| line.starts_with("#[cfg(")))
            .map(str::to_string)
    };
    assert_eq!(
        gate_of("pub struct Pet {").as_deref(),
        Some("#[cfg(feature = \"pets\")]")
    );
    assert_eq!(
        gate_of("pub struct Category {").as_deref(),
        Some("#[cfg(any(feature = \"pets\", feature = \"store-orders\"))]")
    );
    assert_eq!(
        gate_of("pub struct Order {").as_deref(),
        Some("#[cfg(feature = \"store-orders\")]")
    );
    // Reached by no operation: always there, and so is what it mentions.
    assert_eq!(gate_of("pub struct Unused {"), None);
    assert_eq!(gate_of("pub enum OrderStatus {"), None);

    clippy_with(&dir, "operation-groups-client", "");
    for name in &names {
        clippy_with(&dir, "operation-groups-client", name);
    }
}

#[test]
fn each_group_of_the_committed_crates_builds_alone() {
    for (crate_dir, package) in [("petstore3", "petstore3-client"), ("vsee", "vsee-client")] {
        let names = groups(
            &repo_root()
                .join("generated")
                .join(crate_dir)
                .join("Cargo.toml"),
        );
        assert!(names.len() >= 3, "{package}: {names:?}");
        clippy_with(&repo_root(), package, "");
        for name in &names {
            clippy_with(&repo_root(), package, name);
        }
    }
}
