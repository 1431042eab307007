//! Compares operations: pairs them (by operationId, then by method and path, so a new
//! operationId on the same endpoint is a rename), then compares each pair's method name,
//! parameters, request body and responses the way the generated `Client` method shows them.

use super::pairing::Matcher;
use super::{at, responses, servers, text_changed, ChangeKind, Cx, Impact, Side};
use crate::model::{Api, Operation, Param, ParamLocation, Ty};
use crate::rust_type::ty_text;

/// Reports added, removed, renamed and changed operations.
pub(super) fn compare_operations(cx: &mut Cx<'_>) {
    let (old_api, new_api) = (cx.old, cx.new);
    let (old_ops, new_ops) = (&old_api.operations, &new_api.operations);
    let media = |op: &Operation| op.body.as_ref().map(|b| b.media.content_type().to_string());
    let passes: [&Matcher<'_, Operation>; 4] = [
        &|o, n| o.id == n.id && media(o) == media(n),
        &|o, n| o.id == n.id,
        &|o, n| o.method == n.method && o.path == n.path && media(o) == media(n),
        &|o, n| o.method == n.method && o.path == n.path,
    ];
    let mut pairs: Vec<Option<&Operation>> = vec![None; new_ops.len()];
    let mut taken = vec![false; old_ops.len()];
    for pass in passes {
        for (pair, new) in pairs.iter_mut().zip(new_ops) {
            if pair.is_some() {
                continue;
            }
            let found = old_ops
                .iter()
                .zip(taken.iter_mut())
                .find(|(old, taken)| !**taken && pass(old, new));
            if let Some((old, taken)) = found {
                *pair = Some(old);
                *taken = true;
            }
        }
    }
    let mut security = servers::SecurityGroups::default();
    for (new, pair) in new_ops.iter().zip(&pairs) {
        match pair {
            Some(old) => {
                compare_operation(cx, old, new);
                security.add(cx, old, new);
            }
            None => cx.push(
                Impact::Minor,
                ChangeKind::OperationAdded,
                Side::New,
                &new.origin,
                format!(
                    "method `Client::{}` added ({})",
                    new.rust_name,
                    endpoint(new)
                ),
                "a new method; existing code is unaffected",
            ),
        }
    }
    for (old, _) in old_ops.iter().zip(&taken).filter(|(_, taken)| !**taken) {
        cx.push(
            Impact::Breaking,
            ChangeKind::OperationRemoved,
            Side::Old,
            &old.origin,
            format!(
                "method `Client::{}` removed ({})",
                old.rust_name,
                endpoint(old)
            ),
            format!("code that calls `{}` stops compiling", old.rust_name),
        );
    }
    security.report(cx);
}

/// Whether `op` is the method whose types are emitted (the first with its error type).
fn owns_types(api: &Api, op: &Operation) -> bool {
    api.operations
        .iter()
        .find(|o| o.error_type == op.error_type)
        .is_none_or(|o| o.rust_name == op.rust_name)
}

fn endpoint(op: &Operation) -> String {
    format!("`{} {}`", op.method.as_str(), op.path)
}

fn compare_operation(cx: &mut Cx<'_>, old: &Operation, new: &Operation) {
    let method = format!("`Client::{}`", new.rust_name);
    let renamed = old.rust_name != new.rust_name;
    if renamed {
        cx.push(
            Impact::Breaking,
            ChangeKind::OperationRenamed,
            Side::New,
            &new.origin,
            format!(
                "method `Client::{}` renamed to {method} (operationId {:?} -> {:?}, {})",
                old.rust_name,
                old.id,
                new.id,
                endpoint(new)
            ),
            format!(
                "code that calls `{}` stops compiling; the operation's own types take the new name",
                old.rust_name
            ),
        );
    } else if old.id != new.id {
        cx.push(
            Impact::Patch,
            ChangeKind::OperationChanged,
            Side::New,
            &at(&new.origin, "operationId"),
            format!(
                "operationId of {method} changed from {:?} to {:?}",
                old.id, new.id
            ),
            "the method name is unchanged",
        );
    }
    if old.method != new.method || old.path != new.path {
        cx.push(
            Impact::Patch,
            ChangeKind::OperationChanged,
            Side::New,
            &new.origin,
            format!(
                "{method} now sends {} (was {})",
                endpoint(new),
                endpoint(old)
            ),
            "the signature is unchanged (path parameters are \
                compared on their own); requests go to the new endpoint",
        );
    }
    if text_changed(old.summary.as_deref(), new.summary.as_deref())
        || text_changed(old.description.as_deref(), new.description.as_deref())
    {
        cx.push(
            Impact::Patch,
            ChangeKind::Documentation,
            Side::New,
            &new.origin,
            format!("summary or description of {method} changed"),
            "documentation only",
        );
    }
    if old.deprecated != new.deprecated {
        let now = if new.deprecated { "now" } else { "no longer" };
        cx.push(
            Impact::Patch,
            ChangeKind::Documentation,
            Side::New,
            &new.origin,
            format!("{method} is {now} deprecated"),
            "only the method's documentation says so",
        );
    }
    if old.idempotent != new.idempotent {
        let now = if new.idempotent {
            "may now be"
        } else {
            "is no longer"
        };
        cx.push(
            Impact::Patch,
            ChangeKind::OperationChanged,
            Side::New,
            &new.origin,
            format!("{method} {now} re-sent after a failure that may have reached the server"),
            "retry behaviour only; the signature is unchanged",
        );
    }
    if old.retry_after_field != new.retry_after_field {
        cx.push(
            Impact::Patch,
            ChangeKind::OperationChanged,
            Side::New,
            &new.origin,
            format!(
                "{method} reads the retry delay from {:?} (was {:?})",
                new.retry_after_field, old.retry_after_field
            ),
            "retry behaviour only; the signature is unchanged",
        );
    }
    let op_types = [
        (Some(&old.error_type), Some(&new.error_type)),
        (old.params_type.as_ref(), new.params_type.as_ref()),
        (old.response_type.as_ref(), new.response_type.as_ref()),
    ];
    for (was, now) in op_types {
        if let (Some(was), Some(now), false) = (was, now, renamed) {
            if was != now {
                cx.push(
                    Impact::Breaking,
                    ChangeKind::TypeRenamed,
                    Side::New,
                    &new.origin,
                    format!("type `{was}` of {method} renamed to `{now}`"),
                    format!("code that names `{was}` stops compiling"),
                );
            }
        }
    }
    compare_path_params(cx, old, new, &method);
    responses::compare_body(cx, old, new, &method);
    // Methods generated once per request media type share the parameter struct and the
    // response enums; those are compared once, with the first of them.
    if owns_types(cx.old, old) && owns_types(cx.new, new) {
        compare_struct_params(cx, old, new, &method);
        responses::compare_responses(cx, old, new, &method, renamed);
    }
    servers::compare_operation_servers(cx, old, new, &method);
}

/// Path parameters are positional arguments: their names do not matter to callers, their
/// number, order and types do.
fn compare_path_params(cx: &mut Cx<'_>, old: &Operation, new: &Operation, method: &str) {
    let path = |op: &Operation| -> Vec<Param> {
        op.params
            .iter()
            .filter(|p| p.location == ParamLocation::Path)
            .cloned()
            .collect()
    };
    let (was, now) = (path(old), path(new));
    let pairs: Vec<(Param, Param)> = if was.len() == now.len() {
        was.iter().cloned().zip(now.iter().cloned()).collect()
    } else {
        for param in now
            .iter()
            .filter(|p| !was.iter().any(|w| w.rust_name == p.rust_name))
        {
            cx.push(
                Impact::Breaking,
                ChangeKind::ParamAdded,
                Side::New,
                &param.origin,
                format!("path parameter `{}` added to {method}", param.wire_name),
                "a new positional argument: every call stops compiling",
            );
        }
        for param in was
            .iter()
            .filter(|p| !now.iter().any(|n| n.rust_name == p.rust_name))
        {
            cx.push(
                Impact::Breaking,
                ChangeKind::ParamRemoved,
                Side::Old,
                &param.origin,
                format!("path parameter `{}` removed from {method}", param.wire_name),
                "one positional argument fewer: every call stops compiling",
            );
        }
        was.iter()
            .filter_map(|w| {
                now.iter()
                    .find(|n| n.rust_name == w.rust_name)
                    .map(|n| (w.clone(), n.clone()))
            })
            .collect()
    };
    for (a, b) in &pairs {
        let (ta, tb) = (a.ty.strip_nullable().0, b.ty.strip_nullable().0);
        if !cx.same(ta, tb) {
            cx.push(
                Impact::Breaking,
                ChangeKind::ParamRetyped,
                Side::New,
                &b.origin,
                format!(
                    "path parameter `{}` of {method} retyped: `{}` becomes `{}`",
                    b.wire_name,
                    cx.old_ty(ta),
                    cx.new_ty(tb)
                ),
                "calls that pass the old type stop compiling",
            );
        }
        if a.wire_name != b.wire_name {
            cx.push(
                Impact::Patch,
                ChangeKind::ParamChanged,
                Side::New,
                &b.origin,
                format!(
                    "path parameter `{}` of {method} renamed to `{}`",
                    a.wire_name, b.wire_name
                ),
                "a positional argument: callers are unaffected",
            );
        }
        param_docs(
            cx,
            a,
            b,
            &format!("path parameter `{}` of {method}", b.wire_name),
        );
    }
    let order = |list: &[Param], other: &[Param]| -> Vec<String> {
        list.iter()
            .filter(|p| other.iter().any(|o| o.rust_name == p.rust_name))
            .map(|p| p.rust_name.clone())
            .collect()
    };
    if was.len() != now.len() && order(&was, &now) != order(&now, &was) {
        cx.push(
            Impact::Breaking,
            ChangeKind::ParamChanged,
            Side::New,
            &new.origin,
            format!("path parameters of {method} reordered"),
            "positional arguments change places: calls stop \
                compiling or pass values to the wrong parameter",
        );
    }
}

fn param_docs(cx: &mut Cx<'_>, old: &Param, new: &Param, subject: &str) {
    if text_changed(old.doc.as_deref(), new.doc.as_deref()) || old.deprecated != new.deprecated {
        cx.push(
            Impact::Patch,
            ChangeKind::Documentation,
            Side::New,
            &new.origin,
            format!("documentation of {subject} changed"),
            "documentation only",
        );
    }
}

fn place(param: &Param) -> &'static str {
    match param.location {
        ParamLocation::Query => "query parameter",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
        ParamLocation::Path => "path parameter",
    }
}

/// The Rust type of a parameter-struct field.
fn param_ty(api: &Api, param: &Param) -> String {
    let inner = ty_text(api, param.ty.strip_nullable().0);
    if param.required {
        inner
    } else {
        format!("Option<{inner}>")
    }
}

/// Query, header and cookie parameters are fields of the operation's `<Op>Params` struct,
/// matched by their Rust field name.
fn compare_struct_params(cx: &mut Cx<'_>, old: &Operation, new: &Operation, method: &str) {
    let others = |op: &Operation| -> Vec<Param> {
        op.params
            .iter()
            .filter(|p| p.location != ParamLocation::Path)
            .cloned()
            .collect()
    };
    let (was, now) = (others(old), others(new));
    let new_struct = new.params_type.clone().unwrap_or_default();
    let old_struct = old.params_type.clone().unwrap_or_default();
    let all_optional = now.iter().all(|p| !p.required);
    for param in &now {
        let field = format!(
            "`{new_struct}.{}: {}`",
            param.rust_name,
            param_ty(cx.new, param)
        );
        let Some(before) = was.iter().find(|p| p.rust_name == param.rust_name) else {
            let how = if param.required {
                "required"
            } else {
                "optional"
            };
            let (impact, reason) = if old.params_type.is_none() {
                (
                    Impact::Breaking,
                    format!(
                        "{method} had no parameter struct: it now takes `params: \
                        &{new_struct}`, so every call stops compiling"
                    ),
                )
            } else if param.required {
                (
                    Impact::Breaking,
                    format!(
                        "required: every call must supply it, and struct \
                        literals of `{new_struct}` must set it"
                    ),
                )
            } else if all_optional {
                (
                    Impact::Minor,
                    format!(
                        "optional: struct literals of `{new_struct}` must add \
                        `..Default::default()` (counted as an addition by \
                        policy)"
                    ),
                )
            } else {
                (
                    Impact::Minor,
                    format!(
                        "optional: struct literals of `{new_struct}` must add \
                        `{}: None` (counted as an addition by policy)",
                        param.rust_name
                    ),
                )
            };
            cx.push(
                impact,
                ChangeKind::ParamAdded,
                Side::New,
                &param.origin,
                format!(
                    "{how} {} `{}` added to {method}: {field}",
                    place(param),
                    param.wire_name
                ),
                reason,
            );
            continue;
        };
        let (ta, tb) = (before.ty.strip_nullable().0, param.ty.strip_nullable().0);
        let was_ty = param_ty(cx.old, before);
        let now_ty = param_ty(cx.new, param);
        let subject = format!("`{new_struct}.{}`", param.rust_name);
        if !cx.same(ta, tb) {
            cx.push(
                Impact::Breaking,
                ChangeKind::ParamRetyped,
                Side::New,
                &param.origin,
                format!(
                    "{} `{}` of {method} retyped: {subject} `{was_ty}` becomes `{now_ty}`",
                    place(param),
                    param.wire_name
                ),
                format!("code that sets {subject} as `{was_ty}` stops compiling"),
            );
        } else if before.required != param.required {
            let (kind, what) = if param.required {
                (ChangeKind::ParamRequired, "made required")
            } else {
                (ChangeKind::ParamOptional, "made optional")
            };
            cx.push(
                Impact::Breaking,
                kind,
                Side::New,
                &param.origin,
                format!(
                    "{} `{}` of {method} {what}: {subject} `{was_ty}` becomes `{now_ty}`",
                    place(param),
                    param.wire_name
                ),
                format!("code that sets {subject} as `{was_ty}` stops compiling"),
            );
        }
        let mut wire = Vec::new();
        if before.wire_name != param.wire_name || before.location != param.location {
            wire.push(format!(
                "sent as {} `{}` (was {} `{}`)",
                place(param),
                param.wire_name,
                place(before),
                before.wire_name
            ));
        }
        if before.style != param.style {
            wire.push(format!(
                "serialised as {:?} (was {:?})",
                param.style, before.style
            ));
        }
        if matches!(before.ty, Ty::Nullable(_)) != matches!(param.ty, Ty::Nullable(_)) {
            wire.push("nullability changed".to_string());
        }
        if !wire.is_empty() {
            cx.push(
                Impact::Patch,
                ChangeKind::ParamChanged,
                Side::New,
                &param.origin,
                format!("{subject} of {method}: {}", wire.join(", ")),
                "the field's Rust type is unchanged; only the request on the wire differs",
            );
        }
        param_docs(cx, before, param, &subject);
    }
    for param in was
        .iter()
        .filter(|p| !now.iter().any(|n| n.rust_name == p.rust_name))
    {
        let reason = if new.params_type.is_none() {
            format!("{method} no longer takes a `params` argument: every call stops compiling")
        } else {
            format!(
                "code that sets `{old_struct}.{}` stops compiling",
                param.rust_name
            )
        };
        cx.push(
            Impact::Breaking,
            ChangeKind::ParamRemoved,
            Side::Old,
            &param.origin,
            format!(
                "{} `{}` removed from {method} (`{old_struct}.{}`)",
                place(param),
                param.wire_name,
                param.rust_name
            ),
            reason,
        );
    }
}
