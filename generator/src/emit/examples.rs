//! Emits `tests/examples.rs`: one test per example in the spec, decoding it into the generated
//! type the way the client decodes a response (JSON value first, then the envelope member).

use crate::model::{Api, MediaKind, Ty};
use crate::naming::{self, ident};
use crate::rust_type::{ty_tokens, TyPath};
use proc_macro2::TokenStream;
use quote::quote;

/// The test file, or `None` when the spec has no JSON examples. With feature groups it is
/// compiled only with `full`, since its types may belong to any group.
pub fn examples_file(api: &Api, crate_ident: &str, grouped: bool) -> Option<TokenStream> {
    let only_full = if grouped {
        quote!(#![cfg(feature = "full")])
    } else {
        TokenStream::new()
    };
    let mut tests = Vec::new();
    let mut seen_bodies = Vec::new();
    for op in &api.operations {
        if let Some(body) = &op.body {
            if matches!(
                body.media,
                MediaKind::Json(_) | MediaKind::Form | MediaKind::Multipart
            ) && !seen_bodies.contains(&body.origin)
            {
                seen_bodies.push(body.origin.clone());
                for (i, example) in body.examples.iter().enumerate() {
                    let name = ident(&naming::example_test_name(&op.rust_name, "request", i + 1));
                    tests.push(test(api, &name, &body.ty, None, example));
                }
            }
        }
        // Operations generated once per media type share their responses; test them once.
        if api
            .operations
            .iter()
            .find(|o| o.error_type == op.error_type)
            .map(|o| o.rust_name != op.rust_name)
            .unwrap_or(false)
        {
            continue;
        }
        for response in &op.responses {
            let Some(body) = &response.body else { continue };
            if !matches!(body.media, MediaKind::Json(_)) {
                continue;
            }
            for (i, example) in body.examples.iter().enumerate() {
                let name = ident(&naming::example_test_name(
                    &op.rust_name,
                    &response.variant,
                    i + 1,
                ));
                tests.push(test(
                    api,
                    &name,
                    &body.ty,
                    body.envelope.as_deref(),
                    example,
                ));
            }
        }
    }
    if tests.is_empty() {
        return None;
    }
    let krate = ident(crate_ident);
    Some(quote! {
        //! Every example in the spec decodes into the generated type, as the client decodes it.
        #only_full
        #![allow(unused_imports)]
        use ::clientgen_runtime as rt;
        use #krate::types;

        /// Decodes `json` as the client decodes a response body (see `decode_json`).
        fn decode<T: rt::serde::de::DeserializeOwned>(json: &str, envelope: Option<&str>) -> T {
            rt::decode_json(json.as_bytes(), envelope)
                .unwrap_or_else(|(path, message)| panic!("the example does not decode at `{path}`: {message}"))
        }

        #(#tests)*
    })
}

fn test(
    api: &Api,
    name: &proc_macro2::Ident,
    ty: &Ty,
    envelope: Option<&str>,
    example: &serde_json::Value,
) -> TokenStream {
    let ty = ty_tokens(api, ty, TyPath::Client, false);
    let json = serde_json::to_string_pretty(example).unwrap_or_default();
    let envelope = match envelope {
        Some(field) => quote!(Some(#field)),
        None => quote!(None),
    };
    quote! {
        #[test]
        fn #name() {
            let _decoded: #ty = decode(#json, #envelope);
        }
    }
}
