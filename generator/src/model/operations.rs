//! Operations: method, path, parameters, request bodies and the response table.

use super::{Rules, Ty, TypeId};
use crate::diagnostics::Location;
use serde::Serialize;

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
    /// The enum that holds these error responses when other operations document the same ones;
    /// `error_type` is then an alias of it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shared_error: Option<String>,
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
    /// The first of the operation's `tags`, which names its feature group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// Parameters: path ones in path order, then the others in spec order.
    pub params: Vec<Param>,
    /// The request body this method sends, if any.
    pub body: Option<RequestBody>,
    /// Documented responses in spec order.
    pub responses: Vec<Response>,
    /// Index into [`Api::server_sets`](super::Api::server_sets).
    pub servers: usize,
    /// Alternatives (OR) of scheme sets (AND), by index into [`Api::security_schemes`](super::Api::security_schemes).
    pub security: Vec<Vec<usize>>,
    /// Whether the request may be repeated safely.
    pub idempotent: bool,
    /// The body field that says how long to wait before retrying (`x-retry-after-field`).
    pub retry_after_field: Option<String>,
    /// Where the operation is.
    /// What the spec's authors assumed where the vendor's documentation was silent
    /// (`x-assumptions`), shown in the docs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub assumptions: Vec<String>,
    pub origin: Location,
}

impl Operation {
    /// The responses that become variants of the error enum: the failures, and a `default`
    /// response that is also the success (a caller may need it as either).
    pub fn error_responses(&self) -> impl Iterator<Item = &Response> {
        let default_success = self
            .responses
            .iter()
            .any(|r| r.success && r.status == StatusKey::Default);
        self.responses
            .iter()
            .filter(move |r| !r.success || (default_success && r.status == StatusKey::Default))
    }

    /// Whether statuses without a variant of their own arrive in a `default` variant.
    pub fn has_default_response(&self) -> bool {
        self.responses
            .iter()
            .any(|r| r.status == StatusKey::Default)
    }

    /// Appends the named types that a request of this operation mentions: its parameters and
    /// its body.
    pub fn request_types(&self, out: &mut Vec<TypeId>) {
        self.params.iter().for_each(|p| p.ty.named_types(out));
        if let Some(body) = &self.body {
            body.ty.named_types(out);
        }
    }
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
    /// The schema's validation keywords, which the client checks before sending.
    #[serde(skip_serializing_if = "Rules::is_empty")]
    pub rules: Rules,
    /// Where the spec states the rules, when there are any: the parameter's schema, or the
    /// schema it refers to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rules_origin: Option<Location>,
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

impl StatusKey {
    /// The key as the spec writes it under `responses`: `200`, `4XX` or `default`.
    pub fn spec_key(self) -> String {
        match self {
            StatusKey::Code(code) => code.to_string(),
            StatusKey::Range(class) => format!("{class}XX"),
            StatusKey::Default => "default".to_string(),
        }
    }
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
    /// What the spec's authors assumed where the vendor's documentation was silent
    /// (`x-assumptions`), shown in the docs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub assumptions: Vec<String>,
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
