//! Repository hygiene that no compiler checks: the repository stands alone (nothing reads or
//! names the reference library beside it), and the third-party files it keeps are the
//! byte-for-byte copies their `SOURCES.md` describes.

use clientgen_tests::{repo_root, repository_files};
use sha2::{Digest, Sha256};
use std::path::Path;

#[test]
fn nothing_refers_to_the_library_beside_the_repository() {
    // Spelled in two pieces so that this file does not find itself.
    let needle = format!("{}/shared", "..");
    let offenders: Vec<String> = repository_files()
        .into_iter()
        .filter(|path| {
            std::fs::read(path)
                .map(|bytes| String::from_utf8_lossy(&bytes).contains(&needle))
                .unwrap_or(false)
        })
        .map(|path| {
            path.strip_prefix(repo_root())
                .unwrap_or(&path)
                .display()
                .to_string()
        })
        .collect();
    assert!(
        offenders.is_empty(),
        "these files refer to {needle}, which a clone of this repository does not have; copy what \
         they need into the repository (with its origin in a SOURCES.md):\n{}",
        offenders.join("\n")
    );
}

/// The `sha256  file` lines of a `SOURCES.md`.
fn listed_checksums(sources: &Path) -> Vec<(String, String)> {
    let text =
        std::fs::read_to_string(sources).unwrap_or_else(|e| panic!("{}: {e}", sources.display()));
    text.lines()
        .filter_map(|line| {
            let (hash, file) = line.split_once("  ")?;
            (hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
                .then(|| (hash.to_string(), file.trim().to_string()))
        })
        .collect()
}

fn sha256_hex(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Every file under `dir` but the notes is listed in its `SOURCES.md` (by its path below `dir`)
/// with the right checksum.
fn check_copies(dir: &Path) {
    let listed = listed_checksums(&dir.join("SOURCES.md"));
    assert!(!listed.is_empty(), "{} lists no checksums", dir.display());
    for (hash, file) in &listed {
        assert_eq!(
            &sha256_hex(&dir.join(file)),
            hash,
            "{}/{file} is not the copy SOURCES.md describes (edited, or a new version copied \
             without updating SOURCES.md)",
            dir.display()
        );
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let entries =
            std::fs::read_dir(&current).unwrap_or_else(|e| panic!("{}: {e}", current.display()));
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let name = path
                .strip_prefix(dir)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            if name == "SOURCES.md" || name == "README.md" {
                continue;
            }
            assert!(
                listed.iter().any(|(_, file)| *file == name),
                "{}/{name} has no origin in SOURCES.md",
                dir.display()
            );
        }
    }
}

#[test]
fn the_corpus_copies_are_the_ones_their_sources_describe() {
    check_copies(&repo_root().join("specs/corpus"));
}

#[test]
fn the_real_version_pairs_are_the_ones_their_sources_describe() {
    check_copies(&repo_root().join("tests/diff/real"));
}

#[test]
fn the_fuzz_seeds_are_the_ones_their_sources_describe() {
    check_copies(&repo_root().join("fuzz/seeds"));
}

#[test]
fn the_vendor_pages_are_the_ones_their_sources_describe() {
    check_copies(&repo_root().join("specs/vendor-docs"));
}
