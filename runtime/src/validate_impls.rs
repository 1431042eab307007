//! The macros that write the `Validate` impls of generated structs and closed enums, so that a
//! generated crate states only what each type checks, not the impl around it.
//!
//! ```
//! use clientgen_runtime::validate::{Path, Validate};
//!
//! #[derive(Debug)]
//! enum Unit {
//!     Kg,
//!     Other(String),
//! }
//! clientgen_runtime::validate_closed_enum!(Unit, Other, "spec#/Unit");
//!
//! struct Line {
//!     sku: String,
//!     unit: Unit,
//! }
//! clientgen_runtime::validate_struct! {
//!     Line;
//!     field(sku, "sku", location = "spec#/Line/sku", max_length = Some(3));
//!     nested(unit, "unit");
//! }
//!
//! let line = Line { sku: "ABCD".into(), unit: Unit::Other("lb".into()) };
//! let mut out = Vec::new();
//! line.validate(&mut Path::new("body"), &mut out);
//! let broken: Vec<String> = out.iter().map(|v| format!("{}: {}", v.path, v.rule)).collect();
//! assert_eq!(broken, ["body.sku: at most 3 characters", "body.unit: one of the values the spec lists"]);
//! # let _ = Unit::Kg;
//! ```

/// Writes the `Validate` impl of a closed string enum: a value that only its catch-all
/// variant holds is not one the spec lists, a rule stated at `location`.
#[macro_export]
macro_rules! validate_closed_enum {
    ($name:ident, $unknown:ident, $location:literal) => {
        impl $crate::validate::Validate for $name {
            fn validate(
                &self,
                at: &mut $crate::validate::Path,
                out: &mut ::std::vec::Vec<$crate::validate::Violation>,
            ) {
                if let Self::$unknown(_) = self {
                    $crate::validate::unknown_value($location, at, out);
                }
            }
        }
    };
}

/// Writes the `Validate` impl of a struct from its checks, in order:
///
/// - `field(member, "wire", location = "…", keyword = value, …)` checks the member against the
///   [`Rules`] with those members (the others are [`Rules::NONE`]'s);
/// - `nested(member, "wire")` validates a member whose type has checks of its own;
/// - `whole(member)` validates a flattened member or the map of unnamed properties, whose
///   values sit at the struct's own path.
///
/// [`Rules`]: crate::validate::Rules
/// [`Rules::NONE`]: crate::validate::Rules::NONE
#[macro_export]
macro_rules! validate_struct {
    ($name:ident; $($check:ident $arguments:tt;)*) => {
        impl $crate::validate::Validate for $name {
            fn validate(
                &self,
                at: &mut $crate::validate::Path,
                out: &mut ::std::vec::Vec<$crate::validate::Violation>,
            ) {
                $($crate::validate_struct!(@$check self, at, out, $arguments);)*
            }
        }
    };
    (@field $self:ident, $at:ident, $out:ident, ($member:ident, $wire:literal, $($key:ident = $value:expr),+)) => {{
        // Every member may be given, which makes the update needless; it is written always.
        #[allow(clippy::needless_update)]
        static RULES: $crate::validate::Rules = $crate::validate::Rules {
            $($key: $value,)*
            ..$crate::validate::Rules::NONE
        };
        $crate::validate::field(&$self.$member, $wire, &RULES, $at, $out);
    }};
    (@nested $self:ident, $at:ident, $out:ident, ($member:ident, $wire:literal)) => {
        $crate::validate::nested(&$self.$member, $wire, $at, $out);
    };
    (@whole $self:ident, $at:ident, $out:ident, ($member:ident)) => {
        $crate::validate::Validate::validate(&$self.$member, $at, $out);
    };
}
