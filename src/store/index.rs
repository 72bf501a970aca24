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
//! The file starts with a dot, so [`Store::history_paths`] (and anything else that lists
//! entries) leaves it out.
//!
//! Rows are keyed by file name alone because entries do not change after they are written
//! ([`Store::save_session`] never overwrites one); the one way dei changes an entry,
//! [`Store::replace_session`], removes the index. Looking at each file's size and time as
//! well would catch a hand edit, but costs a `stat` per entry: about 25 ms of the 100 ms
//! budget at 10,000 sessions. After editing an entry by hand, delete the index.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::{EXTENSION, HISTORY, Store, StoreError, read_file, write_atomic};

/// Version of the index layout. Another version is not an error: the index is rebuilt.
/// (2: summaries are written as they serialize; `progress::Summary` as a positional row.)
pub const INDEX_FORMAT: u32 = 2;

/// The index's file name in the history folder.
pub const INDEX_FILE: &str = ".index.json";

/// The index on disk.
#[derive(Debug, Serialize, Deserialize)]
#[serde(bound(serialize = "S: Serialize", deserialize = "S: DeserializeOwned"))]
struct IndexFile<S> {
    /// [`INDEX_FORMAT`].
    format: u32,
    /// Entry file name (`<stem>.json`) -> its summary.
    entries: Rows<S>,
}

/// The index's rows, sorted by file name: a JSON object on disk, a plain list in memory,
/// walked in step with the sorted folder listing (no tree to build and take apart again).
#[derive(Debug)]
struct Rows<S>(Vec<(String, S)>);

impl<S: Serialize> Serialize for Rows<S> {
    fn serialize<Z: serde::Serializer>(&self, serializer: Z) -> Result<Z::Ok, Z::Error> {
        serializer.collect_map(self.0.iter().map(|(name, row)| (name, row)))
    }
}

impl<'de, S: DeserializeOwned> Deserialize<'de> for Rows<S> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor<S>(std::marker::PhantomData<S>);
        impl<'de, S: DeserializeOwned> serde::de::Visitor<'de> for Visitor<S> {
            type Value = Rows<S>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Rows<S>, A::Error> {
                let mut rows = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some(row) = map.next_entry::<String, S>()? {
                    rows.push(row);
                }
                // dei writes them sorted; a hand-edited index may not be.
                if !rows.is_sorted_by(|a, b| a.0 < b.0) {
                    rows.sort_by(|a, b| a.0.cmp(&b.0));
                    rows.dedup_by(|a, b| a.0 == b.0);
                }
                Ok(Rows(rows))
            }
        }
        deserializer.deserialize_map(Visitor(std::marker::PhantomData))
    }
}

/// Only the format, to tell an index of another version from a damaged one.
#[derive(Deserialize)]
struct Header {
    format: u32,
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
    /// One summary per readable entry, in file-name order.
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

impl Store {
    /// Where the summary index lives: `<root>/history/.index.json`.
    #[must_use]
    pub fn history_index_path(&self) -> PathBuf {
        self.root.join(HISTORY).join(INDEX_FILE)
    }

    /// A summary of every history entry, through the index (see the module docs).
    ///
    /// `summarize(stem, entry)` turns an entry read as `E` from `<stem>.json` into the
    /// summary `S` the index keeps. Only a history folder that cannot be listed is an error;
    /// bad entries and a bad index are reported in the result.
    pub fn indexed_history<E, S>(
        &self,
        summarize: impl Fn(&str, E) -> S,
    ) -> Result<IndexedHistory<S>, StoreError>
    where
        E: DeserializeOwned,
        S: Serialize + DeserializeOwned,
    {
        let listed = self.list_history()?;
        let index_path = self.history_index_path();
        let mut notes = Vec::new();
        let (known, mut changed) = match load_index::<S>(&index_path) {
            Ok(Some(index)) => (index.entries.0, false),
            Ok(None) => (Vec::new(), true),
            Err(note) => {
                notes.push(note);
                (Vec::new(), true)
            }
        };

        // Both are sorted by name: one walk pairs each entry with its row.
        let mut known = known.into_iter().peekable();
        let mut fresh = Vec::with_capacity(listed.len());
        let mut skipped = Vec::new();
        let mut entries_read = 0;
        let folder = self.root.join(HISTORY);
        for name in listed {
            // Rows before this name are entries that are gone.
            while known.next_if(|(known, _)| *known < name).is_some() {
                changed = true;
            }
            let row = if let Some((_, row)) = known.next_if(|(known, _)| *known == name) {
                row
            } else {
                changed = true;
                entries_read += 1;
                match self.load_session::<E>(&folder.join(&name)) {
                    Ok(entry) => {
                        let stem = name.strip_suffix(&format!(".{EXTENSION}")).unwrap_or(&name);
                        summarize(stem, entry)
                    }
                    Err(err) => {
                        skipped.push(err);
                        continue;
                    }
                }
            };
            fresh.push((name, row));
        }
        // Rows left are entries that are gone.
        changed |= known.next().is_some();

        let mut index_written = false;
        let index = IndexFile {
            format: INDEX_FORMAT,
            entries: Rows(fresh),
        };
        if changed {
            match save_index(&index_path, &index) {
                Ok(()) => index_written = true,
                Err(err) => notes.push(IndexNote::NotSaved(err)),
            }
        }
        Ok(IndexedHistory {
            // By file name, as the listing was.
            summaries: index.entries.0.into_iter().map(|(_, row)| row).collect(),
            skipped,
            notes,
            entries_read,
            index_written,
        })
    }

    /// The entry files, by name. Same rules as
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
            let Ok(name) = entry.file_name().into_string() else {
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
            listed.push(name);
        }
        listed.sort_unstable();
        Ok(listed)
    }
}

/// The index at `path`; `Ok(None)` when there is none or it is of another version.
fn load_index<S: DeserializeOwned>(path: &Path) -> Result<Option<IndexFile<S>>, IndexNote> {
    let rebuilt = |reason: String| IndexNote::Rebuilt {
        path: path.to_path_buf(),
        reason,
    };
    let bytes = match read_file(path) {
        Ok(bytes) => bytes,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(rebuilt(err.to_string())),
    };
    match serde_json::from_slice::<IndexFile<S>>(&bytes) {
        Ok(index) if index.format == INDEX_FORMAT => Ok(Some(index)),
        Ok(_) => Ok(None),
        Err(err) => match serde_json::from_slice::<Header>(&bytes) {
            Ok(header) if header.format != INDEX_FORMAT => Ok(None),
            _ => Err(rebuilt(format!("not a valid index ({err})"))),
        },
    }
}

/// Writes the index atomically, as compact JSON (it is read by dei, not by people).
fn save_index<S: Serialize>(path: &Path, index: &IndexFile<S>) -> Result<(), StoreError> {
    let mut bytes = serde_json::to_vec(index).map_err(|err| StoreError::io(path, err.into()))?;
    bytes.push(b'\n');
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
}
