//! An enum value a vendor adds is a minor change for real: generated enums are
//! `#[non_exhaustive]`, so code outside the crate that matches one must have a wildcard arm
//! (checked: without it the code does not compile), and that code still compiles after the
//! crate is regenerated from a spec with one more value.

use clientgen_tests::{cargo, generate_member, repo_root, scratch_dir, write_workspace};
use std::path::Path;

const USER_CODE: &str = r#"//! Code of a crate's user that matches a generated enum.
use pets_client::types::PetStatus;

/// A label for each status this code knows.
pub fn label(status: &PetStatus) -> &'static str {
    match status {
        PetStatus::Available => "available",
        PetStatus::Sold => "sold",
        WILDCARD
    }
}
"#;

fn write_user(dir: &Path, wildcard: bool) {
    let user = dir.join("user");
    std::fs::create_dir_all(user.join("src")).expect("create the user crate");
    std::fs::write(
        user.join("Cargo.toml"),
        "[package]\nname = \"user\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\npets-client = { path = \"../api\" }\n",
    )
    .expect("write the user manifest");
    let arm = if wildcard { "_ => \"other\"," } else { "" };
    std::fs::write(user.join("src/lib.rs"), USER_CODE.replace("WILDCARD", arm))
        .expect("write the user code");
}

fn check(dir: &Path) -> (bool, String) {
    cargo(dir, &["check", "--quiet", "-p", "user"], &[])
}

#[test]
fn code_matching_a_generated_enum_compiles_after_a_value_is_added() {
    let fixtures = repo_root().join("tests/diff/enum_value_added");
    let dir = scratch_dir("enum-growth");
    let members = ["api".to_string(), "user".to_string()];
    generate_member(&fixtures.join("old.yaml"), "old.yaml", &dir, "api").expect("generate");
    write_workspace(&dir, &members);

    // Without a wildcard arm the match does not compile: the enum is `#[non_exhaustive]`.
    write_user(&dir, false);
    let (ok, output) = check(&dir);
    assert!(
        !ok,
        "an exhaustive match on a generated enum compiled:\n{output}"
    );
    assert!(
        output.contains("E0004"),
        "non-exhaustive patterns: {output}"
    );

    // With one, it compiles against the base revision and against the one with a new value.
    write_user(&dir, true);
    let (ok, output) = check(&dir);
    assert!(
        ok,
        "the user code does not compile against the base revision:\n{output}"
    );
    generate_member(&fixtures.join("new.yaml"), "new.yaml", &dir, "api").expect("regenerate");
    let types = std::fs::read_to_string(dir.join("api/src/types.rs")).expect("types.rs");
    assert!(types.contains("Pending"), "the new value is generated");
    let (ok, output) = check(&dir);
    assert!(
        ok,
        "the user code stopped compiling after a value was added:\n{output}"
    );
}
