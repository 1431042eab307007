//! Located diagnostics: every problem names the file and JSON pointer it comes from.

use std::fmt;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Severity {
    /// The spec breaks a rule but its meaning is clear; generation goes on.
    Warning,
    /// The spec cannot be turned into a client; generation stops after the current stage.
    Error,
}

/// A place in a spec file: the file as the user named it and a JSON pointer into it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Location {
    /// The file, as displayed to the user (for example `specs/vsee.yaml`).
    pub file: String,
    /// A JSON pointer (RFC 6901) into that file; empty for the whole document.
    pub pointer: String,
}

impl Location {
    /// A location in `file` at `pointer`.
    pub fn new(file: impl Into<String>, pointer: impl Into<String>) -> Self {
        Location {
            file: file.into(),
            pointer: pointer.into(),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", self.file, self.pointer)
    }
}

/// One problem found in a spec.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Whether generation can go on.
    pub severity: Severity,
    /// Where the problem is.
    pub location: Location,
    /// What is wrong, as one lower-case sentence without a trailing period.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.severity {
            Severity::Error => write!(f, "{}: {}", self.location, self.message),
            Severity::Warning => write!(f, "{}: warning: {}", self.location, self.message),
        }
    }
}

/// The accumulator that every stage reports into, so one run shows every problem at once.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    strict: bool,
}

impl Diagnostics {
    /// An empty accumulator; in strict mode every warning counts as an error.
    pub fn new(strict: bool) -> Self {
        Diagnostics {
            items: Vec::new(),
            strict,
        }
    }

    /// Records an error.
    pub fn error(&mut self, location: Location, message: impl Into<String>) {
        self.push(Severity::Error, location, message.into());
    }

    /// Records a warning (an error in strict mode).
    pub fn warning(&mut self, location: Location, message: impl Into<String>) {
        let severity = if self.strict {
            Severity::Error
        } else {
            Severity::Warning
        };
        self.push(severity, location, message.into());
    }

    fn push(&mut self, severity: Severity, location: Location, message: String) {
        let diagnostic = Diagnostic {
            severity,
            location,
            message,
        };
        // The same problem reached twice (a schema referenced from two places) is reported once.
        if !self.items.contains(&diagnostic) {
            self.items.push(diagnostic);
        }
    }

    /// Adds every diagnostic of `other`, keeping its severity.
    pub fn extend(&mut self, other: &Diagnostics) {
        for diagnostic in &other.items {
            self.push(
                diagnostic.severity,
                diagnostic.location.clone(),
                diagnostic.message.clone(),
            );
        }
    }

    /// Whether any error was recorded.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Ends a stage: `Err(self)` when an error was recorded, so later stages never see a broken input.
    pub fn propagate(&mut self) -> Result<(), Diagnostics> {
        if self.has_errors() {
            Err(std::mem::take(self))
        } else {
            Ok(())
        }
    }

    /// Every diagnostic in the order it was found.
    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// Only the warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
    }

    /// Only the errors.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.severity == Severity::Error)
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.items {
            writeln!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// Escapes one reference token for a JSON pointer (RFC 6901).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Undoes [`escape_token`].
pub fn unescape_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Appends one token to a JSON pointer.
pub fn join(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", escape_token(token))
}
