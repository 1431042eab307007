//! Rewrites a document into the OpenAPI 3.0 shape that the rest of the pipeline understands:
//! OpenAPI 3.1 constructs are translated, and rule-breaking but clear constructs are repaired
//! with a located warning.

use crate::diagnostics::{join, Diagnostics, Location};
use serde_json::{Map, Value};

/// Checks the document's version and applies the document-level repairs. Returns whether the
/// document is OpenAPI 3.1 (whose schema rules differ), or `None` when it cannot be read at all.
pub fn prepare_document(value: &mut Value, display: &str, diags: &mut Diagnostics) -> Option<bool> {
    let Some(object) = value.as_object_mut() else {
        diags.error(Location::new(display, ""), "the document is not a mapping");
        return None;
    };
    let version = object
        .get("openapi")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let is_31 = version.starts_with("3.1");
    if is_31 {
        object.insert("openapi".into(), Value::String("3.0.3".into()));
        if object.remove("webhooks").is_some() {
            diags.warning(
                Location::new(display, "/webhooks"),
                "webhooks describe requests the vendor sends, not calls a client makes; they are not generated",
            );
        }
        object.remove("jsonSchemaDialect");
        object
            .entry("paths")
            .or_insert_with(|| Value::Object(Map::new()));
    } else if object.contains_key("swagger") {
        diags.error(
            Location::new(display, "/swagger"),
            "Swagger 2.0 documents are not supported; convert the spec to OpenAPI 3 first",
        );
        return None;
    } else if !version.starts_with("3.0") {
        diags.error(
            Location::new(display, "/openapi"),
            format!("unsupported OpenAPI version {version:?}; expected 3.0.x or 3.1.x"),
        );
        return None;
    }
    normalize_status_keys(object, display, diags);
    repair_document(object, display, is_31, diags);
    Some(is_31)
}

/// The methods a path item may hold.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Document-level repairs whose meaning is clear, each with a located warning (3.1 forms that
/// are valid there are translated silently).
fn repair_document(
    document: &mut Map<String, Value>,
    display: &str,
    is_31: bool,
    diags: &mut Diagnostics,
) {
    let mut warn =
        |pointer: String, message: &str| diags.warning(Location::new(display, pointer), message);
    // `mutualTLS` (3.1): the certificate is configured on the HTTP client, not sent per request.
    let mut mutual_tls = Vec::new();
    if let Some(Value::Object(schemes)) = document
        .get_mut("components")
        .and_then(|c| c.get_mut("securitySchemes"))
    {
        let names: Vec<String> = schemes
            .iter()
            .filter(|(_, scheme)| scheme.get("type").and_then(Value::as_str) == Some("mutualTLS"))
            .map(|(name, _)| name.clone())
            .collect();
        for name in names {
            schemes.shift_remove(&name);
            warn(
                join("/components/securitySchemes", &name),
                "mutual TLS is set up on the HTTP client (pass one with a client certificate to `ClientBuilder::http_client`), not sent with each request; the scheme is left out of the requirements",
            );
            mutual_tls.push(name);
        }
    }
    repair_security(
        document.get_mut("security"),
        "/security".into(),
        &mutual_tls,
        &mut warn,
    );
    repair_servers(document.get_mut("servers"), "/servers".into(), &mut warn);
    let Some(Value::Object(paths)) = document.get_mut("paths") else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let Value::Object(item) = item else { continue };
        let item_pointer = join("/paths", path);
        repair_servers(
            item.get_mut("servers"),
            join(&item_pointer, "servers"),
            &mut warn,
        );
        repair_parameters(
            item.get_mut("parameters"),
            join(&item_pointer, "parameters"),
            &mut warn,
        );
        for method in METHODS {
            let Some(Value::Object(operation)) = item.get_mut(*method) else {
                continue;
            };
            let pointer = join(&item_pointer, method);
            if !operation.contains_key("responses") {
                if !is_31 {
                    warn(
                        pointer.clone(),
                        "an operation must have `responses`; read as none documented",
                    );
                }
                operation.insert("responses".into(), Value::Object(Map::new()));
            }
            repair_security(
                operation.get_mut("security"),
                join(&pointer, "security"),
                &mutual_tls,
                &mut warn,
            );
            repair_servers(
                operation.get_mut("servers"),
                join(&pointer, "servers"),
                &mut warn,
            );
            repair_parameters(
                operation.get_mut("parameters"),
                join(&pointer, "parameters"),
                &mut warn,
            );
        }
    }
}

/// A security requirement written as one map (not a list of maps) is a one-element list;
/// requirements on mutual-TLS schemes are dropped.
fn repair_security(
    security: Option<&mut Value>,
    pointer: String,
    mutual_tls: &[String],
    warn: &mut impl FnMut(String, &str),
) {
    let Some(security) = security else { return };
    if security.is_object() {
        warn(
            pointer.clone(),
            "`security` must be a list of requirement objects; read as a list of this one",
        );
        *security = Value::Array(vec![security.take()]);
    }
    if let Value::Array(requirements) = security {
        for requirement in requirements.iter_mut() {
            if let Value::Object(requirement) = requirement {
                requirement.retain(|name, _| !mutual_tls.contains(name));
            }
        }
    }
}

/// Server variable defaults and values written as numbers or booleans are their text.
fn repair_servers(
    servers: Option<&mut Value>,
    pointer: String,
    warn: &mut impl FnMut(String, &str),
) {
    let Some(Value::Array(servers)) = servers else {
        return;
    };
    for (i, server) in servers.iter_mut().enumerate() {
        let Some(Value::Object(variables)) = server.get_mut("variables") else {
            continue;
        };
        for (name, variable) in variables.iter_mut() {
            let at = join(&join(&format!("{pointer}/{i}"), "variables"), name);
            if let Some(default) = variable.get_mut("default") {
                if !default.is_string() && !default.is_null() {
                    warn(
                        join(&at, "default"),
                        "a server variable's default must be a string; its text is used",
                    );
                    *default = Value::String(text_of(default));
                }
            }
            if let Some(Value::Array(values)) = variable.get_mut("enum") {
                for value in values.iter_mut().filter(|v| !v.is_string()) {
                    *value = Value::String(text_of(value));
                }
            }
        }
    }
}

/// A parameter with neither `schema` nor `content` is read as a string parameter.
fn repair_parameters(
    parameters: Option<&mut Value>,
    pointer: String,
    warn: &mut impl FnMut(String, &str),
) {
    let Some(Value::Array(parameters)) = parameters else {
        return;
    };
    for (i, parameter) in parameters.iter_mut().enumerate() {
        let Value::Object(parameter) = parameter else {
            continue;
        };
        if parameter.contains_key("$ref")
            || parameter.contains_key("schema")
            || parameter.contains_key("content")
        {
            continue;
        }
        warn(
            format!("{pointer}/{i}"),
            "a parameter needs `schema` or `content`; read as a string",
        );
        parameter.insert("schema".into(), serde_json::json!({ "type": "string" }));
    }
}

/// The text of a scalar JSON value.
fn text_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Response keys such as `2xx` are written upper-case (`2XX`) as OpenAPI requires.
fn normalize_status_keys(
    document: &mut Map<String, Value>,
    display: &str,
    diags: &mut Diagnostics,
) {
    let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (method, operation) in item.iter_mut() {
            let Some(responses) = operation
                .get_mut("responses")
                .and_then(Value::as_object_mut)
            else {
                continue;
            };
            let keys: Vec<String> = responses.keys().cloned().collect();
            for key in keys {
                let upper = key.to_ascii_uppercase();
                if key.len() == 3 && key.ends_with(['x', 'X']) && upper != key {
                    let pointer = join(
                        &join(&join(&join("/paths", path), method), "responses"),
                        &key,
                    );
                    diags.warning(
                        Location::new(display, pointer),
                        format!("status range {key:?} must be written {upper:?}"),
                    );
                    if let Some(v) = responses.shift_remove(&key) {
                        responses.insert(upper, v);
                    }
                }
            }
        }
    }
}

/// Repairs one Schema Object in place (not its children; the caller's walk visits those).
/// `pointer` locates it in the file named `display`.
pub fn schema(
    value: &mut Value,
    display: &str,
    pointer: &str,
    is_31: bool,
    diags: &mut Diagnostics,
) {
    let mut cx = SchemaRepair {
        display,
        diags,
        is_31,
    };
    cx.schema(value, pointer);
}

struct SchemaRepair<'a> {
    display: &'a str,
    diags: &'a mut Diagnostics,
    is_31: bool,
}

impl SchemaRepair<'_> {
    fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.diags
            .warning(Location::new(self.display, pointer), message);
    }

    /// Repairs one Schema Object (not its children; `visit` recurses after this).
    fn schema(&mut self, value: &mut Value, pointer: &str) {
        // JSON Schema's boolean schemas (3.1): `true` accepts anything, `false` nothing.
        if let Value::Bool(b) = value {
            *value = if *b {
                Value::Object(Map::new())
            } else {
                serde_json::json!({ "not": {} })
            };
            return;
        }
        let Value::Object(schema) = value else {
            self.warn(
                pointer,
                "a schema must be an object; it is treated as accepting any value",
            );
            *value = Value::Object(Map::new());
            return;
        };

        // `$ref` with siblings: OpenAPI 3.0 ignores the siblings, 3.1 applies them. Either way
        // the author meant them (a description or `nullable`), so keep them next to an allOf.
        if schema.contains_key("$ref") && schema.len() > 1 {
            let siblings: Vec<String> = schema
                .keys()
                .filter(|k| *k != "$ref" && !k.starts_with("x-"))
                .cloned()
                .collect();
            if !siblings.is_empty() {
                if !self.is_31 {
                    self.warn(
                        pointer,
                        format!(
                            "OpenAPI 3.0 ignores keys next to $ref ({}); they are kept as if written `allOf: [$ref]` beside them",
                            siblings.join(", ")
                        ),
                    );
                }
                let reference = schema.remove("$ref").unwrap_or(Value::Null);
                let mut wrapper = std::mem::take(schema);
                wrapper.insert("allOf".into(), serde_json::json!([{ "$ref": reference }]));
                *schema = wrapper;
            }
        }

        // `type: [string, "null"]` (3.1).
        if let Some(Value::Array(types)) = schema.get("type").cloned() {
            let names: Vec<String> = types
                .iter()
                .filter_map(|t| t.as_str().map(String::from))
                .collect();
            let nullable = names.iter().any(|t| t == "null");
            let concrete: Vec<String> = names.into_iter().filter(|t| t != "null").collect();
            schema.remove("type");
            if nullable {
                schema.insert("nullable".into(), Value::Bool(true));
            }
            match concrete.as_slice() {
                [] => {}
                [only] => {
                    schema.insert("type".into(), Value::String(only.clone()));
                }
                _ => {
                    if !schema.contains_key("anyOf") && !schema.contains_key("oneOf") {
                        let alternatives: Vec<Value> = concrete
                            .iter()
                            .map(|t| serde_json::json!({ "type": t }))
                            .collect();
                        schema.insert("anyOf".into(), Value::Array(alternatives));
                    }
                }
            }
        } else if schema.get("type").and_then(Value::as_str) == Some("null") {
            // 3.1's null type: a schema whose only value is null.
            schema.remove("type");
            schema.insert("nullable".into(), Value::Bool(true));
            schema.insert("enum".into(), Value::Array(vec![Value::Null]));
        }

        // `const` (3.1) is a single-value enum.
        if let Some(constant) = schema.remove("const") {
            if !schema.contains_key("type") {
                if let Some(t) = json_type(&constant) {
                    schema.insert("type".into(), Value::String(t.into()));
                }
            }
            schema.insert("enum".into(), Value::Array(vec![constant]));
        }

        // `examples: [...]` inside a schema (3.1) becomes the 3.0 `example`.
        if let Some(Value::Array(mut examples)) = schema.get("examples").cloned() {
            schema.remove("examples");
            if !schema.contains_key("example") && !examples.is_empty() {
                schema.insert("example".into(), examples.swap_remove(0));
            }
        }

        // Numeric `exclusiveMinimum` / `exclusiveMaximum` (3.1).
        for (exclusive, bound) in [
            ("exclusiveMinimum", "minimum"),
            ("exclusiveMaximum", "maximum"),
        ] {
            if let Some(Value::Number(n)) = schema.get(exclusive).cloned() {
                schema.insert(bound.into(), Value::Number(n));
                schema.insert(exclusive.into(), Value::Bool(true));
            }
        }

        // A tuple-style `items: [..]` is not OpenAPI 3.0.
        if let Some(Value::Array(_)) = schema.get("items") {
            self.warn(
                &join(pointer, "items"),
                "`items` must be a single schema, not a list; the array accepts any items",
            );
            schema.insert("items".into(), Value::Object(Map::new()));
        }

        // `required: true` on a property (Swagger 2 habit) belongs in the parent's list.
        let mut promoted = Vec::new();
        if let Some(Value::Object(properties)) = schema.get_mut("properties") {
            for (name, property) in properties.iter_mut() {
                if let Some(Value::Bool(required)) = property.get("required").cloned() {
                    if let Some(object) = property.as_object_mut() {
                        object.remove("required");
                    }
                    let at = join(&join(&join(pointer, "properties"), name), "required");
                    self.diags.warning(
                        Location::new(self.display, at),
                        format!("`required` must be a list on the parent object; read as {name:?} being {}", if required { "required" } else { "optional" }),
                    );
                    if required {
                        promoted.push(Value::String(name.clone()));
                    }
                }
            }
        }
        if !promoted.is_empty() {
            let list = schema
                .entry("required")
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(list) = list {
                for name in promoted {
                    if !list.contains(&name) {
                        list.push(name);
                    }
                }
            }
        }
        if let Some(Value::Bool(_)) = schema.get("required") {
            self.warn(
                &join(pointer, "required"),
                "`required` must be a list of property names; ignored",
            );
            schema.remove("required");
        }
    }
}

/// The JSON Schema type name of a value.
pub fn json_type(value: &Value) -> Option<&'static str> {
    Some(match value {
        Value::String(_) => "string",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
        Value::Null => return None,
    })
}
