//! The owned model that lowering produces and emission consumes: a type arena addressed by
//! ids, the operations with their parameters, bodies and responses, servers and auth.
//! No `openapiv3` type appears here, and every node keeps the spec location it came from.

mod operations;
mod servers;
mod types;

pub use operations::*;
pub use servers::*;
pub use types::*;

use serde::Serialize;

/// A whole API, ready to be emitted.
#[derive(Debug, Clone, Serialize)]
pub struct Api {
    /// The spec file, as named in diagnostics.
    pub spec: String,
    /// Title, version and description from `info`.
    pub info: Info,
    /// Every named type, addressed by [`TypeId`].
    pub types: TypeArena,
    /// Every operation in spec order (paths, then methods in a fixed order).
    pub operations: Vec<Operation>,
    /// The environments that the servers define, in order of first appearance.
    pub environments: Vec<Environment>,
    /// Distinct server lists; operations point into this by index.
    pub server_sets: Vec<ServerSet>,
    /// The server list that applies at the root of the spec.
    pub root_servers: usize,
    /// Security schemes in spec order.
    pub security_schemes: Vec<SecurityScheme>,
}

/// The spec's `info` object plus the crate identity from `x-crate`.
#[derive(Debug, Clone, Serialize)]
pub struct Info {
    /// The API's title.
    pub title: String,
    /// The API's own version (not the crate's).
    pub version: String,
    /// The API's description.
    pub description: Option<String>,
    /// The crate name from `x-crate.name`, if the spec gives one.
    pub crate_name: Option<String>,
    /// The crate version from `x-crate.version`, if the spec gives one.
    pub crate_version: Option<String>,
    /// What the spec's authors assumed where the vendor's documentation was silent
    /// (`x-assumptions`), shown in the docs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub assumptions: Vec<String>,
}

impl Info {
    /// The generated crate's version: `x-crate.version`; else the API's own `info.version` when
    /// it is a plain `MAJOR.MINOR.PATCH` version (so a stranger's spec versions its crate the
    /// way it versions its API); else `0.1.0`.
    pub fn generated_crate_version(&self) -> String {
        if let Some(version) = &self.crate_version {
            return version.clone();
        }
        let parts: Vec<&str> = self.version.trim().split('.').collect();
        let plain = parts.len() == 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        if plain {
            self.version.trim().to_string()
        } else {
            "0.1.0".into()
        }
    }
}

impl Api {
    /// The security schemes that every operation needs whichever alternative it is called
    /// with: a client without one of them could send no request, so its builder refuses to
    /// build. Empty when some operation needs no credential, offers an anonymous alternative,
    /// or when there are no operations.
    pub fn schemes_every_operation_needs(&self) -> Vec<&SecurityScheme> {
        self.scheme_indices_every_operation_needs()
            .into_iter()
            .filter_map(|index| self.security_schemes.get(index))
            .collect()
    }

    /// The same, as indices into [`Api::security_schemes`], sorted.
    fn scheme_indices_every_operation_needs(&self) -> Vec<usize> {
        let mut operations = self.operations.iter();
        let Some(first) = operations.next() else {
            return Vec::new();
        };
        let needed_by = |operation: &Operation| -> Vec<usize> {
            let mut alternatives = operation.security.iter();
            let Some(first) = alternatives.next() else {
                return Vec::new();
            };
            let mut common = first.clone();
            for alternative in alternatives {
                common.retain(|scheme| alternative.contains(scheme));
            }
            common
        };
        let mut common = needed_by(first);
        for operation in operations {
            let needed = needed_by(operation);
            common.retain(|scheme| needed.contains(scheme));
        }
        common.sort_unstable();
        common.dedup();
        common
    }
}
