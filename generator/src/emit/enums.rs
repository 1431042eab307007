//! Emits the enums of `src/types.rs`: open string enums (with a catch-all for unknown values)
//! and unions, tagged or untagged.

use super::docs::doc_attrs;
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
            let alternatives = u.variants.iter().map(|v| {
                let rust = ident(&v.rust_name);
                let ty = ty_tokens(api, &v.ty, TyPath::Types, v.boxed);
                quote!(#rust(#ty),)
            });
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq)]
                #[non_exhaustive]
                pub enum #name {
                    #(#variants)*
                }
                rt::untagged_union! {
                    #name;
                    #(#alternatives)*
                }
                #to_param
            }
        }
        Tagging::Tagged { property } => {
            // The first variant without a tag is the catch-all; any other is written as it is.
            let catch_all = u.variants.iter().position(|v| v.tags.is_empty());
            let (mut tagged, mut untagged) = (Vec::new(), Vec::new());
            for (index, v) in u.variants.iter().enumerate() {
                let rust = ident(&v.rust_name);
                if catch_all == Some(index) {
                    continue;
                }
                if v.tags.is_empty() {
                    untagged.push(quote!(untagged #rust;));
                    continue;
                }
                let tags = &v.tags;
                let boxed = if v.boxed {
                    quote!((boxed))
                } else {
                    TokenStream::new()
                };
                tagged.push(quote!(#(#tags)|* => #rust #boxed;));
            }
            let catch_all = catch_all.and_then(|index| u.variants.get(index)).map(|v| {
                let rust = ident(&v.rust_name);
                quote!(else #rust;)
            });
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq)]
                #[non_exhaustive]
                pub enum #name {
                    #(#variants)*
                }
                rt::tagged_union! {
                    #name, #property;
                    #(#tagged)*
                    #(#untagged)*
                    #catch_all
                }
            }
        }
    }
}
