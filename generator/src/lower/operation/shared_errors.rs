//! Gives operations that document the same error responses one error enum between them.
//!
//! Big specs repeat one error table on every operation (nexus: 185 operations answer `4XX` and
//! `5XX` with the same `Error` schema). Each operation keeps its own error type name, which
//! becomes an alias of the shared enum, so callers' code does not change; the crate compiles one
//! enum and its impls instead of one per operation.

use crate::model::Operation;
use crate::naming::{self, Scope};
use serde_json::json;
use std::collections::BTreeMap;

/// Sets [`Operation::shared_error`] on every operation whose error responses another operation
/// (with a different error type) documents identically: same variants, statuses, descriptions
/// and bodies. Operations generated once per media type already share one error type, and count
/// once.
pub(super) fn share_error_enums(operations: &mut [Operation], type_names: &mut Scope) {
    let mut by_shape: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut seen_types: Vec<&str> = Vec::new();
    for (index, op) in operations.iter().enumerate() {
        if seen_types.contains(&op.error_type.as_str()) {
            continue;
        }
        seen_types.push(&op.error_type);
        by_shape.entry(shape(op)).or_default().push(index);
    }
    // Groups are named in the spec order of their first operations, so names are stable.
    let mut groups: Vec<Vec<usize>> = by_shape
        .into_values()
        .filter(|members| members.len() > 1)
        .collect();
    groups.sort();
    for members in groups {
        let Some(first) = members.first().and_then(|&index| operations.get(index)) else {
            continue;
        };
        let variants: Vec<&str> = first
            .error_responses()
            .map(|response| response.variant.as_str())
            .collect();
        let shared = type_names.claim(&naming::shared_error_name(&variants));
        let error_types: Vec<String> = members
            .iter()
            .filter_map(|&index| operations.get(index))
            .map(|op| op.error_type.clone())
            .collect();
        for op in operations.iter_mut() {
            if error_types.contains(&op.error_type) {
                op.shared_error = Some(shared.clone());
            }
        }
    }
}

/// Everything the emitted error enum depends on, as text that is equal exactly when two
/// operations' enums would be.
fn shape(op: &Operation) -> String {
    let responses: Vec<_> = op
        .error_responses()
        .map(|response| {
            json!({
                "variant": response.variant,
                "status": response.status.spec_key(),
                "doc": response.doc,
                "assumptions": response.assumptions,
                "body": response.body.as_ref().map(|body| json!({
                    "media": body.media,
                    "ty": body.ty,
                })),
            })
        })
        .collect();
    json!({ "default": op.has_default_response(), "responses": responses }).to_string()
}
