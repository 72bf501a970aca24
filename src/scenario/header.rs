//! A scenario file's header: the fields `dei list` shows and a lookup by id needs, read from
//! the top of the file without parsing the rest, so listing or opening one scenario does not
//! cost a full read of every file in the library.
//!
//! TOML puts every top-level key before the first `[table]` header, and the scenario format
//! puts `id`, `title`, `archetype`, `difficulty` and `summary` there. Only that prefix is
//! parsed. When it does not read as a complete, valid header (a syntax error, a field missing
//! or malformed, a companion file that is not there), the caller falls back to the full,
//! located reading of the file, which says what is wrong: the header never decides that a
//! file is broken, only that it is plainly fine.

use std::path::Path;

use serde::Deserialize;

use super::model::{Archetype, Difficulty};

/// The header fields of a scenario file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub(super) struct HeaderFields {
    pub id: String,
    pub title: String,
    pub archetype: Archetype,
    pub difficulty: Difficulty,
    pub summary: String,
    #[serde(default)]
    pub prompt: Option<String>,
    #[serde(default)]
    pub prompt_file: Option<String>,
    #[serde(default)]
    model_answer: Option<String>,
    #[serde(default)]
    model_answer_file: Option<String>,
}

/// The built-in scenarios' headers, digested by `build.rs`: (path, `[id, title, archetype,
/// difficulty, summary, prompt_file]`), `None` for a file it left to [`read`].
static DIGESTS: &[(&str, Option<[&str; 6]>)] =
    include!(concat!(env!("OUT_DIR"), "/builtin_headers.rs"));

/// The header of the built-in scenario at `path` (`scenarios/x.toml`) as `build.rs` digested
/// it, so listing the built-ins parses no TOML; `None` when it left the file to [`read`].
pub(super) fn digested(path: &str) -> Option<HeaderFields> {
    let [id, title, archetype, difficulty, summary, prompt_file] = DIGESTS
        .iter()
        .find(|(p, _)| *p == path)
        .and_then(|(_, d)| d.as_ref())?;
    let word = |text: &'static str| {
        serde::de::value::StrDeserializer::<serde::de::value::Error>::new(text)
    };
    Some(HeaderFields {
        id: (*id).to_owned(),
        title: (*title).to_owned(),
        archetype: Archetype::deserialize(word(archetype)).ok()?,
        difficulty: Difficulty::deserialize(word(difficulty)).ok()?,
        summary: (*summary).to_owned(),
        prompt: None,
        prompt_file: Some((*prompt_file).to_owned()),
        model_answer: None,
        model_answer_file: None,
    })
}

/// The byte offset of the first line that opens a table (`[sizing]`, `[[facts]]`), or the
/// end of the file: the prefix before it holds every top-level key. A `[` that starts a line
/// inside a multi-line string or array cuts the prefix short of its closing quote or
/// bracket, so that prefix does not parse and the full reading takes over.
fn prefix_end(source: &str) -> usize {
    let mut at = 0;
    for line in source.split_inclusive('\n') {
        if line.trim_start().starts_with('[') {
            return at;
        }
        at += line.len();
    }
    source.len()
}

/// The header of `source`, when its prefix reads as one that the full reading would accept:
/// the five fields present and valid, no control characters in them, and (for a file on
/// disk, in `folder`) exactly one prompt, with its companion files readable and printable.
/// `None` says only "read the whole file to find out".
pub(super) fn read(source: &str, folder: Option<&Path>) -> Option<HeaderFields> {
    let fields: HeaderFields = toml::from_str(&source[..prefix_end(source)]).ok()?;
    let printable = |text: &str| !text.chars().any(crate::text::is_unprintable);
    let header_ok = super::validate::header_ok(&fields.id, &fields.title, &fields.summary)
        && [&fields.id, &fields.title, &fields.summary]
            .iter()
            .all(|text| printable(text));
    if !header_ok {
        return None;
    }
    if let Some(folder) = folder {
        // What the full reading accepts of a companion file: a regular file, not empty, with
        // no control characters (it is printed to terminals as it is).
        let regular = |rel: &str| {
            crate::textfile::read(&folder.join(rel), crate::textfile::MAX_TEXT_BYTES)
                .is_ok_and(|text| !text.trim().is_empty() && printable_text(&text))
        };
        let prompt_ok = match (&fields.prompt, &fields.prompt_file) {
            (Some(text), None) => !text.trim().is_empty(),
            (None, Some(rel)) => regular(rel),
            _ => false,
        };
        let answer_ok = match (&fields.model_answer, &fields.model_answer_file) {
            (None, None) => true,
            (Some(text), None) => !text.trim().is_empty(),
            (None, Some(rel)) => regular(rel),
            (Some(_), Some(_)) => false,
        };
        if !(prompt_ok && answer_ok) {
            return None;
        }
    }
    Some(fields)
}

/// No control characters but line ends and tabs: none of C0 (bytes below 0x20) but `\n`,
/// `\t`, `\r`, no DEL, and no C1 (U+0080-U+009F, the UTF-8 bytes 0xC2 0x80-0x9F). The
/// scan is branch-free, so it runs at memory speed over a library's prompt files.
fn printable_text(text: &str) -> bool {
    let bytes = text.as_bytes();
    let c0 = bytes.iter().fold(0u8, |bad, &b| {
        bad | u8::from((b < 0x20 && b != b'\n' && b != b'\t' && b != b'\r') || b == 0x7f)
    });
    let c1 = bytes.windows(2).fold(0u8, |bad, w| {
        bad | u8::from(w[0] == 0xc2 && (0x80..=0x9f).contains(&w[1]))
    });
    c0 | c1 == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "id = \"tiny\"\ntitle = \"Tiny\"\narchetype = \"batch-redesign\"\n\
                        difficulty = \"easy\"\nsummary = \"One line\"\nprompt = \"Go\"\n";

    #[test]
    fn every_built_in_digest_is_what_reading_the_header_gives() {
        let mut digested = 0;
        for (path, text) in crate::content::builtin_files_in("scenarios") {
            let read = read(text, None).expect("a built-in header reads");
            if let Some(digest) = super::digested(path) {
                assert_eq!(
                    (digest.id, digest.title, digest.archetype, digest.difficulty),
                    (read.id, read.title, read.archetype, read.difficulty),
                    "{path}"
                );
                assert_eq!(
                    (digest.summary, digest.prompt_file),
                    (read.summary, read.prompt_file)
                );
                assert!(read.prompt.is_none(), "{path}");
                digested += 1;
            }
        }
        assert_eq!(
            digested,
            crate::content::builtin_files_in("scenarios").count()
        );
    }

    #[test]
    fn reads_the_fields_before_the_first_table() {
        let source = format!("{HEAD}\n[sizing]\nunits = [\"order\"]\n[[facts]]\nid = \"x\"\n");
        let header = read(&source, None).expect("reads");
        assert_eq!(header.id, "tiny");
        assert_eq!(header.difficulty, Difficulty::Easy);
    }

    #[test]
    fn a_bracket_inside_a_multi_line_string_falls_back_to_the_full_reading() {
        let source = format!("{HEAD}defend = \"\"\"\n[not a table]\n\"\"\"\n");
        assert!(read(&source, None).is_none());
    }

    #[test]
    fn anything_doubtful_falls_back_to_the_full_reading() {
        for (from, to) in [
            ("id = \"tiny\"", "id = \"Tiny Id\""),
            ("title = \"Tiny\"", "title = \"\""),
            ("title = \"Tiny\"", "title = \"\\u001b]0;x\""),
            ("difficulty = \"easy\"", "difficulty = \"medum\""),
            ("summary = \"One line\"\n", ""),
        ] {
            let source = HEAD.replace(from, to);
            assert!(read(&source, None).is_none(), "{source}");
        }
    }

    #[test]
    fn printable_text_is_what_the_full_reading_accepts() {
        for text in [
            "plain",
            "line\nbreak\ttab\r\n",
            "em \u{2014} dash, ×, é",
            "\u{a0}",
        ] {
            assert!(printable_text(text), "{text:?}");
        }
        for text in [
            "esc \u{1b}[2J",
            "bell \u{7}",
            "del \u{7f}",
            "c1 \u{85}",
            "c1 \u{9b}",
        ] {
            assert!(!printable_text(text), "{text:?}");
        }
        // The same verdict as the character test the full reading makes.
        for c in (0..0x250).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            let unprintable = c != '\r' && crate::text::is_unprintable(c);
            assert_eq!(printable_text(&text), !unprintable, "{c:?}");
        }
    }

    #[test]
    fn companion_files_on_disk_must_be_there() {
        let dir = tempfile::tempdir().expect("temp");
        let source = HEAD.replace("prompt = \"Go\"", "prompt_file = \"p.md\"");
        assert!(read(&source, Some(dir.path())).is_none());
        std::fs::write(dir.path().join("p.md"), "Go \u{1b}[2J").expect("write");
        assert!(read(&source, Some(dir.path())).is_none());
        std::fs::write(dir.path().join("p.md"), "Go").expect("write");
        assert!(read(&source, Some(dir.path())).is_some());
        let both = format!("{source}prompt = \"Go\"\n");
        assert!(read(&both, Some(dir.path())).is_none());
    }
}
