//! Emits `src/types.rs`: one item per named type, plus each operation's parameter struct,
//! response enum and error enum.

use super::docs::{doc_attrs, doc_attrs_opt, trusted_doc_attrs};
use super::traits::{traits, Trait};
use crate::model::{
    AliasType, Api, DefaultValue, EnumType, Field, FieldRepr, MediaKind, Operation, Param,
    ParamLocation, StructType, Tagging, Ty, TypeDef, TypeKind, UnionType,
};
use crate::naming::{self, ident, Scope};
use crate::rust_type::{field_type, ty_tokens, TyPath};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use std::collections::BTreeSet;

/// The whole `types.rs` body.
pub fn types_file(api: &Api) -> TokenStream {
    let mut defaults = Defaults::default();
    let items = api
        .types
        .defs
        .iter()
        .map(|def| type_def(api, def, &mut defaults))
        .collect::<Vec<_>>();
    let operation_items = api
        .operations
        .iter()
        .map(|op| operation_types(api, op))
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
    quote! {
        //! Types for every schema in the spec, and each operation's parameters, responses and errors.
        #[allow(unused_imports)]
        use ::clientgen_runtime as rt;
        #(#items)*
        #(#operation_items)*
        #defaults_module
    }
}

/// The functions of the `defaults` module, and the names they have taken.
#[derive(Default)]
struct Defaults {
    names: Scope,
    functions: Vec<TokenStream>,
}

fn serde_crate() -> TokenStream {
    quote!(#[serde(crate = "::clientgen_runtime::serde")])
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
    let mut manual_default = Vec::new();
    let fields = s.fields.iter().map(|field| {
        let rust = ident(&field.rust_name);
        let ty = field_type(api, field, TyPath::Types);
        let mut attrs = Vec::new();
        if field.rust_name != field.wire_name {
            let wire = &field.wire_name;
            attrs.push(quote!(rename = #wire));
        }
        let repr = field.repr();
        match repr {
            FieldRepr::Plain => {}
            FieldRepr::Defaulted => {
                let function = defaults
                    .names
                    .claim(&naming::default_function_name(&def.name, &field.rust_name));
                let function_ident = ident(&function);
                let path = format!("defaults::{function}");
                attrs.push(quote!(default = #path));
                let value = default_expr(api, field);
                defaults.functions.push(quote! {
                    pub(super) fn #function_ident() -> #ty { #value }
                });
                manual_default.push((rust.clone(), quote!(defaults::#function_ident())));
            }
            FieldRepr::Nullable => attrs.push(quote!(default)),
            FieldRepr::ReadOnly => attrs.push(quote!(default, skip_serializing)),
            FieldRepr::Optional | FieldRepr::WriteOnly => {
                attrs.push(quote!(default, skip_serializing_if = "Option::is_none"))
            }
            FieldRepr::NullableOptional => {
                attrs.push(quote!(default, skip_serializing_if = "Option::is_none"))
            }
        }
        match (field.lenient, repr) {
            (true, FieldRepr::NullableOptional) => attrs.push(quote!(
                deserialize_with = "::clientgen_runtime::lenient::deserialize_nullable"
            )),
            (true, _) => attrs.push(quote!(
                deserialize_with = "::clientgen_runtime::lenient::deserialize"
            )),
            (false, FieldRepr::NullableOptional) => attrs.push(quote!(
                deserialize_with = "::clientgen_runtime::nullable::deserialize"
            )),
            // An optional value of any JSON keeps a `null` it was sent (`Some(Value::Null)`),
            // told apart from an absent field (`None`).
            (false, FieldRepr::Optional | FieldRepr::ReadOnly) if field.ty == Ty::Any => attrs
                .push(quote!(
                    deserialize_with = "::clientgen_runtime::nullable::deserialize_any"
                )),
            (false, _) => {}
        }
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
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default_derive rt::serde::Serialize, rt::serde::Deserialize)]
        #serde
        pub struct #name {
            #(#fields)*
            #(#flattened)*
            #additional
        }
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
    if field.repr() == FieldRepr::NullableOptional {
        notes.push("`None`: absent; `Some(None)`: `null`.".to_string());
    }
    if !notes.is_empty() {
        if !doc.is_empty() {
            doc.push_str("\n\n");
        }
        doc.push_str(&notes.join(" "));
    }
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
                    TypeKind::Enum(e) => {
                        let variant = ident(&e.variants[*i].rust_name);
                        quote!(super::#name::#variant)
                    }
                    _ => quote!(::std::default::Default::default()),
                }
            }
            _ => quote!(::std::default::Default::default()),
        },
        None => quote!(::std::default::Default::default()),
    }
}

fn enum_item(
    name: &proc_macro2::Ident,
    e: &EnumType,
    doc: TokenStream,
    traits: &BTreeSet<Trait>,
) -> TokenStream {
    let serde = serde_crate();
    let unknown = ident(&e.unknown_variant);
    let variants = e.variants.iter().map(|v| {
        let rust = ident(&v.rust_name);
        let wire = &v.wire_name;
        let default_marker = if traits.contains(&Trait::Default) {
            quote!(#[default])
        } else {
            TokenStream::new()
        };
        let shown = if wire.is_empty() {
            "The empty string".to_string()
        } else {
            format!("`{wire}`")
        };
        let doc = match &v.doc {
            Some(d) => doc_attrs(&format!("{shown}: {d}")),
            None => doc_attrs(&shown),
        };
        quote! {
            #doc
            #default_marker
            #[serde(rename = #wire)]
            #rust,
        }
    });
    let as_str_arms = e.variants.iter().map(|v| {
        let rust = ident(&v.rust_name);
        let wire = &v.wire_name;
        quote!(Self::#rust => #wire,)
    });
    let from_arms = e.variants.iter().map(|v| {
        let rust = ident(&v.rust_name);
        let wire = &v.wire_name;
        quote!(#wire => Self::#rust,)
    });
    // A single-value (`const`-like) enum defaults to its only value.
    let default_derive = if traits.contains(&Trait::Default) {
        quote!(Default,)
    } else {
        TokenStream::new()
    };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, #default_derive rt::serde::Serialize, rt::serde::Deserialize)]
        #serde
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the client does not know; the API may add values at any time.
            #[serde(untagged)]
            #unknown(String),
        }
        impl #name {
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str_arms)*
                    Self::#unknown(value) => value.as_str(),
                }
            }
        }
        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_arms)*
                    other => Self::#unknown(other.to_owned()),
                }
            }
        }
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl rt::ToParam for #name {
            fn to_param(&self) -> String {
                self.as_str().to_owned()
            }
        }
    }
}

fn union_item(
    api: &Api,
    name: &proc_macro2::Ident,
    u: &UnionType,
    doc: TokenStream,
    traits: &BTreeSet<Trait>,
) -> TokenStream {
    let serde = serde_crate();
    let variants = u.variants.iter().map(|v| {
        let rust = ident(&v.rust_name);
        let ty = ty_tokens(api, &v.ty, TyPath::Types, v.boxed);
        let doc = match (&v.doc, &u.tagging, v.tags.is_empty()) {
            (_, Tagging::Tagged { .. }, true) => {
                doc_attrs("A value whose tag this version of the client does not know.")
            }
            (Some(d), _, _) => doc_attrs(d),
            (None, _, _) => TokenStream::new(),
        };
        quote! {
            #doc
            #rust(#ty),
        }
    });
    match &u.tagging {
        Tagging::Untagged => {
            // A union of text-like values is a parameter value: each alternative writes its own text.
            let to_param = if traits.contains(&Trait::ToParam) {
                let arms = u.variants.iter().map(|v| {
                    let rust = ident(&v.rust_name);
                    quote!(Self::#rust(value) => rt::ToParam::to_param(value),)
                });
                quote! {
                    impl rt::ToParam for #name {
                        fn to_param(&self) -> String {
                            match self {
                                #(#arms)*
                            }
                        }
                    }
                }
            } else {
                TokenStream::new()
            };
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, rt::serde::Serialize, rt::serde::Deserialize)]
                #serde
                #[serde(untagged)]
                #[non_exhaustive]
                pub enum #name {
                    #(#variants)*
                }
                #to_param
            }
        }
        Tagging::Tagged { property } => {
            let serialize_arms = u.variants.iter().map(|v| {
                let rust = ident(&v.rust_name);
                match v.tags.first() {
                    Some(tag) => quote!(Self::#rust(value) => rt::union::serialize_tagged(serializer, #property, #tag, value),),
                    None => quote!(Self::#rust(value) => rt::serde::Serialize::serialize(value, serializer),),
                }
            });
            let catch_all = u
                .variants
                .iter()
                .find(|v| v.tags.is_empty())
                .map(|v| ident(&v.rust_name));
            let deserialize_arms = u.variants.iter().filter(|v| !v.tags.is_empty()).map(|v| {
                let rust = ident(&v.rust_name);
                let tags = v.tags.iter().map(|t| quote!(Some(#t)));
                let build = if v.boxed {
                    quote!(|value| Self::#rust(Box::new(value)))
                } else {
                    quote!(Self::#rust)
                };
                quote!(#(#tags)|* => rt::union::from_value(value).map(#build),)
            });
            let fallback = match catch_all {
                Some(catch_all) => quote!(_ => Ok(Self::#catch_all(value)),),
                None => {
                    quote!(_ => Err(<D::Error as rt::serde::de::Error>::custom("unknown tag")),)
                }
            };
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq)]
                #[non_exhaustive]
                pub enum #name {
                    #(#variants)*
                }
                impl rt::serde::Serialize for #name {
                    fn serialize<S: rt::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                        match self {
                            #(#serialize_arms)*
                        }
                    }
                }
                impl<'de> rt::serde::Deserialize<'de> for #name {
                    fn deserialize<D: rt::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        let value = <rt::serde_json::Value as rt::serde::Deserialize>::deserialize(deserializer)?;
                        match rt::union::tag(&value, #property) {
                            #(#deserialize_arms)*
                            #fallback
                        }
                    }
                }
            }
        }
    }
}

fn is_scalar(api: &Api, ty: &Ty) -> bool {
    crate::model::is_scalar(&api.types, ty)
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
                Ty::Array(item) if is_scalar(api, item) => {
                    quote!(for item in #value { form.text(#wire, item); })
                }
                ty if is_scalar(api, ty) => quote!(form.text(#wire, #value);),
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
        } else if is_scalar(api, &additional.value) {
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

/// The parameter struct, response enum and error enum of one operation.
fn operation_types(api: &Api, op: &Operation) -> TokenStream {
    let method_link = format!(
        "[`Client::{}`](crate::Client::{})",
        op.rust_name, op.rust_name
    );
    let mut out = TokenStream::new();
    // Operations generated once per media type share their types; emit them with the first.
    let first = api
        .operations
        .iter()
        .find(|o| o.error_type == op.error_type)
        .map(|o| o.rust_name == op.rust_name)
        .unwrap_or(true);
    if !first {
        return out;
    }
    if let Some(params_type) = &op.params_type {
        out.extend(params_struct(api, op, params_type, &method_link));
    }
    if let Some(response_type) = &op.response_type {
        let name = ident(response_type);
        let doc = trusted_doc_attrs(&format!("The success responses of {method_link}."));
        let variants = op
            .responses
            .iter()
            .filter(|r| r.success)
            .map(|r| response_variant(api, r));
        out.extend(quote! {
            #doc
            #[derive(Debug, Clone, PartialEq)]
            #[non_exhaustive]
            pub enum #name {
                #(#variants)*
            }
        });
    }
    let name = ident(&op.error_type);
    let has_default = op
        .responses
        .iter()
        .any(|r| r.status == crate::model::StatusKey::Default);
    let rest = if has_default {
        "Statuses without their own variant arrive as `Default`."
    } else {
        "Statuses the spec does not document arrive as `Error::UnexpectedStatus` instead."
    };
    let doc = trusted_doc_attrs(&format!(
        "The documented error responses of {method_link}.\n\n{rest}"
    ));
    let default_success = op
        .responses
        .iter()
        .any(|r| r.success && r.status == crate::model::StatusKey::Default);
    let variants = op
        .responses
        .iter()
        .filter(|r| !r.success || (default_success && r.status == crate::model::StatusKey::Default))
        .map(|r| response_variant(api, r));
    out.extend(quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }
    });
    out
}

fn response_variant(api: &Api, response: &crate::model::Response) -> TokenStream {
    let variant = ident(&response.variant);
    let status = match response.status {
        crate::model::StatusKey::Code(code) => code.to_string(),
        crate::model::StatusKey::Range(r) => format!("{r}XX"),
        crate::model::StatusKey::Default => "default".to_string(),
    };
    let doc = doc_attrs(&match &response.doc {
        Some(d) => format!("{status}: {d}"),
        None => status,
    });
    match &response.body {
        None => quote!(#doc #variant,),
        Some(body) => {
            let ty = match &body.media {
                MediaKind::Json(_) | MediaKind::Form | MediaKind::Multipart => {
                    ty_tokens(api, &body.ty, TyPath::Types, false)
                }
                MediaKind::Text(_) => quote!(String),
                MediaKind::Bytes(_) => quote!(rt::Bytes),
            };
            quote!(#doc #variant(#ty),)
        }
    }
}

fn params_struct(api: &Api, op: &Operation, params_type: &str, method_link: &str) -> TokenStream {
    let name = ident(params_type);
    let doc = trusted_doc_attrs(&format!(
        "Query, header and cookie parameters of {method_link}."
    ));
    let params: Vec<&Param> = op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .collect();
    let derive_default = params.iter().all(|p| !p.required);
    let fields = params.iter().map(|p| {
        let rust = ident(&p.rust_name);
        let (inner, _) = p.ty.strip_nullable();
        let ty = ty_tokens(api, inner, TyPath::Types, false);
        let ty = if p.required { ty } else { quote!(Option<#ty>) };
        let place = match p.location {
            ParamLocation::Query => "query parameter",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
            ParamLocation::Path => "path parameter",
        };
        let mut text = format!(
            "`{}` ({place}{}).",
            p.wire_name,
            if p.required { ", required" } else { "" }
        );
        if let Some(d) = &p.doc {
            text = format!("{d}\n\n{text}");
        }
        if p.deprecated {
            text.push_str(" Deprecated.");
        }
        let doc = doc_attrs(&text);
        quote! {
            #doc
            pub #rust: #ty,
        }
    });
    let default = if derive_default {
        quote!(Default,)
    } else {
        TokenStream::new()
    };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default)]
        pub struct #name {
            #(#fields)*
        }
    }
}
