//! Stage 2, lower: turns the loaded OpenAPI document into the owned [`Api`] model.
//! Each concern has its own file: schemas, operations, servers and security, and the
//! finishing pass over the type graph (recursion and `Default`).

mod finish;
mod operation;
mod sample;
mod schema;
mod servers;
mod view;

use crate::diagnostics::{Diagnostics, Location};
use crate::load::deep::{context_at, invalid_deep_schemas, Ctx};
use crate::load::{Loaded, SourceMap};
use crate::model::{Api, Info, Ty, TypeArena};
use crate::naming::Scope;
use crate::reference::{self, FollowError};
use openapiv3::Schema;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// Lowers a loaded spec. Problems go to `diags`; the model is complete even when there are
/// warnings, and callers check `diags` for errors before using it.
pub fn lower(loaded: &Loaded, diags: &mut Diagnostics) -> Api {
    let mut cx = LowerCtx {
        raw: &loaded.raw,
        sources: &loaded.sources,
        diags,
        types: TypeArena::default(),
        type_names: Scope::with_reserved(&[]),
        by_pointer: HashMap::new(),
        in_progress: HashSet::new(),
        resolved: HashMap::new(),
        component_names: HashMap::new(),
    };
    let document = &loaded.document;
    let info = info(&mut cx, document);
    cx.claim_component_names(document);
    cx.lower_components(document);
    let mut sets = ServerSets::default();
    let root_servers = servers::lower_root_servers(&mut cx, document, &mut sets);
    let security_schemes = servers::lower_security_schemes(&mut cx, document);
    let operations = operation::lower_operations(
        &mut cx,
        document,
        &mut sets,
        root_servers,
        &security_schemes,
    );
    let environments = servers::environments(&sets.sets, root_servers);
    let mut api = Api {
        spec: loaded.sources.root().to_string(),
        info,
        types: cx.types,
        operations,
        environments,
        server_sets: sets.sets,
        root_servers,
        security_schemes,
    };
    finish::finish(&mut api);
    api
}

/// The distinct server lists seen so far.
#[derive(Default)]
pub(crate) struct ServerSets {
    sets: Vec<crate::model::ServerSet>,
}

impl ServerSets {
    /// The index of `set`, adding it if it is new.
    pub(crate) fn intern(&mut self, set: crate::model::ServerSet) -> usize {
        if let Some(i) = self.sets.iter().position(|s| *s == set) {
            return i;
        }
        self.sets.push(set);
        self.sets.len() - 1
    }
}

fn info(cx: &mut LowerCtx<'_>, document: &openapiv3::OpenAPI) -> Info {
    let crate_field = |key: &str| {
        document
            .extensions
            .get("x-crate")
            .and_then(|c| c.get(key))
            .and_then(Value::as_str)
            .map(String::from)
    };
    Info {
        title: document.info.title.clone(),
        version: document.info.version.clone(),
        description: document.info.description.clone(),
        crate_name: crate_field("name"),
        crate_version: crate_field("version"),
        assumptions: cx.assumptions(document.info.extensions.get(ASSUMPTIONS), "/info"),
    }
}

/// The extension in which a spec's authors record what they assumed where the vendor's
/// documentation was silent: a string, or a list of strings.
const ASSUMPTIONS: &str = "x-assumptions";

/// Everything lowering needs, passed around as one context.
pub(crate) struct LowerCtx<'a> {
    raw: &'a Value,
    sources: &'a SourceMap,
    diags: &'a mut Diagnostics,
    types: TypeArena,
    type_names: Scope,
    /// Lowered schemas by their pointer in the bundled document.
    by_pointer: HashMap<String, Ty>,
    /// Schemas being lowered, to stop a reference cycle that no named type breaks.
    in_progress: HashSet<String>,
    /// Schemas parsed from the raw document by pointer.
    resolved: HashMap<String, Rc<Schema>>,
    /// The Rust names claimed up front for `components/schemas`, by pointer.
    component_names: HashMap<String, String>,
}

impl<'a> LowerCtx<'a> {
    /// The source location of a pointer into the bundled document.
    fn loc(&self, pointer: &str) -> Location {
        self.sources.locate(pointer)
    }

    fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        let at = self.loc(pointer);
        self.diags.warning(at, message);
    }

    fn error(&mut self, pointer: &str, message: impl Into<String>) {
        let at = self.loc(pointer);
        self.diags.error(at, message);
    }

    /// Follows a local `$ref` (and the chain of plain references behind it) to the value it
    /// names: that value and its pointer, or `None` after reporting why not at `site` (a
    /// reference to another document was reported by bundling already).
    fn follow(&mut self, reference: &str, site: &str) -> Option<(String, &'a Value)> {
        let raw: &'a Value = self.raw;
        let outcome = reference::follow(raw, reference);
        self.followed(outcome, site)
    }

    /// Parses the object a `$ref` points to (through any chain of references) as a `T`, or
    /// reports at `site` why it cannot.
    fn parse_reference<T: DeserializeOwned>(&mut self, reference: &str, site: &str) -> Option<T> {
        let (pointer, value) = self.follow(reference, site)?;
        if !self.deep_schemas_valid(&pointer, value, Ctx::Other) {
            return None;
        }
        match serde_path_to_error::deserialize::<_, T>(value) {
            Ok(parsed) => Some(parsed),
            Err(err) => {
                self.error(site, format!("$ref {reference:?}: {}", err.inner()));
                None
            }
        }
    }

    /// Checks the deeply nested schemas of a reference's target on their own before the target
    /// is parsed (see `load::deep`: parsing an invalid one whole takes exponential time); reports
    /// each invalid one where it is.
    fn deep_schemas_valid(&mut self, pointer: &str, value: &Value, ctx: Ctx) -> bool {
        // Where the document walk read the target in the same context, loading checked it.
        if context_at(pointer) == ctx {
            return true;
        }
        let problems = invalid_deep_schemas(value, ctx);
        for (below, message) in &problems {
            self.error(&format!("{pointer}{below}"), message.clone());
        }
        problems.is_empty()
    }

    /// The `x-assumptions` of the object at `pointer` (given as `value`), or a warning where
    /// they are not text.
    fn assumptions(&mut self, value: Option<&Value>, pointer: &str) -> Vec<String> {
        let texts: Option<Vec<String>> = match value {
            None => Some(Vec::new()),
            Some(Value::String(text)) => Some(vec![text.clone()]),
            Some(Value::Array(items)) => items
                .iter()
                .map(|item| item.as_str().map(String::from))
                .collect(),
            Some(_) => None,
        };
        texts.unwrap_or_else(|| {
            self.warn(
                &crate::diagnostics::join(pointer, ASSUMPTIONS),
                "must be a string or a list of strings; ignored",
            );
            Vec::new()
        })
    }

    /// The `x-assumptions` of the schema or property at `pointer` in the bundled document.
    fn assumptions_at(&mut self, pointer: &str) -> Vec<String> {
        let raw: &'a Value = self.raw;
        let value = reference::value_at(raw, pointer).and_then(|v| v.get(ASSUMPTIONS));
        self.assumptions(value, pointer)
    }

    /// Reports a failed [`reference::follow`] at `site`.
    fn followed(
        &mut self,
        outcome: Result<(String, &'a Value), FollowError>,
        site: &str,
    ) -> Option<(String, &'a Value)> {
        match outcome {
            Ok(found) => Some(found),
            Err(error) if error.reported() => None,
            Err(error) => {
                self.error(site, error.to_string());
                None
            }
        }
    }

    /// The schema at `pointer` (following any `$ref` chain there), parsed once and shared.
    fn schema_at(&mut self, pointer: &str, site: &str) -> Option<(String, Rc<Schema>)> {
        let raw: &'a Value = self.raw;
        let outcome = reference::follow_pointer(raw, pointer.to_string());
        let (pointer, value) = self.followed(outcome, site)?;
        if let Some(schema) = self.resolved.get(&pointer) {
            return Some((pointer, schema.clone()));
        }
        if !self.deep_schemas_valid(&pointer, value, Ctx::Schema) {
            return None;
        }
        match serde_path_to_error::deserialize::<_, Schema>(value) {
            Ok(schema) => {
                let schema = Rc::new(schema);
                self.resolved.insert(pointer.clone(), schema.clone());
                Some((pointer, schema))
            }
            Err(err) => {
                self.error(&pointer, format!("not a valid schema: {}", err.inner()));
                None
            }
        }
    }
}
