//! The validation keywords of a property (lengths, patterns, ranges, item counts), as sentences
//! for its field's rustdoc: the spec's constraints are what a caller must respect, so the docs
//! say them.

use serde_json::{Map, Value};

/// The sentences that state the constraints of `schema`, in a fixed order.
pub(super) fn describe(schema: &Map<String, Value>) -> Vec<String> {
    let number = |key: &str| {
        schema
            .get(key)
            .filter(|v| v.is_number())
            .map(Value::to_string)
    };
    let mut out = Vec::new();
    match (number("minLength"), number("maxLength")) {
        (Some(min), Some(max)) if min == max => out.push(format!("Exactly {max} characters.")),
        (Some(min), Some(max)) => out.push(format!("{min} to {max} characters.")),
        (Some(min), None) if min != "0" => out.push(format!("At least {min} characters.")),
        (None, Some(max)) => out.push(format!("At most {max} characters.")),
        _ => {}
    }
    if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
        out.push(format!(
            "Matches the pattern `{}`.",
            pattern.replace('`', "\\`")
        ));
    }
    let bound = |key: &str, exclusive_key: &str| {
        let exclusive_flag = schema.get(exclusive_key).and_then(Value::as_bool) == Some(true);
        // OpenAPI 3.0 marks a bound exclusive with a boolean; 3.1 (translated on load) or
        // JSON Schema may give the exclusive bound as a number instead.
        match (number(key), number(exclusive_key)) {
            (_, Some(exclusive)) => Some((exclusive, true)),
            (Some(inclusive), None) => Some((inclusive, exclusive_flag)),
            (None, None) => None,
        }
    };
    match (
        bound("minimum", "exclusiveMinimum"),
        bound("maximum", "exclusiveMaximum"),
    ) {
        (Some((min, false)), Some((max, false))) => out.push(format!("From {min} to {max}.")),
        (min, max) => {
            if let Some((min, exclusive)) = min {
                let word = if exclusive { "More than" } else { "At least" };
                out.push(format!("{word} {min}."));
            }
            if let Some((max, exclusive)) = max {
                let word = if exclusive { "Less than" } else { "At most" };
                out.push(format!("{word} {max}."));
            }
        }
    }
    if let Some(step) = number("multipleOf") {
        out.push(format!("A multiple of {step}."));
    }
    match (number("minItems"), number("maxItems")) {
        (Some(min), Some(max)) => out.push(format!("{min} to {max} items.")),
        (Some(min), None) if min != "0" => out.push(format!("At least {min} items.")),
        (None, Some(max)) => out.push(format!("At most {max} items.")),
        _ => {}
    }
    if schema.get("uniqueItems").and_then(Value::as_bool) == Some(true) {
        out.push("Items are unique.".to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn of(value: Value) -> Vec<String> {
        describe(value.as_object().expect("an object"))
    }

    #[test]
    fn constraints_read_as_sentences() {
        assert_eq!(of(json!({"maxLength": 255})), ["At most 255 characters."]);
        assert_eq!(
            of(json!({"minLength": 1, "maxLength": 20, "pattern": "^[0-9]+$"})),
            ["1 to 20 characters.", "Matches the pattern `^[0-9]+$`."]
        );
        assert_eq!(
            of(json!({"minimum": 1, "maximum": 100})),
            ["From 1 to 100."]
        );
        assert_eq!(
            of(json!({"minimum": 0, "exclusiveMinimum": true, "maximum": 5})),
            ["More than 0.", "At most 5."]
        );
        assert_eq!(of(json!({"exclusiveMaximum": 10})), ["Less than 10."]);
        assert_eq!(
            of(json!({"maxItems": 3, "uniqueItems": true})),
            ["At most 3 items.", "Items are unique."]
        );
        assert!(of(json!({"minLength": 0, "type": "string"})).is_empty());
    }
}
