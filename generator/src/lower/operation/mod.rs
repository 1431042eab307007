//! Lowers paths and operations: parameters, request bodies (one method per supported media
//! type), responses per status, servers and security requirements.

mod bodies;
mod parameters;
mod responses;
mod shared_errors;

use super::servers::server_set;
use super::{LowerCtx, ServerSets};
use crate::diagnostics::join;
use crate::model::{Method, Operation, ParamLocation, SecurityScheme};
use crate::naming::{self, Scope};
use crate::template::{Part, Template};
use bodies::{body_suffixes, lower_bodies};
use openapiv3::{OpenAPI, PathItem, ReferenceOr, StatusCode};
use parameters::lower_params;
use responses::lower_responses;
use serde_json::Value;

/// Methods of the generated `Client` that operations may not take.
const CLIENT_METHODS: &[&str] = &[
    "new",
    "builder",
    "runtime",
    "environment",
    "from_runtime",
    "clone",
    "fmt",
];

/// Lowers every operation of every path, in spec order.
pub(crate) fn lower_operations(
    cx: &mut LowerCtx<'_>,
    document: &OpenAPI,
    sets: &mut ServerSets,
    root_servers: usize,
    schemes: &[SecurityScheme],
) -> Vec<Operation> {
    let mut methods = Scope::with_reserved(CLIENT_METHODS);
    let mut seen_ids: Vec<String> = Vec::new();
    let mut templates: Vec<(String, String)> = Vec::new();
    let mut out = Vec::new();
    for (path, item) in &document.paths.paths {
        let item_pointer = join("/paths", path);
        let item: PathItem = match item {
            ReferenceOr::Item(item) => item.clone(),
            ReferenceOr::Reference { reference } => {
                match cx.parse_reference::<PathItem>(reference, &item_pointer) {
                    Some(item) => item,
                    None => continue,
                }
            }
        };
        // Two templates that differ only in parameter names match the same URLs.
        let shape = template_shape(path);
        if let Some((other, _)) = templates.iter().find(|(_, s)| *s == shape) {
            cx.warn(&item_pointer, format!("matches the same URLs as {other:?} (only the parameter names differ); both are generated"));
        }
        templates.push((path.clone(), shape));
        let path_servers = if item.servers.is_empty() {
            None
        } else {
            Some(sets.intern(server_set(
                cx,
                &item.servers,
                &join(&item_pointer, "servers"),
            )))
        };
        let operations = [
            (Method::Get, &item.get),
            (Method::Put, &item.put),
            (Method::Post, &item.post),
            (Method::Delete, &item.delete),
            (Method::Options, &item.options),
            (Method::Head, &item.head),
            (Method::Patch, &item.patch),
            (Method::Trace, &item.trace),
        ];
        for (method, operation) in operations {
            let Some(operation) = operation else { continue };
            let pointer = join(&item_pointer, &method.as_str().to_ascii_lowercase());
            let servers = if operation.servers.is_empty() {
                path_servers.unwrap_or(root_servers)
            } else {
                sets.intern(server_set(
                    cx,
                    &operation.servers,
                    &join(&pointer, "servers"),
                ))
            };
            let lowered = lower_operation(
                cx,
                document,
                path,
                &item,
                method,
                operation,
                &pointer,
                servers,
                schemes,
                &mut methods,
                &mut seen_ids,
            );
            out.extend(lowered);
        }
    }
    shared_errors::share_error_enums(&mut out, &mut cx.type_names);
    out
}

/// A path with every parameter name replaced, to spot templates that match the same URLs.
fn template_shape(path: &str) -> String {
    Template::parse(path)
        .parts
        .into_iter()
        .map(|part| match part {
            Part::Literal(text) => text,
            Part::Variable(_) => "{}",
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn lower_operation(
    cx: &mut LowerCtx<'_>,
    document: &OpenAPI,
    path: &str,
    item: &PathItem,
    method: Method,
    operation: &openapiv3::Operation,
    pointer: &str,
    servers: usize,
    schemes: &[SecurityScheme],
    methods: &mut Scope,
    seen_ids: &mut Vec<String>,
) -> Vec<Operation> {
    let (id, id_derived) = match &operation.operation_id {
        Some(id) if !id.trim().is_empty() => (id.clone(), false),
        _ => (naming::derived_operation_id(method.as_str(), path), true),
    };
    if seen_ids.contains(&id) && !id_derived {
        cx.warn(
            &join(pointer, "operationId"),
            format!("operationId {id:?} is used twice; this one gets a numbered method name"),
        );
    }
    seen_ids.push(id.clone());
    if !operation.callbacks.is_empty() {
        cx.warn(&join(pointer, "callbacks"), "callbacks describe requests the API sends to the caller; they are not part of the client");
    }
    let prefix = naming::type_name(&id);
    let (params, segments) = lower_params(cx, path, item, operation, pointer, &prefix);
    let security = lower_security(cx, document, operation, pointer, schemes);
    let idempotent = method.is_idempotent()
        || operation
            .extensions
            .get("x-idempotent")
            .and_then(Value::as_bool)
            == Some(true);

    // The operation's own types are named before any inline schema takes a name.
    let has_params = params.iter().any(|p| p.location != ParamLocation::Path);
    let success_count = count_successes(operation);
    let params_type = has_params.then(|| cx.type_names.claim(&format!("{prefix}Params")));
    let response_type =
        (success_count > 1).then(|| cx.type_names.claim(&format!("{prefix}Response")));
    let error_type = cx.type_names.claim(&format!("{prefix}Error"));

    let (responses, retry_after_field) = lower_responses(cx, operation, pointer, &prefix);
    let bodies = lower_bodies(cx, operation, pointer, &prefix);

    let base = Operation {
        id: id.clone(),
        id_derived,
        rust_name: String::new(),
        params_type,
        response_type,
        error_type,
        shared_error: None,
        method,
        path: path.to_string(),
        segments,
        summary: operation.summary.clone(),
        description: operation.description.clone(),
        deprecated: operation.deprecated,
        tag: operation.tags.first().cloned(),
        params,
        body: None,
        responses,
        servers,
        security,
        idempotent,
        retry_after_field,
        origin: cx.loc(pointer),
        assumptions: cx.assumptions(operation.extensions.get("x-assumptions"), pointer),
    };
    if bodies.is_empty() {
        let mut only = base;
        only.rust_name = methods.claim(&naming::method_name(&id));
        return vec![only];
    }
    let suffixes = body_suffixes(&bodies);
    bodies
        .into_iter()
        .zip(suffixes)
        .map(|(body, suffix)| {
            let mut op = base.clone();
            let name = match suffix {
                None => naming::method_name(&id),
                Some(suffix) => format!("{}_{suffix}", naming::method_name(&id)),
            };
            op.rust_name = methods.claim(&name);
            op.body = Some(body);
            op
        })
        .collect()
}

fn count_successes(operation: &openapiv3::Operation) -> usize {
    let count = operation
        .responses
        .responses
        .keys()
        .filter(|code| match code {
            StatusCode::Code(c) => (200..300).contains(c),
            StatusCode::Range(r) => *r == 2,
        })
        .count();
    if count == 0 {
        1
    } else {
        count
    }
}

/// Security alternatives by scheme index; an unknown scheme name is an error.
fn lower_security(
    cx: &mut LowerCtx<'_>,
    document: &OpenAPI,
    operation: &openapiv3::Operation,
    pointer: &str,
    schemes: &[SecurityScheme],
) -> Vec<Vec<usize>> {
    let (requirements, at) = match &operation.security {
        Some(requirements) => (requirements, join(pointer, "security")),
        None => match &document.security {
            Some(requirements) => (requirements, "/security".to_string()),
            None => return Vec::new(),
        },
    };
    let mut alternatives = Vec::new();
    for (i, requirement) in requirements.iter().enumerate() {
        let mut all = Vec::new();
        let mut undefined = Vec::new();
        for name in requirement.keys() {
            match schemes.iter().position(|s| s.name == *name) {
                Some(index) => all.push(index),
                None => undefined.push(name.clone()),
            }
        }
        if undefined.is_empty() {
            alternatives.push(all);
        } else {
            // The alternative names a credential the spec never describes: no caller could
            // satisfy it, so it is left out and the others still apply.
            cx.warn(
                &join(&at, &i.to_string()),
                format!("security scheme {} is not defined in components/securitySchemes; this alternative is left out", undefined.iter().map(|n| format!("{n:?}")).collect::<Vec<_>>().join(", ")),
            );
        }
    }
    if alternatives.is_empty() && !requirements.is_empty() {
        cx.warn(
            &at,
            "no security alternative can be satisfied; requests are sent without credentials",
        );
    }
    alternatives
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_differing_in_names_have_one_shape() {
        assert_eq!(template_shape("/a/{x}/b"), template_shape("/a/{y}/b"));
        assert_ne!(template_shape("/a/{x}/b"), template_shape("/a/{x}/c"));
    }
}
