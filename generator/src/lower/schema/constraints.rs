//! The validation keywords of a property (lengths, patterns, ranges, item counts), as sentences
//! for its field's rustdoc: the spec's constraints are what a caller must respect, so the docs
//! say them. Read from the parsed schema, whatever `type` it declares.

use crate::model::Rules;
use openapiv3::{Schema, SchemaKind, Type};

/// The sentences that state `rules`, in a fixed order.
pub(crate) fn describe(k: &Rules) -> Vec<String> {
    let mut out = Vec::new();
    match (k.min_length, k.max_length) {
        (Some(min), Some(max)) if min == max => out.push(format!("Exactly {max} characters.")),
        (Some(min), Some(max)) => out.push(format!("{min} to {max} characters.")),
        (Some(min), None) => out.push(format!("At least {min} characters.")),
        (None, Some(max)) => out.push(format!("At most {max} characters.")),
        (None, None) => {}
    }
    if let Some(pattern) = &k.pattern {
        let unchecked = if k.pattern_checked {
            ""
        } else {
            " (not checked by this client: its regular-expression engine cannot read it)"
        };
        out.push(format!(
            "Matches the pattern `{}`{unchecked}.",
            pattern.replace('`', "\\`")
        ));
    }
    match (k.minimum, k.maximum) {
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
    if let Some(step) = k.multiple_of {
        out.push(format!("A multiple of {step}."));
    }
    match (k.min_items, k.max_items) {
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

/// The constraining keywords of any schema shape. A pattern is marked checked when the
/// runtime's engine (regex-lite) reads it, the same crate that checks it at run time.
pub(crate) fn rules(schema: &Schema) -> Rules {
    let count = |n: Option<usize>| n.and_then(|n| u64::try_from(n).ok());
    let positive = |n: Option<usize>| count(n).filter(|n| *n > 0);
    let as_f64 = |n: Option<i64>| n.map(|n| n as f64);
    let mut rules = match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => Rules {
            min_length: positive(s.min_length),
            max_length: count(s.max_length),
            pattern: s.pattern.clone(),
            ..Rules::default()
        },
        SchemaKind::Type(Type::Integer(i)) => Rules {
            minimum: as_f64(i.minimum),
            maximum: as_f64(i.maximum),
            exclusive_minimum: i.exclusive_minimum,
            exclusive_maximum: i.exclusive_maximum,
            multiple_of: as_f64(i.multiple_of).filter(|step| *step > 0.0),
            ..Rules::default()
        },
        SchemaKind::Type(Type::Number(n)) => Rules {
            minimum: n.minimum,
            maximum: n.maximum,
            exclusive_minimum: n.exclusive_minimum,
            exclusive_maximum: n.exclusive_maximum,
            multiple_of: n.multiple_of.filter(|step| *step > 0.0),
            ..Rules::default()
        },
        SchemaKind::Type(Type::Array(a)) => Rules {
            min_items: positive(a.min_items),
            max_items: count(a.max_items),
            unique_items: a.unique_items,
            ..Rules::default()
        },
        SchemaKind::Any(any) => Rules {
            min_length: positive(any.min_length),
            max_length: count(any.max_length),
            pattern: any.pattern.clone(),
            minimum: any.minimum,
            maximum: any.maximum,
            exclusive_minimum: any.exclusive_minimum == Some(true),
            exclusive_maximum: any.exclusive_maximum == Some(true),
            multiple_of: any.multiple_of.filter(|step| *step > 0.0),
            min_items: positive(any.min_items),
            max_items: count(any.max_items),
            unique_items: any.unique_items == Some(true),
            pattern_checked: false,
        },
        _ => Rules::default(),
    };
    rules.pattern_checked = rules
        .pattern
        .as_deref()
        .is_some_and(|pattern| regex_lite::Regex::new(pattern).is_ok());
    rules
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(yaml: &str) -> Vec<String> {
        describe(&rules(
            &serde_yaml::from_str::<Schema>(yaml).expect("a schema"),
        ))
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
        assert_eq!(
            of("{type: string, pattern: '^(?=a)b$'}"),
            ["Matches the pattern `^(?=a)b$` (not checked by this client: its regular-expression engine cannot read it)."]
        );
    }
}
