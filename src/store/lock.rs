//! One live session per draft. A session holds `drafts/<key>.lock` beside its draft for as
//! long as it runs: the file says who (pid, host, since when), and the session keeps an
//! advisory lock (`flock`) on it. The kernel drops that lock however the process ends, so a
//! lock file nobody holds is stale for certain, even after `kill -9`; a second window finds a
//! held one and says whose it is.
//!
//! The file is written whole before it appears (a temp file, locked, then hard-linked into
//! place, which fails if the name is taken), so a reader never sees half of it; a stale one is
//! replaced by a rename while its lock is held, so two windows cannot both take it over.
//! [`DraftLock`] removes the file when dropped: on quit, on an error, on a signal (the screens
//! end their loops and return) and on a panic (the stack unwinds).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read as _, Write as _};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Who holds a lock, as its file says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    /// The session's process id.
    pub pid: u32,
    /// The machine it runs on.
    pub host: String,
    /// When it started (RFC 3339).
    pub since: String,
}

impl Holder {
    /// This process, started at `since`.
    #[must_use]
    pub fn me(since: &str) -> Self {
        Self {
            pid: std::process::id(),
            host: host_name(),
            since: since.to_owned(),
        }
    }
}

/// A lock this process holds; dropping it removes the file and releases the lock.
#[derive(Debug)]
pub struct DraftLock {
    path: PathBuf,
    /// Open for as long as the lock is held: the advisory lock lives on it.
    file: File,
}

impl DraftLock {
    /// The lock file.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for DraftLock {
    fn drop(&mut self) {
        // Only our own file: one put there by hand since is someone else's to remove.
        if same_file(&self.file, &self.path) {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// What asking for a draft's lock found.
#[derive(Debug)]
pub enum Lock {
    /// This process holds it now. `took_over` says whose stale lock it replaced, when it did.
    Acquired {
        /// The lock, held until dropped.
        lock: DraftLock,
        /// A note for the candidate: the stale lock found and why it was stale.
        took_over: Option<String>,
    },
    /// Another session holds it (or may: a lock from another machine cannot be checked).
    Held {
        /// Who, when the file could be read.
        holder: Option<Holder>,
        /// The lock file, for a message that says how to clear a lock left behind.
        path: PathBuf,
    },
}

/// How many times a lock that changes under us is looked at again before giving up.
const ATTEMPTS: u32 = 10;
/// A lock file is a few lines; more is not one of ours.
const MAX_LOCK_BYTES: u64 = 4096;

/// Takes the lock at `path` for `me`, taking over a stale one (see the module's docs).
pub(super) fn acquire(path: &Path, me: &Holder) -> io::Result<Lock> {
    let mut bytes = serde_json::to_vec_pretty(me)?;
    bytes.push(b'\n');
    for _ in 0..ATTEMPTS {
        if let Some(lock) = create(path, &bytes)? {
            return Ok(Lock::Acquired {
                lock,
                took_over: None,
            });
        }
        // Taken: whose, and are they still there?
        let mut existing = match open_existing(path) {
            Ok(file) => file,
            // Gone between the two steps: try again.
            Err(err) if err.kind() == io::ErrorKind::NotFound => continue,
            Err(err) => return Err(err),
        };
        let found = read_holder(&mut existing);
        if !try_lock(&existing)? {
            return Ok(Lock::Held {
                holder: found.ok(),
                path: path.to_path_buf(),
            });
        }
        if !same_file(&existing, path) {
            // Replaced while we looked: look at the new one.
            continue;
        }
        let why = match &found {
            Ok(holder) if holder.host != me.host => {
                // Its lock lives on the other machine, where we cannot see it.
                return Ok(Lock::Held {
                    holder: Some(holder.clone()),
                    path: path.to_path_buf(),
                });
            }
            Ok(holder) if is_running(holder.pid) => format!(
                "pid {} (since {}) does not hold it; that number now belongs to another program",
                holder.pid, holder.since
            ),
            Ok(holder) => format!(
                "pid {} (since {}) is no longer running",
                holder.pid, holder.since
            ),
            // Unreadable, but no session on this machine holds it: safe to replace.
            Err(problem) => format!("it could not be read ({problem}) and no session holds it"),
        };
        // We hold the stale file's lock, so no other window can take it over meanwhile.
        let lock = replace(path, &bytes)?;
        drop(existing);
        return Ok(Lock::Acquired {
            lock,
            took_over: Some(format!(
                "took over the lock of a session that has ended: {why} ({})",
                path.display()
            )),
        });
    }
    Err(io::Error::other(format!(
        "{} keeps changing; another dei may be starting on this draft",
        path.display()
    )))
}

/// A new lock file at `path` holding `bytes`, locked before it appears; `None` when the name
/// is taken.
fn create(path: &Path, bytes: &[u8]) -> io::Result<Option<DraftLock>> {
    let (temp, file) = locked_temp(path, bytes)?;
    let linked = fs::hard_link(&temp, path);
    let _ = fs::remove_file(&temp);
    match linked {
        Ok(()) => Ok(Some(DraftLock {
            path: path.to_path_buf(),
            file,
        })),
        Err(err) if err.kind() == io::ErrorKind::AlreadyExists => Ok(None),
        Err(err) => Err(err),
    }
}

/// Puts a new lock file over the stale one at `path` (whose lock the caller holds).
fn replace(path: &Path, bytes: &[u8]) -> io::Result<DraftLock> {
    let (temp, file) = locked_temp(path, bytes)?;
    if let Err(err) = fs::rename(&temp, path) {
        let _ = fs::remove_file(&temp);
        return Err(err);
    }
    Ok(DraftLock {
        path: path.to_path_buf(),
        file,
    })
}

/// Gives each temp file of this process its own name; `create_new` catches the rest.
static TEMP_COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// A temp file beside `path` with `bytes` in it, flushed and locked.
fn locked_temp(path: &Path, bytes: &[u8]) -> io::Result<(PathBuf, File)> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name"))?;
    let mut attempts = 0;
    let (temp, mut file) = loop {
        attempts += 1;
        let n = TEMP_COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut temp_name = std::ffi::OsString::from(".");
        temp_name.push(name);
        temp_name.push(format!(
            ".{}-{n}{}",
            std::process::id(),
            super::atomic::TEMP_SUFFIX
        ));
        let temp = path.with_file_name(temp_name);
        match OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&temp)
        {
            Ok(file) => break (temp, file),
            // Left by a crash of a process with our pid: take the next name.
            Err(err) if err.kind() == io::ErrorKind::AlreadyExists && attempts < 100 => {}
            Err(err) => return Err(err),
        }
    };
    let written = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .and_then(|()| match try_lock(&file) {
            Ok(true) => Ok(()),
            Ok(false) => Err(io::Error::other("a new temp file is locked already")),
            Err(err) => Err(err),
        });
    if let Err(err) = written {
        let _ = fs::remove_file(&temp);
        return Err(err);
    }
    Ok((temp, file))
}

/// Opens the lock file found at `path`: a regular file only (a FIFO there must not hang).
fn open_existing(path: &Path) -> io::Result<File> {
    crate::textfile::open_regular(path).map_err(|err| match err {
        crate::textfile::ReadError::Io(err) => err,
        _ => io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "{} is not a regular file (a folder, pipe or device); move it aside",
                path.display()
            ),
        ),
    })
}

/// Who the lock file says holds it, or why it cannot be read.
fn read_holder(file: &mut File) -> Result<Holder, String> {
    let mut bytes = Vec::new();
    file.take(MAX_LOCK_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|err| err.to_string())?;
    if bytes.len() as u64 > MAX_LOCK_BYTES {
        return Err(format!("over {MAX_LOCK_BYTES} bytes"));
    }
    serde_json::from_slice(&bytes).map_err(|err| err.to_string())
}

/// Takes the advisory lock on `file` without waiting: `false` when another open file holds it.
#[cfg(unix)]
fn try_lock(file: &File) -> io::Result<bool> {
    use rustix::fs::{FlockOperation, flock};
    match flock(file, FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => Ok(true),
        Err(err) if err == rustix::io::Errno::WOULDBLOCK => Ok(false),
        Err(err) => Err(err.into()),
    }
}

/// Without advisory locks every existing lock counts as held; one left behind is removed by
/// hand (the message names it).
#[cfg(not(unix))]
#[allow(clippy::unnecessary_wraps)] // Same signature as the unix version.
fn try_lock(_file: &File) -> io::Result<bool> {
    Ok(false)
}

/// `file` is what `path` names now.
#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    match (file.metadata(), fs::symlink_metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

/// Whether process `pid` exists on this machine.
#[cfg(unix)]
fn is_running(pid: u32) -> bool {
    let Some(pid) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    else {
        return false;
    };
    // Not allowed to signal it still means it is there.
    !matches!(
        rustix::process::test_kill_process(pid),
        Err(rustix::io::Errno::SRCH)
    )
}

#[cfg(not(unix))]
fn is_running(_pid: u32) -> bool {
    true
}

/// This machine's name.
#[must_use]
pub fn host_name() -> String {
    #[cfg(unix)]
    {
        rustix::system::uname()
            .nodename()
            .to_string_lossy()
            .into_owned()
    }
    #[cfg(not(unix))]
    {
        std::env::var("COMPUTERNAME").unwrap_or_default()
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn me() -> Holder {
        Holder::me("2026-11-24T09:00:00Z")
    }

    fn lock_at(dir: &Path) -> PathBuf {
        dir.join("realtime-analytics.lock")
    }

    fn acquired(lock: Lock) -> (DraftLock, Option<String>) {
        match lock {
            Lock::Acquired { lock, took_over } => (lock, took_over),
            Lock::Held { holder, .. } => panic!("held by {holder:?}"),
        }
    }

    #[test]
    fn a_lock_is_taken_written_whole_and_removed_when_dropped() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = lock_at(dir.path());
        let (lock, note) = acquired(acquire(&path, &me()).expect("lock"));
        assert_eq!(note, None);
        let text = fs::read_to_string(&path).expect("written");
        let holder: Holder = serde_json::from_str(&text).expect("JSON");
        assert_eq!(holder, me());
        assert_eq!(holder.pid, std::process::id());
        assert!(!holder.host.is_empty());
        drop(lock);
        assert!(!path.exists());
        let left: Vec<_> = fs::read_dir(dir.path()).expect("list").collect();
        assert!(left.is_empty(), "no temp file is left: {left:?}");
    }

    #[test]
    fn a_held_lock_says_whose_it_is() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = lock_at(dir.path());
        let (first, _) = acquired(acquire(&path, &me()).expect("lock"));
        // Another open file is another holder, even in this process.
        let mut other = me();
        other.since = "2026-11-24T10:00:00Z".into();
        match acquire(&path, &other).expect("asked") {
            Lock::Held { holder, path: at } => {
                assert_eq!(holder, Some(me()));
                assert_eq!(at, path);
            }
            Lock::Acquired { .. } => panic!("two sessions on one draft"),
        }
        assert_eq!(
            serde_json::from_str::<Holder>(&fs::read_to_string(&path).expect("read"))
                .expect("JSON"),
            me(),
            "the holder's file is untouched"
        );
        drop(first);
        let (_second, note) = acquired(acquire(&path, &other).expect("lock"));
        assert_eq!(note, None, "a lock released on quit is simply gone");
    }

    #[test]
    fn a_lock_left_by_a_process_that_is_gone_is_taken_over_with_a_note() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = lock_at(dir.path());
        // As `kill -9` leaves it: the file, and nobody holding its lock.
        let gone = Holder {
            pid: dead_pid(),
            ..me()
        };
        fs::write(&path, serde_json::to_vec(&gone).expect("JSON")).expect("write");
        let (lock, note) = acquired(acquire(&path, &me()).expect("lock"));
        let note = note.expect("a note");
        assert!(
            note.contains(&format!("pid {} ", gone.pid)) && note.contains("no longer running"),
            "{note}"
        );
        let now: Holder =
            serde_json::from_str(&fs::read_to_string(&path).expect("read")).expect("JSON");
        assert_eq!(now, me());
        // And it is held now: a third window finds it so.
        assert!(matches!(
            acquire(&path, &me()).expect("asked"),
            Lock::Held { .. }
        ));
        drop(lock);
        assert!(!path.exists());
    }

    #[test]
    fn an_unreadable_lock_nobody_holds_is_taken_over_and_said_so() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = lock_at(dir.path());
        fs::write(&path, "{ half a lock").expect("write");
        let (_lock, note) = acquired(acquire(&path, &me()).expect("lock"));
        let note = note.expect("a note");
        assert!(
            note.contains("could not be read") && note.contains("no session holds it"),
            "{note}"
        );
    }

    #[test]
    fn an_unreadable_lock_that_is_held_is_left_alone() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = lock_at(dir.path());
        fs::write(&path, "not JSON").expect("write");
        let holder = File::open(&path).expect("open");
        assert!(try_lock(&holder).expect("flock"));
        match acquire(&path, &me()).expect("asked") {
            Lock::Held { holder, .. } => assert_eq!(holder, None),
            Lock::Acquired { .. } => panic!("taken from a live holder"),
        }
        assert_eq!(fs::read_to_string(&path).expect("read"), "not JSON");
    }

    #[test]
    fn a_lock_from_another_machine_is_never_taken_over() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = lock_at(dir.path());
        let elsewhere = Holder {
            host: format!("{}-laptop", host_name()),
            ..me()
        };
        fs::write(&path, serde_json::to_vec(&elsewhere).expect("JSON")).expect("write");
        match acquire(&path, &me()).expect("asked") {
            Lock::Held { holder, .. } => assert_eq!(holder, Some(elsewhere)),
            Lock::Acquired { .. } => panic!("another machine's session cannot be checked"),
        }
        assert!(path.exists());
    }

    #[test]
    fn a_fifo_in_place_of_the_lock_is_an_error_not_a_hang() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = lock_at(dir.path());
        let made = std::process::Command::new("mkfifo")
            .arg(&path)
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
        let err = acquire(&path, &me()).expect_err("refused");
        assert!(err.to_string().contains("not a regular file"), "{err}");
    }

    #[test]
    fn dropping_a_lock_leaves_a_file_put_in_its_place_alone() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = lock_at(dir.path());
        let (lock, _) = acquired(acquire(&path, &me()).expect("lock"));
        fs::remove_file(&path).expect("removed by hand");
        fs::write(&path, "someone else's").expect("write");
        drop(lock);
        assert_eq!(fs::read_to_string(&path).expect("kept"), "someone else's");
    }

    #[test]
    fn of_many_windows_at_once_exactly_one_gets_the_lock() {
        for stale in [false, true] {
            let dir = tempfile::tempdir().expect("temp dir");
            let path = lock_at(dir.path());
            if stale {
                fs::write(&path, "{ left by a crash").expect("write");
            }
            let barrier = std::sync::Barrier::new(8);
            let won: Vec<DraftLock> = std::thread::scope(|scope| {
                let tries: Vec<_> = (0..8)
                    .map(|_| {
                        scope.spawn(|| {
                            barrier.wait();
                            acquire(&path, &me()).expect("asked")
                        })
                    })
                    .collect();
                tries
                    .into_iter()
                    .filter_map(|t| match t.join().expect("joined") {
                        Lock::Acquired { lock, .. } => Some(lock),
                        Lock::Held { .. } => None,
                    })
                    .collect()
            });
            assert_eq!(won.len(), 1, "stale: {stale}");
        }
    }

    /// A pid no process has: a child that has exited and been waited for.
    fn dead_pid() -> u32 {
        let mut child = std::process::Command::new("true").spawn().expect("runs");
        let pid = child.id();
        child.wait().expect("waited");
        pid
    }
}
