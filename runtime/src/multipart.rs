//! `multipart/form-data` bodies, encoded in memory so that a retry can send the same bytes.

use std::fmt;

use bytes::{BufMut, Bytes, BytesMut};
use serde::Serialize;
use serde_json::Value;

use crate::error::RequestError;
use crate::param::ToParam;
use crate::types::Binary;

/// Implemented by generated request bodies that are sent as `multipart/form-data`.
pub trait ToMultipart {
    /// Builds the parts of the body.
    fn to_multipart(&self) -> Result<Form, RequestError>;
}

/// The parts of a `multipart/form-data` body, in order.
#[derive(Clone, Default)]
pub struct Form {
    parts: Vec<Part>,
    /// The first problem met while adding parts, reported when the body is encoded.
    error: Option<RequestError>,
}

/// One part of a form.
#[derive(Clone)]
struct Part {
    name: String,
    filename: Option<String>,
    content_type: Option<String>,
    data: Bytes,
}

impl Form {
    /// Returns an empty form.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a text part.
    pub fn text<T: ToParam + ?Sized>(&mut self, name: &str, value: &T) {
        self.push(name, None, None, Bytes::from(value.to_param()));
    }

    /// Adds a file part; the file name and media type come from `file`, the media type
    /// defaulting to `application/octet-stream`.
    pub fn file(&mut self, name: &str, file: &Binary) {
        let content_type = file
            .content_type
            .clone()
            .unwrap_or_else(|| "application/octet-stream".to_owned());
        if content_type.chars().any(char::is_control) {
            self.error.get_or_insert(RequestError::Serialize {
                what: "multipart body",
                message: format!("the media type of part `{name}` contains a control character"),
            });
            return;
        }
        self.push(
            name,
            file.filename.clone(),
            Some(content_type),
            file.data.clone(),
        );
    }

    /// Adds a part holding `value` as JSON, with media type `application/json`.
    pub fn json<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), RequestError> {
        let data = serde_json::to_vec(value).map_err(|error| RequestError::Serialize {
            what: "multipart JSON part",
            message: error.to_string(),
        })?;
        self.push(
            name,
            None,
            Some("application/json".to_owned()),
            Bytes::from(data),
        );
        Ok(())
    }

    /// Adds a free-form value: `null` adds nothing, a string is a text part, an array adds one
    /// part per element, an object is a JSON part, and numbers and booleans are text parts.
    pub fn value(&mut self, name: &str, value: &Value) {
        match value {
            Value::Null => {}
            Value::String(text) => self.text(name, text.as_str()),
            Value::Bool(_) | Value::Number(_) => self.text(name, value),
            Value::Array(items) => {
                for item in items {
                    self.value(name, item);
                }
            }
            Value::Object(_) => {
                self.push(
                    name,
                    None,
                    Some("application/json".to_owned()),
                    Bytes::from(value.to_string()),
                );
            }
        }
    }

    /// Returns whether the form has no parts.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// Appends a part.
    fn push(
        &mut self,
        name: &str,
        filename: Option<String>,
        content_type: Option<String>,
        data: Bytes,
    ) {
        self.parts.push(Part {
            name: name.to_owned(),
            filename,
            content_type,
            data,
        });
    }

    /// Encodes the form, returning the `Content-Type` (with its boundary) and the body.
    pub(crate) fn encode(&self) -> Result<(String, Bytes), RequestError> {
        if let Some(error) = &self.error {
            return Err(error.clone());
        }
        let boundary = self.boundary();
        let mut body = BytesMut::new();
        for part in &self.parts {
            body.put_slice(b"--");
            body.put_slice(boundary.as_bytes());
            body.put_slice(b"\r\nContent-Disposition: form-data; name=\"");
            body.put_slice(escape(&part.name).as_bytes());
            body.put_slice(b"\"");
            if let Some(filename) = &part.filename {
                body.put_slice(b"; filename=\"");
                body.put_slice(escape(filename).as_bytes());
                body.put_slice(b"\"");
            }
            body.put_slice(b"\r\n");
            if let Some(content_type) = &part.content_type {
                body.put_slice(b"Content-Type: ");
                body.put_slice(content_type.as_bytes());
                body.put_slice(b"\r\n");
            }
            body.put_slice(b"\r\n");
            body.put_slice(&part.data);
            body.put_slice(b"\r\n");
        }
        body.put_slice(b"--");
        body.put_slice(boundary.as_bytes());
        body.put_slice(b"--\r\n");
        Ok((
            format!("multipart/form-data; boundary={boundary}"),
            body.freeze(),
        ))
    }

    /// Returns a random boundary that occurs in no part.
    fn boundary(&self) -> String {
        loop {
            let random: String = std::iter::repeat_with(fastrand::alphanumeric)
                .take(32)
                .collect();
            let boundary = format!("clientgen-{random}");
            let occurs = self
                .parts
                .iter()
                .any(|part| contains(&part.data, boundary.as_bytes()));
            if !occurs {
                return boundary;
            }
        }
    }
}

/// A free-form object body: each member becomes a part (see [`Form::value`]).
impl ToMultipart for serde_json::Map<String, Value> {
    fn to_multipart(&self) -> Result<Form, RequestError> {
        let mut form = Form::new();
        for (name, value) in self {
            form.value(name, value);
        }
        Ok(form)
    }
}

/// A map body: each entry becomes a part, its value serialised first.
impl<T: Serialize> ToMultipart for std::collections::BTreeMap<String, T> {
    fn to_multipart(&self) -> Result<Form, RequestError> {
        let mut form = Form::new();
        for (name, value) in self {
            let value = serde_json::to_value(value).map_err(|err| RequestError::Serialize {
                what: "multipart body",
                message: err.to_string(),
            })?;
            form.value(name, &value);
        }
        Ok(form)
    }
}

impl ToMultipart for Form {
    fn to_multipart(&self) -> Result<Form, RequestError> {
        Ok(self.clone())
    }
}

impl fmt::Debug for Form {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .parts
            .iter()
            .map(|part| format!("{}: <{} bytes>", part.name, part.data.len()))
            .collect();
        formatter
            .debug_struct("Form")
            .field("parts", &parts)
            .finish()
    }
}

/// Escapes a name or file name for a quoted `Content-Disposition` parameter, as browsers do:
/// `"` becomes `%22`, CR `%0D` and LF `%0A`.
fn escape(text: &str) -> String {
    text.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Returns whether `needle` occurs in `haystack`.
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn encodes_text_file_json_and_free_form_parts() {
        let mut form = Form::new();
        form.text("note", "hello");
        form.file(
            "scan",
            &Binary::new(&b"\x00\x01"[..])
                .filename("a\"b.pdf")
                .content_type("application/pdf"),
        );
        form.file("raw", &Binary::new(&b"x"[..]));
        form.json("meta", &json!({"a": 1})).expect("serializable");
        form.value("extra", &json!([1, "two", null, {"k": true}]));
        let (content_type, body) = form.encode().expect("valid form");
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .expect("prefix");
        let expected = format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"scan\"; filename=\"a%22b.pdf\"\r\nContent-Type: application/pdf\r\n\r\n\x00\x01\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"raw\"\r\nContent-Type: application/octet-stream\r\n\r\nx\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{{\"a\":1}}\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"extra\"\r\n\r\n1\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"extra\"\r\n\r\ntwo\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"extra\"\r\nContent-Type: application/json\r\n\r\n{{\"k\":true}}\r\n\
             --{b}--\r\n",
            b = boundary
        );
        assert_eq!(String::from_utf8_lossy(&body), expected);
    }

    #[test]
    fn a_control_character_in_a_media_type_is_an_error() {
        let mut form = Form::new();
        form.file(
            "f",
            &Binary::new(&b"x"[..]).content_type("text/plain\r\nX-Evil: 1"),
        );
        assert!(matches!(form.encode(), Err(RequestError::Serialize { .. })));
    }

    #[test]
    fn the_boundary_is_drawn_again_when_it_occurs_in_the_data() {
        // Seeding the thread's generator makes the first boundary predictable, so the data can
        // contain exactly that boundary.
        fastrand::seed(7);
        let first: String = std::iter::repeat_with(fastrand::alphanumeric)
            .take(32)
            .collect();
        let first = format!("clientgen-{first}");
        let mut form = Form::new();
        form.text("a", &format!("x{first}x"));
        fastrand::seed(7);
        let (content_type, body) = form.encode().expect("valid form");
        let boundary = content_type.rsplit('=').next().expect("boundary");
        assert_ne!(boundary, first);
        assert_eq!(boundary.len(), first.len());
        assert_eq!(String::from_utf8_lossy(&body).matches(boundary).count(), 2);
    }
}
