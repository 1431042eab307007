//! The error for a response whose body does not match the documented type.

use std::fmt;

use super::redact::Describe;
use super::response::RawResponse;

/// What was wrong with a body that did not decode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DecodeKind {
    /// The body was empty where JSON was expected.
    Empty,
    /// The body was not UTF-8 where text or JSON was expected.
    NotUtf8,
    /// The body was not JSON at all.
    Syntax {
        /// The line of the first syntax error.
        line: usize,
        /// The column of the first syntax error.
        column: usize,
    },
    /// The JSON did not match the documented type.
    Mismatch,
    /// The body was not a JSON object holding the envelope field.
    NoEnvelope {
        /// The envelope field.
        field: &'static str,
    },
}

impl fmt::Display for DecodeKind {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeKind::Empty => formatter.write_str("the body is empty where JSON was expected"),
            DecodeKind::NotUtf8 => formatter.write_str("the body is not valid UTF-8"),
            DecodeKind::Syntax { line, column } => {
                write!(
                    formatter,
                    "the body is not valid JSON (line {line}, column {column})"
                )
            }
            DecodeKind::Mismatch => {
                formatter.write_str("the body does not match the documented type")
            }
            DecodeKind::NoEnvelope { field } => {
                write!(
                    formatter,
                    "the body is not a JSON object with the envelope field `{field}`"
                )
            }
        }
    }
}

/// A response whose body does not match the documented type.
#[derive(Clone)]
pub struct DecodeError {
    /// Boxed so that `Result<_, Error<E>>` stays small.
    pub(crate) parts: Box<DecodeParts>,
}

/// The contents of a [`DecodeError`].
#[derive(Clone)]
pub(crate) struct DecodeParts {
    pub(crate) response: RawResponse,
    pub(crate) kind: DecodeKind,
    pub(crate) path: String,
    pub(crate) detail: String,
}

impl DecodeError {
    /// Returns the response as it arrived.
    pub fn response(&self) -> &RawResponse {
        &self.parts.response
    }

    /// Returns where in the body decoding failed, such as `data.member.gender`, or `.` for the
    /// whole body.
    pub fn path(&self) -> &str {
        &self.parts.path
    }

    /// Returns the decoder's own message. It may contain body content (serde quotes the values
    /// it rejects), so it is never part of `Display` or `Debug`.
    pub fn detail(&self) -> &str {
        &self.parts.detail
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            formatter,
            "{}: could not decode the response with status {}: {}",
            Describe(self.parts.response.parts.operation),
            self.parts.response.parts.status,
            self.parts.kind
        )?;
        if self.parts.kind == DecodeKind::Mismatch {
            write!(formatter, " at `{}`", self.parts.path)?;
        }
        Ok(())
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("DecodeError")
            .field("response", &self.parts.response)
            .field("kind", &self.parts.kind)
            .field("path", &self.parts.path)
            .field(
                "detail",
                &format_args!("<{} chars, see detail()>", self.parts.detail.len()),
            )
            .finish()
    }
}

impl std::error::Error for DecodeError {}
