//! Stage 3, check: validations that need the whole model, or the crate's identity, before emission.

use crate::diagnostics::{Diagnostics, Location};
use crate::model::{Api, ParamLocation, PathSegment};
use std::collections::{HashMap, HashSet};

/// Checks the lowered model: warns about what the spec lacks, and verifies the invariants that
/// emission relies on (a violation is a bug in lowering, reported as an internal error where the
/// construct came from, rather than a panic or wrong code later).
pub fn check(api: &Api, diags: &mut Diagnostics) {
    if api.operations.is_empty() {
        diags.warning(
            Location::new(api.spec.clone(), "/paths"),
            "the spec has no operations; only types are generated",
        );
    }
    for problem in invariant_violations(api) {
        diags.error(problem.0, format!("internal error: {}", problem.1));
    }
}

/// Every broken invariant of the model, with where it shows.
fn invariant_violations(api: &Api) -> Vec<(Location, String)> {
    let mut out = Vec::new();
    // Named types, and the types each operation adds, share the namespace of `types.rs`.
    let mut type_names = HashSet::new();
    for def in api.types.defs() {
        if !type_names.insert(def.name.as_str()) {
            out.push((
                def.origin.clone(),
                format!("two types are named `{}`", def.name),
            ));
        }
    }
    // The methods of one operation (one per request media type) share its types.
    let mut operation_types: HashMap<&str, &str> = HashMap::new();
    let mut methods = HashSet::new();
    for op in &api.operations {
        let own_types = [op.params_type.as_deref(), op.response_type.as_deref()]
            .into_iter()
            .flatten()
            .chain([op.error_type.as_str()]);
        for name in own_types {
            let owner = *operation_types.entry(name).or_insert(op.id.as_str());
            if type_names.contains(name) || owner != op.id {
                out.push((op.origin.clone(), format!("two types are named `{name}`")));
            }
        }
        if !methods.insert(op.rust_name.as_str()) {
            out.push((
                op.origin.clone(),
                format!("two client methods are named `{}`", op.rust_name),
            ));
        }
        for segment in &op.segments {
            if let PathSegment::Param(index) = segment {
                let is_path = op
                    .params
                    .get(*index)
                    .is_some_and(|param| param.location == ParamLocation::Path);
                if !is_path {
                    out.push((
                        op.origin.clone(),
                        format!(
                            "a path segment names parameter {index}, which is not a path parameter"
                        ),
                    ));
                }
            }
        }
        let schemes = op.security.iter().flatten();
        if schemes
            .clone()
            .any(|i| api.security_schemes.get(*i).is_none())
        {
            out.push((
                op.origin.clone(),
                "a security requirement names a scheme that does not exist".into(),
            ));
        }
        if api.server_sets.get(op.servers).is_none() {
            out.push((
                op.origin.clone(),
                "the operation's server list does not exist".into(),
            ));
        }
        for success in [true, false] {
            let mut variants = HashSet::new();
            for response in op.responses.iter().filter(|r| r.success == success) {
                if !variants.insert(response.variant.as_str()) {
                    out.push((
                        response.origin.clone(),
                        format!("two responses are named `{}`", response.variant),
                    ));
                }
            }
        }
    }
    // A shared error enum is a name of its own, not any type's or operation type's; by now
    // `operation_types` holds every operation's.
    for op in &api.operations {
        if let Some(shared) = op.shared_error.as_deref() {
            if type_names.contains(shared) || operation_types.contains_key(shared) {
                out.push((
                    op.origin.clone(),
                    format!("the shared error enum `{shared}` is named like another type"),
                ));
            }
        }
    }
    if !api.server_sets.is_empty() && api.server_sets.get(api.root_servers).is_none() {
        out.push((
            Location::new(api.spec.clone(), "/servers"),
            "the root server list does not exist".into(),
        ));
    }
    out
}

/// Checks the crate name and version that the spec (or the caller) chose; `spec` is the spec as
/// named in diagnostics.
pub fn check_crate(name: &str, version: &str, spec: &str, diags: &mut Diagnostics) {
    let at = || Location::new(spec, "/x-crate");
    let name_ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && name.starts_with(|c: char| c.is_ascii_alphabetic());
    if !name_ok {
        diags.error(
            at(),
            format!("crate name {name:?} is not a valid package name"),
        );
    }
    if parse_version(version).is_none() {
        diags.error(
            at(),
            format!("crate version {version:?} is not a semantic version (MAJOR.MINOR.PATCH)"),
        );
    }
}

/// Parses `MAJOR.MINOR.PATCH` (pre-release and build suffixes are not used by generated crates).
pub fn parse_version(text: &str) -> Option<(u64, u64, u64)> {
    let mut parts = text.split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next()?.parse().ok()?;
    let patch = parts.next()?.parse().ok()?;
    if parts.next().is_some() {
        return None;
    }
    Some((major, minor, patch))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_invariants_are_reported_not_emitted() {
        let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/fixtures/path_params.yaml");
        let (mut api, _) = crate::model(&spec, "path_params.yaml", false).expect("a model");
        assert!(invariant_violations(&api).is_empty());
        let first = api.operations.first().map(|op| op.rust_name.clone());
        let second = api.operations.get_mut(1).expect("two operations");
        second.rust_name = first.expect("one operation");
        second.segments.push(PathSegment::Param(99));
        second.security.push(vec![7]);
        let messages: Vec<String> = invariant_violations(&api)
            .into_iter()
            .map(|(_, message)| message)
            .collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages[0].starts_with("two client methods are named"));
        assert!(messages[1].contains("parameter 99"));
        assert!(messages[2].contains("scheme that does not exist"));
    }
}
