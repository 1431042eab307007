//! Parameters: path, query, header and cookie parameters with their styles, merged from the path
//! item and the operation, checked against the path template.

use super::super::schema::SchemaRef;
use super::super::LowerCtx;
use crate::diagnostics::join;
use crate::model::{
    is_object, is_scalar, is_scalar_array, Param, ParamLocation, ParamStyle, PathSegment, Rules, Ty,
};
use crate::naming::{self, Scope};
use crate::template::{Part, Template};
use openapiv3::{Parameter, ParameterSchemaOrContent, PathItem, QueryStyle, ReferenceOr};
use serde_json::Value;

/// Parameters (path ones in path order first) and the path split into segments.
pub(super) fn lower_params(
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
                match cx.parse_reference::<Parameter>(reference, &at) {
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
                    rules: Rules::default(),
                    rules_origin: None,
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

pub(super) fn location_of(parameter: &Parameter) -> ParamLocation {
    match parameter {
        Parameter::Query { .. } => ParamLocation::Query,
        Parameter::Header { .. } => ParamLocation::Header,
        Parameter::Path { .. } => ParamLocation::Path,
        Parameter::Cookie { .. } => ParamLocation::Cookie,
    }
}

pub(super) fn lower_param(
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
    let (rules, rules_origin) = match &data.format {
        ParameterSchemaOrContent::Schema(schema) => {
            cx.rules_of(&SchemaRef::of(schema), &join(at, "schema"))
        }
        ParameterSchemaOrContent::Content(_) => (Rules::default(), None),
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
        rules,
        rules_origin,
        origin: cx.loc(at),
    }
}
