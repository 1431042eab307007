//! Emits `src/types.rs`: one item per named type, plus each operation's parameter struct,
//! response enum and error enum.

use super::builders::{builder_impl, struct_members};
use super::docs::assumptions_paragraph;
use super::docs::doc_attrs_opt;
use super::enums::{enum_item, union_item};
use super::groups::{gate, Groups};
use super::operation_types::{operation_types, shared_error_enum};
use super::serde_crate;
use super::traits::{traits, Trait};
use super::validation::Validation;
use super::Piece;
use crate::model::{
    AliasType, Api, DefaultValue, Field, FieldRepr, StructType, Ty, TypeDef, TypeKind,
};
use crate::naming::{self, ident, Scope};
use crate::rust_type::{field_type, ty_tokens, TyPath};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// The items of `src/types.rs`, one token stream per type or operation, so that each is
/// parsed and printed on its own.
///
/// With feature groups, each type (with its impls and its default-value functions) is compiled
/// only with the groups that reach it, and each operation's types only with its group.
pub(super) fn types_file(api: &Api, groups: &Groups, validation: &Validation) -> Vec<Piece> {
    let mut defaults = Defaults::default();
    let items = api
        .types
        .iter()
        .map(|(id, def)| {
            let cfg = groups.type_cfg(id);
            let first_default = defaults.functions.len();
            let mut item = type_def(api, def, &mut defaults);
            item.extend(validation.impl_for(api, id, def));
            let item = gate(item, &cfg);
            for function in defaults.functions.iter_mut().skip(first_default) {
                *function = gate(std::mem::take(function), &cfg);
            }
            item
        })
        .collect::<Vec<_>>();
    let operation_items = api
        .operations
        .iter()
        .enumerate()
        .map(|(index, op)| gate(operation_types(api, op), &groups.operation_cfg(index)))
        .collect::<Vec<_>>();
    // Each shared error enum is emitted once, compiled with every group that uses it.
    let mut shared_seen: Vec<&str> = Vec::new();
    let shared_items = api
        .operations
        .iter()
        .filter_map(|op| {
            let shared = op.shared_error.as_deref()?;
            if shared_seen.contains(&shared) {
                return None;
            }
            shared_seen.push(shared);
            let users: Vec<usize> = api
                .operations
                .iter()
                .enumerate()
                .filter(|(_, other)| other.shared_error.as_deref() == Some(shared))
                .map(|(index, _)| index)
                .collect();
            let error_types: std::collections::BTreeSet<&str> = users
                .iter()
                .filter_map(|&index| api.operations.get(index))
                .map(|other| other.error_type.as_str())
                .collect();
            let item = shared_error_enum(api, op, shared, error_types.len());
            Some(gate(item, &groups.used_by_cfg(users.into_iter())))
        })
        .collect::<Vec<_>>();
    let defaults = defaults.functions;
    let defaults_module = if defaults.is_empty() {
        TokenStream::new()
    } else {
        quote! {
            /// Default values that the spec gives for optional properties.
            mod defaults {
                #[allow(unused_imports)]
                use super::*;
                #(#defaults)*
            }
        }
    };
    let head = quote! {
        //! Types for every schema in the spec, and each operation's parameters, responses and errors.
        #[allow(unused_imports)]
        use ::clientgen_runtime as rt;
    };
    std::iter::once(head)
        .chain(items)
        .chain(operation_items)
        .chain(shared_items)
        .chain(std::iter::once(defaults_module))
        .map(Piece::Items)
        .collect()
}

/// The functions of the `defaults` module, and the names they have taken.
#[derive(Default)]
struct Defaults {
    names: Scope,
    functions: Vec<TokenStream>,
}

fn type_def(api: &Api, def: &TypeDef, defaults: &mut Defaults) -> TokenStream {
    let name = ident(&def.name);
    let mut doc_text = def.doc.clone().unwrap_or_default();
    if let Some(wire) = &def.wire_name {
        if !doc_text.is_empty() {
            doc_text.push_str("\n\n");
        }
        doc_text.push_str(&format!("Schema `{wire}`."));
    }
    doc_text.push_str(&assumptions_paragraph(&def.assumptions));
    let doc = doc_attrs_opt(Some(&doc_text));
    match &def.kind {
        TypeKind::Struct(s) => struct_item(api, def, s, doc, defaults),
        TypeKind::Enum(e) => enum_item(&name, e, doc, &traits(api, def)),
        TypeKind::Union(u) => union_item(api, &name, u, doc, &traits(api, def)),
        TypeKind::Alias(AliasType { ty, newtype }) => {
            let ty = ty_tokens(api, ty, TyPath::Types, false);
            if *newtype {
                let serde = serde_crate();
                quote! {
                    #doc
                    #[derive(Debug, Clone, PartialEq, rt::serde::Serialize, rt::serde::Deserialize)]
                    #serde
                    #[serde(transparent)]
                    pub struct #name(pub #ty);
                }
            } else {
                quote! {
                    #doc
                    pub type #name = #ty;
                }
            }
        }
        TypeKind::Pending => TokenStream::new(),
    }
}

fn struct_item(
    api: &Api,
    def: &TypeDef,
    s: &StructType,
    doc: TokenStream,
    defaults: &mut Defaults,
) -> TokenStream {
    let name = ident(&def.name);
    let serde = serde_crate();
    // A struct that holds only named fields reads itself through the runtime's macro (see
    // `clientgen_runtime::object`); one with flattened members keeps serde's derive, which
    // collects the keys the named fields leave over.
    let derives_deserialize = !s.flattened.is_empty() || s.additional.is_some();
    let mut manual_default = Vec::new();
    let mut entries = Vec::new();
    let fields = s.fields.iter().enumerate().map(|(index, field)| {
        let rust = ident(&field.rust_name);
        let ty = field_type(api, field, TyPath::Types);
        let wire = &field.wire_name;
        let mut attrs = Vec::new();
        if field.rust_name != field.wire_name {
            attrs.push(quote!(rename = #wire));
        }
        let repr = field.repr();
        let mut missing = quote!(default);
        match repr {
            FieldRepr::Plain => missing = quote!(required),
            FieldRepr::Defaulted => {
                let function = defaults
                    .names
                    .claim(&naming::default_function_name(&def.name, &field.rust_name));
                let function_ident = ident(&function);
                let path = format!("defaults::{function}");
                if derives_deserialize {
                    attrs.push(quote!(default = #path));
                }
                missing = quote!((defaults::#function_ident));
                let value = default_expr(api, field);
                defaults.functions.push(quote! {
                    pub(super) fn #function_ident() -> #ty { #value }
                });
                manual_default.push((rust.clone(), quote!(defaults::#function_ident())));
            }
            FieldRepr::Nullable => {
                if derives_deserialize {
                    attrs.push(quote!(default))
                }
            }
            FieldRepr::ReadOnly => {
                if derives_deserialize {
                    attrs.push(quote!(default))
                }
                attrs.push(quote!(skip_serializing))
            }
            FieldRepr::Optional | FieldRepr::WriteOnly | FieldRepr::NullableOptional => {
                if derives_deserialize {
                    attrs.push(quote!(default))
                }
                attrs.push(quote!(skip_serializing_if = "Option::is_none"))
            }
        }
        let (read, deserialize_with) = match (field.lenient, repr) {
            (true, FieldRepr::NullableOptional) => (
                quote!(lenient_nullable),
                Some("::clientgen_runtime::lenient::deserialize_nullable"),
            ),
            (true, _) => (
                quote!(lenient),
                Some("::clientgen_runtime::lenient::deserialize"),
            ),
            (false, FieldRepr::NullableOptional) => (
                quote!(nullable),
                Some("::clientgen_runtime::nullable::deserialize"),
            ),
            // An optional value of any JSON keeps a `null` it was sent (`Some(Value::Null)`),
            // told apart from an absent field (`None`).
            (false, FieldRepr::Optional | FieldRepr::ReadOnly) if field.ty == Ty::Any => (
                quote!(nullable_any),
                Some("::clientgen_runtime::nullable::deserialize_any"),
            ),
            (false, _) => (quote!(plain), None),
        };
        if let (true, Some(function)) = (derives_deserialize, deserialize_with) {
            attrs.push(quote!(deserialize_with = #function));
        }
        let index = Literal::usize_unsuffixed(index);
        entries.push(quote!(#rust(#index, #wire, #read, #missing)));
        let serde_attr = if attrs.is_empty() {
            TokenStream::new()
        } else {
            quote!(#[serde(#(#attrs),*)])
        };
        let doc = doc_attrs_opt(Some(&field_doc(field)));
        if repr != FieldRepr::Defaulted {
            manual_default.push((rust.clone(), quote!(::std::default::Default::default())));
        }
        quote! {
            #doc
            #serde_attr
            pub #rust: #ty,
        }
    });
    let fields: Vec<TokenStream> = fields.collect();
    let flattened: Vec<TokenStream> = s
        .flattened
        .iter()
        .map(|flat| {
            let rust = ident(&flat.rust_name);
            let ty = ty_tokens(api, &flat.ty, TyPath::Types, false);
            manual_default.push((rust.clone(), quote!(::std::default::Default::default())));
            quote! {
                /// The alternative this value is, whose properties sit beside the named ones.
                #[serde(flatten)]
                pub #rust: #ty,
            }
        })
        .collect();
    let additional = s.additional.as_ref().map(|additional| {
        let rust = ident(&additional.rust_name);
        let value = ty_tokens(api, &additional.value, TyPath::Types, false);
        manual_default.push((rust.clone(), quote!(::std::default::Default::default())));
                let serde = if additional.lenient {
            quote!(#[serde(flatten, deserialize_with = "::clientgen_runtime::lenient::deserialize")])
        } else {
            quote!(#[serde(flatten)])
        };
        quote! {
            /// Properties the spec does not name, kept as they arrived.
            #serde
            pub #rust: ::std::collections::BTreeMap<String, #value>,
        }
    });
    let has_defaulted = s.fields.iter().any(|f| f.repr() == FieldRepr::Defaulted);
    let implements_default = traits(api, def).contains(&Trait::Default);
    let derive_default = implements_default && !has_defaulted;
    let default_derive = if derive_default {
        quote!(Default,)
    } else {
        TokenStream::new()
    };
    let members = struct_members(api, s);
    let initial = |rust_name: &str| {
        manual_default
            .iter()
            .find(|(field, _)| field == rust_name)
            .map(|(_, value)| value.clone())
            .unwrap_or_else(|| quote!(::std::default::Default::default()))
    };
    let rest: Vec<_> = s
        .additional
        .iter()
        .map(|additional| ident(&additional.rust_name))
        .collect();
    let builder = builder_impl(api, &name, &members, &initial, &rest, implements_default);
    let default_impl = if implements_default && has_defaulted {
        let (names, values): (Vec<_>, Vec<_>) = manual_default.into_iter().unzip();
        quote! {
            impl ::std::default::Default for #name {
                fn default() -> Self {
                    Self { #(#names: #values),* }
                }
            }
        }
    } else {
        TokenStream::new()
    };
    let multipart = if s.multipart {
        multipart_impl(api, &name, s)
    } else {
        TokenStream::new()
    };
    let (deserialize_derive, deserialize_impl) = if derives_deserialize {
        (quote!(rt::serde::Deserialize), TokenStream::new())
    } else {
        let expecting = format!("struct {}", def.name);
        (
            TokenStream::new(),
            quote!(rt::deserialize_object! { #name, #expecting; #(#entries;)* }),
        )
    };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default_derive rt::serde::Serialize, #deserialize_derive)]
        #serde
        pub struct #name {
            #(#fields)*
            #(#flattened)*
            #additional
        }
        #deserialize_impl
        #builder
        #default_impl
        #multipart
    }
}

/// The rustdoc of a field: its description plus what the spec says about it.
fn field_doc(field: &Field) -> String {
    let mut doc = field.doc.clone().unwrap_or_default();
    let mut notes = Vec::new();
    if field.read_only {
        notes.push("Read-only: sent by the server, never sent by this client.".to_string());
    }
    if field.write_only {
        notes.push("Write-only: sent by this client, not returned by the server.".to_string());
    }
    if field.deprecated {
        notes.push("Deprecated.".to_string());
    }
    if field.lenient {
        notes.push("Accepted as a JSON string or number.".to_string());
    }
    notes.extend(field.constraints.iter().cloned());
    if field.repr() == FieldRepr::NullableOptional {
        notes.push("`None`: absent; `Some(None)`: `null`.".to_string());
    }
    if !notes.is_empty() {
        if !doc.is_empty() {
            doc.push_str("\n\n");
        }
        doc.push_str(&notes.join(" "));
    }
    doc.push_str(&assumptions_paragraph(&field.assumptions));
    doc
}

fn default_expr(api: &Api, field: &Field) -> TokenStream {
    match &field.default {
        Some(DefaultValue::Bool(b)) => quote!(#b),
        Some(DefaultValue::Int(i)) => {
            let literal = Literal::i64_unsuffixed(*i);
            quote!(#literal)
        }
        Some(DefaultValue::Float(f)) => {
            let literal = Literal::f64_unsuffixed(*f);
            quote!(#literal)
        }
        Some(DefaultValue::String(s)) => quote!(::std::string::String::from(#s)),
        Some(DefaultValue::EmptyArray) => quote!(::std::vec::Vec::new()),
        Some(DefaultValue::EnumVariant(i)) => match field.ty.strip_nullable().0 {
            Ty::Named(id) => {
                let def = api.types.get(*id);
                let name = ident(&def.name);
                match &def.kind {
                    TypeKind::Enum(e) => match e.variants.get(*i) {
                        Some(variant) => {
                            let variant = ident(&variant.rust_name);
                            quote!(super::#name::#variant)
                        }
                        None => quote!(::std::default::Default::default()),
                    },
                    _ => quote!(::std::default::Default::default()),
                }
            }
            _ => quote!(::std::default::Default::default()),
        },
        None => quote!(::std::default::Default::default()),
    }
}

fn multipart_impl(api: &Api, name: &proc_macro2::Ident, s: &StructType) -> TokenStream {
    let parts = s.fields.iter().map(|field| {
        let rust = ident(&field.rust_name);
        let wire = &field.wire_name;
        let (inner, _) = field.ty.strip_nullable();
        let add = |value: TokenStream| -> TokenStream {
            match inner {
                Ty::Binary => quote!(form.file(#wire, #value);),
                Ty::Array(item) if matches!(**item, Ty::Binary) => {
                    quote!(for item in #value { form.file(#wire, item); })
                }
                Ty::Array(item) if crate::model::is_scalar(&api.types, item) => {
                    quote!(for item in #value { form.text(#wire, item); })
                }
                ty if crate::model::is_scalar(&api.types, ty) => quote!(form.text(#wire, #value);),
                _ => quote!(form.json(#wire, #value)?;),
            }
        };
        match field.repr() {
            FieldRepr::Plain | FieldRepr::Defaulted => add(quote!(&self.#rust)),
            FieldRepr::NullableOptional => {
                let body = add(quote!(value));
                quote!(if let Some(Some(value)) = &self.#rust { #body })
            }
            FieldRepr::ReadOnly => TokenStream::new(),
            _ => {
                let body = add(quote!(value));
                quote!(if let Some(value) = &self.#rust { #body })
            }
        }
    });
    let flattened = s.flattened.iter().map(|flat| {
        let rust = ident(&flat.rust_name);
        quote! {
            match rt::serde_json::to_value(&self.#rust) {
                Ok(rt::serde_json::Value::Object(members)) => {
                    for (key, value) in &members {
                        form.value(key, value);
                    }
                }
                Ok(value) => form.value(stringify!(#rust), &value),
                Err(err) => return Err(rt::RequestError::Serialize { what: "multipart body", message: err.to_string() }),
            }
        }
    });
    let extra = s.additional.as_ref().map(|additional| {
        let rust = ident(&additional.rust_name);
        if additional.value == Ty::Any {
            quote!(for (key, value) in &self.#rust { form.value(key, value); })
        } else if crate::model::is_scalar(&api.types, &additional.value) {
            quote!(for (key, value) in &self.#rust { form.text(key, value); })
        } else {
            quote!(for (key, value) in &self.#rust { form.json(key, value)?; })
        }
    });
    quote! {
        impl rt::multipart::ToMultipart for #name {
            fn to_multipart(&self) -> Result<rt::multipart::Form, rt::RequestError> {
                let mut form = rt::multipart::Form::new();
                #(#parts)*
                #(#flattened)*
                #extra
                Ok(form)
            }
        }
    }
}
