//! Unions: `oneOf` and `anyOf` lowered to tagged or untagged enums, with the tag found from the
//! discriminator or from single-value properties, and variants named after what they hold.

use super::super::view::{view, View};
use super::super::LowerCtx;
use super::objects::{union_part, Merged};
use super::scalars::int_kind;
use super::{doc_of, SchemaRef};
use crate::diagnostics::{join, unescape_token};
use crate::model::{AliasType, Tagging, Ty, TypeKind, UnionType, UnionVariant};
use crate::naming::{self, Scope};
use indexmap::IndexMap;
use openapiv3::{ReferenceOr, Schema};
use serde_json::Value;
use std::rc::Rc;

impl LowerCtx<'_> {
    pub(super) fn union(
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
            let id = self.string_enum(&values, docs, pointer, hint, wire, doc_of(v), v.data);
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
                .and_then(|(_, tags)| tags.get(i).cloned())
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
    pub(super) fn find_tag(
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
                    match (
                        single_values.get(i).and_then(|v| v.get(&property)),
                        ref_name,
                    ) {
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
            .map(|values| values.get(&property).cloned().into_iter().collect())
            .collect();
        let mut seen = std::collections::HashSet::new();
        if !tags
            .iter()
            .all(|t| t.first().is_some_and(|tag| seen.insert(tag.clone())))
        {
            return None;
        }
        Some((property, tags))
    }

    /// Required properties whose schema allows exactly one string (the tag candidates).
    pub(super) fn single_value_properties(
        &mut self,
        alt: &SchemaRef,
        at: &str,
    ) -> IndexMap<String, String> {
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
    pub(super) fn ty_variant_name(&self, ty: &Ty, index: usize) -> String {
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
