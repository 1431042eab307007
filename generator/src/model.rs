//! The owned model that lowering produces and emission consumes: a type arena addressed by
//! ids, the operations with their parameters, bodies and responses, servers and auth.
//! No `openapiv3` type appears here, and every node keeps the spec location it came from.

use crate::diagnostics::Location;
use serde::Serialize;

/// A whole API, ready to be emitted.
#[derive(Debug, Clone, Serialize)]
pub struct Api {
    /// The spec file, as named in diagnostics.
    pub spec: String,
    /// Title, version and description from `info`.
    pub info: Info,
    /// Every named type, addressed by [`TypeId`].
    pub types: TypeArena,
    /// Every operation in spec order (paths, then methods in a fixed order).
    pub operations: Vec<Operation>,
    /// The environments that the servers define, in order of first appearance.
    pub environments: Vec<Environment>,
    /// Distinct server lists; operations point into this by index.
    pub server_sets: Vec<ServerSet>,
    /// The server list that applies at the root of the spec.
    pub root_servers: usize,
    /// Security schemes in spec order.
    pub security_schemes: Vec<SecurityScheme>,
}

/// The spec's `info` object plus the crate identity from `x-crate`.
#[derive(Debug, Clone, Serialize)]
pub struct Info {
    /// The API's title.
    pub title: String,
    /// The API's own version (not the crate's).
    pub version: String,
    /// The API's description.
    pub description: Option<String>,
    /// The crate name from `x-crate.name`, if the spec gives one.
    pub crate_name: Option<String>,
    /// The crate version from `x-crate.version`, if the spec gives one.
    pub crate_version: Option<String>,
}

impl Info {
    /// The generated crate's version: `x-crate.version`; else the API's own `info.version` when
    /// it is a plain `MAJOR.MINOR.PATCH` version (so a stranger's spec versions its crate the
    /// way it versions its API); else `0.1.0`.
    pub fn generated_crate_version(&self) -> String {
        if let Some(version) = &self.crate_version {
            return version.clone();
        }
        let parts: Vec<&str> = self.version.trim().split('.').collect();
        let plain = parts.len() == 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        if plain {
            self.version.trim().to_string()
        } else {
            "0.1.0".into()
        }
    }
}

/// The index of a named type in the arena.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct TypeId(pub usize);

/// All named types, in the order they were first reached.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TypeArena {
    /// The types; `TypeId(i)` is `defs[i]`.
    pub defs: Vec<TypeDef>,
}

impl TypeArena {
    /// The definition behind an id.
    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.defs[id.0]
    }

    /// A mutable definition behind an id.
    pub fn get_mut(&mut self, id: TypeId) -> &mut TypeDef {
        &mut self.defs[id.0]
    }

    /// Every id with its definition.
    pub fn iter(&self) -> impl Iterator<Item = (TypeId, &TypeDef)> {
        self.defs
            .iter()
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
    /// Whether every field has a `Default`, so the struct can derive it.
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
    /// Whether the field must be boxed to break a recursive type.
    pub boxed: bool,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Where the property is.
    pub origin: Location,
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
    /// Whether the payload must be boxed to break a recursive type.
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

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Method {
    /// GET.
    Get,
    /// PUT.
    Put,
    /// POST.
    Post,
    /// DELETE.
    Delete,
    /// OPTIONS.
    Options,
    /// HEAD.
    Head,
    /// PATCH.
    Patch,
    /// TRACE.
    Trace,
}

impl Method {
    /// The method as written on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }

    /// Whether repeating the request has the same effect as sending it once (RFC 9110).
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Method::Post | Method::Patch)
    }
}

/// One operation: becomes one async method on the client.
#[derive(Debug, Clone, Serialize)]
pub struct Operation {
    /// The spec's `operationId`, or the id derived from method and path.
    pub id: String,
    /// Whether `id` was derived because the spec has no `operationId`.
    pub id_derived: bool,
    /// The Rust method name.
    pub rust_name: String,
    /// The struct holding the query, header and cookie parameters, if there are any.
    pub params_type: Option<String>,
    /// The enum of success responses, when more than one success status is documented.
    pub response_type: Option<String>,
    /// The enum of documented error responses.
    pub error_type: String,
    /// The HTTP method.
    pub method: Method,
    /// The path template exactly as in the spec.
    pub path: String,
    /// The path split into literal text and parameters.
    pub segments: Vec<PathSegment>,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Parameters: path ones in path order, then the others in spec order.
    pub params: Vec<Param>,
    /// The request body this method sends, if any.
    pub body: Option<RequestBody>,
    /// Documented responses in spec order.
    pub responses: Vec<Response>,
    /// Index into [`Api::server_sets`].
    pub servers: usize,
    /// Alternatives (OR) of scheme sets (AND), by index into [`Api::security_schemes`].
    pub security: Vec<Vec<usize>>,
    /// Whether the request may be repeated safely.
    pub idempotent: bool,
    /// The body field that says how long to wait before retrying (`x-retry-after-field`).
    pub retry_after_field: Option<String>,
    /// Where the operation is.
    pub origin: Location,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum PathSegment {
    /// Literal text, kept exactly (trailing slashes and suffixes included).
    Literal(String),
    /// A path parameter, by index into [`Operation::params`].
    Param(usize),
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ParamLocation {
    /// In the path.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
    /// In the `Cookie` header.
    Cookie,
}

/// How an array or object parameter is serialised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ParamStyle {
    /// A scalar, written as text.
    Scalar,
    /// `form`, explode: repeated keys.
    FormExploded,
    /// `form`, no explode: comma-separated.
    FormComma,
    /// `spaceDelimited`.
    SpaceDelimited,
    /// `pipeDelimited`.
    PipeDelimited,
    /// `simple` (headers and paths): comma-separated.
    Simple,
    /// `deepObject`: `name[key]=value`.
    DeepObject,
    /// Described by `content: application/json`: the value's JSON text.
    Json,
}

/// One parameter of an operation.
#[derive(Debug, Clone, Serialize)]
pub struct Param {
    /// The name on the wire.
    pub wire_name: String,
    /// The Rust argument or field name.
    pub rust_name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Its type.
    pub ty: Ty,
    /// Whether the caller must give it.
    pub required: bool,
    /// How it is serialised.
    pub style: ParamStyle,
    /// Description for rustdoc.
    pub doc: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// A realistic value: the spec's example, or one built from the schema.
    pub sample: serde_json::Value,
    /// Where the parameter is.
    pub origin: Location,
}

/// How a body is encoded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum MediaKind {
    /// JSON (`application/json` and `+json` types), with the exact content type.
    Json(String),
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`.
    Multipart,
    /// Text, with the exact content type.
    Text(String),
    /// Raw bytes, with the exact content type.
    Bytes(String),
}

impl MediaKind {
    /// The content type sent or expected.
    pub fn content_type(&self) -> &str {
        match self {
            MediaKind::Json(ct) | MediaKind::Text(ct) | MediaKind::Bytes(ct) => ct,
            MediaKind::Form => "application/x-www-form-urlencoded",
            MediaKind::Multipart => "multipart/form-data",
        }
    }
}

/// The request body of an operation.
#[derive(Debug, Clone, Serialize)]
pub struct RequestBody {
    /// How it is encoded.
    pub media: MediaKind,
    /// Its type.
    pub ty: Ty,
    /// Whether the caller must send it.
    pub required: bool,
    /// Description for rustdoc.
    pub doc: Option<String>,
    /// The spec's example bodies (`example`, then each of `examples`).
    pub examples: Vec<serde_json::Value>,
    /// A realistic body: the first example, or one built from the schema.
    pub sample: serde_json::Value,
    /// Form properties whose `encoding` is `deepObject` (`metadata[order_id]=...`).
    pub deep_objects: Vec<String>,
    /// Where the media type object is.
    pub origin: Location,
}

/// Which statuses a response covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum StatusKey {
    /// One status code.
    Code(u16),
    /// A range such as `4XX` (the digit).
    Range(u8),
    /// `default`.
    Default,
}

/// One documented response.
#[derive(Debug, Clone, Serialize)]
pub struct Response {
    /// Which statuses it covers.
    pub status: StatusKey,
    /// Whether it is a success (2xx, or `default` when no success is documented).
    pub success: bool,
    /// Whether the generator supplied it because the spec documents no success at all.
    pub implied: bool,
    /// The Rust variant name in the operation's response or error enum.
    pub variant: String,
    /// The description.
    pub doc: Option<String>,
    /// The body, if the response has one.
    pub body: Option<ResponseBody>,
    /// Where the response is.
    pub origin: Location,
}

/// The body of a response.
#[derive(Debug, Clone, Serialize)]
pub struct ResponseBody {
    /// How it is encoded.
    pub media: MediaKind,
    /// Its type (the inner type when `envelope` is set).
    pub ty: Ty,
    /// The member that wraps the real body (`x-envelope`).
    pub envelope: Option<String>,
    /// The spec's example bodies, whole (envelope included).
    pub examples: Vec<serde_json::Value>,
}

/// An environment: a name shared by servers in different lists.
#[derive(Debug, Clone, Serialize)]
pub struct Environment {
    /// The name used to match servers (`x-environment`, or derived).
    pub name: String,
    /// The Rust variant name.
    pub rust_name: String,
    /// Description for rustdoc.
    pub doc: Option<String>,
}

/// A list of servers that applies to some operations.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServerSet {
    /// The servers in spec order.
    pub servers: Vec<Server>,
}

/// One server.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Server {
    /// The environment it belongs to.
    pub environment: String,
    /// The URL template.
    pub url: String,
    /// Description.
    pub description: Option<String>,
    /// Variables in the URL template.
    pub variables: Vec<ServerVariable>,
}

/// A variable in a server URL template.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServerVariable {
    /// The variable's name.
    pub name: String,
    /// Its default value.
    pub default: String,
    /// The allowed values; empty when any value is allowed.
    pub allowed: Vec<String>,
    /// Description.
    pub description: Option<String>,
}

/// One security scheme.
#[derive(Debug, Clone, Serialize)]
pub struct SecurityScheme {
    /// The scheme's key in `components/securitySchemes`.
    pub name: String,
    /// The Rust method that sets it on `Credentials` (`with_…`).
    pub rust_name: String,
    /// How the credential is sent.
    pub kind: SchemeKind,
    /// Description for rustdoc.
    pub doc: Option<String>,
    /// Where the scheme is.
    pub origin: Location,
}

/// How a credential is sent.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum SchemeKind {
    /// An API key in a header.
    Header {
        /// The header name.
        header: String,
    },
    /// An API key in the query string.
    Query {
        /// The parameter name.
        param: String,
    },
    /// An API key in a cookie.
    Cookie {
        /// The cookie name.
        cookie: String,
    },
    /// `Authorization: Bearer` (http bearer, OAuth 2 and OpenID Connect access tokens).
    Bearer,
    /// `Authorization: Basic`.
    Basic,
}
