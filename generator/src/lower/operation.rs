//! Lowers paths and operations: parameters, request bodies (one method per supported media
//! type), responses per status, servers and security requirements.

use super::schema::SchemaRef;
use super::servers::server_set;
use super::view::view;
use super::{LowerCtx, ServerSets};
use crate::diagnostics::join;
use crate::model::{
    is_object, is_scalar, is_scalar_array, MediaKind, Method, Operation, Param, ParamLocation,
    ParamStyle, PathSegment, RequestBody, Response, ResponseBody, SecurityScheme, StatusKey, Ty,
    TypeKind,
};
use crate::naming::{self, Scope};
use crate::template::{Part, Template};
use openapiv3::{
    OpenAPI, Parameter, ParameterSchemaOrContent, PathItem, QueryStyle, ReferenceOr, StatusCode,
};
use serde::de::DeserializeOwned;
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

/// The media type classes the generator knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum MediaClass {
    Json,
    Form,
    Multipart,
    Text,
    Bytes,
    Xml,
    OtherMultipart,
}

fn classify(media: &str) -> MediaClass {
    let essence = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if essence == "application/json" || essence.ends_with("+json") || essence.contains("/json") {
        MediaClass::Json
    } else if essence == "application/x-www-form-urlencoded" {
        MediaClass::Form
    } else if essence == "multipart/form-data" {
        MediaClass::Multipart
    } else if essence.starts_with("multipart/") {
        MediaClass::OtherMultipart
    } else if essence.contains("xml") {
        MediaClass::Xml
    } else if essence.starts_with("text/") {
        MediaClass::Text
    } else {
        MediaClass::Bytes
    }
}

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
                match resolve::<PathItem>(cx, reference, &item_pointer) {
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
    out
}

/// A path with every parameter name replaced, to spot templates that match the same URLs.
fn template_shape(path: &str) -> String {
    let mut shape = String::new();
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                shape.push_str("{}");
            }
            '}' => in_param = false,
            _ if in_param => {}
            _ => shape.push(c),
        }
    }
    shape
}

/// Parses the object a `$ref` points to (through any chain of references).
fn resolve<T: DeserializeOwned>(cx: &mut LowerCtx<'_>, reference: &str, site: &str) -> Option<T> {
    let (_, value) = cx.follow(reference, site)?;
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(parsed) => Some(parsed),
        Err(err) => {
            cx.error(site, format!("$ref {reference:?}: {}", err.inner()));
            None
        }
    }
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
        method,
        path: path.to_string(),
        segments,
        summary: operation.summary.clone(),
        description: operation.description.clone(),
        deprecated: operation.deprecated,
        params,
        body: None,
        responses,
        servers,
        security,
        idempotent,
        retry_after_field,
        origin: cx.loc(pointer),
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

/// Parameters (path ones in path order first) and the path split into segments.
fn lower_params(
    cx: &mut LowerCtx<'_>,
    path: &str,
    item: &PathItem,
    operation: &openapiv3::Operation,
    pointer: &str,
    prefix: &str,
) -> (Vec<Param>, Vec<PathSegment>) {
    // Path-level parameters first; an operation-level one with the same name and place replaces it.
    let mut declared: Vec<(Parameter, String)> = Vec::new();
    let item_pointer = pointer
        .rsplit_once('/')
        .map(|(p, _)| p.to_string())
        .unwrap_or_default();
    let sources = item
        .parameters
        .iter()
        .enumerate()
        .map(|(i, p)| (p, join(&join(&item_pointer, "parameters"), &i.to_string())))
        .chain(
            operation
                .parameters
                .iter()
                .enumerate()
                .map(|(i, p)| (p, join(&join(pointer, "parameters"), &i.to_string()))),
        );
    for (parameter, at) in sources {
        let parameter = match parameter {
            ReferenceOr::Item(p) => p.clone(),
            ReferenceOr::Reference { reference } => {
                match resolve::<Parameter>(cx, reference, &at) {
                    Some(p) => p,
                    None => continue,
                }
            }
        };
        let key = (
            parameter.parameter_data_ref().name.clone(),
            location_of(&parameter),
        );
        declared.retain(|(p, _)| (p.parameter_data_ref().name.clone(), location_of(p)) != key);
        declared.push((parameter, at));
    }

    let mut scope = Scope::with_reserved(&["body", "params", "self"]);
    let mut params = Vec::new();
    let mut segments = Vec::new();
    // Walk the template, creating path parameters in the order they appear.
    let template = Template::parse(path);
    if template.unclosed.is_some() {
        cx.error(&join("/paths", path), "unclosed `{` in the path template");
    }
    for part in template.parts {
        let name = match part {
            Part::Literal(text) => {
                segments.push(PathSegment::Literal(text.to_string()));
                continue;
            }
            Part::Variable(name) => name,
        };
        // A parameter that appears twice in the template fills both places.
        if let Some(index) = params
            .iter()
            .position(|p: &Param| p.location == ParamLocation::Path && p.wire_name == name)
        {
            segments.push(PathSegment::Param(index));
            continue;
        }
        let found = declared.iter().position(|(p, _)| {
            location_of(p) == ParamLocation::Path && p.parameter_data_ref().name == name
        });
        let param = match found {
            Some(i) => {
                let (parameter, at) = declared.remove(i);
                if let Parameter::Path { style, .. } = &parameter {
                    match style {
                        openapiv3::PathStyle::Label => {
                            segments.push(PathSegment::Literal(".".into()))
                        }
                        openapiv3::PathStyle::Matrix => {
                            segments.push(PathSegment::Literal(format!(";{name}=")))
                        }
                        openapiv3::PathStyle::Simple => {}
                    }
                }
                lower_param(cx, &parameter, &at, prefix, &mut scope)
            }
            None => {
                cx.warn(pointer, format!("path parameter {{{name}}} is not declared; it is generated as a required string"));
                Param {
                    wire_name: name.to_string(),
                    rust_name: scope.claim(&naming::field_name(name)),
                    location: ParamLocation::Path,
                    ty: Ty::String,
                    required: true,
                    style: ParamStyle::Scalar,
                    doc: None,
                    deprecated: false,
                    sample: Value::String("example".into()),
                    origin: cx.loc(pointer),
                }
            }
        };
        segments.push(PathSegment::Param(params.len()));
        params.push(param);
    }
    for (parameter, at) in declared {
        if location_of(&parameter) == ParamLocation::Path {
            cx.warn(
                &at,
                format!(
                    "path parameter {:?} does not appear in the path template; it is not generated",
                    parameter.parameter_data_ref().name
                ),
            );
            continue;
        }
        let param = lower_param(cx, &parameter, &at, prefix, &mut scope);
        params.push(param);
    }
    (params, segments)
}

fn location_of(parameter: &Parameter) -> ParamLocation {
    match parameter {
        Parameter::Query { .. } => ParamLocation::Query,
        Parameter::Header { .. } => ParamLocation::Header,
        Parameter::Path { .. } => ParamLocation::Path,
        Parameter::Cookie { .. } => ParamLocation::Cookie,
    }
}

fn lower_param(
    cx: &mut LowerCtx<'_>,
    parameter: &Parameter,
    at: &str,
    prefix: &str,
    scope: &mut Scope,
) -> Param {
    let data = parameter.parameter_data_ref();
    let location = location_of(parameter);
    let hint = format!("{prefix}{}", naming::type_name(&data.name));
    let ty = match &data.format {
        ParameterSchemaOrContent::Schema(schema) => {
            cx.schema(&SchemaRef::of(schema), &join(at, "schema"), &hint)
        }
        ParameterSchemaOrContent::Content(content) => {
            // A parameter described by `content` travels as that media type's text (JSON).
            match content.iter().next() {
                Some((media, m)) => match &m.schema {
                    Some(schema) => cx.schema(
                        &SchemaRef::of(schema),
                        &join(&join(&join(at, "content"), media), "schema"),
                        &hint,
                    ),
                    None => Ty::String,
                },
                None => Ty::String,
            }
        }
    };
    let required = if location == ParamLocation::Path {
        if !data.required {
            cx.warn(&join(at, "required"), "path parameters are always required");
        }
        true
    } else {
        data.required
    };
    let (inner, _) = ty.strip_nullable();
    let scalar = is_scalar(&cx.types, inner);
    let is_array = is_scalar_array(&cx.types, inner);
    let is_object = is_object(&cx.types, inner);
    let explode = data.explode;
    let by_content = matches!(data.format, ParameterSchemaOrContent::Content(_));
    let style = match (location, parameter) {
        (ParamLocation::Query | ParamLocation::Header, _) if by_content => ParamStyle::Json,
        (ParamLocation::Query, Parameter::Query { style, .. }) => {
            match (style, is_array, is_object) {
                // deepObject on a union (an object or a scalar) stays deepObject; the runtime writes
                // whichever shape the value has.
                (QueryStyle::DeepObject, _, _) if !scalar && !is_array => ParamStyle::DeepObject,
                (QueryStyle::SpaceDelimited, true, _) => ParamStyle::SpaceDelimited,
                (QueryStyle::PipeDelimited, true, _) => ParamStyle::PipeDelimited,
                _ if scalar => ParamStyle::Scalar,
                _ => {
                    if explode.unwrap_or(true) {
                        ParamStyle::FormExploded
                    } else {
                        ParamStyle::FormComma
                    }
                }
            }
        }
        _ if is_array => ParamStyle::Simple,
        _ => ParamStyle::Scalar,
    };
    // Outside the query string only text and lists of text have a defined form; the rest
    // travels as JSON text.
    let as_json_text = by_content && location == ParamLocation::Header;
    let ty = if !as_json_text
        && location != ParamLocation::Query
        && !scalar
        && !is_array
        && *inner != Ty::Any
    {
        cx.warn(at, "a parameter outside the query string that is neither text nor a list of text is sent as JSON text");
        Ty::Any
    } else {
        ty
    };
    let sample = match (&data.example, &data.format) {
        (Some(example), _) => example.clone(),
        (None, ParameterSchemaOrContent::Schema(schema)) => {
            cx.sample(&SchemaRef::of(schema), &join(at, "schema"))
        }
        (None, ParameterSchemaOrContent::Content(_)) => Value::String("example".into()),
    };
    Param {
        wire_name: data.name.clone(),
        rust_name: scope.claim(&naming::field_name(&data.name)),
        location,
        ty,
        required,
        style,
        doc: data.description.clone(),
        deprecated: data.deprecated == Some(true),
        sample,
        origin: cx.loc(at),
    }
}

/// One request body per supported media type, the preferred one first.
fn lower_bodies(
    cx: &mut LowerCtx<'_>,
    operation: &openapiv3::Operation,
    pointer: &str,
    prefix: &str,
) -> Vec<RequestBody> {
    let Some(body) = &operation.request_body else {
        return Vec::new();
    };
    let body_pointer = join(pointer, "requestBody");
    let body = match body {
        ReferenceOr::Item(b) => b.clone(),
        ReferenceOr::Reference { reference } => {
            match resolve::<openapiv3::RequestBody>(cx, reference, &body_pointer) {
                Some(b) => b,
                None => return Vec::new(),
            }
        }
    };
    let mut supported: Vec<(MediaClass, String, &openapiv3::MediaType)> = Vec::new();
    let mut unsupported: Vec<String> = Vec::new();
    for (media, content) in &body.content {
        match classify(media) {
            MediaClass::Xml | MediaClass::OtherMultipart => unsupported.push(media.clone()),
            class => supported.push((class, media.clone(), content)),
        }
    }
    // XML is not modelled; when it is all an operation accepts, the caller supplies the document.
    if supported.is_empty() {
        if let Some((media, content)) = body
            .content
            .iter()
            .find(|(media, _)| classify(media) == MediaClass::Xml)
        {
            cx.warn(
                &join(&join(&body_pointer, "content"), media),
                format!(
                    "XML bodies are not modelled; the method takes the {media:?} document as text"
                ),
            );
            unsupported.retain(|m| m != media);
            supported.push((MediaClass::Text, media.clone(), content));
        }
    }
    if supported.is_empty() {
        for media in &unsupported {
            cx.error(
                &join(&join(&body_pointer, "content"), media),
                format!("unsupported media type {media:?}"),
            );
        }
        if body.content.is_empty() {
            cx.warn(
                &join(&body_pointer, "content"),
                "the request body has no media type; it is not generated",
            );
        }
        return Vec::new();
    }
    for media in &unsupported {
        cx.warn(&join(&join(&body_pointer, "content"), media), format!("media type {media:?} is not supported; the operation is generated for the other media types"));
    }
    // Preferred first: JSON (plain `application/json` before vendor types), then form, multipart,
    // text, bytes.
    supported.sort_by_key(|(class, media, _)| {
        (
            *class,
            media.split(';').next().unwrap_or("").trim() != "application/json",
        )
    });
    let mut bodies = Vec::new();
    for (class, media, content) in supported {
        let at = join(&join(&body_pointer, "content"), &media);
        let hint = format!("{prefix}Body");
        let schema_ty = content
            .schema
            .as_ref()
            .map(|s| cx.schema(&SchemaRef::of(s), &join(&at, "schema"), &hint));
        let (kind, ty) = match class {
            MediaClass::Json => (MediaKind::Json(media.clone()), schema_ty.unwrap_or(Ty::Any)),
            MediaClass::Form => (MediaKind::Form, schema_ty.unwrap_or(Ty::JsonObject)),
            MediaClass::Multipart => (MediaKind::Multipart, schema_ty.unwrap_or(Ty::JsonObject)),
            MediaClass::Text => (MediaKind::Text(media.clone()), Ty::String),
            _ => (MediaKind::Bytes(media.clone()), Ty::Binary),
        };
        if kind == MediaKind::Multipart {
            match ty.strip_nullable().0 {
                Ty::Named(id) if matches!(cx.types.get(*id).kind, TypeKind::Struct(_)) => {
                    if let TypeKind::Struct(s) = &mut cx.types.get_mut(*id).kind {
                        s.multipart = true;
                    }
                }
                Ty::JsonObject | Ty::Map(_) => {}
                Ty::Binary => cx.warn(&join(&at, "schema"), "a multipart body should be an object of parts; the file is sent as a part named `file`"),
                Ty::Array(item) if **item == Ty::Binary => cx.warn(&join(&at, "schema"), "a multipart body should be an object of parts; the files are sent as parts named `file`"),
                _ => cx.warn(&join(&at, "schema"), "a multipart body should be an object of parts; the value is sent as a JSON part named `body`"),
            }
        }
        let examples = media_examples(cx, content);
        let sample = match (examples.first(), &content.schema, &kind) {
            (Some(example), _, _) => example.clone(),
            (None, _, MediaKind::Text(_)) => Value::String("example text".into()),
            (None, _, MediaKind::Bytes(_)) => Value::String("example bytes".into()),
            (None, Some(schema), _) => cx.sample(&SchemaRef::of(schema), &join(&at, "schema")),
            (None, None, _) => Value::Object(serde_json::Map::new()),
        };
        let deep_objects = content
            .encoding
            .iter()
            .filter(|(_, encoding)| matches!(encoding.style, Some(QueryStyle::DeepObject)))
            .map(|(name, _)| name.clone())
            .collect();
        bodies.push(RequestBody {
            media: kind,
            ty,
            required: body.required,
            doc: body.description.clone(),
            examples,
            sample,
            deep_objects,
            origin: cx.loc(&at),
        });
    }
    bodies
}

/// Method-name suffixes: none for the preferred body, a short one for each other media type.
fn body_suffixes(bodies: &[RequestBody]) -> Vec<Option<String>> {
    let short = |media: &MediaKind| match media {
        MediaKind::Json(_) => "json".to_string(),
        MediaKind::Form => "form".to_string(),
        MediaKind::Multipart => "multipart".to_string(),
        MediaKind::Text(_) => "text".to_string(),
        MediaKind::Bytes(_) => "binary".to_string(),
    };
    bodies
        .iter()
        .enumerate()
        .map(|(i, body)| {
            if i == 0 {
                return None;
            }
            let name = short(&body.media);
            let clashes = bodies
                .iter()
                .enumerate()
                .any(|(j, other)| j != i && short(&other.media) == name);
            Some(if clashes {
                media_suffix(body.media.content_type())
            } else {
                name
            })
        })
        .collect()
}

/// A method suffix for a media type when the short ones clash: `*/*` is `any`, `image/*` is
/// `image`, `text/x-markdown` is `x_markdown`.
fn media_suffix(media: &str) -> String {
    let essence = media.split(';').next().unwrap_or(media).trim();
    match essence.split_once('/') {
        Some(("*", "*")) => "any".into(),
        Some((kind, "*")) => naming::field_name(kind),
        Some((_, subtype)) => naming::field_name(subtype),
        None => naming::field_name(essence),
    }
}

/// Documented responses, and the `x-retry-after-field` any of them declares.
fn lower_responses(
    cx: &mut LowerCtx<'_>,
    operation: &openapiv3::Operation,
    pointer: &str,
    prefix: &str,
) -> (Vec<Response>, Option<String>) {
    let responses_pointer = join(pointer, "responses");
    let mut entries: Vec<(StatusKey, String, &ReferenceOr<openapiv3::Response>)> = Vec::new();
    for (code, response) in &operation.responses.responses {
        let key = match code {
            StatusCode::Code(c) => StatusKey::Code(*c),
            StatusCode::Range(r) => StatusKey::Range(*r as u8),
        };
        entries.push((key, join(&responses_pointer, &code.to_string()), response));
    }
    if let Some(default) = &operation.responses.default {
        entries.push((
            StatusKey::Default,
            join(&responses_pointer, "default"),
            default,
        ));
    }
    let has_success = entries
        .iter()
        .any(|(key, _, _)| matches!(key, StatusKey::Code(200..=299) | StatusKey::Range(2)));
    let mut out = Vec::new();
    let mut retry_after_field = None;
    let mut success_names = Scope::default();
    let mut error_names = Scope::default();
    let success_total = entries
        .iter()
        .filter(|(k, _, _)| matches!(k, StatusKey::Code(200..=299) | StatusKey::Range(2)))
        .count();
    for (key, at, response) in &entries {
        let response = match response {
            ReferenceOr::Item(r) => (*r).clone(),
            ReferenceOr::Reference { reference } => {
                match resolve::<openapiv3::Response>(cx, reference, at) {
                    Some(r) => r,
                    None => continue,
                }
            }
        };
        let success = match key {
            StatusKey::Code(c) => (200..300).contains(c),
            StatusKey::Range(r) => *r == 2,
            StatusKey::Default => !has_success,
        };
        if let Some(field) = response.extensions.get("x-retry-after-field") {
            match field.as_str() {
                Some(field) => retry_after_field = Some(field.to_string()),
                None => cx.warn(
                    &join(at, "x-retry-after-field"),
                    "must be the name of a top-level body field; ignored",
                ),
            }
        }
        let reason = status_name(*key);
        let variant = if success {
            success_names.claim(&reason)
        } else {
            error_names.claim(&reason)
        };
        let hint = if success && success_total <= 1 {
            format!("{prefix}Response")
        } else {
            format!("{prefix}{variant}Body")
        };
        // A 204, 205 or 304 has no body by definition (RFC 9110), whatever the spec says.
        let bodiless = matches!(key, StatusKey::Code(204 | 205 | 304));
        if bodiless && !response.content.is_empty() {
            cx.warn(
                &join(at, "content"),
                "this status never has a body; the documented content is ignored",
            );
        }
        let body = if bodiless {
            None
        } else {
            lower_response_body(cx, &response, at, &hint)
        };
        out.push(Response {
            status: *key,
            success,
            implied: false,
            variant,
            doc: Some(response.description.clone()).filter(|d| !d.trim().is_empty()),
            body,
            origin: cx.loc(at),
        });
    }
    if !out.iter().any(|r| r.success) {
        if out.is_empty() {
            cx.warn(&responses_pointer, "no responses are documented; any 2xx status is accepted and its body returned as bytes");
        } else {
            cx.warn(&responses_pointer, "no success response is documented; any 2xx status is accepted and its body returned as bytes");
        }
        out.insert(
            0,
            Response {
                status: StatusKey::Range(2),
                success: true,
                implied: true,
                variant: "Success".into(),
                doc: None,
                body: Some(ResponseBody {
                    media: MediaKind::Bytes("*/*".into()),
                    ty: Ty::Binary,
                    envelope: None,
                    examples: Vec::new(),
                }),
                origin: cx.loc(&responses_pointer),
            },
        );
    }
    (out, retry_after_field)
}

fn lower_response_body(
    cx: &mut LowerCtx<'_>,
    response: &openapiv3::Response,
    at: &str,
    hint: &str,
) -> Option<ResponseBody> {
    let mut choices: Vec<(MediaClass, &String, &openapiv3::MediaType)> = response
        .content
        .iter()
        .map(|(media, content)| (classify(media), media, content))
        .collect();
    choices.sort_by_key(|(class, _, _)| match class {
        MediaClass::Json => 0,
        MediaClass::Text => 1,
        MediaClass::Xml => 2,
        _ => 3,
    });
    let (class, media, content) = choices.into_iter().next()?;
    let media_at = join(&join(at, "content"), media);
    Some(match class {
        MediaClass::Json => {
            let envelope = match content.extensions.get("x-envelope") {
                Some(Value::String(field)) => Some(field.clone()),
                Some(_) => {
                    cx.warn(
                        &join(&media_at, "x-envelope"),
                        "must be the name of the member that wraps the body; ignored",
                    );
                    None
                }
                None => None,
            };
            let ty = match (&content.schema, &envelope) {
                (None, None) => Ty::Any,
                (None, Some(_)) => {
                    cx.error(
                        &join(&media_at, "x-envelope"),
                        "needs a schema describing the envelope",
                    );
                    Ty::Any
                }
                (Some(schema), None) => {
                    cx.schema(&SchemaRef::of(schema), &join(&media_at, "schema"), hint)
                }
                (Some(schema), Some(field)) => envelope_member(
                    cx,
                    &SchemaRef::of(schema),
                    &join(&media_at, "schema"),
                    field,
                    hint,
                ),
            };
            ResponseBody {
                media: MediaKind::Json(media.clone()),
                ty,
                envelope,
                examples: media_examples(cx, content),
            }
        }
        MediaClass::Text | MediaClass::Xml => ResponseBody {
            media: MediaKind::Text(media.clone()),
            ty: Ty::String,
            envelope: None,
            examples: Vec::new(),
        },
        _ => ResponseBody {
            media: MediaKind::Bytes(media.clone()),
            ty: Ty::Binary,
            envelope: None,
            examples: Vec::new(),
        },
    })
}

/// A media type's examples: `example`, then each value of `examples` (following references).
fn media_examples(cx: &mut LowerCtx<'_>, content: &openapiv3::MediaType) -> Vec<Value> {
    let mut out: Vec<Value> = content.example.iter().cloned().collect();
    for (name, example) in &content.examples {
        let example = match example {
            ReferenceOr::Item(example) => Some(example.clone()),
            ReferenceOr::Reference { reference } => {
                resolve::<openapiv3::Example>(cx, reference, &format!("/examples/{name}"))
            }
        };
        if let Some(value) = example.and_then(|e| e.value) {
            out.push(value);
        }
    }
    out
}

/// The type of the member that `x-envelope` names in the response schema.
fn envelope_member(
    cx: &mut LowerCtx<'_>,
    schema: &SchemaRef,
    at: &str,
    field: &str,
    hint: &str,
) -> Ty {
    // The whole envelope is still lowered, so its type exists for callers who want it.
    cx.schema(schema, at, &format!("{hint}Envelope"));
    let Some((schema_at, resolved)) = cx.resolve(schema, at) else {
        return Ty::Any;
    };
    let v = view(&resolved);
    match v.properties.and_then(|p| p.get(field)) {
        Some(member) => {
            let member_at = join(&join(&schema_at, "properties"), field);
            cx.schema(&SchemaRef::of_boxed(member), &member_at, hint)
        }
        None => {
            cx.error(
                at,
                format!("x-envelope names {field:?}, but the schema has no such property"),
            );
            Ty::Any
        }
    }
}

/// The variant name for a status: its reason phrase, a range name, or `Default`.
pub fn status_name(key: StatusKey) -> String {
    match key {
        StatusKey::Default => "Default".into(),
        StatusKey::Range(1) => "Informational".into(),
        StatusKey::Range(2) => "Success".into(),
        StatusKey::Range(3) => "Redirection".into(),
        StatusKey::Range(4) => "ClientError".into(),
        StatusKey::Range(5) => "ServerError".into(),
        StatusKey::Range(r) => format!("Status{r}xx"),
        StatusKey::Code(code) => match reason_phrase(code) {
            Some(reason) => naming::variant_name(reason),
            None => format!("Status{code}"),
        },
    }
}

fn reason_phrase(code: u16) -> Option<&'static str> {
    Some(match code {
        100 => "Continue",
        101 => "Switching Protocols",
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "Non Authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        207 => "Multi Status",
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Payload Too Large",
        414 => "Uri Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        417 => "Expectation Failed",
        421 => "Misdirected Request",
        422 => "Unprocessable Entity",
        423 => "Locked",
        424 => "Failed Dependency",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "Http Version Not Supported",
        507 => "Insufficient Storage",
        511 => "Network Authentication Required",
        _ => return None,
    })
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
    fn media_types_are_classified() {
        assert_eq!(
            classify("application/json; charset=utf-8"),
            MediaClass::Json
        );
        assert_eq!(classify("application/fhir+json"), MediaClass::Json);
        assert_eq!(
            classify("application/x-www-form-urlencoded"),
            MediaClass::Form
        );
        assert_eq!(classify("multipart/form-data"), MediaClass::Multipart);
        assert_eq!(classify("multipart/mixed"), MediaClass::OtherMultipart);
        assert_eq!(classify("application/xml"), MediaClass::Xml);
        assert_eq!(classify("text/x-markdown"), MediaClass::Text);
        assert_eq!(classify("*/*"), MediaClass::Bytes);
    }

    #[test]
    fn templates_differing_in_names_have_one_shape() {
        assert_eq!(template_shape("/a/{x}/b"), template_shape("/a/{y}/b"));
        assert_ne!(template_shape("/a/{x}/b"), template_shape("/a/{x}/c"));
    }
}
