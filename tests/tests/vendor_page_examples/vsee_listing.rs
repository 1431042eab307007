//! The listing of the VSee page's examples: which are valid JSON as they stand, and which are
//! not, each with the reason and the minimal repair the spec records; the tests check that the
//! listing covers every heading on the page and that each reason and repair is right.

use clientgen_runtime::serde::de;

use crate::duplicate_keys::duplicate_keys;
use crate::support::{page, vsee_example};

/// The VSee headings whose example is valid JSON as it stands.
const VSEE_VALID: [&str; 6] = [
    "POST /intakes",
    "POST /intakes/:id",
    "GET /intakes/:id",
    "POST /visits/close",
    "POST /visits/add_econsult",
    "POST /visits",
];

/// A VSee example that is not valid JSON as written.
struct InvalidExample {
    /// The heading of the operation on the page.
    heading: &'static str,
    /// Why the example is not JSON.
    reason: &'static str,
    /// The minimal repair the spec records (`x-example-repairs`), as text replacements that must
    /// each match exactly once.
    repairs: &'static [(&'static str, &'static str)],
}

/// The VSee examples that are not valid JSON, each with its reason and repair.
const VSEE_INVALID: [InvalidExample; 5] = [
    InvalidExample {
        heading: "POST /visits/add_walkin",
        reason: "a trailing comma after the `member` object",
        repairs: &[(
            "\"phone\": \"6506506500\" }, }",
            "\"phone\": \"6506506500\" } }",
        )],
    },
    InvalidExample {
        heading: "GET /availability",
        reason: "a stray `]` after the `data` array",
        repairs: &[("] ] }", "] }")],
    },
    InvalidExample {
        heading: "GET /visits",
        reason: "the visit is closed one brace early, leaving `postvisit` inside the array, \
                 which is never closed",
        repairs: &[
            (
                "\"subtype\": \"\" } }, \"postvisit\"",
                "\"subtype\": \"\" }, \"postvisit\"",
            ),
            ("\"npi\": \"\" } }", "\"npi\": \"\" } } ] }"),
        ],
    },
    InvalidExample {
        heading: "GET /visits/:id",
        reason: "the `]` closing `prescriptionsBeforeVisit` is missing (it also repeats the \
                 `postvisit` key)",
        repairs: &[(
            "M.D.\" }, \"prescriptions\"",
            "M.D.\" } ], \"prescriptions\"",
        )],
    },
    InvalidExample {
        heading: "POST /visits/:id?version=2",
        reason: "a `...` placeholder for the omitted fields",
        repairs: &[(", ... }", " }")],
    },
];

/// Returns the listed invalid example under `heading`, repaired.
pub(crate) fn repaired(text: &str, heading: &str) -> String {
    let listed = VSEE_INVALID
        .iter()
        .find(|listed| listed.heading == heading)
        .expect("a listed heading");
    repair(
        vsee_example(text, heading).expect("an example"),
        listed.repairs,
    )
}

/// Applies the listed repairs to an example.
fn repair(example: &str, repairs: &[(&str, &str)]) -> String {
    let mut text = example.to_owned();
    for (from, to) in repairs {
        assert_eq!(
            text.matches(from).count(),
            1,
            "repair {from:?} must match once"
        );
        text = text.replacen(from, to, 1);
    }
    text
}

#[test]
fn every_vsee_heading_is_listed_once() {
    let text = page("vsee-api-v3.txt");
    let mut listed: Vec<&str> = VSEE_VALID.to_vec();
    listed.extend(VSEE_INVALID.iter().map(|listed| listed.heading));
    listed.push("GET /visits/current");
    let mut on_page: Vec<&str> = text
        .lines()
        .filter(|line| line.starts_with("GET /") || line.starts_with("POST /"))
        .collect();
    on_page.sort_unstable();
    listed.sort_unstable();
    assert_eq!(listed, on_page);
    assert_eq!(text.matches("Code Block |").count(), 11, "eleven examples");
    assert_eq!(
        vsee_example(&text, "GET /visits/current"),
        None,
        "no example"
    );
}

#[test]
fn vsee_invalid_examples_are_invalid_for_the_listed_reason() {
    let text = page("vsee-api-v3.txt");
    for InvalidExample {
        heading,
        reason,
        repairs,
    } in VSEE_INVALID
    {
        let example = vsee_example(&text, heading).expect("an example");
        assert!(
            serde_json::from_str::<de::IgnoredAny>(example).is_err(),
            "{heading} is listed as invalid ({reason}) but parses"
        );
        let repaired = repair(example, repairs);
        let keys = duplicate_keys(&repaired).unwrap_or_else(|error| {
            panic!("{heading}: the repair for {reason} is not enough: {error}")
        });
        if heading == "GET /visits/:id" {
            assert_eq!(keys, ["attachments", "postvisit"]);
        } else {
            assert!(keys.is_empty(), "{heading}: duplicated keys {keys:?}");
        }
    }
}
