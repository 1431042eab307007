//! Walks the root document once: repairs every schema (see `normalize`), and brings `$ref`s to
//! other files into the root, hoisting referenced schemas into `components/schemas` (so they
//! keep a name and may be recursive) and inlining other referenced objects.

use super::normalize;
use super::source;
use super::walk::{child, Ctx};
use super::SourceMap;
use crate::diagnostics::{escape_token, join, unescape_token, Diagnostics, Location};
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Index of a file in the bundler; 0 is the root document.
/// The index of a file the bundle has read; only [`Files::add`] makes one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct FileId(usize);

/// The root spec, the first file.
const ROOT: FileId = FileId(0);

struct File {
    path: PathBuf,
    display: String,
    /// The parsed content; empty for the root, which is walked in place.
    value: Value,
}

/// The files read so far, the root first. Files are only ever added, so every [`FileId`] stays
/// valid for the whole bundle.
struct Files(Vec<File>);

impl Files {
    /// Adds a file and returns its id.
    fn add(&mut self, file: File) -> FileId {
        self.0.push(file);
        FileId(self.0.len() - 1)
    }

    /// The file behind an id.
    #[allow(clippy::indexing_slicing)] // Proven: ids come only from `add`, and none is removed.
    fn get(&self, id: FileId) -> &File {
        &self.0[id.0]
    }
}

/// Preferred component names for schemas in other files, keyed by canonical file and pointer.
pub type NameHints = HashMap<(PathBuf, String), String>;

/// Bundles `root` (already prepared by `normalize::prepare_document`).
pub fn bundle(
    root: &mut Value,
    root_path: &Path,
    root_display: &str,
    is_31: bool,
    hints: &NameHints,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
) {
    let canonical = std::fs::canonicalize(root_path).unwrap_or_else(|_| root_path.to_path_buf());
    let taken: HashSet<String> = root
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| schemas.keys().cloned().collect())
        .unwrap_or_default();
    let mut bundler = Bundler {
        files: Files(vec![File {
            path: canonical,
            display: root_display.to_string(),
            value: Value::Null,
        }]),
        by_path: HashMap::new(),
        hoisted: HashMap::new(),
        new_schemas: Vec::new(),
        taken,
        hints,
        inline_stack: Vec::new(),
        is_31,
        sources,
        diags,
    };
    bundler
        .by_path
        .insert(bundler.files.get(ROOT).path.clone(), ROOT);
    bundler.walk(root, Ctx::Other, ROOT, String::new(), String::new());
    let new_schemas = std::mem::take(&mut bundler.new_schemas);
    if !new_schemas.is_empty() {
        if let Some(document) = root.as_object_mut() {
            let components = document
                .entry("components")
                .or_insert_with(|| Value::Object(Map::new()));
            if let Some(components) = components.as_object_mut() {
                let schemas = components
                    .entry("schemas")
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Some(schemas) = schemas.as_object_mut() {
                    for (name, schema) in new_schemas {
                        schemas.insert(name, schema);
                    }
                }
            }
        }
    }
}

struct Bundler<'a> {
    files: Files,
    by_path: HashMap<PathBuf, FileId>,
    hoisted: HashMap<(FileId, String), String>,
    new_schemas: Vec<(String, Value)>,
    taken: HashSet<String>,
    hints: &'a NameHints,
    inline_stack: Vec<(FileId, String)>,
    is_31: bool,
    sources: &'a mut SourceMap,
    diags: &'a mut Diagnostics,
}

impl Bundler<'_> {
    fn location(&self, file: FileId, pointer: &str) -> Location {
        Location::new(self.files.get(file).display.clone(), pointer)
    }

    /// Visits `value`, found at `file_pointer` in `file` and at `site` in the bundled document.
    fn walk(
        &mut self,
        value: &mut Value,
        ctx: Ctx,
        file: FileId,
        file_pointer: String,
        site: String,
    ) {
        if ctx == Ctx::Opaque {
            return;
        }
        // `additionalProperties: false` is a valid 3.0 boolean, not a 3.1 boolean schema.
        let boolean_keyword = value.is_boolean() && file_pointer.ends_with("/additionalProperties");
        if ctx == Ctx::Schema && !boolean_keyword {
            let display = self.files.get(file).display.clone();
            normalize::schema(value, &display, &file_pointer, self.is_31, self.diags);
        }
        match value {
            Value::Object(object) => {
                if let Some(reference) =
                    object.get("$ref").and_then(Value::as_str).map(String::from)
                {
                    if ctx == Ctx::Schema || ctx == Ctx::Other {
                        self.reference(value, &reference, ctx, file, &file_pointer, &site);
                        return;
                    }
                }
                for (key, child_value) in object.iter_mut() {
                    let child_ctx = child(ctx, key);
                    self.walk(
                        child_value,
                        child_ctx,
                        file,
                        join(&file_pointer, key),
                        join(&site, key),
                    );
                }
                if ctx == Ctx::Schema && file != ROOT {
                    self.discriminator_mapping(object, file, &file_pointer);
                }
            }
            Value::Array(items) => {
                let child_ctx = if ctx == Ctx::SchemaList {
                    Ctx::Schema
                } else {
                    ctx
                };
                for (i, item) in items.iter_mut().enumerate() {
                    self.walk(
                        item,
                        child_ctx,
                        file,
                        format!("{file_pointer}/{i}"),
                        format!("{site}/{i}"),
                    );
                }
            }
            _ => {}
        }
    }

    /// Handles a `$ref` object found in `file`.
    fn reference(
        &mut self,
        value: &mut Value,
        reference: &str,
        ctx: Ctx,
        file: FileId,
        file_pointer: &str,
        site: &str,
    ) {
        let at = self.location(file, file_pointer);
        let Some((target, fragment)) = self.resolve(reference, file, &at) else {
            return;
        };
        if target == ROOT {
            // A reference into the root stays a local reference.
            if file != ROOT {
                *value = serde_json::json!({ "$ref": format!("#{fragment}") });
            }
            return;
        }
        if ctx == Ctx::Schema {
            if let Some(name) = self.hoist(target, &fragment, &at) {
                *value = serde_json::json!({ "$ref": format!("#/components/schemas/{}", escape_token(&name)) });
            }
            return;
        }
        let key = (target, fragment.clone());
        if self.inline_stack.contains(&key) {
            self.diags.error(
                at,
                format!("circular $ref {reference:?} between non-schema objects"),
            );
            return;
        }
        let Some(mut content) =
            crate::reference::value_at(&self.files.get(target).value, &fragment).cloned()
        else {
            self.diags.error(
                at,
                format!("dangling $ref {reference:?}: nothing at that pointer"),
            );
            return;
        };
        self.inline_stack.push(key);
        self.walk(
            &mut content,
            ctx,
            target,
            fragment.clone(),
            site.to_string(),
        );
        self.inline_stack.pop();
        self.sources
            .add(site, &self.files.get(target).display, &fragment);
        *value = content;
    }

    /// Copies a schema of another file into `components/schemas` once, returning its name.
    fn hoist(&mut self, file: FileId, fragment: &str, at: &Location) -> Option<String> {
        if let Some(name) = self.hoisted.get(&(file, fragment.to_string())) {
            return Some(name.clone());
        }
        let Some(mut content) =
            crate::reference::value_at(&self.files.get(file).value, fragment).cloned()
        else {
            self.diags.error(
                at.clone(),
                format!(
                    "dangling $ref to {}#{fragment}: nothing at that pointer",
                    self.files.get(file).display
                ),
            );
            return None;
        };
        let hint = self
            .hints
            .get(&(self.files.get(file).path.clone(), fragment.to_string()))
            .cloned();
        let base = hint.unwrap_or_else(|| {
            let last = fragment
                .rsplit('/')
                .next()
                .map(unescape_token)
                .unwrap_or_default();
            if last.is_empty() {
                self.files
                    .get(file)
                    .path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "Schema".into())
            } else {
                last
            }
        });
        let mut name = base.clone();
        let mut n = 2;
        while self.taken.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        self.taken.insert(name.clone());
        self.hoisted
            .insert((file, fragment.to_string()), name.clone());
        let site = format!("/components/schemas/{}", escape_token(&name));
        self.walk(
            &mut content,
            Ctx::Schema,
            file,
            fragment.to_string(),
            site.clone(),
        );
        self.sources
            .add(&site, &self.files.get(file).display, fragment);
        self.new_schemas.push((name.clone(), content));
        Some(name)
    }

    /// Rewrites discriminator mapping values of a schema from another file.
    fn discriminator_mapping(
        &mut self,
        schema: &mut Map<String, Value>,
        file: FileId,
        file_pointer: &str,
    ) {
        let Some(Value::Object(mapping)) = schema
            .get_mut("discriminator")
            .and_then(|d| d.get_mut("mapping"))
        else {
            return;
        };
        let entries: Vec<(String, String)> = mapping
            .iter()
            .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_string())))
            .collect();
        for (key, target) in entries {
            let reference = if target.contains('#')
                || target.ends_with(".yaml")
                || target.ends_with(".json")
                || target.ends_with(".yml")
            {
                target.clone()
            } else {
                format!("#/components/schemas/{target}")
            };
            let at = self.location(
                file,
                &join(&join(file_pointer, "discriminator/mapping"), &key),
            );
            let Some((target_file, fragment)) = self.resolve(&reference, file, &at) else {
                continue;
            };
            let rewritten = if target_file == ROOT {
                format!("#{fragment}")
            } else {
                match self.hoist(target_file, &fragment, &at) {
                    Some(name) => format!("#/components/schemas/{}", escape_token(&name)),
                    None => continue,
                }
            };
            mapping.insert(key, Value::String(rewritten));
        }
    }

    /// Splits a reference into its file (loading it if needed) and JSON pointer.
    fn resolve(
        &mut self,
        reference: &str,
        from: FileId,
        at: &Location,
    ) -> Option<(FileId, String)> {
        let (file_part, fragment) = match reference.split_once('#') {
            Some((file, fragment)) => (file, fragment.to_string()),
            None => (reference, String::new()),
        };
        if !fragment.is_empty() && !fragment.starts_with('/') {
            self.diags.error(
                at.clone(),
                format!("$ref {reference:?} is not a JSON pointer (it must start with `#/`)"),
            );
            return None;
        }
        let fragment = crate::reference::percent_decode(&fragment);
        if file_part.is_empty() {
            return Some((from, fragment));
        }
        if file_part.contains("://") {
            self.diags.error(at.clone(), format!("$ref {reference:?} points to a remote document; only local files are supported"));
            return None;
        }
        let base_dir = self
            .files
            .get(from)
            .path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let path = base_dir.join(file_part);
        let canonical = match std::fs::canonicalize(&path) {
            Ok(canonical) => canonical,
            Err(_) => {
                self.diags.error(
                    at.clone(),
                    format!("$ref {reference:?} names a file that does not exist"),
                );
                return None;
            }
        };
        if let Some(&id) = self.by_path.get(&canonical) {
            return Some((id, fragment));
        }
        let display = display_join(&self.files.get(from).display, file_part);
        let value = source::read(&canonical, &display, self.diags)?;
        let id = self.files.add(File {
            path: canonical.clone(),
            display,
            value,
        });
        self.by_path.insert(canonical, id);
        Some((id, fragment))
    }
}

/// The display name of `relative` as seen from the file displayed as `from`.
pub fn display_join(from: &str, relative: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for piece in relative.split('/') {
        match piece {
            "" | "." => {}
            ".." => {
                if matches!(parts.last(), Some(&p) if p != "..") {
                    parts.pop();
                } else {
                    parts.push("..");
                }
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

/// Checks that every `$ref` left in the bundled document resolves; reports each that does not.
pub fn check_references(document: &Value, sources: &SourceMap, diags: &mut Diagnostics) {
    fn visit(
        value: &Value,
        ctx: Ctx,
        pointer: &str,
        document: &Value,
        sources: &SourceMap,
        diags: &mut Diagnostics,
    ) {
        if ctx == Ctx::Opaque {
            return;
        }
        match value {
            Value::Object(object) => {
                if ctx != Ctx::SchemaMap && ctx != Ctx::Map {
                    if let Some(reference) = object.get("$ref") {
                        match reference.as_str() {
                            Some(r) if r.starts_with('#') => {
                                let target = crate::reference::pointer_of(r).unwrap_or_default();
                                if crate::reference::value_at(document, &target).is_none() {
                                    diags.error(
                                        sources.locate(pointer),
                                        format!("dangling $ref {r:?}: nothing at that pointer"),
                                    );
                                }
                            }
                            Some(_) => {}
                            None => diags.error(sources.locate(pointer), "$ref must be a string"),
                        }
                        return;
                    }
                }
                for (key, child_value) in object {
                    visit(
                        child_value,
                        child(ctx, key),
                        &join(pointer, key),
                        document,
                        sources,
                        diags,
                    );
                }
            }
            Value::Array(items) => {
                let child_ctx = if ctx == Ctx::SchemaList {
                    Ctx::Schema
                } else {
                    ctx
                };
                for (i, item) in items.iter().enumerate() {
                    visit(
                        item,
                        child_ctx,
                        &format!("{pointer}/{i}"),
                        document,
                        sources,
                        diags,
                    );
                }
            }
            _ => {}
        }
    }
    visit(document, Ctx::Other, "", document, sources, diags);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_paths_are_joined_lexically() {
        assert_eq!(
            display_join("specs/vectorcare.yaml", "vectorcare/services/A.yaml"),
            "specs/vectorcare/services/A.yaml"
        );
        assert_eq!(
            display_join("specs/vectorcare/services/A.yaml", "../../vectorcare.yaml"),
            "specs/vectorcare.yaml"
        );
        assert_eq!(display_join("a.yaml", "../b.yaml"), "../b.yaml");
    }
}
