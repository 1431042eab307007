//! What a position in an OpenAPI document holds, so that `$ref` keys inside example values
//! are never mistaken for references and schemas can be told from other objects.

/// The kind of value found at a position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ctx {
    /// A Schema Object.
    Schema,
    /// A map whose values are Schema Objects (`properties`, `components/schemas`).
    SchemaMap,
    /// A list of Schema Objects (`allOf`, `oneOf`, `anyOf`).
    SchemaList,
    /// Any other OpenAPI object (operation, parameter, response, ...).
    Other,
    /// A map from names of any spelling to OpenAPI objects (headers, media types, server
    /// variables, component names): a key such as `X-Next` is a name, never an extension.
    Map,
    /// User data that must not be interpreted (examples, defaults, enums, extensions).
    Opaque,
}

/// The context of the value under `key` (or an array index) in a value of context `parent`.
pub fn child(parent: Ctx, key: &str) -> Ctx {
    match parent {
        Ctx::Opaque => Ctx::Opaque,
        Ctx::SchemaMap | Ctx::SchemaList => Ctx::Schema,
        Ctx::Map => Ctx::Other,
        Ctx::Schema => match key {
            "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas" => {
                Ctx::SchemaMap
            }
            "items"
            | "additionalProperties"
            | "not"
            | "contains"
            | "if"
            | "then"
            | "else"
            | "propertyNames"
            | "unevaluatedProperties"
            | "unevaluatedItems"
            | "additionalItems" => Ctx::Schema,
            "allOf" | "oneOf" | "anyOf" | "prefixItems" => Ctx::SchemaList,
            "discriminator" | "xml" | "externalDocs" => Ctx::Other,
            _ => Ctx::Opaque,
        },
        Ctx::Other => match key {
            "schema" => Ctx::Schema,
            "schemas" => Ctx::SchemaMap,
            // Outside schemas, `default` names the default response (or a server variable's
            // default, a string), never a default value: it is walked like any object.
            "example" | "value" | "enum" => Ctx::Opaque,
            // Maps keyed by names (a header called `X-Next` is not an extension; found by
            // fuzzing: its schema went unchecked and was parsed in exponential time).
            "headers" | "content" | "encoding" | "links" | "callbacks" | "variables"
            | "securitySchemes" | "requestBodies" | "examples" | "pathItems" => Ctx::Map,
            k if k.starts_with("x-") => Ctx::Opaque,
            _ => Ctx::Other,
        },
    }
}
