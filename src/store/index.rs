//! The summary index of the history folder, `history/.index.json`: a summary of every entry,
//! so `dei history` and `dei stats` read one file instead of thousands.
//!
//! The index is derived data. Each read lists the folder (names only: no file is opened or
//! even looked at), reuses the index row of every entry it knows by name, reads only the
//! entries that are new, and drops rows whose file is gone; when anything changed the index is written back
//! atomically. A missing index, or one from another dei version, is rebuilt silently; an
//! unreadable or corrupt one is reported and rebuilt. Entries are never modified here: an
//! entry that cannot be read is reported and left out, and asked about again next time.
//!
//! The file is one compact JSON document, `{"format":4,"ids":[...],"entries":[...]}`, laid
//! out a line per row: the first line holds the ids the rows repeat (scenario ids, bands,
//! rubric ids), each once, and each row after it, sorted by entry name, gives them as numbers.
//! It is read as a stream, a line at a time, in step with the sorted folder listing, so a
//! history of 100,000 sessions never holds the file's 14 megabytes beside the summaries it
//! becomes. A line that does not read ends the trusted part: the note says so, and the entries
//! after it are read from their files. A dei of another version sees a format it does not know
//! and rebuilds its own, as this one does.
//!
//! The file starts with a dot, so [`Store::history_paths`] (and anything else that lists
//! entries) leaves it out.
//!
//! Rows are keyed by file name alone because entries do not change after they are written
//! ([`Store::save_session`] never overwrites one); the one way dei changes an entry,
//! [`Store::replace_session`], removes the index. Looking at each file's size and time as
//! well would catch a hand edit, but costs a `stat` per entry: about 25 ms of the 100 ms
//! budget at 10,000 sessions. After editing an entry by hand, delete the index.

use std::collections::HashMap;
use std::fs;
use std::io::{self, BufRead as _};
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::{EXTENSION, HISTORY, Store, StoreError, open_file, read_file, write_atomic};
use crate::practice::Mode;
use crate::progress::{Items, SharedId, Summary};
use crate::text::FnvBuild;

/// Version of the index layout. Another version is not an error: the index is rebuilt.
/// (2: summaries written as positional rows; 3: a row per line, the entry's name only in
/// its summary; 4: repeated ids written once, as numbers in the rows.)
pub const INDEX_FORMAT: u32 = 4;

/// The index's file name in the history folder.
pub const INDEX_FILE: &str = ".index.json";

/// A summary the index can keep. It names the entry it was made from, so the index does not
/// store the name a second time beside it, and it is stored as a row in which the texts that
/// many rows repeat (scenario ids, bands, rubric ids) are numbers into the index's [`Ids`].
pub trait Indexed: Sized {
    /// The row as read back.
    type Stored: DeserializeOwned;

    /// The entry's file name without `.json`.
    fn stem(&self) -> &str;

    /// The row to write, numbering its repeated texts in `ids`.
    fn store(&self, ids: &mut Ids) -> impl Serialize;

    /// The summary a stored row gives; `None` when it names a number `ids` does not have.
    fn load(row: Self::Stored, ids: &Ids) -> Option<Self>;
}

/// The texts an index's rows repeat, numbered in the order first met, written once in the
/// index's first line.
#[derive(Debug, Default)]
pub struct Ids {
    texts: Vec<SharedId>,
    numbers: HashMap<SharedId, u32, FnvBuild>,
}

impl Ids {
    /// The number of `id`, numbering it if it is new.
    pub fn number(&mut self, id: SharedId) -> u32 {
        *self.numbers.entry(id).or_insert_with(|| {
            self.texts.push(id);
            u32::try_from(self.texts.len() - 1).unwrap_or(u32::MAX)
        })
    }

    /// The numbers of `ids`.
    pub fn numbers(&mut self, ids: &[SharedId]) -> Vec<u32> {
        ids.iter().map(|id| self.number(*id)).collect()
    }

    /// The id numbered `n`.
    #[must_use]
    pub fn get(&self, n: u32) -> Option<SharedId> {
        self.texts.get(n as usize).copied()
    }

    /// A session's items from the numbers of its signals hit, signals missed and red flags.
    #[must_use]
    pub fn items(&self, hit: &[u32], missed: &[u32], flags: &[u32]) -> Option<Items> {
        let all: Vec<SharedId> = [hit, missed, flags]
            .into_iter()
            .flatten()
            .map(|n| self.get(*n))
            .collect::<Option<_>>()?;
        let (hit, rest) = all.split_at(hit.len());
        let (missed, flags) = rest.split_at(missed.len());
        Some(Items::new(hit, missed, flags))
    }
}

/// [`Summary`] as the index stores it: its fields in order, the ids as numbers.
type SummaryRow = (
    String,
    String,
    String,
    u32,
    Mode,
    u32,
    u32,
    u64,
    Vec<u32>,
    Vec<u32>,
    Vec<u32>,
);

impl Indexed for Summary {
    type Stored = SummaryRow;

    fn stem(&self) -> &str {
        &self.file
    }

    fn store(&self, ids: &mut Ids) -> impl Serialize {
        (
            &self.file,
            &self.started,
            &self.finished,
            ids.number(self.scenario),
            self.mode,
            self.score,
            ids.number(self.band),
            self.seconds,
            ids.numbers(self.items.signals_hit()),
            ids.numbers(self.items.signals_missed()),
            ids.numbers(self.items.red_flags()),
        )
    }

    fn load(row: SummaryRow, ids: &Ids) -> Option<Self> {
        let (file, started, finished, scenario, mode, score, band, seconds, hit, missed, flags) =
            row;
        Some(Self {
            file,
            started,
            finished,
            scenario: ids.get(scenario)?,
            mode,
            score,
            band: ids.get(band)?,
            seconds,
            items: ids.items(&hit, &missed, &flags)?,
        })
    }
}

/// How the index's first line starts, exactly as dei writes it; the ids follow, then
/// [`FIRST_LINE_END`], then the rows, one per line.
const FIRST_LINE: &str = "{\"format\":4,\"ids\":";
/// How the first line ends.
const FIRST_LINE_END: &str = ",\"entries\":[";
/// The index's last line.
const LAST_LINE: &str = "]}";

/// Only the format, to tell an index of another version from a damaged one.
#[derive(Deserialize)]
struct Header {
    format: u32,
}

/// An index of this version laid out other than one row per line (say, reformatted by
/// hand): read whole, as any JSON.
#[derive(Deserialize)]
#[serde(bound(deserialize = "S: DeserializeOwned"))]
struct Whole<S> {
    ids: Vec<SharedId>,
    entries: Vec<S>,
}

/// Something about the index the user should hear; history still works either way.
#[derive(Debug, thiserror::Error)]
pub enum IndexNote {
    /// The index could not be read or parsed and was rebuilt from the entries.
    #[error(
        "{}: {reason}; rebuilding it from the entries (the index is derived from them, so nothing is lost)",
        path.display()
    )]
    Rebuilt {
        /// The index file.
        path: PathBuf,
        /// What was wrong with it.
        reason: String,
    },
    /// The index could not be written; the next run reads the entries again.
    #[error("could not save the history index: {0}; history still works, only more slowly")]
    NotSaved(StoreError),
}

/// The history as the index (and the entries it had to read) gave it.
#[derive(Debug)]
pub struct IndexedHistory<S> {
    /// One summary per readable entry, in the order of their names without `.json`.
    pub summaries: Vec<S>,
    /// Entries that could not be read (corrupt, newer format, unreadable), each naming its
    /// file. They are left untouched and not indexed.
    pub skipped: Vec<StoreError>,
    /// Problems with the index itself.
    pub notes: Vec<IndexNote>,
    /// How many entry files were opened (0 when the index was up to date).
    pub entries_read: usize,
    /// True when the index was (re)written.
    pub index_written: bool,
}

/// The rows of an index file, read one line at a time as the walk asks for them.
struct Rows<S: Indexed> {
    /// The file, while rows are left in it.
    lines: Option<io::BufReader<fs::File>>,
    /// The rows of an index read whole (see [`Whole`]).
    whole: std::vec::IntoIter<S::Stored>,
    /// The ids the rows' numbers stand for.
    ids: Ids,
    /// The line being read, reused for every row.
    line: String,
    /// 1-based number of the line in `line`.
    number: usize,
    /// The next row, read but not yet taken.
    peeked: Option<S>,
    path: PathBuf,
    /// Set when the file turned out damaged.
    note: Option<IndexNote>,
}

impl<S: Indexed> Rows<S> {
    /// The rows of the index at `path`, and whether it must be written again: it is missing,
    /// of another version or damaged (then [`Rows::note`] says why).
    fn open(path: &Path) -> (Self, bool) {
        let mut rows = Self {
            lines: None,
            whole: Vec::new().into_iter(),
            ids: Ids::default(),
            line: String::new(),
            number: 0,
            peeked: None,
            path: path.to_path_buf(),
            note: None,
        };
        let file = match open_file(path) {
            Ok(file) => file,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return (rows, true),
            Err(err) => {
                rows.damaged(err.to_string());
                return (rows, true);
            }
        };
        rows.lines = Some(io::BufReader::with_capacity(64 * 1024, file));
        match rows.read_line() {
            Ok(true) => {
                let ids = rows
                    .line
                    .trim_end()
                    .strip_prefix(FIRST_LINE)
                    .and_then(|rest| rest.strip_suffix(FIRST_LINE_END))
                    .and_then(|ids| serde_json::from_str::<Vec<SharedId>>(ids).ok());
                if let Some(ids) = ids {
                    rows.ids = ids_of(ids);
                    return (rows, false);
                }
            }
            Ok(false) => {}
            Err(reason) => {
                rows.damaged(reason);
                return (rows, true);
            }
        }
        // Not as this dei writes it: another version's index (silently rebuilt), a damaged
        // one, or this version's laid out otherwise.
        rows.lines = None;
        let bytes = match read_file(path) {
            Ok(bytes) => bytes,
            Err(err) => {
                rows.damaged(err.to_string());
                return (rows, true);
            }
        };
        match serde_json::from_slice::<Header>(&bytes) {
            Ok(header) if header.format != INDEX_FORMAT => (rows, true),
            Ok(_) => match serde_json::from_slice::<Whole<S::Stored>>(&bytes) {
                Ok(whole) => {
                    rows.ids = ids_of(whole.ids);
                    rows.whole = whole.entries.into_iter();
                    (rows, true)
                }
                Err(err) => {
                    rows.damaged(format!("not a valid index ({err})"));
                    (rows, true)
                }
            },
            Err(err) => {
                rows.damaged(format!("not a valid index ({err})"));
                (rows, true)
            }
        }
    }

    /// Reads the next line into `self.line`; `Ok(false)` at the end of the file.
    fn read_line(&mut self) -> Result<bool, String> {
        let Some(lines) = &mut self.lines else {
            return Ok(false);
        };
        self.line.clear();
        self.number += 1;
        match lines.read_line(&mut self.line) {
            Ok(0) => Ok(false),
            Ok(_) => Ok(true),
            Err(err) => Err(format!("cannot read line {}: {err}", self.number)),
        }
    }

    /// Stops reading, with `reason` for the note.
    fn damaged(&mut self, reason: String) {
        self.lines = None;
        self.note = Some(IndexNote::Rebuilt {
            path: self.path.clone(),
            reason,
        });
    }

    /// The next row read from the file: `None` at its last line, or where it is damaged.
    fn next_line_row(&mut self) -> Option<S> {
        match self.read_line() {
            Ok(true) => {}
            Ok(false) => {
                self.damaged(format!(
                    "not a valid index (it ends at line {})",
                    self.number
                ));
                return None;
            }
            Err(reason) => {
                self.damaged(reason);
                return None;
            }
        }
        let line = self.line.trim_end();
        if line == LAST_LINE {
            self.lines = None;
            return None;
        }
        let row = line.strip_suffix(',').unwrap_or(line);
        let row = match serde_json::from_str::<S::Stored>(row) {
            Ok(row) => S::load(row, &self.ids),
            Err(err) => {
                self.damaged(format!("not a valid index (line {}: {err})", self.number));
                return None;
            }
        };
        if row.is_none() {
            let number = self.number;
            self.damaged(format!(
                "not a valid index (line {number}: an id it does not list)"
            ));
        }
        row
    }

    /// The next row, without taking it.
    fn peek(&mut self) -> Option<&S> {
        if self.peeked.is_none() {
            self.peeked = if self.lines.is_some() {
                self.next_line_row()
            } else {
                self.whole.next().and_then(|row| S::load(row, &self.ids))
            };
        }
        self.peeked.as_ref()
    }

    /// Takes the next row if `keep` says so.
    fn next_if(&mut self, keep: impl FnOnce(&S) -> bool) -> Option<S> {
        if self.peek().is_some_and(keep) {
            self.peeked.take()
        } else {
            None
        }
    }
}

impl Store {
    /// Where the summary index lives: `<root>/history/.index.json`.
    #[must_use]
    pub fn history_index_path(&self) -> PathBuf {
        self.root.join(HISTORY).join(INDEX_FILE)
    }

    /// A summary of every history entry, through the index (see the module docs).
    ///
    /// `summarize(stem, entry)` turns an entry read as `E` from `<stem>.json` into the
    /// summary `S` the index keeps, whose [`Indexed::stem`] must be `stem`. Only a history
    /// folder that cannot be listed is an error; bad entries and a bad index are reported in
    /// the result.
    pub fn indexed_history<E, S>(
        &self,
        summarize: impl Fn(&str, E) -> S,
    ) -> Result<IndexedHistory<S>, StoreError>
    where
        E: DeserializeOwned,
        S: Indexed,
    {
        let listed = self.list_history()?;
        let index_path = self.history_index_path();
        let (mut known, mut changed) = Rows::<S>::open(&index_path);

        // Both are sorted by stem: one walk pairs each entry with its row.
        let mut fresh = Vec::with_capacity(listed.len());
        let mut skipped = Vec::new();
        let mut entries_read = 0;
        let folder = self.root.join(HISTORY);
        for stem in listed {
            // Rows before this name are entries that are gone.
            while known.next_if(|row| row.stem() < stem.as_str()).is_some() {
                changed = true;
            }
            let row = if let Some(row) = known.next_if(|row| row.stem() == stem) {
                row
            } else {
                changed = true;
                entries_read += 1;
                match self.load_session::<E>(&folder.join(format!("{stem}.{EXTENSION}"))) {
                    Ok(entry) => summarize(&stem, entry),
                    Err(err) => {
                        skipped.push(err);
                        continue;
                    }
                }
            };
            fresh.push(row);
        }
        // Rows left are entries that are gone.
        changed |= known.peek().is_some();
        let mut notes: Vec<IndexNote> = known.note.take().into_iter().collect();
        changed |= !notes.is_empty();

        let mut index_written = false;
        if changed {
            match save_index(&index_path, &fresh) {
                Ok(()) => index_written = true,
                Err(err) => notes.push(IndexNote::NotSaved(err)),
            }
        }
        Ok(IndexedHistory {
            summaries: fresh,
            skipped,
            notes,
            entries_read,
            index_written,
        })
    }

    /// The entry files' names without `.json`, sorted. Same rules as
    /// [`Store::history_paths`]: hidden files, temp files and non-`.json` files are left out.
    fn list_history(&self) -> Result<Vec<String>, StoreError> {
        let folder = self.root.join(HISTORY);
        let entries = match fs::read_dir(&folder) {
            Ok(entries) => entries,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(err) => return Err(StoreError::io(folder, err)),
        };
        let mut listed = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|err| StoreError::io(&folder, err))?;
            let Ok(mut name) = entry.file_name().into_string() else {
                // Not a name dei writes; `history_paths` would list it, but it cannot be a key.
                continue;
            };
            let json = name
                .strip_suffix(EXTENSION)
                .is_some_and(|stem| stem.ends_with('.'));
            if name.starts_with('.') || !json {
                continue;
            }
            // A folder, pipe or dangling link named `x.json` is listed too: reading it fails,
            // and the failure is reported with its path instead of the entry vanishing.
            name.truncate(name.len() - EXTENSION.len() - 1);
            listed.push(name);
        }
        listed.sort_unstable();
        Ok(listed)
    }
}

/// The table of `ids` read from an index, numbered in order.
fn ids_of(ids: Vec<SharedId>) -> Ids {
    let mut table = Ids::default();
    for id in ids {
        table.number(id);
    }
    table
}

/// Writes the index atomically, as compact JSON (it is read by dei, not by people) with one
/// row per line, so that it reads a line at a time; the first line holds the ids the rows
/// number. It is one JSON document all the same: a dei of another version finds its format
/// and rebuilds its own without a word.
fn save_index<S: Indexed>(path: &Path, rows: &[S]) -> Result<(), StoreError> {
    let failed = |err: serde_json::Error| StoreError::io(path, err.into());
    let mut ids = Ids::default();
    let mut body = Vec::with_capacity(rows.len() * 150 + 16);
    for (n, row) in rows.iter().enumerate() {
        // Compact JSON escapes every line break inside a string, so a row is one line.
        serde_json::to_writer(&mut body, &row.store(&mut ids)).map_err(failed)?;
        if n + 1 < rows.len() {
            body.push(b',');
        }
        body.push(b'\n');
    }
    body.extend_from_slice(LAST_LINE.as_bytes());
    body.push(b'\n');
    let mut bytes = Vec::with_capacity(body.len() + 1024);
    bytes.extend_from_slice(FIRST_LINE.as_bytes());
    serde_json::to_writer(&mut bytes, &ids.texts).map_err(failed)?;
    bytes.extend_from_slice(FIRST_LINE_END.as_bytes());
    bytes.push(b'\n');
    bytes.extend_from_slice(&body);
    write_atomic(path, &bytes).map_err(|err| StoreError::io(path, err))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, Serialize, Deserialize)]
    struct Entry {
        format: u32,
        score: u32,
    }

    impl Indexed for (String, u32) {
        type Stored = (String, u32);

        fn stem(&self) -> &str {
            &self.0
        }

        fn store(&self, _: &mut Ids) -> impl Serialize {
            self
        }

        fn load(row: Self::Stored, _: &Ids) -> Option<Self> {
            Some(row)
        }
    }

    fn summarize(stem: &str, entry: Entry) -> (String, u32) {
        (stem.to_owned(), entry.score)
    }

    fn read(store: &Store) -> IndexedHistory<(String, u32)> {
        store.indexed_history(summarize).expect("the folder lists")
    }

    #[test]
    fn the_index_is_built_reused_and_kept_in_step_with_the_folder() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::at(dir.path());
        assert!(read(&store).summaries.is_empty());
        for (name, score) in [("a", 10), ("b", 20)] {
            store
                .save_session(name, &Entry { format: 1, score })
                .expect("saved");
        }
        let first = read(&store);
        assert_eq!(first.summaries, [("a".into(), 10), ("b".into(), 20)]);
        assert_eq!((first.entries_read, first.index_written), (2, true));
        assert!(store.history_index_path().is_file());
        // The index is not an entry.
        assert_eq!(store.history_paths().expect("lists").len(), 2);

        let second = read(&store);
        assert_eq!(second.summaries, first.summaries);
        assert_eq!((second.entries_read, second.index_written), (0, false));

        fs::remove_file(dir.path().join("history/a.json")).expect("removed");
        store
            .save_session(
                "c",
                &Entry {
                    format: 1,
                    score: 30,
                },
            )
            .expect("saved");
        let third = read(&store);
        assert_eq!(third.summaries, [("b".into(), 20), ("c".into(), 30)]);
        assert_eq!((third.entries_read, third.index_written), (1, true));
    }

    #[test]
    fn bad_entries_are_skipped_and_a_bad_index_is_rebuilt() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::at(dir.path());
        store
            .save_session(
                "good",
                &Entry {
                    format: 1,
                    score: 5,
                },
            )
            .expect("saved");
        let history = dir.path().join("history");
        fs::write(history.join("broken.json"), "{ nope").expect("written");
        fs::write(history.join("newer.json"), r#"{"format": 99}"#).expect("written");
        fs::write(history.join(INDEX_FILE), "[1, 2").expect("written");

        let got = read(&store);
        assert_eq!(got.summaries, [("good".into(), 5)]);
        let skipped: Vec<String> = got.skipped.iter().map(ToString::to_string).collect();
        assert_eq!(skipped.len(), 2, "{skipped:?}");
        assert!(skipped[0].contains("broken.json:1:"), "{skipped:?}");
        assert!(skipped[1].contains("newer.json was written by a newer dei"));
        assert_eq!(got.notes.len(), 1);
        assert!(
            got.notes[0]
                .to_string()
                .contains(".index.json: not a valid index"),
            "{}",
            got.notes[0]
        );
        // The bad entries are left as they were and asked about again next time.
        assert_eq!(
            fs::read_to_string(history.join("broken.json")).expect("kept"),
            "{ nope"
        );
        let again = read(&store);
        assert_eq!((again.skipped.len(), again.notes.len()), (2, 0));
        assert_eq!(again.entries_read, 2);
    }

    #[test]
    fn an_index_of_another_version_is_rebuilt_silently() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::at(dir.path());
        store
            .save_session(
                "a",
                &Entry {
                    format: 1,
                    score: 5,
                },
            )
            .expect("saved");
        store
            .write_file(
                &store.history_index_path(),
                br#"{"format": 7, "entries": "whatever"}"#,
            )
            .expect("written");
        let got = read(&store);
        assert!(got.notes.is_empty());
        assert_eq!((got.entries_read, got.index_written), (1, true));
    }

    fn saved(store: &Store, scores: &[(&str, u32)]) {
        for (name, score) in scores {
            store
                .save_session(
                    name,
                    &Entry {
                        format: 1,
                        score: *score,
                    },
                )
                .expect("saved");
        }
    }

    #[test]
    fn the_index_is_one_json_document_with_a_row_per_line() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::at(dir.path());
        saved(&store, &[("a", 1), ("b", 2)]);
        read(&store);
        let text = fs::read_to_string(store.history_index_path()).expect("written");
        assert_eq!(
            text,
            "{\"format\":4,\"ids\":[],\"entries\":[\n[\"a\",1],\n[\"b\",2]\n]}\n"
        );
        // Any JSON reader takes it whole, as a dei of another version does to find the format.
        let value: serde_json::Value = serde_json::from_str(&text).expect("one document");
        assert_eq!(value["format"], 4);
    }

    #[test]
    fn a_damaged_line_ends_what_is_taken_from_the_index() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::at(dir.path());
        saved(&store, &[("a", 1), ("b", 2), ("c", 3)]);
        read(&store);
        let path = store.history_index_path();
        let text = fs::read_to_string(&path).expect("written");
        fs::write(&path, text.replace("[\"b\",2]", "[\"b\",")).expect("damaged");
        let got = read(&store);
        assert_eq!(
            got.summaries,
            [("a".into(), 1), ("b".into(), 2), ("c".into(), 3)]
        );
        // `a` came from the index; `b` and `c` from their files.
        assert_eq!((got.entries_read, got.index_written), (2, true));
        assert!(
            got.notes[0]
                .to_string()
                .contains("not a valid index (line 3:"),
            "{}",
            got.notes[0]
        );
        assert_eq!(read(&store).entries_read, 0, "rebuilt");
    }

    #[test]
    fn an_index_laid_out_otherwise_is_read_whole() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::at(dir.path());
        saved(&store, &[("a", 1), ("b", 2)]);
        let path = store.history_index_path();
        // Reformatted by hand, and out of order: `b` is trusted, `a` (out of step) read again.
        fs::write(
            &path,
            "{ \"format\": 4, \"ids\": [],\n  \"entries\": [ [\"b\", 2], [\"a\", 1] ] }\n",
        )
        .expect("written");
        let got = read(&store);
        assert!(got.notes.is_empty(), "{:?}", got.notes);
        assert_eq!(got.summaries, [("a".into(), 1), ("b".into(), 2)]);
        assert_eq!((got.entries_read, got.index_written), (1, true));
    }

    #[test]
    fn a_summary_is_stored_with_its_ids_numbered_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::at(dir.path());
        let entry = |scenario: &str, flags: &[&str]| {
            serde_json::json!({
                "format": 1, "scenario": scenario, "mode": "practice",
                "started": "2026-01-01T00:00:00Z", "finished": "2026-01-01T00:40:00Z",
                "score": 60, "band": "mixed", "moves": [],
                "signals_hit": ["tradeoffs"], "signals_missed": [], "red_flags": flags,
                "claims": 0, "claims_off": 0, "followups": [], "answer": "x"
            })
        };
        store
            .save_session("a", &entry("cdc-ingestion", &["no-replay"]))
            .expect("saved");
        store
            .save_session("b", &entry("cdc-ingestion", &[]))
            .expect("saved");
        let history = |store: &Store| {
            store
                .indexed_history::<crate::practice::HistoryEntry, Summary>(Summary::new)
                .expect("lists")
        };
        let first = history(&store);
        let text = fs::read_to_string(store.history_index_path()).expect("written");
        assert!(
            text.starts_with(
                "{\"format\":4,\"ids\":[\"cdc-ingestion\",\"mixed\",\"tradeoffs\",\"no-replay\"],\"entries\":[\n[\"a\",\"2026-01-01T00:00:00Z\",\"2026-01-01T00:40:00Z\",0,\"practice\",60,1,0,[2],[],[3]],\n"
            ),
            "{text}"
        );
        let second = history(&store);
        assert_eq!(
            (second.entries_read, second.summaries),
            (0, first.summaries)
        );
        // A number the first line does not list is a damaged index, not a wrong id.
        fs::write(store.history_index_path(), text.replace(",[3]]", ",[9]]")).expect("damaged");
        let third = history(&store);
        assert_eq!(third.entries_read, 2);
        assert!(
            third.notes[0]
                .to_string()
                .contains("line 2: an id it does not list"),
            "{}",
            third.notes[0]
        );
    }
}
