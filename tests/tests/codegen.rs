//! Fixture-driven snapshots: for every `fixtures/*.yaml`, the lowered model (with warnings) and
//! the emitted code; for every `fixtures/invalid/*.yaml`, the diagnostics.

use std::path::Path;

fn display(path: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

fn options(path: &Path) -> clientgen::Options {
    clientgen::Options {
        spec_display: Some(display(path)),
        ..clientgen::Options::default()
    }
}

#[test]
fn model() {
    insta::glob!("../fixtures", "*.yaml", |path| {
        let (api, diags) = clientgen::model(path, &display(path), false)
            .unwrap_or_else(|d| panic!("{} should lower:\n{d}", path.display()));
        let warnings: Vec<String> = diags.items().iter().map(|d| d.to_string()).collect();
        let snapshot = serde_json::json!({ "warnings": warnings, "api": api });
        insta::assert_yaml_snapshot!(snapshot);
    });
}

#[test]
fn emit() {
    insta::glob!("../fixtures", "*.yaml", |path| {
        let generated = clientgen::generate(path, &options(path))
            .unwrap_or_else(|d| panic!("{} should generate:\n{d}", path.display()));
        let mut text = String::new();
        for file in generated
            .files
            .iter()
            .filter(|f| ["README.md", "src/types.rs", "src/client.rs"].contains(&f.path.as_str()))
        {
            text.push_str(&format!("==== {} ====\n{}\n", file.path, file.contents));
        }
        insta::assert_snapshot!(text);
    });
}

#[test]
fn invalid_specs_report_located_errors() {
    insta::glob!("../fixtures/invalid", "*.yaml", |path| {
        let failure = match clientgen::generate(path, &options(path)) {
            Ok(_) => panic!("{} should be refused", path.display()),
            Err(diags) => diags,
        };
        assert!(failure.has_errors());
        let name = display(path);
        for diagnostic in failure.errors() {
            assert!(
                diagnostic.to_string().starts_with(&format!("{name}#")),
                "every error names the file and a JSON pointer: {diagnostic}"
            );
        }
        insta::assert_snapshot!(failure.to_string());
    });
}

#[test]
fn strict_mode_turns_warnings_into_errors() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/defaults.yaml");
    let lenient = clientgen::generate(&path, &options(&path)).expect("generates with warnings");
    assert!(
        lenient.diagnostics.warnings().count() > 0,
        "the fixture has a repaired default"
    );
    let strict = clientgen::Options {
        strict: true,
        ..options(&path)
    };
    let refused = clientgen::generate(&path, &strict)
        .err()
        .expect("strict mode refuses the spec");
    assert!(
        refused.to_string().contains("string on a boolean"),
        "{refused}"
    );
}

#[test]
fn output_is_deterministic() {
    // Two runs in one process use differently seeded hash maps, so any order that leaks from
    // a hash map shows up as a difference.
    for name in [
        "one_of_discriminator.yaml",
        "responses_per_status.yaml",
        "security_schemes.yaml",
        "naming_collisions.yaml",
    ] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .join(name);
        let first = clientgen::generate(&path, &options(&path))
            .expect("generates")
            .files;
        let second = clientgen::generate(&path, &options(&path))
            .expect("generates")
            .files;
        assert_eq!(first, second, "{name} generated differently twice");
    }
}

#[test]
fn every_snapshot_belongs_to_a_fixture() {
    // insta's `--unreferenced=reject` without needing cargo-insta: a snapshot whose fixture was
    // removed or renamed is an error.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let snapshots = root.join("tests/snapshots");
    let Ok(entries) = std::fs::read_dir(&snapshots) else {
        return;
    };
    let mut orphans = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix("codegen__") else {
            continue;
        };
        let Some((_, fixture)) = rest.split_once('@') else {
            continue;
        };
        let fixture = fixture.trim_end_matches(".snap").trim_end_matches(".new");
        let invalid = rest.starts_with("invalid_specs_report_located_errors@");
        let path = if invalid {
            root.join("fixtures/invalid").join(fixture)
        } else {
            root.join("fixtures").join(fixture)
        };
        if !path.exists() {
            orphans.push(name);
        }
    }
    assert!(
        orphans.is_empty(),
        "snapshots without a fixture (delete them): {orphans:?}"
    );
}
