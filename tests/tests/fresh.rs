//! `generated/` matches what the specs and the current generator give: the same check as
//! `cargo xtask regenerate --check`, run by plain `cargo test`.

use clientgen::workspace::{regenerate, Mode};
use clientgen_tests::repo_root;

#[test]
fn generated_is_fresh() {
    let report =
        regenerate(&repo_root(), Mode::Check).unwrap_or_else(|failure| panic!("{failure}"));
    assert!(
        report.crates.len() >= 4,
        "expected the four vendor crates, found {:?}",
        report.crates
    );
    assert!(report.is_fresh(), "generated/ is stale:\n{report}");
}
