//! Checks a request against its spec's constraints before anything is sent: string lengths and
//! patterns, numeric bounds and steps, item counts and uniqueness, and values of closed enums.
//!
//! A broken rule is reported by where it is (`body.patient.first_name`), which rule it is and
//! where the spec states it, never by the value, which may be patient data. Generated types
//! implement [`Validate`]; a field with keywords is checked with [`Rules`] through [`Check`].

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

/// One rule that a request breaks.
#[derive(Clone, PartialEq, Eq)]
pub struct Violation {
    /// Where in the request, such as `body.patient.first_name` or `query.limit`.
    pub path: String,
    /// The rule, such as `at most 20 characters`.
    pub rule: String,
    /// Where the spec states it, such as `specs/vsee.yaml#/components/schemas/Visit/properties/reason`.
    pub location: &'static str,
}

impl fmt::Display for Violation {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            formatter,
            "`{}` must be {} ({})",
            self.path, self.rule, self.location
        )
    }
}

impl fmt::Debug for Violation {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, formatter)
    }
}

/// A `pattern`, compiled the first time a value is checked against it, once per process.
pub struct Pattern {
    source: &'static str,
    compiled: OnceLock<Option<regex_lite::Regex>>,
}

impl Pattern {
    /// A pattern with the spec's text; the generator emits only patterns the engine reads.
    pub const fn new(source: &'static str) -> Self {
        Pattern {
            source,
            compiled: OnceLock::new(),
        }
    }

    /// Whether `text` matches (anywhere, as JSON Schema's `pattern` does). A pattern the engine
    /// cannot read matches everything: the check is left to the server.
    fn matches(&self, text: &str) -> bool {
        self.compiled
            .get_or_init(|| regex_lite::Regex::new(self.source).ok())
            .as_ref()
            .is_none_or(|regex| regex.is_match(text))
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_tuple("Pattern")
            .field(&self.source)
            .finish()
    }
}

/// The validation keywords of one field or parameter, and where the spec states them.
#[derive(Debug)]
pub struct Rules {
    /// Where the spec states them.
    pub location: &'static str,
    /// `minLength`, in characters (Unicode scalar values).
    pub min_length: Option<u64>,
    /// `maxLength`, in characters.
    pub max_length: Option<u64>,
    /// `pattern`.
    pub pattern: Option<Pattern>,
    /// `minimum`.
    pub minimum: Option<f64>,
    /// `maximum`.
    pub maximum: Option<f64>,
    /// `exclusiveMinimum: true`.
    pub exclusive_minimum: bool,
    /// `exclusiveMaximum: true`.
    pub exclusive_maximum: bool,
    /// `multipleOf`.
    pub multiple_of: Option<f64>,
    /// `minItems`.
    pub min_items: Option<u64>,
    /// `maxItems`.
    pub max_items: Option<u64>,
    /// `uniqueItems: true`.
    pub unique_items: bool,
}

impl Rules {
    /// No keyword, for `..Rules::NONE` in generated statics.
    pub const NONE: Rules = Rules {
        location: "",
        min_length: None,
        max_length: None,
        pattern: None,
        minimum: None,
        maximum: None,
        exclusive_minimum: false,
        exclusive_maximum: false,
        multiple_of: None,
        min_items: None,
        max_items: None,
        unique_items: false,
    };
}

/// One step into a value: a member, a list index or a map key.
#[derive(Debug)]
pub enum Segment<'a> {
    /// `.name`.
    Member(&'a str),
    /// `[3]`.
    Index(usize),
    /// `["key"]`.
    Key(&'a str),
}

/// Where the check is in the request: the root (`body`, `query.limit`) and the steps below it.
/// The text is only written when a rule breaks, so checking a valid value formats nothing.
#[derive(Debug, Default)]
pub struct Path {
    root: &'static str,
    /// Each step: where its name starts in `names`, and its kind. Names are copied, never
    /// formatted, so a step costs a copy.
    steps: Vec<(usize, StepKind)>,
    names: String,
}

/// A step as stored: member and key names live in `Path::names`.
#[derive(Debug, Clone, Copy)]
enum StepKind {
    Member(usize),
    Index(usize),
    Key(usize),
}

impl Path {
    /// The path of a root value, such as `body` or `query.limit`.
    pub fn new(root: &'static str) -> Self {
        Path {
            root,
            steps: Vec::new(),
            names: String::new(),
        }
    }

    /// Runs `check` one step further down, then steps back.
    pub fn with<R>(&mut self, step: Segment<'_>, check: impl FnOnce(&mut Path) -> R) -> R {
        let start = self.names.len();
        let kind = match step {
            Segment::Member(name) => {
                self.names.push_str(name);
                StepKind::Member(self.names.len())
            }
            Segment::Index(index) => StepKind::Index(index),
            Segment::Key(key) => {
                self.names.push_str(key);
                StepKind::Key(self.names.len())
            }
        };
        self.steps.push((start, kind));
        let result = check(self);
        self.steps.pop();
        self.names.truncate(start);
        result
    }

    /// The path as text: `body.lines[2].sku`.
    fn text(&self) -> String {
        let mut text = self.root.to_string();
        for (start, kind) in &self.steps {
            let name = |end: usize| self.names.get(*start..end).unwrap_or_default();
            match kind {
                StepKind::Member(end) => {
                    text.push('.');
                    text.push_str(name(*end));
                }
                StepKind::Index(index) => text.push_str(&format!("[{index}]")),
                StepKind::Key(end) => text.push_str(&format!("[{:?}]", name(*end))),
            }
        }
        text
    }

    /// Records a broken rule at this path.
    fn violation(&self, rule: String, location: &'static str, out: &mut Vec<Violation>) {
        out.push(Violation {
            path: self.text(),
            rule,
            location,
        });
    }
}

/// A value whose nested fields the client checks: every generated type used in a request.
pub trait Validate {
    /// Appends every rule this value breaks to `out`.
    fn validate(&self, at: &mut Path, out: &mut Vec<Violation>);
}

/// A value that [`Rules`] apply to directly: text, numbers, lists (and slices), and `Option`s
/// of them.
pub trait Check {
    /// Appends every rule of `rules` this value breaks to `out`.
    fn check(&self, rules: &Rules, at: &mut Path, out: &mut Vec<Violation>);
}

/// Checks `value` against `rules` as the member `name` of the value at `at`.
pub fn field<T: Check + ?Sized>(
    value: &T,
    name: &str,
    rules: &Rules,
    at: &mut Path,
    out: &mut Vec<Violation>,
) {
    at.with(Segment::Member(name), |at| value.check(rules, at, out));
}

/// Validates `value` as the member `name` of the value at `at`.
pub fn nested<T: Validate + ?Sized>(
    value: &T,
    name: &str,
    at: &mut Path,
    out: &mut Vec<Violation>,
) {
    at.with(Segment::Member(name), |at| value.validate(at, out));
}

/// Records that a closed enum holds a value the spec does not list.
pub fn unknown_value(location: &'static str, at: &mut Path, out: &mut Vec<Violation>) {
    at.violation("one of the values the spec lists".into(), location, out);
}

/// Whether the length rules of `rules` may fail for `text`, so that its characters must be
/// counted. A UTF-8 character takes one to four bytes, so the byte length alone often
/// settles both bounds (a text within `maxLength` bytes has at most that many characters).
fn length_needs_counting(text: &str, rules: &Rules) -> bool {
    let bytes = u64::try_from(text.len()).unwrap_or(u64::MAX);
    let fewest_characters = bytes.div_ceil(4);
    let min_settled = rules.min_length.is_none_or(|min| fewest_characters >= min);
    let max_settled = rules.max_length.is_none_or(|max| bytes <= max);
    !(min_settled && max_settled)
}

impl Check for str {
    fn check(&self, rules: &Rules, at: &mut Path, out: &mut Vec<Violation>) {
        if length_needs_counting(self, rules) {
            let length = u64::try_from(self.chars().count()).unwrap_or(u64::MAX);
            if let Some(min) = rules.min_length.filter(|min| length < *min) {
                at.violation(
                    format!("at least {}", counted(min, "character")),
                    rules.location,
                    out,
                );
            }
            if let Some(max) = rules.max_length.filter(|max| length > *max) {
                at.violation(
                    format!("at most {}", counted(max, "character")),
                    rules.location,
                    out,
                );
            }
        }
        if let Some(pattern) = rules.pattern.as_ref().filter(|p| !p.matches(self)) {
            at.violation(
                format!("text matching the pattern `{}`", pattern.source),
                rules.location,
                out,
            );
        }
    }
}

impl Check for String {
    fn check(&self, rules: &Rules, at: &mut Path, out: &mut Vec<Violation>) {
        self.as_str().check(rules, at, out);
    }
}

/// `1 item`, `3 items`.
fn counted(count: u64, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// Checks a number against the numeric keywords.
fn check_number(value: f64, rules: &Rules, at: &mut Path, out: &mut Vec<Violation>) {
    if let Some(min) = rules.minimum {
        if rules.exclusive_minimum && value <= min {
            at.violation(format!("more than {min}"), rules.location, out);
        } else if value < min {
            at.violation(format!("at least {min}"), rules.location, out);
        }
    }
    if let Some(max) = rules.maximum {
        if rules.exclusive_maximum && value >= max {
            at.violation(format!("less than {max}"), rules.location, out);
        } else if value > max {
            at.violation(format!("at most {max}"), rules.location, out);
        }
    }
    if let Some(step) = rules.multiple_of.filter(|step| *step > 0.0) {
        // Within a relative tolerance, so that 0.3 is a multiple of 0.1 in floating point.
        let quotient = value / step;
        if (quotient - quotient.round()).abs() > 1e-9 * quotient.abs().max(1.0) {
            at.violation(format!("a multiple of {step}"), rules.location, out);
        }
    }
}

macro_rules! check_numbers {
    ($($number:ty),*) => {$(
        impl Check for $number {
            fn check(&self, rules: &Rules, at: &mut Path, out: &mut Vec<Violation>) {
                // Exact for every integer up to 2^53; the bounds specs write are far below that.
                check_number(*self as f64, rules, at, out);
            }
        }
    )*};
}

check_numbers!(i8, i16, i32, i64, u8, u16, u32, u64, f32, f64);

impl<T: PartialEq> Check for Vec<T> {
    fn check(&self, rules: &Rules, at: &mut Path, out: &mut Vec<Violation>) {
        self.as_slice().check(rules, at, out);
    }
}

impl<T: PartialEq> Check for [T] {
    fn check(&self, rules: &Rules, at: &mut Path, out: &mut Vec<Violation>) {
        let count = u64::try_from(self.len()).unwrap_or(u64::MAX);
        if let Some(min) = rules.min_items.filter(|min| count < *min) {
            at.violation(
                format!("at least {}", counted(min, "item")),
                rules.location,
                out,
            );
        }
        if let Some(max) = rules.max_items.filter(|max| count > *max) {
            at.violation(
                format!("at most {}", counted(max, "item")),
                rules.location,
                out,
            );
        }
        if rules.unique_items {
            // Quadratic, but request lists are short; `T` need not be hashable.
            let repeated = self
                .iter()
                .enumerate()
                .any(|(index, item)| self.iter().skip(index + 1).any(|other| other == item));
            if repeated {
                at.violation("a list of unique items".into(), rules.location, out);
            }
        }
    }
}

impl<T: Check + ?Sized> Check for Box<T> {
    fn check(&self, rules: &Rules, at: &mut Path, out: &mut Vec<Violation>) {
        (**self).check(rules, at, out);
    }
}

impl<T: Check> Check for Option<T> {
    fn check(&self, rules: &Rules, at: &mut Path, out: &mut Vec<Violation>) {
        if let Some(value) = self {
            value.check(rules, at, out);
        }
    }
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate(&self, at: &mut Path, out: &mut Vec<Violation>) {
        (**self).validate(at, out);
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate(&self, at: &mut Path, out: &mut Vec<Violation>) {
        if let Some(value) = self {
            value.validate(at, out);
        }
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate(&self, at: &mut Path, out: &mut Vec<Violation>) {
        self.as_slice().validate(at, out);
    }
}

impl<T: Validate> Validate for [T] {
    fn validate(&self, at: &mut Path, out: &mut Vec<Violation>) {
        for (index, item) in self.iter().enumerate() {
            at.with(Segment::Index(index), |at| item.validate(at, out));
        }
    }
}

impl<T: Validate> Validate for BTreeMap<String, T> {
    fn validate(&self, at: &mut Path, out: &mut Vec<Violation>) {
        for (key, value) in self {
            at.with(Segment::Key(key), |at| value.validate(at, out));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn broken<T: Check + ?Sized>(value: &T, rules: &Rules) -> Vec<String> {
        let mut out = Vec::new();
        field(value, "x", rules, &mut Path::new("body"), &mut out);
        out.iter()
            .map(|v| format!("{}: {}", v.path, v.rule))
            .collect()
    }

    #[test]
    fn length_bounds_agree_with_counting_characters() {
        // One-, two-, three- and four-byte characters, around every bound.
        for unit in ["a", "é", "€", "😀"] {
            for repeat in 0..7 {
                let text = unit.repeat(repeat);
                for min in [None, Some(0), Some(1), Some(3), Some(6), Some(7)] {
                    for max in [None, Some(0), Some(2), Some(6), Some(12)] {
                        let rules = Rules {
                            location: "here",
                            min_length: min,
                            max_length: max,
                            ..Rules::NONE
                        };
                        let count = repeat as u64;
                        let expected = usize::from(min.is_some_and(|min| count < min))
                            + usize::from(max.is_some_and(|max| count > max));
                        assert_eq!(
                            broken(text.as_str(), &rules).len(),
                            expected,
                            "{text:?} min {min:?} max {max:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn strings_are_measured_in_characters_and_matched_anywhere() {
        let rules = Rules {
            location: "spec#/x",
            min_length: Some(2),
            max_length: Some(3),
            pattern: Some(Pattern::new("[0-9]")),
            ..Rules::NONE
        };
        assert!(broken("ü1é", &rules).is_empty());
        assert_eq!(
            broken("a", &rules),
            [
                "body.x: at least 2 characters",
                "body.x: text matching the pattern `[0-9]`"
            ]
        );
        assert_eq!(broken("12345", &rules), ["body.x: at most 3 characters"]);
    }

    #[test]
    fn numbers_respect_bounds_and_steps() {
        let rules = Rules {
            minimum: Some(0.0),
            exclusive_minimum: true,
            maximum: Some(1.0),
            multiple_of: Some(0.1),
            ..Rules::NONE
        };
        assert!(broken(&0.3_f64, &rules).is_empty());
        assert_eq!(broken(&0.0_f64, &rules), ["body.x: more than 0"]);
        assert_eq!(broken(&0.35_f64, &rules), ["body.x: a multiple of 0.1"]);
        assert_eq!(
            broken(
                &Some(2_i64),
                &Rules {
                    maximum: Some(1.0),
                    ..Rules::NONE
                }
            ),
            ["body.x: at most 1"]
        );
        assert!(broken(
            &None::<i64>,
            &Rules {
                maximum: Some(1.0),
                ..Rules::NONE
            }
        )
        .is_empty());
    }

    #[test]
    fn lists_count_and_compare_their_items() {
        let rules = Rules {
            min_items: Some(1),
            max_items: Some(2),
            unique_items: true,
            ..Rules::NONE
        };
        assert_eq!(
            broken(&Vec::<i32>::new(), &rules),
            ["body.x: at least 1 item"]
        );
        assert_eq!(
            broken(&vec![1, 1], &rules),
            ["body.x: a list of unique items"]
        );
        assert_eq!(broken(&vec![1, 2, 3], &rules), ["body.x: at most 2 items"]);
    }

    /// A line of an order, as generated code would check it.
    struct Line {
        sku: String,
    }

    impl Validate for Line {
        fn validate(&self, at: &mut Path, out: &mut Vec<Violation>) {
            static SKU: Rules = Rules {
                location: "spec#/Line/sku",
                max_length: Some(3),
                ..Rules::NONE
            };
            field(&self.sku, "sku", &SKU, at, out);
        }
    }

    #[test]
    fn a_nested_violation_is_named_by_its_whole_path() {
        let mut lines = BTreeMap::new();
        lines.insert(
            "first".to_string(),
            vec![
                Line { sku: "ok".into() },
                Line {
                    sku: "too long".into(),
                },
            ],
        );
        let mut out = Vec::new();
        nested(&lines, "lines", &mut Path::new("body"), &mut out);
        assert_eq!(
            out.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["`body.lines[\"first\"][1].sku` must be at most 3 characters (spec#/Line/sku)"]
        );
    }

    #[test]
    fn a_pattern_the_engine_cannot_read_is_left_to_the_server() {
        let rules = Rules {
            pattern: Some(Pattern::new("(?<=a)b")),
            ..Rules::NONE
        };
        assert!(broken("anything", &rules).is_empty());
    }
}
