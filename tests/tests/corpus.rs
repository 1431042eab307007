//! Every real-world spec in `../shared/corpus` generates a crate, and every one of those crates
//! passes `cargo check`. Writes a table (spec, operations, types, generation time, lines,
//! warnings, result) to `target/corpus-report.md`, or to `docs/corpus.md` when
//! `CLIENTGEN_WRITE_CORPUS_REPORT=1` is set.

use clientgen_tests::{
    cargo, generate_member, repo_root, scratch_dir, shared_dir, write_workspace,
};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

struct Row {
    spec: String,
    member: String,
    operations: usize,
    types: usize,
    millis: u128,
    lines: usize,
    warnings: Vec<String>,
    failure: Option<String>,
}

fn corpus_specs() -> Vec<PathBuf> {
    let dir = shared_dir().join("corpus");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("the corpus is read from {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("yaml" | "json")
            )
        })
        .collect();
    specs.sort();
    specs
}

#[test]
fn every_corpus_spec_generates_a_crate_that_compiles() {
    let specs = corpus_specs();
    assert_eq!(specs.len(), 16, "the corpus has 16 specs");
    let dir = scratch_dir("corpus");
    let mut rows = Vec::new();
    for spec in &specs {
        let name = spec
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let member = spec
            .file_stem()
            .map(|s| s.to_string_lossy().replace(['_', '.'], "-"))
            .unwrap_or_default();
        let started = Instant::now();
        let generated = generate_member(spec, &format!("corpus/{name}"), &dir, &member);
        let millis = started.elapsed().as_millis();
        let mut row = Row {
            spec: name,
            member: member.clone(),
            operations: 0,
            types: 0,
            millis,
            lines: 0,
            warnings: Vec::new(),
            failure: None,
        };
        match generated {
            Ok(generated) => {
                row.operations = generated.api.operations.len();
                row.types = generated.api.types.defs.len();
                row.lines = generated
                    .files
                    .iter()
                    .filter(|f| f.path.ends_with(".rs"))
                    .map(|f| f.contents.lines().count())
                    .sum();
                row.warnings = generated
                    .diagnostics
                    .items()
                    .iter()
                    .map(|d| d.to_string())
                    .collect();
            }
            Err(message) => row.failure = Some(format!("generation failed: {message}")),
        }
        rows.push(row);
    }
    let members: Vec<String> = rows
        .iter()
        .filter(|r| r.failure.is_none())
        .map(|r| r.member.clone())
        .collect();
    write_workspace(&dir, &members);
    let started = Instant::now();
    let (ok, output) = cargo(
        &dir,
        &[
            "check",
            "--workspace",
            "--keep-going",
            "--message-format",
            "short",
        ],
        &[],
    );
    let check_seconds = started.elapsed().as_secs();
    if !ok {
        for row in rows.iter_mut().filter(|r| r.failure.is_none()) {
            let prefix = format!("{}/src/", row.member);
            let errors = output
                .lines()
                .filter(|l| l.starts_with(&prefix) && l.contains("error"))
                .count();
            if errors > 0 {
                row.failure = Some(format!("{errors} compile errors"));
            }
        }
    }

    let report = render(&rows, check_seconds);
    let target = if std::env::var("CLIENTGEN_WRITE_CORPUS_REPORT").is_ok_and(|v| v == "1") {
        repo_root().join("docs/corpus.md")
    } else {
        repo_root().join("target/corpus-report.md")
    };
    std::fs::create_dir_all(target.parent().expect("a parent")).expect("report directory");
    std::fs::write(&target, &report).expect("write the report");

    for row in &rows {
        for warning in &row.warnings {
            assert!(
                warning.contains(".yaml#") || warning.contains(".json#"),
                "warnings are located: {warning}"
            );
        }
    }
    let failures: Vec<String> = rows
        .iter()
        .filter_map(|r| r.failure.as_ref().map(|f| format!("{}: {f}", r.spec)))
        .collect();
    assert!(
        ok && failures.is_empty(),
        "corpus crates failed:\n{}\n\n{output}",
        failures.join("\n")
    );
}

fn render(rows: &[Row], check_seconds: u64) -> String {
    let mut out = String::new();
    out.push_str("# Corpus results\n\n");
    out.push_str(
        "Every spec in `../shared/corpus` is generated with `clientgen` and every crate is checked with \
         `cargo check` in one workspace (`cargo test -p clientgen-tests --test corpus`). Regenerate this \
         page with `CLIENTGEN_WRITE_CORPUS_REPORT=1 cargo test -p clientgen-tests --test corpus`. Generation \
         times are from the test's debug build, so they vary by machine.\n\n",
    );
    out.push_str("| spec | operations | types | generation (ms) | lines emitted | warnings | result |\n|---|---:|---:|---:|---:|---:|---|\n");
    for row in rows {
        let result = row.failure.clone().unwrap_or_else(|| "compiles".into());
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {} | {} |",
            row.spec,
            row.operations,
            row.types,
            row.millis,
            row.lines,
            row.warnings.len(),
            result
        );
    }
    let _ = writeln!(
        out,
        "\n`cargo check` of all {} crates together: {check_seconds} s.\n",
        rows.len()
    );
    out.push_str("## Warnings\n\nEach problem a spec has is reported where it is (`file#/json/pointer`), and generation goes on.\n");
    for row in rows.iter().filter(|r| !r.warnings.is_empty()) {
        let _ = writeln!(out, "\n### `{}`\n", row.spec);
        for warning in &row.warnings {
            let _ = writeln!(out, "- `{}`", warning.replace('`', "'"));
        }
    }
    out
}
