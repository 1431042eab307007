//! The one parser of `{name}` templates: OpenAPI path templates (`/pets/{petId}`) and server URL
//! templates (`https://{region}.example.com/v1`). It is total: any text parses, and an unclosed
//! `{` is reported to the caller, with what follows it kept as literal text.

/// One piece of a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part<'a> {
    /// Text sent as it is.
    Literal(&'a str),
    /// A `{name}` placeholder (the name without braces; it may be empty).
    Variable(&'a str),
}

/// A parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template<'a> {
    /// The pieces in order; literals are never empty.
    pub parts: Vec<Part<'a>>,
    /// The byte offset of a `{` that has no closing `}`, if there is one.
    pub unclosed: Option<usize>,
}

impl<'a> Template<'a> {
    /// Splits `text` into literals and `{name}` placeholders.
    pub fn parse(text: &'a str) -> Template<'a> {
        let mut parts = Vec::new();
        let mut unclosed = None;
        let mut offset = 0;
        let mut rest = text;
        while !rest.is_empty() {
            let Some((before, after_open)) = rest.split_once('{') else {
                parts.push(Part::Literal(rest));
                break;
            };
            if !before.is_empty() {
                parts.push(Part::Literal(before));
            }
            let open_at = offset + before.len();
            let Some((name, after_close)) = after_open.split_once('}') else {
                unclosed = Some(open_at);
                // The `{` and everything after it stay literal text.
                if let Some(tail) = text.get(open_at..) {
                    parts.push(Part::Literal(tail));
                }
                break;
            };
            parts.push(Part::Variable(name));
            offset = open_at + 1 + name.len() + 1;
            rest = after_close;
        }
        Template { parts, unclosed }
    }

    /// The placeholder names, in order (a name used twice appears twice).
    pub fn variables(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.parts.iter().filter_map(|part| match part {
            Part::Variable(name) => Some(*name),
            Part::Literal(_) => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_and_placeholders_alternate() {
        let template = Template::parse("/visits/{id}.json/{part}");
        assert_eq!(
            template.parts,
            vec![
                Part::Literal("/visits/"),
                Part::Variable("id"),
                Part::Literal(".json/"),
                Part::Variable("part"),
            ]
        );
        assert_eq!(template.unclosed, None);
        assert_eq!(template.variables().collect::<Vec<_>>(), ["id", "part"]);
    }

    #[test]
    fn an_unclosed_brace_is_reported_and_kept_as_text() {
        let template = Template::parse("/items/{");
        assert_eq!(
            template.parts,
            vec![Part::Literal("/items/"), Part::Literal("{")]
        );
        assert_eq!(template.unclosed, Some(7));
        let template = Template::parse("{a}/{é{");
        assert_eq!(
            template.parts,
            vec![
                Part::Variable("a"),
                Part::Literal("/"),
                Part::Literal("{é{")
            ]
        );
        assert_eq!(template.unclosed, Some(4));
    }

    #[test]
    fn empty_and_odd_names_parse() {
        let template = Template::parse("{}}{x}");
        assert_eq!(
            template.parts,
            vec![Part::Variable(""), Part::Literal("}"), Part::Variable("x")]
        );
        assert!(Template::parse("").parts.is_empty());
    }
}
