//! Emits client-side validation: an `rt::validate::Validate` impl for each type a request can
//! carry that has something to check (a field with validation keywords, a closed enum, or such
//! a type inside it), and the checks of each operation's parameters and body in its method.
//! Types that only responses use are checked only with the crate's `validate-responses`
//! feature, which reports what a success breaks as `tracing` warnings: responses stay lenient.

use super::groups::Groups;
use super::statuses::ReadyDecoder;
use crate::model::{
    Api, MediaKind, Operation, ParamLocation, Rules, Ty, TypeDef, TypeId, TypeKind,
};
use crate::naming::ident;
use crate::rust_type::by_value;
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use std::collections::HashMap;

/// Which types have a `Validate` impl, which of those only responses use, and the rules of
/// parameters.
pub(super) struct Validation {
    checked: Vec<bool>,
    in_requests: Vec<bool>,
    param_rules: ParamRules,
}

/// The rules that parameters are checked against, each written once in `src/client.rs` however
/// many parameters share it (nexus states one `maxLength` for hundreds of names).
#[derive(Default)]
struct ParamRules {
    /// Each distinct set of rules with where it is stated, and the operations that use it.
    shared: Vec<(Rules, String, Vec<usize>)>,
    /// The entry of `shared` for parameter `(operation, parameter)`.
    of_param: HashMap<(usize, usize), usize>,
}

impl ParamRules {
    /// Collects the rules of every parameter that has rules its type can be checked for.
    fn of(api: &Api) -> ParamRules {
        let mut table = ParamRules::default();
        let mut by_text: HashMap<String, usize> = HashMap::new();
        for (op_index, op) in api.operations.iter().enumerate() {
            for (param_index, param) in op.params.iter().enumerate() {
                if !applies(api, &param.ty, &param.rules) {
                    continue;
                }
                let location = param
                    .rules_origin
                    .as_ref()
                    .unwrap_or(&param.origin)
                    .to_string();
                let key = format!("{location} {:?}", param.rules);
                let entry = *by_text.entry(key).or_insert_with(|| {
                    table
                        .shared
                        .push((param.rules.clone(), location, Vec::new()));
                    table.shared.len() - 1
                });
                if let Some((_, _, users)) = table.shared.get_mut(entry) {
                    if users.last() != Some(&op_index) {
                        users.push(op_index);
                    }
                }
                table.of_param.insert((op_index, param_index), entry);
            }
        }
        table
    }
}

impl Validation {
    /// Finds the types that requests or successful responses reach and that have something
    /// to check.
    pub(super) fn of(api: &Api) -> Validation {
        let (mut requests, mut responses) = (Vec::new(), Vec::new());
        for op in &api.operations {
            op.request_types(&mut requests);
            if let Some(ty) = checked_success(op) {
                ty.named_types(&mut responses);
            }
        }
        let in_requests = api.types.reachable(requests);
        let in_responses = api.types.reachable(responses);
        // A type is checked when it checks something itself or holds a checked type; repeated
        // until nothing changes, so recursive types settle.
        let mut validation = Validation {
            checked: vec![false; api.types.len()],
            in_requests,
            param_rules: ParamRules::of(api),
        };
        loop {
            let mut changed = false;
            for (id, def) in api.types.iter() {
                let index = id.index();
                let used = validation.in_requests.get(index).copied().unwrap_or(false)
                    || in_responses.get(index).copied().unwrap_or(false);
                if !used || validation.checked.get(index).copied().unwrap_or(true) {
                    continue;
                }
                if validation.checks_something(api, def) {
                    if let Some(slot) = validation.checked.get_mut(index) {
                        *slot = true;
                        changed = true;
                    }
                }
            }
            if !changed {
                return validation;
            }
        }
    }

    /// Whether `def` has a check of its own or holds a checked type.
    fn checks_something(&self, api: &Api, def: &TypeDef) -> bool {
        match &def.kind {
            TypeKind::Enum(e) => !e.open,
            TypeKind::Struct(s) => {
                s.fields
                    .iter()
                    .any(|f| applies(api, &f.ty, &f.rules) || self.ty_checked(api, &f.ty))
                    || s.flattened.iter().any(|f| self.ty_checked(api, &f.ty))
                    || s.additional
                        .as_ref()
                        .is_some_and(|a| self.ty_checked(api, &a.value))
            }
            TypeKind::Union(u) => u.variants.iter().any(|v| self.ty_checked(api, &v.ty)),
            TypeKind::Alias(alias) => alias.newtype && self.ty_checked(api, &alias.ty),
            TypeKind::Pending => false,
        }
    }

    /// Whether a value of `ty` implements `Validate` with something to check.
    fn ty_checked(&self, api: &Api, ty: &Ty) -> bool {
        match ty {
            Ty::Named(id) => match &api.types.get(*id).kind {
                TypeKind::Alias(alias) if !alias.newtype => self.ty_checked(api, &alias.ty),
                _ => self.checked.get(id.index()).copied().unwrap_or(false),
            },
            Ty::Array(inner) | Ty::Map(inner) | Ty::Nullable(inner) => self.ty_checked(api, inner),
            _ => false,
        }
    }

    /// The `Validate` impl of `def`, or nothing when it has nothing to check.
    pub(super) fn impl_for(&self, api: &Api, id: TypeId, def: &TypeDef) -> TokenStream {
        if !self.checked.get(id.index()).copied().unwrap_or(false) {
            return TokenStream::new();
        }
        let name = ident(&def.name);
        // A type that only responses use is checked only with the `validate-responses` feature.
        let only_responses = if self.in_requests.get(id.index()).copied().unwrap_or(false) {
            TokenStream::new()
        } else {
            quote!(#[cfg(feature = "validate-responses")])
        };
        let body = match &def.kind {
            TypeKind::Enum(e) => {
                let unknown = ident(&e.unknown_variant);
                let location = def.origin.to_string();
                return quote! {
                    #only_responses
                    rt::validate_closed_enum!(#name, #unknown, #location);
                };
            }
            TypeKind::Struct(s) => {
                let mut checks = Vec::new();
                for field in &s.fields {
                    let rust = ident(&field.rust_name);
                    let wire = &field.wire_name;
                    if applies(api, &field.ty, &field.rules) {
                        let location = field.rules_origin.as_ref().unwrap_or(&field.origin);
                        let rules = rules_members(&field.rules, &location.to_string(), quote!(=));
                        checks.push(quote!(field(#rust, #wire, #(#rules),*);));
                    }
                    if self.ty_checked(api, &field.ty) {
                        checks.push(quote!(nested(#rust, #wire);));
                    }
                }
                let flattened = s
                    .flattened
                    .iter()
                    .filter(|f| self.ty_checked(api, &f.ty))
                    .map(|f| &f.rust_name);
                let additional = s
                    .additional
                    .iter()
                    .filter(|a| self.ty_checked(api, &a.value))
                    .map(|a| &a.rust_name);
                for rust in flattened.chain(additional) {
                    let rust = ident(rust);
                    checks.push(quote!(whole(#rust);));
                }
                return quote! {
                    #only_responses
                    rt::validate_struct! {
                        #name;
                        #(#checks)*
                    }
                };
            }
            TypeKind::Union(u) => {
                let checked: Vec<_> = u
                    .variants
                    .iter()
                    .filter(|v| self.ty_checked(api, &v.ty))
                    .map(|v| ident(&v.rust_name))
                    .collect();
                match checked.as_slice() {
                    [only] if u.variants.len() > 1 => quote! {
                        if let Self::#only(value) = self {
                            rt::validate::Validate::validate(value, at, out);
                        }
                    },
                    _ if checked.len() == u.variants.len() => quote! {
                        match self {
                            #(Self::#checked(value) => rt::validate::Validate::validate(value, at, out),)*
                        }
                    },
                    _ => quote! {
                        match self {
                            #(Self::#checked(value) => rt::validate::Validate::validate(value, at, out),)*
                            _ => {}
                        }
                    },
                }
            }
            TypeKind::Alias(_) => quote!(rt::validate::Validate::validate(&self.0, at, out);),
            TypeKind::Pending => return TokenStream::new(),
        };
        quote! {
            #only_responses
            impl rt::validate::Validate for #name {
                fn validate(&self, at: &mut rt::validate::Path, out: &mut Vec<rt::validate::Violation>) {
                    #body
                }
            }
        }
    }

    /// The `static`s with the rules of parameters, for `src/client.rs`: each compiled with
    /// the feature groups of the operations that use it.
    pub(super) fn param_rules_statics(&self, groups: &Groups) -> TokenStream {
        let statics =
            self.param_rules
                .shared
                .iter()
                .enumerate()
                .map(|(index, (rules, location, users))| {
                    let cfg = groups.used_by_cfg(users.iter().copied());
                    let rules = rules_static(index, rules, location);
                    quote!(#cfg #rules)
                });
        quote!(#(#statics)*)
    }

    /// The statements of an operation's method that check its parameters and body.
    pub(super) fn operation_checks(
        &self,
        api: &Api,
        op_index: usize,
        op: &Operation,
    ) -> TokenStream {
        let mut checks = Vec::new();
        for (index, param) in op.params.iter().enumerate() {
            let rust = ident(&param.rust_name);
            let place = match param.location {
                ParamLocation::Path => "path",
                ParamLocation::Query => "query",
                ParamLocation::Header => "header",
                ParamLocation::Cookie => "cookie",
            };
            let root = format!("{place}.{}", param.wire_name);
            // Path parameters are arguments (`&str`, a number, a slice or a reference); the
            // others are fields of the parameter struct.
            let value = match (param.location, param.ty.strip_nullable().0) {
                (ParamLocation::Path, ty) if by_value(ty) => quote!(&#rust),
                (ParamLocation::Path, _) => quote!(#rust),
                _ => quote!(&params.#rust),
            };
            if let Some(&shared) = self.param_rules.of_param.get(&(op_index, index)) {
                let rules_name = rules_ident(shared);
                checks.push(quote! {
                    request = request.validate_value(#root, #value, &#rules_name);
                });
            }
            if self.ty_checked(api, &param.ty) {
                checks.push(quote!(request = request.validate(#root, #value);));
            }
        }
        if let Some(body) = op.body.as_ref().filter(|b| self.ty_checked(api, &b.ty)) {
            if body.required {
                checks.push(quote!(request = request.validate("body", body);));
            } else {
                checks.push(quote! {
                    if let Some(body) = body {
                        request = request.validate("body", body);
                    }
                });
            }
        }
        quote!(#(#checks)*)
    }

    /// Whether `op`'s success has rules that `validate-responses` checks once it is decoded.
    fn response_checked(&self, api: &Api, op: &Operation) -> bool {
        checked_success(op).is_some_and(|ty| self.ty_checked(api, ty))
    }

    /// The runtime decoder that `op`'s method names, if it needs no status match of its own:
    /// `checked_json` when its success has rules to check.
    pub(super) fn ready_decoder(&self, api: &Api, op: &Operation) -> Option<ReadyDecoder> {
        ReadyDecoder::of(op, self.response_checked(api, op))
    }

    /// The statements after an operation's response is decoded by its own status match: with
    /// `validate-responses`, the success is checked and what it breaks reported; nothing when
    /// it has nothing to check.
    pub(super) fn response_check(&self, api: &Api, op: &Operation) -> TokenStream {
        if self.response_checked(api, op) {
            quote! {
                #[cfg(feature = "validate-responses")]
                _runtime.report_invalid_response(&OPERATION, &result);
            }
        } else {
            TokenStream::new()
        }
    }

    /// The imports of `checked_json`, for `src/client.rs`, when a method decodes with it: the
    /// runtime's decoder that reports what a success breaks with `validate-responses`, its
    /// plain `json` without (which asks nothing of the success type). They are allowed to go
    /// unused: the feature groups may compile out every method that uses them.
    pub(super) fn checked_json_imports(&self, api: &Api) -> TokenStream {
        let used = api
            .operations
            .iter()
            .any(|op| self.ready_decoder(api, op) == Some(ReadyDecoder::CheckedJson));
        if !used {
            return TokenStream::new();
        }
        quote! {
            #[cfg(feature = "validate-responses")]
            #[allow(unused_imports)]
            use rt::success::checked_json;
            #[cfg(not(feature = "validate-responses"))]
            #[allow(unused_imports)]
            use rt::success::json as checked_json;
        }
    }
}

/// The type of an operation's one JSON success body, which a method returns as it is.
fn checked_success(op: &Operation) -> Option<&Ty> {
    if op.response_type.is_some() {
        return None;
    }
    let body = op.responses.iter().find(|r| r.success)?.body.as_ref()?;
    matches!(body.media, MediaKind::Json(_)).then_some(&body.ty)
}

/// Whether `rules` say something a value of `ty` can be checked for, and the Rust type has
/// the check: text rules on text, number rules on numbers, item rules on lists.
fn applies(api: &Api, ty: &Ty, rules: &Rules) -> bool {
    match ty {
        Ty::Nullable(inner) => applies(api, inner, rules),
        Ty::Named(id) => match &api.types.get(*id).kind {
            TypeKind::Alias(alias) if !alias.newtype => applies(api, &alias.ty, rules),
            _ => false,
        },
        Ty::String => rules.for_strings(),
        Ty::Int(_) | Ty::Float(_) => rules.for_numbers(),
        Ty::Array(_) => rules.for_arrays(),
        _ => false,
    }
}

/// How many members `rt::validate::Rules` has.
const RULES_MEMBERS: usize = 12;

/// The name of the `static` that holds the shared parameter rules `index`.
fn rules_ident(index: usize) -> proc_macro2::Ident {
    ident(&format!("RULES_{index}"))
}

/// The `static` with the shared parameter rules `index`.
fn rules_static(index: usize, rules: &Rules, location: &str) -> TokenStream {
    let name = rules_ident(index);
    let members = rules_members(rules, location, quote!(:));
    // With every member given, `..NONE` would be a needless update.
    let rest = if members.len() < RULES_MEMBERS {
        quote!(..rt::validate::Rules::NONE)
    } else {
        TokenStream::new()
    };
    quote! {
        static #name: rt::validate::Rules = rt::validate::Rules {
            #(#members,)*
            #rest
        };
    }
}

/// The members of an `rt::validate::Rules` value that `rules` set, with its `location` first,
/// as `key: value` for a struct literal or `key = value` for `rt::validate_struct!`.
fn rules_members(rules: &Rules, location: &str, separator: TokenStream) -> Vec<TokenStream> {
    let count = |n: Option<u64>| n.map(|n| quote!(Some(#n)));
    let float = |n: Option<f64>| {
        n.map(|n| {
            let literal = Literal::f64_unsuffixed(n);
            quote!(Some(#literal))
        })
    };
    let mut members = vec![quote!(location #separator #location)];
    let mut push = |key: &str, value: Option<TokenStream>| {
        if let Some(value) = value {
            let key = ident(key);
            members.push(quote!(#key #separator #value));
        }
    };
    push("min_length", count(rules.min_length));
    push("max_length", count(rules.max_length));
    push(
        "pattern",
        rules
            .pattern
            .as_ref()
            .filter(|_| rules.pattern_checked)
            .map(|pattern| quote!(Some(rt::validate::Pattern::new(#pattern)))),
    );
    push("minimum", float(rules.minimum));
    push("maximum", float(rules.maximum));
    push(
        "exclusive_minimum",
        rules.exclusive_minimum.then(|| quote!(true)),
    );
    push(
        "exclusive_maximum",
        rules.exclusive_maximum.then(|| quote!(true)),
    );
    push("multiple_of", float(rules.multiple_of));
    push("min_items", count(rules.min_items));
    push("max_items", count(rules.max_items));
    push("unique_items", rules.unique_items.then(|| quote!(true)));
    members
}
