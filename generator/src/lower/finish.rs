//! The last pass over the type graph: boxes the fields that make a type contain itself or
//! nest types too deeply, turns recursive aliases into newtypes, and works out which structs
//! can derive `Default`.

use crate::model::{Api, FieldRepr, Ty, TypeArena, TypeId, TypeKind};
use std::collections::BTreeSet;

/// Runs every finishing step.
pub(crate) fn finish(api: &mut Api) {
    break_recursion(&mut api.types);
    break_deep_nesting(&mut api.types);
    recursive_aliases(&mut api.types);
    derive_default(&mut api.types);
}

/// Named types reached from `ty` without an indirection (`Vec` and maps allocate; `Option` does not).
fn direct(ty: &Ty, types: &TypeArena, out: &mut BTreeSet<TypeId>) {
    match ty {
        Ty::Named(id) => {
            out.insert(*id);
            // An alias is transparent: what it names is contained directly too.
            if let TypeKind::Alias(alias) = &types.get(*id).kind {
                if !alias.newtype {
                    let mut seen = BTreeSet::new();
                    alias_direct(&alias.ty, types, out, &mut seen);
                }
            }
        }
        Ty::Nullable(inner) => direct(inner, types, out),
        _ => {}
    }
}

fn alias_direct(
    ty: &Ty,
    types: &TypeArena,
    out: &mut BTreeSet<TypeId>,
    seen: &mut BTreeSet<TypeId>,
) {
    match ty {
        Ty::Named(id) => {
            if !seen.insert(*id) {
                return;
            }
            out.insert(*id);
            if let TypeKind::Alias(alias) = &types.get(*id).kind {
                alias_direct(&alias.ty, types, out, seen);
            }
        }
        Ty::Nullable(inner) => alias_direct(inner, types, out, seen),
        _ => {}
    }
}

/// Every named type reached from `ty`, through any container.
fn any_reach(ty: &Ty, out: &mut BTreeSet<TypeId>) {
    match ty {
        Ty::Named(id) => {
            out.insert(*id);
        }
        Ty::Nullable(inner) | Ty::Array(inner) | Ty::Map(inner) => any_reach(inner, out),
        _ => {}
    }
}

/// Which members of a type count as holding another type directly.
#[derive(Clone, Copy, PartialEq)]
enum Members {
    /// Every member, boxed or not: what the spec's shape contains.
    All,
    /// The members not boxed yet: what the Rust type still holds inline.
    Unboxed,
}

/// The direct-containment edges of one type, through the members `members` names.
fn edges(types: &TypeArena, id: TypeId, members: Members) -> BTreeSet<TypeId> {
    let counts = |boxed: bool| members == Members::All || !boxed;
    let mut out = BTreeSet::new();
    match &types.get(id).kind {
        TypeKind::Struct(s) => {
            s.fields
                .iter()
                .filter(|f| counts(f.boxed))
                .for_each(|f| direct(&f.ty, types, &mut out));
            s.flattened
                .iter()
                .for_each(|f| direct(&f.ty, types, &mut out));
        }
        TypeKind::Union(u) => u
            .variants
            .iter()
            .filter(|v| counts(v.boxed))
            .for_each(|v| direct(&v.ty, types, &mut out)),
        TypeKind::Alias(a) => direct(&a.ty, types, &mut out),
        TypeKind::Enum(_) | TypeKind::Pending => {}
    }
    out
}

/// Whether `to` can reach `from` through direct containment (so `from` containing `to` is infinite).
fn reaches(types: &TypeArena, start: TypeId, target: TypeId) -> bool {
    let mut stack = vec![start];
    let mut seen = BTreeSet::new();
    while let Some(id) = stack.pop() {
        if id == target {
            return true;
        }
        if seen.insert(id) {
            stack.extend(edges(types, id, Members::All));
        }
    }
    false
}

fn break_recursion(types: &mut TypeArena) {
    for id in types.ids().collect::<Vec<_>>() {
        let mut boxes: Vec<usize> = Vec::new();
        match &types.get(id).kind {
            TypeKind::Struct(s) => {
                for (i, field) in s.fields.iter().enumerate() {
                    let mut targets = BTreeSet::new();
                    direct(&field.ty, types, &mut targets);
                    if targets.iter().any(|t| reaches(types, *t, id)) {
                        boxes.push(i);
                    }
                }
            }
            TypeKind::Union(u) => {
                for (i, variant) in u.variants.iter().enumerate() {
                    let mut targets = BTreeSet::new();
                    direct(&variant.ty, types, &mut targets);
                    if targets.iter().any(|t| reaches(types, *t, id)) {
                        boxes.push(i);
                    }
                }
            }
            _ => {}
        }
        match &mut types.get_mut(id).kind {
            TypeKind::Struct(s) => {
                for (i, field) in s.fields.iter_mut().enumerate() {
                    field.boxed |= boxes.contains(&i);
                }
            }
            TypeKind::Union(u) => {
                for (i, variant) in u.variants.iter_mut().enumerate() {
                    variant.boxed |= boxes.contains(&i);
                }
            }
            _ => {}
        }
    }
}

/// How many types may hold one another directly (without a `Box`, `Vec` or map between them).
///
/// rustc checks such a chain recursively, several stack frames per level: a spec with a chain of
/// 1,000 nested objects made it overflow its stack (and the value is as deep on the caller's
/// stack). Past this depth a field is boxed, as a recursive one is.
const MAX_DIRECT_NESTING: usize = 64;

/// Boxes the fields and variants through which a type would hold more than
/// [`MAX_DIRECT_NESTING`] levels of types directly. Runs after [`break_recursion`], so the
/// direct-containment graph has no cycles; a cycle left anyway counts as a level and stops.
fn break_deep_nesting(types: &mut TypeArena) {
    let ids: Vec<TypeId> = types.ids().collect();
    let mut depth: Vec<Option<usize>> = vec![None; ids.len()];
    // The walk is depth-first, children before parents, and iterative, since chains can be
    // thousands of types long.
    for &root in &ids {
        let mut stack = vec![(root, false)];
        let mut on_path = BTreeSet::new();
        while let Some((id, children_done)) = stack.pop() {
            if depth.get(id.index()).copied().flatten().is_some() {
                continue;
            }
            if !children_done {
                if !on_path.insert(id) {
                    continue;
                }
                stack.push((id, true));
                for child in edges(types, id, Members::Unboxed) {
                    if depth.get(child.index()).copied().flatten().is_none()
                        && !on_path.contains(&child)
                    {
                        stack.push((child, false));
                    }
                }
                continue;
            }
            on_path.remove(&id);
            let child_depth = |ty: &Ty| {
                let mut targets = BTreeSet::new();
                direct(ty, types, &mut targets);
                targets
                    .iter()
                    .filter_map(|t| depth.get(t.index()).copied().flatten())
                    .max()
                    .unwrap_or(0)
            };
            // Members at the limit are boxed; the others set this type's depth.
            let mut deepest = 0;
            let mut boxes = Vec::new();
            let mut weigh = |members: &mut dyn Iterator<Item = (usize, &Ty)>| {
                for (i, ty) in members {
                    let below = child_depth(ty);
                    if below >= MAX_DIRECT_NESTING {
                        boxes.push(i);
                    } else {
                        deepest = deepest.max(below);
                    }
                }
            };
            match &types.get(id).kind {
                TypeKind::Struct(s) => {
                    weigh(
                        &mut s
                            .fields
                            .iter()
                            .enumerate()
                            .filter(|(_, f)| !f.boxed)
                            .map(|(i, f)| (i, &f.ty)),
                    );
                    // A flattened member cannot be boxed; it only counts.
                    for flat in &s.flattened {
                        deepest = deepest.max(child_depth(&flat.ty));
                    }
                }
                TypeKind::Union(u) => weigh(
                    &mut u
                        .variants
                        .iter()
                        .enumerate()
                        .filter(|(_, v)| !v.boxed)
                        .map(|(i, v)| (i, &v.ty)),
                ),
                TypeKind::Alias(alias) => deepest = child_depth(&alias.ty),
                TypeKind::Enum(_) | TypeKind::Pending => {}
            }
            // A plain alias is the type it names, not a level of its own.
            let own_level = match &types.get(id).kind {
                TypeKind::Alias(alias) => usize::from(alias.newtype),
                _ => 1,
            };
            match &mut types.get_mut(id).kind {
                TypeKind::Struct(s) => boxes.iter().for_each(|&i| {
                    if let Some(field) = s.fields.get_mut(i) {
                        field.boxed = true;
                    }
                }),
                TypeKind::Union(u) => boxes.iter().for_each(|&i| {
                    if let Some(variant) = u.variants.get_mut(i) {
                        variant.boxed = true;
                    }
                }),
                _ => {}
            }
            if let Some(slot) = depth.get_mut(id.index()) {
                *slot = Some(deepest + own_level);
            }
        }
    }
}

/// Rust rejects a `type` alias that mentions itself, even through `Vec`; such aliases become newtypes.
fn recursive_aliases(types: &mut TypeArena) {
    for id in types.ids().collect::<Vec<_>>() {
        let TypeKind::Alias(alias) = &types.get(id).kind else {
            continue;
        };
        let mut first = BTreeSet::new();
        any_reach(&alias.ty, &mut first);
        let mut stack: Vec<TypeId> = first.into_iter().collect();
        let mut seen = BTreeSet::new();
        let mut recursive = false;
        while let Some(next) = stack.pop() {
            if next == id {
                recursive = true;
                break;
            }
            if !seen.insert(next) {
                continue;
            }
            if let TypeKind::Alias(a) = &types.get(next).kind {
                let mut reached = BTreeSet::new();
                any_reach(&a.ty, &mut reached);
                stack.extend(reached);
            }
        }
        if recursive {
            if let TypeKind::Alias(alias) = &mut types.get_mut(id).kind {
                alias.newtype = true;
            }
        }
    }
}

/// Whether a value of `ty` has a meaningful `Default`, given what is known about named types.
/// Dates, times and ids have no meaningful default, so a struct requiring one derives none.
fn defaultable(ty: &Ty, known: &[bool]) -> bool {
    match ty {
        Ty::Named(id) => known.get(id.index()).copied().unwrap_or(false),
        Ty::Date | Ty::DateTime | Ty::Uuid | Ty::Timestamp => false,
        _ => true,
    }
}

fn derive_default(types: &mut TypeArena) {
    let mut known: Vec<bool> = types
        .defs()
        .map(|def| match &def.kind {
            TypeKind::Struct(_) => true,
            TypeKind::Alias(_) => true,
            TypeKind::Enum(e) => e.variants.len() == 1,
            TypeKind::Union(_) | TypeKind::Pending => false,
        })
        .collect();
    loop {
        let mut changed = false;
        for (id, def) in types.iter() {
            if !known.get(id.index()).copied().unwrap_or(false) {
                continue;
            }
            let ok = match &def.kind {
                TypeKind::Struct(s) => {
                    // A required field has no default a caller may rely on: a request
                    // missing it must not compile, so the struct is built with `new`.
                    s.fields
                        .iter()
                        .all(|f| !matches!(f.repr(), FieldRepr::Plain | FieldRepr::Nullable))
                        && s.flattened.iter().all(|f| defaultable(&f.ty, &known))
                }
                TypeKind::Alias(a) => defaultable(&a.ty, &known),
                _ => true,
            };
            if !ok {
                if let Some(slot) = known.get_mut(id.index()) {
                    *slot = false;
                }
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    for (id, def) in types.iter_mut() {
        if let TypeKind::Struct(s) = &mut def.kind {
            s.derive_default = known.get(id.index()).copied().unwrap_or(false);
        }
    }
}
