//! `dei score`

use std::path::Path;
use std::process::ExitCode;

use anyhow::bail;

use crate::cli::Format;
use dei::render::scorecard;
use dei::rubric::Rubric;
use dei::scenario::Catalog;

/// Largest answer accepted. A 1,500-word answer is about 10 KB; anything near this limit is a
/// wrong file, and refusing it beats scoring a log file for a minute.
pub const MAX_ANSWER_BYTES: u64 = dei::textfile::MAX_TEXT_BYTES;

pub fn run(
    catalog: &Catalog,
    id: &str,
    answer_path: &Path,
    format: Format,
    explain: bool,
) -> anyhow::Result<ExitCode> {
    let scenario = catalog.get(id)?;
    let answer = read_answer(answer_path)?;
    let scorer = dei::score::Scorer::new(scenario, Rubric::builtin());
    let card = if explain {
        scorer.score_explained(&answer)
    } else {
        scorer.score(&answer)
    };
    super::emit(format, &card, || {
        let mut text = scorecard(&card, super::width());
        if explain {
            text.push_str(&dei::render::explanation(&card, &answer, super::width()));
        }
        text
    })
}

/// Reads an answer file (or stdin for `-`), refusing empty, huge and non-UTF-8 input with a
/// message that names the file.
fn read_answer(path: &Path) -> anyhow::Result<String> {
    use dei::textfile::{ReadError, read, read_limited};
    let stdin = path.as_os_str() == "-";
    let name = if stdin {
        "standard input".to_owned()
    } else {
        path.display().to_string()
    };
    let result = if stdin {
        read_limited(std::io::stdin().lock(), MAX_ANSWER_BYTES)
    } else {
        read(path, MAX_ANSWER_BYTES)
    };
    let text = result.map_err(|err| match err {
        ReadError::Io(io) => anyhow::anyhow!("cannot read the answer {name}: {io}"),
        ReadError::NotAFile => anyhow::anyhow!(
            "the answer {name} is not a regular file (a folder, device or pipe); give a Markdown file, or - for standard input"
        ),
        ReadError::TooLarge { limit } => anyhow::anyhow!(
            "the answer {name} is over {} KB; an interview answer is a few KB of Markdown. Is this the right file?",
            limit / 1024
        ),
        ReadError::NotUtf8 { line, byte } => anyhow::anyhow!(
            "the answer {name} is not valid UTF-8 (first bad byte on line {line}, byte {byte}); save it as UTF-8"
        ),
    })?;
    if dei::text::is_blank(&text) {
        bail!("the answer {name} is empty; write your answer in Markdown first (see `dei show`)");
    }
    // Parts of it are printed (quotes on the scorecard): no escape sequence may reach the
    // terminal, and none means anything to the scorer.
    Ok(dei::text::printable(&text).into_owned())
}
