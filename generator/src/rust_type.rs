//! The one printer of model types as Rust types: emit writes its tokens into generated code, and
//! diff shows the same types as short text (`Vec<Pet>`, `Option<DateTime<Utc>>`).

use crate::model::{Api, Field, FieldRepr, FloatKind, IntKind, Ty};
use crate::naming::ident;
use proc_macro2::{TokenStream, TokenTree};
use quote::quote;

/// Where a type expression is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TyPath {
    /// Inside the generated `types.rs` (named types in scope).
    Types,
    /// Inside the generated `client.rs`, where named types are `types::Name`.
    Client,
    /// In text for people (diff reports): named and runtime types without their path.
    Readable,
}

/// The Rust type for a type expression; `boxed` boxes the named type (recursion or deep
/// nesting).
pub fn ty_tokens(api: &Api, ty: &Ty, path: TyPath, boxed: bool) -> TokenStream {
    let readable = path == TyPath::Readable;
    match ty {
        Ty::Named(id) => {
            let name = ident(&api.types.get(*id).name);
            let named = match path {
                TyPath::Types | TyPath::Readable => quote!(#name),
                TyPath::Client => quote!(types::#name),
            };
            if boxed {
                quote!(Box<#named>)
            } else {
                named
            }
        }
        Ty::Nullable(inner) => {
            let inner = ty_tokens(api, inner, path, boxed);
            quote!(Option<#inner>)
        }
        Ty::Array(inner) => {
            let inner = ty_tokens(api, inner, path, false);
            quote!(Vec<#inner>)
        }
        Ty::Map(inner) => {
            let inner = ty_tokens(api, inner, path, false);
            if readable {
                quote!(BTreeMap<String, #inner>)
            } else {
                quote!(::std::collections::BTreeMap<String, #inner>)
            }
        }
        Ty::String => quote!(String),
        Ty::Bool => quote!(bool),
        Ty::Int(kind) => match kind {
            IntKind::I8 => quote!(i8),
            IntKind::I16 => quote!(i16),
            IntKind::I32 => quote!(i32),
            IntKind::I64 => quote!(i64),
            IntKind::U8 => quote!(u8),
            IntKind::U16 => quote!(u16),
            IntKind::U32 => quote!(u32),
            IntKind::U64 => quote!(u64),
        },
        Ty::Float(FloatKind::F32) => quote!(f32),
        Ty::Float(FloatKind::F64) => quote!(f64),
        _ if readable => runtime_type_readable(ty),
        Ty::Date => quote!(rt::chrono::NaiveDate),
        Ty::DateTime => quote!(rt::chrono::DateTime<rt::chrono::Utc>),
        Ty::Uuid => quote!(rt::uuid::Uuid),
        Ty::Base64 => quote!(rt::Base64),
        Ty::Binary => quote!(rt::Binary),
        Ty::Timestamp => quote!(rt::Timestamp),
        Ty::Any => quote!(rt::serde_json::Value),
        Ty::JsonObject => quote!(rt::serde_json::Map<String, rt::serde_json::Value>),
    }
}

/// A type that the runtime (or a crate it re-exports) provides, without its path.
fn runtime_type_readable(ty: &Ty) -> TokenStream {
    match ty {
        Ty::Date => quote!(NaiveDate),
        Ty::DateTime => quote!(DateTime<Utc>),
        Ty::Uuid => quote!(Uuid),
        Ty::Base64 => quote!(Base64),
        Ty::Binary => quote!(Binary),
        Ty::Timestamp => quote!(Timestamp),
        Ty::JsonObject => quote!(Map<String, Value>),
        _ => quote!(Value),
    }
}

/// The Rust type of a struct field, after its representation (`Option` for optional and so on).
pub fn field_type(api: &Api, field: &Field, path: TyPath) -> TokenStream {
    let (inner, _) = field.ty.strip_nullable();
    let inner = ty_tokens(api, inner, path, field.boxed);
    match field.repr() {
        FieldRepr::Plain | FieldRepr::Defaulted => inner,
        FieldRepr::NullableOptional => quote!(Option<Option<#inner>>),
        _ => quote!(Option<#inner>),
    }
}

/// A type expression as text for people: `BTreeMap<String, Vec<Pet>>`.
pub fn ty_text(api: &Api, ty: &Ty) -> String {
    text(ty_tokens(api, ty, TyPath::Readable, false))
}

/// A struct field's type as text for people, after its representation.
pub fn field_text(api: &Api, field: &Field) -> String {
    text(field_type(api, field, TyPath::Readable))
}

/// Type tokens written as Rust is usually written: no spaces but one after each comma.
fn text(tokens: TokenStream) -> String {
    let mut out = String::new();
    for token in tokens {
        match token {
            TokenTree::Punct(punct) if punct.as_char() == ',' => out.push_str(", "),
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    proc_macro2::Delimiter::Parenthesis => ("(", ")"),
                    proc_macro2::Delimiter::Bracket => ("[", "]"),
                    proc_macro2::Delimiter::Brace => ("{", "}"),
                    proc_macro2::Delimiter::None => ("", ""),
                };
                out.push_str(open);
                out.push_str(&text(group.stream()));
                out.push_str(close);
            }
            other => out.push_str(&other.to_string()),
        }
    }
    out
}

/// Whether a path parameter of this type is passed by value (small `Copy` types).
pub fn by_value(ty: &Ty) -> bool {
    matches!(
        ty,
        Ty::Bool | Ty::Int(_) | Ty::Float(_) | Ty::Uuid | Ty::Date | Ty::DateTime | Ty::Timestamp
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Location;
    use crate::model::{Info, TypeArena, TypeDef, TypeId, TypeKind};

    fn api_with_pet() -> (Api, TypeId) {
        let pet = TypeDef {
            name: "Pet".into(),
            wire_name: None,
            doc: None,
            kind: TypeKind::Pending,
            origin: Location::new("spec.yaml", "/components/schemas/Pet"),
            assumptions: Vec::new(),
        };
        let mut api = Api {
            spec: "spec.yaml".into(),
            info: Info {
                title: "T".into(),
                version: "1".into(),
                description: None,
                crate_name: None,
                crate_version: None,
                assumptions: Vec::new(),
            },
            types: TypeArena::default(),
            operations: Vec::new(),
            environments: Vec::new(),
            server_sets: Vec::new(),
            root_servers: 0,
            security_schemes: Vec::new(),
        };
        let id = api.types.add(pet);
        (api, id)
    }

    #[test]
    fn text_is_written_as_people_write_types() {
        let (api, id) = api_with_pet();
        let pet = Ty::Named(id);
        let map = Ty::Map(Box::new(Ty::Array(Box::new(pet.clone()))));
        assert_eq!(ty_text(&api, &map), "BTreeMap<String, Vec<Pet>>");
        let time = Ty::Nullable(Box::new(Ty::DateTime));
        assert_eq!(ty_text(&api, &time), "Option<DateTime<Utc>>");
        assert_eq!(ty_text(&api, &Ty::JsonObject), "Map<String, Value>");
        let code = ty_tokens(&api, &pet, TyPath::Client, true).to_string();
        assert_eq!(code, "Box < types :: Pet >");
    }
}
