//! Emits each operation's types into `src/types.rs`: its parameter struct and its response and
//! error enums, one variant per documented status.

use super::builders::{builder_impl, param_members};
use super::docs::{assumptions_paragraph, doc_attrs, trusted_doc_attrs};
use super::statuses::error_responses_impl;
use crate::model::{Api, MediaKind, Operation, Param, ParamLocation};
use crate::naming::ident;
use crate::rust_type::{ty_tokens, TyPath};
use proc_macro2::TokenStream;
use quote::quote;

/// The parameter struct, response enum and error enum of one operation.
pub(super) fn operation_types(api: &Api, op: &Operation) -> TokenStream {
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
    match &op.shared_error {
        Some(shared) => {
            let doc = trusted_doc_attrs(&format!(
                "The documented error responses of {method_link}. Other operations document \
                 the same ones, so this names the enum they share, [`{shared}`]."
            ));
            let shared = ident(shared);
            out.extend(quote! {
                #doc
                pub type #name = #shared;
            });
        }
        None => {
            let doc = trusted_doc_attrs(&format!(
                "The documented error responses of {method_link}.\n\n{}",
                undocumented_statuses(op)
            ));
            out.extend(error_enum(api, op, &name, doc));
        }
    }
    out
}

/// The enum that operations sharing `op`'s error responses name through their aliases.
pub(super) fn shared_error_enum(
    api: &Api,
    op: &Operation,
    shared: &str,
    users: usize,
) -> TokenStream {
    // No links: the operations may be compiled out by their feature groups while this enum,
    // used by other groups too, is not.
    let doc = trusted_doc_attrs(&format!(
        "The documented error responses of {users} operations, `Client::{}` the first; each \
         names this enum by an alias of its own, such as `{}`.\n\n{}",
        op.rust_name,
        op.error_type,
        undocumented_statuses(op)
    ));
    error_enum(api, op, &ident(shared), doc)
}

/// What becomes of statuses that have no variant.
fn undocumented_statuses(op: &Operation) -> &'static str {
    if op.has_default_response() {
        "Statuses without their own variant arrive as `Default`."
    } else {
        "Statuses the spec does not document arrive as `Error::UnexpectedStatus` instead."
    }
}

fn error_enum(
    api: &Api,
    op: &Operation,
    name: &proc_macro2::Ident,
    doc: TokenStream,
) -> TokenStream {
    let variants = op.error_responses().map(|r| response_variant(api, r));
    let decode = error_responses_impl(op, name);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }
        #decode
    }
}

pub(super) fn response_variant(api: &Api, response: &crate::model::Response) -> TokenStream {
    let variant = ident(&response.variant);
    let status = response.status.spec_key();
    let doc = doc_attrs(&format!(
        "{}{}",
        match &response.doc {
            Some(d) => format!("{status}: {d}"),
            None => status,
        },
        assumptions_paragraph(&response.assumptions)
    ));
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

pub(super) fn params_struct(
    api: &Api,
    op: &Operation,
    params_type: &str,
    method_link: &str,
) -> TokenStream {
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
    let members = param_members(&op.params);
    let builder = builder_impl(
        api,
        &name,
        &members,
        &|_| quote!(::std::option::Option::None),
        &[],
        derive_default,
    );
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default)]
        pub struct #name {
            #(#fields)*
        }
        #builder
    }
}
