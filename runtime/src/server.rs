//! Server selection, server variable substitution and the URL policy.
//!
//! The policy: `https://` is always allowed, `http://` only when the host is a loopback address
//! (127.0.0.0/8, `::1` or `localhost`), and a relative URL needs the caller to set `base_url`.

use std::collections::BTreeMap;

use url::{Host, Url};

use crate::descriptor::Server;

/// Why a URL is refused by the policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum UrlProblem {
    /// The URL has no scheme and host.
    Relative,
    /// The URL is `http://` to a host that is not loopback.
    Insecure,
    /// The URL is not usable as a base for other reasons.
    Invalid(String),
}

/// Checks `url` against the policy, returning it without trailing slashes.
///
/// The text is kept as given (not as `url` would re-serialize it) so that a path such as
/// `/v1/` followed by `/visits` is joined exactly.
pub(crate) fn check_url(url: &str) -> Result<&str, UrlProblem> {
    let url = url.trim();
    let parsed = match Url::parse(url) {
        Ok(parsed) => parsed,
        Err(url::ParseError::RelativeUrlWithoutBase) => return Err(UrlProblem::Relative),
        Err(error) => return Err(UrlProblem::Invalid(error.to_string())),
    };
    if parsed.cannot_be_a_base() {
        return Err(UrlProblem::Invalid("the URL cannot have a path".into()));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(UrlProblem::Invalid(
            "the URL must not contain a user name or password; use the credential set".into(),
        ));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(UrlProblem::Invalid(
            "the URL must not have a query or fragment".into(),
        ));
    }
    match parsed.scheme() {
        "https" => {}
        "http" if is_loopback(parsed.host()) => {}
        "http" => return Err(UrlProblem::Insecure),
        _ => {
            return Err(UrlProblem::Invalid(
                "the scheme must be https or http".into(),
            ))
        }
    }
    Ok(url.trim_end_matches('/'))
}

/// Returns whether the host is a loopback address or `localhost`.
fn is_loopback(host: Option<Host<&str>>) -> bool {
    match host {
        Some(Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(address)) => address.is_loopback(),
        Some(Host::Ipv6(address)) => address.is_loopback(),
        None => false,
    }
}

/// Picks the server for `environment`: the one named after it, or a sole server named
/// `default`.
pub(crate) fn select<'s>(servers: &'s [Server], environment: &str) -> Option<&'s Server> {
    servers
        .iter()
        .find(|server| server.environment == environment)
        .or(match servers {
            [only] if only.environment == "default" => Some(only),
            _ => None,
        })
}

/// Why a server URL could not be completed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SubstituteError {
    /// The URL uses `{name}` but the server does not declare it.
    Undeclared(String),
    /// The configured value is outside the variable's `enum`.
    NotAllowed(String),
    /// A `{` has no matching `}`.
    Unclosed,
}

impl std::fmt::Display for SubstituteError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SubstituteError::Undeclared(name) => {
                write!(formatter, "it uses the undeclared variable `{name}`")
            }
            SubstituteError::NotAllowed(name) => {
                write!(
                    formatter,
                    "the value of variable `{name}` is not in its enum"
                )
            }
            SubstituteError::Unclosed => formatter.write_str("a `{` has no matching `}`"),
        }
    }
}

/// Replaces every `{name}` in the server URL with the configured value, else the default.
pub(crate) fn substitute(
    server: &Server,
    values: &BTreeMap<String, String>,
) -> Result<String, SubstituteError> {
    let mut url = String::with_capacity(server.url.len());
    let mut rest = server.url;
    while let Some(open) = rest.find('{') {
        url.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}').ok_or(SubstituteError::Unclosed)?;
        let name = &after[..close];
        let variable = server
            .variables
            .iter()
            .find(|variable| variable.name == name)
            .ok_or_else(|| SubstituteError::Undeclared(name.to_owned()))?;
        let value = values.get(name).map_or(variable.default, String::as_str);
        if !variable.allowed.is_empty() && !variable.allowed.contains(&value) {
            return Err(SubstituteError::NotAllowed(name.to_owned()));
        }
        url.push_str(value);
        rest = &after[close + 1..];
    }
    url.push_str(rest);
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::descriptor::ServerVariable;

    static REGION: ServerVariable = ServerVariable {
        name: "region",
        default: "us",
        allowed: &["us", "eu"],
        required: false,
    };

    #[test]
    fn policy_allows_https_and_loopback_http_only() {
        assert_eq!(
            check_url("https://api.example.com/v1/"),
            Ok("https://api.example.com/v1")
        );
        assert_eq!(
            check_url("http://127.0.0.1:4010"),
            Ok("http://127.0.0.1:4010")
        );
        assert_eq!(check_url("http://127.8.9.1"), Ok("http://127.8.9.1"));
        assert_eq!(check_url("http://[::1]:8080/x"), Ok("http://[::1]:8080/x"));
        assert_eq!(check_url("http://LOCALHOST/"), Ok("http://LOCALHOST"));
        assert_eq!(
            check_url("http://api.example.com"),
            Err(UrlProblem::Insecure)
        );
        assert_eq!(
            check_url("http://localhost.evil.com"),
            Err(UrlProblem::Insecure)
        );
        assert_eq!(check_url("http://10.0.0.1"), Err(UrlProblem::Insecure));
        assert_eq!(check_url("/api/v3"), Err(UrlProblem::Relative));
        assert!(matches!(
            check_url("ftp://example.com"),
            Err(UrlProblem::Invalid(_))
        ));
        assert!(matches!(
            check_url("https://u:p@example.com"),
            Err(UrlProblem::Invalid(_))
        ));
        assert!(matches!(
            check_url("https://example.com/?a=1"),
            Err(UrlProblem::Invalid(_))
        ));
        assert!(matches!(
            check_url("mailto:a@b.c"),
            Err(UrlProblem::Invalid(_))
        ));
    }

    #[test]
    fn selection_prefers_the_environment_then_a_sole_default() {
        let servers = [
            Server {
                environment: "production",
                url: "https://p",
                variables: &[],
            },
            Server {
                environment: "sandbox",
                url: "https://s",
                variables: &[],
            },
        ];
        assert_eq!(
            select(&servers, "sandbox").map(|server| server.url),
            Some("https://s")
        );
        assert!(select(&servers, "staging").is_none());
        let sole = [Server {
            environment: "default",
            url: "https://d",
            variables: &[],
        }];
        assert_eq!(
            select(&sole, "staging").map(|server| server.url),
            Some("https://d")
        );
        let named = [Server {
            environment: "production",
            url: "https://p",
            variables: &[],
        }];
        assert!(select(&named, "staging").is_none());
    }

    #[test]
    fn substitution_uses_values_then_defaults_and_checks_enums() {
        let server = Server {
            environment: "default",
            url: "https://{region}.example.com/{region}/v1",
            variables: std::slice::from_ref(&REGION),
        };
        let mut values = BTreeMap::new();
        assert_eq!(
            substitute(&server, &values).as_deref(),
            Ok("https://us.example.com/us/v1")
        );
        values.insert("region".to_owned(), "eu".to_owned());
        assert_eq!(
            substitute(&server, &values).as_deref(),
            Ok("https://eu.example.com/eu/v1")
        );
        values.insert("region".to_owned(), "mars".to_owned());
        assert_eq!(
            substitute(&server, &values),
            Err(SubstituteError::NotAllowed("region".into()))
        );
        let undeclared = Server {
            environment: "default",
            url: "https://{zone}.x",
            variables: &[],
        };
        assert_eq!(
            substitute(&undeclared, &values),
            Err(SubstituteError::Undeclared("zone".into()))
        );
        let unclosed = Server {
            environment: "default",
            url: "https://{zone.x",
            variables: &[],
        };
        assert_eq!(
            substitute(&unclosed, &values),
            Err(SubstituteError::Unclosed)
        );
    }
}
