//! Renders a diff report as plain text (for terminals), markdown (to paste as a pull-request
//! comment: one summary line per spec, then the changes grouped breaking first) or JSON.

use super::{Change, Impact, Report, Side, SpecDiff, SpecStatus};
use std::fmt::Write;
use std::str::FromStr;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text.
    Text,
    /// Markdown for a pull-request comment.
    Markdown,
    /// JSON, the [`Report`] serialised.
    Json,
}

impl FromStr for Format {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "text" => Ok(Format::Text),
            "markdown" | "md" => Ok(Format::Markdown),
            "json" => Ok(Format::Json),
            other => Err(format!(
                "unknown format {other:?}; expected text, markdown or json"
            )),
        }
    }
}

/// Renders the report in `format`.
pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Text => text(report),
        Format::Markdown => markdown(report),
        Format::Json => json(report),
    }
}

const GROUPS: [(Impact, &str); 3] = [
    (Impact::Breaking, "Breaking"),
    (Impact::Minor, "Additions (minor)"),
    (Impact::Patch, "Patch"),
];

/// `file#pointer`, marked when it is in the base revision.
fn location(change: &Change) -> String {
    match change.side {
        Side::New => change.location.to_string(),
        Side::Old => format!("{} (base)", change.location),
    }
}

/// Counts, the bump and the version verdict of one spec, in one line.
fn summary(spec: &SpecDiff) -> String {
    let counts = format!(
        "{} breaking, {} minor, {} patch",
        spec.count(Impact::Breaking),
        spec.count(Impact::Minor),
        spec.count(Impact::Patch)
    );
    let crate_name = &spec.crate_name;
    match spec.status {
        SpecStatus::Added => format!(
            "new crate `{crate_name}` {}",
            spec.new_version.as_deref().unwrap_or("")
        ),
        SpecStatus::Removed => format!(
            "crate `{crate_name}` {} is no longer generated",
            spec.old_version.as_deref().unwrap_or("")
        ),
        SpecStatus::Changed => {
            let verdict = match &spec.check {
                Some(check) if check.passed => format!("ok: {}", check.message),
                Some(check) => format!("NOT BUMPED ENOUGH: {}", check.message),
                None => String::new(),
            };
            format!("`{crate_name}`: {counts}; {verdict}")
        }
    }
}

/// Plain text: a summary line per spec, then its changes, breaking first.
pub fn text(report: &Report) -> String {
    let mut out = String::new();
    if report.specs.is_empty() {
        let _ = writeln!(out, "no spec differs from {}", report.base);
        return out;
    }
    let _ = writeln!(out, "API changes against {}", report.base);
    for spec in &report.specs {
        let _ = writeln!(out, "\n{}: {}", spec.spec, summary(spec));
        if spec.changes.is_empty() {
            let _ = writeln!(out, "  no change to the generated API");
        }
        for change in &spec.changes {
            let _ = writeln!(
                out,
                "  {:<9} {}\n            {}\n            at {}",
                change.impact.as_str(),
                change.message,
                change.reason,
                location(change)
            );
        }
    }
    out
}

/// Markdown: a heading, one summary line per spec, then one section per spec with the
/// changes grouped breaking first.
pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "### API changes against `{}`\n", report.base);
    if report.specs.is_empty() {
        let _ = writeln!(out, "No spec differs.");
        return out;
    }
    for spec in &report.specs {
        let mark = match (&spec.check, spec.status) {
            (Some(check), _) if !check.passed => "❌ ",
            (_, SpecStatus::Removed) => "⚠️ ",
            _ => "✅ ",
        };
        let _ = writeln!(
            out,
            "- {mark}**`{}`** {}",
            spec.spec,
            escape(&summary(spec))
        );
    }
    for spec in &report.specs {
        let _ = writeln!(out, "\n#### `{}`", spec.spec);
        if spec.changes.is_empty() {
            let _ = writeln!(out, "\nNo change to the generated API.");
        }
        for (impact, title) in GROUPS {
            let changes: Vec<&Change> =
                spec.changes.iter().filter(|c| c.impact == impact).collect();
            if changes.is_empty() {
                continue;
            }
            // Breaking changes are always shown; long lists of the rest fold, so that a big
            // vendor update keeps what needs a decision on the first screen.
            let folded = impact != Impact::Breaking && changes.len() > FOLD_AFTER;
            if folded {
                let _ = writeln!(
                    out,
                    "\n<details><summary><b>{title}</b>: {}</summary>\n",
                    changes.len()
                );
            } else {
                let _ = writeln!(out, "\n**{title}** ({})\n", changes.len());
            }
            for change in changes {
                let base = match change.side {
                    Side::Old => " (base revision)",
                    Side::New => "",
                };
                let _ = writeln!(
                    out,
                    "- {} — {} <sub>{}{base}</sub>",
                    escape(&change.message),
                    escape(&change.reason),
                    super::place::link(&change.location)
                );
            }
            if folded {
                let _ = writeln!(out, "\n</details>");
            }
        }
    }
    out
}

/// Groups other than *Breaking* with more items than this are folded into `<details>`.
const FOLD_AFTER: usize = 5;

/// Escapes what markdown would read as markup outside code spans (`<`, `|`, `*`, `_`).
fn escape(text: &str) -> String {
    let mut out = String::new();
    let mut in_code = false;
    for c in text.chars() {
        if c == '`' {
            in_code = !in_code;
        }
        match c {
            '<' | '|' | '*' | '_' if !in_code => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// JSON: the report as serialised by serde, pretty-printed.
pub fn json(report: &Report) -> String {
    match serde_json::to_string_pretty(report) {
        Ok(mut text) => {
            text.push('\n');
            text
        }
        Err(err) => format!("{{\"error\": {:?}}}\n", err.to_string()),
    }
}
