//! Stage 1, load: reads a spec (YAML or JSON, possibly split over several files) into one
//! bundled OpenAPI 3.0 document, parsed with `openapiv3`, plus a map back to the source files.

mod bundle;
pub(crate) mod deep;
mod expand;
pub mod normalize;
mod source;
mod walk;
mod yaml;

use crate::diagnostics::{escape_token, Diagnostics, Location};
use crate::reference;
use serde_json::Value;
use std::path::Path;

/// A spec after loading: the bundled document, typed and raw, and where each part came from.
pub struct Loaded {
    /// The typed document.
    pub document: openapiv3::OpenAPI,
    /// The same document as JSON, used to resolve `$ref`s to any pointer.
    pub raw: Value,
    /// Where each part of the bundled document came from.
    pub sources: SourceMap,
}

/// Maps pointers in the bundled document back to files and pointers in them.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    root: String,
    /// Bundled-document prefix, file, pointer in that file.
    entries: Vec<(String, String, String)>,
}

impl SourceMap {
    /// A map in which everything comes from `root` unless said otherwise.
    pub fn new(root: &str) -> Self {
        SourceMap {
            root: root.to_string(),
            entries: Vec::new(),
        }
    }

    /// Records that the bundled document's `prefix` is `pointer` in `file`.
    pub fn add(&mut self, prefix: &str, file: &str, pointer: &str) {
        self.entries
            .push((prefix.to_string(), file.to_string(), pointer.to_string()));
    }

    /// The source location of a pointer into the bundled document.
    pub fn locate(&self, pointer: &str) -> Location {
        let mut best: Option<&(String, String, String)> = None;
        for entry in &self.entries {
            let prefix = &entry.0;
            let matches = pointer == prefix
                || (pointer.starts_with(prefix.as_str())
                    && pointer[prefix.len()..].starts_with('/'));
            if matches && best.is_none_or(|b| b.0.len() < prefix.len()) {
                best = Some(entry);
            }
        }
        match best {
            Some((prefix, file, base)) => {
                Location::new(file.clone(), format!("{base}{}", &pointer[prefix.len()..]))
            }
            None => Location::new(self.root.clone(), pointer),
        }
    }

    /// The file that the root document was read from, as displayed.
    pub fn root(&self) -> &str {
        &self.root
    }
}

/// Loads the spec at `path`; `display` names it in diagnostics (e.g. `specs/vsee.yaml`).
/// Returns `None` when the document cannot be read at all; other errors are in `diags`.
pub fn load(path: &Path, display: &str, diags: &mut Diagnostics) -> Option<Loaded> {
    let mut root = source::read(path, display, diags)?;
    let sources = bundle_document(&mut root, path, display, diags)?;
    if !deep::check_deep_schemas(&root, &sources, diags) {
        return None;
    }
    parse(root, sources, diags)
}

/// Repairs, expands and bundles the root document in place; `None` when an error was reported.
fn bundle_document(
    root: &mut Value,
    path: &Path,
    display: &str,
    diags: &mut Diagnostics,
) -> Option<SourceMap> {
    let is_31 = normalize::prepare_document(root, display, diags)?;
    let mut sources = SourceMap::new(display);
    let mut hints = bundle::NameHints::new();
    expand::expand(root, path, display, &mut hints, &mut sources, diags);
    bundle::bundle(root, path, display, is_31, &hints, &mut sources, diags);
    // Broken references are reported here; lowering still runs so that every other problem
    // is reported in the same run (it treats an unresolvable reference as any value).
    bundle::check_references(root, &sources, diags);
    explicit_form_encodings(root);
    Some(sources)
}

/// Parses the bundled JSON into `openapiv3`, turning a serde error into a located one.
fn parse(raw: Value, sources: SourceMap, diags: &mut Diagnostics) -> Option<Loaded> {
    match serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&raw) {
        Ok(document) => Some(Loaded {
            document,
            raw,
            sources,
        }),
        Err(err) => {
            let (pointer, message) = narrow(&raw, pointer_of(err.path()), err.inner().to_string());
            diags.error(
                sources.locate(&pointer),
                format!("not a valid OpenAPI document here: {message}"),
            );
            None
        }
    }
}

/// A serde path as a JSON pointer.
fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
            Segment::Map { key } => pointer.push_str(&format!("/{}", escape_token(key))),
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    pointer
}

/// `openapiv3` flattens the paths map, so an error inside it is reported at `/paths`: parse
/// each operation on its own to find where the problem really is.
fn narrow(raw: &Value, pointer: String, message: String) -> (String, String) {
    if pointer != "/paths" {
        return (pointer, message);
    }
    let Some(paths) = raw.get("paths").and_then(Value::as_object) else {
        return (pointer, message);
    };
    for (path, item) in paths {
        let item_pointer = format!("/paths/{}", escape_token(path));
        let Some(item) = item.as_object() else {
            return (item_pointer, "a path item must be a mapping".into());
        };
        for (key, value) in item {
            let at = format!("{item_pointer}/{}", escape_token(key));
            let result = match key.as_str() {
                "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace" => {
                    serde_path_to_error::deserialize::<_, openapiv3::Operation>(value).map(drop)
                }
                "parameters" => serde_path_to_error::deserialize::<
                    _,
                    Vec<openapiv3::ReferenceOr<openapiv3::Parameter>>,
                >(value)
                .map(drop),
                "servers" => {
                    serde_path_to_error::deserialize::<_, Vec<openapiv3::Server>>(value).map(drop)
                }
                _ => Ok(()),
            };
            if let Err(err) = result {
                return (
                    format!("{at}{}", pointer_of(err.path())),
                    err.inner().to_string(),
                );
            }
        }
    }
    (pointer, message)
}

/// Reads one YAML or JSON file into a JSON value, with located errors (no OpenAPI processing).
pub fn read_value(path: &Path, display: &str, diags: &mut Diagnostics) -> Option<Value> {
    source::read(path, display, diags)
}

/// Writes out OpenAPI's default encoding (`style: form, explode: true`: one `name=value` pair
/// per item) for every array property of a form body that has no `encoding` entry. In form
/// schemas written inline (under `/paths`), array properties that reference a schema get a copy
/// of it, without `nullable`: a form body has no `null` (a null value is simply not sent). The
/// meaning on the wire does not change; tools that honour only explicit encodings and read
/// nullable or referenced arrays in forms as text (Prism) then parse what the client sends.
fn explicit_form_encodings(root: &mut Value) {
    let mut encodings = Vec::new();
    let mut inlined = Vec::new();
    if let Some(paths) = root.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            let Some(item) = item.as_object() else {
                continue;
            };
            for method in item.keys() {
                let pointer = format!(
                    "/paths/{}/{}/requestBody/content/application~1x-www-form-urlencoded",
                    escape_token(path),
                    escape_token(method)
                );
                if root.pointer(&format!("{pointer}/schema")).is_none() {
                    continue;
                }
                let mut arrays = Vec::new();
                array_properties(
                    root,
                    &format!("{pointer}/schema"),
                    &mut arrays,
                    &mut inlined,
                    0,
                );
                if !arrays.is_empty() {
                    encodings.push((pointer, arrays));
                }
            }
        }
    }
    for (property, target) in inlined {
        if let Some(slot) = root.pointer_mut(&property) {
            *slot = target;
        }
    }
    for (pointer, arrays) in encodings {
        let Some(Value::Object(media)) = root.pointer_mut(&pointer) else {
            continue;
        };
        let encoding = media
            .entry("encoding")
            .or_insert_with(|| Value::Object(serde_json::Map::new()));
        if let Value::Object(encoding) = encoding {
            for name in arrays {
                encoding
                    .entry(name)
                    .or_insert_with(|| serde_json::json!({ "style": "form", "explode": true }));
            }
        }
    }
}

/// The names of the array properties of the (possibly referenced or `allOf`-composed) object
/// schema at `pointer`; `inline` collects the properties that reference an array schema, with it.
fn array_properties(
    root: &Value,
    pointer: &str,
    out: &mut Vec<String>,
    inline: &mut Vec<(String, Value)>,
    depth: usize,
) {
    let Some(schema) = reference::value_at(root, pointer) else {
        return;
    };
    if depth > 16 {
        return;
    }
    if let Some(target) = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(reference::pointer_of)
    {
        array_properties(root, &target, out, inline, depth + 1);
        return;
    }
    for i in 0..schema
        .get("allOf")
        .and_then(Value::as_array)
        .map_or(0, Vec::len)
    {
        array_properties(
            root,
            &format!("{pointer}/allOf/{i}"),
            out,
            inline,
            depth + 1,
        );
    }
    for (name, property) in schema
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let referenced = property
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| reference::follow(root, r).ok())
            .map(|(_, value)| value);
        let resolved = referenced.unwrap_or(property);
        if resolved.get("type").and_then(Value::as_str) != Some("array") {
            continue;
        }
        if !out.contains(name) {
            out.push(name.clone());
        }
        // Only schemas written inline in an operation are rewritten; a component may also
        // describe JSON, where `null` is a value.
        let inline_schema = pointer.starts_with("/paths/");
        if inline_schema && (referenced.is_some() || resolved.get("nullable").is_some()) {
            let mut copy = resolved.clone();
            if let Value::Object(object) = &mut copy {
                object.remove("nullable");
            }
            inline.push((format!("{pointer}/properties/{}", escape_token(name)), copy));
        }
    }
}
