//! `cargo xtask import-vectorcare`'s library side: a sample interactive-docs document becomes
//! service files (added, changed, removed, illustrative ones kept), a second import changes
//! nothing, and the result generates typed operations.

use clientgen::diagnostics::Diagnostics;
use clientgen::import::{import, target, ImportReport};
use clientgen_tests::repo_root;
use std::path::{Path, PathBuf};

/// A copy of `specs/` in a scratch directory, so the import can write.
fn copy_specs(name: &str) -> PathBuf {
    let dir = repo_root().join("target/scratch-import").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&repo_root().join("specs"), &dir.join("specs"));
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create directory");
    for entry in std::fs::read_dir(from)
        .expect("read directory")
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).expect("copy file");
        }
    }
}

fn run(dir: &Path, document: &Path, keep_removed: bool) -> ImportReport {
    let mut diags = Diagnostics::default();
    let spec = dir.join("specs/vectorcare.yaml");
    let target =
        target(&spec, "specs/vectorcare.yaml", &mut diags).unwrap_or_else(|| panic!("{diags}"));
    let report = import(
        &target,
        document,
        "sample.json",
        keep_removed,
        false,
        &mut diags,
    );
    report.unwrap_or_else(|| panic!("{diags}"))
}

fn sample() -> PathBuf {
    repo_root().join("tests/import/vectorcare-interactive-docs.json")
}

#[test]
fn sample_document_round_trips() {
    let dir = copy_specs("round-trip");
    let first = run(&dir, &sample(), false);
    assert_eq!(first.added, vec!["WCV2024A"]);
    assert_eq!(
        first.changed,
        vec!["2JV3RG9K"],
        "the sample adds an optional `notes` field"
    );
    assert!(first.removed.is_empty());
    assert_eq!(first.illustrative, vec!["ILLINSR1", "ILLTRNS1"]);

    let services = dir.join("specs/vectorcare/services");
    let added =
        std::fs::read_to_string(services.join("WCV2024A.yaml")).expect("the new service file");
    assert!(
        added.contains("operation_id: createWheelchairVanTransportRequest"),
        "{added}"
    );
    assert!(
        !added.contains("$ref"),
        "references are inlined so the file stands alone:\n{added}"
    );
    let changed =
        std::fs::read_to_string(services.join("2JV3RG9K.yaml")).expect("the updated file");
    assert!(
        changed.starts_with("# VectorCare service 2JV3RG9K"),
        "the file's header comment is kept"
    );
    assert!(
        changed.contains("operation_id: createExampleServiceRequest"),
        "the operation id is kept"
    );
    assert!(changed.contains("notes"), "the new field is imported");

    let second = run(&dir, &sample(), false);
    assert!(
        second.added.is_empty() && second.changed.is_empty() && second.removed.is_empty(),
        "{second}"
    );
    assert_eq!(second.unchanged, vec!["2JV3RG9K", "WCV2024A"]);

    let spec = dir.join("specs/vectorcare.yaml");
    let (api, _) =
        clientgen::model(&spec, "specs/vectorcare.yaml", false).unwrap_or_else(|d| panic!("{d}"));
    let methods: Vec<&str> = api
        .operations
        .iter()
        .map(|op| op.rust_name.as_str())
        .collect();
    assert!(
        methods.contains(&"create_wheelchair_van_transport_request"),
        "{methods:?}"
    );
}

#[test]
fn services_the_document_no_longer_lists_are_removed_unless_kept() {
    let dir = copy_specs("removal");
    let empty = dir.join("empty.json");
    std::fs::write(
        &empty,
        r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}"#,
    )
    .expect("write");
    let services = dir.join("specs/vectorcare/services");

    let kept = run(&dir, &empty, true);
    assert_eq!(kept.removed, vec!["2JV3RG9K"]);
    assert!(
        services.join("2JV3RG9K.yaml").exists(),
        "--keep-removed keeps the file"
    );

    let removed = run(&dir, &empty, false);
    assert_eq!(removed.removed, vec!["2JV3RG9K"]);
    assert!(
        !services.join("2JV3RG9K.yaml").exists(),
        "the file is deleted"
    );
    assert!(
        services.join("ILLTRNS1.yaml").exists(),
        "illustrative services are never deleted"
    );
}

#[test]
fn a_recursive_body_schema_is_a_located_error() {
    let dir = copy_specs("recursive");
    let document = dir.join("recursive.json");
    std::fs::write(
        &document,
        r##"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/openapi/v2.0/requests/service/LOOP1/": {"post": {
            "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Node"}}}}, "responses": {}}}},
            "components": {"schemas": {"Node": {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/Node"}}}}}}"##,
    )
    .expect("write");
    let mut diags = Diagnostics::default();
    let target = target(
        &dir.join("specs/vectorcare.yaml"),
        "specs/vectorcare.yaml",
        &mut diags,
    )
    .expect("target");
    assert!(import(
        &target,
        &document,
        "recursive.json",
        false,
        false,
        &mut diags
    )
    .is_none());
    let text = diags.to_string();
    assert!(
        text.contains(
            "recursive.json#/paths/~1openapi~1v2.0~1requests~1service~1LOOP1~1/post/requestBody"
        ),
        "{text}"
    );
    assert!(text.contains("recursive"), "{text}");
}
