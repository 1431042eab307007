//! Fuzz target: every runtime decoder on arbitrary bytes as a response body.
//!
//! The first byte chooses an envelope (none, `data`, or the empty name); the rest is the body.
//! For each response shape in `clientgen_fuzz::shapes` (lenient fields, nullable fields,
//! timestamps, base64, binary, untagged and discriminated unions, a flattened union, any JSON
//! with repeated keys kept), `clientgen_runtime::decode_json` must not panic, and must agree
//! with the reference path (parse a `serde_json::Value`, take the envelope member, read the
//! type from it): the same value when both accept, and no body that only one accepts. Since
//! `Tree` keeps repeated keys, a body read straight into its type while it repeats a key (a
//! miss of the runtime's repeated-key scan) shows up as a mismatch. The shapes built as
//! generated code builds them (no serde-derived untagged enum) are also decoded with
//! `decode_json_without_key_scan`, as generated code decodes them, against the same reference.
#![no_main]

use clientgen_fuzz::shapes::{
    Flattened, FlattenedUntagged, LenientFields, LenientInteger, LenientList, Nullables, Tagged,
    Tree, Untagged, ValueUntagged,
};
use clientgen_runtime::{decode_json, decode_json_without_key_scan, Base64, Timestamp};
use libfuzzer_sys::fuzz_target;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::fmt::Debug;

/// Why the reference path refused a body.
struct Refusal {
    /// Whether `serde_json` parsed the body into a `Value` (and only the type did not fit).
    parsed: bool,
    /// `serde_json`'s message.
    message: String,
}

impl Refusal {
    fn new(parsed: bool, message: impl ToString) -> Self {
        Refusal {
            parsed,
            message: message.to_string(),
        }
    }
}

/// Reads `T` through a `serde_json::Value`: the behaviour `decode_json` documents.
fn reference<T: DeserializeOwned>(body: &[u8], envelope: Option<&str>) -> Result<T, Refusal> {
    let value: Value = serde_json::from_slice(body).map_err(|e| Refusal::new(false, e))?;
    let inner = match (envelope, value) {
        (None, value) => value,
        (Some(field), Value::Object(mut members)) => members.remove(field).unwrap_or(Value::Null),
        (Some(_), _) => return Err(Refusal::new(true, "not an object")),
    };
    serde_json::from_value(inner).map_err(|e| Refusal::new(true, e))
}

/// A runtime decoder under test.
type Decoder<T> = fn(&[u8], Option<&str>) -> Result<T, (String, String)>;

/// Decodes `body` as `T` both ways and compares.
fn agree<T: DeserializeOwned + PartialEq + Debug>(body: &[u8], envelope: Option<&str>) {
    agree_with::<T>(decode_json::<T>, body, envelope);
}

/// Decodes `body` as `T` with and without the scan for repeated keys, each against the
/// reference; only for types built as generated code builds them.
fn agree_with_and_without_scan<T: DeserializeOwned + PartialEq + Debug>(
    body: &[u8],
    envelope: Option<&str>,
) {
    agree_with::<T>(decode_json::<T>, body, envelope);
    agree_with::<T>(decode_json_without_key_scan::<T>, body, envelope);
}

/// Decodes `body` as `T` with `decoder` and with the reference, and compares.
fn agree_with<T: DeserializeOwned + PartialEq + Debug>(
    decoder: Decoder<T>,
    body: &[u8],
    envelope: Option<&str>,
) {
    let decoded = decoder(body, envelope);
    let expected = reference::<T>(body, envelope);
    let what = std::any::type_name::<T>();
    match (decoded, expected) {
        (Ok(decoded), Ok(expected)) => {
            assert_eq!(
                decoded, expected,
                "{what}: decode_json and the Value path differ"
            )
        }
        (Ok(decoded), Err(error)) => {
            // Documented leniency (see `decode_json`): a member the type ignores is skipped
            // without being read, so a number beyond f64's range there does not fail the body,
            // while a `Value` cannot hold it. Invalid UTF-8 is refused by both.
            if !error.parsed && error.message.starts_with("number out of range") {
                return;
            }
            panic!(
                "{what}: decode_json accepted {decoded:?}, the Value path says {}",
                error.message
            )
        }
        (Err((path, detail)), Ok(expected)) => {
            panic!(
                "{what}: decode_json refused ({path}: {detail}), the Value path gives {expected:?}"
            )
        }
        (Err(_), Err(_)) => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let envelope = match selector % 3 {
        0 => None,
        1 => Some("data"),
        _ => Some(""),
    };
    agree_with_and_without_scan::<Value>(body, envelope);
    agree::<Tree>(body, envelope);
    agree_with_and_without_scan::<LenientFields>(body, envelope);
    agree_with_and_without_scan::<LenientInteger>(body, envelope);
    agree_with_and_without_scan::<LenientList>(body, envelope);
    agree_with_and_without_scan::<Nullables>(body, envelope);
    agree_with_and_without_scan::<Option<Timestamp>>(body, envelope);
    agree_with_and_without_scan::<Vec<Base64>>(body, envelope);
    agree::<Untagged>(body, envelope);
    agree_with_and_without_scan::<Tagged>(body, envelope);
    agree_with_and_without_scan::<Flattened>(body, envelope);
    agree_with_and_without_scan::<Vec<Flattened>>(body, envelope);
    agree_with_and_without_scan::<ValueUntagged>(body, envelope);
    agree_with_and_without_scan::<Vec<FlattenedUntagged>>(body, envelope);
});
