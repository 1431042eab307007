//! The pieces that error messages and `Debug` output are written from: the operation, the
//! names of headers and the length of a body, never header values or body bytes.

use std::fmt;

use reqwest::header::HeaderMap;

use crate::descriptor::Operation;

/// Writes `operation `id` (METHOD /path/{template})`, the prefix of every message.
pub(crate) struct Describe<'a>(pub(crate) &'a Operation);

impl fmt::Display for Describe<'_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let operation = self.0;
        write!(
            formatter,
            "operation `{}` ({} {})",
            operation.id, operation.method, operation.path_template
        )
    }
}

/// Writes the names of the headers, never their values.
pub(super) struct HeaderNames<'a>(pub(super) &'a HeaderMap);

impl fmt::Debug for HeaderNames<'_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_list()
            .entries(self.0.keys().map(|name| name.as_str()))
            .finish()
    }
}

/// Writes `<N bytes>` in place of a body.
pub(crate) struct BodyLength(pub(crate) usize);

impl fmt::Debug for BodyLength {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "<{} bytes>", self.0)
    }
}
