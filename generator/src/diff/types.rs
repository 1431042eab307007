//! Compares the type arenas: pairs types across the revisions (by Rust name, then wire name,
//! then spec location, then shape), works out whether each is used in requests, responses or
//! both, and reports each pair's changes once, where the type is defined.

use super::{at, text_changed, ChangeKind, Cx, Impact, Side};
use crate::diagnostics::Location;
use crate::model::{Api, EnumType, FloatKind, IntKind, Ty, TypeDef, TypeId, TypeKind, UnionType};
use std::collections::{BTreeMap, BTreeSet};

/// Which old type became which new type.
#[derive(Debug, Default)]
pub(super) struct TypeMap {
    old_to_new: BTreeMap<TypeId, TypeId>,
}

impl TypeMap {
    /// The new type that an old type became.
    pub(super) fn paired(&self, old: TypeId) -> Option<TypeId> {
        self.old_to_new.get(&old).copied()
    }
}

/// Pairs the types of two models: same Rust name first, then same schema name, then the same
/// place in the spec (an inline schema whose name changed with its operation), then the same
/// shape.
pub(super) fn match_types(old: &Api, new: &Api) -> TypeMap {
    let mut map = TypeMap::default();
    let mut taken = BTreeSet::new();
    let passes: [&super::ops::Matcher<'_, TypeDef>; 3] = [
        &|a, b| a.name == b.name,
        &|a, b| a.wire_name.is_some() && a.wire_name == b.wire_name,
        &|a, b| origin_key(old, a) == origin_key(new, b),
    ];
    for pass in passes {
        for (old_id, old_def) in old.types.iter() {
            if map.old_to_new.contains_key(&old_id) {
                continue;
            }
            let found = new
                .types
                .iter()
                .find(|(new_id, new_def)| !taken.contains(new_id) && pass(old_def, new_def));
            if let Some((new_id, _)) = found {
                map.old_to_new.insert(old_id, new_id);
                taken.insert(new_id);
            }
        }
    }
    // Last, a schema renamed with its key (`Error` to `ApiError`): the same shape, when exactly
    // one type on each side has it.
    let unmatched_old: Vec<(TypeId, String)> = old
        .types
        .iter()
        .filter(|(id, _)| !map.old_to_new.contains_key(id))
        .map(|(id, def)| (id, shape(old, def)))
        .collect();
    let unmatched_new: Vec<(TypeId, String)> = new
        .types
        .iter()
        .filter(|(id, _)| !taken.contains(id))
        .map(|(id, def)| (id, shape(new, def)))
        .collect();
    for (old_id, old_shape) in &unmatched_old {
        let olds = unmatched_old.iter().filter(|(_, s)| s == old_shape).count();
        let news: Vec<&TypeId> = unmatched_new
            .iter()
            .filter(|(_, s)| s == old_shape)
            .map(|(id, _)| id)
            .collect();
        if let ([new_id], 1) = (news.as_slice(), olds) {
            map.old_to_new.insert(*old_id, **new_id);
        }
    }
    map
}

/// A type's shape as text, without its own name.
fn shape(api: &Api, def: &TypeDef) -> String {
    match &def.kind {
        TypeKind::Struct(s) => {
            let fields: Vec<String> = s
                .fields
                .iter()
                .map(|f| {
                    format!(
                        "{}:{}:{}",
                        f.wire_name,
                        f.rust_name,
                        super::fields::field_rust_ty(api, f)
                    )
                })
                .collect();
            let extra = s.additional.as_ref().map(|a| rust_ty(api, &a.value));
            let flattened: Vec<String> = s
                .flattened
                .iter()
                .map(|f| format!("{}:{}", f.rust_name, rust_ty(api, &f.ty)))
                .collect();
            format!(
                "struct {} {extra:?} [{}]",
                fields.join(","),
                flattened.join(",")
            )
        }
        TypeKind::Enum(e) => {
            let values: Vec<&str> = e.variants.iter().map(|v| v.wire_name.as_str()).collect();
            format!("enum {}", values.join(","))
        }
        TypeKind::Union(u) => {
            let variants: Vec<String> = u
                .variants
                .iter()
                .map(|v| format!("{}({})", v.rust_name, rust_ty(api, &v.ty)))
                .collect();
            format!("union {}", variants.join(","))
        }
        TypeKind::Alias(a) => format!("alias {} {}", a.newtype, rust_ty(api, &a.ty)),
        TypeKind::Pending => "pending".into(),
    }
}

/// A type's place in the spec, with the root file left out so two copies of a spec compare equal.
fn origin_key(api: &Api, def: &TypeDef) -> (String, String) {
    let file = if def.origin.file == api.spec {
        String::new()
    } else {
        def.origin.file.clone()
    };
    (file, def.origin.pointer.clone())
}

/// The types that requests and responses reach, directly or through other types.
#[derive(Debug, Default)]
pub(super) struct Usage {
    request: BTreeSet<TypeId>,
    response: BTreeSet<TypeId>,
}

impl Usage {
    /// Walks every operation's parameters, bodies and responses.
    pub(super) fn of(api: &Api) -> Usage {
        let mut usage = Usage::default();
        for op in &api.operations {
            for param in &op.params {
                reach(api, &param.ty, &mut usage.request);
            }
            if let Some(body) = &op.body {
                reach(api, &body.ty, &mut usage.request);
            }
            for response in &op.responses {
                if let Some(body) = &response.body {
                    reach(api, &body.ty, &mut usage.response);
                }
            }
        }
        usage
    }
}

fn reach(api: &Api, ty: &Ty, out: &mut BTreeSet<TypeId>) {
    match ty {
        Ty::Named(id) => {
            if !out.insert(*id) {
                return;
            }
            match &api.types.get(*id).kind {
                TypeKind::Struct(s) => {
                    for field in &s.fields {
                        reach(api, &field.ty, out);
                    }
                    if let Some(additional) = &s.additional {
                        reach(api, &additional.value, out);
                    }
                    for flat in &s.flattened {
                        reach(api, &flat.ty, out);
                    }
                }
                TypeKind::Union(u) => u.variants.iter().for_each(|v| reach(api, &v.ty, out)),
                TypeKind::Alias(a) => reach(api, &a.ty, out),
                TypeKind::Enum(_) | TypeKind::Pending => {}
            }
        }
        Ty::Array(inner) | Ty::Map(inner) | Ty::Nullable(inner) => reach(api, inner, out),
        _ => {}
    }
}

/// Where a pair of types is used; a type no operation reaches counts as both (it is public).
#[derive(Debug, Clone, Copy)]
pub(super) struct Context {
    /// Whether requests use the type (callers build it).
    pub(super) request: bool,
    /// Whether responses use the type (the client decodes it).
    pub(super) response: bool,
    /// Whether no operation uses it (it is still public, so it counts as both).
    unused: bool,
}

impl Context {
    /// Where the type is used, as a phrase for reasons.
    pub(super) fn describe(self) -> &'static str {
        match (self.request, self.response) {
            _ if self.unused => "used by no operation (public, so treated as a request type)",
            (true, true) => "used in requests and responses",
            (true, false) => "used in requests",
            _ => "used in responses only",
        }
    }
}

/// A type expression as Rust, with named types by name and runtime types without their path.
pub(super) fn rust_ty(api: &Api, ty: &Ty) -> String {
    match ty {
        Ty::Named(id) => api.types.get(*id).name.clone(),
        Ty::String => "String".into(),
        Ty::Bool => "bool".into(),
        Ty::Int(kind) => match kind {
            IntKind::I8 => "i8",
            IntKind::I16 => "i16",
            IntKind::I32 => "i32",
            IntKind::I64 => "i64",
            IntKind::U8 => "u8",
            IntKind::U16 => "u16",
            IntKind::U32 => "u32",
            IntKind::U64 => "u64",
        }
        .into(),
        Ty::Float(FloatKind::F32) => "f32".into(),
        Ty::Float(FloatKind::F64) => "f64".into(),
        Ty::Date => "NaiveDate".into(),
        Ty::DateTime => "DateTime<Utc>".into(),
        Ty::Uuid => "Uuid".into(),
        Ty::Base64 => "Base64".into(),
        Ty::Binary => "Binary".into(),
        Ty::Timestamp => "Timestamp".into(),
        Ty::Any => "Value".into(),
        Ty::JsonObject => "Map<String, Value>".into(),
        Ty::Array(inner) => format!("Vec<{}>", rust_ty(api, inner)),
        Ty::Map(inner) => format!("BTreeMap<String, {}>", rust_ty(api, inner)),
        Ty::Nullable(inner) => format!("Option<{}>", rust_ty(api, inner)),
    }
}

/// Reports added, removed and changed types.
pub(super) fn compare_types(cx: &mut Cx<'_>) {
    let (old_api, new_api) = (cx.old, cx.new);
    for (new_id, def) in new_api.types.iter() {
        match cx
            .types
            .old_to_new
            .iter()
            .find(|(_, n)| **n == new_id)
            .map(|(o, _)| *o)
        {
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

fn context(cx: &Cx<'_>, old: TypeId, new: TypeId) -> Context {
    let request = cx.old_usage.request.contains(&old) || cx.new_usage.request.contains(&new);
    let response = cx.old_usage.response.contains(&old) || cx.new_usage.response.contains(&new);
    let unused = !request && !response;
    Context {
        request: request || unused,
        response: response || unused,
        unused,
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
