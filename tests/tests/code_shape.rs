//! The shape of the hand-written code, which no compiler checks: no file over 600 lines, case
//! conversion only in the generator's naming module, no dependency cycle between sibling modules
//! of a crate, and no unused dependency (cargo-machete, installed by `cargo xtask install-tools`).

use clientgen_tests::modules::sibling_cycles;
use clientgen_tests::{repo_root, repository_files};
use std::path::Path;
use std::process::Command;

/// The longest a hand-written Rust file may be; past it, a file usually holds two concepts.
const MAX_LINES: usize = 600;

/// The source roots of the repository's own crates (generated crates are checked by regeneration).
const CRATES: &[&str] = &[
    "generator/src",
    "runtime/src",
    "testkit/src",
    "xtask/src",
    "tests/src",
    "fuzz/src",
];

fn relative(path: &Path) -> String {
    path.strip_prefix(repo_root())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Hand-written Rust files: everything but the generated crates and fuzzing's working corpora.
fn hand_written_rust() -> Vec<std::path::PathBuf> {
    repository_files()
        .into_iter()
        .filter(|path| path.extension().is_some_and(|e| e == "rs"))
        .filter(|path| {
            let name = relative(path);
            !name.starts_with("generated/") && !name.starts_with("fuzz/corpus/")
        })
        .collect()
}

#[test]
fn no_hand_written_file_is_over_600_lines() {
    let long: Vec<String> = hand_written_rust()
        .into_iter()
        .filter_map(|path| {
            let lines = std::fs::read_to_string(&path).ok()?.lines().count();
            (lines > MAX_LINES).then(|| format!("{} ({lines} lines)", relative(&path)))
        })
        .collect();
    assert!(
        long.is_empty(),
        "split these files by concept (at most {MAX_LINES} lines each):\n{}",
        long.join("\n")
    );
}

/// Whether `needle` occurs in `text` at the start of a word (`heck::`, but not `check::`).
fn contains_word(text: &str, needle: &str) -> bool {
    text.match_indices(needle).any(|(at, _)| {
        !text
            .get(..at)
            .and_then(|before| before.chars().next_back())
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

#[test]
fn case_conversion_happens_only_in_naming() {
    const CONVERSIONS: &[&str] = &[
        "heck::",
        "to_snake_case",
        "to_pascal_case",
        "to_upper_camel_case",
        "to_lower_camel_case",
        "to_kebab_case",
        "to_shouty_snake_case",
        "to_title_case",
    ];
    let naming = repo_root().join("generator/src/naming.rs");
    let offenders: Vec<String> = hand_written_rust()
        .into_iter()
        .filter(|path| relative(path).starts_with("generator/src/") && *path != naming)
        .filter_map(|path| {
            let text = std::fs::read_to_string(&path).ok()?;
            let found: Vec<&str> = CONVERSIONS
                .iter()
                .copied()
                .filter(|needle| contains_word(&text, needle))
                .collect();
            (!found.is_empty()).then(|| format!("{}: {}", relative(&path), found.join(", ")))
        })
        .collect();
    assert!(
        offenders.is_empty(),
        "identifiers and case conversion belong in generator/src/naming.rs (one naming \
         authority, so names cannot collide unnoticed):\n{}",
        offenders.join("\n")
    );
}

#[test]
fn sibling_modules_do_not_depend_on_each_other_in_a_cycle() {
    let mut cycles = Vec::new();
    for src in CRATES {
        let dir = repo_root().join(src);
        assert!(dir.is_dir(), "{src} is not a directory");
        cycles.extend(
            sibling_cycles(&dir)
                .into_iter()
                .map(|cycle| format!("{src}: {cycle}")),
        );
    }
    assert!(
        cycles.is_empty(),
        "these sibling modules depend on each other; move what they share into a module below \
         both:\n{}",
        cycles.join("\n")
    );
}

#[test]
fn no_dependency_is_unused() {
    let machete = repo_root().join("tools/cargo-machete/bin/cargo-machete");
    assert!(
        machete.exists(),
        "{} is missing; run `cargo xtask install-tools`",
        relative(&machete)
    );
    let output = Command::new(&machete)
        .arg("--skip-target-dir")
        .arg(repo_root())
        .output()
        .expect("cargo-machete runs");
    assert!(
        output.status.success(),
        "cargo-machete found unused dependencies (remove them from the Cargo.toml it names):\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
