//! `dei list`

use std::io::Write as _;
use std::process::ExitCode;

use serde::Serialize;

use crate::cli::Format;
use dei::render::{paint, styles};
use dei::scenario::{Catalog, Origin};

#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    title: &'a str,
    archetype: &'a str,
    difficulty: String,
    summary: &'a str,
    origin: Origin,
    overrides_builtin: bool,
    file: &'a str,
}

pub fn run(catalog: &Catalog, format: Format) -> anyhow::Result<ExitCode> {
    let rows: Vec<Row<'_>> = catalog
        .headers()
        .map(|s| Row {
            id: &s.id,
            title: &s.title,
            archetype: s.archetype.id(),
            difficulty: s.difficulty.to_string(),
            summary: &s.summary,
            origin: s.origin,
            overrides_builtin: s.overrides_builtin,
            file: &s.file,
        })
        .collect();
    let mut out = super::stdout();
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &rows)?;
            writeln!(out)?;
        }
        Format::Text => {
            let id_w = rows.iter().map(|r| r.id.len()).max().unwrap_or(2).max(2);
            let arch_w = rows
                .iter()
                .map(|r| r.archetype.len())
                .max()
                .unwrap_or(9)
                .max(9);
            writeln!(
                out,
                "{}",
                paint(
                    styles::DIM,
                    &format!(
                        "{:id_w$}  {:arch_w$}  {:10}  {:8}  TITLE",
                        "ID", "ARCHETYPE", "DIFFICULTY", "SOURCE"
                    )
                )
            )?;
            for r in &rows {
                let source = match (r.origin, r.overrides_builtin) {
                    (Origin::Builtin, _) => "built-in",
                    (Origin::User, false) => "user",
                    (Origin::User, true) => "user*",
                };
                writeln!(
                    out,
                    "{}  {:arch_w$}  {:10}  {:8}  {}",
                    paint(styles::CODE, &format!("{:id_w$}", r.id)),
                    r.archetype,
                    r.difficulty,
                    source,
                    r.title
                )?;
                writeln!(out, "{:id_w$}  {}", "", paint(styles::DIM, r.summary))?;
            }
            if rows.iter().any(|r| r.overrides_builtin) {
                writeln!(
                    out,
                    "\n{}",
                    paint(
                        styles::DIM,
                        "user* = a user file that replaces the built-in scenario with the same id"
                    )
                )?;
            }
        }
    }
    out.flush()?;
    drop(out);
    super::scenario::report_broken(catalog)?;
    Ok(ExitCode::SUCCESS)
}
