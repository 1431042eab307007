//! Compares the fields of a struct pair: added, removed, retyped, made nullable, required or
//! optional, with the impact depending on whether requests use the struct (callers build it)
//! or only responses do (the client decodes it).

use super::pairing::Context;
use super::{at, text_changed, ChangeKind, Cx, Impact, Side};
use crate::diagnostics::Location;
use crate::model::{Field, FieldRepr, StructType, Ty};
use crate::rust_type::field_text;

/// How many `Option`s a field's representation wraps its type in.
fn wrapping(field: &Field) -> usize {
    match field.repr() {
        FieldRepr::Plain | FieldRepr::Defaulted => 0,
        FieldRepr::NullableOptional => 2,
        _ => 1,
    }
}

/// Compares two revisions of a struct: its fields, the map of unnamed properties, and whether
/// it implements `Default`.
pub(super) fn compare_struct(
    cx: &mut Cx<'_>,
    (old_name, name): (String, String),
    origin: &Location,
    a: &StructType,
    b: &StructType,
    context: Context,
) {
    for field in &b.fields {
        match a.fields.iter().find(|f| f.wire_name == field.wire_name) {
            None => field_added(cx, &name, b, field, context),
            Some(old) => compare_field(cx, &name, old, field, context),
        }
    }
    for field in &a.fields {
        if !b.fields.iter().any(|f| f.wire_name == field.wire_name) {
            cx.push(
                Impact::Breaking,
                field_kind(context, FieldChange::Removed),
                Side::Old,
                &field.origin,
                format!(
                    "field `{old_name}.{}` removed (property {:?})",
                    field.rust_name, field.wire_name
                ),
                format!(
                    "code that reads or sets `{old_name}.{}` stops compiling",
                    field.rust_name
                ),
            );
        }
    }
    let origin = origin.clone();
    match (&a.additional, &b.additional) {
        (None, Some(extra)) => {
            let (impact, reason) = addition(context, &name, b, &extra.rust_name, false);
            cx.push(
                impact,
                field_kind(context, FieldChange::Added),
                Side::New,
                &at(&origin, "additionalProperties"),
                format!(
                    "`{name}.{}` added: the object now keeps properties it does not name",
                    extra.rust_name
                ),
                reason,
            );
        }
        (Some(extra), None) => cx.push(
            Impact::Breaking,
            field_kind(context, FieldChange::Removed),
            Side::New,
            &origin,
            format!(
                "`{name}.{}` removed: the object no longer keeps properties it does not name",
                extra.rust_name
            ),
            format!(
                "code that reads or sets `{name}.{}` stops compiling",
                extra.rust_name
            ),
        ),
        (Some(x), Some(y)) if !cx.same(&x.value, &y.value) || x.rust_name != y.rust_name => cx
            .push(
                Impact::Breaking,
                field_kind(context, FieldChange::Retyped),
                Side::New,
                &at(&origin, "additionalProperties"),
                format!(
                    "`{name}.{}: BTreeMap<String, {}>` becomes `{name}.{}: BTreeMap<String, {}>`",
                    x.rust_name,
                    cx.old_ty(&x.value),
                    y.rust_name,
                    cx.new_ty(&y.value)
                ),
                "code that reads or fills the map as before stops compiling",
            ),
        _ => {}
    }
    // Flattened unions (properties beside a `oneOf`): a field added, removed or retyped changes
    // how callers build and read the struct.
    let flattened = |s: &StructType, new: bool, cx: &Cx<'_>| -> Vec<(String, String)> {
        s.flattened
            .iter()
            .map(|f| {
                (
                    f.rust_name.clone(),
                    if new {
                        cx.new_ty(&f.ty)
                    } else {
                        cx.old_ty(&f.ty)
                    },
                )
            })
            .collect()
    };
    let (was, now) = (flattened(a, false, cx), flattened(b, true, cx));
    if was != now {
        let show = |list: &[(String, String)]| {
            list.iter()
                .map(|(n, t)| format!("{n}: {t}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        cx.push(
            Impact::Breaking,
            field_kind(context, FieldChange::Retyped),
            Side::New,
            &origin,
            format!(
                "the alternatives flattened into `{name}` change from [{}] to [{}]",
                show(&was),
                show(&now)
            ),
            "code that builds or matches the flattened alternatives stops compiling",
        );
    }
    if a.multipart != b.multipart {
        cx.push(
            Impact::Patch,
            ChangeKind::TypeChanged,
            Side::New,
            &origin,
            format!(
                "`{name}` is {} sent as a multipart body",
                if b.multipart { "now" } else { "no longer" }
            ),
            "how the body is encoded; the Rust type is unchanged",
        );
    }
}

/// What happened to a field, before the request/response context picks the change kind.
#[derive(Clone, Copy)]
enum FieldChange {
    Added,
    Removed,
    Retyped,
    Nullable,
    Required,
}

/// The change kind for a field of a type in this context: request kinds when requests use it.
fn field_kind(context: Context, change: FieldChange) -> ChangeKind {
    match (context.request, change) {
        (true, FieldChange::Added) => ChangeKind::RequestFieldAdded,
        (true, FieldChange::Removed) => ChangeKind::RequestFieldRemoved,
        (true, FieldChange::Retyped) => ChangeKind::RequestFieldRetyped,
        (true, FieldChange::Nullable) => ChangeKind::RequestFieldNullable,
        (true, FieldChange::Required) => ChangeKind::RequestFieldRequired,
        (false, FieldChange::Added) => ChangeKind::ResponseFieldAdded,
        (false, FieldChange::Removed) => ChangeKind::ResponseFieldRemoved,
        (false, FieldChange::Retyped) => ChangeKind::ResponseFieldRetyped,
        (false, FieldChange::Nullable) => ChangeKind::ResponseFieldNullable,
        (false, FieldChange::Required) => ChangeKind::ResponseFieldRequired,
    }
}

/// The impact and reason of a new field: breaking when requests must now supply it, an
/// addition otherwise (struct literals need the new field, which the policy accepts as minor).
fn addition(
    context: Context,
    name: &str,
    s: &StructType,
    field: &str,
    required: bool,
) -> (Impact, String) {
    if !context.request {
        return (
            Impact::Minor,
            format!(
                "`{name}` is {}: the client decodes it, callers do not build it",
                context.describe()
            ),
        );
    }
    if required {
        return (
            Impact::Breaking,
            format!(
                "required in a type {}: every `{name} {{ .. }}` literal must supply it",
                context.describe()
            ),
        );
    }
    if s.derive_default {
        (
            Impact::Minor,
            format!(
                "optional: struct literals of `{name}` must add \
            `{field}` or `..Default::default()` (counted as an \
            addition by policy)"
            ),
        )
    } else {
        (
            Impact::Minor,
            format!(
                "optional: struct literals of `{name}` must add \
            `{field}: None` (counted as an addition by policy)"
            ),
        )
    }
}

/// Reports a new field.
fn field_added(cx: &mut Cx<'_>, name: &str, s: &StructType, field: &Field, context: Context) {
    let required = field.required && !field.read_only;
    let (impact, reason) = addition(context, name, s, &field.rust_name, required);
    let ty = field_text(cx.new, field);
    let how = if required { "required" } else { "optional" };
    cx.push(
        impact,
        field_kind(context, FieldChange::Added),
        Side::New,
        &field.origin,
        format!(
            "field `{name}.{}: {ty}` added ({how} property {:?})",
            field.rust_name, field.wire_name
        ),
        reason,
    );
}

/// Compares one field present in both revisions.
fn compare_field(cx: &mut Cx<'_>, name: &str, old: &Field, new: &Field, context: Context) {
    let subject = format!("`{name}.{}`", new.rust_name);
    if old.rust_name != new.rust_name {
        cx.push(
            Impact::Breaking,
            field_kind(context, FieldChange::Retyped),
            Side::New,
            &new.origin,
            format!(
                "field `{name}.{}` renamed to {subject} (property {:?})",
                old.rust_name, new.wire_name
            ),
            format!(
                "code that reads or sets `{name}.{}` stops compiling",
                old.rust_name
            ),
        );
    }
    let was = field_text(cx.old, old);
    let now = field_text(cx.new, new);
    let inner_same =
        cx.same(old.ty.strip_nullable().0, new.ty.strip_nullable().0) && old.boxed == new.boxed;
    let rust_same = inner_same && wrapping(old) == wrapping(new);
    let nullable = |f: &Field| matches!(f.ty, Ty::Nullable(_));
    let kind = if !inner_same {
        field_kind(context, FieldChange::Retyped)
    } else if old.required != new.required {
        field_kind(context, FieldChange::Required)
    } else if nullable(old) != nullable(new) {
        field_kind(context, FieldChange::Nullable)
    } else {
        ChangeKind::FieldChanged
    };
    let mut what = Vec::new();
    if old.required != new.required {
        what.push(if new.required {
            "made required"
        } else {
            "made optional"
        });
    }
    if nullable(old) != nullable(new) {
        what.push(if nullable(new) {
            "made nullable"
        } else {
            "no longer nullable"
        });
    }
    if old.read_only != new.read_only {
        what.push(if new.read_only {
            "made read-only"
        } else {
            "no longer read-only"
        });
    }
    if old.write_only != new.write_only {
        what.push(if new.write_only {
            "made write-only"
        } else {
            "no longer write-only"
        });
    }
    if old.default != new.default {
        what.push("default value changed");
    }
    if !inner_same {
        what.push("retyped");
    }
    if !rust_same {
        cx.push(
            Impact::Breaking,
            kind,
            Side::New,
            &new.origin,
            format!("{subject} {}: `{was}` becomes `{now}`", what.join(", ")),
            format!(
                "code that reads or sets {subject} as `{was}` stops compiling ({})",
                context.describe()
            ),
        );
    } else if !what.is_empty() || old.lenient != new.lenient {
        if old.lenient != new.lenient {
            what.push(if new.lenient {
                "now accepted as a string or a number"
            } else {
                "no longer accepted as a string or a number"
            });
        }
        cx.push(
            Impact::Patch,
            kind,
            Side::New,
            &new.origin,
            format!("{subject} {}", what.join(", ")),
            format!("the Rust type `{now}` is unchanged; only what is sent or accepted differs"),
        );
    }
    if text_changed(old.doc.as_deref(), new.doc.as_deref()) || old.deprecated != new.deprecated {
        cx.push(
            Impact::Patch,
            ChangeKind::Documentation,
            Side::New,
            &new.origin,
            format!(
                "documentation of {subject} changed{}",
                match (old.deprecated, new.deprecated) {
                    (false, true) => " (now deprecated)",
                    (true, false) => " (no longer deprecated)",
                    _ => "",
                }
            ),
            "documentation only",
        );
    }
}
