//! Which traits the emitted code implements for each named type. Emit writes its conditional
//! derives and impls from this answer, and the spec diff compares it between two revisions, so
//! a lost implementation (a single-value enum that gains a value loses `Default`) is reported
//! from what the generated API exposes, not from a list of spec-level cases.

use crate::model::{is_scalar_union, Api, Tagging, TypeDef, TypeKind};
use serde::Serialize;
use std::collections::BTreeSet;
use std::fmt;

/// A trait the generated code may implement for a type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Trait {
    /// `Debug`.
    Debug,
    /// `Clone`.
    Clone,
    /// `PartialEq`.
    PartialEq,
    /// `Eq`.
    Eq,
    /// `Hash`.
    Hash,
    /// `PartialOrd`.
    PartialOrd,
    /// `Ord`.
    Ord,
    /// `Default` (derived, or written out where fields have spec defaults).
    Default,
    /// `serde::Serialize`.
    Serialize,
    /// `serde::Deserialize`.
    Deserialize,
    /// `Display`.
    Display,
    /// `From<&str>`.
    FromStr,
    /// `runtime::ToParam` (usable as a parameter value).
    ToParam,
}

impl fmt::Display for Trait {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Trait::Debug => "Debug",
            Trait::Clone => "Clone",
            Trait::PartialEq => "PartialEq",
            Trait::Eq => "Eq",
            Trait::Hash => "Hash",
            Trait::PartialOrd => "PartialOrd",
            Trait::Ord => "Ord",
            Trait::Default => "Default",
            Trait::Serialize => "Serialize",
            Trait::Deserialize => "Deserialize",
            Trait::Display => "Display",
            Trait::FromStr => "From<&str>",
            Trait::ToParam => "ToParam",
        })
    }
}

impl Trait {
    /// What stops compiling when a type loses this implementation, as a sentence.
    pub fn lost(self, name: &str) -> String {
        let uses = match self {
            Trait::Default => format!(
                "code that calls `{name}::default()` or fills a literal with `..Default::default()`"
            ),
            Trait::Eq | Trait::Hash | Trait::Ord => {
                format!("code that keys a map or a set by `{name}`, or needs `{name}: {self}`,")
            }
            Trait::FromStr => format!("code that calls `{name}::from(\"...\")`"),
            Trait::ToParam => {
                format!("code that passes `{name}` where a parameter value is needed")
            }
            Trait::Display => format!("code that formats `{name}` with `{{}}` or `.to_string()`"),
            other => format!("code that needs `{name}: {other}`"),
        };
        format!("{uses} no longer compiles")
    }
}

/// The traits the generated code implements for `def`. Plain aliases (`type X = T`) have
/// none of their own: they are `T`, and a change of `T` is reported as such.
pub fn traits(api: &Api, def: &TypeDef) -> BTreeSet<Trait> {
    use Trait::*;
    let mut out: BTreeSet<Trait> = [Debug, Clone, PartialEq, Serialize, Deserialize].into();
    match &def.kind {
        TypeKind::Struct(s) => {
            if s.derive_default {
                out.insert(Default);
            }
        }
        TypeKind::Enum(e) => {
            out.extend([Eq, Hash, PartialOrd, Ord, Display, FromStr, ToParam]);
            // A single-value (`const`-like) enum defaults to its only value.
            if e.variants.len() == 1 {
                out.insert(Default);
            }
        }
        TypeKind::Union(u) => {
            if matches!(u.tagging, Tagging::Untagged) && is_scalar_union(&api.types, u) {
                out.insert(ToParam);
            }
        }
        TypeKind::Alias(alias) => {
            if !alias.newtype {
                out.clear();
            }
        }
        TypeKind::Pending => out.clear(),
    }
    out
}
