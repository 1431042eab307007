//! Imports the per-resource operations of a vendor's own OpenAPI document into the files that
//! `x-operation-per-file` reads (VectorCare: one file per service), reporting what was added,
//! changed and removed.

use crate::diagnostics::{Diagnostics, Location};
use crate::naming;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Resources in the document without a file; their files were written.
    pub added: Vec<String>,
    /// Resources whose name, body schema or example changed; their files were rewritten.
    pub changed: Vec<String>,
    /// Resources whose files already matched the document.
    pub unchanged: Vec<String>,
    /// Files of resources the document no longer lists; deleted unless kept.
    pub removed: Vec<String>,
    /// Illustrative files, which the import never touches.
    pub illustrative: Vec<String>,
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (label, ids) in [
            ("added", &self.added),
            ("changed", &self.changed),
            ("removed", &self.removed),
            ("unchanged", &self.unchanged),
            ("illustrative, kept", &self.illustrative),
        ] {
            if !ids.is_empty() {
                writeln!(f, "{label}: {}", ids.join(", "))?;
            }
        }
        write!(
            f,
            "{} added, {} changed, {} removed, {} unchanged",
            self.added.len(),
            self.changed.len(),
            self.removed.len(),
            self.unchanged.len()
        )
    }
}

/// Where the per-file operations of a spec live, read from its `x-operation-per-file`.
#[derive(Debug, Clone)]
pub struct Target {
    /// The path template, e.g. `/openapi/v2.0/requests/service/{service_id}/`.
    pub path: String,
    /// The method of the templated operation (lower case).
    pub method: String,
    /// The path parameter that names the resource.
    pub parameter: String,
    /// The directory of the files.
    pub directory: PathBuf,
}

/// Finds the (first) `x-operation-per-file` operation of the spec at `spec`.
pub fn target(spec: &Path, display: &str, diags: &mut Diagnostics) -> Option<Target> {
    let document = read(spec, display, diags)?;
    let paths = document.get("paths").and_then(Value::as_object)?;
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        for (method, operation) in item {
            let Some(config) = operation.get("x-operation-per-file") else {
                continue;
            };
            let parameter = config.get("parameter").and_then(Value::as_str);
            let directory = config.get("directory").and_then(Value::as_str);
            if let (Some(parameter), Some(directory)) = (parameter, directory) {
                let base = spec.parent().unwrap_or(Path::new("."));
                return Some(Target {
                    path: path.clone(),
                    method: method.clone(),
                    parameter: parameter.to_string(),
                    directory: base.join(directory),
                });
            }
        }
    }
    diags.error(
        Location::new(display, "/paths"),
        "no operation has `x-operation-per-file`",
    );
    None
}

fn read(path: &Path, display: &str, diags: &mut Diagnostics) -> Option<Value> {
    crate::load::read_value(path, display, diags)
}

/// Imports every operation of `document` whose path matches the target's template into the
/// target's directory. Illustrative files are never changed; files of resources the document
/// does not list are deleted unless `keep_removed`. With `dry_run` nothing is written.
pub fn import(
    target: &Target,
    document: &Path,
    display: &str,
    keep_removed: bool,
    dry_run: bool,
    diags: &mut Diagnostics,
) -> Option<ImportReport> {
    let vendor = read(document, display, diags)?;
    let resources = resources(target, &vendor, display, diags);
    let existing = existing_files(&target.directory, diags);
    if diags.has_errors() {
        return None;
    }
    let mut report = ImportReport::default();
    let mut taken: Vec<String> = existing
        .values()
        .filter_map(|f| {
            f.value
                .get("operation_id")
                .and_then(Value::as_str)
                .map(String::from)
        })
        .collect();
    for resource in &resources {
        let file = target.directory.join(format!("{}.yaml", resource.id));
        match existing.get(&resource.id) {
            Some(current) if current.illustrative() => {
                report.illustrative.push(resource.id.clone())
            }
            Some(current) => {
                let mut updated = current.value.clone();
                if let Value::Object(object) = &mut updated {
                    object.insert("name".into(), Value::String(resource.name.clone()));
                    object.insert("request_body".into(), resource.body.clone());
                    match &resource.example {
                        Some(example) => object.insert("example".into(), example.clone()),
                        None => object.remove("example"),
                    };
                }
                if updated == current.value {
                    report.unchanged.push(resource.id.clone());
                } else {
                    report.changed.push(resource.id.clone());
                    if !dry_run {
                        write(&current.path, &current.header, &updated, diags)?;
                    }
                }
            }
            None => {
                let base = naming::method_name(&format!("create {} request", resource.name));
                let mut operation_id = lower_camel(&base);
                let mut n = 2;
                while taken.contains(&operation_id) {
                    operation_id = lower_camel(&format!("{base} {n}"));
                    n += 1;
                }
                taken.push(operation_id.clone());
                let mut object = Map::new();
                object.insert("service_id".into(), Value::String(resource.id.clone()));
                object.insert("name".into(), Value::String(resource.name.clone()));
                object.insert("operation_id".into(), Value::String(operation_id));
                object.insert("illustrative".into(), Value::Bool(false));
                object.insert(
                    "description".into(),
                    Value::String(resource.description.clone()),
                );
                object.insert("request_body".into(), resource.body.clone());
                if let Some(example) = &resource.example {
                    object.insert("example".into(), example.clone());
                }
                let header =
                    format!("# Imported from {display} by `cargo xtask import-vectorcare`.\n");
                report.added.push(resource.id.clone());
                if !dry_run {
                    write(&file, &header, &Value::Object(object), diags)?;
                }
            }
        }
    }
    for (id, current) in &existing {
        if resources.iter().any(|r| &r.id == id) {
            continue;
        }
        if current.illustrative() {
            report.illustrative.push(id.clone());
            continue;
        }
        report.removed.push(id.clone());
        if !dry_run && !keep_removed {
            if let Err(err) = std::fs::remove_file(&current.path) {
                diags.error(
                    Location::new(current.path.display().to_string(), ""),
                    format!("cannot delete: {err}"),
                );
                return None;
            }
        }
    }
    report.illustrative.sort();
    report.illustrative.dedup();
    Some(report)
}

/// `create_lab_test_request` as `createLabTestRequest`.
fn lower_camel(snake: &str) -> String {
    let pascal = naming::type_name(snake);
    let mut chars = pascal.chars();
    match chars.next() {
        Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// One resource of the vendor's document.
struct Resource {
    id: String,
    name: String,
    description: String,
    body: Value,
    example: Option<Value>,
}

/// The operations of the vendor document whose path fills the template's parameter.
fn resources(
    target: &Target,
    vendor: &Value,
    display: &str,
    diags: &mut Diagnostics,
) -> Vec<Resource> {
    let placeholder = format!("{{{}}}", target.parameter);
    let Some((prefix, suffix)) = target.path.split_once(&placeholder) else {
        diags.error(
            Location::new(display, ""),
            format!("the template {:?} has no {placeholder}", target.path),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    let Some(paths) = vendor.get("paths").and_then(Value::as_object) else {
        diags.error(
            Location::new(display, "/paths"),
            "the document has no paths",
        );
        return out;
    };
    for (path, item) in paths {
        let Some(id) = path
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix(suffix))
        else {
            continue;
        };
        if id.is_empty() || id.contains('/') || id.starts_with('{') {
            continue;
        }
        let pointer =
            crate::diagnostics::join(&crate::diagnostics::join("/paths", path), &target.method);
        let Some(operation) = item.get(&target.method) else {
            continue;
        };
        let media = operation.pointer("/requestBody/content/application~1json");
        let Some(schema) = media.and_then(|m| m.get("schema")) else {
            diags.error(
                Location::new(display, format!("{pointer}/requestBody")),
                "no application/json request body schema",
            );
            continue;
        };
        let body = match inline(schema, vendor, &mut Vec::new()) {
            Ok(body) => body,
            Err(message) => {
                diags.error(
                    Location::new(
                        display,
                        format!("{pointer}/requestBody/content/application~1json/schema"),
                    ),
                    message,
                );
                continue;
            }
        };
        let name = ["summary", "x-service-name", "operationId"]
            .iter()
            .find_map(|key| operation.get(*key).and_then(Value::as_str))
            .unwrap_or(id)
            .to_string();
        let description = operation
            .get("description")
            .and_then(Value::as_str)
            .map(String::from)
            .unwrap_or_else(|| format!("Creates a request for service `{id}` ({name}), as listed in the vendor's interactive docs."));
        let example = media.and_then(|m| m.get("example")).cloned();
        out.push(Resource {
            id: id.to_string(),
            name,
            description,
            body,
            example,
        });
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

/// The schema with every local `$ref` replaced by what it points to, so that the file stands
/// on its own; a reference cycle cannot be inlined and is an error.
fn inline(schema: &Value, document: &Value, stack: &mut Vec<String>) -> Result<Value, String> {
    match schema {
        Value::Object(object) => {
            if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
                let Some(pointer) = reference.strip_prefix('#') else {
                    return Err(format!("$ref {reference:?} points outside the document"));
                };
                if stack.iter().any(|p| p == pointer) {
                    return Err(format!(
                        "$ref {reference:?} is recursive and cannot be copied into a service file"
                    ));
                }
                let target = document
                    .pointer(pointer)
                    .ok_or_else(|| format!("dangling $ref {reference:?}"))?;
                stack.push(pointer.to_string());
                let resolved = inline(target, document, stack);
                stack.pop();
                return resolved;
            }
            let mut out = Map::new();
            for (key, value) in object {
                // Examples and defaults are data, not schemas.
                let value = if matches!(key.as_str(), "example" | "default" | "enum")
                    || key.starts_with("x-")
                {
                    value.clone()
                } else {
                    inline(value, document, stack)?
                };
                out.insert(key.clone(), value);
            }
            Ok(Value::Object(out))
        }
        Value::Array(items) => items
            .iter()
            .map(|item| inline(item, document, stack))
            .collect::<Result<_, _>>()
            .map(Value::Array),
        other => Ok(other.clone()),
    }
}

/// A service file already in the directory.
struct Existing {
    path: PathBuf,
    /// The comment lines at the top of the file, kept when it is rewritten.
    header: String,
    value: Value,
}

impl Existing {
    fn illustrative(&self) -> bool {
        self.value.get("illustrative").and_then(Value::as_bool) == Some(true)
    }
}

fn existing_files(directory: &Path, diags: &mut Diagnostics) -> BTreeMap<String, Existing> {
    let mut out = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(directory) else {
        return out;
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    for path in paths {
        let display = path.display().to_string();
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let header: String = text
            .lines()
            .take_while(|l| l.starts_with('#'))
            .map(|l| format!("{l}\n"))
            .collect();
        let Some(value) = read(&path, &display, diags) else {
            continue;
        };
        match value.get("service_id").and_then(Value::as_str) {
            Some(id) => {
                out.insert(
                    id.to_string(),
                    Existing {
                        path,
                        header,
                        value,
                    },
                );
            }
            None => diags.error(Location::new(display, ""), "missing `service_id`"),
        }
    }
    out
}

fn write(path: &Path, header: &str, value: &Value, diags: &mut Diagnostics) -> Option<()> {
    let text = match serde_yaml::to_string(value) {
        Ok(text) => text,
        Err(err) => {
            diags.error(
                Location::new(path.display().to_string(), ""),
                format!("cannot write YAML: {err}"),
            );
            return None;
        }
    };
    if let Err(err) = std::fs::write(path, format!("{header}{text}")) {
        diags.error(
            Location::new(path.display().to_string(), ""),
            format!("cannot write: {err}"),
        );
        return None;
    }
    Some(())
}
