//! How long the whole pipeline (load, lower, check, emit and format) takes for specs of
//! different sizes: a vendor spec, a mid-sized corpus spec, and the 3.7 MB GitHub spec.
//! Run with `cargo bench -p clientgen`.

use criterion::{criterion_group, criterion_main, Criterion};
use std::path::{Path, PathBuf};
use std::time::Duration;

fn spec(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(relative)
}

fn generate(c: &mut Criterion) {
    let mut group = c.benchmark_group("generate");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    for (name, path) in [
        ("vsee", "specs/vsee.yaml"),
        ("nexus", "specs/corpus/progenitor__nexus.json"),
        ("github", "specs/corpus/github__api.github.com.json"),
    ] {
        let path = spec(path);
        if !path.exists() {
            eprintln!("skipping {name}: {} is not there", path.display());
            continue;
        }
        let options = clientgen::Options {
            ..clientgen::Options::default()
        };
        group.bench_function(name, |b| {
            b.iter(|| {
                clientgen::generate(&path, &options)
                    .map(|g| g.files.len())
                    .unwrap_or(0)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, generate);
criterion_main!(benches);
