//! Expands `x-operation-per-file`: one typed operation per file in a directory, for APIs
//! whose request body differs per resource (VectorCare defines one body schema per service).

use super::bundle::NameHints;
use super::source;
use super::SourceMap;
use crate::diagnostics::{join, Diagnostics, Location};
use crate::naming;
use serde_json::{Map, Value};
use std::path::Path;

/// The extension's name.
pub const EXTENSION: &str = "x-operation-per-file";

/// The methods an operation can sit under in a path item.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One file of the directory named by the extension.
struct PerFile {
    /// The file's name relative to the spec's directory, with forward slashes.
    relative: String,
    display: String,
    id: String,
    name: String,
    operation_id: String,
    illustrative: bool,
    description: Option<String>,
    example: Option<Value>,
    request_body: Value,
}

/// The key of the extension that names field views: `{<body property>: <type name suffix>}`.
const FIELD_VIEWS: &str = "field-views";

/// Expands every operation carrying the extension in the root document.
pub fn expand(
    root: &mut Value,
    root_path: &Path,
    root_display: &str,
    hints: &mut NameHints,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
) {
    let Some(paths) = root.get("paths").and_then(Value::as_object) else {
        return;
    };
    let mut expansions: Vec<(String, String, Map<String, Value>)> = Vec::new();
    for (path, item) in paths {
        for method in METHODS {
            let Some(operation) = item.get(*method).and_then(Value::as_object) else {
                continue;
            };
            let Some(config) = operation.get(EXTENSION) else {
                continue;
            };
            let pointer = join(&join(&join("/paths", path), method), EXTENSION);
            let at = Location::new(root_display, pointer);
            expansions.push((path.clone(), method.to_string(), operation.clone()));
            if !config.is_object() {
                diags.error(at, "must be an object with `parameter` and `directory`");
            }
        }
    }
    for (path, method, operation) in expansions {
        let pointer = join(&join(&join("/paths", &path), &method), EXTENSION);
        let at = Location::new(root_display, pointer.clone());
        let config = operation.get(EXTENSION).unwrap_or(&Value::Null);
        let (Some(parameter), Some(directory)) = (
            config.get("parameter").and_then(Value::as_str),
            config.get("directory").and_then(Value::as_str),
        ) else {
            diags.error(at, "needs `parameter` (the path parameter to fill in) and `directory` (relative to the spec)");
            continue;
        };
        let placeholder = format!("{{{parameter}}}");
        if !path.contains(&placeholder) {
            diags.error(
                Location::new(root_display, join(&pointer, "parameter")),
                format!("the path has no parameter {placeholder}"),
            );
            continue;
        }
        let base = root_path.parent().unwrap_or(Path::new("."));
        let views = field_views(config, &at, diags);
        let files = read_directory(&base.join(directory), directory, root_display, &at, diags);
        let mut inserted = Vec::new();
        let mut view_schemas: Vec<(String, Value, String, String)> = Vec::new();
        for file in files {
            if file.id.is_empty()
                || file.id.contains(['/', '?', '#', '{', '}'])
                || file.id == "."
                || file.id == ".."
            {
                diags.error(
                    Location::new(&file.display, "/service_id"),
                    format!("{:?} cannot be placed in a path", file.id),
                );
                continue;
            }
            let new_path = path.replace(&placeholder, &file.id);
            let mut op = operation.clone();
            op.remove(EXTENSION);
            op.insert(
                "operationId".into(),
                Value::String(file.operation_id.clone()),
            );
            op.insert(
                "summary".into(),
                Value::String(format!("{} ({})", file.name, file.id)),
            );
            let mut description = file.description.clone().unwrap_or_default();
            if file.illustrative {
                if !description.is_empty() {
                    description.push_str("\n\n");
                }
                description.push_str("Illustrative service: its schema was written to show a kind of service the vendor describes, not copied from a real organization.");
            }
            if !description.is_empty() {
                op.insert("description".into(), Value::String(description));
            }
            op.insert(
                "x-service".into(),
                serde_json::json!({ "id": file.id, "name": file.name, "illustrative": file.illustrative, "file": file.relative }),
            );
            if let Some(Value::Array(params)) = op.get_mut("parameters") {
                params.retain(|p| {
                    !(p.get("name").and_then(Value::as_str) == Some(parameter)
                        && p.get("in").and_then(Value::as_str) == Some("path"))
                });
            }
            let mut media = Map::new();
            media.insert(
                "schema".into(),
                serde_json::json!({ "$ref": format!("{}#/request_body", file.relative) }),
            );
            if let Some(example) = &file.example {
                media.insert("example".into(), example.clone());
            }
            let required = op
                .get("requestBody")
                .and_then(|b| b.get("required"))
                .cloned()
                .unwrap_or(Value::Bool(true));
            op.insert("requestBody".into(), serde_json::json!({ "required": required, "content": { "application/json": Value::Object(media) } }));
            let canonical = std::fs::canonicalize(base.join(&file.relative))
                .unwrap_or_else(|_| base.join(&file.relative));
            hints.insert(
                (canonical, "/request_body".into()),
                format!("{}Body", naming::type_name(&file.operation_id)),
            );
            for (property, suffix) in &views {
                if let Some(view) = field_view(&file, property) {
                    let name = format!("{}{suffix}", naming::type_name(&file.operation_id));
                    let origin = join("/request_body/properties", property);
                    view_schemas.push((name, view, file.display.clone(), origin));
                }
            }
            let new_pointer = join("/paths", &new_path);
            sources.add(&format!("{new_pointer}/{method}"), &file.display, "");
            inserted.push((new_path, method.clone(), op, file.display.clone()));
        }
        insert_schemas(root, view_schemas, sources, diags);
        let Some(paths) = root.get_mut("paths").and_then(Value::as_object_mut) else {
            return;
        };
        for (new_path, method, op, display) in inserted {
            if paths.contains_key(&new_path) {
                diags.error(
                    Location::new(display, ""),
                    format!("path {new_path:?} is already in the spec"),
                );
                continue;
            }
            let mut item = Map::new();
            if let Some(common) = paths
                .get(&path)
                .and_then(|i| i.get("parameters"))
                .and_then(Value::as_array)
            {
                let kept: Vec<Value> = common
                    .iter()
                    .filter(|p| {
                        !(p.get("name").and_then(Value::as_str) == Some(parameter)
                            && p.get("in").and_then(Value::as_str) == Some("path"))
                    })
                    .cloned()
                    .collect();
                if !kept.is_empty() {
                    item.insert("parameters".into(), Value::Array(kept));
                }
            }
            if let Some(servers) = paths.get(&path).and_then(|i| i.get("servers")) {
                item.insert("servers".into(), servers.clone());
            }
            item.insert(method, Value::Object(op));
            paths.insert(new_path, Value::Object(item));
        }
        // Keep the template operation as the untyped fallback, without the extension.
        if let Some(template) = paths
            .get_mut(&path)
            .and_then(|i| i.get_mut(&method))
            .and_then(Value::as_object_mut)
        {
            template.remove(EXTENSION);
        }
    }
}

/// Adds the field views to `components/schemas`, each located in the file it was made from.
fn insert_schemas(
    root: &mut Value,
    schemas: Vec<(String, Value, String, String)>,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
) {
    let Some(document) = root.as_object_mut() else {
        return;
    };
    let components = document
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()));
    let Some(components) = components.as_object_mut() else {
        return;
    };
    let existing = components
        .entry("schemas")
        .or_insert_with(|| Value::Object(Map::new()));
    let Some(existing) = existing.as_object_mut() else {
        return;
    };
    for (name, schema, display, origin) in schemas {
        if existing.contains_key(&name) {
            diags.error(
                Location::new(display, origin),
                format!(
                    "its field view would be named {name:?}, which components/schemas already has"
                ),
            );
            continue;
        }
        sources.add(&join("/components/schemas", &name), &display, &origin);
        existing.insert(name, schema);
    }
}

/// Reads every `*.yaml`, `*.yml` and `*.json` file of `dir`, sorted by name.
fn read_directory(
    dir: &Path,
    relative_dir: &str,
    root_display: &str,
    at: &Location,
    diags: &mut Diagnostics,
) -> Vec<PerFile> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => {
            diags.error(
                at.clone(),
                format!("cannot read directory {relative_dir:?}: {err}"),
            );
            return Vec::new();
        }
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml") || n.ends_with(".yml") || n.ends_with(".json"))
        .collect();
    names.sort();
    let mut files = Vec::new();
    for name in names {
        let relative = format!("{}/{name}", relative_dir.trim_end_matches('/'));
        let display = super::bundle::display_join(root_display, &relative);
        let Some(value) = source::read(&dir.join(&name), &display, diags) else {
            continue;
        };
        if let Some(file) = per_file(value, relative, display, diags) {
            files.push(file);
        }
    }
    files
}

/// Reads the fields of one per-operation file, reporting each missing or mistyped one.
fn per_file(
    value: Value,
    relative: String,
    display: String,
    diags: &mut Diagnostics,
) -> Option<PerFile> {
    let text = |key: &str, diags: &mut Diagnostics| -> Option<String> {
        match value.get(key) {
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => {
                diags.error(
                    Location::new(&display, format!("/{key}")),
                    "must be a string",
                );
                None
            }
            None => {
                diags.error(Location::new(&display, ""), format!("missing `{key}`"));
                None
            }
        }
    };
    let id = text("service_id", diags);
    let name = text("name", diags);
    let operation_id = text("operation_id", diags);
    let illustrative = match value.get("illustrative") {
        Some(Value::Bool(b)) => Some(*b),
        Some(_) => {
            diags.error(
                Location::new(&display, "/illustrative"),
                "must be true or false",
            );
            None
        }
        None => {
            diags.error(
                Location::new(&display, ""),
                "missing `illustrative` (true for a service made up to illustrate the docs)",
            );
            None
        }
    };
    if !value.get("request_body").is_some_and(Value::is_object) {
        diags.error(
            Location::new(&display, "/request_body"),
            "missing or not a schema object",
        );
        return None;
    }
    let description = value
        .get("description")
        .and_then(Value::as_str)
        .map(String::from);
    let example = value.get("example").cloned();
    let request_body = value.get("request_body").cloned().unwrap_or(Value::Null);
    Some(PerFile {
        relative,
        display,
        id: id?,
        name: name?,
        operation_id: operation_id?,
        illustrative: illustrative?,
        description,
        example,
        request_body,
    })
}

/// The field views the extension asks for, as (body property, type name suffix) pairs.
fn field_views(config: &Value, at: &Location, diags: &mut Diagnostics) -> Vec<(String, String)> {
    let Some(views) = config.get(FIELD_VIEWS) else {
        return Vec::new();
    };
    let pairs: Option<Vec<(String, String)>> = views.as_object().and_then(|views| {
        views
            .iter()
            .map(|(property, suffix)| Some((property.clone(), suffix.as_str()?.to_string())))
            .collect()
    });
    pairs.unwrap_or_else(|| {
        diags.error(
            Location::new(&at.file, join(&at.pointer, FIELD_VIEWS)),
            "must map body properties to type name suffixes (`{patient: PatientFields}`)",
        );
        Vec::new()
    })
}

/// A typed view of one object property of a per-file body: the same fields, every one optional
/// and nullable, for reading the open map in which the vendor echoes them back. Fields with
/// references are referred to where they are (a copy would break their relative references).
fn field_view(file: &PerFile, property: &str) -> Option<Value> {
    let object = file.request_body.get("properties")?.get(property)?;
    let fields = object.get("properties")?.as_object()?;
    let mut view_fields = Map::new();
    for (name, schema) in fields {
        let field = if contains_ref(schema) {
            let pointer = join(
                &join(&join("/request_body/properties", property), "properties"),
                name,
            );
            serde_json::json!({
                "allOf": [{ "$ref": format!("{}#{pointer}", file.relative) }],
                "nullable": true,
            })
        } else {
            let mut copy = schema.clone();
            if let Some(copy) = copy.as_object_mut() {
                copy.insert("nullable".into(), Value::Bool(true));
            }
            copy
        };
        view_fields.insert(name.clone(), field);
    }
    Some(serde_json::json!({
        "type": "object",
        "description": format!(
            "The `{property}` fields of service `{}` ({}), as the request detail's open map holds them: every field optional and nullable. Read one with `runtime::FromFields::from_fields`.",
            file.id, file.name
        ),
        "properties": Value::Object(view_fields),
    }))
}

fn contains_ref(value: &Value) -> bool {
    match value {
        Value::Object(object) => object.contains_key("$ref") || object.values().any(contains_ref),
        Value::Array(items) => items.iter().any(contains_ref),
        _ => false,
    }
}
