//! Hostile specs: one small fixture per class of input that has crashed generators (see
//! `tests/fixtures/hostile/`), plus a few made here because they are large. Each runs through the
//! `clientgen` binary in its own process, limited to 60 seconds and 4 GB of address space, and
//! must end as its table entry says: a crate that compiles (checked with clippy, warnings denied),
//! or a refusal that points into the spec. A panic, an abort, a stack overflow, a hang or a
//! runaway allocation fails the test.

use clientgen::corpus;
use clientgen::dependency::RuntimeSource;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What a fixture must come to.
#[derive(Debug, Clone, Copy)]
enum Expect {
    /// Generation succeeds and the crate compiles without warnings.
    Compiles,
    /// Generation is refused; the output contains this text (a location and what is wrong).
    Refused(&'static str),
}

use Expect::{Compiles, Refused};

/// Every file in `tests/fixtures/hostile/`, with its outcome.
const FIXTURES: &[(&str, Expect)] = &[
    ("big_numbers.json", Compiles),
    ("big_numbers.yaml", Compiles),
    ("billion_laughs.yaml", Refused("billion_laughs.yaml#: not valid YAML: repetition limit exceeded")),
    ("colliding_names.yaml", Compiles),
    ("empty.yaml", Refused("empty.yaml#: the document is not a mapping")),
    ("encodable_shapes.yaml", Compiles),
    ("huge_sample_constraints.yaml", Compiles),
    ("impossible_constraints.yaml", Compiles),
    (
        "negative_max_length.yaml",
        Refused("negative_max_length.yaml#/paths/~1x/get/parameters/0"),
    ),
    (
        "nested_bad_leaf.json",
        Refused("nested_bad_leaf.json#/components/schemas/A/additionalProperties/additionalProperties"),
    ),
    ("path_params.yaml", Compiles),
    (
        "percent_non_ascii_ref.yaml",
        Refused("percent_non_ascii_ref.yaml#/paths/~1items/get/responses/200/content/application~1json/schema: dangling $ref"),
    ),
    ("ref_cycle.yaml", Refused("$ref cycle with no schema in it: A → B → C → A")),
    ("self_all_of.yaml", Compiles),
    ("swagger2.yaml", Refused("swagger2.yaml#/swagger: Swagger 2.0 documents are not supported")),
    ("truncated.json", Refused("truncated.json#: not valid JSON")),
    ("truncated.yaml", Refused("truncated.yaml#: not valid YAML")),
    ("unclosed_path_brace.yaml", Refused("unclosed_path_brace.yaml#/paths/~1items~1{: unclosed `{` in the path template")),
];

/// The most a fixture may take, and the address space it may use.
const TIME_LIMIT: Duration = Duration::from_secs(60);
const MEMORY_LIMIT_KB: u64 = 4 * 1024 * 1024;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn fixtures_dir() -> PathBuf {
    repo_root().join("tests/fixtures/hostile")
}

/// Specs too large to keep as files, made here.
fn made_fixtures(dir: &Path) -> Vec<(PathBuf, Expect)> {
    let header = "openapi: 3.0.3\ninfo: {title: Made, version: \"1\"}\n";
    let mut out = Vec::new();
    let mut write = |name: &str, text: String, expect: Expect| {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("write a made fixture");
        out.push((path, expect));
    };
    // Ten thousand nested mappings in YAML and arrays in JSON: the readers' depth limits refuse
    // them with a position; nothing recurses ten thousand deep.
    let depth = 10_000;
    write(
        "deep_yaml.yaml",
        format!(
            "{header}paths: {{}}\nx-deep: {}1{}\n",
            "{a: ".repeat(depth),
            "}".repeat(depth)
        ),
        Refused("deep_yaml.yaml#: not valid YAML: recursion limit exceeded"),
    );
    write(
        "deep_json.json",
        format!(
            "{{\"openapi\": \"3.0.3\", \"info\": {{\"title\": \"t\", \"version\": \"1\"}}, \"paths\": {{}}, \"x\": {}{}}}",
            "[".repeat(depth),
            "]".repeat(depth)
        ),
        Refused("deep_json.json#: not valid JSON: recursion limit exceeded"),
    );
    // Inline object schemas nested as deep as a YAML reader allows: one struct per level.
    let mut schema = String::from("{type: string}");
    for _ in 0..40 {
        schema = format!("{{type: object, properties: {{inner: {schema}}}}}");
    }
    write(
        "deep_inline_schema.yaml",
        format!("{header}paths: {{}}\ncomponents:\n  schemas:\n    Outer: {schema}\n"),
        Compiles,
    );
    // Chains of named schemas, each holding the next: a thousand generate (lowering follows them
    // depth first, on a stack sized for it, and the crate raises the compiler's recursion
    // limit); beyond the depth bound, a located refusal.
    let chain = |length: usize| {
        let mut text = format!("{header}paths: {{}}\ncomponents:\n  schemas:\n");
        for i in 0..length {
            text.push_str(&format!(
                "    S{i}: {{type: object, properties: {{next: {{$ref: '#/components/schemas/S{}'}}}}}}\n",
                i + 1
            ));
        }
        text.push_str(&format!("    S{length}: {{type: string}}\n"));
        text
    };
    write("long_ref_chain.yaml", chain(1_000), Compiles);
    // A list where a schema belongs, 30 levels down in a `default` response (found by fuzzing):
    // the document walk once took `default` for a default value and skipped the response, so
    // the list was never repaired and parsing retried it exponentially. Now it is repaired like
    // any other (a located warning; it accepts any value) and the crate compiles.
    let mut bad = String::from("[{allOf: [{type: string}]}]");
    for _ in 0..30 {
        bad = format!("{{properties: {{a: {bad}}}}}");
    }
    write(
        "deep_bad_schema_in_default_response.yaml",
        format!(
            "{header}paths:\n  /x:\n    get:\n      operationId: getX\n      responses:\n        default:\n          description: error\n          content:\n            application/json:\n              schema: {bad}\n"
        ),
        Compiles,
    );
    // The same list 26 levels down in the schema of a response header named `X-Next` (found by
    // fuzzing): the walk once took the `x-` name for an extension and skipped the header.
    let mut bad = String::from("[]");
    for _ in 0..26 {
        bad = format!("{{additionalProperties: {bad}}}");
    }
    write(
        "deep_bad_schema_in_x_named_header.yaml",
        format!(
            "{header}paths:\n  /x:\n    get:\n      operationId: getX\n      responses:\n        '200':\n          description: ok\n          headers:\n            X-Next:\n              schema: {bad}\n"
        ),
        Compiles,
    );
    // A reference to a device that never ends: refused, not read forever.
    write(
        "ref_to_device.yaml",
        format!("{header}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: '/dev/zero#/x'}}\n"),
        Refused("not a regular file"),
    );
    // An invalid schema forty levels down (found by fuzzing): reading it whole once took time
    // exponential in its depth; it is refused at once, where it is.
    let mut bad = String::from("{type: string, maxLength: x}");
    for _ in 0..40 {
        bad = format!("{{additionalProperties: {bad}}}");
    }
    write(
        "deep_bad_leaf.yaml",
        format!("{header}paths: {{}}\ncomponents:\n  schemas:\n    A: {bad}\n"),
        Refused("not a valid schema: invalid type: string \"x\", expected usize"),
    );
    // A `$ref` into a value that the document walk does not read as a schema (an extension),
    // holding the same kind of deep invalid chain (found by fuzzing, through an `operationId`):
    // lowering checks a reference's target the same way before it parses it.
    write(
        "ref_into_extension.yaml",
        format!(
            "{header}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: '#/x-data'}}\nx-data: {bad}\n"
        ),
        Refused("ref_into_extension.yaml#/x-data/additionalProperties/additionalProperties"),
    );
    // A `$ref` whose value is not a string but a chain of `allOf`s ending in a string, and a
    // response that refers into it (found by fuzzing): the string leaf was never looked at by
    // the deep check, and parsing the target retried it exponentially. Refused where it is.
    let mut all_of = String::from("'#/components/schemas/Pet'");
    for _ in 0..30 {
        all_of = format!("{{allOf: [{all_of}]}}");
    }
    write(
        "ref_into_non_string_ref.yaml",
        format!(
            "{header}paths:\n  /x:\n    get:\n      operationId: getX\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Pets/items/$ref'}}\ncomponents:\n  schemas:\n    Pet: {{type: object}}\n    Pets: {{type: array, items: {{$ref: {all_of}}}}}\n"
        ),
        Refused("ref_into_non_string_ref.yaml#/components/schemas/Pets/items: $ref must be a string"),
    );
    write(
        "too_long_ref_chain.yaml",
        chain(5_000),
        Refused("too_long_ref_chain.yaml#/components/schemas/S4095/properties/next: schemas refer to schemas more than 4096 levels deep"),
    );
    out
}

/// Runs `clientgen generate` on `spec` in its own process, within the time and memory limits;
/// returns whether it succeeded and what it printed. Crashes and hangs fail the test here.
fn generate(spec: &Path, out: &Path) -> (bool, String) {
    let runtime = format!("path={}", repo_root().join("runtime").display());
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {MEMORY_LIMIT_KB}; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_clientgen"))
        .args(["generate", "--quiet", "--runtime", &runtime, "--out"])
        .arg(out)
        .arg(spec)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start clientgen");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for clientgen") {
            break status;
        }
        if started.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            panic!("{}: still running after {TIME_LIMIT:?}", spec.display());
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut output = String::new();
    if let Some(mut stderr) = child.stderr.take() {
        let _ = stderr.read_to_string(&mut output);
    }
    assert!(
        status.code().is_some(),
        "{}: clientgen was killed by a signal (a stack overflow, an abort or the memory limit): {status:?}\n{output}",
        spec.display()
    );
    assert!(
        !output.contains("panicked"),
        "{}: clientgen panicked:\n{output}",
        spec.display()
    );
    (status.success(), output)
}

#[test]
fn every_fixture_is_in_the_table() {
    let mut files: Vec<String> = std::fs::read_dir(fixtures_dir())
        .expect("the hostile fixtures")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let listed: Vec<String> = FIXTURES.iter().map(|(name, _)| name.to_string()).collect();
    assert_eq!(
        files, listed,
        "tests/fixtures/hostile/ and FIXTURES list the same files"
    );
}

#[test]
fn hostile_specs_compile_or_are_refused_where_they_are_wrong() {
    let scratch = repo_root().join("target/scratch-workspaces/hostile");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(scratch.join("made")).expect("scratch directory");
    let mut cases: Vec<(PathBuf, Expect)> = FIXTURES
        .iter()
        .map(|(name, expect)| (fixtures_dir().join(name), *expect))
        .collect();
    cases.extend(made_fixtures(&scratch.join("made")));

    let workspace = scratch.join("workspace");
    let mut members = Vec::new();
    for (spec, expect) in &cases {
        let member = corpus::member_name(spec);
        let (ok, output) = generate(spec, &scratch.join("standalone").join(&member));
        match expect {
            Compiles => {
                assert!(ok, "{}: expected a crate, got:\n{output}", spec.display());
                // The same generation as a member of one workspace, to build them all at once.
                let runtime = RuntimeSource::Path(repo_root().join("runtime"));
                clientgen::workspace::generate_member(
                    spec,
                    &workspace.join(&member),
                    Some(&runtime),
                    clientgen::Options::default(),
                )
                .unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
                members.push(member);
            }
            Refused(text) => {
                assert!(
                    !ok,
                    "{}: expected a refusal, but it generated",
                    spec.display()
                );
                assert!(
                    output.contains(text),
                    "{}: the refusal should say {text:?}, but said:\n{output}",
                    spec.display()
                );
            }
        }
    }
    corpus::write_workspace(&workspace, &members, Some(&repo_root().join("Cargo.lock")))
        .expect("write the workspace");
    let (ok, output) = corpus::cargo(
        &workspace,
        &repo_root().join("target/scratch"),
        &["clippy", "--workspace", "--quiet", "--", "-D", "warnings"],
        &[],
    );
    assert!(ok, "the hostile crates do not compile cleanly:\n{output}");
}
