//! Request bodies: each media type classified, one client method per supported one (with a suffix
//! when there are several), and the examples a media type carries.

use super::super::schema::SchemaRef;
use super::super::LowerCtx;
use crate::diagnostics::join;
use crate::model::{MediaKind, RequestBody, Ty, TypeKind};
use crate::naming::{self};
use openapiv3::{QueryStyle, ReferenceOr};
use serde_json::Value;

/// The media type classes the generator knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum MediaClass {
    Json,
    Form,
    Multipart,
    Text,
    Bytes,
    Xml,
    OtherMultipart,
}

pub(super) fn classify(media: &str) -> MediaClass {
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

/// One request body per supported media type, the preferred one first.
pub(super) fn lower_bodies(
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
            match cx.parse_reference::<openapiv3::RequestBody>(reference, &body_pointer) {
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
pub(super) fn body_suffixes(bodies: &[RequestBody]) -> Vec<Option<String>> {
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
pub(super) fn media_suffix(media: &str) -> String {
    let essence = media.split(';').next().unwrap_or(media).trim();
    match essence.split_once('/') {
        Some(("*", "*")) => "any".into(),
        Some((kind, "*")) => naming::field_name(kind),
        Some((_, subtype)) => naming::field_name(subtype),
        None => naming::field_name(essence),
    }
}

/// A media type's examples: `example`, then each value of `examples` (following references).
pub(super) fn media_examples(cx: &mut LowerCtx<'_>, content: &openapiv3::MediaType) -> Vec<Value> {
    let mut out: Vec<Value> = content.example.iter().cloned().collect();
    for (name, example) in &content.examples {
        let example = match example {
            ReferenceOr::Item(example) => Some(example.clone()),
            ReferenceOr::Reference { reference } => {
                cx.parse_reference::<openapiv3::Example>(reference, &format!("/examples/{name}"))
            }
        };
        if let Some(value) = example.and_then(|e| e.value) {
            out.push(value);
        }
    }
    out
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
}
