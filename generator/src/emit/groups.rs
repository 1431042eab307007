//! Feature groups: each operation belongs to a group (its first tag, else its path's first
//! segment) that becomes a cargo feature of the crate, enabled by `full` (a default feature).
//! A type is compiled only when a group whose operations reach it is enabled, so a user of one
//! group compiles that group's operations and types and nothing else.

use crate::model::{Api, Operation, TypeId};
use crate::naming::{self, Scope, CRATE_FEATURES};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::HashMap;

/// The most groups a type's `#[cfg(any(...))]` lists. A type reached by more is always compiled,
/// with every type it mentions: it is needed by nearly any choice of groups anyway, and listing
/// them would make the output grow as types times groups on a spec with thousands of tags.
const MAX_CFG_GROUPS: usize = 16;

/// The groups of an API, and which of them reach each type.
pub(super) struct Groups {
    /// The feature names, in order of first appearance.
    names: Vec<String>,
    /// Each operation's group, by operation index (an index into `names`).
    of_operation: Vec<usize>,
    /// The groups that reach each type, by type index, ascending.
    of_type: Vec<Vec<usize>>,
}

/// What names an operation's group before it becomes a feature name: its first tag, else the
/// first segment of its path that is neither a parameter nor a prefix that every path of an
/// API tends to share (`api`, `v1`, `v2.1`), else `root`.
fn raw_group(op: &Operation) -> &str {
    if let Some(tag) = op.tag.as_deref().filter(|tag| !tag.trim().is_empty()) {
        return tag;
    }
    let literal = |segment: &&str| !segment.is_empty() && !segment.contains('{');
    let is_prefix = |segment: &str| {
        segment.eq_ignore_ascii_case("api")
            || segment.strip_prefix(['v', 'V']).is_some_and(|rest| {
                !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit() || c == '.')
            })
    };
    let mut segments = op.path.split('/').filter(literal);
    segments
        .clone()
        .find(|segment| !is_prefix(segment))
        .or_else(|| segments.next())
        .unwrap_or("root")
}

impl Groups {
    /// Assigns each operation its group and finds the groups that reach each type.
    pub(super) fn of(api: &Api) -> Groups {
        let mut scope = Scope::with_reserved(CRATE_FEATURES);
        let mut by_raw: HashMap<&str, usize> = HashMap::new();
        let mut names = Vec::new();
        let mut of_operation = Vec::with_capacity(api.operations.len());
        for op in &api.operations {
            let raw = raw_group(op);
            let index = *by_raw.entry(raw).or_insert_with(|| {
                names.push(scope.claim(&naming::feature_name(raw)));
                names.len() - 1
            });
            of_operation.push(index);
        }
        let mut of_type: Vec<Vec<usize>> = vec![Vec::new(); api.types.len()];
        for (op, group) in api.operations.iter().zip(&of_operation) {
            // Every type the operation reaches, by a walk that visits each type once.
            let mut pending: Vec<TypeId> = Vec::new();
            op.request_types(&mut pending);
            for response in &op.responses {
                if let Some(body) = &response.body {
                    body.ty.named_types(&mut pending);
                }
            }
            while let Some(id) = pending.pop() {
                let Some(groups) = of_type.get_mut(id.index()) else {
                    continue;
                };
                if groups.contains(group) {
                    continue;
                }
                groups.push(*group);
                pending.extend(api.types.children(id));
            }
        }
        // A type that no operation reaches is always compiled (the caller may use it), and so
        // is every type it mentions; the same for a type that too many groups reach.
        let every: Vec<usize> = (0..names.len()).collect();
        let mut pending: Vec<TypeId> = api
            .types
            .ids()
            .filter(|id| {
                of_type
                    .get(id.index())
                    .is_some_and(|groups| groups.is_empty() || groups.len() > MAX_CFG_GROUPS)
            })
            .collect();
        while let Some(id) = pending.pop() {
            let Some(groups) = of_type.get_mut(id.index()) else {
                continue;
            };
            if groups.len() == every.len() {
                continue;
            }
            groups.clone_from(&every);
            pending.extend(api.types.children(id));
        }
        for groups in &mut of_type {
            groups.sort_unstable();
        }
        Groups {
            names,
            of_operation,
            of_type,
        }
    }

    /// Whether the crate has groups at all: with one group there is nothing to choose.
    pub(super) fn enabled(&self) -> bool {
        self.names.len() > 1
    }

    /// The feature names, in order of first appearance.
    pub(super) fn names(&self) -> &[String] {
        &self.names
    }

    /// The feature name of the operation at `index`.
    pub(super) fn operation_feature(&self, index: usize) -> Option<&str> {
        let group = *self.of_operation.get(index)?;
        self.names.get(group).map(String::as_str)
    }

    /// How many operations the group at `group` has, and the first few of their method names,
    /// such as `3 operations: add_pet, get_pet, delete_pet`.
    pub(super) fn summary(&self, api: &Api, group: usize) -> String {
        const SHOWN: usize = 6;
        let methods: Vec<&str> = self
            .of_operation
            .iter()
            .zip(&api.operations)
            .filter(|(g, _)| **g == group)
            .map(|(_, op)| op.rust_name.as_str())
            .collect();
        let count = methods.len();
        let plural = if count == 1 { "" } else { "s" };
        let shown: Vec<&str> = methods.iter().take(SHOWN).copied().collect();
        let more = if count > SHOWN {
            format!(" and {} more", count - SHOWN)
        } else {
            String::new()
        };
        format!("{count} operation{plural}: {}{more}", shown.join(", "))
    }

    /// The `#[cfg]` attribute of the operation at `index`, or nothing without groups.
    pub(super) fn operation_cfg(&self, index: usize) -> TokenStream {
        match self.operation_feature(index).filter(|_| self.enabled()) {
            Some(feature) => quote!(#[cfg(feature = #feature)]),
            None => TokenStream::new(),
        }
    }

    /// The `#[cfg]` attribute of a type: the groups that reach it. Nothing without groups, or
    /// for a type that every group reaches (or that no operation reaches, which is kept for
    /// callers, with every type it mentions).
    pub(super) fn type_cfg(&self, id: TypeId) -> TokenStream {
        match self.of_type.get(id.index()) {
            Some(groups) => self.cfg_of(groups),
            None => TokenStream::new(),
        }
    }

    /// The `#[cfg]` attribute of something the operations at `operations` use (such as a server
    /// list): the groups of those operations.
    pub(super) fn used_by_cfg(&self, operations: impl Iterator<Item = usize>) -> TokenStream {
        let mut groups: Vec<usize> = operations
            .filter_map(|op| self.of_operation.get(op).copied())
            .collect();
        groups.sort_unstable();
        groups.dedup();
        self.cfg_of(&groups)
    }

    /// The `#[cfg]` attribute that compiles an item with any of `groups`; nothing without
    /// groups, or when `groups` is empty or all of them.
    fn cfg_of(&self, groups: &[usize]) -> TokenStream {
        if !self.enabled()
            || groups.is_empty()
            || groups.len() == self.names.len()
            || groups.len() > MAX_CFG_GROUPS
        {
            return TokenStream::new();
        }
        let features: Vec<&String> = groups.iter().filter_map(|g| self.names.get(*g)).collect();
        match features.as_slice() {
            [one] => quote!(#[cfg(feature = #one)]),
            _ => quote!(#[cfg(any(#(feature = #features),*))]),
        }
    }
}

/// Puts `cfg` on every item of `items`, such as a type and its impls. Items that do not parse
/// are returned ungated: the crate then still compiles with every feature, and the formatter
/// reports the tokens.
pub(super) fn gate(items: TokenStream, cfg: &TokenStream) -> TokenStream {
    if cfg.is_empty() {
        return items;
    }
    match syn::parse2::<syn::File>(items.clone()) {
        Ok(file) => {
            let gated = file.items.iter().map(|item| quote!(#cfg #item));
            quote!(#(#gated)*)
        }
        Err(_) => items,
    }
}
