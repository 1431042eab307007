//! Lowers Schema Objects to type expressions, creating named types (structs, enums, unions,
//! aliases) in the arena for the schemas that need one.

use super::view::{view, View};
use super::LowerCtx;
use crate::diagnostics::{join, unescape_token};
use crate::load::normalize::json_type;
use crate::model::{
    Additional, AliasType, DefaultValue, EnumType, EnumVariant, Field, Flattened, FloatKind,
    IntKind, StructType, Tagging, Ty, TypeDef, TypeId, TypeKind, UnionType, UnionVariant,
};
use crate::naming::{self, Scope};
use crate::reference;
use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema};
use serde_json::Value;
use std::rc::Rc;

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

/// The object parts gathered from an `allOf` (and the schema's own properties).
#[derive(Default)]
struct Merged {
    properties: IndexMap<String, (SchemaRef, String)>,
    required: Vec<String>,
    additional: Option<(AdditionalProperties, String)>,
    /// Union parts, each flattened into the object.
    unions: Vec<(SchemaRef, String)>,
    non_object: Vec<String>,
}

/// The union part of a schema that also has properties: the same schema without its
/// properties (so only `oneOf` / `anyOf` and the discriminator remain), or `None` when it has
/// no union.
fn union_part(schema: &Schema) -> Option<Schema> {
    let openapiv3::SchemaKind::Any(any) = &schema.schema_kind else {
        return None;
    };
    if any.one_of.is_empty() && any.any_of.is_empty() {
        return None;
    }
    let mut stripped = schema.clone();
    stripped.schema_data.description = None;
    stripped.schema_data.title = None;
    stripped.schema_data.nullable = false;
    if let openapiv3::SchemaKind::Any(any) = &mut stripped.schema_kind {
        any.properties.clear();
        any.required.clear();
        any.additional_properties = None;
        any.typ = None;
    }
    Some(stripped)
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
        let id = TypeId(self.types.defs.len());
        let origin = self.loc(pointer);
        self.types.defs.push(TypeDef {
            name,
            wire_name: wire.map(String::from),
            doc,
            kind: TypeKind::Pending,
            origin,
        });
        self.by_pointer.insert(pointer.to_string(), Ty::Named(id));
        id
    }

    fn object(
        &mut self,
        schema: &Schema,
        v: &View<'_>,
        pointer: &str,
        hint: &str,
        wire: Option<&str>,
    ) -> Ty {
        let has_properties = v.properties.is_some_and(|p| !p.is_empty());
        if !has_properties {
            // A map or a free-form object.
            return self.alias_if_component(pointer, wire, v, |cx| match v.additional {
                Some(AdditionalProperties::Schema(value)) => {
                    match cx.schema(
                        &SchemaRef::of(value),
                        &join(pointer, "additionalProperties"),
                        &format!("{hint}Value"),
                    ) {
                        Ty::Any => Ty::JsonObject,
                        value => Ty::Map(Box::new(value)),
                    }
                }
                _ => Ty::JsonObject,
            });
        }
        let mut merged = Merged::default();
        self.collect_own(schema, v, pointer, &mut merged);
        let id = self.reserve(pointer, hint, wire, doc_of(v));
        let kind = self.struct_from(merged, pointer, hint);
        self.types.get_mut(id).kind = TypeKind::Struct(kind);
        Ty::Named(id)
    }

    /// Adds a schema's own properties, required list and additionalProperties to `merged`.
    fn collect_own(&mut self, _schema: &Schema, v: &View<'_>, pointer: &str, merged: &mut Merged) {
        if let Some(properties) = v.properties {
            for (name, property) in properties {
                let at = join(&join(pointer, "properties"), name);
                merged
                    .properties
                    .entry(name.clone())
                    .or_insert((SchemaRef::of_boxed(property), at));
            }
        }
        for name in v.required {
            if !merged.required.contains(name) {
                merged.required.push(name.clone());
            }
        }
        if let Some(additional) = v.additional {
            let keeps = !matches!(additional, AdditionalProperties::Any(false));
            if keeps && merged.additional.is_none() {
                merged.additional =
                    Some((additional.clone(), join(pointer, "additionalProperties")));
            }
        }
    }

    /// Collects the object parts of an `allOf` element, following references and nested `allOf`s.
    /// `stack` holds the schemas being merged, outermost first, to stop an `allOf` cycle.
    fn collect_part(
        &mut self,
        part: &SchemaRef,
        pointer: &str,
        merged: &mut Merged,
        stack: &mut Vec<String>,
    ) {
        let Some((at, schema)) = self.resolve(part, pointer) else {
            return;
        };
        if stack.contains(&at) {
            let cycle: Vec<&str> = stack
                .iter()
                .map(String::as_str)
                .chain(std::iter::once(at.as_str()))
                .collect();
            self.warn(
                pointer,
                format!(
                    "allOf refers back to a schema it is part of ({}); the cycle is left out",
                    cycle.join(" → ")
                ),
            );
            return;
        }
        stack.push(at.clone());
        self.collect_part_of(part, pointer, &at, &schema, merged, stack);
        stack.pop();
    }

    /// Adds one resolved `allOf` part (found at `at`) and its own nested parts to `merged`.
    fn collect_part_of(
        &mut self,
        part: &SchemaRef,
        pointer: &str,
        at: &str,
        schema: &Schema,
        merged: &mut Merged,
        stack: &mut Vec<String>,
    ) {
        let v = view(schema);
        for (i, nested) in v.all_of.iter().enumerate() {
            let nested_pointer = if let SchemaRef::Inline(_) = part {
                join(&join(pointer, "allOf"), &i.to_string())
            } else {
                join(&join(at, "allOf"), &i.to_string())
            };
            self.collect_part(&SchemaRef::of(nested), &nested_pointer, merged, stack);
        }
        let own_pointer = if let SchemaRef::Inline(_) = part {
            pointer.to_string()
        } else {
            at.to_string()
        };
        // A union part keeps its alternatives: it is flattened into the object.
        if !v.one_of.is_empty() || !v.any_of.is_empty() {
            match (
                v.properties.is_some_and(|p| !p.is_empty()),
                union_part(schema),
            ) {
                // The stripped copy is lowered under its own key, never the object's pointer.
                (true, Some(stripped)) => merged.unions.push((
                    SchemaRef::Inline(Rc::new(stripped)),
                    format!("{own_pointer}/oneOf"),
                )),
                _ => {
                    merged.unions.push((part.clone(), own_pointer.clone()));
                    return;
                }
            }
        }
        if matches!(v.typ, Some(t) if t != "object") || !v.enumeration.is_empty() {
            merged.non_object.push(own_pointer.clone());
        }
        self.collect_own(schema, &v, &own_pointer, merged);
    }

    fn struct_from(&mut self, merged: Merged, pointer: &str, hint: &str) -> StructType {
        let mut scope = Scope::default();
        let mut fields = Vec::new();
        for name in &merged.required {
            if !merged.properties.contains_key(name) && merged.additional.is_none() {
                self.warn(&join(pointer, "required"), format!("required property {name:?} is not defined in `properties`; it is not generated"));
            }
        }
        for (wire_name, (property, at)) in &merged.properties {
            let field_hint = format!("{hint}{}", naming::type_name(wire_name));
            let ty = self.schema(property, at, &field_hint);
            let (flags, doc, default) = self.property_facts(property, at);
            let required = merged.required.contains(wire_name);
            let default = default.and_then(|d| self.default_value(&d, &ty, at));
            let rust_name = scope.claim(&naming::field_name(wire_name));
            fields.push(Field {
                wire_name: wire_name.clone(),
                rust_name,
                ty,
                required,
                doc,
                default,
                read_only: flags.read_only,
                write_only: flags.write_only,
                lenient: flags.lenient,
                boxed: false,
                deprecated: flags.deprecated,
                origin: self.loc(at),
            });
        }
        let additional = merged.additional.map(|(additional, at)| {
            let (value, lenient) = match &additional {
                AdditionalProperties::Schema(value) => {
                    let value_ref = SchemaRef::of(value);
                    let ty = self.schema(&value_ref, &at, &format!("{hint}Value"));
                    let (flags, _, _) = self.property_facts(&value_ref, &at);
                    (ty, flags.lenient)
                }
                AdditionalProperties::Any(_) => (Ty::Any, false),
            };
            Additional {
                rust_name: scope.claim("additional_properties"),
                value,
                lenient,
            }
        });
        let flattened = merged
            .unions
            .iter()
            .map(|(union, at)| Flattened {
                rust_name: scope.claim("kind"),
                ty: self.schema(union, at, &format!("{hint}Kind")),
                origin: self.loc(at),
            })
            .collect();
        StructType {
            fields,
            additional,
            flattened,
            derive_default: true,
            multipart: false,
        }
    }

    /// What a property's own schema says about the field (following a reference for the flags).
    fn property_facts(
        &mut self,
        property: &SchemaRef,
        at: &str,
    ) -> (Flags, Option<String>, Option<Value>) {
        let (doc, default, own) = match property {
            SchemaRef::Inline(schema) => {
                let v = view(schema);
                // A single-reference wrapper (`allOf: [$ref]` plus a description) documents the field.
                (doc_of(&v), v.data.default.clone(), flags_of(&v))
            }
            SchemaRef::Reference(_) => (None, None, Flags::default()),
        };
        let target = match property {
            SchemaRef::Reference(_) => self
                .resolve(property, at)
                .map(|(_, s)| flags_of(&view(&s)))
                .unwrap_or_default(),
            SchemaRef::Inline(schema) => {
                // Flags of a wrapped reference count too (`allOf: [$ref]` to a lenient schema).
                let v = view(schema);
                let mut flags = Flags::default();
                if v.all_of.len() == 1 {
                    if let Some((_, s)) = self.resolve(&SchemaRef::of(&v.all_of[0]), at) {
                        flags = flags_of(&view(&s));
                    }
                }
                flags
            }
        };
        let mut flags = own.or(target);
        // A list of lenient values (`providers: [123, "345"]`) is decoded leniently item by item.
        if !flags.lenient && self.items_lenient(property, at) {
            flags.lenient = true;
        }
        (flags, doc, default)
    }

    /// Whether `schema` is an array whose items carry `x-string-or-integer`.
    fn items_lenient(&mut self, schema: &SchemaRef, at: &str) -> bool {
        let Some((array_at, array)) = self.resolve(schema, at) else {
            return false;
        };
        let items = match view(&array).items {
            Some(items) => SchemaRef::of_boxed(items),
            None => return false,
        };
        self.resolve(&items, &join(&array_at, "items"))
            .is_some_and(|(_, item)| view(&item).extension("x-string-or-integer").is_some())
    }

    /// Converts a `default` into a value of the field's type, repairing clear mismatches.
    fn default_value(&mut self, value: &Value, ty: &Ty, at: &str) -> Option<DefaultValue> {
        let at = join(at, "default");
        let mismatch = |cx: &mut Self| {
            cx.warn(
                &at,
                format!("default {value} does not match the property's type; it is ignored"),
            );
            None
        };
        match (ty, value) {
            (Ty::Bool, Value::Bool(b)) => Some(DefaultValue::Bool(*b)),
            (Ty::Bool, Value::String(s)) if s == "true" || s == "false" => {
                self.warn(
                    &at,
                    format!("default {value} is a string on a boolean; read as {s}"),
                );
                Some(DefaultValue::Bool(s == "true"))
            }
            (Ty::Int(kind), Value::Number(_) | Value::String(_)) if integer_of(value).is_some() => {
                let n = integer_of(value)?;
                if !fits(*kind, n) {
                    self.warn(&at, format!("default {value} is out of range for the property's integer type; it is ignored"));
                    return None;
                }
                if value.is_string() {
                    self.warn(
                        &at,
                        format!("default {value} is a string on an integer; read as {n}"),
                    );
                }
                Some(DefaultValue::Int(n))
            }
            (Ty::Float(_), Value::Number(n)) => n.as_f64().map(DefaultValue::Float),
            (Ty::String, Value::String(s)) => Some(DefaultValue::String(s.clone())),
            (Ty::Array(_), Value::Array(items)) if items.is_empty() => {
                Some(DefaultValue::EmptyArray)
            }
            (Ty::Named(id), Value::String(s)) => match &self.types.get(*id).kind {
                TypeKind::Enum(e) => match e.variants.iter().position(|v| v.wire_name == *s) {
                    Some(i) => Some(DefaultValue::EnumVariant(i)),
                    None => mismatch(self),
                },
                _ => None,
            },
            (Ty::Nullable(_), _) | (_, Value::Null) => None,
            (Ty::Any | Ty::JsonObject | Ty::Map(_) | Ty::Array(_) | Ty::Named(_), _) => None,
            (
                Ty::Date | Ty::DateTime | Ty::Uuid | Ty::Base64 | Ty::Binary | Ty::Timestamp,
                Value::String(_),
            ) => None,
            _ => mismatch(self),
        }
    }

    /// Creates a string enum type.
    pub(crate) fn string_enum(
        &mut self,
        values: &[String],
        docs: Vec<Option<String>>,
        pointer: &str,
        hint: &str,
        wire: Option<&str>,
        doc: Option<String>,
    ) -> TypeId {
        let id = self.reserve(pointer, hint, wire, doc);
        let mut scope = Scope::default();
        let mut variants: Vec<EnumVariant> = Vec::new();
        for (value, doc) in values.iter().zip(docs) {
            if variants.iter().any(|v| v.wire_name == *value) {
                continue;
            }
            variants.push(EnumVariant {
                wire_name: value.clone(),
                rust_name: scope.claim(&naming::variant_name(value)),
                doc,
            });
        }
        let unknown_variant = if scope.contains("Unknown") {
            scope.claim("UnknownValue")
        } else {
            scope.claim("Unknown")
        };
        self.types.get_mut(id).kind = TypeKind::Enum(EnumType {
            variants,
            unknown_variant,
        });
        id
    }

    fn all_of(
        &mut self,
        schema: &Schema,
        v: &View<'_>,
        pointer: &str,
        hint: &str,
        wire: Option<&str>,
    ) -> Ty {
        let mut parts: Vec<(SchemaRef, String)> = Vec::new();
        for (i, part) in v.all_of.iter().enumerate() {
            let at = join(&join(pointer, "allOf"), &i.to_string());
            let part_ref = SchemaRef::of(part);
            let annotation_only = match &part_ref {
                SchemaRef::Inline(s) => view(s).is_annotation_only(),
                SchemaRef::Reference(_) => false,
            };
            if !annotation_only {
                parts.push((part_ref, at));
            }
        }
        let own_properties = v.properties.is_some_and(|p| !p.is_empty());
        if parts.len() == 1 && !own_properties {
            let (part, at) = parts.remove(0);
            return self.alias_if_component(pointer, wire, v, |cx| cx.schema(&part, &at, hint));
        }
        if parts.is_empty() && !own_properties {
            return self.alias_if_component(pointer, wire, v, |_| Ty::Any);
        }
        let id = self.reserve(pointer, hint, wire, doc_of(v));
        let mut merged = Merged::default();
        for (part, at) in &parts {
            self.collect_part(part, at, &mut merged, &mut vec![pointer.to_string()]);
        }
        self.collect_own(schema, v, pointer, &mut merged);
        if !merged.non_object.is_empty() {
            let places = merged.non_object.join(", ");
            self.warn(pointer, format!("allOf combines schemas that are not objects ({places}); only their properties are merged"));
        }
        let kind = self.struct_from(merged, pointer, hint);
        self.types.get_mut(id).kind = TypeKind::Struct(kind);
        Ty::Named(id)
    }

    fn union(
        &mut self,
        schema: &Schema,
        v: &View<'_>,
        pointer: &str,
        hint: &str,
        wire: Option<&str>,
    ) -> Ty {
        let (list, key) = if !v.one_of.is_empty() {
            (v.one_of, "oneOf")
        } else {
            (v.any_of, "anyOf")
        };
        // `properties` plus `oneOf: [{required: [a]}, {required: [b]}]` constrains an object; it is that object.
        let constraint_only = list.iter().all(|alt| match alt {
            ReferenceOr::Item(s) => {
                let av = view(s);
                av.typ.is_none()
                    && av.properties.is_none()
                    && av.one_of.is_empty()
                    && av.all_of.is_empty()
                    && av.any_of.is_empty()
                    && av.items.is_none()
                    && av.enumeration.is_empty()
                    && !av.data.nullable
            }
            ReferenceOr::Reference { .. } => false,
        });
        if constraint_only && (v.properties.is_some() || v.typ == Some("object")) {
            return self.object(schema, v, pointer, hint, wire);
        }
        // Properties beside the alternatives: an object with those fields and the union flattened.
        if v.properties.is_some_and(|p| !p.is_empty()) {
            if let Some(stripped) = union_part(schema) {
                let id = self.reserve(pointer, hint, wire, doc_of(v));
                let name = self.types.get(id).name.clone();
                let mut merged = Merged::default();
                self.collect_own(schema, v, pointer, &mut merged);
                // The stripped copy is lowered under its own key, never the object's pointer.
                merged.unions.push((
                    SchemaRef::Inline(Rc::new(stripped)),
                    format!("{pointer}/oneOf"),
                ));
                let kind = self.struct_from(merged, pointer, &name);
                self.types.get_mut(id).kind = TypeKind::Struct(kind);
                return Ty::Named(id);
            }
        }
        let mut nullable = false;
        let mut alternatives: Vec<(SchemaRef, String, Rc<Schema>, Option<String>)> = Vec::new();
        for (i, alt) in list.iter().enumerate() {
            let at = join(&join(pointer, key), &i.to_string());
            let alt_ref = SchemaRef::of(alt);
            let Some((resolved_at, resolved)) = self.resolve(&alt_ref, &at) else {
                continue;
            };
            let av = view(&resolved);
            if av.is_null_only() {
                nullable = true;
                continue;
            }
            let ref_name = match &alt_ref {
                SchemaRef::Reference(_) => {
                    Some(unescape_token(resolved_at.rsplit('/').next().unwrap_or("")))
                }
                SchemaRef::Inline(_) => None,
            };
            alternatives.push((alt_ref, at, resolved, ref_name));
        }
        let wrap = |ty: Ty| {
            if nullable && !matches!(ty, Ty::Nullable(_) | Ty::Any) {
                Ty::Nullable(Box::new(ty))
            } else {
                ty
            }
        };
        if alternatives.is_empty() {
            return wrap(self.alias_if_component(pointer, wire, v, |_| Ty::Any));
        }
        if alternatives.len() == 1 {
            let (alt, at, _, _) = alternatives.remove(0);
            let ty = self.alias_if_component(pointer, wire, v, |cx| cx.schema(&alt, &at, hint));
            return wrap(ty);
        }
        // A oneOf of single-value integer enums (`const: 2, title: GUILD_VOICE`) is an integer
        // whose known values are documented; a union of them would decode every value as the first.
        let integer_consts: Option<Vec<(i64, Option<String>)>> = alternatives
            .iter()
            .map(|(alt, _, resolved, _)| {
                let av = view(resolved);
                match (
                    matches!(alt, SchemaRef::Inline(_)),
                    av.enumeration.as_slice(),
                ) {
                    (true, [Value::Number(n)])
                        if matches!(av.typ, None | Some("integer")) && av.properties.is_none() =>
                    {
                        n.as_i64()
                            .map(|n| (n, av.data.title.clone().or_else(|| doc_of(&av))))
                    }
                    _ => None,
                }
            })
            .collect();
        if let Some(consts) = integer_consts {
            let known: Vec<String> = consts
                .iter()
                .map(|(n, name)| match name {
                    Some(name) => format!("`{n}` ({name})"),
                    None => format!("`{n}`"),
                })
                .collect();
            let mut doc = doc_of(v).unwrap_or_default();
            if !doc.is_empty() {
                doc.push_str("\n\n");
            }
            doc.push_str(&format!("Known values: {}.", known.join(", ")));
            let ty = Ty::Int(int_kind(v.format));
            return wrap(match wire {
                Some(wire) => {
                    let id = self.reserve(pointer, wire, Some(wire), Some(doc));
                    self.types.get_mut(id).kind = TypeKind::Alias(AliasType { ty, newtype: false });
                    Ty::Named(id)
                }
                None => ty,
            });
        }
        // A oneOf of single-value string enums (each with its own description) is one enum; so is
        // `anyOf: [string, string enum]`, the usual way to say "these values, or others", since
        // the enum keeps unknown values anyway.
        let enum_values: Option<Vec<(String, Option<String>)>> = alternatives
            .iter()
            .map(|(alt, _, resolved, _)| {
                let av = view(resolved);
                let inline = matches!(alt, SchemaRef::Inline(_));
                let strings: Vec<&str> = av.enumeration.iter().filter_map(Value::as_str).collect();
                if inline
                    && av.typ == Some("string")
                    && av.enumeration.is_empty()
                    && av.properties.is_none()
                    && av.format.is_none()
                {
                    return Some(Vec::new());
                }
                (inline
                    && matches!(av.typ, None | Some("string"))
                    && !strings.is_empty()
                    && strings.len() == av.enumeration.len()
                    && av.properties.is_none())
                .then(|| {
                    strings
                        .into_iter()
                        .map(|s| (s.to_string(), doc_of(&av)))
                        .collect::<Vec<_>>()
                })
            })
            .collect::<Option<Vec<_>>>()
            .map(|lists| lists.into_iter().flatten().collect::<Vec<_>>())
            .filter(|values| !values.is_empty());
        if let Some(values) = enum_values {
            let (values, docs): (Vec<String>, Vec<Option<String>>) = values.into_iter().unzip();
            let id = self.string_enum(&values, docs, pointer, hint, wire, doc_of(v));
            return wrap(Ty::Named(id));
        }
        let id = self.reserve(pointer, hint, wire, doc_of(v));
        let union_name = self.types.get(id).name.clone();
        let tag = self.find_tag(v, &alternatives, pointer);
        let mut scope = Scope::default();
        let mut variants = Vec::new();
        for (i, (alt, at, resolved, ref_name)) in alternatives.iter().enumerate() {
            let av = view(resolved);
            let tags = tag
                .as_ref()
                .map(|(_, tags)| tags[i].clone())
                .unwrap_or_default();
            // An alternative that allows one value is named after it (Stripe's `enum: ['']`).
            let single_value = match av.enumeration.as_slice() {
                [Value::String(value)] => Some(naming::variant_name(value)),
                _ => None,
            };
            let named = tags
                .first()
                .map(|t| naming::variant_name(t))
                .or_else(|| ref_name.as_deref().map(naming::type_name))
                .or_else(|| av.data.title.as_deref().map(naming::type_name))
                .or(single_value);
            let alt_hint = format!(
                "{union_name}{}",
                named.clone().unwrap_or_else(|| format!("Variant{}", i + 1))
            );
            let ty = self.schema(alt, at, &alt_hint);
            // An unnamed inline object is the union's `Object` alternative, not its generated type's name.
            let inline_object = matches!(&ty, Ty::Named(id) if self.types.get(*id).name == naming::type_name(&alt_hint));
            let rust = named.unwrap_or_else(|| {
                if inline_object {
                    "Object".into()
                } else {
                    self.ty_variant_name(&ty, i)
                }
            });
            variants.push(UnionVariant {
                rust_name: scope.claim(&rust),
                tags,
                ty,
                doc: doc_of(&av),
                boxed: false,
            });
        }
        let tagged = tag.is_some()
            && variants.iter().all(|variant| matches!(&variant.ty, Ty::Named(id) if matches!(self.types.get(*id).kind, TypeKind::Struct(_) | TypeKind::Pending)));
        let tagging = match (tagged, tag) {
            (true, Some((property, _))) => Tagging::Tagged { property },
            _ => Tagging::Untagged,
        };
        if let Tagging::Tagged { .. } = tagging {
            // The catch-all keeps values with a tag this client does not know.
            let unknown = if scope.contains("Unknown") {
                "UnknownValue"
            } else {
                "Unknown"
            };
            variants.push(UnionVariant {
                rust_name: scope.claim(unknown),
                tags: Vec::new(),
                ty: Ty::Any,
                doc: None,
                boxed: false,
            });
        }
        self.types.get_mut(id).kind = TypeKind::Union(UnionType { variants, tagging });
        wrap(Ty::Named(id))
    }

    /// The property that tells the alternatives apart, and each alternative's tag values.
    fn find_tag(
        &mut self,
        v: &View<'_>,
        alternatives: &[(SchemaRef, String, Rc<Schema>, Option<String>)],
        pointer: &str,
    ) -> Option<(String, Vec<Vec<String>>)> {
        let single_values: Vec<IndexMap<String, String>> = alternatives
            .iter()
            .map(|(alt, at, _, _)| self.single_value_properties(alt, at))
            .collect();
        if let Some(discriminator) = &v.data.discriminator {
            let property = discriminator.property_name.clone();
            let mut tags = Vec::new();
            for (i, (_, _, _, ref_name)) in alternatives.iter().enumerate() {
                let mut values: Vec<String> = discriminator
                    .mapping
                    .iter()
                    .filter(|(_, target)| {
                        let target_name =
                            unescape_token(target.rsplit('/').next().unwrap_or(target));
                        ref_name.as_deref() == Some(target_name.as_str())
                    })
                    .map(|(value, _)| value.clone())
                    .collect();
                if values.is_empty() {
                    match (single_values[i].get(&property), ref_name) {
                        (Some(value), _) => values.push(value.clone()),
                        (None, Some(name)) => values.push(name.clone()),
                        (None, None) => {
                            self.warn(&join(pointer, "discriminator"), format!("alternative {} has no value for {property:?}; the union is decoded by trying each alternative", i + 1));
                            return None;
                        }
                    }
                }
                tags.push(values);
            }
            return Some((property, tags));
        }
        let first = single_values.first()?;
        let property = first
            .keys()
            .find(|name| {
                single_values
                    .iter()
                    .all(|values| values.contains_key(*name))
            })?
            .clone();
        let tags: Vec<Vec<String>> = single_values
            .iter()
            .map(|values| vec![values[&property].clone()])
            .collect();
        let mut seen = std::collections::HashSet::new();
        if !tags.iter().all(|t| seen.insert(t[0].clone())) {
            return None;
        }
        Some((property, tags))
    }

    /// Required properties whose schema allows exactly one string (the tag candidates).
    fn single_value_properties(&mut self, alt: &SchemaRef, at: &str) -> IndexMap<String, String> {
        let mut merged = Merged::default();
        self.collect_part(alt, at, &mut merged, &mut Vec::new());
        let mut out = IndexMap::new();
        for (name, (property, property_at)) in &merged.properties {
            if !merged.required.contains(name) {
                continue;
            }
            let Some((_, schema)) = self.resolve(property, property_at) else {
                continue;
            };
            let pv = view(&schema);
            if let [Value::String(value)] = pv.enumeration.as_slice() {
                out.insert(name.clone(), value.clone());
            }
        }
        out
    }

    /// A variant name for an alternative that the spec does not name.
    fn ty_variant_name(&self, ty: &Ty, index: usize) -> String {
        match ty {
            Ty::Named(id) => self.types.get(*id).name.clone(),
            Ty::String => "String".into(),
            Ty::Bool => "Boolean".into(),
            Ty::Int(_) => "Integer".into(),
            Ty::Float(_) => "Number".into(),
            Ty::Array(_) => "Array".into(),
            Ty::Map(_) | Ty::JsonObject => "Object".into(),
            Ty::Date => "Date".into(),
            Ty::DateTime => "DateTime".into(),
            Ty::Uuid => "Uuid".into(),
            Ty::Nullable(inner) => self.ty_variant_name(inner, index),
            _ => format!("Variant{}", index + 1),
        }
    }
}

/// Field facts read from a schema.
#[derive(Default, Clone, Copy)]
struct Flags {
    read_only: bool,
    write_only: bool,
    lenient: bool,
    deprecated: bool,
    set: bool,
}

impl Flags {
    fn or(self, other: Flags) -> Flags {
        if self.set {
            self
        } else {
            other
        }
    }
}

fn flags_of(v: &View<'_>) -> Flags {
    let lenient = v
        .extension("x-string-or-integer")
        .is_some_and(|x| x.as_bool() != Some(false));
    let set = v.data.read_only || v.data.write_only || lenient || v.data.deprecated;
    Flags {
        read_only: v.data.read_only,
        write_only: v.data.write_only,
        lenient,
        deprecated: v.data.deprecated,
        set,
    }
}

/// The rustdoc text of a schema: its description, or its title.
fn doc_of(v: &View<'_>) -> Option<String> {
    v.data
        .description
        .clone()
        .or_else(|| v.data.title.clone())
        .filter(|d| !d.trim().is_empty())
}

/// An integer default: a JSON integer, a number with no fraction (`50.0`; JSON Schema counts it
/// as an integer), or the text of one.
fn integer_of(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| f as i64)
        }),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

/// Whether `n` fits the integer type.
fn fits(kind: IntKind, n: i64) -> bool {
    match kind {
        IntKind::I8 => i8::try_from(n).is_ok(),
        IntKind::I16 => i16::try_from(n).is_ok(),
        IntKind::I32 => i32::try_from(n).is_ok(),
        IntKind::I64 => true,
        IntKind::U8 => u8::try_from(n).is_ok(),
        IntKind::U16 => u16::try_from(n).is_ok(),
        IntKind::U32 => u32::try_from(n).is_ok(),
        IntKind::U64 => n >= 0,
    }
}

fn int_kind(format: Option<&str>) -> IntKind {
    match format {
        Some("int8") => IntKind::I8,
        Some("int16") => IntKind::I16,
        Some("int32") => IntKind::I32,
        Some("uint8") => IntKind::U8,
        Some("uint16") => IntKind::U16,
        Some("uint32") => IntKind::U32,
        Some("uint64" | "uint") => IntKind::U64,
        _ => IntKind::I64,
    }
}
