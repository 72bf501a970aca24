//! `dei calc`: one expression, the reference numbers, or an interactive session.

use std::io::{IsTerminal as _, Write as _};
use std::process::ExitCode;

use anyhow::Context as _;
use serde::{Deserialize, Serialize};

use crate::cli::Format;
use dei::calc::{CalcError, Calculator, Place, Shown};
use dei::render::{paint, styles};

/// Options written after the expression. clap hands everything from the expression's first
/// word on to it (so that an expression can start with a sign, `-2^2`); they are picked out
/// here.
#[derive(Default)]
struct Trailing {
    expr: Vec<String>,
    to: Option<String>,
    units: Vec<String>,
    format: Option<Format>,
}

fn trailing(args: &[String]) -> anyhow::Result<Trailing> {
    let mut out = Trailing::default();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) if name.starts_with("--") => (name, Some(value.to_owned())),
            _ => (arg.as_str(), None),
        };
        if !matches!(name, "--to" | "--unit" | "--format") {
            if name.starts_with("--") && name[2..].chars().all(|c| c.is_ascii_alphabetic()) {
                anyhow::bail!(
                    "`{name}` goes before the expression: `dei calc {name} ... \"EXPR\"`"
                );
            }
            out.expr.push(arg.clone());
            continue;
        }
        let Some(value) = inline.or_else(|| args.next().cloned()) else {
            anyhow::bail!("`{name}` needs a value");
        };
        match name {
            "--to" => out.to = Some(value),
            "--unit" => out.units.push(value),
            _ => {
                let format = <Format as clap::ValueEnum>::from_str(&value, true)
                    .map_err(|_| anyhow::anyhow!("`--format {value}`: use `text` or `json`"))?;
                out.format = Some(format);
            }
        }
    }
    Ok(out)
}

pub fn run(
    expr: &[String],
    to: Option<&str>,
    units: &[String],
    facts: bool,
    format: Format,
) -> anyhow::Result<ExitCode> {
    if facts {
        return print_facts(format);
    }
    if expr.is_empty() {
        return repl();
    }
    let after = trailing(expr)?;
    let format = after.format.unwrap_or(format);
    let mut line = after.expr.join(" ");
    if let Some(unit) = after.to.as_deref().or(to) {
        line = format!("{line} -> {unit}");
    }
    let mut calc = Calculator::new().with_place(Place::Command);
    for unit in units.iter().chain(&after.units) {
        if let Err(err) = calc.declare_count(unit) {
            anyhow::bail!("--unit {unit}: {err}");
        }
    }
    match calc.show(&line) {
        Ok(shown) => {
            let mut out = anstream::stdout().lock();
            match format {
                Format::Json => {
                    serde_json::to_writer(
                        &mut out,
                        &Json {
                            expression: &line,
                            shown: &shown,
                        },
                    )?;
                    writeln!(out)?;
                }
                Format::Text => writeln!(out, "{}", shown.display)?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(err) => {
            match format {
                Format::Json => {
                    let mut out = anstream::stdout().lock();
                    serde_json::to_writer(&mut out, &JsonError::new(&err, &line))?;
                    writeln!(out)?;
                }
                Format::Text => report(&err, &line)?,
            }
            Ok(ExitCode::from(2))
        }
    }
}

#[derive(Serialize)]
struct Json<'a> {
    expression: &'a str,
    #[serde(flatten)]
    shown: &'a Shown,
}

/// An error as `--format json` prints it; `span` is a byte range of `expression`.
#[derive(Serialize)]
struct JsonError<'a> {
    expression: &'a str,
    error: &'a str,
    span: [usize; 2],
    help: Option<&'a str>,
}

impl<'a> JsonError<'a> {
    fn new(err: &'a CalcError, line: &'a str) -> Self {
        Self {
            expression: line,
            error: &err.message,
            span: [err.span.start, err.span.end],
            help: err.help.as_deref(),
        }
    }
}

fn report(err: &CalcError, line: &str) -> std::io::Result<()> {
    let mut stderr = anstream::stderr().lock();
    writeln!(
        stderr,
        "{} {}",
        paint(styles::BAD.bold(), "error:"),
        err.render(line)
    )
}

const REPL_HELP: &str = "Type an expression (10k events/s * 1 KB/event -> MB/s), `name = EXPR` to \
define a variable, `unit NAME` to declare a new count (unit order), `ans` or `_` for the last \
result, `vars` to list variables, `quit` or Ctrl-D to leave. Up and down recall earlier lines.";

fn repl() -> anyhow::Result<ExitCode> {
    let interactive = std::io::stdin().is_terminal();
    let mut editor = rustyline::DefaultEditor::new().context("cannot start the line editor")?;
    let mut calc = Calculator::new().with_place(Place::Session);
    let mut names: Vec<String> = Vec::new();
    if interactive {
        println!("dei calc: back-of-envelope math with units. `help` for help, Ctrl-D to quit.");
    }
    let prompt = if interactive { "calc> " } else { "" };
    loop {
        let line = match editor.readline(prompt) {
            Ok(line) => line,
            Err(
                rustyline::error::ReadlineError::Eof | rustyline::error::ReadlineError::Interrupted,
            ) => {
                break;
            }
            Err(err) => return Err(err).context("cannot read the line"),
        };
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let _ = editor.add_history_entry(line);
        let mut out = anstream::stdout().lock();
        match line {
            "quit" | "exit" => break,
            "help" | "?" => writeln!(out, "{REPL_HELP}")?,
            "vars" => {
                for name in &names {
                    if let Some(q) = calc.get(name) {
                        let shown = dei::calc::format::show_quantity(q, calc.units(), None);
                        writeln!(out, "{name} = {}", shown.display)?;
                    }
                }
            }
            _ => {
                if let Some(unit) = line.strip_prefix("unit ") {
                    match calc.declare_count(unit.trim()) {
                        Ok(()) => writeln!(out, "declared the count `{}`", unit.trim())?,
                        Err(err) => writeln!(
                            anstream::stderr(),
                            "{} {err}",
                            paint(styles::BAD.bold(), "error:")
                        )?,
                    }
                    continue;
                }
                match calc.eval(line) {
                    Ok(answer) => {
                        calc.set_last(&answer.quantity);
                        let shown = dei::calc::format::show(&answer, calc.units());
                        match &answer.assigned {
                            Some(name) => {
                                if !names.contains(name) {
                                    names.push(name.clone());
                                }
                                writeln!(out, "{name} = {}", shown.display)?;
                            }
                            None => writeln!(out, "{}", shown.display)?,
                        }
                    }
                    Err(err) => {
                        drop(out);
                        report(&err, line)?;
                    }
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FactsFile {
    fact: Vec<Fact>,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Fact {
    name: String,
    value: String,
    note: String,
    source: String,
    year: u16,
}

/// The embedded reference numbers, each evaluated by the calculator (a test checks they all
/// evaluate, so a bad entry fails CI rather than this command).
fn print_facts(format: Format) -> anyhow::Result<ExitCode> {
    let source = dei::content::builtin_file("reference/numbers.toml")
        .context("reference/numbers.toml is not embedded")?;
    let file: FactsFile = toml::from_str(source).context("reference/numbers.toml")?;
    let mut calc = Calculator::new();
    let mut rows = Vec::new();
    for fact in file.fact {
        let shown = calc
            .show(&fact.value)
            .map_err(|e| anyhow::anyhow!("reference/numbers.toml, `{}`: {e}", fact.name))?;
        rows.push((fact, shown));
    }
    let mut out = anstream::stdout().lock();
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Row<'a> {
                #[serde(flatten)]
                fact: &'a Fact,
                #[serde(flatten)]
                shown: &'a Shown,
            }
            let json: Vec<Row<'_>> = rows
                .iter()
                .map(|(fact, shown)| Row { fact, shown })
                .collect();
            serde_json::to_writer_pretty(&mut out, &json)?;
            writeln!(out)?;
        }
        Format::Text => {
            for (fact, shown) in &rows {
                writeln!(
                    out,
                    "{}  {}",
                    paint(styles::STRONG, &shown.display),
                    fact.name
                )?;
                writeln!(out, "    {}", fact.note)?;
                writeln!(
                    out,
                    "    {}",
                    paint(styles::DIM, &format!("{} ({})", fact.source, fact.year))
                )?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
