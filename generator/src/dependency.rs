//! Where a generated crate finds the clientgen runtime (and, for conformance tests, the testkit):
//! a path, a git repository or a registry version, as chosen with `--runtime`.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// The package name of the hand-written runtime every generated crate depends on.
pub const RUNTIME_PACKAGE: &str = "clientgen-runtime";
/// The package name of the conformance-test support crate.
pub const TESTKIT_PACKAGE: &str = "clientgen-testkit";

/// Where the runtime comes from, as the user names it (`--runtime path=DIR`, `git=URL[#REV]`,
/// `version=VER`, or a bare directory).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeSource {
    /// A directory holding the runtime crate (a checkout's `runtime/`).
    Path(PathBuf),
    /// A git repository whose workspace holds the runtime crate, optionally at a revision.
    Git {
        /// The repository's URL.
        url: String,
        /// A commit, tag or branch (`#REV`); the default branch when absent.
        rev: Option<String>,
    },
    /// A version requirement, resolved from the registry Cargo is configured with.
    Version(String),
}

/// Why a `--runtime` value was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceError(String);

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}; expected path=DIR, git=URL[#REV] or version=VER",
            self.0
        )
    }
}

impl std::error::Error for SourceError {}

impl FromStr for RuntimeSource {
    type Err = SourceError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let non_empty = |what: &str, text: &str| {
            if text.trim().is_empty() {
                Err(SourceError(format!("{what} is empty in {value:?}")))
            } else {
                Ok(text.to_string())
            }
        };
        if let Some(dir) = value.strip_prefix("path=") {
            return Ok(RuntimeSource::Path(PathBuf::from(non_empty(
                "the path", dir,
            )?)));
        }
        if let Some(rest) = value.strip_prefix("git=") {
            let (url, rev) = match rest.split_once('#') {
                Some((url, rev)) => (url, Some(non_empty("the revision after `#`", rev)?)),
                None => (rest, None),
            };
            return Ok(RuntimeSource::Git {
                url: non_empty("the URL", url)?,
                rev,
            });
        }
        if let Some(version) = value.strip_prefix("version=") {
            return Ok(RuntimeSource::Version(non_empty("the version", version)?));
        }
        if let Some((kind, _)) = value.split_once('=') {
            if !kind.contains(['/', '\\', '.']) {
                return Err(SourceError(format!("unknown runtime source {kind:?}")));
            }
        }
        // A bare directory, as `--runtime DIR` always accepted.
        Ok(RuntimeSource::Path(PathBuf::from(non_empty(
            "the path", value,
        )?)))
    }
}

/// The runtime dependency as written into a generated `Cargo.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeDependency {
    /// A path relative to the generated crate's directory.
    Path(String),
    /// A git repository, optionally at a revision.
    Git {
        /// The repository's URL.
        url: String,
        /// A commit, tag or branch.
        rev: Option<String>,
    },
    /// A registry version requirement.
    Version(String),
}

impl Default for RuntimeDependency {
    /// The path from `generated/<crate>` to `runtime/` inside this repository.
    fn default() -> Self {
        RuntimeDependency::Path("../../runtime".into())
    }
}

impl RuntimeDependency {
    /// The TOML inline table that depends on the runtime, without its default features: the
    /// generated crate's own features choose the TLS implementation and pass it on.
    pub fn runtime_toml(&self) -> String {
        let table = self.toml(None);
        match table.strip_suffix(" }") {
            Some(start) => format!("{start}, default-features = false }}"),
            None => table,
        }
    }

    /// The TOML inline table that depends on the testkit, which lives beside the runtime: in the
    /// same parent directory, the same git repository, or at the same version.
    pub fn testkit_toml(&self) -> String {
        self.toml(Some(TESTKIT_PACKAGE))
    }

    fn toml(&self, sibling: Option<&str>) -> String {
        match self {
            RuntimeDependency::Path(path) => {
                let path = match sibling {
                    None => path.clone(),
                    Some(_) => {
                        let parent = Path::new(path).parent().unwrap_or(Path::new(""));
                        parent.join("testkit").to_string_lossy().replace('\\', "/")
                    }
                };
                format!("{{ path = {} }}", toml_string(&path))
            }
            RuntimeDependency::Git { url, rev } => match rev {
                Some(rev) => format!(
                    "{{ git = {}, rev = {} }}",
                    toml_string(url),
                    toml_string(rev)
                ),
                None => format!("{{ git = {} }}", toml_string(url)),
            },
            RuntimeDependency::Version(version) => {
                format!("{{ version = {} }}", toml_string(version))
            }
        }
    }
}

/// A TOML basic string holding `value`.
pub fn toml_string(value: &str) -> String {
    let mut out = String::from("\"");
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether `dir` holds the runtime crate: a `Cargo.toml` whose package is `clientgen-runtime`.
pub fn is_runtime_dir(dir: &Path) -> bool {
    std::fs::read_to_string(dir.join("Cargo.toml")).is_ok_and(|manifest| {
        manifest
            .lines()
            .map(str::trim)
            .any(|line| line == format!("name = \"{RUNTIME_PACKAGE}\""))
    })
}

/// The runtime of the clientgen checkout that encloses `dir`, if any: the first ancestor that has
/// a `runtime/` directory holding the runtime crate.
pub fn enclosing_runtime(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|ancestor| ancestor.join("runtime"))
        .find(|candidate| is_runtime_dir(candidate))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_parse_from_the_command_line_forms() {
        assert_eq!(
            "path=../rt".parse(),
            Ok(RuntimeSource::Path("../rt".into()))
        );
        assert_eq!(
            "/opt/clientgen/runtime".parse(),
            Ok(RuntimeSource::Path("/opt/clientgen/runtime".into()))
        );
        assert_eq!(
            "git=https://example.org/clientgen.git#v0.2.0".parse(),
            Ok(RuntimeSource::Git {
                url: "https://example.org/clientgen.git".into(),
                rev: Some("v0.2.0".into())
            })
        );
        assert_eq!(
            "git=ssh://git@example.org/c.git".parse(),
            Ok(RuntimeSource::Git {
                url: "ssh://git@example.org/c.git".into(),
                rev: None
            })
        );
        assert_eq!(
            "version=0.1".parse(),
            Ok(RuntimeSource::Version("0.1".into()))
        );
    }

    #[test]
    fn malformed_sources_are_refused_with_the_accepted_forms() {
        for bad in ["", "path=", "git=", "git=url#", "version=", "crate=x"] {
            let error = bad.parse::<RuntimeSource>().unwrap_err().to_string();
            assert!(
                error.contains("path=DIR, git=URL[#REV] or version=VER"),
                "{bad:?}: {error}"
            );
        }
    }

    #[test]
    fn the_testkit_sits_beside_the_runtime() {
        let path = RuntimeDependency::Path("../../runtime".into());
        assert_eq!(
            path.runtime_toml(),
            r#"{ path = "../../runtime", default-features = false }"#
        );
        assert_eq!(path.testkit_toml(), r#"{ path = "../../testkit" }"#);
        let git = RuntimeDependency::Git {
            url: "https://example.org/c.git".into(),
            rev: Some("abc".into()),
        };
        assert_eq!(
            git.testkit_toml(),
            r#"{ git = "https://example.org/c.git", rev = "abc" }"#
        );
        assert_eq!(
            git.runtime_toml(),
            r#"{ git = "https://example.org/c.git", rev = "abc", default-features = false }"#
        );
        assert_eq!(
            RuntimeDependency::Version("0.1".into()).runtime_toml(),
            r#"{ version = "0.1", default-features = false }"#
        );
    }
}
