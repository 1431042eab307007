//! The type arena and what it holds: named types (structs, enums, unions, aliases), their
//! fields, and the type expressions that refer to them.

use crate::diagnostics::Location;
use serde::Serialize;

/// The index of a named type in the arena; only [`TypeArena::add`] makes one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct TypeId(usize);

impl TypeId {
    /// The position of the type in its arena (`0..arena.len()`), for tables kept beside it.
    pub fn index(self) -> usize {
        self.0
    }
}

/// All named types, in the order they were first reached. Types are only ever added, so an id
/// stays valid for the arena's life.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TypeArena {
    defs: Vec<TypeDef>,
}

impl TypeArena {
    /// Adds a type and returns its id.
    pub fn add(&mut self, def: TypeDef) -> TypeId {
        self.defs.push(def);
        TypeId(self.defs.len() - 1)
    }

    /// The definition behind an id.
    #[allow(clippy::indexing_slicing)] // Proven: ids come only from `add`, and none is removed.
    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.defs[id.0]
    }

    /// A mutable definition behind an id.
    #[allow(clippy::indexing_slicing)] // Proven: ids come only from `add`, and none is removed.
    pub fn get_mut(&mut self, id: TypeId) -> &mut TypeDef {
        &mut self.defs[id.0]
    }

    /// How many types there are.
    pub fn len(&self) -> usize {
        self.defs.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.defs.is_empty()
    }

    /// Every id, in order.
    pub fn ids(&self) -> impl Iterator<Item = TypeId> {
        (0..self.defs.len()).map(TypeId)
    }

    /// Every id with its definition.
    pub fn iter(&self) -> impl Iterator<Item = (TypeId, &TypeDef)> {
        self.defs
            .iter()
            .enumerate()
            .map(|(i, def)| (TypeId(i), def))
    }

    /// The named types that the type `id` mentions directly: in its fields, flattened members,
    /// map of unnamed properties, variants or aliased type.
    pub fn children(&self, id: TypeId) -> Vec<TypeId> {
        let mut out = Vec::new();
        match &self.get(id).kind {
            TypeKind::Struct(s) => {
                s.fields.iter().for_each(|f| f.ty.named_types(&mut out));
                s.flattened.iter().for_each(|f| f.ty.named_types(&mut out));
                if let Some(additional) = &s.additional {
                    additional.value.named_types(&mut out);
                }
            }
            TypeKind::Union(u) => u.variants.iter().for_each(|v| v.ty.named_types(&mut out)),
            TypeKind::Alias(a) => a.ty.named_types(&mut out),
            TypeKind::Enum(_) | TypeKind::Pending => {}
        }
        out
    }

    /// Which types `roots` reach, themselves included, through [`children`](Self::children),
    /// by type index.
    pub fn reachable(&self, mut roots: Vec<TypeId>) -> Vec<bool> {
        let mut seen = vec![false; self.len()];
        while let Some(id) = roots.pop() {
            match seen.get_mut(id.index()) {
                Some(slot) if !*slot => {
                    *slot = true;
                    roots.extend(self.children(id));
                }
                _ => {}
            }
        }
        seen
    }

    /// Every definition, in order.
    pub fn defs(&self) -> impl Iterator<Item = &TypeDef> {
        self.defs.iter()
    }

    /// Every definition, mutably, with its id.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = (TypeId, &mut TypeDef)> {
        self.defs
            .iter_mut()
            .enumerate()
            .map(|(i, def)| (TypeId(i), def))
    }
}

/// One generated type: a struct, an enum, a union or an alias.
#[derive(Debug, Clone, Serialize)]
pub struct TypeDef {
    /// The Rust name, unique in the crate.
    pub name: String,
    /// The name in the spec (`components/schemas` key), if it has one.
    pub wire_name: Option<String>,
    /// Description for rustdoc.
    pub doc: Option<String>,
    /// What kind of type it is.
    pub kind: TypeKind,
    /// Where the schema is.
    pub origin: Location,
    /// What the spec's authors assumed where the vendor's documentation was silent
    /// (`x-assumptions`), shown in the docs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub assumptions: Vec<String>,
}

/// The shape of a named type.
#[derive(Debug, Clone, Serialize)]
pub enum TypeKind {
    /// An object with named fields.
    Struct(StructType),
    /// A string enum; unknown values decode to a catch-all variant.
    Enum(EnumType),
    /// A `oneOf` / `anyOf`.
    Union(UnionType),
    /// A named array, map or other non-object schema.
    Alias(AliasType),
    /// Placeholder while a recursive schema is being lowered; never survives lowering.
    Pending,
}

/// A named type that stands for another type expression.
#[derive(Debug, Clone, Serialize)]
pub struct AliasType {
    /// The type it stands for.
    pub ty: Ty,
    /// Whether it must be a newtype struct rather than a `type` alias (Rust rejects recursive aliases).
    pub newtype: bool,
}

/// An object type.
#[derive(Debug, Clone, Serialize)]
pub struct StructType {
    /// The named properties in spec order.
    pub fields: Vec<Field>,
    /// What unnamed properties hold, when the object keeps them (`additionalProperties`).
    pub additional: Option<Additional>,
    /// Unions whose properties this object also has (`properties` beside a `oneOf`, or a union
    /// part of an `allOf`), each a `#[serde(flatten)]` field.
    pub flattened: Vec<Flattened>,
    /// Whether the struct implements `Default`: it has no required field, and each flattened
    /// union has a default of its own.
    pub derive_default: bool,
    /// Whether this object is sent as a `multipart/form-data` body.
    pub multipart: bool,
}

/// The catch-all map of an object that keeps the properties it does not name.
#[derive(Debug, Clone, Serialize)]
pub struct Additional {
    /// The Rust field name of the map.
    pub rust_name: String,
    /// The type of each value.
    pub value: Ty,
    /// `x-string-or-integer` on the values: each may arrive as a string or a number.
    pub lenient: bool,
}

/// A union flattened into an object.
#[derive(Debug, Clone, Serialize)]
pub struct Flattened {
    /// The Rust field name (`kind`, `kind_2`, ...).
    pub rust_name: String,
    /// The union's type.
    pub ty: Ty,
    /// Where the union is.
    pub origin: Location,
}

/// One property of an object.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    /// The property name on the wire.
    pub wire_name: String,
    /// The Rust field name.
    pub rust_name: String,
    /// The property's type, without the `Option` that optionality adds.
    pub ty: Ty,
    /// Whether the property is in the object's `required` list.
    pub required: bool,
    /// Description for rustdoc.
    pub doc: Option<String>,
    /// The default value, when it is a scalar that the generator can express.
    pub default: Option<DefaultValue>,
    /// `readOnly`: sent by the server only.
    pub read_only: bool,
    /// `writeOnly`: sent by the client only.
    pub write_only: bool,
    /// `x-string-or-integer`: the value may arrive as a string or a number.
    pub lenient: bool,
    /// Whether the field must be boxed: its type is recursive, or nests types too deeply.
    pub boxed: bool,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// The spec's validation keywords (lengths, pattern, range, item counts) as sentences.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub constraints: Vec<String>,
    /// The same keywords as values, which the client checks before sending a request.
    #[serde(skip_serializing_if = "Rules::is_empty")]
    pub rules: Rules,
    /// Where the spec states the rules, when there are any: the property's schema, or the
    /// schema it refers to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rules_origin: Option<Location>,
    /// What the spec's authors assumed where the vendor's documentation was silent
    /// (`x-assumptions`), shown in the docs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub assumptions: Vec<String>,
    /// Where the property is.
    pub origin: Location,
}

/// The validation keywords of a value (JSON Schema's), whatever its declared `type`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Rules {
    /// `minLength` (0 is left out: it constrains nothing).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    /// `maxLength`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    /// `pattern`, as the spec writes it (an ECMA-262 regular expression).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// Whether the client can check `pattern`: the Rust engine the runtime uses accepts it
    /// (look-around and back-references, for example, are not).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub pattern_checked: bool,
    /// `minimum`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum: Option<f64>,
    /// `maximum`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum: Option<f64>,
    /// `exclusiveMinimum: true`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub exclusive_minimum: bool,
    /// `exclusiveMaximum: true`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub exclusive_maximum: bool,
    /// `multipleOf`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub multiple_of: Option<f64>,
    /// `minItems` (0 is left out).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u64>,
    /// `maxItems`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
    /// `uniqueItems: true`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unique_items: bool,
}

impl Rules {
    /// Whether no keyword constrains the value.
    pub fn is_empty(&self) -> bool {
        *self == Rules::default()
    }

    /// Whether a string keyword is set.
    pub fn for_strings(&self) -> bool {
        self.min_length.is_some() || self.max_length.is_some() || self.pattern_checked
    }

    /// Whether a numeric keyword is set.
    pub fn for_numbers(&self) -> bool {
        self.minimum.is_some() || self.maximum.is_some() || self.multiple_of.is_some()
    }

    /// Whether an array keyword is set.
    pub fn for_arrays(&self) -> bool {
        self.min_items.is_some() || self.max_items.is_some() || self.unique_items
    }
}

/// How a field is held in Rust, which follows from `required`, `nullable`, a default and the
/// read/write-only flags. Emission and the `Default` analysis both use this one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum FieldRepr {
    /// Required and not nullable: `T`.
    Plain,
    /// Optional with a default the generator can express: `T`, filled in when absent.
    Defaulted,
    /// Optional: `Option<T>`, omitted when `None`.
    Optional,
    /// Required but nullable: `Option<T>`, sent as `null` when `None`.
    Nullable,
    /// Optional and nullable: `Option<Option<T>>` (absent, `null`, or a value).
    NullableOptional,
    /// Read-only: `Option<T>`, never sent.
    ReadOnly,
    /// Write-only: `Option<T>`, sent when set, never expected back.
    WriteOnly,
}

impl Field {
    /// How this field is held in Rust.
    pub fn repr(&self) -> FieldRepr {
        let nullable = matches!(self.ty, Ty::Nullable(_));
        if self.read_only {
            FieldRepr::ReadOnly
        } else if self.write_only {
            FieldRepr::WriteOnly
        } else if self.required {
            if nullable {
                FieldRepr::Nullable
            } else {
                FieldRepr::Plain
            }
        } else if nullable {
            FieldRepr::NullableOptional
        } else if self.default.is_some() {
            FieldRepr::Defaulted
        } else {
            FieldRepr::Optional
        }
    }
}

/// A default value the generator can turn into a Rust expression.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum DefaultValue {
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// A string.
    String(String),
    /// A value of a string enum, by variant index.
    EnumVariant(usize),
    /// An empty array.
    EmptyArray,
}

/// A string enum.
#[derive(Debug, Clone, Serialize)]
pub struct EnumType {
    /// The known values in spec order.
    pub variants: Vec<EnumVariant>,
    /// The Rust name of the catch-all variant that keeps values this client does not know.
    pub unknown_variant: String,
    /// `x-open-enum: true`: the API accepts values the spec does not list, so a request may
    /// send one. Otherwise the enum is closed and the client refuses an unlisted value in a
    /// request (responses keep any value, whatever this says).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub open: bool,
}

/// One value of a string enum.
#[derive(Debug, Clone, Serialize)]
pub struct EnumVariant {
    /// The value on the wire.
    pub wire_name: String,
    /// The Rust variant name.
    pub rust_name: String,
    /// Description for rustdoc (from a `oneOf` of single-value enums).
    pub doc: Option<String>,
}

/// A union of schemas.
#[derive(Debug, Clone, Serialize)]
pub struct UnionType {
    /// The alternatives in spec order.
    pub variants: Vec<UnionVariant>,
    /// How a value says which alternative it is.
    pub tagging: Tagging,
}

/// How a union's alternatives are told apart.
#[derive(Debug, Clone, Serialize)]
pub enum Tagging {
    /// By a property whose value names the alternative (`discriminator`, or every alternative
    /// requiring the same single-value enum property).
    Tagged {
        /// The property's wire name.
        property: String,
    },
    /// By trying each alternative in order.
    Untagged,
}

/// One alternative of a union.
#[derive(Debug, Clone, Serialize)]
pub struct UnionVariant {
    /// The Rust variant name.
    pub rust_name: String,
    /// The tag value(s) that select this alternative, for tagged unions.
    pub tags: Vec<String>,
    /// The alternative's type.
    pub ty: Ty,
    /// Description for rustdoc.
    pub doc: Option<String>,
    /// Whether the payload must be boxed: its type is recursive, or nests types too deeply.
    pub boxed: bool,
}

/// A type expression: what a field, parameter or body holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Ty {
    /// A generated type.
    Named(TypeId),
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// An integer of the given kind.
    Int(IntKind),
    /// A float of the given kind.
    Float(FloatKind),
    /// `format: date`.
    Date,
    /// `format: date-time`.
    DateTime,
    /// `format: uuid`.
    Uuid,
    /// `format: byte` (base64 text).
    Base64,
    /// `format: binary` (raw bytes, a file in multipart bodies).
    Binary,
    /// `x-timestamp` (Unix seconds or `{sec, usec}`).
    Timestamp,
    /// Any JSON value.
    Any,
    /// A free-form JSON object.
    JsonObject,
    /// An array.
    Array(Box<Ty>),
    /// A map from string keys.
    Map(Box<Ty>),
    /// A value that may be `null`.
    Nullable(Box<Ty>),
}

impl Ty {
    /// Appends the named types that this type mentions (through arrays, maps and `Nullable`).
    pub fn named_types(&self, out: &mut Vec<TypeId>) {
        match self {
            Ty::Named(id) => out.push(*id),
            Ty::Array(inner) | Ty::Map(inner) | Ty::Nullable(inner) => inner.named_types(out),
            _ => {}
        }
    }

    /// The type without a `Nullable` wrapper, and whether there was one.
    pub fn strip_nullable(&self) -> (&Ty, bool) {
        match self {
            Ty::Nullable(inner) => (inner, true),
            other => (other, false),
        }
    }
}

/// Whether values of `ty` are written as one piece of text (a parameter or a text part).
pub fn is_scalar(types: &TypeArena, ty: &Ty) -> bool {
    match ty {
        Ty::String
        | Ty::Bool
        | Ty::Int(_)
        | Ty::Float(_)
        | Ty::Date
        | Ty::DateTime
        | Ty::Uuid
        | Ty::Timestamp => true,
        Ty::Named(id) => match &types.get(*id).kind {
            TypeKind::Enum(_) => true,
            TypeKind::Alias(alias) if !alias.newtype => is_scalar(types, &alias.ty),
            TypeKind::Union(union) => is_scalar_union(types, union),
            _ => false,
        },
        Ty::Nullable(inner) => is_scalar(types, inner),
        _ => false,
    }
}

/// Whether a union's alternatives are all written as text (a `oneOf` of an id and a name):
/// such a union is a parameter value like any scalar.
pub fn is_scalar_union(types: &TypeArena, union: &UnionType) -> bool {
    matches!(union.tagging, Tagging::Untagged)
        && union.variants.iter().all(|v| {
            !matches!(v.ty, Ty::Named(id) if matches!(types.get(id).kind, TypeKind::Union(_)))
                && is_scalar(types, &v.ty)
        })
}

/// Whether `ty` is an array whose items are scalars.
pub fn is_scalar_array(types: &TypeArena, ty: &Ty) -> bool {
    match ty {
        Ty::Array(item) => is_scalar(types, item),
        Ty::Named(id) => {
            matches!(&types.get(*id).kind, TypeKind::Alias(alias) if !alias.newtype && is_scalar_array(types, &alias.ty))
        }
        Ty::Nullable(inner) => is_scalar_array(types, inner),
        _ => false,
    }
}

/// Whether `ty` is an object (a struct, map or free-form object).
pub fn is_object(types: &TypeArena, ty: &Ty) -> bool {
    match ty {
        Ty::JsonObject | Ty::Map(_) => true,
        Ty::Named(id) => match &types.get(*id).kind {
            TypeKind::Struct(_) => true,
            TypeKind::Alias(alias) if !alias.newtype => is_object(types, &alias.ty),
            _ => false,
        },
        Ty::Nullable(inner) => is_object(types, inner),
        _ => false,
    }
}

/// Integer kinds, from the schema's `format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum IntKind {
    /// `int8`.
    I8,
    /// `int16`.
    I16,
    /// `int32`.
    I32,
    /// `int64` or no format.
    I64,
    /// `uint8`.
    U8,
    /// `uint16`.
    U16,
    /// `uint32`.
    U32,
    /// `uint64`.
    U64,
}

/// Float kinds, from the schema's `format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum FloatKind {
    /// `float`.
    F32,
    /// `double` or no format.
    F64,
}
