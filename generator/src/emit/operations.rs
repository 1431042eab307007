//! Emits the `Client` method of each operation: its signature, the request it builds (path,
//! query, headers, body) and how each response status is decoded.

use super::docs::{assumptions_paragraph, doc_attrs, trusted_doc_attrs};
use super::statuses::method_arms;
use super::validation::Validation;
use crate::model::{
    is_object, is_scalar, is_scalar_array, Api, MediaKind, Operation, Param, ParamLocation,
    ParamStyle, PathSegment, StatusKey, Ty,
};
use crate::naming::ident;
use crate::rust_type::{by_value, ty_tokens, TyPath};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The success type of an operation.
pub fn success_type(api: &Api, op: &Operation) -> TokenStream {
    if let Some(response_type) = &op.response_type {
        let name = ident(response_type);
        return quote!(types::#name);
    }
    match op
        .responses
        .iter()
        .find(|r| r.success)
        .and_then(|r| r.body.as_ref())
    {
        None => quote!(()),
        Some(body) => match &body.media {
            MediaKind::Text(_) => quote!(String),
            MediaKind::Bytes(_) => quote!(rt::Bytes),
            _ => ty_tokens(api, &body.ty, TyPath::Client, false),
        },
    }
}

/// The `Client` method of `op`, the operation at `index` in `api.operations`.
pub(super) fn operation_method(
    api: &Api,
    index: usize,
    op: &Operation,
    validation: &Validation,
) -> TokenStream {
    let method = ident(&op.rust_name);
    let mut args = Vec::new();
    for param in op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Path)
    {
        let rust = ident(&param.rust_name);
        let (ty, _) = param.ty.strip_nullable();
        let arg_ty = match ty {
            Ty::String => quote!(&str),
            Ty::Array(item) => {
                let item = ty_tokens(api, item, TyPath::Client, false);
                quote!(&[#item])
            }
            ty if by_value(ty) => ty_tokens(api, ty, TyPath::Client, false),
            ty => {
                let ty = ty_tokens(api, ty, TyPath::Client, false);
                quote!(&#ty)
            }
        };
        args.push(quote!(#rust: #arg_ty));
    }
    if let Some(params_type) = &op.params_type {
        let name = ident(params_type);
        args.push(quote!(params: &types::#name));
    }
    if let Some(body) = &op.body {
        let ty = match &body.media {
            MediaKind::Text(_) => quote!(&str),
            MediaKind::Bytes(_) => quote!(rt::Bytes),
            _ => {
                let ty = ty_tokens(api, &body.ty, TyPath::Client, false);
                quote!(&#ty)
            }
        };
        if body.required || matches!(body.media, MediaKind::Bytes(_)) {
            args.push(quote!(body: #ty));
        } else {
            args.push(quote!(body: Option<#ty>));
        }
    }
    let success = success_type(api, op);
    let error = ident(&op.error_type);
    // The spec's prose is sanitized; the sentences made here from names and statuses are not
    // (they are known to be valid rustdoc, and sanitizing them costs a tenth of emission).
    let doc = doc_attrs(&method_doc(op));
    let facts = trusted_doc_attrs(&method_facts(op));
    let statics = operation_static(api, op);
    let path = op.segments.iter().map(|segment| match segment {
        PathSegment::Literal(text) => quote!(.path(#text)),
        PathSegment::Param(i) => {
            // `check` has made sure every segment names one of the operation's parameters.
            let Some(param) = op.params.get(*i) else {
                return TokenStream::new();
            };
            let wire = &param.wire_name;
            let rust = ident(&param.rust_name);
            match param.ty.strip_nullable().0 {
                Ty::Array(_) => quote!(.path_param(#wire, &#rust.iter().map(rt::ToParam::to_param).collect::<Vec<_>>().join(","))),
                ty if by_value(ty) => quote!(.path_param(#wire, &#rust)),
                _ => quote!(.path_param(#wire, #rust)),
            }
        }
    });
    let params = op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path && p.location != ParamLocation::Cookie)
        .map(|p| param_call(api, p));
    let cookies: Vec<&Param> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Cookie)
        .collect();
    let cookie_code = if cookies.is_empty() {
        TokenStream::new()
    } else {
        let pushes = cookies.iter().map(|p| {
            let rust = ident(&p.rust_name);
            let wire = &p.wire_name;
            // A list is one comma-separated cookie value (`form` style without explode).
            let text = |value: TokenStream| {
                if is_scalar_array(&api.types, p.ty.strip_nullable().0) {
                    quote!(#value.iter().map(rt::ToParam::to_param).collect::<Vec<_>>().join(","))
                } else {
                    quote!(rt::ToParam::to_param(#value))
                }
            };
            if p.required {
                let value = text(quote!((&params.#rust)));
                quote!(cookies.push(format!("{}={}", #wire, #value));)
            } else {
                let value = text(quote!(value));
                quote!(if let Some(value) = &params.#rust { cookies.push(format!("{}={}", #wire, #value)); })
            }
        });
        quote! {
            let mut cookies: Vec<String> = Vec::new();
            #(#pushes)*
            if !cookies.is_empty() {
                request = request.header("Cookie", &cookies.join("; "));
            }
        }
    };
    let body = op.body.as_ref().map(|body| {
        let call = match &body.media {
            MediaKind::Json(content_type) => quote!(request.json(#content_type, body)),
            MediaKind::Form if body.deep_objects.is_empty() => quote!(request.form(body)),
            MediaKind::Form => {
                let deep = &body.deep_objects;
                quote!(request.form_with_deep_objects(body, &[#(#deep),*]))
            }
            MediaKind::Multipart => match body.ty.strip_nullable().0 {
                ty if is_object(&api.types, ty) => quote!(request.multipart(body)),
                // Not an object of parts: a file (or files) named `file`, anything else one JSON part.
                Ty::Binary => quote!({
                    let mut form = rt::multipart::Form::new();
                    form.file("file", body);
                    request.multipart(&form)
                }),
                Ty::Array(item) if **item == Ty::Binary => quote!({
                    let mut form = rt::multipart::Form::new();
                    for file in body {
                        form.file("file", file);
                    }
                    request.multipart(&form)
                }),
                _ => quote!(request.multipart_json("body", body)),
            },
            MediaKind::Text(content_type) => quote!(request.text(#content_type, body.to_owned())),
            MediaKind::Bytes(content_type) => quote!(request.bytes(#content_type, body)),
        };
        if body.required || matches!(body.media, MediaKind::Bytes(_)) {
            quote!(request = #call;)
        } else {
            quote!(if let Some(body) = body { request = #call; })
        }
    });
    let accept: Vec<String> = {
        let mut seen = Vec::new();
        for response in &op.responses {
            if let Some(body) = &response.body {
                let media = body.media.content_type().to_string();
                if !seen.contains(&media) {
                    seen.push(media);
                }
            }
        }
        seen
    };
    // The `Accept` header is the last step before the call, chained onto it.
    let accept = if accept.is_empty() {
        TokenStream::new()
    } else {
        let accept = accept.join(", ");
        quote!(.accept(#accept))
    };
    let allow = if args.len() > 6 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        TokenStream::new()
    };
    let checks = validation.operation_checks(api, index, op);
    let mutable = if op.params.iter().any(|p| p.location != ParamLocation::Path)
        || op.body.is_some()
        || !checks.is_empty()
    {
        quote!(mut)
    } else {
        TokenStream::new()
    };
    let (call, allow_let) = match validation.ready_decoder(api, op) {
        Some(decoder) => {
            let decoder = decoder.tokens();
            (quote!(request #accept .call(#decoder)), TokenStream::new())
        }
        None => {
            let arms = method_arms(api, op);
            let status_match = quote!(match response.status().as_u16() { #(#arms)* });
            let response_check = validation.response_check(api, op);
            if response_check.is_empty() {
                (
                    quote!(request #accept .call(|_runtime, response| #status_match)),
                    TokenStream::new(),
                )
            } else {
                (
                    quote!(request #accept .call(|_runtime, response| {
                        let result = #status_match;
                        #response_check
                        result
                    })),
                    // Without the feature the check is compiled out, leaving
                    // `let result = ...; result`.
                    quote!(#[allow(clippy::let_and_return)]),
                )
            }
        }
    };
    quote! {
        #doc
        #facts
        #allow
        #allow_let
        pub fn #method(&self, #(#args),*) -> rt::Call<'_, #success, types::#error> {
            #statics
            let #mutable request = self.runtime.request(&OPERATION)#(#path)*;
            #checks
            #(#params)*
            #cookie_code
            #body
            #call
        }
    }
}

pub(super) fn method_doc(op: &Operation) -> String {
    let mut text = String::new();
    if let Some(summary) = &op.summary {
        text.push_str(summary.trim());
        text.push_str("\n\n");
    }
    if let Some(description) = &op.description {
        if Some(description.trim()) != op.summary.as_deref().map(str::trim) {
            text.push_str(description.trim());
            text.push_str("\n\n");
        }
    }
    text.push_str(&format!("`{} {}`", op.method.as_str(), op.path));
    if !op.id_derived {
        text.push_str(&format!(" (operation `{}`)", op.id));
    }
    if let Some(body) = &op.body {
        text.push_str(&format!(", body sent as `{}`", body.media.content_type()));
    }
    text.push('.');
    if op.deprecated {
        text.push_str("\n\nDeprecated by the API.");
    }
    text.push_str(&assumptions_paragraph(&op.assumptions));
    text
}

/// The generated part of a method's docs: its statuses and its retries, after an empty line.
fn method_facts(op: &Operation) -> String {
    let mut text = responses_doc(op);
    // The rules themselves are in the crate's front page; a method says which ones apply.
    text.push_str(if op.idempotent {
        "\n\nRetried as an idempotent operation: also after a `503` or a timeout (see *Retries \
         and timeouts* on the crate's front page)."
    } else {
        "\n\nNot idempotent: sent again only after a failed connection or a `429`, never once it \
         may have been acted on (see *Retries and timeouts* on the crate's front page)."
    });
    text
}

/// The sentence of a method's docs that lists its success and error statuses.
fn responses_doc(op: &Operation) -> String {
    let label = |status: StatusKey| match status {
        StatusKey::Code(code) => format!("`{code}`"),
        StatusKey::Range(class) => format!("`{class}XX`"),
        StatusKey::Default => "any other status".to_string(),
    };
    let successes: Vec<String> = op
        .responses
        .iter()
        .filter(|r| r.success)
        .map(|r| label(r.status))
        .collect();
    let errors: Vec<String> = op
        .responses
        .iter()
        .filter(|r| !r.success)
        .map(|r| format!("{} `{}`", label(r.status), r.variant))
        .collect();
    let mut text = String::from("\n");
    match successes.as_slice() {
        [] => text.push_str("Success: any `2XX`."),
        [only]
            if matches!(
                op.responses.iter().find(|r| r.success).map(|r| r.status),
                Some(StatusKey::Code(_))
            ) =>
        {
            text.push_str(&format!("Success: {only} (or any `2XX`)."));
        }
        many => text.push_str(&format!("Success: {}.", many.join(", "))),
    }
    if errors.is_empty() {
        text.push_str(" No documented errors: `Error::UnexpectedStatus`.");
    } else {
        let has_default = op
            .responses
            .iter()
            .any(|r| !r.success && r.status == StatusKey::Default);
        text.push_str(&format!(
            " Errors (`Error::Api`, `{}`): {}.",
            op.error_type,
            errors.join(", ")
        ));
        if !has_default {
            text.push_str(" Others: `Error::UnexpectedStatus`.");
        }
    }
    text
}

pub(super) fn operation_static(api: &Api, op: &Operation) -> TokenStream {
    let id = &op.id;
    let method = format_ident!("{}", op.method.as_str());
    let path = &op.path;
    let servers = format_ident!("SERVERS_{}", op.servers);
    let alternatives = op.security.iter().map(|alternative| {
        let names = alternative
            .iter()
            .filter_map(|i| api.security_schemes.get(*i))
            .map(|scheme| scheme.name.as_str());
        quote!(&[#(#names),*])
    });
    let idempotent = op.idempotent;
    let retry_after = match &op.retry_after_field {
        Some(field) => quote!(Some(#field)),
        None => quote!(None),
    };
    quote! {
        static OPERATION: rt::Operation = rt::Operation {
            id: #id,
            method: rt::Method::#method,
            path_template: #path,
            servers: #servers,
            security: &[#(#alternatives),*],
            idempotent: #idempotent,
            retry_after_field: #retry_after,
        };
    }
}

pub(super) fn param_call(api: &Api, param: &Param) -> TokenStream {
    let rust = ident(&param.rust_name);
    let wire = &param.wire_name;
    let (ty, _) = param.ty.strip_nullable();
    let array_style = match param.style {
        ParamStyle::FormComma | ParamStyle::Simple => quote!(rt::ArrayStyle::FormComma),
        ParamStyle::SpaceDelimited => quote!(rt::ArrayStyle::SpaceDelimited),
        ParamStyle::PipeDelimited => quote!(rt::ArrayStyle::PipeDelimited),
        _ => quote!(rt::ArrayStyle::FormExploded),
    };
    let call = |value: TokenStream| -> TokenStream {
        if param.style == ParamStyle::Json {
            return if param.location == ParamLocation::Header {
                quote!(request = request.header_json(#wire, #value);)
            } else {
                quote!(request = request.query_json(#wire, #value);)
            };
        }
        if param.location == ParamLocation::Header {
            return if is_scalar_array(&api.types, ty) {
                quote!(request = request.header_array(#wire, #value);)
            } else {
                quote!(request = request.header(#wire, #value);)
            };
        }
        if is_scalar(&api.types, ty) {
            quote!(request = request.query(#wire, #value);)
        } else if is_scalar_array(&api.types, ty) {
            quote!(request = request.query_array(#wire, #value, #array_style);)
        } else if is_object(&api.types, ty) || param.style == ParamStyle::DeepObject {
            let style = match param.style {
                ParamStyle::DeepObject => quote!(rt::ObjectStyle::DeepObject),
                ParamStyle::FormComma => quote!(rt::ObjectStyle::FormComma),
                _ => quote!(rt::ObjectStyle::FormExploded),
            };
            quote!(request = request.query_object(#wire, #value, #style);)
        } else {
            quote!(request = request.query_value(#wire, #value, #array_style);)
        }
    };
    if param.required {
        call(quote!(&params.#rust))
    } else {
        let body = call(quote!(value));
        quote!(if let Some(value) = &params.#rust { #body })
    }
}
