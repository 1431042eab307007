//! The real specs that `pipeline_mutated` mutates, embedded from `fuzz/seeds/` and parsed once.

use serde_json::Value;
use std::sync::OnceLock;

/// The seed specs' text, by file name (their origin is in `fuzz/seeds/SOURCES.md`).
const TEXTS: &[(&str, &str)] = &[
    (
        "carevalidate.yaml",
        include_str!("../seeds/carevalidate.yaml"),
    ),
    (
        "oai__petstore.yaml",
        include_str!("../seeds/oai__petstore.yaml"),
    ),
    (
        "oai__petstore-expanded.yaml",
        include_str!("../seeds/oai__petstore-expanded.yaml"),
    ),
    (
        "redocly__museum-api.yaml",
        include_str!("../seeds/redocly__museum-api.yaml"),
    ),
    (
        "progenitor__keeper.json",
        include_str!("../seeds/progenitor__keeper.json"),
    ),
];

/// The seed specs as JSON trees, in the order of `TEXTS`.
pub fn all() -> &'static [Value] {
    static PARSED: OnceLock<Vec<Value>> = OnceLock::new();
    PARSED.get_or_init(|| {
        TEXTS
            .iter()
            .map(|(name, text)| {
                // YAML is a superset of JSON, so one reader serves both kinds of file.
                serde_yaml::from_str::<Value>(text)
                    .unwrap_or_else(|err| panic!("seed {name} does not parse: {err}"))
            })
            .collect()
    })
}
