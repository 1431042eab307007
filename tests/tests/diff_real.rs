//! The spec diff on real consecutive versions of public specs (`tests/diff/real/`, origin and
//! licence in its `SOURCES.md`): each pair's verdict and breaking count are pinned, so a change to
//! the classifier that moves one is seen in review, and the markdown of the largest pair keeps
//! its breaking changes on the first screen with the rest folded.

use clientgen::diff::{self, render, Bump, Impact, Report, SpecDiff, SpecFile};
use clientgen_tests::repo_root;
use std::path::PathBuf;

/// Each pair: directory, file extension, the bump the change needs, and how many of its changes
/// are breaking (each judged by hand against the two versions; see the comments).
const PAIRS: &[(&str, &str, Bump, usize)] = &[
    // `info.version` v2 -> 2.0.0 and re-indented examples: documentation only.
    ("oai-api-with-examples", "yaml", Bump::Patch, 0),
    // The server URL moves within its environment and a description loses a space.
    ("oai-petstore-expanded", "yaml", Bump::Patch, 0),
    // `Error.code` integer -> string: a response field's Rust type changes.
    ("oai-uber", "yaml", Bump::Major, 1),
    // Two parameters trade their `default` for an `example`; typo fixes.
    ("oai-uspto", "yaml", Bump::Patch, 0),
    // `instance_serial`'s `default` response becomes 101 + 4XX + 5XX: the `Default` error variant
    // is gone.
    ("progenitor-propolis-server", "json", Bump::Major, 1),
    // Eight schemas renamed, request and response fields removed or made optional.
    ("redocly-museum", "yaml", Bump::Major, BREAKING_MUSEUM),
    // Seven snapshot releases apart: 405s removed, schemas removed, statuses and defaults added.
    ("swagger-petstore", "yaml", Bump::Major, BREAKING_PETSTORE),
];

const BREAKING_MUSEUM: usize = 14;
const BREAKING_PETSTORE: usize = 11;

fn pair(name: &str, extension: &str) -> SpecDiff {
    let dir = repo_root().join("tests/diff/real").join(name);
    let old: PathBuf = dir.join(format!("old.{extension}"));
    let new: PathBuf = dir.join(format!("new.{extension}"));
    // Both sides carry the same file name, as two revisions of one spec do.
    let old_display = format!("base/{name}.{extension}");
    let new_display = format!("{name}.{extension}");
    diff::diff_files(
        Some(SpecFile {
            path: &old,
            display: &old_display,
        }),
        Some(SpecFile {
            path: &new,
            display: &new_display,
        }),
    )
    .unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn real_version_pairs_keep_their_verdicts() {
    let mut failures = Vec::new();
    for (name, extension, bump, breaking) in PAIRS {
        let spec = pair(name, extension);
        let got = (spec.bump, spec.count(Impact::Breaking));
        if got != (*bump, *breaking) {
            let report = Report {
                base: format!("base/{name}"),
                specs: vec![spec],
            };
            failures.push(format!(
                "{name}: expected {bump:?} with {breaking} breaking, got {:?} with {}\n{}",
                got.0,
                got.1,
                render::text(&report)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_largest_pair_shows_its_breaking_changes_on_the_first_screen() {
    let spec = pair("swagger-petstore", "yaml");
    let total = spec.changes.len();
    let markdown = render::markdown(&Report {
        base: "base".into(),
        specs: vec![spec],
    });
    let lines: Vec<&str> = markdown.lines().collect();
    let breaking_start = lines
        .iter()
        .position(|line| line.starts_with("**Breaking**"))
        .unwrap_or_else(|| panic!("a breaking group:\n{markdown}"));
    let breaking_end = lines
        .iter()
        .position(|line| line.starts_with("<details>"))
        .unwrap_or(lines.len());
    assert!(
        breaking_end <= 40,
        "the breaking changes end at line {breaking_end} (of {}):\n{markdown}",
        lines.len()
    );
    assert!(
        breaking_start < breaking_end,
        "the breaking group comes before the folded ones:\n{markdown}"
    );
    // Everything else is folded, and nothing is dropped.
    assert!(markdown.contains("<details><summary><b>Additions (minor)</b>"));
    assert!(markdown.contains("<details><summary><b>Patch</b>"));
    let items = lines.iter().filter(|line| line.starts_with("- ")).count();
    assert_eq!(
        items,
        total + 1,
        "every change is listed once, after the summary line"
    );
}
