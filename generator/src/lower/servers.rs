//! Lowers `servers` (into environments shared by every server list) and `securitySchemes`.

use super::{LowerCtx, ServerSets};
use crate::diagnostics::join;
use crate::model::{Environment, SchemeKind, SecurityScheme, Server, ServerSet, ServerVariable};
use crate::naming::{self, Scope};
use openapiv3::{APIKeyLocation, OpenAPI, ReferenceOr};
use serde_json::Value;

/// The environment that a server with no name of its own belongs to when it is alone in its list.
pub const DEFAULT_ENVIRONMENT: &str = "default";

/// Lowers the root `servers` (OpenAPI's default when there are none: a relative `/`).
pub(crate) fn lower_root_servers(
    cx: &mut LowerCtx<'_>,
    document: &OpenAPI,
    sets: &mut ServerSets,
) -> usize {
    let set = if document.servers.is_empty() {
        ServerSet {
            servers: vec![Server {
                environment: DEFAULT_ENVIRONMENT.into(),
                url: "/".into(),
                description: None,
                variables: Vec::new(),
            }],
        }
    } else {
        server_set(cx, &document.servers, "/servers")
    };
    sets.intern(set)
}

/// Lowers one `servers` list found at `pointer`.
pub(crate) fn server_set(
    cx: &mut LowerCtx<'_>,
    servers: &[openapiv3::Server],
    pointer: &str,
) -> ServerSet {
    let mut names = Scope::default();
    let mut out = Vec::new();
    for (i, server) in servers.iter().enumerate() {
        let at = join(pointer, &i.to_string());
        let named = match server.extensions.get("x-environment") {
            Some(Value::String(name)) if !name.trim().is_empty() => Some(name.trim().to_string()),
            Some(_) => {
                cx.warn(
                    &join(&at, "x-environment"),
                    "must be a non-empty string; ignored",
                );
                None
            }
            None => None,
        };
        let environment = named.unwrap_or_else(|| {
            if servers.len() == 1 {
                DEFAULT_ENVIRONMENT.to_string()
            } else {
                match &server.description {
                    Some(d) if !d.trim().is_empty() && d.split_whitespace().count() <= 4 => {
                        naming::environment_name(d)
                    }
                    _ => format!("server-{}", i + 1),
                }
            }
        });
        let environment = if names.contains(&environment) {
            let renamed = names.claim(&environment);
            cx.warn(&at, format!("a second server for environment {environment:?} in one list; it is named {renamed:?}"));
            renamed
        } else {
            names.claim(&environment)
        };
        if insecure(&server.url) {
            cx.warn(
                &join(&at, "url"),
                "the client sends nothing over plain HTTP except to loopback addresses; give `ClientBuilder::base_url` an https:// URL for this server",
            );
        }
        let mut variables = Vec::new();
        for (name, variable) in server.variables.iter().flatten() {
            if !variable.enumeration.is_empty() && !variable.enumeration.contains(&variable.default)
            {
                cx.warn(
                    &join(&join(&join(&at, "variables"), name), "default"),
                    "the default is not one of the allowed values",
                );
            }
            let marked = variable.extensions.get("x-required");
            if marked.is_some_and(|value| !value.is_boolean()) {
                cx.warn(
                    &join(&join(&join(&at, "variables"), name), "x-required"),
                    "must be true or false; ignored",
                );
            }
            let required = match marked.and_then(Value::as_bool) {
                Some(required) => required,
                None => placeholder_default(&variable.default),
            };
            variables.push(ServerVariable {
                name: name.clone(),
                default: variable.default.clone(),
                allowed: variable.enumeration.clone(),
                required,
                description: variable.description.clone(),
            });
        }
        for placeholder in placeholders(&server.url) {
            if !variables.iter().any(|v| v.name == placeholder) {
                cx.warn(
                    &join(&at, "url"),
                    format!("the URL uses {{{placeholder}}} but `variables` does not define it; it is a variable without a default, to be set with `ClientBuilder::server_variable`"),
                );
                variables.push(ServerVariable {
                    name: placeholder,
                    default: String::new(),
                    allowed: Vec::new(),
                    required: true,
                    description: None,
                });
            }
        }
        out.push(Server {
            environment,
            url: server.url.clone(),
            description: server.description.clone(),
            variables,
        });
    }
    ServerSet { servers: out }
}

/// Whether a server variable's default is only a placeholder that no request could reach: empty,
/// or a host under the `.invalid` domain, which RFC 6761 reserves never to resolve (specs must
/// give a default, so a host that is per account gets one of these).
fn placeholder_default(default: &str) -> bool {
    let host = default.trim().split(['/', ':']).next().unwrap_or_default();
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    host.is_empty() || host == "invalid" || host.ends_with(".invalid")
}

/// Whether a server URL is plain HTTP to a host other than a loopback one.
fn insecure(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("http://") else {
        return false;
    };
    let host = rest.split(['/', ':']).next().unwrap_or("");
    !(host == "localhost" || host.starts_with("127.") || host == "[::1]" || host.starts_with('{'))
}

/// The `{name}` placeholders of a URL template.
fn placeholders(url: &str) -> Vec<String> {
    crate::template::Template::parse(url)
        .variables()
        .map(str::to_string)
        .collect()
}

/// Every environment named by some server, root servers first, in order of appearance.
pub(crate) fn environments(sets: &[ServerSet], root: usize) -> Vec<Environment> {
    let order = std::iter::once(root).chain((0..sets.len()).filter(|i| *i != root));
    let mut environments: Vec<Environment> = Vec::new();
    let mut rust_names = Scope::default();
    for set in order.filter_map(|index| sets.get(index)) {
        for server in &set.servers {
            match environments
                .iter_mut()
                .find(|e| e.name == server.environment)
            {
                Some(_) => {}
                None => {
                    let doc = match &server.description {
                        Some(d) => format!("{d} (`{}`).", server.url),
                        None => format!("`{}`.", server.url),
                    };
                    environments.push(Environment {
                        name: server.environment.clone(),
                        rust_name: rust_names.claim(&naming::variant_name(&server.environment)),
                        doc: Some(doc),
                    });
                }
            }
        }
    }
    environments
}

/// Lowers `components/securitySchemes` in spec order.
pub(crate) fn lower_security_schemes(
    cx: &mut LowerCtx<'_>,
    document: &OpenAPI,
) -> Vec<SecurityScheme> {
    let Some(components) = &document.components else {
        return Vec::new();
    };
    let mut methods = Scope::with_reserved(&["new"]);
    let mut out = Vec::new();
    for (name, scheme) in &components.security_schemes {
        let pointer = join("/components/securitySchemes", name);
        let scheme = match scheme {
            ReferenceOr::Item(scheme) => scheme.clone(),
            ReferenceOr::Reference { reference } => {
                let Some((_, value)) = cx.follow(reference, &pointer) else {
                    continue;
                };
                match serde_json::from_value::<openapiv3::SecurityScheme>(value.clone()) {
                    Ok(scheme) => scheme,
                    Err(_) => {
                        cx.error(
                            &pointer,
                            format!("$ref {reference:?} is not a security scheme"),
                        );
                        continue;
                    }
                }
            }
        };
        let (kind, doc) = match scheme {
            openapiv3::SecurityScheme::APIKey { location, name: key, description, .. } => (
                match location {
                    APIKeyLocation::Header => SchemeKind::Header { header: key },
                    APIKeyLocation::Query => SchemeKind::Query { param: key },
                    APIKeyLocation::Cookie => SchemeKind::Cookie { cookie: key },
                },
                description,
            ),
            openapiv3::SecurityScheme::HTTP { scheme, description, .. } => match scheme.to_ascii_lowercase().as_str() {
                "bearer" => (SchemeKind::Bearer, description),
                "basic" => (SchemeKind::Basic, description),
                other => {
                    cx.warn(&join(&pointer, "scheme"), format!("HTTP auth scheme {other:?} is sent as a ready-made `Authorization` header value that the caller supplies"));
                    (SchemeKind::Header { header: "Authorization".into() }, description)
                }
            },
            openapiv3::SecurityScheme::OAuth2 { description, .. } => (
                SchemeKind::Bearer,
                Some(description.unwrap_or_default() + "\n\nOAuth 2: the client sends an access token that the caller obtains."),
            ),
            openapiv3::SecurityScheme::OpenIDConnect { description, .. } => (
                SchemeKind::Bearer,
                Some(description.unwrap_or_default() + "\n\nOpenID Connect: the client sends an access token that the caller obtains."),
            ),
        };
        let origin = cx.loc(&pointer);
        out.push(SecurityScheme {
            name: name.clone(),
            rust_name: methods.claim(&format!(
                "with_{}",
                naming::field_name(name).trim_end_matches('_')
            )),
            kind,
            doc: doc.map(|d| d.trim().to_string()).filter(|d| !d.is_empty()),
            origin,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholder_defaults_are_hosts_that_never_resolve() {
        assert!(placeholder_default("vsee-api-host.invalid"));
        assert!(placeholder_default("API.INVALID:443/v1"));
        assert!(placeholder_default(""));
        assert!(!placeholder_default("api.example.com"));
        assert!(!placeholder_default("invalid-host.example.com"));
        assert!(!placeholder_default("v1"));
    }
}
