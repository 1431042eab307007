//! Emits `tests/conformance.rs`: every operation called with realistic arguments against Prism,
//! which validates each request against the spec; then, for each documented status, the answer
//! Prism gives (`Prefer: code=NNN`) must decode into the documented type or error variant.

use crate::model::{Api, MediaKind, Operation, ParamLocation, SchemeKind, StatusKey, Ty};
use crate::naming::ident;
use crate::rust_type::{ty_tokens, TyPath};
use proc_macro2::TokenStream;
use quote::quote;

/// The test file.
///
/// With feature groups it is compiled only with `full`, since it calls every operation.
pub fn conformance_file(api: &Api, crate_ident: &str, grouped: bool) -> TokenStream {
    let only_full = if grouped {
        quote!(#![cfg(feature = "full")])
    } else {
        TokenStream::new()
    };
    let krate = ident(crate_ident);
    let credentials = api.security_schemes.iter().map(|scheme| {
        let method = ident(&scheme.rust_name);
        match scheme.kind {
            SchemeKind::Basic => quote!(.#method("conformance-user", "conformance-password")),
            _ => quote!(.#method("conformance-secret")),
        }
    });
    let calls = api.operations.iter().map(|op| operation_checks(api, op));
    quote! {
        //! Every operation against Prism, a mock server that validates each request against the
        //! spec: no request may violate it, and every documented response must decode.
        #only_full
        #![allow(unused_imports, clippy::too_many_lines)]
        use ::clientgen_runtime as rt;
        use ::clientgen_testkit::{Prism, Report};
        use #krate::{types, Client, Credentials, Environment};

        /// Decodes a sample argument (the spec's example, or a value built from its schema).
        fn sample<T: rt::serde::de::DeserializeOwned>(json: &str) -> T {
            rt::serde_json::from_str(json).unwrap_or_else(|err| panic!("the sample {json} does not decode: {err}"))
        }

        /// A client for the mock server; `prefer` asks Prism for a documented response
        /// (`code=404`), generated from its schema when the spec has no example (`dynamic=true`).
        fn client(prism: &Prism, prefer: &str) -> Client {
            let credentials = Credentials::new()
                #(#credentials.expect("a valid credential"))*;
            let mut builder = Client::builder(Environment::default(), credentials)
                .base_url(prism.base_url())
                .retry_policy(rt::RetryPolicy::none());
            if !prefer.is_empty() {
                builder = builder.default_header("Prefer", prefer);
            }
            builder.build().expect("a client for the mock server")
        }

        #[::clientgen_testkit::tokio::test(crate = "::clientgen_testkit::tokio")]
        async fn every_operation_conforms_to_the_spec() {
            let prism = Prism::start(concat!(env!("CARGO_MANIFEST_DIR"), "/openapi.json"));
            let mut report = Report::new();
            #(#calls)*
            report.finish();
        }
    }
}

/// The statuses to ask Prism for: each documented code, a range's first code, and for
/// `default` a status no other response claims.
fn statuses(op: &Operation) -> Vec<(u16, &crate::model::Response)> {
    let documented: Vec<u16> = op
        .responses
        .iter()
        .filter_map(|r| match r.status {
            StatusKey::Code(code) => Some(code),
            _ => None,
        })
        .collect();
    let mut out = Vec::new();
    for response in op.responses.iter().filter(|r| !r.implied) {
        let code = match response.status {
            StatusKey::Code(code) => code,
            StatusKey::Range(r) => (r as u16) * 100,
            StatusKey::Default if response.success => continue,
            StatusKey::Default => [500u16, 400, 422, 503]
                .into_iter()
                .find(|c| !documented.contains(c))
                .unwrap_or(599),
        };
        if matches!(response.status, StatusKey::Range(_)) && documented.contains(&code) {
            continue;
        }
        out.push((code, response));
    }
    out
}

fn operation_checks(api: &Api, op: &Operation) -> TokenStream {
    let method = ident(&op.rust_name);
    let name = &op.rust_name;
    let mut setup = Vec::new();
    let mut args = Vec::new();
    for param in op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Path)
    {
        let var = ident(&format!("path_{}", param.rust_name.trim_end_matches('_')));
        let json = sample_json(&param.sample);
        let (ty, _) = param.ty.strip_nullable();
        let owned = ty_tokens(api, ty, TyPath::Client, false);
        setup.push(quote!(let #var: #owned = sample(#json);));
        args.push(match ty {
            Ty::Bool
            | Ty::Int(_)
            | Ty::Float(_)
            | Ty::Uuid
            | Ty::Date
            | Ty::DateTime
            | Ty::Timestamp => quote!(#var),
            _ => quote!(&#var),
        });
    }
    if let Some(params_type) = &op.params_type {
        let params_name = ident(params_type);
        let fields = op
            .params
            .iter()
            .filter(|p| p.location != ParamLocation::Path)
            .map(|p| {
                let field = ident(&p.rust_name);
                let json = sample_json(&p.sample);
                if p.required {
                    quote!(#field: sample(#json),)
                } else {
                    quote!(#field: Some(sample(#json)),)
                }
            });
        setup.push(quote!(let params = types::#params_name { #(#fields)* };));
        args.push(quote!(&params));
    }
    if let Some(body) = &op.body {
        let json = sample_json(&body.sample);
        match &body.media {
            MediaKind::Text(_) => {
                setup.push(quote!(let body: String = sample(#json);));
                args.push(if body.required {
                    quote!(&body)
                } else {
                    quote!(Some(&body))
                });
            }
            MediaKind::Bytes(_) => {
                setup.push(quote!(let body = rt::Bytes::from(sample::<String>(#json));));
                args.push(quote!(body.clone()));
            }
            _ => {
                let ty = ty_tokens(api, &body.ty, TyPath::Client, false);
                setup.push(quote!(let body: #ty = sample(#json);));
                args.push(if body.required {
                    quote!(&body)
                } else {
                    quote!(Some(&body))
                });
            }
        }
    }
    let error_type = ident(&op.error_type);
    let checks = statuses(op).into_iter().map(|(code, response)| {
        let prefer = prefer(Some(code), response);
        if response.success {
            let code = proc_macro2::Literal::u16_unsuffixed(code);
            quote!(report.success_status(#name, Some(#code), client(&prism, #prefer).#method(#(#args),*).await);)
        } else {
            let variant = ident(&response.variant);
            let pattern = if response.body.is_some() { quote!(types::#error_type::#variant(..)) } else { quote!(types::#error_type::#variant) };
            let code = proc_macro2::Literal::u16_unsuffixed(code);
            quote!(report.error(#name, #code, client(&prism, #prefer).#method(#(#args),*).await, |error| matches!(error, #pattern));)
        }
    });
    // Without `Prefer`, Prism answers with the first documented success; an operation that
    // documents none (only a redirect, say) is checked through its documented statuses alone.
    let plain = op
        .responses
        .iter()
        .find(|r| r.success && !r.implied)
        .map(|response| {
            let prefer = prefer(None, response);
            quote!(report.success(#name, client(&prism, #prefer).#method(#(#args),*).await);)
        });
    quote! {
        {
            #(#setup)*
            #plain
            #(#checks)*
        }
    }
}

/// The `Prefer` header for a response: its status, and dynamic generation when the spec gives
/// no example to serve (static generation ignores patterns, so it can break the spec).
fn prefer(code: Option<u16>, response: &crate::model::Response) -> String {
    let dynamic = response
        .body
        .as_ref()
        .is_some_and(|b| b.examples.is_empty() && matches!(b.media, MediaKind::Json(_)));
    let mut parts = Vec::new();
    if let Some(code) = code {
        parts.push(format!("code={code}"));
    }
    if dynamic {
        parts.push("dynamic=true".to_string());
    }
    parts.join(", ")
}

fn sample_json(value: &serde_json::Value) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".into())
}
