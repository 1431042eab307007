//! Turns spec descriptions (vendor Markdown, sometimes HTML) into rustdoc that builds without
//! warnings: no accidental doctests, no broken intra-doc links, no stray HTML, no bare URLs.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` attributes for each line of `text`, sanitised.
pub fn doc_attrs(text: &str) -> TokenStream {
    let lines = sanitize(text);
    let attrs = lines.iter().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#attrs)*)
}

/// `#[doc]` attributes for text the generator wrote itself (intra-doc links included), unescaped.
pub fn trusted_doc_attrs(text: &str) -> TokenStream {
    let attrs = text.lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#attrs)*)
}

/// The same for optional text: nothing when there is none.
pub fn doc_attrs_opt(text: Option<&str>) -> TokenStream {
    match text {
        Some(text) if !text.trim().is_empty() => doc_attrs(text),
        _ => TokenStream::new(),
    }
}

/// Sanitised Markdown lines.
pub fn sanitize(text: &str) -> Vec<String> {
    let text = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\t', "    ");
    let mut out: Vec<String> = Vec::new();
    let mut fence: Option<String> = None;
    for raw in text.trim().lines() {
        let trimmed = raw.trim_start();
        if let Some(open) = &fence {
            if trimmed.starts_with(open.as_str()) {
                out.push(open.clone());
                fence = None;
            } else {
                out.push(raw.trim_end().to_string());
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let marker: String = trimmed
                .chars()
                .take_while(|c| *c == '`' || *c == '~')
                .collect();
            out.push(format!("{marker}text"));
            fence = Some(marker);
            continue;
        }
        // Leading whitespace would make an indented code block, which rustdoc compiles as a test.
        out.push(inline(trimmed.trim_end()));
    }
    if let Some(open) = fence {
        out.push(open);
    }
    // Collapse runs of blank lines.
    let mut collapsed: Vec<String> = Vec::new();
    for line in out {
        if line.is_empty() && collapsed.last().is_some_and(|l| l.is_empty()) {
            continue;
        }
        collapsed.push(line);
    }
    collapsed
}

/// Escapes one line outside code blocks; inline code spans are left as they are.
fn inline(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(start) = rest.find('`') {
        let ticks = rest[start..].chars().take_while(|c| *c == '`').count();
        let closer = &rest[start..start + ticks];
        match rest[start + ticks..].find(closer) {
            Some(len) => {
                out.push_str(&prose(&rest[..start]));
                out.push_str(&rest[start..start + ticks + len + ticks]);
                rest = &rest[start + ticks + len + ticks..];
            }
            None => {
                // An unmatched backtick is literal text.
                out.push_str(&prose(&rest[..start + ticks]).replace('`', "\\`"));
                rest = &rest[start + ticks..];
            }
        }
    }
    out.push_str(&prose(rest));
    out
}

/// Escapes prose: HTML-looking text, brackets that are not Markdown links, and bare URLs.
fn prose(text: &str) -> String {
    let escaped = text.replace('<', "&lt;").replace('>', "&gt;");
    let bracketed = brackets(&escaped);
    urls(&bracketed)
}

/// Rewrites Markdown links so rustdoc accepts them: `[text](https://..)` and images with an
/// absolute target stay; a relative target (`[guide](guide)`, which rustdoc would read as an
/// intra-doc link) leaves only its text; other brackets are escaped.
fn brackets(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    links(&chars, &mut out);
    out
}

fn links(chars: &[char], out: &mut String) {
    let mut i = 0;
    let escaped = |i: usize| i > 0 && chars.get(i - 1) == Some(&'\\');
    while let Some(&c) = chars.get(i) {
        let image = c == '!' && chars.get(i + 1) == Some(&'[');
        let open = if image { i + 1 } else { i };
        if (c == '[' || image) && !escaped(i) {
            if let Some(close) = matching(chars, open, '[', ']') {
                let inner = chars.get(open + 1..close).unwrap_or_default();
                if chars.get(close + 1) == Some(&'(') {
                    if let Some(end) = matching(chars, close + 1, '(', ')') {
                        let target: String = chars
                            .get(close + 2..end)
                            .unwrap_or_default()
                            .iter()
                            .collect();
                        let absolute = ["http://", "https://", "mailto:"]
                            .iter()
                            .any(|s| target.trim().starts_with(s));
                        if absolute {
                            out.push_str(if image { "![" } else { "[" });
                            links(inner, out);
                            out.push_str("](");
                            out.push_str(&target);
                            out.push(')');
                        } else {
                            links(inner, out);
                        }
                        i = end + 1;
                        continue;
                    }
                }
                if image {
                    out.push('!');
                }
                out.push_str("\\[");
                links(inner, out);
                out.push_str("\\]");
                i = close + 1;
                continue;
            }
        }
        match c {
            '[' | ']' if !escaped(i) => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        i += 1;
    }
}

/// The index of the bracket that closes the one at `open`, counting nested pairs.
fn matching(chars: &[char], open: usize, left: char, right: char) -> Option<usize> {
    let mut depth = 0;
    for (i, c) in chars.iter().enumerate().skip(open) {
        if *c == left {
            depth += 1;
        } else if *c == right {
            depth -= 1;
            if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}

/// Wraps bare `http(s)://` URLs in `<...>` so rustdoc renders them as links without a warning.
fn urls(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    loop {
        let next = ["https://", "http://"]
            .iter()
            .filter_map(|scheme| rest.find(scheme))
            .min();
        let Some(start) = next else {
            out.push_str(rest);
            return out;
        };
        let before = &rest[..start];
        let in_link = before.ends_with("](") || before.ends_with('(') && before.contains("](");
        let end = rest[start..]
            .find(|c: char| c.is_whitespace() || matches!(c, ')' | ']' | '"' | '\'' | '&' | '\\'))
            .map(|e| start + e)
            .unwrap_or(rest.len());
        let mut url = &rest[start..end];
        while url.ends_with(['.', ',', ';', ':', '!', '?']) {
            url = &url[..url.len() - 1];
        }
        let end = start + url.len();
        out.push_str(before);
        if in_link || url.len() <= "https://".len() {
            out.push_str(url);
        } else {
            out.push('<');
            out.push_str(url);
            out.push('>');
        }
        rest = &rest[end..];
    }
}

/// The paragraph that appends a spec's `x-assumptions` to a doc: what its authors assumed where
/// the vendor's documentation is silent (empty when there are none).
pub fn assumptions_paragraph(assumptions: &[String]) -> String {
    match assumptions {
        [] => String::new(),
        [only] => format!(
            "\n\nAssumed where the vendor's documentation is silent: {}",
            only.trim()
        ),
        many => {
            let items: Vec<String> = many.iter().map(|a| format!("- {}", a.trim())).collect();
            format!(
                "\n\nAssumed where the vendor's documentation is silent:\n\n{}",
                items.join("\n")
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_blocks_never_become_doctests() {
        let lines = sanitize("Example:\n\n    let x = 1;\n\n```\ncurl -X POST\n```");
        assert_eq!(
            lines,
            vec![
                "Example:",
                "",
                "let x = 1;",
                "",
                "```text",
                "curl -X POST",
                "```"
            ]
        );
    }

    #[test]
    fn brackets_html_and_urls_are_escaped() {
        assert_eq!(
            sanitize("See [docs](https://x.io) and [Foo]")[0],
            "See [docs](https://x.io) and \\[Foo\\]"
        );
        assert_eq!(sanitize("<p>Hi</p>")[0], "&lt;p&gt;Hi&lt;/p&gt;");
        assert_eq!(
            sanitize("Go to https://x.io/a.")[0],
            "Go to <https://x.io/a>."
        );
        assert_eq!(sanitize("Use `a<b>` here")[0], "Use `a<b>` here");
    }

    #[test]
    fn links_rustdoc_cannot_resolve_keep_their_text() {
        assert_eq!(
            sanitize("Read the [guide](guide) first")[0],
            "Read the guide first"
        );
        assert_eq!(
            sanitize("[![build](https://img.io/b.svg)](https://ci.io)")[0],
            "[![build](https://img.io/b.svg)](https://ci.io)"
        );
        assert_eq!(
            sanitize("[[Demo]](https://x.io)")[0],
            "[\\[Demo\\]](https://x.io)"
        );
        assert_eq!(
            sanitize("![logo](logo.png) and a [ref][1]")[0],
            "logo and a \\[ref\\]\\[1\\]"
        );
    }

    #[test]
    fn unclosed_fences_are_closed() {
        assert_eq!(sanitize("```json\n{}"), vec!["```text", "{}", "```"]);
    }
}
