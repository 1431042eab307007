//! One read-only view over a Schema Object, whichever of openapiv3's shapes it was parsed into
//! (`Type`, the compositions, or the catch-all `AnySchema` that odd schemas fall into).

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaData, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

/// The parts of a schema that lowering looks at.
pub struct View<'s> {
    /// Description, nullable, readOnly and the other common keywords.
    pub data: &'s SchemaData,
    /// `type`, if given.
    pub typ: Option<&'s str>,
    /// `format`, if given.
    pub format: Option<&'s str>,
    /// `enum` values (a `null` value stands for a nullable enum).
    pub enumeration: Vec<Value>,
    /// `properties`.
    pub properties: Option<&'s IndexMap<String, ReferenceOr<Box<Schema>>>>,
    /// `required`.
    pub required: &'s [String],
    /// `additionalProperties`.
    pub additional: Option<&'s AdditionalProperties>,
    /// `items`.
    pub items: Option<&'s ReferenceOr<Box<Schema>>>,
    /// `oneOf`.
    pub one_of: &'s [ReferenceOr<Schema>],
    /// `anyOf`.
    pub any_of: &'s [ReferenceOr<Schema>],
    /// `allOf`.
    pub all_of: &'s [ReferenceOr<Schema>],
    /// Whether `not` is present.
    pub has_not: bool,
}

/// Views `schema`.
pub fn view(schema: &Schema) -> View<'_> {
    let data = &schema.schema_data;
    let empty = View {
        data,
        typ: None,
        format: None,
        enumeration: Vec::new(),
        properties: None,
        required: &[],
        additional: None,
        items: None,
        one_of: &[],
        any_of: &[],
        all_of: &[],
        has_not: false,
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => View {
            typ: Some("string"),
            format: match &s.format {
                VariantOrUnknownOrEmpty::Item(f) => Some(match f {
                    StringFormat::Date => "date",
                    StringFormat::DateTime => "date-time",
                    StringFormat::Password => "password",
                    StringFormat::Byte => "byte",
                    StringFormat::Binary => "binary",
                }),
                VariantOrUnknownOrEmpty::Unknown(u) => Some(u.as_str()),
                VariantOrUnknownOrEmpty::Empty => None,
            },
            enumeration: s
                .enumeration
                .iter()
                .map(|v| v.clone().map(Value::String).unwrap_or(Value::Null))
                .collect(),
            ..empty
        },
        SchemaKind::Type(Type::Integer(i)) => View {
            typ: Some("integer"),
            format: match &i.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Some("int32"),
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64) => Some("int64"),
                VariantOrUnknownOrEmpty::Unknown(u) => Some(u.as_str()),
                VariantOrUnknownOrEmpty::Empty => None,
            },
            enumeration: i
                .enumeration
                .iter()
                .map(|v| v.map(Value::from).unwrap_or(Value::Null))
                .collect(),
            ..empty
        },
        SchemaKind::Type(Type::Number(n)) => View {
            typ: Some("number"),
            format: match &n.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => Some("float"),
                VariantOrUnknownOrEmpty::Item(NumberFormat::Double) => Some("double"),
                VariantOrUnknownOrEmpty::Unknown(u) => Some(u.as_str()),
                VariantOrUnknownOrEmpty::Empty => None,
            },
            enumeration: n
                .enumeration
                .iter()
                .map(|v| v.map(Value::from).unwrap_or(Value::Null))
                .collect(),
            ..empty
        },
        SchemaKind::Type(Type::Boolean(b)) => View {
            typ: Some("boolean"),
            enumeration: b
                .enumeration
                .iter()
                .map(|v| v.map(Value::Bool).unwrap_or(Value::Null))
                .collect(),
            ..empty
        },
        SchemaKind::Type(Type::Object(o)) => View {
            typ: Some("object"),
            properties: Some(&o.properties),
            required: &o.required,
            additional: o.additional_properties.as_ref(),
            ..empty
        },
        SchemaKind::Type(Type::Array(a)) => View {
            typ: Some("array"),
            items: a.items.as_ref(),
            ..empty
        },
        SchemaKind::OneOf { one_of } => View { one_of, ..empty },
        SchemaKind::AnyOf { any_of } => View { any_of, ..empty },
        SchemaKind::AllOf { all_of } => View { all_of, ..empty },
        SchemaKind::Not { .. } => View {
            has_not: true,
            ..empty
        },
        SchemaKind::Any(any) => View {
            typ: any.typ.as_deref(),
            format: any.format.as_deref(),
            enumeration: any.enumeration.clone(),
            properties: if any.properties.is_empty() {
                None
            } else {
                Some(&any.properties)
            },
            required: &any.required,
            additional: any.additional_properties.as_ref(),
            items: any.items.as_ref(),
            one_of: &any.one_of,
            any_of: &any.any_of,
            all_of: &any.all_of,
            has_not: any.not.is_some(),
            ..empty
        },
    }
}

impl View<'_> {
    /// Whether the schema only annotates (description, nullable, ...) and constrains nothing,
    /// as in the `{nullable: true}` half of `oneOf: [X, {nullable: true}]`.
    pub fn is_annotation_only(&self) -> bool {
        self.typ.is_none()
            && self.format.is_none()
            && self.enumeration.is_empty()
            && self.properties.is_none()
            && self.additional.is_none()
            && self.items.is_none()
            && self.one_of.is_empty()
            && self.any_of.is_empty()
            && self.all_of.is_empty()
            && !self.has_not
    }

    /// Whether the schema allows only `null`: the `{nullable: true}` half of
    /// `oneOf: [X, {nullable: true}]`, or OpenAPI 3.1's `{type: "null"}`.
    pub fn is_null_only(&self) -> bool {
        let only_null = self.enumeration.iter().all(Value::is_null);
        let rest_empty = View {
            enumeration: Vec::new(),
            ..self.shallow()
        }
        .is_annotation_only();
        self.data.nullable && only_null && rest_empty
    }

    /// A copy of the view's references (the enum values are cloned).
    fn shallow(&self) -> View<'_> {
        View {
            data: self.data,
            typ: self.typ,
            format: self.format,
            enumeration: self.enumeration.clone(),
            properties: self.properties,
            required: self.required,
            additional: self.additional,
            items: self.items,
            one_of: self.one_of,
            any_of: self.any_of,
            all_of: self.all_of,
            has_not: self.has_not,
        }
    }

    /// The value of an `x-` extension.
    pub fn extension(&self, name: &str) -> Option<&Value> {
        self.data.extensions.get(name)
    }
}
