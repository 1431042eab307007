//! The module graph of a crate, read from its source files, and the cycles in it.
//!
//! A module depends on another when its file names it by path: `crate::a::b`, `super::x`,
//! `self::x`, or `x::...` for a child `x` it declares. The rule the tidy test enforces is about
//! siblings: the children of each module, each with everything below it taken as one node, form
//! an acyclic graph. A module's own file may use its children (it wires them together) and a
//! child may use its ancestors' items (shared context); what is forbidden is two siblings that
//! need each other, directly or through others, since then neither can be understood or
//! changed alone. Code under `#[cfg(test)]` at the end of a file is left out: tests are not
//! layers.
//!
//! This is a scan of paths in the text, not a compiler: it sees `crate::` paths in code and in
//! doc links alike, which errs on the side of reporting a dependency.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A module's path below the crate root (`["diff", "types"]`); the root is empty.
pub type ModulePath = Vec<String>;

/// The cycles among siblings in the crate whose root file (`lib.rs` or `main.rs`) is in `src`,
/// each written as `a::b → a::c → a::b`.
pub fn sibling_cycles(src: &Path) -> Vec<String> {
    let files = module_files(src);
    let known: BTreeSet<ModulePath> = files.keys().cloned().collect();
    let mut graphs: BTreeMap<ModulePath, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for (module, text) in &files {
        for target in references(module, text, &known) {
            if let Some((parent, from, to)) = sibling_edge(module, &target) {
                graphs
                    .entry(parent)
                    .or_default()
                    .entry(from)
                    .or_default()
                    .insert(to);
            }
        }
    }
    let mut cycles = Vec::new();
    for (parent, graph) in &graphs {
        for cycle in cycles_in(graph) {
            let named: Vec<String> = cycle
                .iter()
                .map(|child| {
                    let mut path = parent.clone();
                    path.push(child.clone());
                    path.join("::")
                })
                .collect();
            cycles.push(named.join(" → "));
        }
    }
    cycles
}

/// Every module file under `src` with its text (the part before a trailing `#[cfg(test)]`).
fn module_files(src: &Path) -> BTreeMap<ModulePath, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let Ok(relative) = path.strip_prefix(src) else {
                continue;
            };
            let mut module: ModulePath = relative
                .with_extension("")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if matches!(
                module.last().map(String::as_str),
                Some("mod" | "lib" | "main")
            ) {
                module.pop();
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let code = match text.find("#[cfg(test)]\nmod ") {
                Some(at) => text.get(..at).unwrap_or_default().to_string(),
                None => text,
            };
            out.entry(module)
                .or_insert_with(String::new)
                .push_str(&code);
        }
    }
    out
}

/// The modules that `module`'s text refers to, each the longest known module on the path.
fn references(module: &[String], text: &str, known: &BTreeSet<ModulePath>) -> BTreeSet<ModulePath> {
    let children: BTreeSet<String> = known
        .iter()
        .filter(|path| path.len() == module.len() + 1 && path.starts_with(module))
        .filter_map(|path| path.last().cloned())
        .collect();
    let mut out = BTreeSet::new();
    for path in paths_in(text) {
        let mut segments = path.iter();
        let Some(first) = segments.next() else {
            continue;
        };
        let mut base: ModulePath = match first.as_str() {
            "crate" => Vec::new(),
            "self" => module.to_vec(),
            "super" => {
                let mut base = module.to_vec();
                base.pop();
                for segment in segments.clone() {
                    if segment != "super" {
                        break;
                    }
                    base.pop();
                }
                base
            }
            child if children.contains(child) => module.to_vec(),
            _ => continue,
        };
        let rest: Vec<&String> = match first.as_str() {
            "crate" | "self" => segments.collect(),
            "super" => segments.skip_while(|s| *s == "super").collect(),
            _ => path.iter().collect(),
        };
        let mut target = base.clone();
        for segment in rest {
            base.push(segment.clone());
            if known.contains(&base) {
                target = base.clone();
            } else {
                break;
            }
        }
        if target != module {
            out.insert(target);
        }
    }
    out
}

/// Every `a::b::c` path in `text` that starts at an identifier (not after `::`).
fn paths_in(text: &str) -> Vec<Vec<String>> {
    let bytes = text.as_bytes();
    let is_ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let starts = bytes.get(at).copied().is_some_and(is_ident)
            && (at == 0
                || !bytes
                    .get(at - 1)
                    .copied()
                    .is_some_and(|b| is_ident(b) || b == b':'));
        if !starts {
            at += 1;
            continue;
        }
        let mut segments = Vec::new();
        let mut cursor = at;
        loop {
            let begin = cursor;
            while bytes.get(cursor).copied().is_some_and(is_ident) {
                cursor += 1;
            }
            segments.push(text.get(begin..cursor).unwrap_or_default().to_string());
            let after = text.get(cursor..).unwrap_or_default();
            let next_is_ident = after
                .as_bytes()
                .get(2)
                .copied()
                .is_some_and(|b| is_ident(b) && !b.is_ascii_digit());
            if after.starts_with("::") && next_is_ident {
                cursor += 2;
            } else {
                break;
            }
        }
        if segments.len() > 1 {
            out.push(segments);
        }
        at = cursor.max(at + 1);
    }
    out
}

/// The sibling edge behind a dependency of `from` on `to`: their nearest common ancestor and the
/// two children of it that hold them; `None` when one holds the other.
fn sibling_edge(from: &[String], to: &[String]) -> Option<(ModulePath, String, String)> {
    let common = from.iter().zip(to).take_while(|(a, b)| a == b).count();
    let from_child = from.get(common)?;
    let to_child = to.get(common)?;
    Some((
        from.get(..common).unwrap_or_default().to_vec(),
        from_child.clone(),
        to_child.clone(),
    ))
}

/// The cycles of a small directed graph, one per strongly connected component with more than one
/// node, each written from its smallest node around and back to it.
fn cycles_in(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    let nodes: BTreeSet<&String> = graph
        .iter()
        .flat_map(|(from, tos)| std::iter::once(from).chain(tos))
        .collect();
    let reaches = |from: &String| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.clone()];
        while let Some(node) = stack.pop() {
            for next in graph.get(&node).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    stack.push(next.clone());
                }
            }
        }
        seen
    };
    let mut done = BTreeSet::new();
    let mut out = Vec::new();
    for node in nodes {
        if done.contains(node) {
            continue;
        }
        let forward = reaches(node);
        if !forward.contains(node) {
            continue;
        }
        // The nodes on a cycle through `node`, and one path around it for the message.
        let component: Vec<String> = forward
            .iter()
            .filter(|other| reaches(other).contains(node))
            .cloned()
            .collect();
        done.extend(component.iter().cloned());
        let mut cycle = vec![node.clone()];
        let mut current = node.clone();
        while let Some(next) = graph.get(&current).and_then(|tos| {
            tos.iter()
                .find(|to| component.contains(to) && !cycle.contains(to))
                .or_else(|| tos.iter().find(|to| *to == node))
        }) {
            cycle.push(next.clone());
            if next == node {
                break;
            }
            current = next.clone();
        }
        out.push(cycle);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, files: &[(&str, &str)]) {
        let _ = std::fs::remove_dir_all(dir);
        for (path, text) in files {
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("a directory");
            std::fs::write(path, text).expect("written");
        }
    }

    #[test]
    fn siblings_that_need_each_other_are_a_cycle() {
        let dir = std::env::temp_dir().join(format!("modules-cycle-{}", std::process::id()));
        write(
            &dir,
            &[
                ("lib.rs", "mod diff;\nmod model;\n"),
                ("model.rs", "pub struct Api;\n"),
                ("diff/mod.rs", "mod a;\nmod b;\nuse a::x;\nstruct Cx;\n"),
                (
                    "diff/a.rs",
                    "use super::b::y;\nuse super::Cx;\nuse crate::model::Api;\n",
                ),
                ("diff/b.rs", "fn f() { crate::diff::a::x(); }\n"),
            ],
        );
        assert_eq!(sibling_cycles(&dir), vec!["diff::a → diff::b → diff::a"]);

        // The same crate with `b` no longer calling back into `a` has no cycle; the parent's
        // use of `a` and `a`'s use of the parent's `Cx` do not count.
        write(
            &dir,
            &[
                ("lib.rs", "mod diff;\nmod model;\n"),
                ("model.rs", "pub struct Api;\n"),
                ("diff/mod.rs", "mod a;\nmod b;\nuse a::x;\nstruct Cx;\n"),
                ("diff/a.rs", "use super::b::y;\nuse super::Cx;\nuse crate::model::Api;\n"),
                (
                    "diff/b.rs",
                    "fn f() { crate::model::Api; }\n#[cfg(test)]\nmod tests { use crate::diff::a; }\n",
                ),
            ],
        );
        assert!(sibling_cycles(&dir).is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn paths_start_at_identifiers() {
        let paths = paths_in("use crate::a::b; x::<T>::y; std::mem::take(&mut super::c);");
        let joined: Vec<String> = paths.iter().map(|p| p.join("::")).collect();
        assert_eq!(joined, vec!["crate::a::b", "std::mem::take", "super::c"]);
    }
}
