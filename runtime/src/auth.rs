//! Credentials by security scheme name, and their application to a request.

use std::collections::BTreeMap;
use std::fmt;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, COOKIE};

use crate::descriptor::Operation;
use crate::error::{CredentialError, RequestError};
use crate::param;

/// The credentials of a client, one per security scheme of the spec.
///
/// Values are stored as sensitive header values (or encoded query text) and are never printed:
/// `Debug` lists the scheme names only.
#[derive(Clone, Default)]
pub struct CredentialSet {
    entries: BTreeMap<&'static str, Credential>,
}

/// One stored credential.
#[derive(Clone)]
enum Credential {
    /// A header such as `Authorization` or `X-ApiToken`.
    Header {
        name: HeaderName,
        value: HeaderValue,
    },
    /// An encoded `name=value` query pair.
    Query { pair: String },
    /// A `name=value` cookie.
    Cookie { pair: String },
}

/// Returns `value` as a sensitive header value.
fn sensitive(scheme: &'static str, value: &str) -> Result<HeaderValue, CredentialError> {
    // `HeaderValue` would take bytes above 0x7F (obsolete header text), which servers decode in
    // different ways; a credential must be plain ASCII to arrive as it was written.
    if !value.is_ascii() {
        return Err(CredentialError::InvalidValue { scheme });
    }
    let mut value =
        HeaderValue::from_str(value).map_err(|_| CredentialError::InvalidValue { scheme })?;
    value.set_sensitive(true);
    Ok(value)
}

/// Checks that `value` could travel in a header, the rule for every kind of credential.
fn check_value(scheme: &'static str, value: &str) -> Result<(), CredentialError> {
    sensitive(scheme, value).map(drop)
}

impl CredentialSet {
    /// Returns an empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Stores an API key sent in the header `header`.
    pub fn insert_header(
        &mut self,
        scheme: &'static str,
        header: &'static str,
        value: &str,
    ) -> Result<(), CredentialError> {
        let name = HeaderName::from_bytes(header.as_bytes())
            .map_err(|_| CredentialError::InvalidName { scheme })?;
        let value = sensitive(scheme, value)?;
        self.entries
            .insert(scheme, Credential::Header { name, value });
        Ok(())
    }

    /// Stores a bearer token, sent as `Authorization: Bearer <token>`.
    pub fn insert_bearer(
        &mut self,
        scheme: &'static str,
        token: &str,
    ) -> Result<(), CredentialError> {
        check_value(scheme, token)?;
        let value = sensitive(scheme, &format!("Bearer {token}"))?;
        self.entries.insert(
            scheme,
            Credential::Header {
                name: AUTHORIZATION,
                value,
            },
        );
        Ok(())
    }

    /// Stores HTTP basic credentials, sent as `Authorization: Basic <base64(user:password)>`.
    pub fn insert_basic(
        &mut self,
        scheme: &'static str,
        username: &str,
        password: &str,
    ) -> Result<(), CredentialError> {
        check_value(scheme, username)?;
        check_value(scheme, password)?;
        let encoded = STANDARD.encode(format!("{username}:{password}"));
        let value = sensitive(scheme, &format!("Basic {encoded}"))?;
        self.entries.insert(
            scheme,
            Credential::Header {
                name: AUTHORIZATION,
                value,
            },
        );
        Ok(())
    }

    /// Stores an API key sent as the query parameter `param`.
    pub fn insert_query(
        &mut self,
        scheme: &'static str,
        param: &'static str,
        value: &str,
    ) -> Result<(), CredentialError> {
        if param.is_empty() {
            return Err(CredentialError::InvalidName { scheme });
        }
        check_value(scheme, value)?;
        self.entries.insert(
            scheme,
            Credential::Query {
                pair: param::pair(param, value),
            },
        );
        Ok(())
    }

    /// Stores an API key sent as the cookie `cookie`.
    pub fn insert_cookie(
        &mut self,
        scheme: &'static str,
        cookie: &'static str,
        value: &str,
    ) -> Result<(), CredentialError> {
        let name_is_valid = !cookie.is_empty()
            && cookie
                .bytes()
                .all(|byte| byte.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?={}".contains(&byte));
        if !name_is_valid {
            return Err(CredentialError::InvalidName { scheme });
        }
        // A `;` would end this cookie and start another one.
        if value.contains(';') {
            return Err(CredentialError::InvalidValue { scheme });
        }
        check_value(scheme, value)?;
        self.entries.insert(
            scheme,
            Credential::Cookie {
                pair: format!("{cookie}={value}"),
            },
        );
        Ok(())
    }

    /// Removes the credential of a scheme, returning whether there was one.
    pub fn remove(&mut self, scheme: &str) -> bool {
        self.entries.remove(scheme).is_some()
    }

    /// Returns whether a credential for the scheme is present.
    pub fn contains(&self, scheme: &str) -> bool {
        self.entries.contains_key(scheme)
    }

    /// Applies the first security alternative of `operation` whose schemes are all present.
    ///
    /// Headers are inserted, query pairs appended to `query`, and cookies joined into one
    /// `Cookie` header (after any cookie the request already has).
    pub(crate) fn apply(
        &self,
        operation: &'static Operation,
        headers: &mut HeaderMap,
        query: &mut Vec<String>,
    ) -> Result<(), RequestError> {
        if operation.security.is_empty() {
            return Ok(());
        }
        let Some(alternative) = operation
            .security
            .iter()
            .find(|alternative| alternative.iter().all(|scheme| self.contains(scheme)))
        else {
            return Err(RequestError::MissingCredentials {
                operation: operation.id,
                required: describe_alternatives(operation.security),
            });
        };
        let mut cookies: Vec<&str> = Vec::new();
        for scheme in alternative.iter() {
            match self.entries.get(scheme) {
                Some(Credential::Header { name, value }) => {
                    headers.insert(name.clone(), value.clone());
                }
                Some(Credential::Query { pair }) => query.push(pair.clone()),
                Some(Credential::Cookie { pair }) => cookies.push(pair),
                None => {}
            }
        }
        if !cookies.is_empty() {
            let mut joined = cookies.join("; ");
            if let Some(existing) = headers.get(COOKIE).and_then(|value| value.to_str().ok()) {
                joined = format!("{existing}; {joined}");
            }
            // Every part was checked when stored, so this only fails if a request parameter put
            // an invalid cookie header in place, which `header()` already refuses.
            let mut value = HeaderValue::from_str(&joined)
                .map_err(|_| RequestError::InvalidHeaderValue { name: "cookie" })?;
            value.set_sensitive(true);
            headers.insert(COOKIE, value);
        }
        Ok(())
    }
}

/// Describes the alternatives of a security requirement, such as
/// `` `ApiToken` and `AccountCode`, or `OAuth` ``.
fn describe_alternatives(security: &[&[&str]]) -> String {
    let alternatives: Vec<String> = security
        .iter()
        .map(|alternative| {
            let names: Vec<String> = alternative.iter().map(|name| format!("`{name}`")).collect();
            names.join(" and ")
        })
        .collect();
    alternatives.join(", or ")
}

impl fmt::Debug for CredentialSet {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("CredentialSet")
            .field("schemes", &self.entries.keys())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::Method;

    static OPERATION: Operation = Operation {
        id: "op",
        method: Method::GET,
        path_template: "/",
        servers: &[],
        security: &[&["Token", "Account"], &["Basic"]],
        idempotent: true,
        retry_after_field: None,
    };

    #[test]
    fn first_satisfied_alternative_is_applied() {
        let mut set = CredentialSet::new();
        set.insert_basic("Basic", "user", "pass").expect("valid");
        let mut headers = HeaderMap::new();
        let mut query = Vec::new();
        set.apply(&OPERATION, &mut headers, &mut query)
            .expect("basic satisfies");
        assert_eq!(
            headers
                .get(AUTHORIZATION)
                .and_then(|value| value.to_str().ok()),
            Some("Basic dXNlcjpwYXNz")
        );
        assert!(headers
            .get(AUTHORIZATION)
            .is_some_and(HeaderValue::is_sensitive));

        set.insert_header("Token", "X-ApiToken", "t")
            .expect("valid");
        set.insert_query("Account", "account", "a b")
            .expect("valid");
        let mut headers = HeaderMap::new();
        set.apply(&OPERATION, &mut headers, &mut query)
            .expect("first alternative");
        assert!(headers.get("x-apitoken").is_some());
        assert!(headers.get(AUTHORIZATION).is_none());
        assert_eq!(query, ["account=a%20b"]);
    }

    #[test]
    fn missing_credentials_name_the_alternatives() {
        let mut set = CredentialSet::new();
        set.insert_header("Token", "X-ApiToken", "t")
            .expect("valid");
        let error = set
            .apply(&OPERATION, &mut HeaderMap::new(), &mut Vec::new())
            .expect_err("neither alternative is complete");
        assert_eq!(
            error,
            RequestError::MissingCredentials {
                operation: "op",
                required: "`Token` and `Account`, or `Basic`".into()
            }
        );
    }

    #[test]
    fn invalid_values_and_names_are_refused() {
        let mut set = CredentialSet::new();
        assert_eq!(
            set.insert_bearer("Bearer", "abc\ndef"),
            Err(CredentialError::InvalidValue { scheme: "Bearer" })
        );
        assert_eq!(
            set.insert_header("Key", "X Bad", "v"),
            Err(CredentialError::InvalidName { scheme: "Key" })
        );
        assert_eq!(
            set.insert_cookie("Cookie", "sid", "a;b=c"),
            Err(CredentialError::InvalidValue { scheme: "Cookie" })
        );
        assert_eq!(
            set.insert_query("Query", "key", "\u{7f}"),
            Err(CredentialError::InvalidValue { scheme: "Query" })
        );
        assert!(!set.contains("Bearer"));
    }
}
