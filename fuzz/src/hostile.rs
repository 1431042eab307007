//! The vocabulary that structure-aware mutation draws from: names that are hard to turn into
//! Rust identifiers or doc comments, numbers at and past the edges of their types, OpenAPI
//! keywords and extensions, and `$ref` targets that lead nowhere or somewhere odd.

/// Names and strings that break naive identifier, path or comment handling.
#[rustfmt::skip]
pub const NAMES: &[&str] = &[
    "", " ", "_", "__", "-", "--", "type", "Type", "TYPE", "Self", "self", "crate", "super",
    "r#type", "fn", "async", "await", "dyn", "try", "union", "gen", "default", "box", "1", "1abc",
    "+1", "-1", "a-b", "a.b", "a/b", "a~b", "~0", "~1", "{id}", "{", "}", "a b", "é", "名前", "😀",
    "\u{202e}rtl", "\u{0}", "\t", "\"", "'", "\\", "\n", "\r\n", "*/", "/*", "//", "///", "#[",
    "#![deny(warnings)]", "```", "<br>", "[link]", "Ok", "Err", "Result", "Option", "Box",
    "String", "Vec", "Client", "Error", "Environment", "rt", "serde", "std", "core", "Value",
    "Params", "Response", "Unknown", "None", "Some", "%", "%aé", "100%", "%2F", "#", "#/", "$ref",
    "x-crate", "aB", "AB", "a_b", "A_B", "a__b", "ab", "get", "new", "build", "request", "send",
    "into_inner", "main", "tests", "mod", "impl", "where", "static", "0", "00", "0x1F", "NaN",
    "true", "null", "application/json", "text/plain; charset=utf-8", "multipart/form-data",
    "application/x-www-form-urlencoded", "*/*", "default", "2XX", "999", "200", "-200", "1e3",
];

/// Numbers as JSON text: the edges of `i64`, `u64` and `f64`, and beyond them.
#[rustfmt::skip]
pub const NUMBERS: &[&str] = &[
    "0", "-0", "-0.0", "1", "-1", "0.1", "1E+2", "1e308", "-1e308", "1e400", "-1e400", "1e-400",
    "4.9e-324", "9007199254740993", "2147483648", "-2147483649", "4294967296",
    "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
    "18446744073709551615", "18446744073709551616", "123456789012345678901234567890",
    "1.0000000000000000000001", "1.5", "-1.5",
];

/// Keywords of schemas, parameters, operations and documents, and the extensions clientgen reads.
#[rustfmt::skip]
pub const KEYWORDS: &[&str] = &[
    "type", "format", "nullable", "enum", "const", "default", "example", "examples", "items",
    "properties", "additionalProperties", "required", "allOf", "oneOf", "anyOf", "not",
    "discriminator", "mapping", "propertyName", "readOnly", "writeOnly", "minimum", "maximum",
    "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength", "maxLength", "pattern",
    "minItems", "maxItems", "uniqueItems", "prefixItems", "$ref", "$defs", "parameters",
    "requestBody", "responses", "content", "schema", "style", "explode", "in", "name", "servers",
    "url", "variables", "enum", "security", "securitySchemes", "scheme", "flows", "webhooks",
    "callbacks", "links", "encoding", "headers", "operationId", "openapi", "components", "schemas",
    "paths", "get", "post", "put", "delete", "patch", "head", "description", "summary",
    "deprecated", "tags", "x-crate", "x-environment", "x-operation-per-file",
    "x-string-or-integer", "x-timestamp", "x-envelope", "x-idempotent", "x-retry-after-field",
    "x-service", "x-service-name", "application/json", "multipart/form-data",
    "application/x-www-form-urlencoded", "text/plain", "200", "default",
];

/// Values of `type` and `format`.
#[rustfmt::skip]
pub const TYPES: &[&str] = &[
    "string", "integer", "number", "boolean", "array", "object", "null", "file", "int32", "int64",
    "float", "double", "date", "date-time", "uuid", "binary", "byte", "unix-time", "email", "uri",
    "password", "query", "header", "path", "cookie", "form", "simple", "deepObject",
    "spaceDelimited", "pipeDelimited", "matrix", "label", "apiKey", "http", "oauth2", "basic",
    "bearer",
];

/// `$ref` targets that are odd but stay inside the scratch folder.
#[rustfmt::skip]
pub const REFS: &[&str] = &[
    "#", "#/", "#/components", "#/components/schemas", "#/components/schemas/",
    "#/components/schemas/Missing", "#/paths", "#/paths/~1pets", "#/paths/~1pets/get", "#/info",
    "#/components/schemas/%", "#/components/schemas/%aé", "#/components/schemas/a%2Fb",
    "#components/schemas/Pet", "components/schemas/Pet", "", "other.yaml", "other.yaml#",
    "other.yaml#/", "other.yaml#/components/schemas/Pet", "./other.yaml#/a", "spec.yaml",
    "spec.yaml#/components", "./spec.yaml#/paths", "missing.yaml#/a", "other.yaml#/~2",
    "#/components/schemas/~", "#/components/schemas/~01",
];
