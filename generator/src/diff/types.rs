//! Compares the type arenas: reports each pair of types (paired by `pairing`) once, where the
//! type is defined, and the types that were added or removed.

use super::pairing::{context, Context};
use super::{at, text_changed, ChangeKind, Cx, Impact, Side};
use crate::diagnostics::Location;
use crate::model::{EnumType, TypeDef, TypeId, TypeKind, UnionType};

/// Reports added, removed and changed types.
pub(super) fn compare_types(cx: &mut Cx<'_>) {
    let (old_api, new_api) = (cx.old, cx.new);
    for (new_id, def) in new_api.types.iter() {
        match cx.types.old_of(new_id) {
            Some(old_id) => compare_pair(cx, old_id, new_id),
            None => cx.push(
                Impact::Minor,
                ChangeKind::TypeAdded,
                Side::New,
                &def.origin,
                format!("type `{}` added", def.name),
                "a new public type; existing code is unaffected",
            ),
        }
    }
    for (old_id, def) in old_api.types.iter() {
        if cx.types.paired(old_id).is_none() {
            cx.push(
                Impact::Breaking,
                ChangeKind::TypeRemoved,
                Side::Old,
                &def.origin,
                format!("type `{}` removed", def.name),
                format!("code that names `{}` stops compiling", def.name),
            );
        }
    }
}

fn compare_pair(cx: &mut Cx<'_>, old_id: TypeId, new_id: TypeId) {
    let (old_api, new_api) = (cx.old, cx.new);
    let (old, new) = (old_api.types.get(old_id), new_api.types.get(new_id));
    let name = new.name.clone();
    if old.name != new.name {
        cx.push(
            Impact::Breaking,
            ChangeKind::TypeRenamed,
            Side::New,
            &new.origin,
            format!("type `{}` renamed to `{}`", old.name, new.name),
            format!("code that names `{}` stops compiling", old.name),
        );
    }
    if text_changed(old.doc.as_deref(), new.doc.as_deref()) {
        cx.push(
            Impact::Patch,
            ChangeKind::Documentation,
            Side::New,
            &new.origin,
            format!("description of type `{name}` changed"),
            "documentation only",
        );
    }
    let context = context(cx, old_id, new_id);
    compare_traits(cx, &name, &new.origin, (old, new));
    match (&old.kind, &new.kind) {
        (TypeKind::Struct(a), TypeKind::Struct(b)) => {
            let names = (old.name.clone(), name.clone());
            super::fields::compare_struct(cx, names, &new.origin, a, b, context)
        }
        (TypeKind::Enum(a), TypeKind::Enum(b)) => {
            compare_enum(cx, (&old.name, &old.origin), (&name, &new.origin), a, b)
        }
        (TypeKind::Union(a), TypeKind::Union(b)) => {
            compare_union(cx, &name, &new.origin, a, b, context)
        }
        (TypeKind::Alias(a), TypeKind::Alias(b)) => {
            if !cx.same(&a.ty, &b.ty) || a.newtype != b.newtype {
                let shape = |newtype: bool, ty: String| {
                    if newtype {
                        format!("struct {name}({ty})")
                    } else {
                        format!("type {name} = {ty}")
                    }
                };
                let was = shape(a.newtype, cx.old_ty(&a.ty));
                let now = shape(b.newtype, cx.new_ty(&b.ty));
                cx.push(
                    Impact::Breaking,
                    ChangeKind::TypeChanged,
                    Side::New,
                    &new.origin,
                    format!("`{was}` becomes `{now}`"),
                    format!("code that builds or reads `{name}` as before stops compiling"),
                );
            }
        }
        (a, b) => cx.push(
            Impact::Breaking,
            ChangeKind::TypeChanged,
            Side::New,
            &new.origin,
            format!(
                "type `{name}` changes from {} to {}",
                kind_name(a),
                kind_name(b)
            ),
            format!("code that builds or reads `{name}` stops compiling"),
        ),
    }
}

/// Compares the trait implementations the emitted code gives the type in each revision: a lost
/// one breaks the code that used it, whatever in the spec caused it; a gained one is an addition.
fn compare_traits(
    cx: &mut Cx<'_>,
    name: &str,
    origin: &Location,
    (old, new): (&TypeDef, &TypeDef),
) {
    let was = crate::emit::traits::traits(cx.old, old);
    let now = crate::emit::traits::traits(cx.new, new);
    for lost in was.difference(&now) {
        cx.push(
            Impact::Breaking,
            ChangeKind::TraitRemoved,
            Side::New,
            origin,
            format!("`{name}` no longer implements `{lost}`"),
            lost.lost(name),
        );
    }
    for gained in now.difference(&was) {
        cx.push(
            Impact::Minor,
            ChangeKind::TraitAdded,
            Side::New,
            origin,
            format!("`{name}` now implements `{gained}`"),
            "an added trait implementation",
        );
    }
}

/// Compares the values of a string enum. Enums are open (values the client does not know decode
/// as the catch-all variant), so a new value is an addition.
fn compare_enum(
    cx: &mut Cx<'_>,
    (old_name, old_origin): (&str, &Location),
    (name, new_origin): (&str, &Location),
    a: &EnumType,
    b: &EnumType,
) {
    let location = new_origin.clone();
    for variant in &b.variants {
        if !a.variants.iter().any(|v| v.wire_name == variant.wire_name) {
            cx.push(
                Impact::Minor,
                ChangeKind::EnumValueAdded,
                Side::New,
                &at(&location, "enum"),
                format!(
                    "`{name}::{}` added (value {:?})",
                    variant.rust_name, variant.wire_name
                ),
                format!(
                    "`{name}` is `#[non_exhaustive]`, so every `match` on it outside the crate \
                     already has a wildcard arm, and unknown values decode as `{name}::{}`",
                    b.unknown_variant
                ),
            );
        }
    }
    for variant in &a.variants {
        match b.variants.iter().find(|v| v.wire_name == variant.wire_name) {
            None => cx.push(
                Impact::Breaking,
                ChangeKind::EnumValueRemoved,
                Side::Old,
                &at(old_origin, "enum"),
                format!(
                    "`{}::{}` removed (value {:?})",
                    old_name, variant.rust_name, variant.wire_name
                ),
                format!(
                    "code that names `{}::{}` stops compiling",
                    old_name, variant.rust_name
                ),
            ),
            Some(now) if now.rust_name != variant.rust_name => cx.push(
                Impact::Breaking,
                ChangeKind::TypeChanged,
                Side::New,
                &at(&location, "enum"),
                format!(
                    "`{name}::{}` renamed to `{name}::{}` (value {:?})",
                    variant.rust_name, now.rust_name, now.wire_name
                ),
                format!(
                    "code that names `{name}::{}` stops compiling",
                    variant.rust_name
                ),
            ),
            Some(now) if text_changed(variant.doc.as_deref(), now.doc.as_deref()) => cx.push(
                Impact::Patch,
                ChangeKind::Documentation,
                Side::New,
                &location,
                format!("description of `{name}::{}` changed", now.rust_name),
                "documentation only",
            ),
            Some(_) => {}
        }
    }
    if a.unknown_variant != b.unknown_variant {
        cx.push(
            Impact::Breaking,
            ChangeKind::TypeChanged,
            Side::New,
            &location,
            format!(
                "catch-all variant `{name}::{}` renamed to `{name}::{}`",
                a.unknown_variant, b.unknown_variant
            ),
            format!(
                "code that names `{name}::{}` stops compiling",
                a.unknown_variant
            ),
        );
    }
}

fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "a struct",
        TypeKind::Enum(_) => "a string enum",
        TypeKind::Union(_) => "a union enum",
        TypeKind::Alias(_) => "an alias",
        TypeKind::Pending => "an unfinished type",
    }
}

/// Compares the alternatives of a union. Generated unions are `#[non_exhaustive]`, so a new
/// alternative is an addition: every `match` on one outside the crate has a wildcard arm.
fn compare_union(
    cx: &mut Cx<'_>,
    name: &str,
    origin: &Location,
    a: &UnionType,
    b: &UnionType,
    context: Context,
) {
    for variant in &b.variants {
        if a.variants.iter().any(|v| v.rust_name == variant.rust_name) {
            continue;
        }
        cx.push(
            Impact::Minor,
            ChangeKind::VariantAdded,
            Side::New,
            origin,
            format!(
                "variant `{name}::{}({})` added",
                variant.rust_name,
                cx.new_ty(&variant.ty)
            ),
            format!(
                "`{name}` ({}) is `#[non_exhaustive]`: `match`es on it already have a wildcard arm",
                context.describe()
            ),
        );
    }
    for variant in &a.variants {
        match b.variants.iter().find(|v| v.rust_name == variant.rust_name) {
            None => cx.push(
                Impact::Breaking,
                ChangeKind::VariantRemoved,
                Side::New,
                origin,
                format!("variant `{name}::{}` removed", variant.rust_name),
                format!(
                    "code that builds or matches `{name}::{}` stops compiling",
                    variant.rust_name
                ),
            ),
            Some(now) if !cx.same(&variant.ty, &now.ty) || variant.boxed != now.boxed => cx.push(
                Impact::Breaking,
                ChangeKind::TypeChanged,
                Side::New,
                origin,
                format!(
                    "variant `{name}::{}` holds `{}` instead of `{}`",
                    now.rust_name,
                    cx.new_ty(&now.ty),
                    cx.old_ty(&variant.ty)
                ),
                format!(
                    "code that builds or matches `{name}::{}` as before stops compiling",
                    now.rust_name
                ),
            ),
            Some(now) if variant.tags != now.tags => cx.push(
                Impact::Patch,
                ChangeKind::TypeChanged,
                Side::New,
                origin,
                format!(
                    "tags of `{name}::{}` change from {:?} to {:?}",
                    now.rust_name, variant.tags, now.tags
                ),
                "which tag selects the alternative on the wire; the Rust type is unchanged",
            ),
            Some(_) => {}
        }
    }
    let tagging = |t: &crate::model::Tagging| match t {
        crate::model::Tagging::Tagged { property } => format!("tagged by {property:?}"),
        crate::model::Tagging::Untagged => "untagged".to_string(),
    };
    if tagging(&a.tagging) != tagging(&b.tagging) {
        cx.push(
            Impact::Patch,
            ChangeKind::TypeChanged,
            Side::New,
            origin,
            format!(
                "`{name}` is now {} (was {})",
                tagging(&b.tagging),
                tagging(&a.tagging)
            ),
            "how alternatives are told apart on the wire; the Rust type is unchanged",
        );
    }
}
