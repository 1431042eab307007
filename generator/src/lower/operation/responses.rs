//! Responses: one entry per documented status (or range), its body type and envelope, and the
//! variant name each status gets.

use super::super::schema::SchemaRef;
use super::super::view::view;
use super::super::LowerCtx;
use super::bodies::{classify, media_examples, MediaClass};
use crate::diagnostics::join;
use crate::model::{MediaKind, Response, ResponseBody, StatusKey, Ty};
use crate::naming::{self, Scope};
use openapiv3::{ReferenceOr, StatusCode};
use serde_json::Value;

/// Documented responses, and the `x-retry-after-field` any of them declares.
pub(super) fn lower_responses(
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
                match cx.parse_reference::<openapiv3::Response>(reference, at) {
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
            assumptions: cx.assumptions(response.extensions.get("x-assumptions"), at),
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
                assumptions: Vec::new(),
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

pub(super) fn lower_response_body(
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

/// The type of the member that `x-envelope` names in the response schema.
pub(super) fn envelope_member(
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

pub(super) fn reason_phrase(code: u16) -> Option<&'static str> {
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
