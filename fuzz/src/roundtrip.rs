//! The inputs of `param_roundtrip` and how they become a request: the arbitrary parameters,
//! the client pointed at the echo server, and the pairs and parts each parameter must produce.

use crate::echo;
use crate::expect::{self, ExpectedPart, Pair};
use crate::json::{Json, JsonObject};
use crate::names::Name;
use arbitrary::Arbitrary;
use clientgen_runtime::multipart::Form;
use clientgen_runtime::{
    ArrayStyle, Binary, ClientBuilder, CredentialSet, Environment, FromRuntime, Method,
    ObjectStyle, Operation, RequestBuilder, RetryPolicy, Runtime,
};
use std::sync::OnceLock;

/// Everything one request carries.
#[derive(Arbitrary, Debug)]
pub struct Input {
    /// Path parameters, each after a `/` (the first four are used).
    pub path: Vec<String>,
    /// Query parameters, in order.
    pub query: Vec<Query>,
    /// Headers: an index into [`HEADERS`](crate::names::HEADERS) and a value.
    pub headers: Vec<(u8, String)>,
    /// The body.
    pub body: Body,
}

/// One query parameter, by the request builder method that adds it.
#[derive(Arbitrary, Debug)]
pub enum Query {
    Scalar(Name, String),
    Array(Name, Style, Vec<String>),
    Object(Name, ObjStyle, JsonObject),
    Value(Name, Style, Json),
    Json(Name, Json),
}

/// The array styles of [`ArrayStyle`].
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Style {
    FormExploded,
    FormComma,
    SpaceDelimited,
    PipeDelimited,
    Simple,
}

/// The object styles of [`ObjectStyle`].
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum ObjStyle {
    FormExploded,
    FormComma,
    DeepObject,
}

/// The body: none, a form (with a flag per member: written as a `deepObject`), or multipart.
#[derive(Arbitrary, Debug)]
pub enum Body {
    None,
    Form(JsonObject, Vec<bool>),
    Multipart(Vec<PartInput>),
}

/// One multipart part, by the `Form` method that adds it (a file has data, a file name and a
/// media type).
#[derive(Arbitrary, Debug)]
pub enum PartInput {
    Text(String, String),
    File(String, Vec<u8>, Option<String>, Option<String>),
    Json(String, Json),
    Value(String, Json),
}

impl Style {
    /// The runtime's style.
    fn runtime(self) -> ArrayStyle {
        match self {
            Style::FormExploded => ArrayStyle::FormExploded,
            Style::FormComma => ArrayStyle::FormComma,
            Style::SpaceDelimited => ArrayStyle::SpaceDelimited,
            Style::PipeDelimited => ArrayStyle::PipeDelimited,
            Style::Simple => ArrayStyle::Simple,
        }
    }

    /// The separator that joins items, `None` when each item is its own pair.
    fn separator(self) -> Option<&'static str> {
        match self {
            Style::FormExploded => None,
            Style::FormComma | Style::Simple => Some(","),
            Style::SpaceDelimited => Some("%20"),
            Style::PipeDelimited => Some("|"),
        }
    }
}

/// A client as generated code declares one.
pub struct Client(pub Runtime);

impl FromRuntime for Client {
    fn from_runtime(runtime: Runtime) -> Self {
        Client(runtime)
    }
}

/// The only environment.
#[derive(Clone, Copy, Debug)]
pub struct Env;

impl Environment for Env {
    fn name(self) -> &'static str {
        "default"
    }
}

/// The operation every request is for: `POST /p/...` without credentials or retries.
pub static OPERATION: Operation = Operation {
    id: "fuzz",
    method: Method::POST,
    path_template: "/p/{a}",
    servers: &[],
    security: &[],
    idempotent: false,
    retry_after_field: None,
};

/// The async runtime and the client pointed at the echo server, made once per process.
pub fn setup() -> &'static (tokio::runtime::Runtime, Client) {
    static SETUP: OnceLock<(tokio::runtime::Runtime, Client)> = OnceLock::new();
    SETUP.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime");
        let client = ClientBuilder::<Client, Env>::new(Env, &[], CredentialSet::new())
            .base_url(echo::base_url())
            .retry_policy(RetryPolicy::none())
            .build()
            .expect("the echo server's URL is accepted");
        (runtime, client)
    })
}

/// Adds one query parameter to the request and its expected pairs to `pairs`.
pub fn add_query<'a>(
    request: RequestBuilder<'a>,
    query: &Query,
    pairs: &mut Vec<Pair>,
) -> RequestBuilder<'a> {
    match query {
        Query::Scalar(name, value) => {
            pairs.extend(expect::array(name.0, None, vec![value.clone()]));
            request.query(name.0, value.as_str())
        }
        Query::Array(name, style, items) => {
            pairs.extend(expect::array(name.0, style.separator(), items.clone()));
            request.query_array(name.0, items, style.runtime())
        }
        Query::Object(name, style, JsonObject(members)) => {
            let (pairs_of, runtime_style) = match style {
                ObjStyle::FormExploded => {
                    (expect::form_members(members), ObjectStyle::FormExploded)
                }
                ObjStyle::FormComma => {
                    (expect::form_comma(name.0, members), ObjectStyle::FormComma)
                }
                ObjStyle::DeepObject => {
                    let mut out = Vec::new();
                    let object = serde_json::Value::Object(members.clone());
                    expect::deep(name.0, &mut Vec::new(), &object, &mut out);
                    (out, ObjectStyle::DeepObject)
                }
            };
            pairs.extend(pairs_of);
            request.query_object(name.0, members, runtime_style)
        }
        Query::Value(name, style, Json(value)) => {
            pairs.extend(match value {
                serde_json::Value::Null => Vec::new(),
                serde_json::Value::Array(items) => expect::array(
                    name.0,
                    style.separator(),
                    items.iter().map(expect::item_text).collect(),
                ),
                serde_json::Value::Object(members) => expect::form_members(members),
                scalar => expect::array(name.0, None, vec![expect::item_text(scalar)]),
            });
            request.query_value(name.0, value, style.runtime())
        }
        Query::Json(name, Json(value)) => {
            pairs.extend(expect::array(name.0, None, vec![value.to_string()]));
            request.query_json(name.0, value)
        }
    }
}

/// Builds the form from the parts: the form, the parts that must arrive, and whether a part's
/// media type holds a control character (so the runtime must refuse the request).
pub fn multipart(parts: &[PartInput]) -> (Form, Vec<ExpectedPart>, bool) {
    let mut form = Form::new();
    let mut expected = Vec::new();
    let mut refused = false;
    for part in parts {
        match part {
            PartInput::Text(name, text) => {
                form.text(name, text.as_str());
                expect::value_parts(
                    name,
                    &serde_json::Value::String(text.clone()),
                    &mut expected,
                );
            }
            PartInput::File(name, data, filename, content_type) => {
                let mut file = Binary::new(data.clone());
                if let Some(filename) = filename {
                    file = file.filename(filename.clone());
                }
                if let Some(content_type) = content_type {
                    file = file.content_type(content_type.clone());
                }
                form.file(name, &file);
                let content_type = content_type
                    .clone()
                    .unwrap_or_else(|| "application/octet-stream".into());
                refused |= content_type.chars().any(char::is_control);
                expected.push(ExpectedPart {
                    name: name.clone(),
                    filename: filename.clone(),
                    content_type: Some(content_type),
                    data: data.clone(),
                });
            }
            PartInput::Json(name, Json(value)) => {
                form.json(name, value).expect("a JSON value serializes");
                expected.push(ExpectedPart {
                    name: name.clone(),
                    filename: None,
                    content_type: Some("application/json".into()),
                    data: value.to_string().into_bytes(),
                });
            }
            PartInput::Value(name, Json(value)) => {
                form.value(name, value);
                expect::value_parts(name, value, &mut expected);
            }
        }
    }
    (form, expected, refused)
}
