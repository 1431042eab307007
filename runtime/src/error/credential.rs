//! The error for a credential that cannot be stored.

use std::fmt;

/// A credential that cannot be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CredentialError {
    /// The value contains a newline, a control character or a character outside ASCII, so it
    /// cannot travel in a header (or, for cookies, it contains `;`).
    InvalidValue {
        /// The security scheme name.
        scheme: &'static str,
    },
    /// The header, cookie or query parameter name is not valid.
    InvalidName {
        /// The security scheme name.
        scheme: &'static str,
    },
}

impl fmt::Display for CredentialError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CredentialError::InvalidValue { scheme } => write!(
                formatter,
                "the credential for security scheme `{scheme}` cannot be sent: it contains a \
                 newline, a control character or a character outside ASCII"
            ),
            CredentialError::InvalidName { scheme } => write!(
                formatter,
                "the header, cookie or parameter name of security scheme `{scheme}` is invalid"
            ),
        }
    }
}

impl std::error::Error for CredentialError {}
