//! `dei history` and `dei stats`: the finished sessions, read through the summary index.

use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;

use anyhow::bail;

use crate::cli::{ExportFormat, ModeArg};
use dei::practice::{HistoryEntry, Mode};
use dei::progress::{self, Filter, ItemKind, Stats, Summary};
use dei::render::doc::{Doc, Line, Role, Span};
use dei::render::{paint, styles};
use dei::rubric::Rubric;
use dei::scenario::Catalog;
use dei::store::Store;

/// How many items "Missed most" lists.
const MISSED_TOP: usize = 5;
/// How many of them come with their advice.
const ADVICE_TOP: usize = 3;
/// Bounds of the sparkline column: at least this many bars fit on a narrow terminal...
const SPARK_MIN: usize = 8;
/// ... and no more than this many on a wide one (the newest scores are shown).
const SPARK_MAX: usize = 40;

/// `dei history`'s options.
pub struct HistoryArgs<'a> {
    pub scenario: Option<&'a str>,
    pub mode: Option<ModeArg>,
    pub limit: Option<usize>,
    pub format: ExportFormat,
}

/// One row of `dei history --format json|csv`.
#[derive(serde::Serialize)]
struct HistoryRow<'a> {
    file: String,
    started: &'a str,
    finished: &'a str,
    scenario: &'a str,
    mode: Mode,
    score: u32,
    band: &'a str,
    seconds: u64,
}

pub fn history(catalog: &Catalog, args: &HistoryArgs<'_>) -> anyhow::Result<ExitCode> {
    let (summaries, skipped) = load(&Store::open_default()?)?;
    check_scenario(catalog, &summaries, args.scenario)?;
    let filter = Filter {
        scenario: args.scenario,
        mode: args.mode.map(|m| match m {
            ModeArg::Practice => Mode::Practice,
            ModeArg::Mock => Mode::Mock,
        }),
        limit: args.limit,
    };
    let rows = progress::history(&summaries, &filter);
    let mut out = super::stdout();
    match args.format {
        ExportFormat::Json => {
            let rows: Vec<HistoryRow<'_>> = rows.iter().map(|s| history_row(s)).collect();
            serde_json::to_writer_pretty(&mut out, &rows)?;
            writeln!(out)?;
        }
        ExportFormat::Csv => {
            let mut csv = String::from("file,started,finished,scenario,mode,score,band,seconds\n");
            for s in &rows {
                let r = history_row(s);
                let _ = writeln!(
                    csv,
                    "{},{},{},{},{},{},{},{}",
                    csv_field(&r.file),
                    csv_field(r.started),
                    csv_field(r.finished),
                    csv_field(r.scenario),
                    r.mode.id(),
                    r.score,
                    csv_field(r.band),
                    r.seconds
                );
            }
            out.write_all(csv.as_bytes())?;
        }
        ExportFormat::Text if summaries.is_empty() && skipped > 0 => {
            writeln!(out, "{}", all_skipped(skipped))?;
        }
        ExportFormat::Text if rows.is_empty() => {
            writeln!(out, "{}", nothing_yet(args.scenario, filter.mode))?;
        }
        ExportFormat::Text if out.current_choice() == anstream::ColorChoice::Never => {
            // Nothing to strip: the rows' texts were made printable when read and no style is
            // written, so they go straight to the buffer (stripping was a tenth of the time at
            // 100,000 rows).
            let mut raw = out.into_inner();
            write_history_text(&mut raw, false, &rows, summaries.len())?;
            raw.flush()?;
            return Ok(ExitCode::SUCCESS);
        }
        ExportFormat::Text => write_history_text(&mut out, true, &rows, summaries.len())?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn stats(
    catalog: &Catalog,
    scenario: Option<&str>,
    format: ExportFormat,
) -> anyhow::Result<ExitCode> {
    let (mut summaries, skipped) = load(&Store::open_default()?)?;
    check_scenario(catalog, &summaries, scenario)?;
    if let Some(id) = scenario {
        summaries.retain(|s| s.scenario == id);
    }
    let rubric = Rubric::builtin();
    let practised: std::collections::HashSet<&str> =
        summaries.iter().map(|s| s.scenario.as_str()).collect();
    let mut stats = Stats::new(&summaries, MISSED_TOP, |scenario, flag| {
        // A scenario that is gone (a deleted user file) is taken to have kept every flag.
        catalog
            .get(scenario)
            .map_or(true, |s| !s.rubric.scope_out.iter().any(|f| f == flag))
    });
    stats.describe(|kind, id| match kind {
        ItemKind::Signal => rubric
            .signal(id)
            .map(|s| (s.title.clone(), s.advice.clone()))
            .or_else(|| {
                // A scenario's own signal is missed only in that scenario's sessions: only
                // those scenarios are opened, in catalog order.
                catalog
                    .headers()
                    .filter(|h| practised.contains(h.id.as_str()))
                    .filter_map(|h| catalog.get(&h.id).ok())
                    .flat_map(|s| &s.rubric.signals)
                    .find(|s| s.id == id)
                    .map(|s| (s.title.clone(), s.advice.clone()))
            }),
        ItemKind::RedFlag => rubric
            .red_flag(id)
            .map(|f| (f.title.clone(), f.advice.clone())),
    });
    let mut out = super::stdout();
    match format {
        ExportFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &stats)?;
            writeln!(out)?;
        }
        ExportFormat::Csv => out.write_all(stats_csv(&stats).as_bytes())?,
        ExportFormat::Text if stats.count == 0 && skipped > 0 => {
            writeln!(out, "{}", all_skipped(skipped))?;
        }
        ExportFormat::Text if stats.count == 0 => {
            writeln!(out, "{}", nothing_yet(scenario, None))?;
        }
        ExportFormat::Text => write!(out, "{}", stats_text(&stats, super::width()))?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Every readable session's summary, oldest first, and how many entry files were skipped.
/// Entries that cannot be read and problems with the index are reported on stderr; the rest
/// is used. `dei drill` reads its misses through this too.
pub(super) fn load(store: &Store) -> anyhow::Result<(Vec<Summary>, usize)> {
    let got = store.indexed_history::<HistoryEntry, Summary>(Summary::new)?;
    let mut err = anstream::stderr().lock();
    let warning = paint(styles::WARN.bold(), "warning:");
    // The messages quote file names and contents.
    for skipped in &got.skipped {
        writeln!(
            err,
            "{warning} skipped {}",
            dei::text::printable(&skipped.to_string())
        )?;
    }
    for note in &got.notes {
        writeln!(err, "{warning} {}", dei::text::printable(&note.to_string()))?;
    }
    let mut summaries = got.summaries;
    for s in &mut summaries {
        // Printed in tables: an entry's text must not carry escape sequences to the terminal.
        for text in [&mut s.started, &mut s.finished] {
            if let std::borrow::Cow::Owned(clean) = dei::text::printable(text) {
                *text = clean;
            }
        }
        for id in [&mut s.scenario, &mut s.band] {
            if let std::borrow::Cow::Owned(clean) = dei::text::printable(id) {
                *id = clean.into();
            }
        }
    }
    progress::sort_oldest_first(&mut summaries);
    Ok((summaries, got.skipped.len()))
}

/// Said when nothing is left to show because every entry was skipped.
fn all_skipped(skipped: usize) -> String {
    format!("No readable sessions: {skipped} history file(s) skipped (see the warnings above).")
}

/// Refuses a `--scenario` that is neither a known scenario nor in the history.
fn check_scenario(
    catalog: &Catalog,
    summaries: &[Summary],
    scenario: Option<&str>,
) -> anyhow::Result<()> {
    let Some(id) = scenario else { return Ok(()) };
    let in_history = || summaries.iter().any(|s| s.scenario == id);
    if catalog.headers().any(|h| h.id == id) || in_history() {
        return Ok(());
    }
    let mut known: Vec<&str> = catalog.headers().map(|h| h.id.as_str()).collect();
    known.extend(summaries.iter().map(|s| s.scenario.as_str()));
    known.sort_unstable();
    known.dedup();
    let help = dei::suggest::did_you_mean(id, known.iter().copied(), || {
        "`dei list` shows the scenario ids".to_owned()
    });
    bail!("no scenario with id `{id}`\n  help: {help}")
}

/// The friendly line for an empty list.
fn nothing_yet(scenario: Option<&str>, mode: Option<Mode>) -> String {
    let kind = match mode {
        Some(Mode::Mock) => "mock sessions",
        Some(Mode::Practice) => "practice sessions",
        None => "sessions",
    };
    match scenario {
        Some(id) => format!(
            "No {kind} of `{id}` yet. Start one with {}.",
            paint(styles::CODE, &format!("dei practice {id}"))
        ),
        None => format!(
            "No {kind} yet. Start one with {} ({} shows the ids).",
            paint(styles::CODE, "dei practice ID"),
            paint(styles::CODE, "dei list")
        ),
    }
}

fn history_row(s: &Summary) -> HistoryRow<'_> {
    HistoryRow {
        file: format!("{}.json", s.file),
        started: &s.started,
        finished: &s.finished,
        scenario: &s.scenario,
        mode: s.mode,
        score: s.score,
        band: &s.band,
        seconds: s.seconds,
    }
}

/// The history table, written row by row: 100,000 rows never become one string.
fn write_history_text(
    out: &mut impl std::io::Write,
    color: bool,
    rows: &[&Summary],
    total: usize,
) -> std::io::Result<()> {
    let id_w = rows
        .iter()
        .map(|s| s.scenario.len())
        .max()
        .unwrap_or(0)
        .max("SCENARIO".len());
    // Styles are left out rather than written and stripped again when colour is off.
    // The palette's looks for the table's roles, as the Doc back end would write them.
    let style = |role: Role| {
        if color {
            dei::render::doc::Palette::COLOR.look(role).anstyle()
        } else {
            anstyle::Style::new()
        }
    };
    let (dim, code) = (style(Role::Dim), style(Role::Code));
    writeln!(
        out,
        "{dim}{:16}  {:id_w$}  {:8}  {:>5}  {:6}  {:>6}{dim:#}",
        "DATE (UTC)", "SCENARIO", "MODE", "SCORE", "BAND", "TIME"
    )?;
    for s in rows {
        let band = style(band_role(&s.band));
        writeln!(
            out,
            "{:16}  {code}{:id_w$}{code:#}  {:8}  {:>5}  {band}{:6}{band:#}  {:>6}",
            s.date(),
            s.scenario,
            s.mode.id(),
            s.score,
            s.band,
            s.time_spent()
        )?;
    }
    if rows.len() < total {
        writeln!(out, "{dim}{} of {total} sessions{dim:#}", rows.len())?;
    }
    Ok(())
}

fn stats_text(stats: &Stats, width: usize) -> String {
    let id_w = stats
        .scenarios
        .iter()
        .map(|s| s.scenario.len())
        .max()
        .unwrap_or(0)
        .max("SCENARIO".len());
    // SCENARIO  SCORES  COUNT  LAST  BEST    AVG  TREND
    let fixed = id_w + 2 + 2 + 5 + 2 + 4 + 2 + 4 + 2 + 5 + 2 + 5;
    let most = stats.scenarios.iter().map(|s| s.count).max().unwrap_or(0);
    let spark_w = width
        .saturating_sub(fixed)
        .clamp(SPARK_MIN, SPARK_MAX)
        .min(most.max("SCORES".len()));
    let mut out = Doc::new();
    out.push(Line::new(vec![Span::plain(format!(
        "{} over {}, average score {:.1}",
        plural(stats.count, "session"),
        plural(stats.scenarios.len(), "scenario"),
        stats.average
    ))]));
    out.blank();
    out.push(Line::of(
        Role::Dim,
        format!(
            "{:id_w$}  {:spark_w$}  {:>5}  {:>4}  {:>4}  {:>5}  {:>5}",
            "SCENARIO", "SCORES", "COUNT", "LAST", "BEST", "AVG", "TREND"
        ),
    ));
    for s in &stats.scenarios {
        // The newest scores when they do not all fit.
        let bars: String = s
            .sparkline
            .chars()
            .skip(s.count.saturating_sub(spark_w))
            .collect();
        let shown = bars.chars().count();
        let (trend, trend_role) = match s.trend {
            Some(t) if t > 0 => (format!("+{t}"), Role::Good),
            Some(t) if t < 0 => (t.to_string(), Role::Bad),
            Some(_) => ("0".to_owned(), Role::Dim),
            None => ("-".to_owned(), Role::Dim),
        };
        out.push(Line::new(vec![
            Span::new(Role::Code, format!("{:id_w$}", s.scenario)),
            Span::plain(format!(
                "  {bars}{}  {:>5}  ",
                " ".repeat(spark_w - shown),
                s.count
            )),
            Span::new(score_role(s.last), format!("{:>4}", s.last)),
            Span::plain(format!("  {:>4}  {:>5.1}  ", s.best, s.average)),
            Span::new(trend_role, format!("{trend:>5}")),
        ]));
    }
    missed_text(&mut out, stats, width);
    out.ansi()
}

/// "Missed most" and the advice for the top items.
fn missed_text(out: &mut Doc, stats: &Stats, width: usize) {
    if stats.missed_most.is_empty() {
        return;
    }
    out.blank();
    out.push(Line::of(Role::Heading, "Missed most"));
    let id_w = stats
        .missed_most
        .iter()
        .map(|item| item.id.len())
        .max()
        .unwrap_or(0);
    let n_w = stats.count.to_string().len();
    for item in &stats.missed_most {
        let title = item.title.as_deref().unwrap_or("");
        let mut line = Line::new(vec![
            Span::plain(format!("  {:>3.0}%  ", item.share * 100.0)),
            Span::new(
                Role::Dim,
                format!("{:>n_w$} of {:<n_w$}", item.count, item.sessions),
            ),
            Span::plain("  "),
            Span::new(Role::Code, format!("{:id_w$}", item.id)),
            Span::plain(format!("  {title}")),
        ]);
        if item.kind == ItemKind::RedFlag {
            line.spans.push(Span::plain(" "));
            line.spans.push(Span::new(Role::Dim, "(red flag)"));
        }
        out.push(line);
    }
    let advice: Vec<_> = stats
        .missed_most
        .iter()
        .filter_map(|item| {
            item.advice
                .as_deref()
                .map(|a| (item.title.as_deref().unwrap_or(&item.id), a))
        })
        .take(ADVICE_TOP)
        .collect();
    if !advice.is_empty() {
        out.blank();
        out.push(Line::of(Role::Heading, "What to work on"));
        for (n, (title, text)) in advice.iter().enumerate() {
            out.push(Line::new(vec![
                Span::plain(format!("  {}. ", n + 1)),
                Span::new(Role::Strong, *title),
            ]));
            for line in dei::render::doc::wrap(text, width.saturating_sub(5)) {
                out.push(Line::new(vec![
                    Span::plain("     "),
                    Span::new(Role::Dim, line),
                ]));
            }
        }
    }
}

fn stats_csv(stats: &Stats) -> String {
    let mut csv = String::from("scenario,count,last,best,average,trend,scores\n");
    for s in &stats.scenarios {
        let scores: Vec<String> = s.scores.iter().map(u32::to_string).collect();
        let _ = writeln!(
            csv,
            "{},{},{},{},{:.1},{},{}",
            csv_field(&s.scenario),
            s.count,
            s.last,
            s.best,
            s.average,
            s.trend.map(|t| t.to_string()).unwrap_or_default(),
            scores.join(" ")
        );
    }
    csv
}

use dei::text::count as plural;

/// A CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// Green, yellow or red for a band name.
fn band_role(band: &str) -> Role {
    match band {
        "strong" => Role::Good,
        "mixed" => Role::Warn,
        _ => Role::Bad,
    }
}

/// The colour of the band a score falls in.
fn score_role(score: u32) -> Role {
    band_role(dei::score::Band::of(score).name())
}
