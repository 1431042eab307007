//! The version rule: which bump a set of changes needs, the smallest version that provides it
//! under Cargo's reading of semver (for `0.y.z` the minor number is the major one), and the check
//! that the working tree's crate version is at least that.

use super::{Change, Impact};
use crate::check::parse_version;
use crate::diagnostics::Location;
use serde::Serialize;
use std::fmt;

/// The version bump a set of changes needs. Ordered from none to major.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    /// Nothing in the generated crate changed.
    None,
    /// Documentation and wire details only.
    Patch,
    /// Additions.
    Minor,
    /// Breaking changes.
    Major,
}

impl Bump {
    /// The bump for the most severe change.
    pub fn for_changes(changes: &[Change]) -> Bump {
        changes
            .iter()
            .map(|c| Bump::for_impact(c.impact))
            .max()
            .unwrap_or(Bump::None)
    }

    /// The bump one change needs.
    pub fn for_impact(impact: Impact) -> Bump {
        match impact {
            Impact::Breaking => Bump::Major,
            Impact::Minor => Bump::Minor,
            Impact::Patch => Bump::Patch,
        }
    }

    /// The smallest version after `old` that this bump allows, with Cargo's rule for 0.x:
    /// `0.y.z` is compatible with `0.y.(z+1)` only, and `0.0.z` with nothing else.
    pub fn minimum(self, old: (u64, u64, u64)) -> (u64, u64, u64) {
        let (major, minor, patch) = old;
        match self {
            Bump::None => old,
            Bump::Patch => (major, minor, patch + 1),
            Bump::Minor if major > 0 => (major, minor + 1, 0),
            Bump::Minor => (0, minor, patch + 1),
            Bump::Major if major > 0 => (major + 1, 0, 0),
            Bump::Major if minor > 0 => (0, minor + 1, 0),
            Bump::Major => (0, 0, patch + 1),
        }
    }
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        })
    }
}

/// The outcome of checking a crate version against the bump its changes need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionCheck {
    /// The bump the changes need.
    pub needed: Bump,
    /// The smallest version that satisfies it, when the old version parses.
    pub minimum: Option<String>,
    /// Whether the new version is at least `minimum`.
    pub passed: bool,
    /// One line saying why it passed or failed.
    pub message: String,
    /// Where the version is set in the working tree.
    pub location: Location,
}

/// Checks that `new` is at least the smallest version after `old` that `needed` allows.
/// Versions that are not `MAJOR.MINOR.PATCH` fail the check with a message, never a panic.
pub fn check(old: &str, new: &str, needed: Bump, location: Location) -> VersionCheck {
    let fail = |message: String| VersionCheck {
        needed,
        minimum: None,
        passed: false,
        message,
        location: location.clone(),
    };
    let Some(old_parsed) = parse_version(old) else {
        return fail(format!(
            "the base revision's crate version {old:?} is not MAJOR.MINOR.PATCH"
        ));
    };
    let Some(new_parsed) = parse_version(new) else {
        return fail(format!("crate version {new:?} is not MAJOR.MINOR.PATCH"));
    };
    let minimum = needed.minimum(old_parsed);
    let shown = format!("{}.{}.{}", minimum.0, minimum.1, minimum.2);
    let passed = new_parsed >= minimum;
    let message = match (passed, needed) {
        (true, Bump::None) if new_parsed == old_parsed => {
            format!("no API change; version {new} unchanged")
        }
        (true, Bump::None) => format!("no API change; version {old} -> {new}"),
        (true, _) => format!("{needed} bump needed (at least {shown}); version {old} -> {new}"),
        (false, Bump::None) => {
            format!("version {new} is lower than the base revision's {old}")
        }
        (false, _) => format!(
            "{needed} bump needed: the crate version (`x-crate.version`, else \
                `info.version`) must be at least {shown}, but it is {new} (base revision: {old})"
        ),
    };
    VersionCheck {
        needed,
        minimum: Some(shown),
        passed,
        message,
        location,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(old: &str, new: &str, needed: Bump) -> bool {
        check(
            old,
            new,
            needed,
            Location::new("spec.yaml", "/x-crate/version"),
        )
        .passed
    }

    #[test]
    fn zero_x_versions_bump_the_minor_number_for_breaking_changes() {
        assert_eq!(Bump::Major.minimum((0, 1, 3)), (0, 2, 0));
        assert_eq!(Bump::Minor.minimum((0, 1, 3)), (0, 1, 4));
        assert_eq!(Bump::Patch.minimum((0, 1, 3)), (0, 1, 4));
        assert_eq!(Bump::Major.minimum((0, 0, 3)), (0, 0, 4));
        assert_eq!(Bump::Major.minimum((1, 4, 2)), (2, 0, 0));
        assert_eq!(Bump::Minor.minimum((1, 4, 2)), (1, 5, 0));
        assert_eq!(Bump::Patch.minimum((1, 4, 2)), (1, 4, 3));
        assert_eq!(Bump::None.minimum((1, 4, 2)), (1, 4, 2));
    }

    #[test]
    fn the_check_compares_against_the_minimum() {
        assert!(!run("0.1.3", "0.1.4", Bump::Major));
        assert!(run("0.1.3", "0.2.0", Bump::Major));
        assert!(run("0.1.3", "1.0.0", Bump::Major));
        assert!(!run("1.2.3", "1.3.0", Bump::Major));
        assert!(run("1.2.3", "1.3.0", Bump::Minor));
        assert!(!run("1.2.3", "1.2.4", Bump::Minor));
        assert!(run("1.2.3", "1.2.3", Bump::None));
        assert!(!run("1.2.3", "1.2.2", Bump::None));
        assert!(!run("1.2.3", "not a version", Bump::Patch));
        assert!(!run("x", "1.0.0", Bump::Patch));
    }
}
