//! Objects: schemas with properties, and `allOf` compositions merged into one struct (with
//! union parts flattened), their fields' representation, leniency and defaults.

use super::super::view::{view, View};
use super::super::LowerCtx;
use super::{constraints, doc_of, SchemaRef};
use crate::diagnostics::{join, Location};
use crate::model::{
    Additional, DefaultValue, Field, Flattened, IntKind, Rules, StructType, Ty, TypeKind,
};
use crate::naming::{self, Scope};
use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, Schema};
use serde_json::Value;
use std::rc::Rc;

impl LowerCtx<'_> {
    pub(super) fn all_of(
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

    pub(super) fn object(
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
    pub(super) fn collect_own(
        &mut self,
        _schema: &Schema,
        v: &View<'_>,
        pointer: &str,
        merged: &mut Merged,
    ) {
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
    pub(super) fn collect_part(
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
    pub(super) fn collect_part_of(
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

    pub(super) fn struct_from(&mut self, merged: Merged, pointer: &str, hint: &str) -> StructType {
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
            let (rules, rules_origin) = self.rules_of(property, at);
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
                assumptions: self.property_assumptions(property, at),
                constraints: constraints::describe(&rules),
                rules,
                rules_origin,
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
    pub(super) fn property_facts(
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
                if let [only] = v.all_of {
                    if let Some((_, s)) = self.resolve(&SchemaRef::of(only), at) {
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

    /// The validation keywords of a property: its own, else those of the schema it refers to.
    pub(crate) fn rules_of(&mut self, property: &SchemaRef, at: &str) -> (Rules, Option<Location>) {
        let Some((stated_at, schema)) = self.resolve(property, at) else {
            return (Rules::default(), None);
        };
        let rules = constraints::rules(&schema);
        let origin = (!rules.is_empty()).then(|| self.loc(&stated_at));
        (rules, origin)
    }

    /// The `x-assumptions` of a property written inline (keys beside a `$ref` are not kept).
    fn property_assumptions(&mut self, property: &SchemaRef, at: &str) -> Vec<String> {
        match property {
            SchemaRef::Inline(schema) => {
                let value = schema.schema_data.extensions.get("x-assumptions").cloned();
                self.assumptions(value.as_ref(), at)
            }
            SchemaRef::Reference(_) => Vec::new(),
        }
    }

    /// Whether `schema` is an array whose items carry `x-string-or-integer`.
    pub(super) fn items_lenient(&mut self, schema: &SchemaRef, at: &str) -> bool {
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
    pub(super) fn default_value(
        &mut self,
        value: &Value,
        ty: &Ty,
        at: &str,
    ) -> Option<DefaultValue> {
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
}

/// The object parts gathered from an `allOf` (and the schema's own properties).
#[derive(Default)]
pub(super) struct Merged {
    pub(super) properties: IndexMap<String, (SchemaRef, String)>,
    pub(super) required: Vec<String>,
    pub(super) additional: Option<(AdditionalProperties, String)>,
    /// Union parts, each flattened into the object.
    pub(super) unions: Vec<(SchemaRef, String)>,
    pub(super) non_object: Vec<String>,
}

/// The union part of a schema that also has properties: the same schema without its
/// properties (so only `oneOf` / `anyOf` and the discriminator remain), or `None` when it has
/// no union.
pub(super) fn union_part(schema: &Schema) -> Option<Schema> {
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

/// Field facts read from a schema.
#[derive(Default, Clone, Copy)]
pub(super) struct Flags {
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

pub(super) fn flags_of(v: &View<'_>) -> Flags {
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

/// An integer default: a JSON integer, a number with no fraction (`50.0`; JSON Schema counts it
/// as an integer), or the text of one.
pub(super) fn integer_of(value: &Value) -> Option<i64> {
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
pub(super) fn fits(kind: IntKind, n: i64) -> bool {
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
