//! Compares what a `Client` method sends and returns: the request body argument, the success
//! type (one type, or the `<Op>Response` enum when several success statuses are documented) and
//! the variants of the `#[non_exhaustive]` `<Op>Error` enum.

use super::{text_changed, ChangeKind, Cx, Impact, Side};
use crate::model::{Api, MediaKind, Operation, Response, StatusKey, Ty};

/// What a request or response body is in Rust.
#[derive(Clone)]
enum Payload {
    /// No body: `()`.
    Empty,
    /// A text body: `String` (`&str` when sent).
    Text,
    /// A raw body: `Bytes`.
    Bytes,
    /// A JSON, form or multipart body of this type.
    Typed(Ty),
}

/// The payload of a body with this media type and type.
fn payload_of(media: &MediaKind, ty: &Ty) -> Payload {
    match media {
        MediaKind::Text(_) => Payload::Text,
        MediaKind::Bytes(_) => Payload::Bytes,
        _ => Payload::Typed(ty.clone()),
    }
}

/// The payload of a response.
fn response_payload(response: &Response) -> Payload {
    match &response.body {
        None => Payload::Empty,
        Some(body) => payload_of(&body.media, &body.ty),
    }
}

/// Whether two payloads are the same Rust type.
fn same_payload(cx: &Cx<'_>, old: &Payload, new: &Payload) -> bool {
    match (old, new) {
        (Payload::Empty, Payload::Empty)
        | (Payload::Text, Payload::Text)
        | (Payload::Bytes, Payload::Bytes) => true,
        (Payload::Typed(a), Payload::Typed(b)) => cx.same(a, b),
        _ => false,
    }
}

/// A payload as Rust.
fn show(api: &Api, payload: &Payload) -> String {
    match payload {
        Payload::Empty => "()".into(),
        Payload::Text => "String".into(),
        Payload::Bytes => "Bytes".into(),
        Payload::Typed(ty) => crate::rust_type::ty_text(api, ty),
    }
}

/// Compares the `body` argument of a method.
pub(super) fn compare_body(cx: &mut Cx<'_>, old: &Operation, new: &Operation, method: &str) {
    let (a, b) = match (&old.body, &new.body) {
        (None, None) => return,
        (None, Some(body)) => {
            let shown = show(cx.new, &payload_of(&body.media, &body.ty));
            cx.push(
                Impact::Breaking,
                ChangeKind::BodyAdded,
                Side::New,
                &body.origin,
                format!(
                    "{method} now sends a body (`{shown}` as `{}`)",
                    body.media.content_type()
                ),
                "a new `body` argument: every call stops compiling",
            );
            return;
        }
        (Some(body), None) => {
            cx.push(
                Impact::Breaking,
                ChangeKind::BodyRemoved,
                Side::Old,
                &body.origin,
                format!("{method} no longer sends a body"),
                "the `body` argument goes away: every call stops compiling",
            );
            return;
        }
        (Some(a), Some(b)) => (a, b),
    };
    let (pa, pb) = (payload_of(&a.media, &a.ty), payload_of(&b.media, &b.ty));
    let optional = |body: &crate::model::RequestBody| {
        !body.required && !matches!(body.media, MediaKind::Bytes(_))
    };
    let arg = |api: &Api, payload: &Payload, optional: bool| {
        let shown = match payload {
            Payload::Text => "&str".to_string(),
            Payload::Bytes => "Bytes".to_string(),
            other => format!("&{}", show(api, other)),
        };
        if optional {
            format!("Option<{shown}>")
        } else {
            shown
        }
    };
    let was = arg(cx.old, &pa, optional(a));
    let now = arg(cx.new, &pb, optional(b));
    if !same_payload(cx, &pa, &pb) || optional(a) != optional(b) {
        let what = if optional(a) != optional(b) && same_payload(cx, &pa, &pb) {
            if b.required {
                "made required"
            } else {
                "made optional"
            }
        } else {
            "retyped"
        };
        cx.push(
            Impact::Breaking,
            ChangeKind::BodyChanged,
            Side::New,
            &b.origin,
            format!("body of {method} {what}: `body: {was}` becomes `body: {now}`"),
            format!("calls that pass the body as `{was}` stop compiling"),
        );
    } else if a.media != b.media {
        cx.push(
            Impact::Patch,
            ChangeKind::BodyChanged,
            Side::New,
            &b.origin,
            format!(
                "body of {method} now sent as `{}` (was `{}`)",
                b.media.content_type(),
                a.media.content_type()
            ),
            "the argument type is unchanged; only the encoding on the wire differs",
        );
    }
    if text_changed(a.doc.as_deref(), b.doc.as_deref()) || a.examples != b.examples {
        cx.push(
            Impact::Patch,
            ChangeKind::Documentation,
            Side::New,
            &b.origin,
            format!("description or example of the body of {method} changed"),
            "documentation only",
        );
    }
}

/// Whether a response's description or example bodies changed.
fn documented_differently(a: &Response, b: &Response) -> bool {
    let examples = |r: &Response| r.body.as_ref().map(|body| body.examples.clone());
    text_changed(a.doc.as_deref(), b.doc.as_deref()) || examples(a) != examples(b)
}

/// A response variant as written in its enum: `NotFound` or `NotFound(Error)`.
fn variant_shape(api: &Api, response: &Response) -> String {
    match response_payload(response) {
        Payload::Empty => response.variant.clone(),
        payload => format!("{}({})", response.variant, show(api, &payload)),
    }
}

fn status(key: StatusKey) -> String {
    match key {
        StatusKey::Code(code) => code.to_string(),
        StatusKey::Range(digit) => format!("{digit}XX"),
        StatusKey::Default => "default".into(),
    }
}

/// The responses that are variants of the error enum.
fn error_variants(op: &Operation) -> Vec<&Response> {
    op.error_responses().collect()
}

fn successes(op: &Operation) -> Vec<&Response> {
    op.responses.iter().filter(|r| r.success).collect()
}

/// The method's success type when it has a single success status.
fn single_success(op: &Operation) -> Payload {
    match op.responses.iter().find(|r| r.success) {
        Some(response) => response_payload(response),
        None => Payload::Empty,
    }
}

/// Compares the statuses of a method: the variants of its error enum, and its success type or
/// success enum.
pub(super) fn compare_responses(
    cx: &mut Cx<'_>,
    old: &Operation,
    new: &Operation,
    method: &str,
    renamed: bool,
) {
    let error = &new.error_type;
    let (old_errors, new_errors) = (error_variants(old), error_variants(new));
    for b in &new_errors {
        let s = status(b.status);
        match old_errors.iter().find(|a| a.status == b.status) {
            None => cx.push(
                Impact::Minor,
                ChangeKind::StatusAdded,
                Side::New,
                &b.origin,
                format!(
                    "status {s} of {method} added: `{error}::{}`",
                    variant_shape(cx.new, b)
                ),
                format!(
                    "`{error}` is `#[non_exhaustive]`: `match`es on it already have a wildcard arm"
                ),
            ),
            Some(a) => compare_variant(cx, a, b, error, &s, renamed),
        }
    }
    for a in old_errors
        .iter()
        .filter(|a| !new_errors.iter().any(|b| b.status == a.status))
    {
        cx.push(
            Impact::Breaking,
            ChangeKind::StatusRemoved,
            Side::Old,
            &a.origin,
            format!(
                "status {} of {method} removed: `{}::{}`",
                status(a.status),
                old.error_type,
                a.variant
            ),
            format!(
                "code that matches `{}::{}` stops compiling",
                old.error_type, a.variant
            ),
        );
    }
    let (was, now) = (successes(old), successes(new));
    let added: Vec<&&Response> = now
        .iter()
        .filter(|b| !was.iter().any(|a| a.status == b.status))
        .collect();
    let removed: Vec<&&Response> = was
        .iter()
        .filter(|a| !now.iter().any(|b| b.status == a.status))
        .collect();
    match (&old.response_type, &new.response_type) {
        (None, None) => {
            let (pa, pb) = (single_success(old), single_success(new));
            if !same_payload(cx, &pa, &pb) {
                let (ta, tb) = (show(cx.old, &pa), show(cx.new, &pb));
                cx.push(
                    Impact::Breaking,
                    ChangeKind::ReturnTypeChanged,
                    Side::New,
                    &new.origin,
                    format!("{method} returns `{tb}` instead of `{ta}`"),
                    format!("code that uses the result as `{ta}` stops compiling"),
                );
            }
            for (list, kind, side, verb) in [
                (&added, ChangeKind::StatusAdded, Side::New, "added"),
                (&removed, ChangeKind::StatusRemoved, Side::Old, "removed"),
            ] {
                for r in list.iter() {
                    let message = if r.implied {
                        format!(
                            "the implicit success of {method} (any 2xx, as the spec documented \
                             none) {verb}; it still has one success status"
                        )
                    } else {
                        format!(
                            "success status {} of {method} {verb}; it still has one \
                             success status",
                            status(r.status)
                        )
                    };
                    cx.push(
                        Impact::Patch,
                        kind,
                        side,
                        &r.origin,
                        message,
                        "the return type is decided by the one success status \
                            (compared on its own)",
                    );
                }
            }
            if let (Some(a), Some(b)) = (was.first(), now.first()) {
                if a.status == b.status && documented_differently(a, b) {
                    cx.push(
                        Impact::Patch,
                        ChangeKind::Documentation,
                        Side::New,
                        &b.origin,
                        format!(
                            "description or example of status {} of {method} changed",
                            status(b.status)
                        ),
                        "documentation only",
                    );
                }
            }
        }
        (Some(a), Some(b)) => {
            for r in &added {
                cx.push(
                    Impact::Minor,
                    ChangeKind::StatusAdded,
                    Side::New,
                    &r.origin,
                    format!(
                        "success status {} of {method} added: `{b}::{}`",
                        status(r.status),
                        r.variant
                    ),
                    format!(
                        "`{b}` is `#[non_exhaustive]`: `match`es on it already have a wildcard arm"
                    ),
                );
            }
            for r in &removed {
                cx.push(
                    Impact::Breaking,
                    ChangeKind::StatusRemoved,
                    Side::Old,
                    &r.origin,
                    format!(
                        "success status {} of {method} removed: `{a}::{}`",
                        status(r.status),
                        r.variant
                    ),
                    format!("code that matches `{a}::{}` stops compiling", r.variant),
                );
            }
            for x in &was {
                if let Some(y) = now.iter().find(|y| y.status == x.status) {
                    compare_variant(cx, x, y, b, &status(y.status), renamed);
                }
            }
        }
        (None, Some(enum_name)) => {
            let single = show(cx.old, &single_success(old));
            for r in &added {
                cx.push(
                    Impact::Breaking,
                    ChangeKind::StatusAdded,
                    Side::New,
                    &r.origin,
                    format!(
                        "success status {} of {method} added: it now returns \
                        `{enum_name}`",
                        status(r.status)
                    ),
                    format!(
                        "a second success status turns the return type \
                        `{single}` into the `{enum_name}` enum: code that uses \
                        the result stops compiling"
                    ),
                );
            }
            removed_successes(cx, &removed, method);
        }
        (Some(enum_name), None) => {
            let single = show(cx.new, &single_success(new));
            for r in &removed {
                cx.push(
                    Impact::Breaking,
                    ChangeKind::StatusRemoved,
                    Side::Old,
                    &r.origin,
                    format!(
                        "success status {} of {method} removed: it now returns \
                        `{single}`",
                        status(r.status)
                    ),
                    format!(
                        "one success status is left, so the return type is \
                        `{single}` instead of the `{enum_name}` enum: code that \
                        matches on the result stops compiling"
                    ),
                );
            }
            for r in &added {
                cx.push(
                    Impact::Breaking,
                    ChangeKind::StatusAdded,
                    Side::New,
                    &r.origin,
                    format!("success status {} of {method} added", status(r.status)),
                    format!("the return type changes from the `{enum_name}` enum to `{single}`"),
                );
            }
        }
    }
}

fn removed_successes(cx: &mut Cx<'_>, removed: &[&&Response], method: &str) {
    for r in removed {
        cx.push(
            Impact::Breaking,
            ChangeKind::StatusRemoved,
            Side::Old,
            &r.origin,
            success_removed(r, method),
            "the return type changes with the set of success statuses",
        );
    }
}

/// What removing a success response means: a status the spec documented, or the implicit
/// success the generator supplied because the base revision documented none.
fn success_removed(r: &Response, method: &str) -> String {
    if r.implied {
        format!(
            "{method} now documents its success responses; before, it documented none and any \
             2xx was accepted as an implicit success"
        )
    } else {
        format!("success status {} of {method} removed", status(r.status))
    }
}

/// Compares one status's variant in the error enum or the success enum.
fn compare_variant(
    cx: &mut Cx<'_>,
    a: &Response,
    b: &Response,
    enum_name: &str,
    s: &str,
    renamed: bool,
) {
    let (pa, pb) = (response_payload(a), response_payload(b));
    if a.variant != b.variant && !renamed {
        cx.push(
            Impact::Breaking,
            ChangeKind::StatusChanged,
            Side::New,
            &b.origin,
            format!(
                "variant `{enum_name}::{}` (status {s}) renamed to `{enum_name}::{}`",
                a.variant, b.variant
            ),
            format!(
                "code that matches `{enum_name}::{}` stops compiling",
                a.variant
            ),
        );
    }
    if !same_payload(cx, &pa, &pb) {
        let (ta, tb) = (show(cx.old, &pa), show(cx.new, &pb));
        cx.push(
            Impact::Breaking,
            ChangeKind::StatusChanged,
            Side::New,
            &b.origin,
            format!(
                "`{enum_name}::{}` (status {s}) holds `{tb}` instead of `{ta}`",
                b.variant
            ),
            format!(
                "code that reads the `{ta}` in `{enum_name}::{}` stops compiling",
                b.variant
            ),
        );
    } else {
        let envelope = |r: &Response| r.body.as_ref().and_then(|b| b.envelope.clone());
        let media = |r: &Response| r.body.as_ref().map(|b| b.media.content_type().to_string());
        if envelope(a) != envelope(b) || media(a) != media(b) {
            cx.push(
                Impact::Patch,
                ChangeKind::StatusChanged,
                Side::New,
                &b.origin,
                format!(
                    "`{enum_name}::{}` (status {s}) is decoded differently \
                    (media type or `x-envelope`)",
                    b.variant
                ),
                "the Rust type is unchanged; only how the body is read differs",
            );
        }
    }
    if documented_differently(a, b) {
        cx.push(
            Impact::Patch,
            ChangeKind::Documentation,
            Side::New,
            &b.origin,
            format!(
                "description or example of `{enum_name}::{}` (status {s}) changed",
                b.variant
            ),
            "documentation only",
        );
    }
}
