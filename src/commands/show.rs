//! `dei show`

use std::io::Write as _;
use std::process::ExitCode;

use dei::render::{markdown, paint, styles};
use dei::scenario::Catalog;

pub fn run(catalog: &Catalog, id: &str, raw: bool) -> anyhow::Result<ExitCode> {
    let (scenario, prompt) = catalog.header_and_prompt(id)?;
    let mut out = super::stdout();
    if raw {
        out.write_all(prompt.as_bytes())?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(out, "{}", paint(styles::HEADING.bold(), &scenario.title))?;
    writeln!(
        out,
        "{}\n",
        paint(
            styles::DIM,
            &format!(
                "{} · {} · {} · {}",
                scenario.id, scenario.archetype, scenario.difficulty, scenario.file
            )
        )
    )?;
    write!(out, "{}", markdown(&prompt, super::width()))?;
    writeln!(
        out,
        "\n{}",
        paint(
            styles::DIM,
            &format!(
                "Write your answer in Markdown, then: dei score {} answer.md",
                scenario.id
            )
        )
    )?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
