//! Typed reading of open field maps: a vendor that echoes configurable fields back as one JSON
//! object (VectorCare's `enabled_request_fields`) keeps them raw in the response, and a caller
//! who knows which fields a service has reads them as that service's typed view.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::fmt;

/// Reads a map of configured fields as a typed value. Every type that can be deserialised has
/// it; bring the trait into scope and call `View::from_fields(&detail.enabled_request_fields)`.
pub trait FromFields: Sized {
    /// Decodes the fields, or names the first field whose value does not fit.
    fn from_fields(fields: &Map<String, Value>) -> Result<Self, FieldsError>;
}

impl<T: DeserializeOwned> FromFields for T {
    fn from_fields(fields: &Map<String, Value>) -> Result<Self, FieldsError> {
        serde_path_to_error::deserialize(fields).map_err(|error| FieldsError {
            field: error.path().to_string(),
            expected: expectation(&error.inner().to_string()),
        })
    }
}

/// A field whose value does not have the type the view declares. It names the field and what
/// was expected, never the value (it may be patient data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldsError {
    field: String,
    expected: Option<String>,
}

impl FieldsError {
    /// The path of the field that did not fit (`oxygen_required`, `pickup.city`).
    pub fn field(&self) -> &str {
        &self.field
    }

    /// What the view expected there, when the decoder said (`a boolean`, `field `test``).
    pub fn expected(&self) -> Option<&str> {
        self.expected.as_deref()
    }
}

impl fmt::Display for FieldsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "field `{}` does not fit the declared type", self.field)?;
        if let Some(expected) = &self.expected {
            write!(f, ": expected {expected}")?;
        }
        Ok(())
    }
}

impl std::error::Error for FieldsError {}

/// What a decoding error says was expected, without the part that quotes the value: serde's
/// messages read "invalid type: string \"...\", expected a boolean" or "missing field `x`".
fn expectation(message: &str) -> Option<String> {
    if let Some((_, expected)) = message.rsplit_once(", expected ") {
        return Some(expected.to_string());
    }
    message
        .strip_prefix("missing field ")
        .map(|field| format!("field {field}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    struct View {
        oxygen_required: Option<bool>,
        weight: Option<f64>,
        note: Option<String>,
    }

    fn map(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }

    #[test]
    fn fields_that_fit_decode() {
        let fields = map(
            serde_json::json!({"oxygen_required": true, "weight": 71.5, "note": null, "extra": {"a": 1}}),
        );
        assert_eq!(
            View::from_fields(&fields),
            Ok(View {
                oxygen_required: Some(true),
                weight: Some(71.5),
                note: None
            })
        );
    }

    #[test]
    fn a_field_that_does_not_fit_is_named_without_its_value() {
        let fields = map(serde_json::json!({"oxygen_required": "Jane Doe"}));
        let error = View::from_fields(&fields).unwrap_err();
        assert_eq!(error.field(), "oxygen_required");
        assert_eq!(error.expected(), Some("a boolean"));
        let text = error.to_string();
        assert!(!text.contains("Jane"), "{text}");
        assert_eq!(
            text,
            "field `oxygen_required` does not fit the declared type: expected a boolean"
        );
    }
}
