//! The ground floor for content: the files shipped inside the binary (`scenarios/`,
//! `prompts/`, `rubrics/`, `reference/`), embedded at compile time by `build.rs` so a fresh
//! install needs no files beside the executable, and where a reader's files come from
//! ([`Files`]: the embedded ones, or the user's on disk, which is how a user scenario
//! overrides a built-in one and brings its own prompt). Every reader of content goes through
//! here: the scenario catalog, the rubric, the scorer's concept lexicon, the interviewer's
//! vocabulary and the calculator's reference numbers.
//!
//! It imports nothing of dei's but [`crate::textfile`], so anything may use it.

use std::io;
use std::path::{Component, Path};

/// Where a content file's companions (a scenario's prompt, its model answer) are read from:
/// the embedded files ([`BuiltinFiles`]) or the file system ([`DiskFiles`]).
pub trait Files {
    /// Reads the file at `path` (already joined to the scenario's folder).
    fn read(&self, path: &Path) -> std::io::Result<String>;
}

/// Reads companion files from the file system.
#[derive(Debug, Clone, Copy, Default)]
pub struct DiskFiles;

impl Files for DiskFiles {
    fn read(&self, path: &Path) -> std::io::Result<String> {
        Ok(crate::textfile::read(
            path,
            crate::textfile::MAX_TEXT_BYTES,
        )?)
    }
}

/// How built-in files are named to people, after numbat's `<builtin>/...`.
pub const BUILTIN_PREFIX: &str = "<builtin>";

/// Every embedded file, as (path relative to the crate root, contents), sorted by path.
static FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/builtin_files.rs"));

/// The contents of the embedded file at `path` (`scenarios/realtime-analytics.toml`).
#[must_use]
pub fn builtin_file(path: &str) -> Option<&'static str> {
    FILES
        .binary_search_by(|(p, _)| (*p).cmp(path))
        .ok()
        .map(|i| FILES[i].1)
}

/// Embedded files under `folder` (`scenarios`), as (path, contents).
pub fn builtin_files_in(folder: &str) -> impl Iterator<Item = (&'static str, &'static str)> {
    FILES.iter().copied().filter(move |(path, _)| {
        path.strip_prefix(folder)
            .is_some_and(|rest| rest.starts_with('/'))
    })
}

/// Resolves companion paths (`scenarios/../prompts/x.md`) against the embedded files.
#[derive(Debug, Clone, Copy, Default)]
pub struct BuiltinFiles;

impl Files for BuiltinFiles {
    fn read(&self, path: &Path) -> io::Result<String> {
        let mut parts: Vec<&str> = Vec::new();
        for component in path.components() {
            match component {
                Component::Normal(part) => parts.push(part.to_str().unwrap_or_default()),
                Component::ParentDir => {
                    parts.pop();
                }
                _ => {}
            }
        }
        let joined = parts.join("/");
        builtin_file(&joined).map(str::to_owned).ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::NotFound,
                format!("{BUILTIN_PREFIX}/{joined} is not a built-in file"),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_sorted_for_binary_search() {
        assert!(FILES.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn resolves_parent_components() {
        let text = BuiltinFiles
            .read(Path::new("scenarios/../rubrics/core.toml"))
            .expect("core rubric is embedded");
        assert!(text.contains("tool-list"));
    }
}
