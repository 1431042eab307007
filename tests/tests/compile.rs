//! Every valid fixture generates a crate that builds warning-free the way a user builds it:
//! `cargo clippy -D warnings` and `cargo doc` with rustdoc warnings denied, in one scratch
//! workspace that shares a target directory.

use clientgen_tests::{cargo, generate_member, scratch_dir, write_workspace};
use std::path::Path;

#[test]
fn fixture_crates_build_without_warnings() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let dir = scratch_dir("fixtures");
    let mut specs: Vec<_> = std::fs::read_dir(&fixtures)
        .expect("fixtures directory")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    specs.sort();
    assert!(
        specs.len() >= 25,
        "expected the fixture set, found {}",
        specs.len()
    );
    let mut members = Vec::new();
    for spec in &specs {
        let member = spec
            .file_stem()
            .map(|s| s.to_string_lossy().replace('_', "-"))
            .unwrap_or_default();
        let display = format!(
            "fixtures/{}",
            spec.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default()
        );
        generate_member(spec, &display, &dir, &member)
            .unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
        members.push(member);
    }
    write_workspace(&dir, &members);

    let (ok, output) = cargo(
        &dir,
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ],
        &[],
    );
    assert!(
        ok,
        "generated fixture crates fail clippy -D warnings:\n{output}"
    );

    let (ok, output) = cargo(
        &dir,
        &["doc", "--workspace", "--no-deps", "--quiet"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    );
    assert!(
        ok,
        "generated fixture crates fail rustdoc with warnings denied:\n{output}"
    );
}
