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
// Parsed once per run; boxing the simulation options would only add noise.
#[allow(clippy::large_enum_variant)]
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
    /// Practise a scenario in a full-screen session: the five moves with an interviewer.
    ///
    /// Clarify (ask; the interviewer answers from the scenario's facts), Size (a scratchpad
    /// where `= EXPR` lines are calculated), Sketch (components with reasons, flows drawn as
    /// boxes), Deep-dive (follow-ups aimed at what you missed, with a simulation lab) and
    /// Defend, then a scorecard saved to your history. F1 in the session lists the keys.
    /// The draft is saved every few seconds and on quit; --resume continues it.
    Practice {
        /// Scenario id, as `dei list` shows it.
        scenario: String,
        /// Continue the saved draft of this scenario.
        #[arg(long, conflicts_with = "new")]
        resume: bool,
        /// Start over even though a draft exists (the old draft is kept beside it, renamed).
        #[arg(long)]
        new: bool,
        /// Also write the Markdown report here when the session is scored.
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
    },
    /// A timed mock interview: a countdown, a time budget per move, a curveball mid-round.
    ///
    /// No live rubric, hints, lab or model answer until the end; reaching Sketch in the first
    /// two minutes without a clarifying question is the no-clarify red flag. When the time is
    /// up the answer is locked and scored; the scorecard adds a timeline of time per move
    /// against its budget and whether you took on the curveball.
    #[command(override_usage = "dei mock <SCENARIO | --random> [OPTIONS]")]
    Mock {
        /// Scenario id, as `dei list` shows it.
        #[arg(required_unless_present = "random")]
        scenario: Option<String>,
        /// Pick a scenario at random.
        #[arg(long, conflicts_with = "scenario")]
        random: bool,
        /// Length of the round in minutes.
        #[arg(long, default_value_t = dei::practice::mock::DEFAULT_MINUTES,
              value_parser = clap::value_parser!(u32).range(1..=240))]
        minutes: u32,
        /// Continue the saved draft of this scenario's mock.
        #[arg(long, conflicts_with_all = ["new", "random"])]
        resume: bool,
        /// Start over even though a draft exists (the old draft is kept beside it, renamed).
        #[arg(long)]
        new: bool,
        /// Also write the Markdown report here when the round is scored.
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
    },
    /// Flashcards with spaced repetition: red flags, follow-ups and estimates to work out.
    ///
    /// The cards: the ways to lose (the night-before checklist), every scenario's deep-dive
    /// follow-ups, and estimates you type and the calculator checks.
    ///
    /// Cards due today come first, then up to 20 new ones; red flags and follow-ups you
    /// missed in past practice sessions come up before everything else. Space shows the
    /// answer, 1-4 grades it (Again, Hard, Good, Easy). An estimate is right within x1.25
    /// either way. The schedule is saved in drill.json in the data folder after every grade.
    Drill {
        /// Run the whole night-before checklist once, in order and ungraded, and end with the
        /// three items you miss most.
        #[arg(long)]
        night_before: bool,
    },
    /// Ask the interviewer something, as in a practice round, and print its reply.
    ///
    /// Without --followup, TEXT is a Clarify message: the reply gives the facts it is about
    /// (JSON `facts`, in order), acknowledges or corrects stated assumptions, and says `kind`:
    /// facts, neutral, noted, corrected or go-on. With --followup ID, TEXT is the reply to
    /// that deep-dive follow-up: the JSON gives its grade (good, partial or thin), the good
    /// points it covers and misses (indices into good_points) and the probe it gets. TEXT `-`
    /// reads standard input. For scenario authors testing their facts and probes, and for
    /// scripts. Exit code 0, 2 on bad input or an unknown scenario or follow-up.
    Ask(AskArgs),
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
        /// Also show, per rubric item, every sentence considered and why it did or did not
        /// count (with --format json: a `considered` list on each item).
        #[arg(long)]
        explain: bool,
    },
    /// Measure the scorer against an interviewer's labels: band, ids, order and claims.
    ///
    /// DIR holds answers/SCENARIO/NAME.md and a labels.toml with one [[case]] per answer
    /// (format in docs/authoring.md). Every labelled answer is scored against the scenario its
    /// label names; the four figures are printed, then each disagreement with the sentence
    /// involved. Exit code 0, 1 when a --min-* floor is not met, 2 on bad input.
    ///
    /// Given a .toml file instead, DIR is a battery of labelled sentences for the number
    /// checker ([[sentence]] with scenario, text and [[sentence.numbers]]: number, label = ok |
    /// off | given | unsized | none, about); the figures say how often wrong numbers are called
    /// off, how often a call of off is right, and how often right numbers are read as right.
    Calibrate {
        /// The calibration folder, or a battery of labelled sentences (a .toml file).
        dir: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// The lowest figures accepted.
        #[command(flatten)]
        floors: Floors,
    },
    /// List your finished sessions, newest first: date, scenario, mode, score, band, time.
    ///
    /// Dates are the UTC start times as stored. Sessions are read from the history folder in
    /// the data folder (DEI_DATA overrides it) through a summary index, so a long history is
    /// listed at once. A history file that cannot be read is reported with its path and
    /// skipped. Exit code 0, or 2 on bad input.
    History {
        /// Only sessions of this scenario.
        #[arg(long, value_name = "ID")]
        scenario: Option<String>,
        /// Only practice or only mock sessions.
        #[arg(long, value_enum)]
        mode: Option<ModeArg>,
        /// Show at most N sessions (the newest).
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        /// Output format: csv has one row per session.
        #[arg(long, value_enum, default_value_t = ExportFormat::Text)]
        format: ExportFormat,
    },
    /// Show your progress: a score sparkline per scenario and the rubric items missed most.
    ///
    /// Per scenario: the scores oldest to newest as a sparkline, the session count, the last,
    /// best and average score, and the trend (mean of the last three against the three
    /// before). Then the strong signals you missed and red flags you raised most often, with
    /// the advice for the top three. --format json prints everything; --format csv prints the
    /// per-scenario table only. Exit code 0, or 2 on bad input.
    Stats {
        /// Only sessions of this scenario.
        #[arg(long, value_name = "ID")]
        scenario: Option<String>,
        /// Output format: csv has one row per scenario.
        #[arg(long, value_enum, default_value_t = ExportFormat::Text)]
        format: ExportFormat,
    },
    /// Back-of-envelope calculator with units; with no expression, an interactive session.
    ///
    /// Quote the expression so the shell leaves `*` alone:
    /// `dei calc "10k events/s * 5 * 1 KB/event -> MB/s"` prints `50 MB/s`. Counts (event,
    /// row, record, message, change, file, partition, request, key, user) are each their own
    /// dimension; bytes use powers of 1000 (KB) or 1024 (KiB); a month is 30 days.
    /// The case of the b decides bytes or bits: `MBps` and `MB/s` are megabytes per second,
    /// `Mbps` and `Mb/s` megabits. In the session, `name = EXPR` defines a variable, `unit
    /// NAME` declares a new count and `ans` (or `_`) is the last result. Exit code 2 on a bad
    /// expression; with `--format json` the error is JSON too (`error`, `span`, `help`).
    Calc {
        /// The expression; `-> UNIT` at the end converts the result. It may start with a sign
        /// (`-2^2`); the options may follow it.
        #[arg(
            value_name = "EXPR",
            allow_hyphen_values = true,
            trailing_var_arg = true
        )]
        expr: Vec<String>,
        /// Show the result in this unit (same as `-> UNIT`): `MB/s`, `GB/day`, `hours`,
        /// `events/s`, `per s`, `$/month`, `%`.
        #[arg(long, value_name = "UNIT")]
        to: Option<String>,
        /// Declare a counted thing for this expression (repeatable): `--unit order` reads
        /// `5 orders/s * 1 KB/order`.
        #[arg(long = "unit", value_name = "NAME", conflicts_with = "facts")]
        units: Vec<String>,
        /// Print the reference numbers a candidate should carry, with sources.
        #[arg(long, conflicts_with_all = ["expr", "to"])]
        facts: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Run a seeded simulation of a failure mode: partition skew, duplicate redelivery or
    /// small files.
    ///
    /// Options take units the way `dei calc` does (`--rate 10k/s`, `--event-size 1KB`,
    /// `--flush 5s`). A run reproduces exactly for the same `--seed`. Exit code 2 on a bad
    /// option.
    Sim {
        /// Which simulation.
        #[command(subcommand)]
        kind: SimKind,
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

/// `dei sim ...`
#[derive(Debug, Subcommand)]
pub enum SimKind {
    /// Keys routed by hash to partitions while one hot key (or a Zipf law) carries a large
    /// share; `--salt N` spreads hot keys over N sub-keys and combines the partials.
    Skew(SkewArgs),
    /// A consumer that crashes between reading, writing and committing, and resumes from its
    /// last committed offset: blind inserts double-count, upserts do not, committing first
    /// loses events.
    Redelivery(RedeliveryArgs),
    /// Streaming writers flushing small files, compaction rewriting them, and what a query
    /// over them pays.
    SmallFiles(SmallFilesArgs),
}

/// Options every simulation takes.
#[derive(Debug, clap::Args)]
pub struct SimCommon {
    /// Random seed; the default is fixed, so a run reproduces exactly.
    #[arg(long, default_value_t = dei::sim::DEFAULT_SEED)]
    pub seed: u64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// `dei sim skew`
#[derive(Debug, clap::Args)]
pub struct SkewArgs {
    /// Events to route.
    #[arg(long, default_value = "1M")]
    pub events: String,
    /// Partitions.
    #[arg(long, default_value = "24")]
    pub partitions: String,
    /// Distinct keys.
    #[arg(long, default_value = "50k")]
    pub keys: String,
    /// Share of events on the single hottest key (default 40% unless --zipf is given).
    #[arg(long, value_name = "SHARE", conflicts_with = "zipf")]
    pub hot_key_share: Option<String>,
    /// Keys follow a Zipf law with this exponent instead of one hot key.
    #[arg(long, value_name = "EXPONENT")]
    pub zipf: Option<f64>,
    /// Spread each hot key over N sub-keys, then combine the partials in a second stage.
    #[arg(long, value_name = "N", default_value = "1")]
    pub salt: String,
    /// Arrival rate (events/s), to compare the hottest partition with its capacity.
    #[arg(long, requires = "partition_capacity")]
    pub rate: Option<String>,
    /// What one partition takes: events/s, or bytes/s with --event-size.
    #[arg(long, requires = "rate")]
    pub partition_capacity: Option<String>,
    /// Bytes per event, when the capacity is given in bytes/s.
    #[arg(long)]
    pub event_size: Option<String>,
    #[command(flatten)]
    pub common: SimCommon,
}

/// `dei sim redelivery`
#[derive(Debug, clap::Args)]
pub struct RedeliveryArgs {
    /// Events to consume.
    #[arg(long, default_value = "100k")]
    pub events: String,
    /// Events per batch.
    #[arg(long, default_value = "500")]
    pub batch: String,
    /// Chance that an attempt at a batch crashes.
    #[arg(long, default_value = "2%")]
    pub crash_rate: String,
    /// When the offset is committed.
    #[arg(long, value_enum, default_value_t = CommitArg::AfterWrite)]
    pub commit: CommitArg,
    /// How the sink applies an event.
    #[arg(long, value_enum, default_value_t = WriteArg::Insert)]
    pub write: WriteArg,
    #[command(flatten)]
    pub common: SimCommon,
}

/// `--commit`
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CommitArg {
    /// Write the batch, then commit the offset.
    AfterWrite,
    /// Commit the offset, then write the batch.
    BeforeWrite,
}

/// `--write`
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WriteArg {
    /// Add blindly (`total += amount`).
    Insert,
    /// Upsert keyed on each event's dedup id.
    Upsert,
}

/// `dei sim small-files`
#[derive(Debug, clap::Args)]
pub struct SmallFilesArgs {
    /// Arrival rate, all partitions together.
    #[arg(long, default_value = "50k events/s")]
    pub rate: String,
    /// Bytes per event.
    #[arg(long, default_value = "1 KB")]
    pub event_size: String,
    /// Partitions written in parallel.
    #[arg(long, default_value = "24")]
    pub partitions: String,
    /// Flush interval of each writer.
    #[arg(long, default_value = "5 s")]
    pub flush: String,
    /// Flush early when a writer has buffered this much.
    #[arg(long)]
    pub flush_bytes: Option<String>,
    /// Time simulated: hours, or a duration such as `1 day`.
    #[arg(long, default_value = "1")]
    pub hours: String,
    /// Compact every so often (e.g. `1 h`).
    #[arg(long)]
    pub compact_every: Option<String>,
    /// Size compaction aims for.
    #[arg(long, default_value = "512 MB")]
    pub target_file: String,
    /// Cost of listing and opening one file.
    #[arg(long, default_value = "20 ms")]
    pub open_cost: String,
    /// Bytes per second a query scans.
    #[arg(long, default_value = "1 GB/s")]
    pub scan_rate: String,
    #[command(flatten)]
    pub common: SimCommon,
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
    /// Write a commented template for a new scenario, ready to edit and check.
    ///
    /// The file goes into the user scenarios folder (where `dei list` finds it) unless `--dir`
    /// says otherwise; an existing file is never overwritten.
    New {
        /// The new scenario's id, kebab-case (`late-orders`).
        id: String,
        /// Write into this folder instead of the user scenarios folder.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
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

/// Output formats of the commands whose tables are worth a spreadsheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Readable text.
    Text,
    /// JSON, for scripts.
    Json,
    /// CSV with a header row, for spreadsheets.
    Csv,
}

/// The `--mode` choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ModeArg {
    /// Sessions of `dei practice`.
    Practice,
    /// Timed mock interviews.
    Mock,
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

/// `dei calibrate`'s floors: each is a share (0.95, 95 or 95%); a figure below one exits 1.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Floors {
    /// Lowest band agreement accepted (0.95, 95 or 95%).
    #[arg(long, value_name = "X", value_parser = floor)]
    #[arg(long = "min-band")]
    pub band: Option<f64>,
    /// Lowest rubric-id agreement accepted.
    #[arg(long, value_name = "X", value_parser = floor)]
    #[arg(long = "min-ids")]
    pub ids: Option<f64>,
    /// Lowest ordering agreement accepted.
    #[arg(long, value_name = "X", value_parser = floor)]
    #[arg(long = "min-order")]
    pub order: Option<f64>,
    /// Lowest claim agreement accepted.
    #[arg(long, value_name = "X", value_parser = floor)]
    #[arg(long = "min-claims")]
    pub claims: Option<f64>,
}

/// Parses a `--min-*` floor.
fn floor(text: &str) -> Result<f64, String> {
    dei::calibrate::parse_floor(text)
}

/// `dei ask`'s arguments.
#[derive(Debug, clap::Args)]
pub struct AskArgs {
    /// Scenario id, as `dei list` shows it.
    pub scenario: String,
    /// What the candidate says, or `-` to read standard input.
    pub text: String,
    /// Reply to this deep-dive follow-up (its id in the scenario) instead of Clarify.
    #[arg(long, value_name = "ID")]
    pub followup: Option<String>,
    /// A fact already given earlier in the session (repeatable): asked again, it is
    /// repeated as "As I said: ...".
    #[arg(long, value_name = "FACT")]
    pub revealed: Vec<String>,
    /// Also show how each part of a Clarify message weighs against every fact (text
    /// output): the fact's weight, whether the message asks about it, and the share of
    /// the message it explains.
    #[arg(long)]
    pub explain: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}
