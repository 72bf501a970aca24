//! The command line: every subcommand, flag and help text, declared with clap.

// Doc comments here are the help text people read in a terminal, not rustdoc: names such as
// NO_COLOR and file:line:column stay as they are printed.
#![allow(clippy::doc_markdown)]

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use clap_complete::Shell;

/// Practise data-engineering system-design interviews in the terminal.
///
/// dei walks you through the five moves of a strong answer (Clarify, Size, Sketch, Deep-dive,
/// Defend) and scores what you write against a strong-signal / red-flag rubric, quoting the
/// sentence behind every point. Everything works offline.
#[derive(Debug, Parser)]
#[command(name = "dei", version, propagate_version = true, max_term_width = 100)]
#[command(
    after_help = "Examples:\n  dei list\n  dei show realtime-analytics\n  dei score realtime-analytics answer.md\n  cat answer.md | dei score realtime-analytics - --format json"
)]
pub struct Cli {
    /// Also load scenarios from this folder (repeatable; after the config folder and
    /// DEI_SCENARIOS). A file with a built-in id replaces the built-in scenario.
    #[arg(long = "scenarios", value_name = "DIR", global = true)]
    pub scenario_dirs: Vec<PathBuf>,

    /// When to use colour: auto follows the terminal, NO_COLOR and CLICOLOR_FORCE.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto, global = true)]
    pub color: ColorWhen,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the scenarios: id, title, archetype, difficulty, source and summary.
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Print a scenario's prompt, rendered for the terminal.
    Show {
        /// Scenario id, as `dei list` shows it.
        scenario: String,
        /// Print the Markdown source instead of rendering it.
        #[arg(long)]
        raw: bool,
    },
    /// Score an answer written in an editor and print a scorecard.
    ///
    /// The answer is Markdown. Headings may name the moves (Clarify, Size, Sketch, Deep-dive,
    /// Defend, or words like Estimates, Architecture, Risks); an answer in plain prose is read
    /// as a whole. Exit code 0 when scored, 2 on bad input.
    Score {
        /// Scenario id, as `dei list` shows it.
        scenario: String,
        /// The answer file, or `-` to read standard input.
        answer: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Back-of-envelope calculator with units; with no expression, an interactive session.
    ///
    /// Quote the expression so the shell leaves `*` alone:
    /// `dei calc "10k events/s * 5 * 1 KB/event -> MB/s"` prints `50 MB/s`. Counts (event,
    /// row, record, message, change, file, partition, request, key, user) are each their own
    /// dimension; bytes use powers of 1000 (KB) or 1024 (KiB); a month is 30 days.
    /// In the session, `name = EXPR` defines a variable and `unit NAME` declares a new count.
    /// Exit code 2 on a bad expression.
    Calc {
        /// The expression; `-> UNIT` at the end converts the result.
        #[arg(value_name = "EXPR")]
        expr: Vec<String>,
        /// Show the result in this unit (same as `-> UNIT`).
        #[arg(long, value_name = "UNIT")]
        to: Option<String>,
        /// Print the reference numbers a candidate should carry, with sources.
        #[arg(long, conflicts_with_all = ["expr", "to"])]
        facts: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Work with scenario files.
    #[command(subcommand)]
    Scenario(ScenarioCommand),
    /// Print shell completions for bash, zsh, fish, elvish or PowerShell.
    ///
    /// For example: `dei completions bash > ~/.local/share/bash-completion/completions/dei`.
    Completions {
        /// The shell.
        shell: Shell,
    },
}

/// `dei scenario ...`
#[derive(Debug, Subcommand)]
pub enum ScenarioCommand {
    /// Validate scenario files and report every problem found, at file:line:column.
    ///
    /// Exit code 0 when every file is valid, 2 otherwise.
    Check {
        /// Scenario TOML files.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Readable text.
    Text,
    /// JSON, for scripts.
    Json,
}

/// The `--color` choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// Colour when writing to a terminal, unless NO_COLOR is set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }
}
