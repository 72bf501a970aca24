use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::*;

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Draft {
    format: u32,
    text: String,
}

/// A history summary of an entry's file name and text, as the index stores it.
#[derive(Debug)]
struct Text(String, String);

impl index::Indexed for Text {
    type Stored = (String, String);

    fn stem(&self) -> &str {
        &self.0
    }

    fn store(&self, _: &mut index::Ids) -> impl Serialize {
        (&self.0, &self.1)
    }

    fn load((stem, text): Self::Stored, _: &index::Ids) -> Option<Self> {
        Some(Self(stem, text))
    }
}

fn draft(text: &str) -> Draft {
    Draft {
        format: FORMAT,
        text: text.into(),
    }
}

/// Every file name in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("list folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn draft_round_trips_as_pretty_json_with_a_newline() {
    let dir = tempfile::tempdir().expect("temp folder");
    let store = Store::at(dir.path());
    let path = store
        .save_draft("realtime-analytics", &draft("hello"))
        .expect("draft saved");
    assert_eq!(path, dir.path().join("drafts/realtime-analytics.json"));
    assert_eq!(path, store.draft_path("realtime-analytics"));
    let text = fs::read_to_string(&path).expect("read");
    assert_eq!(text, "{\n  \"format\": 1,\n  \"text\": \"hello\"\n}\n");
    let loaded: Option<Draft> = store
        .load_draft("realtime-analytics")
        .expect("draft loaded");
    assert_eq!(loaded, Some(draft("hello")));

    store
        .save_draft("realtime-analytics", &draft("again"))
        .expect("draft saved");
    let loaded: Option<Draft> = store
        .load_draft("realtime-analytics")
        .expect("draft loaded");
    assert_eq!(loaded, Some(draft("again")));
    assert_eq!(
        names(&dir.path().join("drafts")),
        ["realtime-analytics.json"]
    );
}

#[test]
fn missing_draft_is_none_and_removing_it_is_fine() {
    let dir = tempfile::tempdir().expect("temp folder");
    let store = Store::at(dir.path());
    let loaded: Option<Draft> = store.load_draft("nothing-here").expect("draft loaded");
    assert_eq!(loaded, None);
    store.remove_draft("nothing-here").expect("draft removed");

    store.save_draft("cdc", &draft("x")).expect("draft saved");
    store.remove_draft("cdc").expect("draft removed");
    assert!(!store.draft_path("cdc").exists());
}

#[test]
fn corrupt_draft_is_reported_with_line_and_column_and_left_alone() {
    let dir = tempfile::tempdir().expect("temp folder");
    let store = Store::at(dir.path());
    let path = store.draft_path("cdc");
    fs::create_dir_all(path.parent().expect("folder created")).expect("folder created");
    let bad = "{\n  \"format\": 1,\n  \"text\": oops\n}\n";
    fs::write(&path, bad).expect("fixture written");

    let err = store.load_draft::<Draft>("cdc").expect_err("must fail");
    let StoreError::Corrupt {
        path: reported,
        line,
        column,
        ..
    } = &err
    else {
        panic!("expected Corrupt, got {err:?}");
    };
    assert_eq!(reported, &path);
    assert_eq!((*line, *column), (3, 11));
    let message = err.to_string();
    assert!(message.contains("move it aside"), "{message}");
    assert_eq!(fs::read_to_string(&path).expect("read"), bad);
}

#[test]
fn wrong_shape_and_bad_utf8_are_corrupt_too() {
    let dir = tempfile::tempdir().expect("temp folder");
    let store = Store::at(dir.path());
    let path = store.draft_path("cdc");
    fs::create_dir_all(path.parent().expect("folder created")).expect("folder created");

    fs::write(&path, "{\n  \"format\": 1,\n  \"text\": 5\n}\n").expect("fixture written");
    let err = store.load_draft::<Draft>("cdc").expect_err("must fail");
    assert!(
        matches!(err, StoreError::Corrupt { line: 3, .. }),
        "{err:?}"
    );

    let bytes = b"{\"format\": 1, \"text\": \"\xff\"}\n";
    fs::write(&path, bytes).expect("fixture written");
    let err = store.load_draft::<Draft>("cdc").expect_err("must fail");
    assert!(
        matches!(err, StoreError::Corrupt { line: 1, .. }),
        "{err:?}"
    );
    assert_eq!(fs::read(&path).expect("read"), bytes);
}

#[test]
fn newer_format_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().expect("temp folder");
    let store = Store::at(dir.path());
    let path = store.draft_path("cdc");
    fs::create_dir_all(path.parent().expect("folder created")).expect("folder created");
    // A newer dei may change the shape too: the format is what gets reported.
    let newer = "{\n  \"format\": 2,\n  \"body\": [\"new\"]\n}\n";
    fs::write(&path, newer).expect("fixture written");

    let err = store.load_draft::<Draft>("cdc").expect_err("must fail");
    assert!(
        matches!(
            err,
            StoreError::NewerFormat {
                found: 2,
                supported: FORMAT,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(fs::read_to_string(&path).expect("read"), newer);

    let err = store.load_session::<Draft>(&path).expect_err("must fail");
    assert!(matches!(err, StoreError::NewerFormat { .. }), "{err:?}");
}

#[test]
fn save_session_never_overwrites() {
    let dir = tempfile::tempdir().expect("temp folder");
    let store = Store::at(dir.path());
    let first = store
        .save_session("2025-01-02-cdc", &draft("one"))
        .expect("session saved");
    let second = store
        .save_session("2025-01-02-cdc", &draft("two"))
        .expect("session saved");
    let third = store
        .save_session("2025-01-02-cdc", &draft("three"))
        .expect("session saved");
    let history = dir.path().join("history");
    assert_eq!(first, history.join("2025-01-02-cdc.json"));
    assert_eq!(second, history.join("2025-01-02-cdc-2.json"));
    assert_eq!(third, history.join("2025-01-02-cdc-3.json"));
    assert_eq!(
        store.load_session::<Draft>(&first).expect("session loaded"),
        draft("one")
    );
    assert_eq!(
        store
            .load_session::<Draft>(&second)
            .expect("session loaded"),
        draft("two")
    );
    assert_eq!(
        store.load_session::<Draft>(&third).expect("session loaded"),
        draft("three")
    );
    assert_eq!(
        names(&history).len(),
        3,
        "no temp files: {:?}",
        names(&history)
    );
}

#[test]
fn a_session_scored_again_replaces_its_own_entry_and_the_index_is_rebuilt() {
    let dir = tempfile::tempdir().expect("temp folder");
    let store = Store::at(dir.path());
    let path = store
        .save_session("2025-01-02-cdc", &draft("first"))
        .expect("session saved");
    let read = |store: &Store| -> Vec<String> {
        store
            .indexed_history(|stem, entry: Draft| Text(stem.to_owned(), entry.text))
            .expect("read")
            .summaries
            .into_iter()
            .map(|Text(_, text)| text)
            .collect()
    };
    assert_eq!(read(&store), ["first"]);
    assert!(store.history_index_path().exists());
    store
        .replace_session(&path, &draft("again"))
        .expect("replaced");
    assert_eq!(
        store.load_session::<Draft>(&path).expect("loads"),
        draft("again")
    );
    // The index's row was the old entry's: it is gone, and the next read has the new one.
    assert!(!store.history_index_path().exists());
    assert_eq!(read(&store), ["again"]);
    let history = dir.path().join("history");
    assert_eq!(names(&history), [".index.json", "2025-01-02-cdc.json"]);
    // Only an entry that is there, in the history folder, is replaced.
    for not_an_entry in [
        history.join("2025-01-03-cdc.json"),
        dir.path().join("2025-01-02-cdc.json"),
        history.join(".index.json"),
    ] {
        let err = store
            .replace_session(&not_an_entry, &draft("x"))
            .expect_err("refused");
        assert!(err.to_string().contains("nothing is replaced"), "{err}");
    }
}

#[test]
fn unsafe_names_are_refused() {
    let dir = tempfile::tempdir().expect("temp folder");
    let store = Store::at(dir.path());
    for name in ["", "../escape", "a/b", "a\\b", "a..b", ".hidden", "nul\0"] {
        let err = store.save_draft(name, &draft("x")).expect_err("must fail");
        let StoreError::Io { error: source, .. } = &err else {
            panic!("{name:?}: expected Io, got {err:?}");
        };
        assert_eq!(source.kind(), io::ErrorKind::InvalidInput, "{name:?}");
        assert!(store.save_session(name, &draft("x")).is_err(), "{name:?}");
        assert!(store.load_draft::<Draft>(name).is_err(), "{name:?}");
        assert!(store.remove_draft(name).is_err(), "{name:?}");
    }
    assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));
}

#[test]
fn write_atomic_leaves_no_temp_files() {
    let dir = tempfile::tempdir().expect("temp folder");
    let path = dir.path().join("deep/er/report.md");
    write_atomic(&path, b"first\n").expect("written");
    write_atomic(&path, b"second\n").expect("written");
    assert_eq!(fs::read_to_string(&path).expect("read"), "second\n");
    assert_eq!(names(path.parent().expect("has a parent")), ["report.md"]);
}

#[test]
fn write_atomic_keeps_an_open_reader_on_the_old_content() {
    use std::io::Read as _;
    let dir = tempfile::tempdir().expect("temp folder");
    let path = dir.path().join("draft.json");
    write_atomic(&path, b"old content\n").expect("written");
    let mut reader = fs::File::open(&path).expect("opened");
    write_atomic(&path, b"new content\n").expect("written");
    let mut seen = String::new();
    reader.read_to_string(&mut seen).expect("read");
    assert_eq!(seen, "old content\n");
    assert_eq!(fs::read_to_string(&path).expect("read"), "new content\n");
}

#[test]
fn write_atomic_under_a_regular_file_fails_and_leaves_nothing() {
    let dir = tempfile::tempdir().expect("temp folder");
    let blocker = dir.path().join("blocker");
    fs::write(&blocker, "a file, not a folder").expect("fixture written");
    let err = write_atomic(&blocker.join("report.md"), b"x").expect_err("must fail");
    assert_ne!(err.kind(), io::ErrorKind::NotFound, "{err}");
    assert_eq!(names(dir.path()), ["blocker"]);
    assert_eq!(
        fs::read_to_string(&blocker).expect("read"),
        "a file, not a folder"
    );

    let store = Store::at(dir.path());
    let err = store
        .write_file(&blocker.join("deeper/report.md"), b"x")
        .expect_err("must fail");
    assert!(matches!(err, StoreError::Io { .. }), "{err:?}");
    assert_eq!(names(dir.path()), ["blocker"]);
}

#[test]
fn history_paths_are_sorted_and_skip_temp_hidden_and_other_files() {
    let dir = tempfile::tempdir().expect("temp folder");
    let store = Store::at(dir.path());
    assert!(store.history_paths().expect("history listed").is_empty());

    store
        .save_session("b-session", &draft("b"))
        .expect("session saved");
    store
        .save_session("a-session", &draft("a"))
        .expect("session saved");
    store
        .save_session("c-session", &draft("c"))
        .expect("session saved");
    let history = dir.path().join("history");
    fs::write(history.join("notes.txt"), "not an entry").expect("fixture written");
    fs::write(history.join(".a-session.json.123-0.tmp"), "{").expect("fixture written");
    fs::write(history.join(".hidden.json"), "{}").expect("fixture written");
    fs::create_dir(history.join("folder.json")).expect("folder created");

    let paths = store.history_paths().expect("history listed");
    // A folder named like an entry is listed, so that reading it is reported.
    let expected: Vec<PathBuf> = [
        "a-session.json",
        "b-session.json",
        "c-session.json",
        "folder.json",
    ]
    .iter()
    .map(|name| history.join(name))
    .collect();
    assert_eq!(paths, expected);
}

#[test]
fn data_env_wins_when_set_and_not_empty() {
    let platform = || Some(PathBuf::from("/platform/dei"));
    let store = Store::open_with(Some("/synced/dei".into()), platform).expect("store opened");
    assert_eq!(store.root(), Path::new("/synced/dei"));
    let store = Store::open_with(Some("".into()), platform).expect("store opened");
    assert_eq!(store.root(), Path::new("/platform/dei"));
    let store = Store::open_with(None, platform).expect("store opened");
    assert_eq!(store.root(), Path::new("/platform/dei"));
    let err = Store::open_with(None, || None).expect_err("must fail");
    assert!(matches!(err, StoreError::NoDataDir), "{err:?}");
}

#[test]
fn error_messages() {
    let path = PathBuf::from("/data/dei/drafts/cdc.json");
    let errors = [
        StoreError::NoDataDir,
        StoreError::Io {
            path: path.clone(),
            error: io::Error::from(io::ErrorKind::PermissionDenied),
        },
        StoreError::Corrupt {
            path: path.clone(),
            line: 3,
            column: 11,
            message: "expected value".into(),
        },
        StoreError::NewerFormat {
            path,
            found: 2,
            supported: FORMAT,
        },
    ];
    let mut shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
    // Refused before anything on disk is touched, so the path is fixed.
    let bad_name = Store::at("/data/dei")
        .save_draft("../escape", &draft("x"))
        .expect_err("must fail");
    shown.push(bad_name.to_string());
    insta::assert_snapshot!(shown.join("\n"));
}

#[test]
fn a_draft_set_aside_is_renamed_unread_and_never_over_another() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::at(dir.path());
    let drafts = dir.path().join("drafts");
    fs::create_dir_all(&drafts).expect("drafts folder");
    fs::write(store.draft_path("cdc"), "{not json").expect("written");
    let first = store.set_aside_draft("cdc", "20261124").expect("set aside");
    assert_eq!(first, drafts.join("cdc.20261124.json"));
    assert_eq!(fs::read_to_string(&first).expect("kept"), "{not json");
    assert!(!store.draft_path("cdc").exists());
    fs::write(store.draft_path("cdc"), "second").expect("written");
    let second = store.set_aside_draft("cdc", "20261124").expect("set aside");
    assert_eq!(second, drafts.join("cdc.20261124-2.json"));
    assert_eq!(fs::read_to_string(&first).expect("untouched"), "{not json");
    assert_eq!(fs::read_to_string(&second).expect("kept"), "second");
    let missing = store.set_aside_draft("cdc", "20261124");
    assert!(matches!(missing, Err(StoreError::Io { .. })), "{missing:?}");
}

#[test]
fn a_new_file_never_replaces_a_file_a_link_or_a_folder() {
    let dir = tempfile::tempdir().expect("temp folder");
    let store = Store::at(dir.path().join("data"));
    let report = dir.path().join("report.md");
    fs::write(&report, "mine").expect("fixture written");
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path().join("nowhere"), dir.path().join("report-2.md"))
        .expect("link");
    #[cfg(not(unix))]
    fs::write(dir.path().join("report-2.md"), "mine too").expect("fixture written");
    fs::create_dir(dir.path().join("report-3.md")).expect("folder");

    let written = store.write_new_file(&report, b"new").expect("written");
    assert_eq!(written, dir.path().join("report-4.md"));
    assert_eq!(fs::read_to_string(&written).expect("read"), "new");
    assert_eq!(fs::read_to_string(&report).expect("read"), "mine");
    assert!(
        !dir.path().join("nowhere").exists(),
        "the link is not followed"
    );

    let plain = dir.path().join("notes");
    assert_eq!(store.write_new_file(&plain, b"a").expect("written"), plain);
    assert_eq!(
        store.write_new_file(&plain, b"b").expect("written"),
        dir.path().join("notes-2")
    );

    // A typo in the folder is an error, not a new folder.
    let err = store
        .write_new_file(&dir.path().join("typo/report.md"), b"x")
        .expect_err("must fail");
    assert!(err.to_string().contains("does not exist"), "{err}");
    assert!(!dir.path().join("typo").exists());
}

#[test]
fn a_new_file_at_an_exact_path_is_written_once_and_never_over_anything() {
    let dir = tempfile::tempdir().expect("temp folder");
    let store = Store::at(dir.path().join("data"));
    let answer = dir.path().join("answer.md");
    store.create_new_file(&answer, b"first").expect("written");
    assert_eq!(fs::read_to_string(&answer).expect("read"), "first");
    let err = store
        .create_new_file(&answer, b"second")
        .expect_err("taken");
    assert!(err.to_string().contains("already exists"), "{err}");
    assert_eq!(fs::read_to_string(&answer).expect("read"), "first");
    #[cfg(unix)]
    {
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &link).expect("link");
        store
            .create_new_file(&link, b"x")
            .expect_err("a dangling link");
        assert!(
            !dir.path().join("nowhere").exists(),
            "the link is not followed"
        );
    }
    let err = store
        .create_new_file(&dir.path().join("typo/answer.md"), b"x")
        .expect_err("no folder");
    assert!(err.to_string().contains("does not exist"), "{err}");
    assert!(!dir.path().join("typo").exists());
    assert!(!dir.path().join("data").exists(), "nothing else is made");
    let left: Vec<_> = fs::read_dir(dir.path()).expect("list").collect();
    assert_eq!(left.len(), 2, "no temp file is left: {left:?}");
}
