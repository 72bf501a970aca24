//! Reading the user's text files safely: regular files only (a FIFO or `/dev/zero` must not
//! hang or exhaust memory), with a size limit, as UTF-8 with the first bad byte located.

use std::fmt;
use std::io::Read as _;
use std::path::Path;

/// Largest text file read: answers, scenarios and prompts are a few KB; anything near this is
/// the wrong file.
pub const MAX_TEXT_BYTES: u64 = 1024 * 1024;

/// Why a text file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// The file system refused.
    Io(std::io::Error),
    /// A folder, a device or a pipe.
    NotAFile,
    /// Over the limit.
    TooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// Not UTF-8 text.
    NotUtf8 {
        /// 1-based line of the first bad byte.
        line: usize,
        /// Byte offset of the first bad byte.
        byte: usize,
    },
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io(err) => write!(f, "{err}"),
            Self::NotAFile => f.write_str("it is not a regular file"),
            Self::TooLarge { limit } => write!(
                f,
                "it is over {} KB; this is a few KB of text at most. Is this the right file?",
                limit / 1024
            ),
            Self::NotUtf8 { line, byte } => write!(
                f,
                "it is not valid UTF-8 (first bad byte on line {line}, byte {byte}); save it as UTF-8"
            ),
        }
    }
}

impl std::error::Error for ReadError {}

impl From<ReadError> for std::io::Error {
    fn from(err: ReadError) -> Self {
        match err {
            ReadError::Io(err) => err,
            other => Self::new(std::io::ErrorKind::InvalidData, other.to_string()),
        }
    }
}

/// Reads `path` as UTF-8 text of at most `limit` bytes.
pub fn read(path: &Path, limit: u64) -> Result<String, ReadError> {
    let file = open_regular(path)?;
    // Sized up front: one read instead of a doubling buffer's dozen.
    let size = file.metadata().map_or(0, |m| m.len()).min(limit);
    read_sized(file, limit, usize::try_from(size).unwrap_or(0))
}

/// Opens `path` for reading if it is a regular file (a link to one is followed), without ever
/// blocking: a FIFO, folder, socket or device is [`ReadError::NotAFile`].
///
/// Every file dei reads goes through here. Opening a FIFO for reading waits for a writer, so
/// the type is checked before the open; the open itself is non-blocking on Unix so that a
/// file swapped for a FIFO between the two steps cannot hang it either, and the type is checked
/// again on what was opened.
pub fn open_regular(path: &Path) -> Result<std::fs::File, ReadError> {
    if !std::fs::metadata(path).map_err(ReadError::Io)?.is_file() {
        return Err(ReadError::NotAFile);
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        // Non-blocking changes nothing for a regular file's reads; it only keeps `open` itself
        // from waiting.
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(ReadError::Io)?;
    if !file.metadata().map_err(ReadError::Io)?.is_file() {
        return Err(ReadError::NotAFile);
    }
    Ok(file)
}

/// Reads `path` as bytes, of at most `limit` (a regular file only, as [`open_regular`]).
pub fn read_bytes(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    open_regular(path)?
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(bytes)
}

/// Reads any source (standard input) as UTF-8 text of at most `limit` bytes.
pub fn read_limited(source: impl std::io::Read, limit: u64) -> Result<String, ReadError> {
    read_sized(source, limit, 0)
}

/// [`read_limited`] into a buffer made for `expected` bytes.
fn read_sized(
    source: impl std::io::Read,
    limit: u64,
    expected: usize,
) -> Result<String, ReadError> {
    // One byte more, so reading to the end at the expected size needs no second buffer.
    let mut bytes = Vec::with_capacity(expected.saturating_add(1));
    source
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit });
    }
    String::from_utf8(bytes).map_err(|err| {
        let byte = err.utf8_error().valid_up_to();
        let line = err.as_bytes()[..byte].split(|b| *b == b'\n').count();
        ReadError::NotUtf8 { line, byte }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_is_not_a_small_text_file() {
        assert!(matches!(read(Path::new("/"), 10), Err(ReadError::NotAFile)));
        assert!(matches!(
            read_limited(&b"abcdef"[..], 3),
            Err(ReadError::TooLarge { limit: 3 })
        ));
        assert!(matches!(
            read_limited(&b"ok\n\xff"[..], 10),
            Err(ReadError::NotUtf8 { line: 2, byte: 3 })
        ));
        assert_eq!(read_limited(&b"fine"[..], 4).expect("text"), "fine");
    }

    /// Opening a FIFO for reading blocks until a writer comes, so before the fix this test
    /// hung; now it is refused at once, as is a link to a FIFO.
    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().expect("temp dir");
        let fifo = dir.path().join("answer.md");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
        assert!(matches!(read(&fifo, 10), Err(ReadError::NotAFile)));
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink(&fifo, &link).expect("link");
        assert!(matches!(open_regular(&link), Err(ReadError::NotAFile)));
        assert!(matches!(
            read(&dir.path().join("missing.md"), 10),
            Err(ReadError::Io(err)) if err.kind() == std::io::ErrorKind::NotFound
        ));
        let plain = dir.path().join("plain.md");
        std::fs::write(&plain, "text").expect("write");
        assert_eq!(read(&plain, 10).expect("read"), "text");
    }
}
