//! Compares what surrounds the operations: `info` and the crate identity, environments and
//! server lists (the `Environment` enum and its URLs), security schemes (`Credentials::with_*`)
//! and each operation's security requirement.

use super::{at, text_changed, ChangeKind, Cx, Impact, Side};
use crate::diagnostics::Location;
use crate::model::{Api, Operation, SchemeKind, ServerSet};
use std::collections::BTreeSet;

/// Compares the crate name and the `info` text.
pub(super) fn compare_info(cx: &mut Cx<'_>) {
    let (old, new) = (cx.old, cx.new);
    let (was, now) = (super::crate_name(old), super::crate_name(new));
    if was != now {
        cx.push(
            Impact::Breaking,
            ChangeKind::CrateRenamed,
            Side::New,
            &Location::new(new.spec.clone(), "/x-crate/name"),
            format!("crate renamed from `{was}` to `{now}`"),
            "dependents name the package in Cargo.toml and the crate in code",
        );
    }
    let location = Location::new(new.spec.clone(), "/info");
    if old.info.title.trim() != new.info.title.trim()
        || old.info.version != new.info.version
        || text_changed(
            old.info.description.as_deref(),
            new.info.description.as_deref(),
        )
    {
        cx.push(
            Impact::Patch,
            ChangeKind::Documentation,
            Side::New,
            &location,
            "title, API version or description in `info` changed".to_string(),
            "the crate's README and package description only",
        );
    }
}

fn root_set(api: &Api) -> Option<&ServerSet> {
    api.server_sets.get(api.root_servers)
}

fn set_of<'a>(api: &'a Api, op: &Operation) -> Option<&'a ServerSet> {
    api.server_sets.get(op.servers)
}

/// Compares the `Environment` enum, the default environment and the root server list.
pub(super) fn compare_servers(cx: &mut Cx<'_>) {
    let (old, new) = (cx.old, cx.new);
    let location = Location::new(new.spec.clone(), "/servers");
    let old_location = Location::new(old.spec.clone(), "/servers");
    // An environment's description is derived from its servers, which are compared below.
    for env in &new.environments {
        match old.environments.iter().find(|e| e.name == env.name) {
            None => cx.push(
                Impact::Minor,
                ChangeKind::ServersChanged,
                Side::New,
                &location,
                format!(
                    "environment {:?} added: `Environment::{}`",
                    env.name, env.rust_name
                ),
                "a new `Environment` variant; `Environment` is `#[non_exhaustive]`, so \
                    `match`es on it already have a wildcard arm",
            ),
            Some(was) if was.rust_name != env.rust_name => cx.push(
                Impact::Breaking,
                ChangeKind::ServersChanged,
                Side::New,
                &location,
                format!(
                    "`Environment::{}` renamed to `Environment::{}`",
                    was.rust_name, env.rust_name
                ),
                format!(
                    "code that names `Environment::{}` stops compiling",
                    was.rust_name
                ),
            ),
            Some(_) => {}
        }
    }
    for env in &old.environments {
        if !new.environments.iter().any(|e| e.name == env.name) {
            cx.push(
                Impact::Breaking,
                ChangeKind::ServersChanged,
                Side::Old,
                &old_location,
                format!(
                    "environment {:?} removed: `Environment::{}`",
                    env.name, env.rust_name
                ),
                format!(
                    "code that names `Environment::{}` stops compiling",
                    env.rust_name
                ),
            );
        }
    }
    let default = |api: &Api| {
        root_set(api)
            .and_then(|set| set.servers.first())
            .map(|s| s.environment.clone())
    };
    let (was, now) = (default(old), default(new));
    if was != now && was.is_some() && now.is_some() {
        let name = |api: &Api, env: &Option<String>| {
            api.environments
                .iter()
                .find(|e| Some(&e.name) == env.as_ref())
                .map(|e| e.rust_name.clone())
                .unwrap_or_default()
        };
        cx.push(
            Impact::Breaking,
            ChangeKind::ServersChanged,
            Side::New,
            &location,
            format!(
                "the default environment changes from `Environment::{}` to `Environment::{}`",
                name(old, &was),
                name(new, &now)
            ),
            "`Environment::default()` now selects another server: \
                clients built with it talk to a different host",
        );
    }
    if let (Some(a), Some(b)) = (root_set(old), root_set(new)) {
        compare_lists(cx, a, b, &location, "", true);
    }
}

/// Compares the server list of one operation, when either revision gives it its own.
pub(super) fn compare_operation_servers(
    cx: &mut Cx<'_>,
    old: &Operation,
    new: &Operation,
    method: &str,
) {
    let (old_api, new_api) = (cx.old, cx.new);
    if old.servers == old_api.root_servers && new.servers == new_api.root_servers {
        return;
    }
    if let (Some(a), Some(b)) = (set_of(old_api, old), set_of(new_api, new)) {
        let subject = format!(" of {method}");
        compare_lists(cx, a, b, &at(&new.origin, "servers"), &subject, false);
    }
}

/// Compares two server lists environment by environment.
fn compare_lists(
    cx: &mut Cx<'_>,
    old: &ServerSet,
    new: &ServerSet,
    location: &Location,
    subject: &str,
    root: bool,
) {
    for server in &new.servers {
        let env = &server.environment;
        let Some(was) = old.servers.iter().find(|s| s.environment == *env) else {
            // At the root, a new environment is reported once, as an `Environment` variant.
            if !root {
                cx.push(
                    Impact::Minor,
                    ChangeKind::ServersChanged,
                    Side::New,
                    location,
                    format!(
                        "server for environment {env:?} added{subject}: {}",
                        server.url
                    ),
                    "calls in that environment now have a server; existing code is unaffected",
                );
            }
            continue;
        };
        if was.url != server.url {
            cx.push(
                Impact::Patch,
                ChangeKind::ServersChanged,
                Side::New,
                location,
                format!(
                    "URL of environment {env:?}{subject} changes from {} to \
                    {}",
                    was.url, server.url
                ),
                "the `Environment` variant is unchanged; requests go to \
                    the new URL (a `base_url` override is unaffected)",
            );
        }
        if text_changed(was.description.as_deref(), server.description.as_deref()) {
            cx.push(
                Impact::Patch,
                ChangeKind::Documentation,
                Side::New,
                location,
                format!("description of the {env:?} server{subject} changed"),
                "documentation only",
            );
        }
        for variable in &server.variables {
            let Some(before) = was.variables.iter().find(|v| v.name == variable.name) else {
                if variable.required {
                    cx.push(
                        Impact::Breaking,
                        ChangeKind::ServersChanged,
                        Side::New,
                        location,
                        format!(
                            "server variable {:?} added to environment {env:?}{subject}, and it \
                            must be set",
                            variable.name
                        ),
                        "a client built without it for this environment fails to build",
                    );
                } else {
                    cx.push(
                        Impact::Minor,
                        ChangeKind::ServersChanged,
                        Side::New,
                        location,
                        format!(
                            "server variable {:?} added to environment {env:?}{subject} (default {:?})",
                            variable.name, variable.default
                        ),
                        "`server_variable` accepts a new name; the default applies when it is not set",
                    );
                }
                continue;
            };
            let lost: Vec<&String> = before
                .allowed
                .iter()
                .filter(|v| !variable.allowed.is_empty() && !variable.allowed.contains(v))
                .collect();
            let restricted = before.allowed.is_empty() && !variable.allowed.is_empty();
            if !lost.is_empty() || restricted {
                cx.push(
                    Impact::Breaking,
                    ChangeKind::ServersChanged,
                    Side::New,
                    location,
                    format!(
                        "server variable {:?} of environment {env:?}{subject} \
                        accepts fewer values (now {:?})",
                        variable.name, variable.allowed
                    ),
                    "a client built with a value that is no longer allowed fails to build",
                );
            } else if before.allowed != variable.allowed {
                cx.push(
                    Impact::Minor,
                    ChangeKind::ServersChanged,
                    Side::New,
                    location,
                    format!(
                        "server variable {:?} of environment {env:?}{subject} \
                        accepts more values (now {:?})",
                        variable.name, variable.allowed
                    ),
                    "every value allowed before is still allowed",
                );
            }
            if variable.required && !before.required {
                cx.push(
                    Impact::Breaking,
                    ChangeKind::ServersChanged,
                    Side::New,
                    location,
                    format!(
                        "server variable {:?} of environment {env:?}{subject} must now be set",
                        variable.name
                    ),
                    "a client built without it for this environment fails to build",
                );
            } else if before.required && !variable.required {
                cx.push(
                    Impact::Minor,
                    ChangeKind::ServersChanged,
                    Side::New,
                    location,
                    format!(
                        "server variable {:?} of environment {env:?}{subject} need not be set any more",
                        variable.name
                    ),
                    "its default now applies; clients that set it are unaffected",
                );
            }
            if before.default != variable.default {
                cx.push(
                    Impact::Patch,
                    ChangeKind::ServersChanged,
                    Side::New,
                    location,
                    format!(
                        "default of server variable {:?} of environment \
                        {env:?}{subject} changes from {:?} to {:?}",
                        variable.name, before.default, variable.default
                    ),
                    "clients that do not set the variable reach the new default",
                );
            }
        }
        for variable in was
            .variables
            .iter()
            .filter(|v| !server.variables.iter().any(|n| n.name == v.name))
        {
            cx.push(
                Impact::Breaking,
                ChangeKind::ServersChanged,
                Side::New,
                location,
                format!(
                    "server variable {:?} removed from environment {env:?}{subject}",
                    variable.name
                ),
                "a client that sets it with `server_variable` fails to build",
            );
        }
    }
    for server in old
        .servers
        .iter()
        .filter(|s| !new.servers.iter().any(|n| n.environment == s.environment))
    {
        if !root {
            cx.push(
                Impact::Breaking,
                ChangeKind::ServersChanged,
                Side::New,
                location,
                format!(
                    "no server for environment {:?}{subject} any more (was {})",
                    server.environment, server.url
                ),
                "calls in that environment fail for want of a server",
            );
        }
    }
}

/// Compares the security schemes, which are the `Credentials::with_*` methods.
pub(super) fn compare_schemes(cx: &mut Cx<'_>) {
    let (old, new) = (cx.old, cx.new);
    for scheme in &new.security_schemes {
        let method = format!("`Credentials::{}`", scheme.rust_name);
        let Some(was) = old.security_schemes.iter().find(|s| s.name == scheme.name) else {
            cx.push(
                Impact::Minor,
                ChangeKind::AuthChanged,
                Side::New,
                &scheme.origin,
                format!("security scheme {:?} added: {method}", scheme.name),
                "a new method on `Credentials`; existing code is unaffected",
            );
            continue;
        };
        if was.rust_name != scheme.rust_name {
            cx.push(
                Impact::Breaking,
                ChangeKind::AuthChanged,
                Side::New,
                &scheme.origin,
                format!("`Credentials::{}` renamed to {method}", was.rust_name),
                format!("code that calls `{}` stops compiling", was.rust_name),
            );
        }
        let basic = |kind: &SchemeKind| matches!(kind, SchemeKind::Basic);
        if basic(&was.kind) != basic(&scheme.kind) {
            cx.push(
                Impact::Breaking,
                ChangeKind::AuthChanged,
                Side::New,
                &scheme.origin,
                format!(
                    "security scheme {:?} changes from {} to {}",
                    scheme.name,
                    how(&was.kind),
                    how(&scheme.kind)
                ),
                format!("{method} takes different arguments: calls stop compiling"),
            );
        } else if was.kind != scheme.kind {
            cx.push(
                Impact::Patch,
                ChangeKind::AuthChanged,
                Side::New,
                &scheme.origin,
                format!(
                    "security scheme {:?} now sends {} (was {})",
                    scheme.name,
                    how(&scheme.kind),
                    how(&was.kind)
                ),
                format!(
                    "{method} is unchanged; only where the credential goes on the wire differs"
                ),
            );
        }
        if text_changed(was.doc.as_deref(), scheme.doc.as_deref()) {
            cx.push(
                Impact::Patch,
                ChangeKind::Documentation,
                Side::New,
                &scheme.origin,
                format!("description of {method} changed"),
                "documentation only",
            );
        }
    }
    for scheme in &old.security_schemes {
        if !new.security_schemes.iter().any(|s| s.name == scheme.name) {
            cx.push(
                Impact::Breaking,
                ChangeKind::AuthChanged,
                Side::Old,
                &scheme.origin,
                format!(
                    "security scheme {:?} removed: `Credentials::{}`",
                    scheme.name, scheme.rust_name
                ),
                format!("code that calls `{}` stops compiling", scheme.rust_name),
            );
        }
    }
}

fn how(kind: &SchemeKind) -> String {
    match kind {
        SchemeKind::Header { header } => format!("header `{header}`"),
        SchemeKind::Query { param } => format!("query parameter `{param}`"),
        SchemeKind::Cookie { cookie } => format!("cookie `{cookie}`"),
        SchemeKind::Bearer => "a bearer token".into(),
        SchemeKind::Basic => "HTTP Basic".into(),
    }
}

/// A security requirement as sets of scheme names (alternatives of conjunctions); no
/// requirement is one empty alternative.
type Requirement = Vec<BTreeSet<String>>;

fn requirement(api: &Api, op: &Operation) -> Requirement {
    let mut alternatives: Requirement = op
        .security
        .iter()
        .map(|all| {
            all.iter()
                .filter_map(|i| api.security_schemes.get(*i))
                .map(|s| s.name.clone())
                .collect()
        })
        .collect();
    if alternatives.is_empty() {
        alternatives.push(BTreeSet::new());
    }
    alternatives.sort();
    alternatives.dedup();
    alternatives
}

fn show_requirement(requirement: &Requirement) -> String {
    let alternatives: Vec<String> = requirement
        .iter()
        .map(|all| {
            if all.is_empty() {
                "none".to_string()
            } else {
                all.iter().cloned().collect::<Vec<_>>().join(" + ")
            }
        })
        .collect();
    alternatives.join(" or ")
}

/// A method whose security changed, and where.
type Affected = (String, Location);

/// Operations whose security requirement changed, grouped by the change, so a new root
/// `security` is one line rather than one per operation.
#[derive(Default)]
pub(super) struct SecurityGroups {
    groups: Vec<(Requirement, Requirement, Vec<Affected>)>,
}

impl SecurityGroups {
    /// Records one pair of operations if its requirement changed.
    pub(super) fn add(&mut self, cx: &Cx<'_>, old: &Operation, new: &Operation) {
        let (was, now) = (requirement(cx.old, old), requirement(cx.new, new));
        if was == now {
            return;
        }
        let entry = (
            format!("`Client::{}`", new.rust_name),
            at(&new.origin, "security"),
        );
        match self
            .groups
            .iter_mut()
            .find(|(a, b, _)| *a == was && *b == now)
        {
            Some((_, _, ops)) => ops.push(entry),
            None => self.groups.push((was, now, vec![entry])),
        }
    }

    /// Reports each group: stricter when some credentials that met the old requirement no
    /// longer meet the new one.
    pub(super) fn report(self, cx: &mut Cx<'_>) {
        for (was, now, ops) in self.groups {
            // Credentials that met an old alternative still pass if a new one asks for no more.
            let looser = was
                .iter()
                .all(|old| now.iter().any(|new| new.is_subset(old)));
            let (impact, reason) = if looser {
                (
                    Impact::Patch,
                    "every caller that met the old requirement still meets it",
                )
            } else {
                (
                    Impact::Breaking,
                    "callers that set only the credentials the old \
                    requirement asked for are refused",
                )
            };
            let location = match ops.as_slice() {
                [(_, only)] => only.clone(),
                _ => Location::new(cx.new.spec.clone(), "/security"),
            };
            let names: Vec<String> = ops.iter().map(|(name, _)| name.clone()).collect();
            let shown = if names.len() > 3 {
                let first: Vec<&str> = names.iter().take(3).map(String::as_str).collect();
                format!("{} and {} more", first.join(", "), names.len() - 3)
            } else {
                names.join(", ")
            };
            cx.push(
                impact,
                ChangeKind::AuthChanged,
                Side::New,
                &location,
                format!(
                    "security of {shown} changes from {} to {}",
                    show_requirement(&was),
                    show_requirement(&now)
                ),
                reason,
            );
        }
    }
}
