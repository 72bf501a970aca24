//! User data on disk: drafts and the session history, in the platform data folder. Every
//! write is atomic; a file that cannot be read is reported with its path, never replaced.
//!
//! Layout under the data folder ([`Store::root`]):
//! - `drafts/<scenario>.json`: the answer in progress for a scenario, one per scenario;
//! - `drafts/<scenario>.lock`: held by the session that has the draft open (see [`Lock`]);
//! - `history/<name>.json`: one file per finished session, never overwritten by another
//!   session (only replaced by the same session scored again, [`Store::replace_session`]);
//! - `drill.json`: the drill's schedule, one entry per card reviewed (see `dei::drill`).
//! - `history/.index.json`: a summary of every entry, derived from them and rebuilt when
//!   missing or damaged ([`Store::indexed_history`]).
//!
//! Files are pretty JSON with a trailing newline. The caller's types carry their own
//! `format: u32` field; a file whose `format` is above [`FORMAT`] is refused
//! ([`StoreError::NewerFormat`]) rather than half-read, so an older dei never damages data
//! written by a newer one.

mod atomic;
mod index;
mod lock;

/// The folder `path` goes in exists (a typo in it is an error, never a new folder); a bare
/// file name is in the current folder.
fn folder_exists(path: &Path) -> Result<(), StoreError> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    if folder.is_dir() {
        return Ok(());
    }
    Err(StoreError::io(
        path,
        io::Error::new(
            io::ErrorKind::NotFound,
            format!("the folder {} does not exist", folder.display()),
        ),
    ))
}

#[cfg(test)]
mod tests;

use std::ffi::OsString;
use std::fs;
use std::io::{self, Read as _};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

pub use atomic::write_atomic;
pub use index::{INDEX_FILE, INDEX_FORMAT, IndexNote, Indexed, IndexedHistory};
pub use lock::{DraftLock, Holder, Lock, host_name};

/// Format version written into every file; files with a higher `format` are refused
/// ([`StoreError::NewerFormat`]).
pub const FORMAT: u32 = 1;

/// Env var that overrides the data folder (tests and syncing use it).
pub const DATA_ENV: &str = "DEI_DATA";

/// Folder of the drafts, under the root.
const DRAFTS: &str = "drafts";
/// Folder of the finished sessions, under the root.
const HISTORY: &str = "history";
/// The drill's state, under the root.
const DRILL_FILE: &str = "drill.json";
/// The folder of reports saved from the scorecard.
const REPORTS: &str = "reports";
/// Extension of every store file.
const EXTENSION: &str = "json";
/// Extension of a draft's lock file, beside it.
const LOCK_EXTENSION: &str = "lock";
/// How many `-N` suffixes [`Store::save_session`] tries before giving up; far more sessions
/// than anyone finishes under one name, small enough to stop a runaway loop.
const MAX_SESSION_SUFFIX: u32 = 10_000;

/// Why the store could not read or write a file. Every message names the file and says what
/// to do.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Neither `DEI_DATA` nor a platform data folder is available (no home folder).
    #[error(
        "cannot find a folder for dei's data (no home folder is known); set {DATA_ENV} to the folder dei should use"
    )]
    NoDataDir,
    /// The file system refused, or a name cannot be used in a file name.
    #[error("{}: {error}{}", path.display(), io_hint(error))]
    Io {
        /// The file or folder involved.
        path: PathBuf,
        /// What the file system said (in the message, so not also a `source` to print twice).
        error: io::Error,
    },
    /// The file is not valid JSON (or not UTF-8), or does not have the expected fields.
    #[error(
        "{}:{line}:{column}: {message}; the file is left untouched: fix it, or move it aside to start over",
        path.display()
    )]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// 1-based line of the problem (0 when unknown).
        line: usize,
        /// 1-based column of the problem (0 when unknown).
        column: usize,
        /// What is wrong, without the position.
        message: String,
    },
    /// The file was written by a newer dei with a format this one does not know.
    #[error(
        "{} was written by a newer dei (format {found}, this dei reads up to {supported}); update dei — the file is left as it is",
        path.display()
    )]
    NewerFormat {
        /// The file.
        path: PathBuf,
        /// The `format` in the file.
        found: u64,
        /// The highest format this dei reads ([`FORMAT`]).
        supported: u32,
    },
}

impl StoreError {
    /// An I/O error about `path`.
    fn io(path: impl Into<PathBuf>, error: io::Error) -> Self {
        Self::Io {
            path: path.into(),
            error,
        }
    }
}

/// The user's data folder: drafts and session history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Store {
    root: PathBuf,
}

impl Store {
    /// A store in `root`. Nothing is created until something is written.
    pub fn at(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// The store in `DEI_DATA` if set and non-empty, else in the platform data folder
    /// (`~/.local/share/dei` on Linux).
    pub fn open_default() -> Result<Self, StoreError> {
        Self::open_with(std::env::var_os(DATA_ENV), || {
            directories::ProjectDirs::from("", "", "dei").map(|d| d.data_dir().to_path_buf())
        })
    }

    /// [`Store::open_default`] with the environment passed in, so it can be tested.
    fn open_with(
        data_env: Option<OsString>,
        platform: impl FnOnce() -> Option<PathBuf>,
    ) -> Result<Self, StoreError> {
        match data_env {
            Some(dir) if !dir.is_empty() => Ok(Self::at(dir)),
            _ => platform().map(Self::at).ok_or(StoreError::NoDataDir),
        }
    }

    /// The data folder.
    #[must_use]
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where the draft for `scenario` lives: `<root>/drafts/<scenario>.json`.
    #[must_use]
    pub fn draft_path(&self, scenario: &str) -> PathBuf {
        self.file_path(DRAFTS, scenario)
    }

    /// Saves the draft for `scenario`, replacing the previous one atomically. Returns its path.
    ///
    /// `scenario` must be usable as a file name: a name that is empty, starts with `.`, or
    /// holds `/`, `\`, `..` or NUL is refused with an [`io::ErrorKind::InvalidInput`] error
    /// rather than changed, so two ids can never share one file.
    pub fn save_draft<T: Serialize>(
        &self,
        scenario: &str,
        draft: &T,
    ) -> Result<PathBuf, StoreError> {
        let bytes = to_json(draft).map_err(|err| StoreError::io(self.draft_path(scenario), err))?;
        self.save_draft_json(scenario, &bytes)
    }

    /// The bytes [`Store::save_draft`] writes for `draft`, for writing them later (or on
    /// another thread) with [`Store::save_draft_json`].
    pub fn draft_json<T: Serialize>(
        &self,
        scenario: &str,
        draft: &T,
    ) -> Result<Vec<u8>, StoreError> {
        to_json(draft).map_err(|err| StoreError::io(self.draft_path(scenario), err))
    }

    /// [`Store::save_draft`] with the draft already serialized by [`Store::draft_json`].
    pub fn save_draft_json(&self, scenario: &str, bytes: &[u8]) -> Result<PathBuf, StoreError> {
        let path = self.draft_path(scenario);
        check_name(scenario).map_err(|err| StoreError::io(&path, err))?;
        write_atomic(&path, bytes).map_err(|err| StoreError::io(&path, err))?;
        Ok(path)
    }

    /// Takes the lock of the draft `key` for this process (started at `since`), so that a
    /// second window on the same draft finds it held: [`Lock::Held`] says by whom. A stale
    /// lock (its session gone, however it ended) is taken over, with a note saying so.
    pub fn lock_draft(&self, key: &str, since: &str) -> Result<Lock, StoreError> {
        let path = self.file_path(DRAFTS, key).with_extension(LOCK_EXTENSION);
        check_name(key).map_err(|err| StoreError::io(&path, err))?;
        if let Some(folder) = path.parent() {
            fs::create_dir_all(folder).map_err(|err| StoreError::io(folder, err))?;
        }
        lock::acquire(&path, &Holder::me(since)).map_err(|err| StoreError::io(&path, err))
    }

    /// The draft for `scenario`, or `Ok(None)` when there is none.
    ///
    /// A file that is not valid JSON, not UTF-8 or of the wrong shape is
    /// [`StoreError::Corrupt`] with its line and column; a file from a newer dei is
    /// [`StoreError::NewerFormat`]. Either way the file is never deleted or replaced.
    pub fn load_draft<T: DeserializeOwned>(&self, scenario: &str) -> Result<Option<T>, StoreError> {
        let path = self.draft_path(scenario);
        check_name(scenario).map_err(|err| StoreError::io(&path, err))?;
        match read_file(&path) {
            Ok(bytes) => parse(&path, &bytes).map(Some),
            Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(err) => Err(StoreError::io(&path, err)),
        }
    }

    /// Removes the draft for `scenario` (after a session is finished); a missing draft is fine.
    pub fn remove_draft(&self, scenario: &str) -> Result<(), StoreError> {
        let path = self.draft_path(scenario);
        check_name(scenario).map_err(|err| StoreError::io(&path, err))?;
        match fs::remove_file(&path) {
            Err(err) if err.kind() != io::ErrorKind::NotFound => Err(StoreError::io(&path, err)),
            _ => Ok(()),
        }
    }

    /// Writes `<root>/history/<name>.json` for a finished session and returns its path.
    ///
    /// An existing entry is never overwritten: when the name is taken, `-2`, `-3` ... is
    /// added to it. The name follows the same rules as a scenario id in
    /// [`Store::save_draft`].
    pub fn save_session<T: Serialize>(&self, name: &str, entry: &T) -> Result<PathBuf, StoreError> {
        let first = self.file_path(HISTORY, name);
        check_name(name).map_err(|err| StoreError::io(&first, err))?;
        let bytes = to_json(entry).map_err(|err| StoreError::io(&first, err))?;
        self.place_new(HISTORY, name, |path| atomic::write_new(path, &bytes))
    }

    /// Replaces the history entry at `path`, one [`Store::save_session`] wrote, with `entry`,
    /// atomically: the same session scored again after a move was reopened. The summary
    /// index is removed before and after the write, so it is rebuilt from the entries instead
    /// of keeping the old row (its rows are keyed by file name alone). `path` must be an
    /// existing entry in the history folder.
    pub fn replace_session<T: Serialize>(&self, path: &Path, entry: &T) -> Result<(), StoreError> {
        let folder = self.root.join(HISTORY);
        let is_entry = path.parent() == Some(folder.as_path())
            && path.extension().is_some_and(|ext| ext == EXTENSION)
            && path
                .file_name()
                .is_some_and(|name| !name.as_encoded_bytes().starts_with(b"."))
            && fs::symlink_metadata(path).is_ok_and(|m| m.is_file());
        if !is_entry {
            return Err(StoreError::io(
                path,
                io::Error::new(
                    io::ErrorKind::NotFound,
                    "not an entry of the history folder; nothing is replaced",
                ),
            ));
        }
        let bytes = to_json(entry).map_err(|err| StoreError::io(path, err))?;
        self.forget_index()?;
        write_atomic(path, &bytes).map_err(|err| StoreError::io(path, err))?;
        // A reader may have rebuilt the index from the old entry in between.
        self.forget_index()
    }

    /// Removes the summary index, if there is one, to be rebuilt on the next read.
    fn forget_index(&self) -> Result<(), StoreError> {
        let index = self.history_index_path();
        match fs::remove_file(&index) {
            Err(err) if err.kind() != io::ErrorKind::NotFound => Err(StoreError::io(&index, err)),
            _ => Ok(()),
        }
    }

    /// Renames the draft of `scenario` to `<scenario>.<tag>.json` beside it (`-2`, `-3` ...
    /// when that is taken), without reading it, so a corrupt draft can be set aside too.
    /// Never replaces a file; returns the new path.
    pub fn set_aside_draft(&self, scenario: &str, tag: &str) -> Result<PathBuf, StoreError> {
        let from = self.draft_path(scenario);
        check_name(scenario).map_err(|err| StoreError::io(&from, err))?;
        self.place_new(DRAFTS, &format!("{scenario}.{tag}"), |to| {
            atomic::move_new(&from, to)
        })
    }

    /// Tries `name`, then `name-2`, `name-3` ... in `folder`, until `place` takes one
    /// (`Ok(true)`); `Ok(false)` means the name is in use.
    fn place_new(
        &self,
        folder: &str,
        name: &str,
        mut place: impl FnMut(&Path) -> io::Result<bool>,
    ) -> Result<PathBuf, StoreError> {
        let first = self.file_path(folder, name);
        for n in 1..=MAX_SESSION_SUFFIX {
            let path = if n == 1 {
                first.clone()
            } else {
                self.file_path(folder, &format!("{name}-{n}"))
            };
            match place(&path) {
                Ok(true) => return Ok(path),
                Ok(false) => {}
                Err(err) => return Err(StoreError::io(&path, err)),
            }
        }
        Err(StoreError::io(
            first,
            io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!(
                    "{MAX_SESSION_SUFFIX} files already use this name; move old ones out of the {folder} folder"
                ),
            ),
        ))
    }

    /// Where `r` on the scorecard saves reports: `<root>/reports/`.
    #[must_use]
    pub fn reports_dir(&self) -> PathBuf {
        self.root.join(REPORTS)
    }

    /// Writes a new file at `path`, or at `<stem>-2.<ext>`, `-3` ... when that name is taken
    /// (by a file, a folder or a link, dangling or not): an exported report never replaces
    /// anything. `path` may be anywhere, but its folder must exist (a typo in it is an error,
    /// not a new folder). Returns the path written.
    pub fn write_new_file(&self, path: &Path, bytes: &[u8]) -> Result<PathBuf, StoreError> {
        folder_exists(path)?;
        for n in 1..=MAX_SESSION_SUFFIX {
            let candidate = if n == 1 {
                path.to_path_buf()
            } else {
                numbered(path, n)
            };
            match atomic::write_new(&candidate, bytes) {
                Ok(true) => return Ok(candidate),
                Ok(false) => {}
                Err(err) => return Err(StoreError::io(&candidate, err)),
            }
        }
        Err(StoreError::io(
            path,
            io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("{MAX_SESSION_SUFFIX} files already use this name; pick another"),
            ),
        ))
    }

    /// Writes a new file at exactly `path`, atomically, or fails: a name already taken (by a
    /// file, a folder or a link, dangling or not) is an [`io::ErrorKind::AlreadyExists`] error
    /// and is left as it is, and a folder that does not exist is an error, not made. For work
    /// written where the candidate asked when dei's own folder cannot be written.
    pub fn create_new_file(&self, path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
        folder_exists(path)?;
        match atomic::write_new(path, bytes) {
            Ok(true) => Ok(()),
            Ok(false) => Err(StoreError::io(
                path,
                io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    "already exists, and is never replaced; pick another name",
                ),
            )),
            Err(err) => Err(StoreError::io(path, err)),
        }
    }

    /// Writes any file atomically with [`write_atomic`], e.g. an exported report; `path` may
    /// be anywhere, not only under the root.
    pub fn write_file(&self, path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
        write_atomic(path, bytes).map_err(|err| StoreError::io(path, err))
    }

    /// Paths of the history entries, sorted. Temp files, hidden files and files that do not
    /// end in `.json` are left out; no history folder means no entries. Anything else named
    /// like an entry (a folder, a pipe, a dangling link) is listed, so that reading it fails
    /// with its path rather than the entry vanishing without a word.
    pub fn history_paths(&self) -> Result<Vec<PathBuf>, StoreError> {
        let folder = self.root.join(HISTORY);
        let entries = match fs::read_dir(&folder) {
            Ok(entries) => entries,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(err) => return Err(StoreError::io(folder, err)),
        };
        let mut paths = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|err| StoreError::io(&folder, err))?;
            let path = entry.path();
            let name = entry.file_name();
            let is_entry = !name.as_encoded_bytes().starts_with(b".")
                && path.extension().is_some_and(|ext| ext == EXTENSION);
            if is_entry {
                paths.push(path);
            }
        }
        paths.sort();
        Ok(paths)
    }

    /// Reads one history entry, with the same corrupt and newer-format checks as
    /// [`Store::load_draft`]. A missing file is an [`StoreError::Io`] error here.
    pub fn load_session<T: DeserializeOwned>(&self, path: &Path) -> Result<T, StoreError> {
        let bytes = read_file(path).map_err(|err| StoreError::io(path, err))?;
        parse(path, &bytes)
    }

    /// Where the drill's state lives: `<root>/drill.json`.
    #[must_use]
    pub fn drill_path(&self) -> PathBuf {
        self.root.join(DRILL_FILE)
    }

    /// Reads a JSON file of the store (such as [`Store::drill_path`]), or `Ok(None)` when it
    /// does not exist, with the same corrupt and newer-format checks as [`Store::load_draft`].
    pub fn load_json<T: DeserializeOwned>(&self, path: &Path) -> Result<Option<T>, StoreError> {
        match read_file(path) {
            Ok(bytes) => parse(path, &bytes).map(Some),
            Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(err) => Err(StoreError::io(path, err)),
        }
    }

    /// Writes `value` to `path` as pretty JSON, atomically, replacing what was there.
    pub fn save_json<T: Serialize>(&self, path: &Path, value: &T) -> Result<(), StoreError> {
        let bytes = to_json(value).map_err(|err| StoreError::io(path, err))?;
        write_atomic(path, &bytes).map_err(|err| StoreError::io(path, err))
    }

    /// `<root>/<folder>/<name>.json`.
    fn file_path(&self, folder: &str, name: &str) -> PathBuf {
        self.root.join(folder).join(format!("{name}.{EXTENSION}"))
    }
}

/// What to do about an I/O error, unless its own message already says it.
fn io_hint(err: &io::Error) -> &'static str {
    match err.kind() {
        io::ErrorKind::InvalidInput => "",
        // dei's own messages (a name taken, a folder missing) say what to do.
        _ if err.get_ref().is_some() => "",
        _ => "; check the path and that dei may read and write there",
    }
}

/// Refuses a name that would leave its folder, hide itself, or be cut short by the OS.
fn check_name(name: &str) -> io::Result<()> {
    let problem = if name.is_empty() {
        "is empty"
    } else if name.starts_with('.') {
        "starts with `.`"
    } else if name.contains(['/', '\\']) {
        "holds a path separator"
    } else if name.contains("..") {
        "holds `..`"
    } else if name.contains('\0') {
        "holds a NUL character"
    } else {
        return Ok(());
    };
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        format!(
            "the name {name:?} {problem} and cannot be used as a file name; use a kebab-case id"
        ),
    ))
}

/// `report.md` as `report-<n>.md`; a name without an extension gets `-<n>` at the end.
fn numbered(path: &Path, n: u32) -> PathBuf {
    let stem = path
        .file_stem()
        .map_or_else(Default::default, std::ffi::OsStr::to_os_string);
    let mut name = stem;
    name.push(format!("-{n}"));
    if let Some(ext) = path.extension() {
        name.push(".");
        name.push(ext);
    }
    path.with_file_name(name)
}

/// Pretty JSON with a trailing newline.
fn to_json<T: Serialize>(value: &T) -> io::Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(value)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Opens a regular file for reading; a folder, pipe or device is refused (reading a FIFO
/// would hang).
fn open_file(path: &Path) -> io::Result<fs::File> {
    crate::textfile::open_regular(path).map_err(|err| match err {
        crate::textfile::ReadError::Io(err) => err,
        _ => io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file (a folder, pipe or device); move it aside",
        ),
    })
}

/// Reads a regular file in full ([`open_file`]).
fn read_file(path: &Path) -> io::Result<Vec<u8>> {
    let mut file = open_file(path)?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Checks the format, then deserializes `bytes` read from `path`.
fn parse<T: DeserializeOwned>(path: &Path, bytes: &[u8]) -> Result<T, StoreError> {
    // The format is checked before the shape: a newer file is expected not to fit, and
    // "update dei" is the useful message for it, not a missing field.
    if let Err(err) = std::str::from_utf8(bytes) {
        // serde would call this "expected value"; say what is wrong.
        let before = &bytes[..err.valid_up_to()];
        let line = before.split(|b| *b == b'\n').count();
        let column = before
            .split(|b| *b == b'\n')
            .next_back()
            .map_or(0, <[u8]>::len)
            + 1;
        return Err(StoreError::Corrupt {
            path: path.to_path_buf(),
            line,
            column,
            message: "not UTF-8 text (a binary file, or saved in another encoding)".into(),
        });
    }
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|err| corrupt(path, &err))?;
    if let Some(found) = value.get("format").and_then(serde_json::Value::as_u64)
        && found > u64::from(FORMAT)
    {
        return Err(StoreError::NewerFormat {
            path: path.to_path_buf(),
            found,
            supported: FORMAT,
        });
    }
    // Parsed from the bytes again, not from `value`, so a wrong shape has a line and column.
    serde_json::from_slice(bytes).map_err(|err| corrupt(path, &err))
}

/// A serde error as [`StoreError::Corrupt`], with the position split from the message.
fn corrupt(path: &Path, err: &serde_json::Error) -> StoreError {
    let (line, column) = (err.line(), err.column());
    let full = err.to_string();
    let message = full
        .strip_suffix(&format!(" at line {line} column {column}"))
        .unwrap_or(&full)
        .to_owned();
    StoreError::Corrupt {
        path: path.to_path_buf(),
        line,
        column,
        message,
    }
}
