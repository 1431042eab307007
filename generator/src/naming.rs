//! The one place where wire names become Rust identifiers: case conversion with heck,
//! keyword escaping, invalid characters, and deterministic collision handling.

use crate::template::{Part, Template};
use heck::{ToKebabCase, ToPascalCase, ToSnakeCase};
use proc_macro2::{Ident, Span};
use std::collections::HashSet;

/// Words that can never be identifiers (strict and reserved keywords of every edition).
const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen", "union",
];

/// Type names that generated code relies on from the prelude; a spec type may not shadow them.
const RESERVED_TYPES: &[&str] = &[
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "Default",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Iterator",
    "IntoIterator",
    "ToString",
    "ToOwned",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "AsRef",
    "AsMut",
    "Into",
    "From",
    "TryFrom",
    "TryInto",
    "Self",
];

/// Spelled-out names for punctuation, used when a value is nothing but symbols and digits
/// (GitHub's `+1` and `-1` reactions, comparison operators).
fn spell(c: char) -> Option<&'static str> {
    Some(match c {
        '+' => "plus",
        '-' => "minus",
        '*' => "star",
        '/' => "slash",
        '\\' => "backslash",
        '<' => "lt",
        '>' => "gt",
        '=' => "eq",
        '!' => "not",
        '.' => "dot",
        '@' => "at",
        '#' => "hash",
        '$' => "dollar",
        '%' => "percent",
        '&' => "and",
        '|' => "or",
        '^' => "caret",
        '~' => "tilde",
        '?' => "question",
        ':' => "colon",
        ',' => "comma",
        _ => return None,
    })
}

/// Keeps the characters an identifier may hold (Unicode letters and digits included: `用户`
/// stays `用户`), replacing the rest with spaces so heck sees word boundaries.
fn ascii_words(raw: &str) -> String {
    raw.chars()
        .map(|c| {
            if c.is_ascii() || unicode_ident::is_xid_continue(c) {
                c
            } else {
                ' '
            }
        })
        .collect()
}

/// The same text with punctuation spelled out as words, and other symbols (emoji) as their
/// code point (`👍` is `u1f44d`).
fn spelled(raw: &str) -> String {
    let mut out = String::new();
    for c in raw.chars() {
        match spell(c) {
            Some(word) => {
                out.push(' ');
                out.push_str(word);
                out.push(' ');
            }
            None if !c.is_ascii() && !unicode_ident::is_xid_continue(c) => {
                out.push_str(&format!(" u{:x} ", c as u32))
            }
            None => out.push(c),
        }
    }
    out
}

/// Whether the words of `raw` should be spelled out: when nothing else is left, or when a
/// symbol carries the meaning (`+1` and `-1` must not both become `1`).
fn needs_spelling(raw: &str, plain: &str) -> bool {
    let symbol =
        |c: char| spell(c).is_some() || (!c.is_ascii() && !unicode_ident::is_xid_continue(c));
    plain.is_empty() || raw.trim_start().chars().next().is_some_and(symbol)
}

/// A PascalCase identifier for `raw`, or `fallback` when nothing usable is left.
fn pascal(raw: &str, digit_prefix: &str, fallback: &str) -> String {
    let mut name = ascii_words(raw).to_pascal_case();
    if needs_spelling(raw, &name) {
        let with_words = spelled(raw).to_pascal_case();
        if !with_words.is_empty() {
            name = with_words;
        }
    }
    if name.is_empty() {
        return fallback.to_string();
    }
    if !name.starts_with(|c: char| unicode_ident::is_xid_start(c)) {
        name = format!("{digit_prefix}{name}");
    }
    name
}

/// A snake_case identifier for `raw`, or `fallback` when nothing usable is left.
fn snake(raw: &str, fallback: &str) -> String {
    let mut name = ascii_words(raw).to_snake_case();
    if needs_spelling(raw, &name) {
        let with_words = spelled(raw).to_snake_case();
        if !with_words.is_empty() {
            name = with_words;
        }
    }
    if name.is_empty() {
        return fallback.to_string();
    }
    if !name.starts_with(|c: char| unicode_ident::is_xid_start(c)) {
        name = format!("n{name}");
    }
    if KEYWORDS.contains(&name.as_str()) || name == "_" {
        name.push('_');
    }
    name
}

/// The names that the root of every generated crate defines or re-exports (its client, builder,
/// credentials and environments, and the runtime's error and response value). A spec type never
/// takes one, so `use crate::*` and `use crate::types::*` together are never ambiguous.
pub const CRATE_ROOT_NAMES: &[&str] = &[
    "Client",
    "ClientBuilder",
    "Credentials",
    "Environment",
    "Error",
    "ResponseValue",
];

/// The Rust name of a type (struct, enum or alias) for a wire or derived name: PascalCase, with
/// `Type` appended to a name that the prelude, a keyword or the crate root already uses
/// (`Result` gives `ResultType`, `Error` gives `ErrorType`).
pub fn type_name(raw: &str) -> String {
    let name = pascal(raw, "Type", "Type");
    if clashes(&name) {
        format!("{name}Type")
    } else {
        name
    }
}

/// Whether a type named `raw` in the spec is renamed because its name is taken by the crate root.
pub fn renamed_for_crate_root(raw: &str) -> bool {
    CRATE_ROOT_NAMES.contains(&pascal(raw, "Type", "Type").as_str())
}

/// Whether a PascalCase name is taken by the prelude, a keyword or the crate root.
fn clashes(name: &str) -> bool {
    RESERVED_TYPES.contains(&name) || KEYWORDS.contains(&name) || CRATE_ROOT_NAMES.contains(&name)
}

/// Cargo features that every generated crate defines, which no operation group may take.
pub const CRATE_FEATURES: &[&str] = &[
    "default",
    "full",
    "rustls-ring",
    "rustls-aws-lc",
    "native-tls",
    "tracing",
    "test-util",
    "validate-responses",
];

/// The cargo feature name of an operation group (a tag, or a path's first segment): kebab-case
/// ASCII letters and digits (`Pet Store` gives `pet-store`), or `other` when nothing is left.
/// Callers claim it in a [`Scope`] reserved with [`CRATE_FEATURES`] so that names stay unique.
pub fn feature_name(raw: &str) -> String {
    let kebab = raw.to_kebab_case();
    let mut name = String::new();
    for c in kebab.chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        } else if !name.is_empty() && !name.ends_with('-') {
            name.push('-');
        }
    }
    let name = name.trim_end_matches('-');
    if name.is_empty() {
        "other".to_string()
    } else {
        name.to_string()
    }
}

/// The Rust name of an enum variant for a wire value.
pub fn variant_name(raw: &str) -> String {
    let name = pascal(raw, "V", "Empty");
    if KEYWORDS.contains(&name.as_str()) {
        format!("{name}Value")
    } else {
        name
    }
}

/// The Rust name of a struct field, parameter or function for a wire name.
pub fn field_name(raw: &str) -> String {
    snake(raw, "field")
}

/// The Rust name of a client method for an operation id.
pub fn method_name(raw: &str) -> String {
    snake(raw, "operation")
}

/// A stable name for an operation without an `operationId`, from its method and path:
/// `get_visits_by_id_json` for `GET /visits/{id}.json`.
pub fn derived_operation_id(method: &str, path: &str) -> String {
    let mut words = vec![method.to_ascii_lowercase()];
    for part in Template::parse(path).parts {
        match part {
            Part::Literal(text) => words.extend(
                text.split('/')
                    .filter(|s| !s.is_empty())
                    .map(|s| s.to_snake_case()),
            ),
            Part::Variable(name) => words.push(format!("by_{}", name.to_snake_case())),
        }
    }
    words.retain(|word| !word.is_empty());
    match words.as_slice() {
        [only] => format!("{only}_root"),
        _ => words.join("_"),
    }
}

/// The environment a server is for, from a short description (`Production API` gives
/// `production-api`).
pub fn environment_name(description: &str) -> String {
    description.to_kebab_case()
}

/// The candidate name of the function that gives a field its default (`pet_status` for the
/// field `status` of `Pet`); the emitter claims it in the scope of its `defaults` module, so
/// `Pet.status_code` and `PetStatus.code` do not collide.
pub fn default_function_name(type_name: &str, field_name: &str) -> String {
    format!(
        "{}_{}",
        type_name.to_snake_case(),
        field_name.trim_end_matches('_')
    )
}

/// The candidate name of an error enum that several operations share, from its variants
/// (already type-cased): `ClientErrorOrServerError`, `NotFoundError`, `BadRequestOrNotFoundError`;
/// past three variants the rest are summed up (`BadRequestOrNotFoundOrConflictOrMoreError`).
/// An enum without variants is `UndocumentedError`. The lowering claims it among the type names.
pub fn shared_error_name(variants: &[&str]) -> String {
    if variants.is_empty() {
        return "UndocumentedError".to_string();
    }
    let mut name = variants
        .iter()
        .take(3)
        .copied()
        .collect::<Vec<_>>()
        .join("Or");
    if variants.len() > 3 {
        name.push_str("OrMore");
    }
    if !name.ends_with("Error") {
        name.push_str("Error");
    }
    name
}

/// The candidate name of the setter of a field (`with_status` for `status`, `with_type` for
/// the escaped `type_`); each struct claims it in a scope of its own that reserves `new`.
pub fn setter_name(field_name: &str) -> String {
    format!("with_{}", field_name.trim_end_matches('_'))
}

/// The candidate name of the setter that sends an optional, nullable field as `null`
/// (`with_note_null`).
pub fn null_setter_name(field_name: &str) -> String {
    format!("with_{}_null", field_name.trim_end_matches('_'))
}

/// The name of the test that decodes the `index`th example (from 1) of an operation's response.
pub fn example_test_name(method_name: &str, response_variant: &str, index: usize) -> String {
    format!("{method_name}_{}_{index}", response_variant.to_snake_case())
}

/// An identifier for a name made here. Names from here are always valid; should one not be, it
/// is repaired rather than allowed to panic inside `proc_macro2`.
pub fn ident(name: &str) -> Ident {
    if is_plain_identifier(name) {
        return Ident::new(name, Span::call_site());
    }
    let mut repaired: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if repaired.is_empty() || repaired.starts_with(|c: char| c.is_ascii_digit()) {
        repaired.insert(0, '_');
    }
    if !is_plain_identifier(&repaired) {
        repaired.push('_');
    }
    if repaired == "_" {
        repaired = "__".into();
    }
    Ident::new(&repaired, Span::call_site())
}

/// Whether `name` can be used as an identifier exactly as it is (Unicode identifiers included).
pub fn is_plain_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if unicode_ident::is_xid_start(c) || c == '_')
        && chars.all(unicode_ident::is_xid_continue)
        && !KEYWORDS.contains(&name)
        && name != "_"
}

/// A namespace in which every name is handed out once: the second `status` becomes `status_2`,
/// the second `Pet` becomes `Pet2`. Callers claim names in spec order, so the result is stable.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    used: HashSet<String>,
}

impl Scope {
    /// A scope in which `reserved` are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Scope {
            used: reserved.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// Whether `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.used.contains(name)
    }

    /// Claims `candidate` or, when taken, the first free numbered form of it.
    pub fn claim(&mut self, candidate: &str) -> String {
        if self.used.insert(candidate.to_string()) {
            return candidate.to_string();
        }
        // `Pet2`, `status_2`, and `type_2` (not `type__2`) after an escaped keyword.
        let separator = if candidate.starts_with(|c: char| c.is_ascii_uppercase())
            || candidate.ends_with('_')
        {
            ""
        } else {
            "_"
        };
        let mut n = 2;
        loop {
            let numbered = format!("{candidate}{separator}{n}");
            if self.used.insert(numbered.clone()) {
                return numbered;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_pascal_and_never_shadow_the_prelude() {
        assert_eq!(type_name("provider_type"), "ProviderType");
        assert_eq!(type_name("Result"), "ResultType");
        assert_eq!(type_name("Error"), "ErrorType");
        assert_eq!(type_name("client"), "ClientType");
        assert!(renamed_for_crate_root("error") && !renamed_for_crate_root("Errors"));
        assert_eq!(type_name("200-response"), "Type200Response");
        assert_eq!(type_name(""), "Type");
    }

    #[test]
    fn shared_error_enums_are_named_by_their_variants() {
        assert_eq!(
            shared_error_name(&["ClientError", "ServerError"]),
            "ClientErrorOrServerError"
        );
        assert_eq!(shared_error_name(&["NotFound"]), "NotFoundError");
        assert_eq!(
            shared_error_name(&["BadRequest", "NotFound", "Conflict", "Gone"]),
            "BadRequestOrNotFoundOrConflictOrMoreError"
        );
        assert_eq!(shared_error_name(&[]), "UndocumentedError");
    }

    #[test]
    fn fields_escape_keywords_and_digits() {
        assert_eq!(field_name("type"), "type_");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("modifiedBy"), "modified_by");
        assert_eq!(field_name("+1"), "plus_1");
        assert_eq!(field_name("-1"), "minus_1");
        assert_eq!(field_name("2fa"), "n2fa");
        assert_eq!(field_name("$"), "dollar");
        assert_eq!(field_name("café"), "café");
        assert_eq!(field_name("姓名"), "姓名");
        assert_eq!(variant_name("👍"), "U1f44d");
    }

    #[test]
    fn variants_spell_symbols() {
        assert_eq!(variant_name("Primary Care"), "PrimaryCare");
        assert_eq!(variant_name("+1"), "Plus1");
        assert_eq!(variant_name("-1"), "Minus1");
        assert_eq!(variant_name("1"), "V1");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(variant_name("Self"), "SelfValue");
    }

    #[test]
    fn operations_without_an_id_are_named_by_route() {
        assert_eq!(
            derived_operation_id("GET", "/visits/{id}.json"),
            "get_visits_by_id_json"
        );
        assert_eq!(derived_operation_id("POST", "/"), "post_root");
        assert_eq!(
            derived_operation_id("GET", "/a/{unclosed"),
            "get_a_unclosed"
        );
    }

    #[test]
    fn default_functions_are_unique_once_claimed() {
        let mut scope = Scope::default();
        let first = scope.claim(&default_function_name("Pet", "status_code"));
        let second = scope.claim(&default_function_name("PetStatus", "code"));
        assert_eq!(first, "pet_status_code");
        assert_eq!(second, "pet_status_code_2");
        assert_eq!(default_function_name("Pet", "type_"), "pet_type");
    }

    #[test]
    fn collisions_are_numbered_in_claim_order() {
        let mut scope = Scope::with_reserved(&["additional_properties"]);
        assert_eq!(scope.claim("modified_by"), "modified_by");
        assert_eq!(scope.claim("modified_by"), "modified_by_2");
        assert_eq!(
            scope.claim("additional_properties"),
            "additional_properties_2"
        );
        let mut types = Scope::default();
        assert_eq!(types.claim("Pet"), "Pet");
        assert_eq!(types.claim("Pet"), "Pet2");
    }
}
