//! The library's layering, checked from the source so it cannot silently regress: each
//! top-level module imports only the modules below it (the order and the reasons are in the
//! crate docs, `src/lib.rs`), and within a module no two files import each other, directly or
//! round a circle.
//!
//! What counts as an import is a path in code (not in a comment, and not in a test module)
//! that starts at `crate::` or `super::`. A path through a folder module's re-export
//! (`super::Session`, `pub use session::Session`) is the file that defines it; a file's use of
//! its own folder module's items is not an edge (a parent and its children are one unit), nor
//! is a folder module's `pub use` of its children.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The library's top-level modules, lowest first: each may import only those before it.
const LAYERS: &[&str] = &[
    // The ground floor: no imports of dei's own.
    "text",
    "suggest",
    "textfile",
    "vocab",   // built-in and user content files
    "content", // the calculator and the simulator
    "calc",
    "sim", // the rubric, then scenarios (which are checked against it)
    "rubric",
    "scenario", // reading and scoring answers
    "answer",
    "score",
    "calibrate", // sessions, the drill and progress over them
    "practice",
    "drill",
    "progress",
    "render", // the shell: files on disk and screens
    "store",
    "tui",
];

/// Files that still import each other, each pair a parser and the helper it hands itself to
/// (`calc::parser` and the `hints` that read its state, the practice screen and the saving
/// and report code that drive it, the scorer's rules and the explanations of them). Not circles issue 14
/// named; listed so that no new one appears. Untangling one fails this test until it is
/// taken off the list.
const KNOWN_CIRCLES: &[[&str; 2]] = &[
    ["calc/hints", "calc/parser"],
    ["score/explain", "score/rules"],
    ["tui/app", "tui/report"],
    // Like the report: the rewrite of a move is App's own methods in a file of their own.
    ["tui/app", "tui/reopen"],
    ["tui/run", "tui/saving"],
];

/// A source file as a module path (`["practice", "mock"]`; a `mod.rs` is its folder's path).
fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).expect("under src");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The code of a file before its test module, without comments, as whole statements where a
/// `use` spans lines.
fn code(text: &str) -> Vec<(usize, String)> {
    let mut lines = Vec::new();
    let mut pending: Option<(usize, String)> = None;
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(test)]") {
            break;
        }
        if trimmed.starts_with("//") {
            continue;
        }
        let line = match line.find("//") {
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        };
        if let Some((start, mut statement)) = pending.take() {
            statement.push_str(line.trim());
            if line.contains(';') {
                lines.push((start, statement));
            } else {
                pending = Some((start, statement));
            }
            continue;
        }
        if trimmed.starts_with("use ") || trimmed.starts_with("pub use ") {
            if line.contains(';') {
                lines.push((n + 1, line.trim().to_owned()));
            } else {
                pending = Some((n + 1, line.trim().to_owned()));
            }
        } else {
            lines.push((n + 1, line.to_owned()));
        }
    }
    lines
}

/// `a::{b, c::{d, e}}` as `a::b`, `a::c::d`, `a::c::e`.
fn expand(path: &str) -> Vec<String> {
    let Some(open) = path.find('{') else {
        return vec![path.split(" as ").next().unwrap_or(path).trim().to_owned()];
    };
    let prefix = &path[..open];
    let inner = &path[open + 1..path.rfind('}').unwrap_or(path.len())];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .flat_map(|p| expand(&format!("{prefix}{p}")))
        .collect()
}

/// Every `crate::...` and `super::...` path in `line`, as segments.
fn paths(line: &str) -> Vec<Vec<String>> {
    let text = line.trim();
    let text = text.strip_prefix("pub ").unwrap_or(text);
    if let Some(statement) = text.strip_prefix("use ") {
        return expand(statement.trim_end_matches(';'))
            .into_iter()
            .filter(|p| p.starts_with("crate::") || p.starts_with("super::"))
            .map(|p| p.split("::").map(str::to_owned).collect())
            .collect();
    }
    let mut found = Vec::new();
    for start in ["crate::", "super::"] {
        for (at, _) in line.match_indices(start) {
            let before = line[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let path: String = line[at..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            found.push(path.split("::").map(str::to_owned).collect());
        }
    }
    found
}

/// The files of the library, by module path.
struct Tree {
    files: BTreeMap<Vec<String>, PathBuf>,
    /// Per folder module: the names it re-exports and the child module each comes from.
    reexports: BTreeMap<Vec<String>, BTreeMap<String, String>>,
}

impl Tree {
    fn read(src: &Path) -> Self {
        let mut files = BTreeMap::new();
        let mut stack = vec![src.to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("src lists") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    files.insert(module_path(src, &path), path);
                }
            }
        }
        // The crate root, and the binary's files (not the library's).
        for shell in ["lib", "main", "cli", "paths"] {
            files.remove(&vec![shell.to_owned()]);
        }
        files.retain(|m, _| m.first().is_none_or(|top| top != "commands"));
        let mut reexports: BTreeMap<Vec<String>, BTreeMap<String, String>> = BTreeMap::new();
        for (module, path) in &files {
            let text = std::fs::read_to_string(path).expect("source");
            for (_, line) in code(&text) {
                let Some(statement) = line.trim().strip_prefix("pub use ") else {
                    continue;
                };
                for path in expand(statement.trim_end_matches(';')) {
                    let segments: Vec<&str> = path.split("::").collect();
                    if segments.len() >= 2 && !matches!(segments[0], "crate" | "super" | "self") {
                        let child = segments[0].to_owned();
                        let name = segments[segments.len() - 1].to_owned();
                        reexports
                            .entry(module.clone())
                            .or_default()
                            .insert(name, child);
                    }
                }
            }
        }
        Self { files, reexports }
    }

    /// The file a path from `module` (the importing file's module path) names: the deepest
    /// file module it goes through, a re-export followed to the child that defines it.
    fn resolve(&self, module: &[String], path: &[String]) -> Option<Vec<String>> {
        let mut at: Vec<String> = match path.first()?.as_str() {
            "crate" => Vec::new(),
            "super" => module[..module.len().saturating_sub(1)].to_vec(),
            _ => return None,
        };
        for segment in &path[1..] {
            if segment == "super" {
                at.pop();
                continue;
            }
            let mut next = at.clone();
            next.push(segment.clone());
            if self.files.contains_key(&next) {
                at = next;
            } else if let Some(child) = self.reexports.get(&at).and_then(|r| r.get(segment)) {
                let mut next = at.clone();
                next.push(child.clone());
                if self.files.contains_key(&next) {
                    at = next;
                }
                break;
            } else {
                break;
            }
        }
        (!at.is_empty()).then_some(at)
    }
}

#[test]
fn each_module_imports_only_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let tree = Tree::read(&src);
    let rank = |top: &str| LAYERS.iter().position(|l| *l == top);
    let mut wrong = Vec::new();
    for (module, path) in &tree.files {
        let Some(top) = module.first() else { continue };
        let Some(own) = rank(top) else {
            wrong.push(format!("{}: not in LAYERS", path.display()));
            continue;
        };
        let text = std::fs::read_to_string(path).expect("source");
        for (n, line) in code(&text) {
            for found in paths(&line) {
                let Some(target) = tree.resolve(module, &found) else {
                    continue;
                };
                let other = &target[0];
                if other != top && rank(other).is_none_or(|r| r >= own) {
                    wrong.push(format!(
                        "src/{}:{n}: `{top}` imports `{other}` ({})",
                        module.join("/"),
                        found.join("::")
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "layering broken:\n{}", wrong.join("\n"));
}

#[test]
fn no_two_files_import_each_other() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let tree = Tree::read(&src);
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (module, path) in &tree.files {
        let text = std::fs::read_to_string(path).expect("source");
        for (_, line) in code(&text) {
            if line.trim_start().starts_with("pub use ") {
                continue;
            }
            for found in paths(&line) {
                let Some(target) = tree.resolve(module, &found) else {
                    continue;
                };
                // Within one top-level module, and not up to a folder this file is in.
                let within = target.first() == module.first();
                let ancestor = module.starts_with(&target);
                if within && !ancestor && target != *module {
                    edges.entry(module.clone()).or_default().insert(target);
                }
            }
        }
    }
    // Every circle, as the set of files on it.
    let mut circles: BTreeSet<Vec<String>> = BTreeSet::new();
    for start in edges.keys() {
        // Depth-first from `start`, looking for a way back to it.
        let mut stack = vec![(start.clone(), vec![start.join("/")])];
        let mut seen = BTreeSet::new();
        while let Some((at, trail)) = stack.pop() {
            for next in edges.get(&at).into_iter().flatten() {
                if next == start {
                    let mut members = trail.clone();
                    members.sort();
                    circles.insert(members);
                } else if seen.insert(next.clone()) {
                    let mut trail = trail.clone();
                    trail.push(next.join("/"));
                    stack.push((next.clone(), trail));
                }
            }
        }
    }
    let known: BTreeSet<Vec<String>> = KNOWN_CIRCLES
        .iter()
        .map(|pair| pair.iter().map(|f| (*f).to_owned()).collect())
        .collect();
    let new: Vec<String> = circles
        .difference(&known)
        .map(|c| c.join(" <-> "))
        .collect();
    let gone: Vec<String> = known
        .difference(&circles)
        .map(|c| c.join(" <-> "))
        .collect();
    assert!(
        new.is_empty(),
        "files that import each other:\n{}",
        new.join("\n")
    );
    assert!(
        gone.is_empty(),
        "untangled, so take them off KNOWN_CIRCLES:\n{}",
        gone.join("\n")
    );
}
