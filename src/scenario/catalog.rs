//! Finding scenarios: the built-in ones, then user folders, where a user file with a built-in
//! id replaces the built-in one.

use std::fmt;
use std::path::{Path, PathBuf};

use super::builtin::{BUILTIN_PREFIX, BuiltinFiles, builtin_files_in};
use super::diagnostic::Diagnostic;
use super::load::{DiskFiles, parse_scenario};
use super::{Origin, Scenario};
use crate::rubric::Rubric;
use crate::suggest::closest;

/// A user scenario file that could not be loaded.
#[derive(Debug, Clone)]
pub struct LoadReport {
    /// The file.
    pub path: PathBuf,
    /// The id the file declares, when that much could be read.
    pub id: Option<String>,
    /// Everything wrong with it.
    pub diagnostics: Vec<Diagnostic>,
}

/// All scenarios available to this run.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    scenarios: Vec<Scenario>,
    broken: Vec<LoadReport>,
}

/// Why a scenario id could not be used.
#[derive(Debug, Clone)]
pub enum LookupError {
    /// No scenario has this id.
    Unknown {
        /// The id asked for.
        id: String,
        /// The closest known id.
        suggestion: Option<String>,
        /// Every known id.
        known: Vec<String>,
    },
    /// The user file that would define this id has problems.
    Broken(LoadReport),
}

impl fmt::Display for LookupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unknown {
                id,
                suggestion,
                known,
            } => {
                write!(f, "no scenario with id `{id}`")?;
                match suggestion {
                    Some(s) => write!(f, "\n  help: did you mean `{s}`?"),
                    None => write!(f, "\n  help: known scenarios: {}", known.join(", ")),
                }
            }
            Self::Broken(report) => {
                write!(f, "scenario file {} has problems:", report.path.display())?;
                for d in &report.diagnostics {
                    write!(f, "\n{d}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for LookupError {}

impl Catalog {
    /// The built-in scenarios only. One that fails to load (possible only in a development
    /// build with a broken content file; a test guards releases) is reported in
    /// [`Catalog::broken`] like a user file, so the others stay usable.
    #[must_use]
    pub fn builtin(rubric: &Rubric) -> Self {
        let mut catalog = Self::default();
        for (path, source) in builtin_files_in("scenarios") {
            let display = format!("{BUILTIN_PREFIX}/{path}");
            match parse_scenario(
                source,
                &display,
                Path::new(path),
                Origin::Builtin,
                &BuiltinFiles,
                rubric,
            ) {
                Ok(scenario) => catalog.scenarios.push(scenario),
                Err(diagnostics) => catalog.broken.push(LoadReport {
                    path: PathBuf::from(display),
                    id: declared_id(source),
                    diagnostics,
                }),
            }
        }
        catalog
    }

    /// Built-in scenarios plus every `*.toml` file in `folders`, in order; a later file with
    /// an id already seen in a user folder is reported as a duplicate.
    #[must_use]
    pub fn load(folders: &[PathBuf], rubric: &Rubric) -> Self {
        let mut catalog = Self::builtin(rubric);
        for folder in folders {
            for path in scenario_files(folder) {
                catalog.add_user_file(&path, rubric);
            }
        }
        catalog
    }

    fn add_user_file(&mut self, path: &Path, rubric: &Rubric) {
        let display = path.display().to_string();
        let source = read_text(path, &display);
        let loaded = source.as_ref().map_err(Clone::clone).and_then(|source| {
            parse_scenario(source, &display, path, Origin::User, &DiskFiles, rubric)
        });
        let mut scenario = match loaded {
            Ok(scenario) => scenario,
            Err(diagnostics) => {
                self.broken.push(LoadReport {
                    path: path.to_owned(),
                    id: source.ok().as_deref().and_then(declared_id),
                    diagnostics,
                });
                return;
            }
        };
        match self.scenarios.iter().position(|s| s.id == scenario.id) {
            Some(i) if self.scenarios[i].origin == Origin::User => {
                let first = self.scenarios[i].file.clone();
                self.broken.push(LoadReport {
                    path: path.to_owned(),
                    id: Some(scenario.id.clone()),
                    diagnostics: vec![
                        Diagnostic::new(
                            &display,
                            format!("duplicate scenario id `{}`", scenario.id),
                        )
                        .with_help(format!("{first} already defines it; rename one of them")),
                    ],
                });
            }
            Some(i) => {
                scenario.overrides_builtin = true;
                self.scenarios[i] = scenario;
            }
            None => self.scenarios.push(scenario),
        }
    }

    /// Every usable scenario: built-in ones first, in file order, then the user's (a user file
    /// that overrides a built-in one takes its place).
    #[must_use]
    pub fn scenarios(&self) -> &[Scenario] {
        &self.scenarios
    }

    /// User files that could not be loaded.
    #[must_use]
    pub fn broken(&self) -> &[LoadReport] {
        &self.broken
    }

    /// The scenario with `id`; a broken user file named after the id is reported rather than
    /// silently replaced by the built-in scenario.
    pub fn get(&self, id: &str) -> Result<&Scenario, LookupError> {
        let found = self.scenarios.iter().find(|s| s.id == id);
        let meant = |r: &&LoadReport| match &r.id {
            Some(declared) => declared == id,
            None => r.path.file_stem().and_then(|s| s.to_str()) == Some(id),
        };
        if found.is_none_or(|s| s.origin == Origin::Builtin)
            && let Some(report) = self.broken.iter().find(meant)
        {
            return Err(LookupError::Broken(report.clone()));
        }
        found.ok_or_else(|| {
            let known: Vec<String> = self.scenarios.iter().map(|s| s.id.clone()).collect();
            LookupError::Unknown {
                id: id.to_owned(),
                suggestion: closest(id, known.iter().map(String::as_str)).map(str::to_owned),
                known,
            }
        })
    }
}

/// The `id` a scenario file declares, read leniently from a file that failed to load.
fn declared_id(source: &str) -> Option<String> {
    let (doc, _) = toml::de::DeTable::parse_recoverable(source);
    doc.get_ref()
        .get("id")
        .and_then(|v| v.get_ref().as_str())
        .map(str::to_owned)
}

/// The `*.toml` entries directly in `folder` that are not folders, sorted; none if it does not
/// exist. A FIFO, device or dangling link named `*.toml` is listed so that loading it reports
/// it (without blocking) instead of the scenario vanishing without a word.
fn scenario_files(folder: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| !p.is_dir() && p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

/// Reads a content file as UTF-8, locating the first bad byte if it is not.
pub fn read_text(path: &Path, display: &str) -> Result<String, Vec<Diagnostic>> {
    crate::textfile::read(path, crate::textfile::MAX_TEXT_BYTES).map_err(|err| {
        let message = format!("cannot read the file: {err}");
        let diagnostic = match err {
            // Located like any other problem: the caret on the first bad byte.
            crate::textfile::ReadError::NotUtf8 { byte, .. } => {
                match crate::textfile::read_bytes(path, crate::textfile::MAX_TEXT_BYTES) {
                    Ok(bytes) => {
                        let text = String::from_utf8_lossy(&bytes);
                        Diagnostic::new(display, message).at(&text, &(byte..byte + 1))
                    }
                    Err(_) => Diagnostic::new(display, message),
                }
            }
            _ => Diagnostic::new(display, message),
        };
        vec![diagnostic]
    })
}
