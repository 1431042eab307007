//! Emits the enums of `src/types.rs`: open string enums (with a catch-all for unknown values)
//! and unions, tagged or untagged.

use super::docs::doc_attrs;
use super::serde_crate;
use super::traits::Trait;
use crate::model::{Api, EnumType, Tagging, UnionType};
use crate::naming::ident;
use crate::rust_type::{ty_tokens, TyPath};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

pub(super) fn enum_item(
    name: &proc_macro2::Ident,
    e: &EnumType,
    doc: TokenStream,
    traits: &BTreeSet<Trait>,
) -> TokenStream {
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
            #rust,
        }
    });
    let known = e.variants.iter().map(|v| {
        let rust = ident(&v.rust_name);
        let wire = &v.wire_name;
        quote!(#rust = #wire,)
    });
    // A single-value (`const`-like) enum defaults to its only value.
    let default_derive = if traits.contains(&Trait::Default) {
        quote!(Default,)
    } else {
        TokenStream::new()
    };
    // `as_str`, `From<&str>`, `Display`, `ToParam` and the serde impls come from the runtime's
    // `string_enum!`: written out, they were most of an enum's lines, and a derived
    // `Deserialize` would buffer each value to try the catch-all.
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, #default_derive)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the client does not know; the API may add values at any time.
            #unknown(String),
        }
        rt::string_enum! {
            #name, #unknown {
                #(#known)*
            }
        }
    }
}

pub(super) fn union_item(
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
            // Read through a `serde_json::Value` rather than derived: see `rt::union`.
            let attempts = u.variants.iter().map(|v| {
                let rust = ident(&v.rust_name);
                let ty = ty_tokens(api, &v.ty, TyPath::Types, v.boxed);
                quote! {
                    if let Some(value) = rt::union::variant::<#ty>(&value) {
                        return Ok(Self::#rust(value));
                    }
                }
            });
            let union_name = name.to_string();
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, rt::serde::Serialize)]
                #serde
                #[serde(untagged)]
                #[non_exhaustive]
                pub enum #name {
                    #(#variants)*
                }
                impl<'de> rt::serde::Deserialize<'de> for #name {
                    fn deserialize<__D>(deserializer: __D) -> Result<Self, __D::Error>
                    where
                        __D: rt::serde::Deserializer<'de>,
                    {
                        let value = <rt::serde_json::Value as rt::serde::Deserialize>::deserialize(deserializer)?;
                        #(#attempts)*
                        Err(rt::union::no_variant::<__D::Error>(#union_name))
                    }
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
