//! Section 5: the first clean `cargo build` of a small service that uses one generated crate,
//! for each TLS implementation the runtime offers, so the default can be chosen by measurement.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use anyhow::{bail, Context, Result};

use crate::stats::time_process;
use crate::Settings;

/// The crate the consumer depends on: small, so the build is mostly the dependencies.
const CRATE_DIR: &str = "generated/carevalidate";
const CRATE_NAME: &str = "carevalidate-client";
const CRATE_IDENT: &str = "carevalidate_client";

/// The TLS features, the default first, each with what it is.
pub const CHOICES: &[(&str, &str)] = &[
    ("rustls-ring", "rustls with ring (the default)"),
    (
        "rustls-aws-lc",
        "rustls with aws-lc-rs (the default before; reqwest's own)",
    ),
    ("native-tls", "the platform's TLS, OpenSSL here"),
];

/// One clean build.
pub struct CleanBuild {
    /// The TLS feature.
    pub feature: &'static str,
    /// What it is.
    pub label: &'static str,
    /// Wall time of `cargo build`, or why it failed.
    pub time: Result<Duration, String>,
    /// How many crates Cargo compiled.
    pub crates: usize,
}

/// Builds the consumer once per TLS choice, each time in an empty target directory, then runs
/// it, which builds a client (so a TLS setup that would panic at start-up fails here).
pub fn run(settings: &Settings) -> Result<Vec<CleanBuild>> {
    let mut builds = Vec::new();
    for (feature, label) in CHOICES {
        eprintln!("clean build of a consumer: {feature}");
        let dir = settings.scratch.join("consumer").join(feature);
        write_consumer(&settings.root, &dir, feature)?;
        let target = dir.join("target");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let mut build = Command::new(&cargo);
        build
            .arg("build")
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", &target)
            .env_remove("RUSTFLAGS")
            .env_remove("CARGO_INCREMENTAL");
        let run = time_process(&mut build)?;
        let crates = run
            .output
            .lines()
            .filter(|line| line.trim_start().starts_with("Compiling "))
            .count();
        let time = if run.success {
            let binary = target.join("debug/consumer");
            let started = Command::new(&binary)
                .output()
                .with_context(|| format!("cannot run {}", binary.display()))?;
            if started.status.success() {
                Ok(run.elapsed)
            } else {
                Err(format!(
                    "the consumer failed to build a client: {}",
                    String::from_utf8_lossy(&started.stderr).trim()
                ))
            }
        } else {
            Err(run.failure_summary())
        };
        builds.push(CleanBuild {
            feature,
            label,
            time,
            crates,
        });
    }
    Ok(builds)
}

/// Writes the consumer crate into an emptied `dir`, with the repository's lock file so that it
/// builds the same dependency versions.
fn write_consumer(root: &Path, dir: &Path, feature: &str) -> Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("cannot empty {}", dir.display()))?;
    }
    std::fs::create_dir_all(dir.join("src"))
        .with_context(|| format!("cannot create {}", dir.display()))?;
    let path = root.join(CRATE_DIR);
    let manifest = format!(
        "[package]\nname = \"consumer\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\n{CRATE_NAME} = {{ path = {path:?}, default-features = false, features = [{feature:?}] }}\n\n\
         [workspace]\n"
    );
    let main = format!(
        "fn main() {{\n    \
         let credentials = {CRATE_IDENT}::Credentials::new().with_api_key(\"key\").expect(\"a key\");\n    \
         let client = {CRATE_IDENT}::Client::new({CRATE_IDENT}::Environment::default(), credentials);\n    \
         assert!(client.is_ok(), \"{{client:?}}\");\n}}\n"
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).context("cannot write the manifest")?;
    std::fs::write(dir.join("src/main.rs"), main).context("cannot write main.rs")?;
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))
        .context("cannot copy Cargo.lock")?;
    if !dir.join("Cargo.toml").exists() {
        bail!("the consumer was not written");
    }
    Ok(())
}

/// The clean-build table in markdown, with each time as a ratio of the default's.
pub fn table(builds: &[CleanBuild]) -> String {
    let mut out = format!(
        "A new binary crate that depends on `{CRATE_NAME}` with one TLS feature, built with \
         `cargo build` (debug) in an empty target directory, once each, in this order; the \
         binary then builds a client. Cargo's own parallelism (2 jobs here).\n\n\
         | TLS feature | what it is | crates compiled | clean build (s) | / default |\n\
         |---|---|---:|---:|---:|\n"
    );
    let default = builds.first().and_then(|b| b.time.as_ref().ok()).copied();
    for build in builds {
        match &build.time {
            Ok(time) => out.push_str(&format!(
                "| `{}` | {} | {} | {:.1} | {} |\n",
                build.feature,
                build.label,
                build.crates,
                time.as_secs_f64(),
                default.map_or_else(|| "–".into(), |d| crate::stats::ratio(*time, d)),
            )),
            Err(reason) => out.push_str(&format!(
                "| `{}` | {} | {} | fails: {} | – |\n",
                build.feature,
                build.label,
                build.crates,
                reason.replace('|', "\\|")
            )),
        }
    }
    out
}
