//! `dei score`

use std::io::{Read as _, Write as _};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, bail};

use crate::cli::Format;
use dei::render::scorecard;
use dei::rubric::Rubric;
use dei::scenario::Catalog;

/// Largest answer accepted. A 1,500-word answer is about 10 KB; anything near this limit is a
/// wrong file, and refusing it beats scoring a log file for a minute.
pub const MAX_ANSWER_BYTES: u64 = 1024 * 1024;

pub fn run(
    catalog: &Catalog,
    id: &str,
    answer_path: &Path,
    format: Format,
) -> anyhow::Result<ExitCode> {
    let scenario = catalog.get(id)?;
    let answer = read_answer(answer_path)?;
    let card = dei::score::score(scenario, &answer, Rubric::builtin());
    let mut out = anstream::stdout().lock();
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &card)?;
            writeln!(out)?;
        }
        Format::Text => write!(out, "{}", scorecard(&card, super::width()))?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads an answer file (or stdin for `-`), refusing empty, huge and non-UTF-8 input with a
/// message that names the file.
fn read_answer(path: &Path) -> anyhow::Result<String> {
    let name = if path.as_os_str() == "-" {
        "standard input".to_owned()
    } else {
        path.display().to_string()
    };
    let mut bytes = Vec::new();
    let read = if path.as_os_str() == "-" {
        std::io::stdin()
            .lock()
            .take(MAX_ANSWER_BYTES + 1)
            .read_to_end(&mut bytes)
    } else {
        let file =
            std::fs::File::open(path).with_context(|| format!("cannot open the answer {name}"))?;
        if file.metadata().is_ok_and(|m| m.is_dir()) {
            bail!("the answer {name} is a folder; give a Markdown file, or - for standard input");
        }
        file.take(MAX_ANSWER_BYTES + 1).read_to_end(&mut bytes)
    };
    read.with_context(|| format!("cannot read the answer {name}"))?;
    if bytes.len() as u64 > MAX_ANSWER_BYTES {
        bail!(
            "the answer {name} is over {} KB; an interview answer is a few KB of Markdown. Is this the right file?",
            MAX_ANSWER_BYTES / 1024
        );
    }
    let text = String::from_utf8(bytes).map_err(|err| {
        let at = err.utf8_error().valid_up_to();
        let line = err.as_bytes()[..at].split(|b| *b == b'\n').count();
        anyhow::anyhow!(
            "the answer {name} is not valid UTF-8 (first bad byte on line {line}, byte {at}); save it as UTF-8"
        )
    })?;
    if text.trim().is_empty() {
        bail!("the answer {name} is empty; write your answer in Markdown first (see `dei show`)");
    }
    Ok(text)
}
