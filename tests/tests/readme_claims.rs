//! What every generated README tells a newcomer holds: the guide sections are there, the retry
//! and timeout numbers are the runtime's own defaults, and a README that points at its
//! assumptions has them. (Its code blocks are the crates' doctests, run with their tests.)

use clientgen_runtime::{RetryPolicy, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT};
use clientgen_tests::repo_root;

/// Every generated crate's README, with the crate's directory name.
fn readmes() -> Vec<(String, String)> {
    let generated = repo_root().join("generated");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&generated)
        .expect("generated/")
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let text = std::fs::read_to_string(entry.path().join("README.md")).ok()?;
            Some((entry.file_name().to_string_lossy().into_owned(), text))
        })
        .collect();
    out.sort();
    assert!(out.len() >= 6, "only {} READMEs", out.len());
    out
}

#[test]
fn every_readme_has_the_guide_sections() {
    for (name, text) in readmes() {
        for section in [
            "## Errors",
            "## Retries and timeouts",
            "## Testing",
            "## Names",
            "## Features",
        ] {
            assert!(text.contains(section), "{name}: no {section:?}");
        }
        // The testing example runs (it is not `no_run`): it builds an error by hand.
        assert!(
            text.contains("```rust\nuse "),
            "{name}: no runnable testing example"
        );
    }
}

#[test]
fn retry_and_timeout_numbers_are_the_runtime_defaults() {
    let policy = RetryPolicy::default();
    let timeout = DEFAULT_TIMEOUT.as_secs();
    let retries = u64::from(policy.max_retries);
    let server_wait = policy.max_retry_after.as_secs();
    let budget = policy.max_elapsed.as_secs();
    let worst = budget + timeout;
    let claims = [
        format!(
            "each attempt times out after {timeout} s ({} s to connect)",
            DEFAULT_CONNECT_TIMEOUT.as_secs()
        ),
        format!("sent again up to {retries} times"),
        format!("up to {server_wait} s (a longer wait returns the response as it is)"),
        format!(
            "exponential backoff from {} ms doubling up to {} s",
            policy.initial_backoff.as_millis(),
            policy.max_backoff.as_secs()
        ),
        format!("No retry starts later than {budget} s after the call began"),
        format!(
            "the worst case of one call is {budget} s and one more attempt of {timeout} s: {worst} s."
        ),
    ];
    for (name, text) in readmes() {
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for claim in &claims {
            assert!(
                flat.contains(claim.as_str()),
                "{name}: README does not say {claim:?}"
            );
        }
    }
}

#[test]
fn a_readme_that_mentions_assumptions_lists_them() {
    let mut listed = 0;
    for (name, text) in readmes() {
        if text.contains("`x-assumptions`") {
            let intro_end = text.find("\n## ").unwrap_or(text.len());
            assert!(
                text.contains("\n## Assumptions\n"),
                "{name}: mentions x-assumptions but has no Assumptions section"
            );
            assert!(text.find("\n## Assumptions\n") > Some(intro_end.saturating_sub(1)));
            listed += 1;
        }
    }
    assert!(listed >= 2, "only {listed} READMEs list assumptions");
}

#[test]
fn every_feature_a_readme_lists_is_passed_on_to_the_runtime() {
    let runtime = std::fs::read_to_string(repo_root().join("runtime/Cargo.toml"))
        .expect("runtime/Cargo.toml");
    for (name, text) in readmes() {
        let manifest =
            std::fs::read_to_string(repo_root().join("generated").join(&name).join("Cargo.toml"))
                .expect("the crate's Cargo.toml");
        // The crate chooses the TLS implementation itself, so the runtime's default is off.
        assert!(
            manifest.contains("default-features = false }"),
            "{name}: the runtime's default features are not turned off"
        );
        let default = manifest
            .lines()
            .find(|line| line.starts_with("default = ["))
            .unwrap_or_default();
        assert!(
            default.contains("\"rustls-ring\""),
            "{name}: rustls-ring is not a default feature: {default}"
        );
        let section = text
            .split("## Features")
            .nth(1)
            .expect("a Features section");
        let listed: Vec<&str> = section
            .lines()
            .filter_map(|line| line.strip_prefix("| `"))
            .filter_map(|rest| rest.split('`').next())
            .collect();
        let (runtime_features, groups) = listed.split_at(listed.len().min(6));
        assert_eq!(
            runtime_features,
            [
                "rustls-ring",
                "rustls-aws-lc",
                "native-tls",
                "tracing",
                "test-util",
                "validate-responses"
            ],
            "{name}"
        );
        // The operation groups that follow are features of the crate, all enabled by `full`.
        for group in groups {
            assert!(
                manifest.contains(&format!("\n{group} = []\n")),
                "{name}: the README lists the group {group}, the manifest does not"
            );
        }
        if !groups.is_empty() {
            assert!(
                default.contains("\"full\""),
                "{name}: `full` is not a default feature"
            );
        }
        for feature in runtime_features {
            let forward = format!("{feature} = [\"clientgen-runtime/{feature}\"]");
            assert!(manifest.contains(&forward), "{name}: no {forward:?}");
            assert!(
                runtime.contains(&format!("\n{feature} = [")),
                "the runtime has no feature {feature}"
            );
        }
    }
}

/// Requests in the READMEs are built with constructors and setters, never parsed from JSON
/// text, and every README shows the `test-util` stubs.
#[test]
fn readmes_build_requests_in_rust_and_show_the_stubs() {
    let mut built = 0;
    for (name, text) in readmes() {
        for parsed in ["serde_json::from_str", "from_slice(", "json!("] {
            assert!(!text.contains(parsed), "{name}: the README uses {parsed}");
        }
        assert!(
            text.contains("::stubs::Stubs::new()"),
            "{name}: the README has no stub example"
        );
        if text.contains("let body = ") || text.contains("let params = ") {
            assert!(text.contains("::new("), "{name}");
            built += 1;
        }
    }
    assert!(built >= 5, "only {built} READMEs build a request");
}
