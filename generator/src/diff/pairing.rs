//! Pairs the types of two revisions (by Rust name, then wire name, then spec location, then
//! shape) and works out where each is used, so that every other comparison can ask which old
//! type became which new one and whether callers build it, read it, or both.

use super::Cx;
use crate::model::{Api, Ty, TypeDef, TypeId, TypeKind};
use crate::rust_type::{field_text, ty_text};
use std::collections::{BTreeMap, BTreeSet};

/// A test of whether two items of the revisions are the same item, one pass of a pairing.
pub(super) type Matcher<'a, T> = dyn Fn(&T, &T) -> bool + 'a;

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

    /// The old type that became a new type.
    pub(super) fn old_of(&self, new: TypeId) -> Option<TypeId> {
        self.old_to_new
            .iter()
            .find(|(_, paired)| **paired == new)
            .map(|(old, _)| *old)
    }
}

/// Pairs the types of two models: same Rust name first, then same schema name, then the same
/// place in the spec (an inline schema whose name changed with its operation), then the same
/// shape.
pub(super) fn match_types(old: &Api, new: &Api) -> TypeMap {
    let mut map = TypeMap::default();
    let mut taken = BTreeSet::new();
    let passes: [&Matcher<'_, TypeDef>; 3] = [
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
                .map(|f| format!("{}:{}:{}", f.wire_name, f.rust_name, field_text(api, f)))
                .collect();
            let extra = s.additional.as_ref().map(|a| ty_text(api, &a.value));
            let flattened: Vec<String> = s
                .flattened
                .iter()
                .map(|f| format!("{}:{}", f.rust_name, ty_text(api, &f.ty)))
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
                .map(|v| format!("{}({})", v.rust_name, ty_text(api, &v.ty)))
                .collect();
            format!("union {}", variants.join(","))
        }
        TypeKind::Alias(a) => format!("alias {} {}", a.newtype, ty_text(api, &a.ty)),
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

/// Where a pair of types is used, from both revisions' usage.
pub(super) fn context(cx: &Cx<'_>, old: TypeId, new: TypeId) -> Context {
    let request = cx.old_usage.request.contains(&old) || cx.new_usage.request.contains(&new);
    let response = cx.old_usage.response.contains(&old) || cx.new_usage.response.contains(&new);
    let unused = !request && !response;
    Context {
        request: request || unused,
        response: response || unused,
        unused,
    }
}
