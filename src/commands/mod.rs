//! One function per subcommand. Each reads what it needs, calls the library, and writes to
//! stdout through `anstream`, which drops colour for pipes and under `NO_COLOR`.

mod ask;
mod calc;
mod calibrate;
mod drill;
mod list;
mod practice;
mod progress;
mod scenario;
mod score;
mod show;
mod sim;

use std::process::ExitCode;

use clap::CommandFactory as _;

use crate::cli::{Cli, Command, ScenarioCommand};
use crate::paths;
use dei::rubric::Rubric;
use dei::scenario::Catalog;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::List { format } => list::run(&catalog(&cli.scenario_dirs)?, format),
        Command::Show { scenario, raw } => {
            let catalog = checked_catalog(&cli.scenario_dirs)?;
            show::run(&catalog, &scenario, raw)
        }
        Command::Practice {
            scenario,
            resume,
            new,
            report,
        } => session(
            &cli.scenario_dirs,
            Some(scenario),
            &practice::Options {
                mock_minutes: None,
                resume,
                new,
                report,
                color: cli.color,
            },
        ),
        Command::Mock {
            scenario,
            random,
            minutes,
            resume,
            new,
            report,
        } => session(
            &cli.scenario_dirs,
            scenario.filter(|_| !random),
            &practice::Options {
                mock_minutes: Some(minutes),
                resume,
                new,
                report,
                color: cli.color,
            },
        ),
        Command::Drill { night_before } => {
            let catalog = checked_catalog(&cli.scenario_dirs)?;
            drill::run(&catalog, night_before, cli.color)
        }
        Command::Ask(args) => ask::run(&checked_catalog(&cli.scenario_dirs)?, &args),
        Command::Score {
            scenario,
            answer,
            format,
            explain,
        } => {
            let catalog = checked_catalog(&cli.scenario_dirs)?;
            score::run(&catalog, &scenario, &answer, format, explain)
        }
        Command::Calibrate {
            dir,
            format,
            floors,
        } => {
            let catalog = checked_catalog(&cli.scenario_dirs)?;
            calibrate::run(&catalog, &dir, format, &floors)
        }
        Command::History {
            scenario,
            mode,
            limit,
            format,
        } => progress::history(
            &catalog(&cli.scenario_dirs)?,
            &progress::HistoryArgs {
                scenario: scenario.as_deref(),
                mode,
                limit,
                format,
            },
        ),
        Command::Stats { scenario, format } => {
            progress::stats(&catalog(&cli.scenario_dirs)?, scenario.as_deref(), format)
        }
        Command::Calc {
            expr,
            to,
            units,
            facts,
            format,
        } => calc::run(&expr, to.as_deref(), &units, facts, format),
        Command::Sim { kind } => sim::run(&kind),
        Command::Scenario(ScenarioCommand::Check { files }) => scenario::check(&files),
        Command::Scenario(ScenarioCommand::New { id, dir }) => scenario::new(&id, dir),
        Command::Completions { shell } => {
            // clap_complete panics on a write error; render first, then write.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "dei", &mut script);
            std::io::Write::write_all(&mut std::io::stdout().lock(), &script)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The catalog, for a command that uses one scenario: a broken built-in file is reported.
fn checked_catalog(dirs: &[std::path::PathBuf]) -> anyhow::Result<Catalog> {
    let catalog = catalog(dirs)?;
    scenario::report_broken(&catalog)?;
    Ok(catalog)
}

/// The full-screen commands' styles: colour unless `NO_COLOR` is set or `--color never`.
fn theme(when: crate::cli::ColorWhen) -> dei::tui::Theme {
    use crate::cli::ColorWhen;
    let color = match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    if color {
        dei::tui::Theme::color()
    } else {
        dei::tui::Theme::plain()
    }
}

/// Refuses to start a full-screen `command` without a terminal, saying what to do instead.
fn require_terminal(command: &str, otherwise: &str) -> anyhow::Result<()> {
    use std::io::IsTerminal as _;
    if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        anyhow::bail!("{command} needs a terminal (stdin and stdout are not one); {otherwise}");
    }
    Ok(())
}

/// `dei practice` and `dei mock`: the scenario named, or one at random when none is.
fn session(
    dirs: &[std::path::PathBuf],
    scenario: Option<String>,
    options: &practice::Options,
) -> anyhow::Result<ExitCode> {
    let catalog = catalog(dirs)?;
    scenario::report_broken(&catalog)?;
    let id = match scenario {
        Some(id) => id,
        None => practice::random_id(&catalog)?,
    };
    practice::run(&catalog, &id, options)
}

fn catalog(explicit: &[std::path::PathBuf]) -> anyhow::Result<Catalog> {
    Ok(Catalog::load(
        &paths::scenario_folders(explicit)?,
        Rubric::builtin(),
    ))
}

/// Writes `json` pretty-printed, or the text `text` renders (built only when it is wanted).
fn emit<T: serde::Serialize>(
    format: crate::cli::Format,
    json: &T,
    text: impl FnOnce() -> String,
) -> anyhow::Result<ExitCode> {
    use std::io::Write as _;
    let mut out = stdout();
    match format {
        crate::cli::Format::Json => {
            serde_json::to_writer_pretty(&mut out, json)?;
            writeln!(out)?;
        }
        crate::cli::Format::Text => write!(out, "{}", text())?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Standard output for a command's result: one buffer, so a long listing is a `write` per
/// 64 KB instead of one per line (colour still dropped for pipes and `NO_COLOR`, as
/// `anstream` decides). Callers flush it at the end, so an error writing the last bytes is
/// reported rather than lost when the buffer is dropped.
/// The buffer is inside the colour filter: outside it, the filter would still write each
/// piece between escape sequences (a line or less) on its own.
fn stdout() -> anstream::AutoStream<Box<dyn std::io::Write>> {
    let choice = anstream::AutoStream::choice(&std::io::stdout());
    let buffered = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    anstream::AutoStream::new(Box::new(buffered), choice)
}

/// Passes a write result on, except that a reader who went away (`| head`) is not an error:
/// commands whose exit code carries a verdict keep going to return it.
fn unless_closed(result: std::io::Result<()>) -> std::io::Result<()> {
    match result {
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Columns available on stdout, for wrapping (80 when it is not a terminal).
/// Columns to lay text out in: the terminal's, else `COLUMNS` (as shells export it), else 80.
fn width() -> usize {
    terminal_size::terminal_size()
        .map(|(w, _)| usize::from(w.0))
        .or_else(|| std::env::var("COLUMNS").ok()?.trim().parse().ok())
        .unwrap_or(80)
        .clamp(40, 120)
}
