//! Writing a file so that a reader (or a crash) sees either the old content or the new, never
//! half of it: write a temp file next to the target, flush it to disk, then rename it over.

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Temp files end with this, so a folder listing can tell them from real entries.
pub(super) const TEMP_SUFFIX: &str = ".tmp";

/// Gives each temp file of this process its own name; `create_new` catches the rest.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// How many temp names are tried before giving up (each clash means another writer, or a temp
/// file left by a crash with the same process id).
const TEMP_ATTEMPTS: u32 = 100;

/// Writes `bytes` to `path` atomically.
///
/// The bytes go to a new temp file in the same folder (`.<name>.<pid>-<n>.tmp`, created with
/// `create_new`), are flushed with `sync_all`, and the temp file is renamed over `path`; on
/// unix the folder is then flushed too, so the rename itself survives a power cut. Missing
/// parent folders are created. On any error before the rename, the temp file is removed and
/// the old file at `path` is untouched. A reader that has the old file open keeps reading the
/// old content: the rename replaces the name, not the file it opened.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let temp = TempFile::write(path, bytes)?;
    rename_replacing(&temp.path, path)?;
    temp.disarm();
    sync_folder(folder_of(path))
}

/// Writes `bytes` to `path` atomically like [`write_atomic`], but only if nothing is there
/// yet: returns `Ok(false)` (and writes nothing) when `path` exists.
///
/// The check and the write are one step (a hard link from the finished temp file), so two
/// writers choosing the same name cannot overwrite each other. On a file system without hard
/// links it falls back to checking first and renaming, which is only safe from one writer.
pub(super) fn write_new(path: &Path, bytes: &[u8]) -> io::Result<bool> {
    let temp = TempFile::write(path, bytes)?;
    match fs::hard_link(&temp.path, path) {
        Ok(()) => {}
        Err(err) if err.kind() == io::ErrorKind::AlreadyExists => return Ok(false),
        Err(_) => {
            if fs::symlink_metadata(path).is_ok() {
                return Ok(false);
            }
            rename_replacing(&temp.path, path)?;
            temp.disarm();
            sync_folder(folder_of(path))?;
            return Ok(true);
        }
    }
    // Dropping `temp` removes the second name; `path` keeps the content.
    drop(temp);
    sync_folder(folder_of(path))?;
    Ok(true)
}

/// Moves `from` to `to` only if nothing is at `to` yet: `Ok(false)` (and nothing moved) when
/// it is taken. Like [`write_new`], the check and the move are one step (a hard link, then the
/// old name removed), with the same check-then-rename fallback where hard links are missing.
pub(super) fn move_new(from: &Path, to: &Path) -> io::Result<bool> {
    match fs::hard_link(from, to) {
        Ok(()) => fs::remove_file(from)?,
        Err(err) if err.kind() == io::ErrorKind::AlreadyExists => return Ok(false),
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Err(err),
        Err(_) => {
            if fs::symlink_metadata(to).is_ok() {
                return Ok(false);
            }
            fs::rename(from, to)?;
        }
    }
    sync_folder(folder_of(to))?;
    Ok(true)
}

/// The folder holding `path` (`.` for a bare file name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// A fully written and flushed temp file, removed on drop unless disarmed.
struct TempFile {
    path: PathBuf,
    /// Set once the file has been renamed to its real name.
    kept: bool,
}

impl TempFile {
    /// Creates a temp file next to `target` holding `bytes`, flushed to disk.
    fn write(target: &Path, bytes: &[u8]) -> io::Result<Self> {
        let Some(name) = target.file_name() else {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "the path does not end in a file name",
            ));
        };
        let folder = folder_of(target);
        fs::create_dir_all(folder)?;
        let (temp, mut file) = create_temp(folder, name)?;
        let written = file.write_all(bytes).and_then(|()| file.sync_all());
        drop(file);
        written?;
        Ok(temp)
    }

    /// Keeps the file: it has been renamed to its real name.
    fn disarm(mut self) {
        self.kept = true;
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.kept {
            // Best effort: the error that brought us here is the one worth reporting.
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Creates a new, uniquely named temp file in `folder`.
fn create_temp(folder: &Path, name: &std::ffi::OsStr) -> io::Result<(TempFile, File)> {
    let pid = std::process::id();
    let mut last_err = None;
    for _ in 0..TEMP_ATTEMPTS {
        let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
        let mut temp_name = OsString::from(".");
        temp_name.push(name);
        temp_name.push(format!(".{pid}-{n}{TEMP_SUFFIX}"));
        let path = folder.join(temp_name);
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            // From here on the guard owns the file: any later error removes it.
            Ok(file) => return Ok((TempFile { path, kept: false }, file)),
            Err(err) if err.kind() == io::ErrorKind::AlreadyExists => last_err = Some(err),
            Err(err) => return Err(err),
        }
    }
    Err(last_err.unwrap_or_else(|| io::Error::other("could not choose a temp file name")))
}

/// Renames `from` over `to`.
#[cfg(not(windows))]
fn rename_replacing(from: &Path, to: &Path) -> io::Result<()> {
    fs::rename(from, to)
}

/// Renames `from` over `to`. On Windows the replace fails while another program holds `to`
/// open without delete sharing (a virus scanner, an editor); that usually passes quickly.
#[cfg(windows)]
fn rename_replacing(from: &Path, to: &Path) -> io::Result<()> {
    let mut attempt = 0;
    loop {
        match fs::rename(from, to) {
            Err(err) if err.kind() == io::ErrorKind::PermissionDenied && attempt < 10 => {
                attempt += 1;
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            result => return result,
        }
    }
}

/// Flushes the folder entry so a finished rename is on disk.
#[cfg(unix)]
fn sync_folder(folder: &Path) -> io::Result<()> {
    match File::open(folder).and_then(|dir| dir.sync_all()) {
        // Some file systems cannot flush a folder; the rename is done either way.
        Err(err)
            if matches!(
                err.kind(),
                io::ErrorKind::InvalidInput | io::ErrorKind::Unsupported
            ) =>
        {
            Ok(())
        }
        result => result,
    }
}

/// Windows has no portable way to flush a folder; the rename is durable enough there.
#[cfg(not(unix))]
#[allow(clippy::unnecessary_wraps)] // Same signature as the unix version.
fn sync_folder(_folder: &Path) -> io::Result<()> {
    Ok(())
}
