//! The validation keywords of a property (lengths, patterns, ranges, item counts), as sentences
//! for its field's rustdoc: the spec's constraints are what a caller must respect, so the docs
//! say them. Read from the parsed schema, whatever `type` it declares.

use openapiv3::{Schema, SchemaKind, Type};

/// The keywords that constrain a value, gathered from any schema shape.
#[derive(Default)]
struct Keywords {
    min_length: Option<usize>,
    max_length: Option<usize>,
    pattern: Option<String>,
    minimum: Option<String>,
    maximum: Option<String>,
    exclusive_minimum: bool,
    exclusive_maximum: bool,
    multiple_of: Option<String>,
    min_items: Option<usize>,
    max_items: Option<usize>,
    unique_items: bool,
}

/// The sentences that state the constraints of `schema`, in a fixed order.
pub(super) fn describe(schema: &Schema) -> Vec<String> {
    let k = keywords(schema);
    let mut out = Vec::new();
    match (k.min_length.filter(|n| *n > 0), k.max_length) {
        (Some(min), Some(max)) if min == max => out.push(format!("Exactly {max} characters.")),
        (Some(min), Some(max)) => out.push(format!("{min} to {max} characters.")),
        (Some(min), None) => out.push(format!("At least {min} characters.")),
        (None, Some(max)) => out.push(format!("At most {max} characters.")),
        (None, None) => {}
    }
    if let Some(pattern) = &k.pattern {
        out.push(format!(
            "Matches the pattern `{}`.",
            pattern.replace('`', "\\`")
        ));
    }
    match (&k.minimum, &k.maximum) {
        (Some(min), Some(max)) if !k.exclusive_minimum && !k.exclusive_maximum => {
            out.push(format!("From {min} to {max}."));
        }
        (min, max) => {
            if let Some(min) = min {
                let word = if k.exclusive_minimum {
                    "More than"
                } else {
                    "At least"
                };
                out.push(format!("{word} {min}."));
            }
            if let Some(max) = max {
                let word = if k.exclusive_maximum {
                    "Less than"
                } else {
                    "At most"
                };
                out.push(format!("{word} {max}."));
            }
        }
    }
    if let Some(step) = &k.multiple_of {
        out.push(format!("A multiple of {step}."));
    }
    match (k.min_items.filter(|n| *n > 0), k.max_items) {
        (Some(min), Some(max)) => out.push(format!("{min} to {max} items.")),
        (Some(min), None) => out.push(format!("At least {min} items.")),
        (None, Some(max)) => out.push(format!("At most {max} items.")),
        (None, None) => {}
    }
    if k.unique_items {
        out.push("Items are unique.".to_string());
    }
    out
}

/// The constraining keywords of any schema shape.
fn keywords(schema: &Schema) -> Keywords {
    let number = |n: f64| n.to_string();
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => Keywords {
            min_length: s.min_length,
            max_length: s.max_length,
            pattern: s.pattern.clone(),
            ..Keywords::default()
        },
        SchemaKind::Type(Type::Integer(i)) => Keywords {
            minimum: i.minimum.map(|n| n.to_string()),
            maximum: i.maximum.map(|n| n.to_string()),
            exclusive_minimum: i.exclusive_minimum,
            exclusive_maximum: i.exclusive_maximum,
            multiple_of: i.multiple_of.map(|n| n.to_string()),
            ..Keywords::default()
        },
        SchemaKind::Type(Type::Number(n)) => Keywords {
            minimum: n.minimum.map(number),
            maximum: n.maximum.map(number),
            exclusive_minimum: n.exclusive_minimum,
            exclusive_maximum: n.exclusive_maximum,
            multiple_of: n.multiple_of.map(number),
            ..Keywords::default()
        },
        SchemaKind::Type(Type::Array(a)) => Keywords {
            min_items: a.min_items,
            max_items: a.max_items,
            unique_items: a.unique_items,
            ..Keywords::default()
        },
        SchemaKind::Any(any) => Keywords {
            min_length: any.min_length,
            max_length: any.max_length,
            pattern: any.pattern.clone(),
            minimum: any.minimum.map(number),
            maximum: any.maximum.map(number),
            exclusive_minimum: any.exclusive_minimum == Some(true),
            exclusive_maximum: any.exclusive_maximum == Some(true),
            multiple_of: any.multiple_of.map(number),
            min_items: any.min_items,
            max_items: any.max_items,
            unique_items: any.unique_items == Some(true),
        },
        _ => Keywords::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(yaml: &str) -> Vec<String> {
        describe(&serde_yaml::from_str::<Schema>(yaml).expect("a schema"))
    }

    #[test]
    fn constraints_read_as_sentences() {
        assert_eq!(
            of("{type: string, maxLength: 255}"),
            ["At most 255 characters."]
        );
        assert_eq!(
            of("{type: string, minLength: 1, maxLength: 20, pattern: '^[0-9]+$'}"),
            ["1 to 20 characters.", "Matches the pattern `^[0-9]+$`."]
        );
        assert_eq!(
            of("{type: integer, minimum: 1, maximum: 100}"),
            ["From 1 to 100."]
        );
        assert_eq!(
            of("{type: number, minimum: 0, exclusiveMinimum: true, maximum: 5}"),
            ["More than 0.", "At most 5."]
        );
        assert_eq!(
            of("{type: array, maxItems: 3, uniqueItems: true}"),
            ["At most 3 items.", "Items are unique."]
        );
        assert_eq!(of("{maxLength: 9}"), ["At most 9 characters."]);
        assert!(of("{type: string, minLength: 0}").is_empty());
    }
}
