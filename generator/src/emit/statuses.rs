//! Emits how each response status is decoded: the decoding of an operation's method, which
//! decodes its successes (one of the runtime's `rt::success` decoders when its one success is
//! any `2xx` status, else a status match of its own), and the `rt::ErrorResponses` impl of its
//! error enum, which decodes everything else. An error enum that several operations share is
//! decoded by one impl.
//!
//! Both come from one ordered list of arms, the order in which the statuses are tried: the
//! documented codes, then the ranges, then `default`. A method tries its successes in that
//! order and hands any other status to the error enum, which tries its errors in that order.
//! That is the same as trying all of them in order: successes are 2xx statuses only (lowering
//! makes a response a success by its status), errors are other statuses or, last, any status,
//! so no error comes before a success that matches the same status.

use crate::model::{Api, MediaKind, Operation, Response, StatusKey, Ty};
use crate::naming::ident;
use crate::rust_type::{ty_tokens, TyPath};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// The statuses one arm matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Statuses {
    /// One code.
    Code(u16),
    /// A range of codes, both ends included.
    Range(u16, u16),
    /// Any status.
    Any,
}

impl Statuses {
    /// The whole `2xx` range.
    const SUCCESSES: Statuses = Statuses::Range(200, 299);

    /// The match pattern of these statuses.
    fn pattern(self) -> TokenStream {
        match self {
            Statuses::Code(code) => {
                let code = Literal::u16_unsuffixed(code);
                quote!(#code)
            }
            Statuses::Range(low, high) => {
                let (low, high) = (Literal::u16_unsuffixed(low), Literal::u16_unsuffixed(high));
                quote!(#low..=#high)
            }
            Statuses::Any => quote!(_),
        }
    }
}

/// One arm: the statuses it matches, the response they decode as, and whether as a success.
struct Arm<'a> {
    statuses: Statuses,
    response: &'a Response,
    success: bool,
}

/// The arms of `op` in the order they are tried.
fn ordered_arms(op: &Operation) -> Vec<Arm<'_>> {
    // With one documented success, any 2xx is that success (a created booking that came back
    // 200 instead of 201 must not look like a failure a caller would retry): its arm matches
    // the whole range, in place of its own code.
    let successes: Vec<&Response> = op.responses.iter().filter(|r| r.success).collect();
    let implied_success = match successes.as_slice() {
        [only] if matches!(only.status, StatusKey::Code(_)) => Some(only.status),
        _ => None,
    };
    let mut codes = Vec::new();
    let mut ranges = Vec::new();
    let mut default = Vec::new();
    for response in &op.responses {
        let success = response.success;
        match response.status {
            StatusKey::Code(_) if implied_success == Some(response.status) => codes.push(Arm {
                statuses: Statuses::SUCCESSES,
                response,
                success,
            }),
            StatusKey::Code(code) => codes.push(Arm {
                statuses: Statuses::Code(code),
                response,
                success,
            }),
            StatusKey::Range(class) => {
                let low = u16::from(class) * 100;
                ranges.push(Arm {
                    statuses: Statuses::Range(low, low + 99),
                    response,
                    success,
                });
            }
            // A `default` that is the only success covers the 2xx range; any other status is
            // a failure that carries the same body.
            StatusKey::Default if success => default.extend([
                Arm {
                    statuses: Statuses::SUCCESSES,
                    response,
                    success: true,
                },
                Arm {
                    statuses: Statuses::Any,
                    response,
                    success: false,
                },
            ]),
            StatusKey::Default => default.push(Arm {
                statuses: Statuses::Any,
                response,
                success: false,
            }),
        }
    }
    codes.into_iter().chain(ranges).chain(default).collect()
}

/// The arms of the status match in `op`'s method: each success decoded, and any other status
/// handed to the error enum.
pub(super) fn method_arms(api: &Api, op: &Operation) -> Vec<TokenStream> {
    let multi = op.response_type.as_ref().map(|name| ident(name));
    ordered_arms(op)
        .iter()
        .filter(|arm| arm.success)
        .map(|arm| {
            let pattern = arm.statuses.pattern();
            let decode = success(api, arm.response, multi.as_ref());
            quote!(#pattern => #decode,)
        })
        .chain(std::iter::once(quote!(_ => Err(response.error()),)))
        .collect()
}

/// How a documented success's body is read.
enum SuccessBody<'a> {
    /// No documented body: any body is ignored.
    Empty,
    /// UTF-8 text.
    Text,
    /// Bytes as they came.
    Bytes,
    /// JSON of type `ty`, wrapped in the object member `field`.
    Envelope { ty: &'a Ty, field: &'a str },
    /// JSON of type `ty`.
    Json { ty: &'a Ty },
}

impl SuccessBody<'_> {
    /// How `response`'s body is read.
    fn of(response: &Response) -> SuccessBody<'_> {
        match &response.body {
            None => SuccessBody::Empty,
            Some(body) => match (&body.media, &body.envelope) {
                (MediaKind::Text(_), _) => SuccessBody::Text,
                (MediaKind::Bytes(_), _) => SuccessBody::Bytes,
                (_, Some(field)) => SuccessBody::Envelope {
                    ty: &body.ty,
                    field,
                },
                (_, None) => SuccessBody::Json { ty: &body.ty },
            },
        }
    }
}

/// One of the runtime's `rt::success` decoders, which a method whose one success is every
/// `2xx` status (without an envelope) names in place of a status match of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ReadyDecoder {
    /// Decodes with `rt::success::json`.
    Json,
    /// Decodes a JSON success with rules that `validate-responses` checks, with the
    /// `checked_json` that the client module imports: the runtime's `checked_json` with the
    /// feature, its `json` without.
    CheckedJson,
    /// Decodes with `rt::success::text`.
    Text,
    /// Decodes with `rt::success::bytes`.
    Bytes,
    /// Decodes with `rt::success::empty`.
    Empty,
}

impl ReadyDecoder {
    /// The decoder of `op`, whose success has rules to check when `checked` is true; `None`
    /// for a method that needs its own status match.
    pub(super) fn of(op: &Operation, checked: bool) -> Option<ReadyDecoder> {
        if op.response_type.is_some() {
            return None;
        }
        let arms = ordered_arms(op);
        let mut successes = arms.iter().filter(|arm| arm.success);
        let only = match (successes.next(), successes.next()) {
            (Some(only), None) if only.statuses == Statuses::SUCCESSES => only,
            _ => return None,
        };
        match SuccessBody::of(only.response) {
            SuccessBody::Empty => Some(ReadyDecoder::Empty),
            SuccessBody::Text => Some(ReadyDecoder::Text),
            SuccessBody::Bytes => Some(ReadyDecoder::Bytes),
            SuccessBody::Envelope { .. } => None,
            SuccessBody::Json { .. } if checked => Some(ReadyDecoder::CheckedJson),
            SuccessBody::Json { .. } => Some(ReadyDecoder::Json),
        }
    }

    /// The path the method passes to `call`. The imported `checked_json` is named through
    /// `self::`, which a parameter of that name cannot shadow.
    pub(super) fn tokens(self) -> TokenStream {
        match self {
            ReadyDecoder::Json => quote!(rt::success::json),
            ReadyDecoder::CheckedJson => quote!(self::checked_json),
            ReadyDecoder::Text => quote!(rt::success::text),
            ReadyDecoder::Bytes => quote!(rt::success::bytes),
            ReadyDecoder::Empty => quote!(rt::success::empty),
        }
    }
}

/// The `rt::ErrorResponses` impl of the error enum `name` of `op` (and of every operation that
/// documents the same error responses).
pub(super) fn error_responses_impl(op: &Operation, name: &proc_macro2::Ident) -> TokenStream {
    let failures: Vec<Arm<'_>> = ordered_arms(op)
        .into_iter()
        .filter(|arm| !arm.success)
        .collect();
    let mut arms: Vec<TokenStream> = failures
        .iter()
        .map(|arm| {
            let pattern = arm.statuses.pattern();
            let decode = failure(arm.response);
            quote!(#pattern => #decode,)
        })
        .collect();
    let body = match failures.as_slice() {
        // A match with one arm for any status would be the arm's expression.
        [] => quote!(response.unexpected()),
        [only] if only.statuses == Statuses::Any => failure(only.response),
        _ => {
            if failures.iter().all(|arm| arm.statuses != Statuses::Any) {
                arms.push(quote!(_ => response.unexpected(),));
            }
            quote!(match response.status().as_u16() { #(#arms)* })
        }
    };
    quote! {
        impl rt::ErrorResponses for #name {
            fn decode_error(response: rt::Response) -> rt::Error<Self> {
                #body
            }
        }
    }
}

/// The expression that decodes `response` as a success of the method.
fn success(api: &Api, response: &Response, multi: Option<&proc_macro2::Ident>) -> TokenStream {
    let variant = ident(&response.variant);
    // A generated type reads a repeated key as the slow path does (its untagged unions read
    // through a `serde_json::Value`, see `rt::union`), so a documented success needs no scan
    // for repeated keys. Error bodies keep it: they are rare, and kept short. The type is
    // named explicitly: inside a `map` closure it could not be inferred.
    let decode = match SuccessBody::of(response) {
        SuccessBody::Empty => quote!(response.empty()),
        SuccessBody::Text => quote!(response.text()),
        SuccessBody::Bytes => quote!(response.bytes()),
        SuccessBody::Envelope { ty, field } => {
            let ty = ty_tokens(api, ty, TyPath::Client, false);
            quote!(response.without_key_scan().json_envelope::<#ty, _>(#field))
        }
        SuccessBody::Json { ty } => {
            let ty = ty_tokens(api, ty, TyPath::Client, false);
            quote!(response.without_key_scan().json::<#ty, _>())
        }
    };
    match multi {
        None => decode,
        Some(name) => match &response.body {
            None => quote!(#decode.map(|value| value.map(|()| types::#name::#variant))),
            Some(_) => quote!(#decode.map(|value| value.map(types::#name::#variant))),
        },
    }
}

/// The expression that decodes `response` as the error enum's variant for it.
fn failure(response: &Response) -> TokenStream {
    let variant = ident(&response.variant);
    match &response.body {
        None => quote!(response.error_empty(Self::#variant)),
        Some(body) => match (&body.media, &body.envelope) {
            (MediaKind::Text(_), _) => quote!(response.error_text(Self::#variant)),
            (MediaKind::Bytes(_), _) => quote!(response.error_bytes(Self::#variant)),
            (_, Some(field)) => quote!(response.error_json_envelope(#field, Self::#variant)),
            (_, None) => quote!(response.error_json(Self::#variant)),
        },
    }
}
