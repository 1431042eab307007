//! Lowers Schema Objects to type expressions, creating named types (structs, enums, unions,
//! aliases) in the arena for the schemas that need one.

use super::view::{view, View};
use super::LowerCtx;
use crate::diagnostics::{join, unescape_token};
use crate::load::normalize::json_type;
use crate::model::{AliasType, FloatKind, Ty, TypeDef, TypeId, TypeKind};
use crate::naming::{self};
use crate::reference;
use openapiv3::{ReferenceOr, Schema};
use serde_json::Value;
use std::rc::Rc;

mod constraints;
mod objects;
mod scalars;
mod unions;

use scalars::int_kind;

/// A schema to lower: a reference or an inline schema, with its pointer.
#[derive(Clone)]
pub(crate) enum SchemaRef {
    Reference(String),
    Inline(Rc<Schema>),
}

impl SchemaRef {
    pub(crate) fn of(schema: &ReferenceOr<Schema>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => SchemaRef::Reference(reference.clone()),
            ReferenceOr::Item(schema) => SchemaRef::Inline(Rc::new(schema.clone())),
        }
    }

    pub(crate) fn of_boxed(schema: &ReferenceOr<Box<Schema>>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => SchemaRef::Reference(reference.clone()),
            ReferenceOr::Item(schema) => SchemaRef::Inline(Rc::new((**schema).clone())),
        }
    }
}

/// How many references deep lowering may go (each level is a schema whose type is being lowered
/// while it lowers the next). Real specs stay far below; [`crate::PIPELINE_STACK`] holds this
/// depth with room to spare.
pub(crate) const MAX_REFERENCE_DEPTH: usize = 4096;

impl LowerCtx<'_> {
    /// Claims the Rust names of every component schema first, so that they keep the spec's
    /// names and inline types take the numbered forms when something collides.
    pub(crate) fn claim_component_names(&mut self, document: &openapiv3::OpenAPI) {
        let Some(components) = &document.components else {
            return;
        };
        for name in components.schemas.keys() {
            let pointer = join("/components/schemas", name);
            let rust = self.type_names.claim(&naming::type_name(name));
            self.component_names.insert(pointer, rust);
        }
    }

    /// Lowers every component schema in spec order.
    pub(crate) fn lower_components(&mut self, document: &openapiv3::OpenAPI) {
        let Some(components) = &document.components else {
            return;
        };
        for name in components.schemas.keys() {
            let pointer = join("/components/schemas", name);
            self.reference(&format!("#{pointer}"), &pointer);
        }
    }

    /// Lowers a schema found at `pointer`; `hint` names any type it needs.
    pub(crate) fn schema(&mut self, schema: &SchemaRef, pointer: &str, hint: &str) -> Ty {
        match schema {
            SchemaRef::Reference(reference) => self.reference(reference, pointer),
            // An inline schema reached twice (a component's property, merged again through an
            // `allOf`) is the same type both times.
            SchemaRef::Inline(schema) => match self.by_pointer.get(pointer) {
                Some(ty) => ty.clone(),
                None => self.inline(schema, pointer, hint, None),
            },
        }
    }

    /// The schema behind a reference or inline schema, and the pointer where it lives.
    pub(crate) fn resolve(
        &mut self,
        schema: &SchemaRef,
        pointer: &str,
    ) -> Option<(String, Rc<Schema>)> {
        match schema {
            SchemaRef::Reference(reference) => {
                let target = reference::pointer_of(reference)?;
                self.schema_at(&target, pointer)
            }
            SchemaRef::Inline(schema) => Some((pointer.to_string(), schema.clone())),
        }
    }

    fn reference(&mut self, reference: &str, site: &str) -> Ty {
        // A reference that bundling could not resolve has already been reported.
        let Some(target) = reference::pointer_of(reference) else {
            return Ty::Any;
        };
        if let Some(ty) = self.by_pointer.get(&target) {
            return ty.clone();
        }
        if self.in_progress.contains(&target) {
            self.warn(site, "this schema refers to itself without an object, array or union in between; it accepts any value");
            return Ty::Any;
        }
        let Some((target, schema)) = self.schema_at(&target, site) else {
            return Ty::Any;
        };
        if let Some(ty) = self.by_pointer.get(&target) {
            return ty.clone();
        }
        // Lowering follows references depth first; the depth is bounded so that no spec can
        // exhaust the pipeline's stack.
        if self.in_progress.len() >= MAX_REFERENCE_DEPTH {
            self.error(
                site,
                format!(
                    "schemas refer to schemas more than {MAX_REFERENCE_DEPTH} levels deep here; \
                     the nesting is too deep to generate"
                ),
            );
            return Ty::Any;
        }
        let wire = unescape_token(target.rsplit('/').next().unwrap_or(""));
        let component = target.starts_with("/components/schemas/");
        self.in_progress.insert(target.clone());
        let ty = self.inline(&schema, &target, &wire, component.then_some(wire.as_str()));
        self.in_progress.remove(&target);
        self.by_pointer.insert(target, ty.clone());
        ty
    }

    /// Lowers a schema given inline. `wire` is its component name when it is a component.
    fn inline(&mut self, schema: &Schema, pointer: &str, hint: &str, wire: Option<&str>) -> Ty {
        let v = view(schema);
        let mut nullable = v.data.nullable || v.enumeration.iter().any(Value::is_null);
        // A quirk schema (x-string-or-integer, x-timestamp) is written as a oneOf so validators
        // accept every wire form; OpenAPI 3.0.3 honours `nullable` only beside `type`, so a
        // nullable one says so on a branch.
        if v.extension("x-string-or-integer").is_some() || v.extension("x-timestamp").is_some() {
            nullable |= v.one_of.iter().chain(v.any_of).any(|branch| match branch {
                ReferenceOr::Item(branch) => branch.schema_data.nullable,
                ReferenceOr::Reference { .. } => false,
            });
        }
        let ty = self.shape(schema, &v, pointer, hint, wire);
        let ty = if nullable && !matches!(ty, Ty::Nullable(_) | Ty::Any) {
            Ty::Nullable(Box::new(ty))
        } else {
            ty
        };
        self.by_pointer
            .entry(pointer.to_string())
            .or_insert_with(|| ty.clone());
        ty
    }

    fn shape(
        &mut self,
        schema: &Schema,
        v: &View<'_>,
        pointer: &str,
        hint: &str,
        wire: Option<&str>,
    ) -> Ty {
        if let Some(ty) = self.quirk(v, pointer) {
            return ty;
        }
        if !v.one_of.is_empty() || !v.any_of.is_empty() {
            return self.union(schema, v, pointer, hint, wire);
        }
        if !v.all_of.is_empty() {
            return self.all_of(schema, v, pointer, hint, wire);
        }
        if v.has_not {
            self.warn(
                pointer,
                "`not` cannot be expressed as a Rust type; the value is accepted as any JSON",
            );
            return Ty::Any;
        }
        let strings: Vec<&str> = v.enumeration.iter().filter_map(Value::as_str).collect();
        if !strings.is_empty() && matches!(v.typ, None | Some("string")) {
            let non_strings = v
                .enumeration
                .iter()
                .filter(|e| !e.is_string() && !e.is_null())
                .count();
            if non_strings > 0 {
                self.warn(
                    &join(pointer, "enum"),
                    "enum values that are not strings are ignored in a string enum",
                );
            }
            let values: Vec<String> = strings.iter().map(|s| s.to_string()).collect();
            let id = self.string_enum(
                &values,
                vec![None; values.len()],
                pointer,
                hint,
                wire,
                doc_of(v),
                v.data,
            );
            return Ty::Named(id);
        }
        let typ = v.typ.or_else(|| {
            if v.properties.is_some() || v.additional.is_some() {
                Some("object")
            } else if v.items.is_some() {
                Some("array")
            } else {
                v.enumeration.iter().find_map(json_type)
            }
        });
        match typ {
            Some("object") => self.object(schema, v, pointer, hint, wire),
            Some("array") => self.alias_if_component(pointer, wire, v, |cx| {
                let items = match v.items {
                    Some(items) => cx.schema(
                        &SchemaRef::of_boxed(items),
                        &join(pointer, "items"),
                        &format!("{hint}Item"),
                    ),
                    None => Ty::Any,
                };
                Ty::Array(Box::new(items))
            }),
            Some("string") => match v.format {
                Some("date") => Ty::Date,
                Some("date-time") => Ty::DateTime,
                Some("uuid") => Ty::Uuid,
                Some("byte") => Ty::Base64,
                Some("binary") => Ty::Binary,
                _ => Ty::String,
            },
            Some("integer") => Ty::Int(int_kind(v.format)),
            Some("number") => match v.format {
                Some("float") => Ty::Float(FloatKind::F32),
                _ => Ty::Float(FloatKind::F64),
            },
            Some("boolean") => Ty::Bool,
            Some(other) => {
                self.warn(
                    &join(pointer, "type"),
                    format!("unknown type {other:?}; the value is accepted as any JSON"),
                );
                Ty::Any
            }
            None => {
                if v.data.nullable && v.is_annotation_only() {
                    self.warn(
                        pointer,
                        "`nullable` without `type`; read as a value of any type that may be null",
                    );
                }
                self.alias_if_component(pointer, wire, v, |_| Ty::Any)
            }
        }
    }

    /// The vendor-quirk extensions that decide the type on their own.
    fn quirk(&mut self, v: &View<'_>, pointer: &str) -> Option<Ty> {
        if let Some(flag) = v.extension("x-timestamp") {
            if flag.as_bool() == Some(true) {
                return Some(Ty::Timestamp);
            }
            self.warn(&join(pointer, "x-timestamp"), "must be `true`; ignored");
        }
        match v.extension("x-string-or-integer") {
            None => None,
            Some(Value::String(t)) if t == "string" => Some(Ty::String),
            Some(Value::String(t)) if t == "integer" => Some(Ty::Int(int_kind(v.format))),
            Some(Value::String(t)) if t == "number" => Some(Ty::Float(FloatKind::F64)),
            Some(Value::Bool(true)) => match v.typ {
                Some("string") => Some(Ty::String),
                Some("integer") => Some(Ty::Int(int_kind(v.format))),
                Some("number") => Some(Ty::Float(FloatKind::F64)),
                _ => {
                    self.warn(&join(pointer, "x-string-or-integer"), "needs `type: string`, `integer` or `number`, or a value naming the Rust type; ignored");
                    None
                }
            },
            Some(_) => {
                self.warn(
                    &join(pointer, "x-string-or-integer"),
                    "must be `true`, \"string\", \"integer\" or \"number\"; ignored",
                );
                None
            }
        }
    }

    /// A component that is an array, map, alias or any value becomes a named alias (reserved
    /// before `build` runs, so it may refer to itself); an inline schema stays an expression.
    fn alias_if_component(
        &mut self,
        pointer: &str,
        wire: Option<&str>,
        v: &View<'_>,
        build: impl FnOnce(&mut Self) -> Ty,
    ) -> Ty {
        let Some(wire) = wire else { return build(self) };
        let id = self.reserve(pointer, wire, Some(wire), doc_of(v));
        let ty = build(self);
        self.types.get_mut(id).kind = TypeKind::Alias(AliasType { ty, newtype: false });
        Ty::Named(id)
    }

    /// Adds a placeholder type and records it for `pointer`, so recursive references find it.
    fn reserve(
        &mut self,
        pointer: &str,
        hint: &str,
        wire: Option<&str>,
        doc: Option<String>,
    ) -> TypeId {
        let name = match self.component_names.get(pointer) {
            Some(name) => name.clone(),
            None => self.type_names.claim(&naming::type_name(hint)),
        };
        let origin = self.loc(pointer);
        let assumptions = self.assumptions_at(pointer);
        let id = self.types.add(TypeDef {
            name,
            wire_name: wire.map(String::from),
            doc,
            kind: TypeKind::Pending,
            origin,
            assumptions,
        });
        self.by_pointer.insert(pointer.to_string(), Ty::Named(id));
        id
    }
}

/// The rustdoc text of a schema: its description, or its title.
pub(super) fn doc_of(v: &View<'_>) -> Option<String> {
    v.data
        .description
        .clone()
        .or_else(|| v.data.title.clone())
        .filter(|d| !d.trim().is_empty())
}
