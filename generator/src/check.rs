//! Stage 3, check: validations that need the whole model, or the crate's identity, before emission.

use crate::diagnostics::{Diagnostics, Location};
use crate::model::Api;

/// Checks the lowered model.
pub fn check(api: &Api, diags: &mut Diagnostics) {
    if api.operations.is_empty() {
        diags.warning(
            Location::new(api.spec.clone(), "/paths"),
            "the spec has no operations; only types are generated",
        );
    }
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
