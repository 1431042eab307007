//! Every real-world spec in `specs/corpus` generates a crate, and every one of those crates
//! passes `cargo check` (the same run as `cargo xtask corpus specs/corpus`). Writes a table
//! (spec, operations, types, generation time, lines, warnings, result) to
//! `target/corpus-report.md`, or to `docs/corpus.md` when `CLIENTGEN_WRITE_CORPUS_REPORT=1` is set.

use clientgen::corpus::{self, Row, Settings};
use clientgen::dependency::RuntimeSource;
use clientgen_tests::{corpus_dir, repo_root, scratch_target};
use std::fmt::Write as _;

/// The specs the repository keeps: the 3.0 set and the 3.1 set of the reference library.
const EXPECTED_SPECS: usize = 19;

#[test]
fn every_corpus_spec_generates_a_crate_that_compiles() {
    let dir = corpus_dir();
    let specs = corpus::specs_in(&dir).expect("the corpus directory is readable");
    assert_eq!(
        specs.len(),
        EXPECTED_SPECS,
        "specs/corpus holds {EXPECTED_SPECS} specs; update this count and specs/corpus/SOURCES.md together"
    );
    let openapi_31 = specs
        .iter()
        .filter(|spec| {
            std::fs::read_to_string(spec).is_ok_and(|text| {
                text.contains("openapi: 3.1") || text.contains("\"openapi\": \"3.1")
            })
        })
        .count();
    assert!(openapi_31 >= 1, "the corpus includes OpenAPI 3.1 specs");
    let settings = Settings {
        workspace: repo_root().join("target/scratch-workspaces/corpus"),
        target_dir: scratch_target(),
        runtime: Some(RuntimeSource::Path(repo_root().join("runtime"))),
        lockfile: Some(repo_root().join("Cargo.lock")),
        display_prefix: "specs/corpus/".into(),
    };
    let outcome = corpus::run(&dir, &settings).expect("the corpus run starts");
    eprint!("{}", outcome.table());

    let report = render(&outcome.rows, outcome.check.as_secs());
    let target = if std::env::var("CLIENTGEN_WRITE_CORPUS_REPORT").is_ok_and(|v| v == "1") {
        repo_root().join("docs/corpus.md")
    } else {
        repo_root().join("target/corpus-report.md")
    };
    std::fs::create_dir_all(target.parent().expect("a parent")).expect("report directory");
    std::fs::write(&target, &report).expect("write the report");

    assert_eq!(outcome.rows.len(), EXPECTED_SPECS, "one row per spec");
    for row in &outcome.rows {
        for warning in &row.warnings {
            assert!(
                warning.starts_with("specs/corpus/")
                    && (warning.contains(".yaml#") || warning.contains(".json#")),
                "warnings are located in the spec: {warning}"
            );
        }
    }
    let failures: Vec<String> = outcome
        .rows
        .iter()
        .filter_map(|r| r.failure.as_ref().map(|f| format!("{}: {f}", r.spec)))
        .collect();
    assert!(
        outcome.passed() && failures.is_empty(),
        "corpus crates failed:\n{}\n\n{}",
        failures.join("\n"),
        outcome.check_output
    );
}

fn render(rows: &[Row], check_seconds: u64) -> String {
    let mut out = String::new();
    out.push_str("# Corpus results\n\n");
    out.push_str(
        "Every spec in `specs/corpus` is generated with `clientgen` and every crate is checked with \
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
            row.generation.as_millis(),
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
