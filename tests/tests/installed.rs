//! The generator works outside this repository: `cargo install --path generator` into a
//! temporary root, then the installed `clientgen` is run from a directory outside the checkout on
//! a spec copied there, and the crate it writes passes `cargo check`.

use clientgen_tests::{repo_root, scratch_target};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fresh directory under the system's temporary directory, outside the checkout.
fn outside(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("clientgen-installed-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create a temporary directory");
    dir
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn cargo() -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    // Shares the scratch target with the other build tests, so dependencies build once.
    command.env("CARGO_TARGET_DIR", scratch_target());
    command
}

/// Installs the generator (a debug build, to share the dependencies the other tests built).
fn install(root: &Path) -> PathBuf {
    let output = cargo()
        .args(["install", "--debug", "--locked", "--quiet", "--path"])
        .arg(repo_root().join("generator"))
        .arg("--root")
        .arg(root)
        .current_dir(root)
        .output()
        .expect("run cargo install");
    assert!(
        output.status.success(),
        "cargo install failed:\n{}",
        text(&output)
    );
    let binary = root.join("bin").join("clientgen");
    assert!(binary.is_file(), "{} was installed", binary.display());
    binary
}

fn clientgen(binary: &Path, cwd: &Path, args: &[&str]) -> Output {
    Command::new(binary)
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run the installed clientgen")
}

#[test]
fn the_installed_generator_works_on_a_spec_outside_the_repository() {
    let root = outside("root");
    let binary = install(&root);
    let work = outside("work");
    std::fs::copy(
        repo_root().join("specs/corpus/oai__petstore-expanded.yaml"),
        work.join("api.yaml"),
    )
    .expect("copy the spec");

    // Every subcommand answers --help, and the binary its version.
    for command in [
        &["--help"][..],
        &["generate", "--help"],
        &["check", "--help"],
        &["diff", "--help"],
        &["corpus", "--help"],
    ] {
        let output = clientgen(&binary, &work, command);
        assert!(output.status.success(), "{command:?}: {}", text(&output));
        assert!(
            text(&output).contains("Usage:"),
            "{command:?}: {}",
            text(&output)
        );
    }
    let version = clientgen(&binary, &work, &["--version"]);
    assert!(
        text(&version).contains(env!("CARGO_PKG_VERSION")),
        "{}",
        text(&version)
    );
    // A mistyped flag is refused with a suggestion.
    let typo = clientgen(&binary, &work, &["generate", "api.yaml", "--outt", "a"]);
    assert!(!typo.status.success());
    assert!(text(&typo).contains("--out"), "{}", text(&typo));

    // Outside a checkout, without --runtime, generation stops and names the flag.
    let refused = clientgen(
        &binary,
        &work,
        &["generate", "api.yaml", "--out", "refused"],
    );
    assert!(!refused.status.success(), "{}", text(&refused));
    assert!(
        text(&refused).contains("--runtime path="),
        "the error names --runtime: {}",
        text(&refused)
    );
    assert!(
        !work.join("refused/Cargo.toml").exists(),
        "nothing was written"
    );

    // With --runtime, the crate is written and compiles on its own.
    let runtime = format!("path={}", repo_root().join("runtime").display());
    let generated = clientgen(
        &binary,
        &work,
        &[
            "generate",
            "api.yaml",
            "--out",
            "client",
            "--runtime",
            &runtime,
            "--quiet",
        ],
    );
    assert!(generated.status.success(), "{}", text(&generated));
    let manifest = std::fs::read_to_string(work.join("client/Cargo.toml")).expect("Cargo.toml");
    assert!(
        manifest.contains("clientgen-runtime = { path = "),
        "{manifest}"
    );
    std::fs::copy(
        repo_root().join("Cargo.lock"),
        work.join("client/Cargo.lock"),
    )
    .expect("copy the lock file");
    let check = cargo()
        .args(["check", "--quiet"])
        .current_dir(work.join("client"))
        .output()
        .expect("run cargo check");
    assert!(
        check.status.success(),
        "cargo check failed:\n{}",
        text(&check)
    );

    // A git source is written as given.
    let git = clientgen(
        &binary,
        &work,
        &[
            "generate",
            "api.yaml",
            "--out",
            "from-git",
            "--runtime",
            "git=https://example.org/clientgen.git#v1",
            "-q",
        ],
    );
    assert!(git.status.success(), "{}", text(&git));
    let manifest = std::fs::read_to_string(work.join("from-git/Cargo.toml")).expect("Cargo.toml");
    assert!(
        manifest.contains(
            r#"clientgen-runtime = { git = "https://example.org/clientgen.git", rev = "v1", default-features = false }"#
        ),
        "{manifest}"
    );

    let _ = std::fs::remove_dir_all(&root);
    let _ = std::fs::remove_dir_all(&work);
}
