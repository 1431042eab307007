//! Section 3b: decode throughput of a large VSee visit list, through the generated types with
//! the lenient decoding the spec declares (string-or-integer ids, Unix-second timestamps, the
//! `{"data": ...}` envelope, repeated-key tolerance), against plain serde on a strict
//! equivalent: hand-written structs with the same fields, typed as the body sends them.

use std::path::Path;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use serde::Deserialize;
use serde_json::Value;

use crate::stats::{median, ms};

/// Decode times of both decoders over the same body.
pub struct Throughput {
    /// Visits in the list.
    pub visits: usize,
    /// The body's size.
    pub bytes: usize,
    /// The generated types through the client's decoding.
    pub lenient: Vec<Duration>,
    /// The strict hand-written structs through `serde_json::from_slice`.
    pub strict: Vec<Duration>,
}

/// Builds a list of `visits` visits from the documented `listVisits` example (ids and codes
/// varied) and times both decoders over it `runs` times each, alternating.
pub fn run(root: &Path, visits: usize, runs: usize) -> Result<Throughput> {
    let body = visit_list(root, visits)?;

    // Both decoders must read the same visits before either is timed.
    let lenient = decode_lenient(&body)?;
    let strict = decode_strict(&body)?;
    if lenient.len() != visits || strict.data.len() != visits {
        bail!(
            "a decoder lost visits: {} and {} of {visits}",
            lenient.len(),
            strict.data.len()
        );
    }
    for (ours, theirs) in lenient.iter().zip(&strict.data) {
        if ours.id.as_deref() != Some(theirs.id.as_str())
            || ours.start.0.timestamp().to_string() != theirs.start
        {
            bail!("the decoders disagree on visit {}", theirs.id);
        }
    }

    let mut lenient_samples = Vec::with_capacity(runs);
    let mut strict_samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = std::time::Instant::now();
        std::hint::black_box(decode_lenient(&body)?);
        lenient_samples.push(start.elapsed());
        let start = std::time::Instant::now();
        std::hint::black_box(decode_strict(&body)?);
        strict_samples.push(start.elapsed());
    }
    Ok(Throughput {
        visits,
        bytes: body.len(),
        lenient: lenient_samples,
        strict: strict_samples,
    })
}

/// Decodes as `vsee_client::Client::list_visits` does (a generated type needs no scan for
/// repeated keys; see `Response::without_key_scan`).
fn decode_lenient(body: &[u8]) -> Result<Vec<vsee_client::types::Visit>> {
    clientgen_runtime::decode_json_without_key_scan(body, Some("data"))
        .map_err(|(path, message)| anyhow::anyhow!("lenient decoding failed at {path}: {message}"))
}

fn decode_strict(body: &[u8]) -> Result<StrictList> {
    Ok(serde_json::from_slice(body)?)
}

/// `{"data": [visit, ...]}` with `count` visits made from the documented example.
fn visit_list(root: &Path, count: usize) -> Result<Vec<u8>> {
    let path = root.join("generated/vsee/openapi.json");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let spec: Value = serde_json::from_str(&text)?;
    let example = spec
        .pointer("/paths/~1visits.json/get/responses/200/content/application~1json/example/data/0")
        .with_context(|| format!("{}: listVisits has no 200 example", path.display()))?;
    let visits: Vec<Value> = (0..count)
        .map(|i| {
            let mut visit = example.clone();
            let id = (7727 + i).to_string();
            visit["id"] = Value::from(id.clone());
            visit["_id"] = Value::from(id);
            visit["code"] = Value::from(format!("{:032x}", 0x57a0_7c26_947c_4544_u128 + i as u128));
            visit["start"] = Value::from((1_470_669_300 + 900 * i as u64).to_string());
            visit
        })
        .collect();
    Ok(serde_json::to_vec(&serde_json::json!({ "data": visits }))?)
}

// The strict equivalent: the same structs with the same fields as the generated types (so
// that matching field names costs both decoders alike), each typed exactly as the benchmark's
// body sends it, with nothing lenient about it. Fields the body never holds are
// `Option<Value>`: they are declared, as in the generated type, and never read.

#[derive(Deserialize)]
struct StrictList {
    data: Vec<StrictVisit>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct StrictVisit {
    id: String,
    #[serde(rename = "_id")]
    id_2: String,
    member_id: String,
    provider_id: String,
    account_code: String,
    code: String,
    start: String,
    end: String,
    actual_start: Option<String>,
    actual_end: Option<String>,
    specialty_id: Option<String>,
    state: Option<String>,
    #[serde(rename = "type")]
    type_: String,
    subtype: String,
    #[serde(rename = "subType")]
    sub_type: Option<Value>,
    status: String,
    completed_by: Option<String>,
    created: i64,
    modified: i64,
    expiry: Option<Value>,
    room_id: Option<String>,
    room_code: Option<Value>,
    payment: StrictPayment,
    intake: Option<Value>,
    intake_id: Option<Value>,
    invoice: Option<Value>,
    invoice_id: String,
    provider: StrictUser,
    member: StrictUser,
    creator: Option<Value>,
    incharge: Option<Value>,
    #[serde(rename = "isEditExpired")]
    is_edit_expired: Option<Value>,
    is_test: Option<Value>,
    pending_actions: Option<Value>,
    postvisit: StrictPostVisit,
    account: Option<Value>,
    room: Option<Value>,
    more_provider_ids: Option<Value>,
    guest_emails: Option<Value>,
    guest_mobiles: Option<Value>,
    reminder_type: Option<Value>,
    reminder_time: Option<Value>,
    host_ids: Option<Value>,
    hosts: Option<Value>,
    meeting: Option<Value>,
    one_time_link_token: Option<Value>,
    notify_list: Option<Value>,
    related_walkin_id: Option<Value>,
    related_walkin: Option<Value>,
    call_logs: Option<Value>,
    root_visit: Option<Value>,
    #[serde(rename = "prescriptionsBeforeVisit")]
    prescriptions_before_visit: Option<Value>,
    prescriptions: Option<Value>,
    visit_group_id: Option<Value>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct StrictPayment {
    id: Option<Value>,
    duration: Option<String>,
    amount: String,
    description: String,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct StrictUser {
    id: String,
    code: String,
    #[serde(rename = "type")]
    type_: Option<Value>,
    subtype: String,
    first_name: String,
    last_name: String,
    full_name: Option<Value>,
    username: String,
    email: String,
    vseeid: String,
    photo: Option<String>,
    active: bool,
    title: Option<String>,
    suffix: Option<String>,
    tos: bool,
    phone: String,
    dob: Option<String>,
    gender: Option<i64>,
    account_code: Option<Value>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct StrictPostVisit {
    id: Option<Value>,
    visit_id: String,
    member_id: String,
    class_id: Option<Value>,
    modified: i64,
    created: i64,
    #[serde(rename = "modifiedBy")]
    modified_by: String,
    draft: bool,
    attachments: Vec<Value>,
    physical_exam: String,
    assessment_plan: String,
    reason_for_visit: String,
    reason_for_visit_other: String,
    schema: String,
    diagnosis: String,
    patient_instructions: String,
    disposition: String,
    dea: String,
    npi: String,
}

/// The decode table in markdown.
pub fn table(t: &Throughput) -> String {
    let mb = t.bytes as f64 / 1e6;
    let row = |name: &str, samples: &[Duration]| {
        let median = median(samples);
        format!(
            "| {name} | {} | {:.0} |\n",
            ms(median),
            mb / median.as_secs_f64()
        )
    };
    let mut out = format!(
        "{} visits, {:.1} MB, {} runs each, alternating.\n\n\
         | decoder | median (ms) | MB/s |\n|---|---:|---:|\n",
        t.visits,
        mb,
        t.lenient.len()
    );
    out.push_str(&row(
        "generated `vsee_client::types::Visit`, lenient, as the client decodes",
        &t.lenient,
    ));
    out.push_str(&row("plain serde, strict hand-written structs", &t.strict));
    out.push_str(&format!(
        "\nRatio of medians, lenient / strict: **{}**\n",
        crate::stats::ratio(median(&t.lenient), median(&t.strict))
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_decoders_read_every_visit_alike() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        // `run` fails unless both decoders read every visit with the same id and start.
        let throughput = run(&root, 25, 1).expect("the benchmark runs");
        assert_eq!(throughput.visits, 25);
        assert_eq!(throughput.lenient.len(), 1);
        assert!(throughput.bytes > 25 * 1000);
    }
}
