//! Finding scenarios: the built-in ones, then user folders, where a user file with a built-in
//! id replaces the built-in one. Files are found by their headers and read in full only when
//! a scenario is opened.

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::diagnostic::Diagnostic;
use super::load::parse_scenario;
use super::model::{Archetype, Difficulty};
use super::{Origin, Scenario};
use crate::content::{BUILTIN_PREFIX, BuiltinFiles, DiskFiles, Files as _, builtin_files_in};
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

/// What a listing shows of a scenario and what finding it by id needs, read from the top of
/// its file ([`super::header`]) without parsing the rest.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// Unique id (`realtime-analytics`).
    pub id: String,
    /// Short title.
    pub title: String,
    /// Which of the five archetypes it is.
    pub archetype: Archetype,
    /// How hard it is.
    pub difficulty: Difficulty,
    /// One line for listings.
    pub summary: String,
    /// Built in or from a user folder.
    pub origin: Origin,
    /// The file it is read from, as shown to people.
    pub file: String,
    /// A user scenario that replaces a built-in one with the same id.
    pub overrides_builtin: bool,
}

impl Header {
    fn of(scenario: &Scenario) -> Self {
        Self {
            id: scenario.id.clone(),
            title: scenario.title.clone(),
            archetype: scenario.archetype,
            difficulty: scenario.difficulty,
            summary: scenario.summary.clone(),
            origin: scenario.origin,
            file: scenario.file.clone(),
            overrides_builtin: scenario.overrides_builtin,
        }
    }
}

/// Where an entry's file is: embedded, or on disk (read again when the scenario is opened, so
/// a library of a thousand files is not held in memory to list it).
#[derive(Debug, Clone)]
enum Source {
    Builtin {
        path: &'static str,
        text: &'static str,
        /// The prompt as its header gives it: inline, or the companion file's path.
        prompt: Prompt,
    },
    User {
        path: PathBuf,
    },
}

/// A built-in scenario's prompt as its header gives it.
#[derive(Debug, Clone)]
enum Prompt {
    Inline(String),
    File(String),
    /// Not given plainly: opening the scenario says what it is.
    Unknown,
}

/// One scenario of the catalog: its header, and the whole scenario once something opens it.
#[derive(Debug, Clone)]
struct Entry {
    header: Header,
    source: Source,
    /// The built-in scenario a user file replaces: still usable by [`Catalog::scenarios`] if
    /// the user file turns out not to load.
    replaced: Option<Box<Entry>>,
    loaded: OnceLock<Result<Scenario, LoadReport>>,
}

impl Entry {
    fn new(header: Header, source: Source) -> Self {
        Self {
            header,
            source,
            replaced: None,
            loaded: OnceLock::new(),
        }
    }

    /// An entry whose file was already read in full (its header did not read on its own).
    fn loaded(scenario: Scenario, source: Source) -> Self {
        let entry = Self::new(Header::of(&scenario), source);
        let _ = entry.loaded.set(Ok(scenario));
        entry
    }

    /// The whole scenario, read and checked on first use.
    fn open(&self, rubric: &Rubric) -> &Result<Scenario, LoadReport> {
        self.loaded.get_or_init(|| {
            let mut result = match &self.source {
                Source::Builtin { path, text, .. } => parse_builtin(path, text, rubric),
                Source::User { path } => parse_user(path, rubric),
            };
            if let Ok(scenario) = &mut result {
                scenario.overrides_builtin = self.header.overrides_builtin;
            }
            result
        })
    }
}

/// Every scenario opened, for the callers that want them all.
#[derive(Debug, Clone, Default)]
struct Everything {
    scenarios: Vec<Scenario>,
    broken: Vec<LoadReport>,
}

/// All scenarios available to this run. Building it reads each file's header only; a
/// scenario is read in full and checked when [`Catalog::get`] opens it (or when
/// [`Catalog::scenarios`] or [`Catalog::broken`] ask for all of them).
#[derive(Debug, Clone)]
pub struct Catalog {
    entries: Vec<Entry>,
    /// Files whose header did not read and that failed the full reading too, or that repeat
    /// a user id: known broken without opening anything else.
    skipped: Vec<LoadReport>,
    rubric: &'static Rubric,
    everything: OnceLock<Everything>,
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

/// Reads a built-in scenario in full.
fn parse_builtin(path: &str, source: &str, rubric: &Rubric) -> Result<Scenario, LoadReport> {
    let display = format!("{BUILTIN_PREFIX}/{path}");
    parse_scenario(
        source,
        &display,
        Path::new(path),
        Origin::Builtin,
        &BuiltinFiles,
        rubric,
    )
    .map_err(|diagnostics| LoadReport {
        path: PathBuf::from(display),
        id: declared_id(source),
        diagnostics,
    })
}

/// Reads a user scenario file in full.
fn parse_user(path: &Path, rubric: &Rubric) -> Result<Scenario, LoadReport> {
    let display = path.display().to_string();
    let source = read_text(path, &display);
    let loaded = source.as_ref().map_err(Clone::clone).and_then(|source| {
        parse_scenario(source, &display, path, Origin::User, &DiskFiles, rubric)
    });
    loaded.map_err(|diagnostics| LoadReport {
        path: path.to_owned(),
        id: source.ok().as_deref().and_then(declared_id),
        diagnostics,
    })
}

impl Catalog {
    fn empty(rubric: &'static Rubric) -> Self {
        Self {
            entries: Vec::new(),
            skipped: Vec::new(),
            rubric,
            everything: OnceLock::new(),
        }
    }

    /// The built-in scenarios only. One that fails to load (possible only in a development
    /// build with a broken content file; a test guards releases) is reported in
    /// [`Catalog::broken`] like a user file, so the others stay usable.
    #[must_use]
    pub fn builtin(rubric: &'static Rubric) -> Self {
        let mut catalog = Self::empty(rubric);
        for (path, text) in builtin_files_in("scenarios") {
            match super::header::digested(path).or_else(|| super::header::read(text, None)) {
                Some(fields) => {
                    let prompt = match (&fields.prompt, &fields.prompt_file) {
                        (Some(inline), _) => Prompt::Inline(inline.clone()),
                        (None, Some(rel)) => Prompt::File(rel.clone()),
                        (None, None) => Prompt::Unknown,
                    };
                    let source = Source::Builtin { path, text, prompt };
                    let header = Header {
                        id: fields.id,
                        title: fields.title,
                        archetype: fields.archetype,
                        difficulty: fields.difficulty,
                        summary: fields.summary,
                        origin: Origin::Builtin,
                        file: format!("{BUILTIN_PREFIX}/{path}"),
                        overrides_builtin: false,
                    };
                    catalog.entries.push(Entry::new(header, source));
                }
                None => match parse_builtin(path, text, rubric) {
                    Ok(scenario) => {
                        let source = Source::Builtin {
                            path,
                            text,
                            prompt: Prompt::Unknown,
                        };
                        catalog.entries.push(Entry::loaded(scenario, source));
                    }
                    Err(report) => catalog.skipped.push(report),
                },
            }
        }
        catalog
    }

    /// Built-in scenarios plus every `*.toml` file in `folders`, in order; a later file with
    /// an id already seen in a user folder is reported as a duplicate.
    #[must_use]
    pub fn load(folders: &[PathBuf], rubric: &'static Rubric) -> Self {
        let mut catalog = Self::builtin(rubric);
        for folder in folders {
            for path in scenario_files(folder) {
                catalog.add_user_file(&path);
            }
        }
        catalog
    }

    fn add_user_file(&mut self, path: &Path) {
        let display = path.display().to_string();
        let source = Source::User {
            path: path.to_owned(),
        };
        let header = read_text(path, &display)
            .ok()
            .and_then(|text| super::header::read(&text, path.parent()));
        let mut entry = match header {
            Some(fields) => Entry::new(
                Header {
                    id: fields.id,
                    title: fields.title,
                    archetype: fields.archetype,
                    difficulty: fields.difficulty,
                    summary: fields.summary,
                    origin: Origin::User,
                    file: display.clone(),
                    overrides_builtin: false,
                },
                source,
            ),
            // The header alone does not say the file is fine: read it in full, which either
            // loads it or says what is wrong.
            None => match parse_user(path, self.rubric) {
                Ok(scenario) => Entry::loaded(scenario, source),
                Err(report) => {
                    self.skipped.push(report);
                    return;
                }
            },
        };
        let id = entry.header.id.clone();
        match self.entries.iter().position(|e| e.header.id == id) {
            Some(i) if self.entries[i].header.origin == Origin::User => {
                let first = self.entries[i].header.file.clone();
                self.skipped.push(LoadReport {
                    path: path.to_owned(),
                    id: Some(id.clone()),
                    diagnostics: vec![
                        Diagnostic::new(&display, format!("duplicate scenario id `{id}`"))
                            .with_help(format!("{first} already defines it; rename one of them")),
                    ],
                });
            }
            Some(i) => {
                entry.header.overrides_builtin = true;
                if let Some(Ok(scenario)) = entry.loaded.get_mut() {
                    scenario.overrides_builtin = true;
                }
                let builtin = std::mem::replace(&mut self.entries[i], entry);
                self.entries[i].replaced = Some(Box::new(builtin));
            }
            None => self.entries.push(entry),
        }
    }

    /// Every scenario's header, in the order of [`Catalog::scenarios`], without opening any.
    pub fn headers(&self) -> impl ExactSizeIterator<Item = &Header> {
        self.entries.iter().map(|e| &e.header)
    }

    /// Files known to be broken without opening the others: unreadable, a header that does
    /// not read and a file that does not load, or a repeated id. (A file whose header reads
    /// is checked in full when it is opened.)
    #[must_use]
    pub fn skipped(&self) -> &[LoadReport] {
        &self.skipped
    }

    fn everything(&self) -> &Everything {
        self.everything.get_or_init(|| {
            let mut all = Everything {
                scenarios: Vec::new(),
                broken: self.skipped.clone(),
            };
            for entry in &self.entries {
                match entry.open(self.rubric) {
                    Ok(scenario) => all.scenarios.push(scenario.clone()),
                    Err(report) => {
                        all.broken.push(report.clone());
                        if let Some(Ok(builtin)) =
                            entry.replaced.as_ref().map(|b| b.open(self.rubric))
                        {
                            all.scenarios.push(builtin.clone());
                        }
                    }
                }
            }
            all
        })
    }

    /// Every usable scenario: built-in ones first, in file order, then the user's (a user file
    /// that overrides a built-in one takes its place). Opens them all; a command that uses one
    /// scenario calls [`Catalog::get`], and a listing reads [`Catalog::headers`].
    #[must_use]
    pub fn scenarios(&self) -> &[Scenario] {
        &self.everything().scenarios
    }

    /// Every file that could not be loaded. Opens every scenario to find out; see
    /// [`Catalog::skipped`] for what is known without that.
    #[must_use]
    pub fn broken(&self) -> &[LoadReport] {
        &self.everything().broken
    }

    /// The scenario with `id`, read and checked now if it was not yet; a broken user file
    /// named after the id is reported rather than silently replaced by the built-in scenario.
    pub fn get(&self, id: &str) -> Result<&Scenario, LookupError> {
        self.entry(id)?
            .open(self.rubric)
            .as_ref()
            .map_err(|report| LookupError::Broken(report.clone()))
    }

    /// The header and prompt of the scenario with `id`, what `dei show` prints. A built-in
    /// scenario's come from its header and its embedded prompt, without reading the rest of
    /// its file (the test suite checks built-in content in full); any other is opened and
    /// checked as [`Catalog::get`] does, so a broken user file is still reported.
    pub fn header_and_prompt(&self, id: &str) -> Result<(&Header, Cow<'_, str>), LookupError> {
        let entry = self.entry(id)?;
        if let (None, Source::Builtin { path, prompt, .. }) = (entry.loaded.get(), &entry.source) {
            let text = match prompt {
                Prompt::Inline(text) => Some(Cow::Borrowed(text.as_str())),
                Prompt::File(rel) => BuiltinFiles
                    .read(&Path::new(path).with_file_name(rel))
                    .ok()
                    .map(Cow::Owned),
                Prompt::Unknown => None,
            };
            if let Some(text) = text {
                return Ok((&entry.header, text));
            }
        }
        let scenario = self.get(id)?;
        Ok((&entry.header, Cow::Borrowed(scenario.prompt.as_str())))
    }

    /// The entry for `id`, or why there is none to use.
    fn entry(&self, id: &str) -> Result<&Entry, LookupError> {
        let found = self.entries.iter().find(|e| e.header.id == id);
        let meant = |r: &&LoadReport| match &r.id {
            Some(declared) => declared == id,
            None => r.path.file_stem().and_then(|s| s.to_str()) == Some(id),
        };
        if found.is_none_or(|e| e.header.origin == Origin::Builtin)
            && let Some(report) = self.skipped.iter().find(meant)
        {
            return Err(LookupError::Broken(report.clone()));
        }
        if let Some(entry) = found {
            return Ok(entry);
        }
        let known: Vec<String> = self.headers().map(|h| h.id.clone()).collect();
        Err(LookupError::Unknown {
            id: id.to_owned(),
            suggestion: closest(id, known.iter().map(String::as_str)).map(str::to_owned),
            known,
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The headers a listing reads without opening anything are what opening every scenario
    /// gives, in the same order.
    fn headers_match_the_scenarios(catalog: &Catalog) {
        let listed: Vec<Header> = catalog.headers().cloned().collect();
        let opened: Vec<Header> = catalog.scenarios().iter().map(Header::of).collect();
        assert_eq!(listed, opened);
    }

    #[test]
    fn the_built_in_headers_are_the_scenarios() {
        let catalog = Catalog::builtin(Rubric::builtin());
        assert!(catalog.skipped().is_empty());
        // Nothing is opened to list.
        assert!(catalog.entries.iter().all(|e| e.loaded.get().is_none()));
        headers_match_the_scenarios(&catalog);
        assert!(catalog.broken().is_empty());
    }

    #[test]
    fn user_headers_and_overrides_are_the_scenarios() {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scenarios");
        let dir = tempfile::tempdir().expect("temp");
        for name in ["minimal.toml", "override.toml"] {
            std::fs::copy(fixtures.join(name), dir.path().join(name)).expect("copy");
        }
        let catalog = Catalog::load(&[dir.path().to_owned()], Rubric::builtin());
        assert!(catalog.skipped().is_empty());
        headers_match_the_scenarios(&catalog);
        let ra = catalog.get("realtime-analytics").expect("overridden");
        assert!(ra.overrides_builtin && ra.origin == Origin::User);
    }

    #[test]
    fn a_built_in_prompt_is_shown_without_opening_its_scenario() {
        let catalog = Catalog::builtin(Rubric::builtin());
        let opened = Catalog::builtin(Rubric::builtin());
        for header in opened.headers() {
            let scenario = opened.get(&header.id).expect("built-in");
            let (shown, prompt) = catalog.header_and_prompt(&header.id).expect("built-in");
            assert_eq!(
                (shown, prompt.as_ref()),
                (&Header::of(scenario), scenario.prompt.as_str())
            );
        }
        assert!(catalog.entries.iter().all(|e| e.loaded.get().is_none()));
        assert!(matches!(
            catalog.header_and_prompt("no-such-thing"),
            Err(LookupError::Unknown { .. })
        ));
    }

    #[test]
    fn opening_one_scenario_opens_no_other() {
        let catalog = Catalog::builtin(Rubric::builtin());
        catalog.get("realtime-analytics").expect("built-in");
        let opened = catalog.entries.iter().filter(|e| e.loaded.get().is_some());
        assert_eq!(opened.count(), 1);
    }

    #[test]
    fn a_file_whose_body_is_broken_is_listed_and_reported_when_opened() {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scenarios");
        let catalog = Catalog::load(&[fixtures], Rubric::builtin());
        assert!(catalog.headers().any(|h| h.id == "bad-size"));
        assert!(matches!(
            catalog.get("bad-size"),
            Err(LookupError::Broken(report)) if report.path.ends_with("bad-sizing.toml")
        ));
        // Opening them all finds it too, as the eager catalog did.
        assert!(
            catalog
                .broken()
                .iter()
                .any(|r| r.path.ends_with("bad-sizing.toml"))
        );
        assert!(catalog.scenarios().iter().all(|s| s.id != "bad-size"));
    }
}
