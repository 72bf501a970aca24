//! `dei sim`: options read with the calculator, the simulation run, a chart and an explanation.

use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::{anyhow, bail};
use serde::Serialize;

use super::emit;
use crate::cli::{CommitArg, RedeliveryArgs, SimKind, SkewArgs, SmallFilesArgs, WriteArg};
use dei::calc::dims::{Base, Dims};
use dei::calc::format::{integer, number};
use dei::calc::{Calculator, Quantity};
use dei::render::{paint, styles};
use dei::sim::{redelivery, skew, small_files};

pub fn run(kind: &SimKind) -> anyhow::Result<ExitCode> {
    match kind {
        SimKind::Skew(args) => run_skew(args),
        SimKind::Redelivery(args) => run_redelivery(args),
        SimKind::SmallFiles(args) => run_small_files(args),
    }
}

/// What an option must measure.
#[derive(Clone, Copy)]
enum Want {
    /// A plain number, or a count of something (`1M events`).
    Count,
    /// A share: `40%` or `0.4`.
    Share,
    /// Per second: `10k/s`, `10k events/s`.
    Rate,
    /// Bytes.
    Bytes,
    /// Bytes per second.
    ByteRate,
    /// A duration.
    Time,
}

/// Reads `option`'s value with the calculator and checks what it measures.
fn quantity(option: &str, text: &str, want: Want) -> anyhow::Result<f64> {
    let answer = Calculator::shared()
        .evaluate(text)
        .map_err(|e| anyhow!("{option} {text}: {}", e.render(text)))?;
    // `--events 200%` is a share, not two events.
    if answer.percent && !matches!(want, Want::Share) {
        bail!(
            "{option} {text}: a percentage is a share; give {}",
            expected(want)
        );
    }
    let Quantity { value, dims } = answer.quantity;
    let time = dims.exponent(Base::Time);
    let bytes = dims.exponent(Base::Bytes);
    let counts = dims.counts();
    let only_counts = |t: i8| {
        dims.iter().all(|(b, e)| match b {
            Base::Count(_) => e == 1,
            Base::Time => e == t,
            _ => false,
        }) && counts.len() <= 1
    };
    let ok = match want {
        Want::Count => only_counts(0),
        Want::Share => dims.is_none(),
        Want::Rate => time == -1 && only_counts(-1),
        Want::Bytes => dims == Dims::of(Base::Bytes),
        Want::ByteRate => bytes == 1 && time == -1 && counts.is_empty() && dims.iter().count() == 2,
        Want::Time => dims == Dims::of(Base::Time),
    };
    if !ok {
        let got = dei::calc::describe(&dims, Calculator::shared().units());
        bail!("{option} {text}: expected {}, got {got}", expected(want));
    }
    if !value.is_finite() || value < 0.0 {
        bail!("{option} {text}: must not be negative");
    }
    Ok(value)
}

/// What an option of kind `want` looks like.
fn expected(want: Want) -> &'static str {
    match want {
        Want::Count => "a number, such as 1M or 50k",
        Want::Share => "a share, such as 40% or 0.4",
        Want::Rate => "a rate, such as 10k/s or 10k events/s",
        Want::Bytes => "a size, such as 1 KB or 512 MB",
        Want::ByteRate => "a data rate, such as 10 MB/s",
        Want::Time => "a duration, such as 5 s or 1 h",
    }
}

fn whole(option: &str, text: &str) -> anyhow::Result<u64> {
    let value = quantity(option, text, Want::Count)?;
    if value.fract() != 0.0 || value > 1e15 {
        bail!("{option} {text}: expected a whole number");
    }
    Ok(value as u64)
}

#[derive(Serialize)]
struct SkewJson<'a> {
    config: &'a skew::SkewConfig,
    seed: u64,
    #[serde(flatten)]
    outcome: &'a skew::SkewOutcome,
    #[serde(skip_serializing_if = "Option::is_none")]
    unsalted: Option<&'a skew::SkewOutcome>,
}

fn run_skew(args: &SkewArgs) -> anyhow::Result<ExitCode> {
    let law = match (args.zipf, &args.hot_key_share) {
        (Some(exponent), _) => skew::KeyLaw::Zipf { exponent },
        (None, share) => skew::KeyLaw::HotKey {
            share: quantity(
                "--hot-key-share",
                share.as_deref().unwrap_or("40%"),
                Want::Share,
            )?,
        },
    };
    let partitions = u32::try_from(whole("--partitions", &args.partitions)?)
        .map_err(|_| anyhow!("--partitions {}: too many", args.partitions))?;
    let salt = u32::try_from(whole("--salt", &args.salt)?)
        .map_err(|_| anyhow!("--salt {}: too many", args.salt))?;
    let rate = args
        .rate
        .as_deref()
        .map(|r| quantity("--rate", r, Want::Rate))
        .transpose()?;
    let event_size = args
        .event_size
        .as_deref()
        .map(|size| {
            let bytes = quantity("--event-size", size, Want::Bytes)?;
            if bytes > 0.0 {
                Ok(bytes)
            } else {
                Err(anyhow!("--event-size {size}: must be above 0"))
            }
        })
        .transpose()?;
    let capacity = args
        .partition_capacity
        .as_deref()
        .map(|text| capacity_in_events(text, event_size))
        .transpose()?;
    if let (Some(size), None) = (&args.event_size, capacity) {
        bail!(
            "--event-size {size}: only used to read a --partition-capacity in bytes/s; \
             give one (such as --partition-capacity 10MB/s) or leave --event-size out"
        );
    }
    let config = skew::SkewConfig {
        events: whole("--events", &args.events)?,
        partitions,
        keys: whole("--keys", &args.keys)?,
        law,
        salt,
        rate,
        partition_capacity: capacity,
    };
    let seed = args.common.seed;
    let outcome = skew::run(&config, seed)?;
    let before = if salt > 1 {
        Some(skew::run(
            &skew::SkewConfig {
                salt: 1,
                ..config.clone()
            },
            seed,
        )?)
    } else {
        None
    };
    let json = SkewJson {
        config: &config,
        seed,
        outcome: &outcome,
        unsalted: before.as_ref(),
    };
    let text = skew_text(&outcome, before.as_ref(), salt, partitions);
    emit(args.common.format, &json, || text)
}

/// A partition's capacity in events/s, given as events/s or as bytes/s with an event size
/// (in bytes, above 0).
fn capacity_in_events(text: &str, event_size: Option<f64>) -> anyhow::Result<f64> {
    if let Ok(events) = quantity("--partition-capacity", text, Want::Rate) {
        return Ok(events);
    }
    let bytes = quantity("--partition-capacity", text, Want::ByteRate)?;
    let size = event_size.ok_or_else(|| {
        anyhow!("--partition-capacity {text}: a capacity in bytes/s needs --event-size")
    })?;
    Ok(bytes / size)
}

/// One bar per partition (the 24 hottest when there are more).
fn bars(text: &mut String, partitions: &[u64]) {
    let max = partitions.iter().copied().max().unwrap_or(1).max(1);
    let mut rows: Vec<(usize, u64)> = partitions.iter().copied().enumerate().collect();
    let shown = if rows.len() > 24 {
        rows.sort_by_key(|row| std::cmp::Reverse(row.1));
        rows.truncate(24);
        let _ = writeln!(
            text,
            "{}",
            paint(
                styles::DIM,
                &format!("the 24 hottest of {} partitions", partitions.len())
            )
        );
        rows
    } else {
        rows
    };
    let total: u64 = partitions.iter().sum();
    for (i, count) in shown {
        let width = (count * 40 / max) as usize;
        let share = count as f64 / total.max(1) as f64 * 100.0;
        let _ = writeln!(
            text,
            "  p{i:<3} {}{} {:>6}%",
            paint(
                if share > 100.0 / partitions.len() as f64 * 2.0 {
                    styles::BAD
                } else {
                    styles::GOOD
                },
                &"█".repeat(width)
            ),
            " ".repeat(40 - width),
            number(share)
        );
    }
}

fn paragraph(text: &mut String, words: &str) {
    let mut line = String::new();
    for word in words.split_whitespace() {
        if !line.is_empty() && line.len() + word.len() + 1 > 78 {
            let _ = writeln!(text, "{line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    let _ = writeln!(text, "{line}");
}

/// The chart, the before/after table and the explanation of a skew run.
fn skew_text(
    outcome: &skew::SkewOutcome,
    before: Option<&skew::SkewOutcome>,
    salt: u32,
    partitions: u32,
) -> String {
    let mut text = String::new();
    bars(&mut text, &outcome.partitions);
    let _ = writeln!(text);
    let row = |label: &str, o: &skew::SkewOutcome| {
        format!(
            "  {label:<12} {:>8}  {:>9}  {}\n",
            format!("{}%", number(o.max_partition_share * 100.0)),
            format!("{}x", number(o.imbalance)),
            o.exceeds_capacity.map_or("-", |e| if e {
                "over capacity"
            } else {
                "within capacity"
            })
        )
    };
    let _ = writeln!(
        text,
        "  {:<12} {:>8}  {:>9}  capacity",
        "", "hottest", "max/mean"
    );
    if let Some(b) = before {
        text.push_str(&row("unsalted", b));
        text.push_str(&row(&format!("salted x{salt}"), outcome));
    } else {
        text.push_str(&row("this run", outcome));
    }
    let _ = writeln!(text);
    let explain = match before {
        None if outcome.imbalance > 2.0 => format!(
            "Keys are hashed to partitions, so every event of a key lands on the same one. The hottest key's traffic made one partition take {}% of all events, {}x the mean, while the rest sat mostly idle. Salting the hot key (`--salt {}`) spreads it over sub-keys, with a second stage adding the partials back together.",
            number(outcome.max_partition_share * 100.0),
            number(outcome.imbalance),
            partitions.max(2)
        ),
        None => format!(
            "Load is spread evenly: the hottest partition is {}x the mean. Hash routing copes when no key carries more than a partition's fair share.",
            number(outcome.imbalance)
        ),
        Some(b) => format!(
            "Salting spread {} hot key{} over {salt} sub-keys: the hottest partition went from {}x to {}x the mean. The second stage re-combines the partial counts; the per-key totals {} the unsalted truth. The cost is that second stage and a wider fan-out for every read of those keys.",
            outcome.salted_keys,
            if outcome.salted_keys == 1 { "" } else { "s" },
            number(b.imbalance),
            number(outcome.imbalance),
            if outcome.totals_match {
                "match"
            } else {
                "DO NOT match"
            }
        ),
    };
    paragraph(&mut text, &explain);
    text
}

#[derive(Serialize)]
struct RedeliveryJson<'a> {
    config: &'a redelivery::RedeliveryConfig,
    seed: u64,
    #[serde(flatten)]
    outcome: &'a redelivery::RedeliveryOutcome,
}

fn run_redelivery(args: &RedeliveryArgs) -> anyhow::Result<ExitCode> {
    let config = redelivery::RedeliveryConfig {
        events: whole("--events", &args.events)?,
        batch: whole("--batch", &args.batch)?,
        crash_rate: quantity("--crash-rate", &args.crash_rate, Want::Share)?,
        commit: match args.commit {
            CommitArg::AfterWrite => redelivery::CommitOrder::AfterWrite,
            CommitArg::BeforeWrite => redelivery::CommitOrder::BeforeWrite,
        },
        write: match args.write {
            WriteArg::Insert => redelivery::WriteMode::Insert,
            WriteArg::Upsert => redelivery::WriteMode::Upsert,
        },
    };
    let seed = args.common.seed;
    let o = redelivery::run(&config, seed)?;
    let mut text = String::new();
    let money = |cents: u64| format!("${}", number(cents as f64 / 100.0));
    let rows = [
        ("true revenue", money(o.true_total)),
        ("counted", money(o.counted_total)),
        ("error", format!("{}%", number(o.error_pct))),
        ("duplicates applied", integer(o.duplicates_applied)),
        ("events lost", integer(o.lost_events)),
        ("crashes", integer(o.crashes)),
    ];
    for (label, value) in rows {
        let _ = writeln!(text, "  {label:<20} {value}");
    }
    let _ = writeln!(text);
    let explain = match (config.commit, config.write) {
        (redelivery::CommitOrder::AfterWrite, redelivery::WriteMode::Upsert) => format!(
            "The consumer commits its offset only after the write, so a crash replays the batch; every write is an upsert keyed on the event's id, so the replay changes nothing. {} crashes, and the count is exact: at-least-once delivery plus idempotent writes.",
            o.crashes
        ),
        (redelivery::CommitOrder::AfterWrite, redelivery::WriteMode::Insert) => format!(
            "The consumer writes, then commits. {} crashes fell between a write and its commit, so those batches were read again and their revenue added again: {} duplicates, {}% over. Make the write an upsert keyed on a stable event id (`--write upsert`) and the replay becomes harmless.",
            o.crashes_between_write_and_commit,
            number(o.duplicates_applied as f64),
            number(o.error_pct)
        ),
        (redelivery::CommitOrder::BeforeWrite, _) => format!(
            "The consumer commits its offset before writing. {} crashes fell between the commit and the write, so the restarted consumer skipped events it never wrote: {} lost, {}% under. Commit only after the write succeeds (`--commit after-write`) and make the write idempotent.",
            o.crashes_between_commit_and_write,
            number(o.lost_events as f64),
            number(-o.error_pct)
        ),
    };
    paragraph(&mut text, &explain);
    emit(
        args.common.format,
        &RedeliveryJson {
            config: &config,
            seed,
            outcome: &o,
        },
        || text,
    )
}

#[derive(Serialize)]
struct SmallFilesJson<'a> {
    config: &'a small_files::SmallFilesConfig,
    #[serde(flatten)]
    outcome: &'a small_files::SmallFilesOutcome,
}

fn run_small_files(args: &SmallFilesArgs) -> anyhow::Result<ExitCode> {
    let hours = match quantity("--hours", &args.hours, Want::Time) {
        Ok(seconds) => seconds / 3600.0,
        Err(_) => quantity("--hours", &args.hours, Want::Share)?,
    };
    let config = small_files::SmallFilesConfig {
        rate: quantity("--rate", &args.rate, Want::Rate)?,
        event_size: quantity("--event-size", &args.event_size, Want::Bytes)?,
        partitions: u32::try_from(whole("--partitions", &args.partitions)?)
            .map_err(|_| anyhow!("--partitions {}: too many", args.partitions))?,
        flush_seconds: quantity("--flush", &args.flush, Want::Time)?,
        flush_bytes: args
            .flush_bytes
            .as_deref()
            .map(|b| quantity("--flush-bytes", b, Want::Bytes))
            .transpose()?,
        hours,
        compact_every: args
            .compact_every
            .as_deref()
            .map(|t| quantity("--compact-every", t, Want::Time))
            .transpose()?,
        target_file: quantity("--target-file", &args.target_file, Want::Bytes)?,
        open_cost: quantity("--open-cost", &args.open_cost, Want::Time)?,
        scan_rate: quantity("--scan-rate", &args.scan_rate, Want::ByteRate)?,
    };
    let o = small_files::run(&config)?;
    let text = small_files_text(&config, &o);
    emit(
        args.common.format,
        &SmallFilesJson {
            config: &config,
            outcome: &o,
        },
        || text,
    )
}

/// The before/after table and the explanation of a small-files run.
fn small_files_text(
    config: &small_files::SmallFilesConfig,
    o: &small_files::SmallFilesOutcome,
) -> String {
    let size = dei::calc::format::bytes;
    let seconds = dei::calc::format::duration;
    let mut text = String::new();
    let _ = writeln!(
        text,
        "  {:<26} {:>16}  {:>16}",
        "", "as written", "after compaction"
    );
    let _ = writeln!(
        text,
        "  {:<26} {:>16}  {:>16}",
        "files",
        number(o.files_written as f64),
        number(o.files_after_compaction as f64)
    );
    let _ = writeln!(
        text,
        "  {:<26} {:>16}  {:>16}",
        "average file",
        size(o.avg_file_bytes),
        size(o.bytes / o.files_after_compaction.max(1) as f64)
    );
    let _ = writeln!(
        text,
        "  {:<26} {:>16}  {:>16}",
        "query over the run",
        seconds(o.query_seconds_before),
        seconds(o.query_seconds_after)
    );
    let _ = writeln!(
        text,
        "  {:<26} {:>16}",
        "files per hour",
        number(o.files_per_hour)
    );
    let _ = writeln!(text);
    let open_share =
        (o.query_seconds_before - o.bytes / config.scan_rate) / o.query_seconds_before * 100.0;
    let mut explain = format!(
        "{} writers flushing every {} write {} files an hour of {} each. A query that reads them pays {} per file to list and open it: {}% of its time goes to opening files rather than reading data.",
        config.partitions,
        seconds(o.flush_interval),
        number(o.files_per_hour),
        size(o.avg_file_bytes),
        seconds(config.open_cost),
        number(open_share)
    );
    if config.compact_every.is_some() {
        let _ = write!(
            explain,
            " Compaction rewrites closed files into {} ones, leaving {} files and cutting the query to {}.",
            size(config.target_file),
            number(o.files_after_compaction as f64),
            seconds(o.query_seconds_after)
        );
    } else {
        explain.push_str(" Add `--compact-every 1h` to see what rewriting them into large files buys, or flush less often (`--flush 5min`): a little freshness for far fewer files.");
    }
    paragraph(&mut text, &explain);
    text
}
