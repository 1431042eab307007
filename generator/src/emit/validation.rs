//! Emits client-side validation: an `rt::validate::Validate` impl for each type a request can
//! carry that has something to check (a field with validation keywords, a closed enum, or such
//! a type inside it), and the checks of each operation's parameters and body in its method.
//! Response-only types get nothing: responses stay lenient.

use crate::model::{Api, Operation, ParamLocation, Rules, Ty, TypeDef, TypeId, TypeKind};
use crate::naming::ident;
use crate::rust_type::by_value;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// Which types have a `Validate` impl.
pub(super) struct Validation {
    checked: Vec<bool>,
}

impl Validation {
    /// Finds the types that requests reach and that have something to check.
    pub(super) fn of(api: &Api) -> Validation {
        let mut in_requests = vec![false; api.types.len()];
        let mut pending: Vec<TypeId> = Vec::new();
        for op in &api.operations {
            op.params
                .iter()
                .for_each(|p| p.ty.named_types(&mut pending));
            if let Some(body) = &op.body {
                body.ty.named_types(&mut pending);
            }
        }
        while let Some(id) = pending.pop() {
            match in_requests.get_mut(id.index()) {
                Some(seen) if !*seen => {
                    *seen = true;
                    pending.extend(api.types.children(id));
                }
                _ => {}
            }
        }
        // A type is checked when it checks something itself or holds a checked type; repeated
        // until nothing changes, so recursive types settle.
        let mut validation = Validation {
            checked: vec![false; api.types.len()],
        };
        loop {
            let mut changed = false;
            for (id, def) in api.types.iter() {
                let index = id.index();
                if !in_requests.get(index).copied().unwrap_or(false)
                    || validation.checked.get(index).copied().unwrap_or(true)
                {
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
        let body = match &def.kind {
            TypeKind::Enum(e) => {
                let unknown = ident(&e.unknown_variant);
                let location = def.origin.to_string();
                quote! {
                    if let Self::#unknown(_) = self {
                        rt::validate::unknown_value(#location, at, out);
                    }
                }
            }
            TypeKind::Struct(s) => {
                let mut checks = Vec::new();
                for (index, field) in s.fields.iter().enumerate() {
                    let rust = ident(&field.rust_name);
                    let wire = &field.wire_name;
                    if applies(api, &field.ty, &field.rules) {
                        let rules = rules_static(index, &field.rules, &field.origin.to_string());
                        let rules_name = rules_ident(index);
                        checks.push(quote! {
                            #rules
                            rt::validate::field(&self.#rust, #wire, &#rules_name, at, out);
                        });
                    }
                    if self.ty_checked(api, &field.ty) {
                        checks.push(quote!(rt::validate::nested(&self.#rust, #wire, at, out);));
                    }
                }
                for flat in s.flattened.iter().filter(|f| self.ty_checked(api, &f.ty)) {
                    let rust = ident(&flat.rust_name);
                    checks.push(quote!(rt::validate::Validate::validate(&self.#rust, at, out);));
                }
                if let Some(additional) = s
                    .additional
                    .as_ref()
                    .filter(|a| self.ty_checked(api, &a.value))
                {
                    let rust = ident(&additional.rust_name);
                    checks.push(quote!(rt::validate::Validate::validate(&self.#rust, at, out);));
                }
                quote!(#(#checks)*)
            }
            TypeKind::Union(u) => {
                let arms = u
                    .variants
                    .iter()
                    .filter(|v| self.ty_checked(api, &v.ty))
                    .map(|v| {
                        let variant = ident(&v.rust_name);
                        quote!(Self::#variant(value) => rt::validate::Validate::validate(value, at, out),)
                    });
                quote! {
                    #[allow(unreachable_patterns)]
                    match self {
                        #(#arms)*
                        _ => {}
                    }
                }
            }
            TypeKind::Alias(_) => quote!(rt::validate::Validate::validate(&self.0, at, out);),
            TypeKind::Pending => return TokenStream::new(),
        };
        quote! {
            impl rt::validate::Validate for #name {
                fn validate(&self, at: &mut rt::validate::Path, out: &mut Vec<rt::validate::Violation>) {
                    #body
                }
            }
        }
    }

    /// The statements of an operation's method that check its parameters and body.
    pub(super) fn operation_checks(&self, api: &Api, op: &Operation) -> TokenStream {
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
            // A path list arrives as a slice, which has no item rules to check.
            let path_list = param.location == ParamLocation::Path
                && matches!(param.ty.strip_nullable().0, Ty::Array(_));
            if applies(api, &param.ty, &param.rules) && !path_list {
                let rules = rules_static(index, &param.rules, &param.origin.to_string());
                let rules_name = rules_ident(index);
                checks.push(quote! {
                    #rules
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

/// The name of the `static` that holds the rules of field or parameter `index`.
fn rules_ident(index: usize) -> proc_macro2::Ident {
    ident(&format!("RULES_{index}"))
}

/// A local `static` with the rules of field or parameter `index`.
fn rules_static(index: usize, rules: &Rules, location: &str) -> TokenStream {
    let name = rules_ident(index);
    let count = |n: Option<u64>| n.map(|n| quote!(Some(#n)));
    let float = |n: Option<f64>| {
        n.map(|n| {
            let literal = Literal::f64_unsuffixed(n);
            quote!(Some(#literal))
        })
    };
    let mut members = vec![quote!(location: #location)];
    let mut push = |key: &str, value: Option<TokenStream>| {
        if let Some(value) = value {
            let key = ident(key);
            members.push(quote!(#key: #value));
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
