//! Readable places for a pull-request comment: a JSON pointer into a spec becomes the path a
//! reader thinks in (`POST /v1/Services/{Sid}` → `requestBody` → `FriendlyName`), while the
//! pointer itself stays the link target.

use crate::diagnostics::{unescape_token, Location};

/// The HTTP methods a path item holds.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Structural keys that say nothing to a reader: the token after them is what matters.
const SKIPPED: &[&str] = &[
    "properties",
    "schema",
    "content",
    "paths",
    "components",
    "schemas",
];

/// The readable path of a location's pointer (`the document` for an empty one).
pub fn readable(location: &Location) -> String {
    let tokens: Vec<String> = location
        .pointer
        .split('/')
        .skip(1)
        .map(unescape_token)
        .collect();
    let mut parts: Vec<String> = Vec::new();
    let mut rest = tokens.as_slice();
    match rest {
        [paths, path, method, tail @ ..]
            if paths == "paths" && METHODS.contains(&method.as_str()) =>
        {
            parts.push(format!("{} {path}", method.to_ascii_uppercase()));
            rest = tail;
        }
        [paths, path, tail @ ..] if paths == "paths" => {
            parts.push(path.clone());
            rest = tail;
        }
        [components, schemas, name, tail @ ..]
            if components == "components" && schemas == "schemas" =>
        {
            parts.push(name.clone());
            rest = tail;
        }
        _ => {}
    }
    let mut iter = rest.iter().peekable();
    while let Some(token) = iter.next() {
        match token.as_str() {
            "parameters" | "allOf" | "oneOf" | "anyOf" | "enum" => match iter.peek() {
                Some(index) if index.bytes().all(|b| b.is_ascii_digit()) => {
                    parts.push(format!("{token}[{index}]"));
                    iter.next();
                }
                _ => parts.push(token.clone()),
            },
            "responses" => match iter.next() {
                Some(status) => parts.push(format!("response {status}")),
                None => parts.push(token.clone()),
            },
            skipped if SKIPPED.contains(&skipped) => {}
            other => parts.push(other.to_string()),
        }
    }
    if parts.is_empty() {
        return "the document".into();
    }
    parts
        .iter()
        .map(|part| format!("`{}`", part.replace('`', "'")))
        .collect::<Vec<_>>()
        .join(" → ")
}

/// A markdown link whose text is the readable path and whose target is `file#pointer`.
pub fn link(location: &Location) -> String {
    format!(
        "[{}](<{}#{}>)",
        readable(location),
        location.file,
        location.pointer.replace('>', "%3E")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(pointer: &str) -> String {
        readable(&Location::new("specs/x.yaml", pointer))
    }

    #[test]
    fn pointers_read_as_the_paths_a_reader_thinks_in() {
        assert_eq!(
            path("/paths/~1v1~1Services~1{Sid}/post/requestBody/content/application~1x-www-form-urlencoded/schema/properties/FriendlyName"),
            "`POST /v1/Services/{Sid}` → `requestBody` → `application/x-www-form-urlencoded` → `FriendlyName`"
        );
        assert_eq!(
            path("/components/schemas/Visit/properties/start"),
            "`Visit` → `start`"
        );
        assert_eq!(
            path("/paths/~1pets/get/parameters/1"),
            "`GET /pets` → `parameters[1]`"
        );
        assert_eq!(
            path("/paths/~1pets/get/responses/200/content/application~1json/schema"),
            "`GET /pets` → `response 200` → `application/json`"
        );
        assert_eq!(path(""), "the document");
    }

    #[test]
    fn the_link_keeps_the_pointer_as_its_target() {
        let location = Location::new("specs/x.yaml", "/components/schemas/Visit");
        assert_eq!(
            link(&location),
            "[`Visit`](<specs/x.yaml#/components/schemas/Visit>)"
        );
    }
}
