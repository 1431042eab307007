//! Emits how a value is built in Rust: `new` takes exactly the required fields, in spec order,
//! and each other field has one chainable `with_` setter, so a request is never written as JSON
//! text or as a literal of `Option<Option<T>>`.
//!
//! The convention, the same in every crate: `Type::new(required…)`, then `.with_field(value)`
//! for each optional field; an optional field that may be `null` also has
//! `.with_field_null()`, so the three states are absent (no call), `null` and a value. Every
//! argument and setter takes `impl Into<T>`.

use super::docs::trusted_doc_attrs;
use super::traits::{traits, Trait};
use crate::model::{Api, FieldRepr, Param, ParamLocation, StructType, Ty, TypeKind};
use crate::naming::{self, ident, Scope};
use crate::rust_type::{ty_tokens, TyPath};
use proc_macro2::TokenStream;
use quote::quote;

/// How one member of a struct is given a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Role {
    /// An argument of `new`, of type `T`.
    Required,
    /// An argument of `new` that may be `null`, of type `Option<T>`.
    RequiredNullable,
    /// Set with `setter` to `Some(value)`; `None` until then.
    Optional { setter: String },
    /// Set with `setter` to a value; the spec's default (or `T::default()`) until then.
    Defaulted { setter: String },
    /// Set with `setter` to a value or with `null_setter` to `null`; absent until then.
    NullableOptional { setter: String, null_setter: String },
}

/// One member of a struct (a field, or a flattened union) and how it is given a value.
#[derive(Debug, Clone)]
pub(super) struct Member<'a> {
    /// The Rust field name.
    pub rust_name: &'a str,
    /// The property name on the wire; `None` for a flattened union.
    pub wire_name: Option<&'a str>,
    /// The value's type, without the `Option`s that optionality and nullability add.
    pub ty: &'a Ty,
    /// Whether the field holds the value in a `Box`.
    pub boxed: bool,
    /// How it is given a value.
    pub role: Role,
}

/// The members of a generated struct in declaration order, with their setter names.
pub(super) fn struct_members<'a>(api: &Api, s: &'a StructType) -> Vec<Member<'a>> {
    let mut names = Scope::with_reserved(&["new"]);
    let mut members: Vec<Member<'a>> = s
        .fields
        .iter()
        .map(|field| {
            let role = match field.repr() {
                FieldRepr::Plain => Role::Required,
                FieldRepr::Nullable => Role::RequiredNullable,
                FieldRepr::Defaulted => Role::Defaulted {
                    setter: names.claim(&naming::setter_name(&field.rust_name)),
                },
                FieldRepr::NullableOptional => Role::NullableOptional {
                    setter: names.claim(&naming::setter_name(&field.rust_name)),
                    null_setter: names.claim(&naming::null_setter_name(&field.rust_name)),
                },
                FieldRepr::Optional | FieldRepr::ReadOnly | FieldRepr::WriteOnly => {
                    Role::Optional {
                        setter: names.claim(&naming::setter_name(&field.rust_name)),
                    }
                }
            };
            Member {
                rust_name: &field.rust_name,
                wire_name: Some(&field.wire_name),
                ty: field.ty.strip_nullable().0,
                boxed: field.boxed,
                role,
            }
        })
        .collect();
    members.extend(s.flattened.iter().map(|flat| {
        let role = if has_default(api, &flat.ty) {
            Role::Defaulted {
                setter: names.claim(&naming::setter_name(&flat.rust_name)),
            }
        } else {
            Role::Required
        };
        Member {
            rust_name: &flat.rust_name,
            wire_name: None,
            ty: &flat.ty,
            boxed: false,
            role,
        }
    }));
    members
}

/// The members of an operation's parameter struct: its query, header and cookie parameters.
pub(super) fn param_members(params: &[Param]) -> Vec<Member<'_>> {
    let mut names = Scope::with_reserved(&["new"]);
    params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .map(|p| Member {
            rust_name: &p.rust_name,
            wire_name: Some(&p.wire_name),
            ty: p.ty.strip_nullable().0,
            boxed: false,
            role: if p.required {
                Role::Required
            } else {
                Role::Optional {
                    setter: names.claim(&naming::setter_name(&p.rust_name)),
                }
            },
        })
        .collect()
}

/// Whether an argument or setter for `member` takes `impl Into<T>` rather than `T`: for text,
/// numbers and boxed values, where a conversion saves the caller a call. A generated type is
/// taken as itself: proving `impl Into<T>` for a type nested a thousand levels deep overflows
/// the compiler's stack, and a caller already has the value.
pub(super) fn takes_into(member: &Member<'_>) -> bool {
    match member.ty {
        Ty::String | Ty::Int(_) | Ty::Float(_) => true,
        Ty::Named(_) => member.boxed,
        _ => false,
    }
}

/// Whether a value of `ty` implements `Default` in the generated code: for a generated type,
/// as [`traits`] says (a plain alias is the type it names).
fn has_default(api: &Api, ty: &Ty) -> bool {
    match ty {
        Ty::Named(id) => {
            let def = api.types.get(*id);
            match &def.kind {
                TypeKind::Alias(alias) if !alias.newtype => has_default(api, &alias.ty),
                _ => traits(api, def).contains(&Trait::Default),
            }
        }
        Ty::Date | Ty::DateTime | Ty::Uuid | Ty::Timestamp => false,
        _ => true,
    }
}

/// The `impl` block with `new` and the setters of the struct `name`. `initial` gives the value
/// of each member that `new` does not take (by Rust field name), and `rest` the fields that
/// are no member (the map of unnamed properties). When `has_default` says the struct
/// implements `Default` with those same values, a `new` without arguments returns it.
pub(super) fn builder_impl(
    api: &Api,
    name: &proc_macro2::Ident,
    members: &[Member<'_>],
    initial: &dyn Fn(&str) -> TokenStream,
    rest: &[proc_macro2::Ident],
    has_default: bool,
) -> TokenStream {
    let mut arguments = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    for member in members {
        let field = ident(member.rust_name);
        let exact = ty_tokens(api, member.ty, TyPath::Types, member.boxed);
        let (ty, convert) = if takes_into(member) {
            (quote!(impl Into<#exact>), quote!(.into()))
        } else {
            (exact.clone(), TokenStream::new())
        };
        let link = trusted_doc_attrs(&format!("Sets [`{0}`](Self::{0}).", field));
        match &member.role {
            Role::Required => {
                arguments.push(quote!(#field: #ty));
                inits.push(if convert.is_empty() {
                    quote!(#field)
                } else {
                    quote!(#field: #field #convert)
                });
            }
            Role::RequiredNullable => {
                arguments.push(quote!(#field: Option<#exact>));
                inits.push(quote!(#field));
            }
            Role::Optional { setter } | Role::Defaulted { setter } => {
                let setter = ident(setter);
                let init = initial(member.rust_name);
                inits.push(quote!(#field: #init));
                let value = match &member.role {
                    Role::Optional { .. } => quote!(Some(value #convert)),
                    _ => quote!(value #convert),
                };
                setters.push(quote! {
                    #link
                    #[must_use]
                    pub fn #setter(mut self, value: #ty) -> Self {
                        self.#field = #value;
                        self
                    }
                });
            }
            Role::NullableOptional {
                setter,
                null_setter,
            } => {
                let setter = ident(setter);
                let null_setter = ident(null_setter);
                let init = initial(member.rust_name);
                inits.push(quote!(#field: #init));
                let null_doc =
                    trusted_doc_attrs(&format!("Sends [`{0}`](Self::{0}) as `null`.", field));
                setters.push(quote! {
                    #link
                    #[must_use]
                    pub fn #setter(mut self, value: #ty) -> Self {
                        self.#field = Some(Some(value #convert));
                        self
                    }
                    #null_doc
                    #[must_use]
                    pub fn #null_setter(mut self) -> Self {
                        self.#field = Some(None);
                        self
                    }
                });
            }
        }
    }
    for field in rest {
        inits.push(quote!(#field: ::std::default::Default::default()));
    }
    let many = if arguments.len() > 7 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        TokenStream::new()
    };
    let new_doc = trusted_doc_attrs(if arguments.is_empty() {
        "A value with no field set; set them with the `with_` methods."
    } else {
        "A value with the required fields, in spec order; set the others with the `with_` methods."
    });
    let value = if arguments.is_empty() && has_default {
        quote!(Self::default())
    } else {
        quote!(Self { #(#inits),* })
    };
    quote! {
        impl #name {
            #new_doc
            #many
            #[must_use]
            pub fn new(#(#arguments),*) -> Self {
                #value
            }
            #(#setters)*
        }
    }
}
