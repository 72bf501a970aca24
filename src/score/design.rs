//! Checking the candidate's design by simulation: the choices an answer states (partition
//! key, salting and its factor, commit order, write mode, flush interval, compaction) run
//! against the scenario's load profiles, so "I'll salt the hot key" is shown doing its job,
//! and "partition by `seller_id`" is shown melting a partition.

use serde::Serialize;

use crate::answer::{Answer, Sentence};
use crate::calc::Calculator;
use crate::calc::format::number;
use crate::scenario::Scenario;
use crate::sim::redelivery::{CommitOrder, WriteMode};
use crate::sim::{DEFAULT_SEED, profile, redelivery, skew, small_files};

use super::analysis::SentenceInfo;
use super::lexicon::{Group, HitKind};

/// Whether the stated design survives its simulation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SimVerdict {
    /// It copes with the scenario's load.
    Holds,
    /// It fails in the way the simulation shows.
    Breaks,
}

/// One simulation run on the answer's stated design.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Simulation {
    /// `skew`, `redelivery` or `small-files`.
    pub kind: &'static str,
    /// The configuration run (the scenario's profile with the answer's choices).
    pub config: serde_json::Value,
    /// What happened.
    pub outcome: serde_json::Value,
    /// Holds or breaks.
    pub verdict: SimVerdict,
    /// One sentence: the design and what the simulation did to it.
    pub summary: String,
    /// The sentence of the answer that stated the choice.
    pub evidence: Option<String>,
}

/// Simulations already run for one scenario, by the choices that configured them: re-scoring
/// an answer whose design did not change costs nothing (the runs are deterministic).
#[derive(Debug, Default)]
pub struct SimCache(std::sync::Mutex<std::collections::HashMap<String, Option<Simulation>>>);

impl SimCache {
    fn get_or_run(
        &self,
        key: &str,
        evidence: Option<String>,
        run: impl FnOnce() -> Option<Simulation>,
    ) -> Option<Simulation> {
        let cached = self.0.lock().ok().and_then(|map| map.get(key).cloned());
        let sim = cached.unwrap_or_else(|| {
            let sim = run();
            if let Ok(mut map) = self.0.lock() {
                map.insert(key.to_owned(), sim.clone());
            }
            sim
        });
        sim.map(|sim| Simulation { evidence, ..sim })
    }
}

/// A simulation the scenario offers that the answer gave no choice for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotRun {
    /// `skew`, `redelivery` or `small-files`.
    pub kind: &'static str,
    /// What it could have checked.
    pub note: String,
}

/// A simulation the answer made its choice for that cannot run on the scenario's load profile
/// (or on the choice, such as more sub-keys than can be kept): said, not left out.
fn could_not_run(kind: &'static str) -> NotRun {
    NotRun {
        kind,
        note: format!(
            "the answer's design could not be simulated on this scenario's `{kind}` load profile; \
             `dei scenario check` on the scenario file says what is out of range"
        ),
    }
}

/// Runs every simulation the answer states a choice for.
#[must_use]
pub fn check(
    answer: &Answer<'_>,
    infos: &[SentenceInfo],
    scenario: &Scenario,
    cache: &SimCache,
) -> (Vec<Simulation>, Vec<NotRun>) {
    let mut ran = Vec::new();
    let mut not_run = Vec::new();
    let profiles = &scenario.load_profiles;
    let quote = |i: Option<usize>| {
        i.and_then(|i| answer.sentences.get(i))
            .map(|s| answer.quote(s))
    };
    if let Some(p) = &profiles.skew {
        match skew_design(answer, infos) {
            Some((salt, said)) => {
                match cache.get_or_run(&format!("skew:{salt}"), quote(Some(said)), || run_skew(p, salt, None)) {
                    Some(sim) => ran.push(sim),
                    None => not_run.push(could_not_run("skew")),
                }
            }
            None => not_run.push(NotRun {
                kind: "skew",
                note: "the answer never says what it partitions by or whether it salts hot keys; \
                       `dei sim skew` shows what one key at this scenario's hot share does to a partition"
                    .into(),
            }),
        }
    }
    if let Some(p) = &profiles.redelivery {
        match redelivery_design(answer, infos) {
            Some((commit, write, said)) => {
                match cache.get_or_run(
                    &format!("redelivery:{commit:?}:{write:?}"),
                    quote(Some(said)),
                    || run_redelivery(p, commit, write, None),
                ) {
                    Some(sim) => ran.push(sim),
                    None => not_run.push(could_not_run("redelivery")),
                }
            }
            None => not_run.push(NotRun {
                kind: "redelivery",
                note:
                    "the answer never says when offsets are committed or how writes are applied; \
                       `dei sim redelivery` shows what a crash between write and commit does"
                        .into(),
            }),
        }
    }
    if let Some(p) = &profiles.small_files {
        match files_design(answer, infos) {
            Some((flush, compact, said)) => {
                match cache.get_or_run(&format!("small-files:{flush:?}:{compact:?}"), quote(Some(said)), || run_small_files(p, flush, compact, None)) {
                    Some(sim) => ran.push(sim),
                    None => not_run.push(could_not_run("small-files")),
                }
            }
            None => not_run.push(NotRun {
                kind: "small-files",
                note: "the answer never says how often writers commit files or whether they are compacted; \
                       `dei sim small-files` shows the file count a query must open"
                    .into(),
            }),
        }
    }
    (ran, not_run)
}

/// How far around "auto-commit" a word that turns it off is read: a few words before
/// ("disable auto-commit") and after ("auto-commit = false", "auto-commit off").
const SETTING_BEFORE: usize = 3;
const SETTING_AFTER: usize = 5;

/// "enable.auto.commit = false", "auto-commit off", "disable auto-commit": a setting turned
/// off is not a negation, so it is read here, beside the setting.
fn turned_off(tokens: &[crate::text::Token], at: usize) -> bool {
    const OFF: [&str; 4] = ["disable", "disabled", "off", "false"];
    let near = at.saturating_sub(SETTING_BEFORE)..(at + SETTING_AFTER).min(tokens.len());
    tokens[near].iter().any(|t| OFF.contains(&t.text.as_str()))
}

fn starts(tokens: &[crate::text::Token], stems: &[&str]) -> Option<usize> {
    tokens
        .iter()
        .position(|t| stems.iter().any(|s| t.text.starts_with(s)))
}

/// Partitioning by an entity that can be hot, and salting with its factor.
fn skew_design(answer: &Answer<'_>, infos: &[SentenceInfo]) -> Option<(u32, usize)> {
    let mut keyed = None;
    let mut salted = None;
    for (i, (s, info)) in answer.sentences.iter().zip(infos).enumerate() {
        if info.dismisses(Group::Skew) || info.question {
            continue;
        }
        if keyed.is_none() && info.has(Group::HotKeyRouting) {
            keyed = Some(i);
        }
        let salts = starts(&s.tokens, &["salt"]).is_some()
            || (starts(&s.tokens, &["random"]).is_some()
                && starts(&s.tokens, &["suffix", "prefix"]).is_some())
            || s.tokens
                .windows(2)
                .any(|w| w[0].text == "sub" && w[1].text.starts_with("key"));
        if salted.is_none() && salts && info.has_kind(Group::Skew, HitKind::Mechanism) {
            salted = Some((salt_factor(s, answer.source), i));
        }
    }
    match (salted, keyed) {
        (Some((factor, i)), _) => Some((factor, i)),
        (None, Some(i)) => Some((1, i)),
        (None, None) => None,
    }
}

/// The number of sub-keys a salting sentence names ("over 8 sub-keys", "a 0-15 suffix"),
/// or 8 when it names none.
fn salt_factor(sentence: &Sentence, source: &str) -> u32 {
    const SPREAD: [&str; 11] = [
        "sub", "bucket", "buckets", "shard", "shards", "ways", "salts", "pieces", "parts",
        "splits", "suffixes",
    ];
    let t = &sentence.tokens;
    let value = |i: usize| t[i].text.replace(',', "").parse::<u32>().ok();
    // A number followed by what it splits into: "over 16 sub-keys", "8 buckets".
    if let Some(n) = (0..t.len().saturating_sub(1))
        .filter(|&i| t[i].numeric && SPREAD.contains(&t[i + 1].text.as_str()))
        .find_map(value)
        .filter(|n| (2..=4096).contains(n))
    {
        return n;
    }
    // Otherwise the numbers after the salting words, skipping percentages ("40%").
    let from = starts(t, &["salt", "random", "sub"]).unwrap_or(0);
    let numbers: Vec<u32> = (from..t.len())
        .filter(|&i| {
            t[i].numeric
                && !source
                    .get(t[i].span.end..)
                    .is_some_and(|r| r.starts_with('%'))
        })
        .filter_map(value)
        .filter(|n| (2..=4096).contains(n) || *n == 0)
        .collect();
    match numbers.as_slice() {
        // "a random 0-7 suffix" names eight sub-keys.
        [0, high, ..] => high + 1,
        [n, ..] if *n >= 2 => *n,
        _ => 8,
    }
}

/// The commit order and write mode an answer states. An answer often describes the failure
/// before the fix ("a blind insert would double-count; so every write is an upsert"), so the
/// safe choice wins when both appear.
fn redelivery_design(
    answer: &Answer<'_>,
    infos: &[SentenceInfo],
) -> Option<(CommitOrder, WriteMode, usize)> {
    const WROTE: [&str; 7] = [
        "writ",
        "succe",
        "land",
        "persist",
        "sink",
        "confirm",
        "acknowledg",
    ];
    let mut after = None;
    let mut before = None;
    let mut upsert = None;
    let mut insert = None;
    for (i, (s, info)) in answer.sentences.iter().zip(infos).enumerate() {
        if info.question {
            continue;
        }
        let t = &s.tokens;
        if let Some(c) = starts(t, &["commit", "ack", "checkpoint", "advance", "move"]) {
            let rest = &t[c..];
            let wrote = starts(rest, &WROTE).is_some();
            let says = |words: &[&str]| rest.iter().any(|w| words.contains(&w.text.as_str()));
            let before_write = says(&["before"]);
            // "never committed before the write succeeds" commits after it.
            // "never committed before", "we avoid committing before", "instead of committing
            // before the write": the order is ruled out, by the scorer's own negation.
            let commit_negated = super::analysis::rules_out(t, &(c..c + 1));
            if wrote && (says(&["after", "once", "only"]) || before_write && commit_negated) {
                after.get_or_insert(i);
            } else if wrote && before_write {
                before.get_or_insert(i);
            }
        }
        if let Some(at) = t
            .windows(2)
            .position(|w| w[0].text == "auto" && w[1].text.starts_with("commit"))
        {
            // Auto-commit commits on a timer, whatever was written; disabling it is the fix.
            if super::analysis::rules_out(t, &(at..at + 2)) || turned_off(t, at) {
                after.get_or_insert(i);
            } else {
                before.get_or_insert(i);
            }
        }
        let keyed = starts(t, &["upsert", "dedup", "idempot", "overwrit", "replac"]).is_some()
            || t.windows(2).any(|w| {
                w[0].text == "merge" && matches!(w[1].text.as_str(), "into" | "on" | "keyed" | "by")
            });
        // The word alone ("a Bloom filter for dedup") is not a keyed write.
        if keyed
            && info.has_kind(Group::Idempotency, HitKind::Mechanism)
            && !info.dismisses(Group::Idempotency)
        {
            upsert.get_or_insert(i);
        }
        if !keyed && starts(t, &["insert", "append", "increment"]).is_some() {
            insert.get_or_insert(i);
        }
    }
    let commit = after
        .map(|i| (CommitOrder::AfterWrite, i))
        .or(before.map(|i| (CommitOrder::BeforeWrite, i)));
    let write = upsert
        .map(|i| (WriteMode::Upsert, i))
        .or(insert.map(|i| (WriteMode::Insert, i)));
    // "Inserts" alone is too common a word ("it breaks first at the ClickHouse inserts") to
    // read as a design: a blind insert counts only beside a stated commit order.
    if commit.is_none() && upsert.is_none() {
        return None;
    }
    let said = write.map(|w| w.1).or(commit.map(|c| c.1))?;
    Some((
        commit.map_or(CommitOrder::AfterWrite, |c| c.0),
        write.map_or(WriteMode::Insert, |w| w.0),
        said,
    ))
}

/// The flush interval ("commit every 5 minutes") and compaction period an answer states.
fn files_design(
    answer: &Answer<'_>,
    infos: &[SentenceInfo],
) -> Option<(Option<f64>, Option<f64>, usize)> {
    let calc = Calculator::shared();
    let mut flush = None;
    let mut compact = None;
    for (i, (s, info)) in answer.sentences.iter().zip(infos).enumerate() {
        if info.question || info.dismisses(Group::SmallFiles) {
            continue;
        }
        let t = &s.tokens;
        // Offset commits are not file commits.
        let writes = starts(
            t,
            &[
                "flush",
                "commit",
                "writ",
                "trigger",
                "checkpoint",
                "roll",
                "micro",
            ],
        )
        .is_some()
            && starts(t, &["offset"]).is_none();
        // Answers name the problem interval and then the fix ("every few seconds makes tiny
        // files, so commit every 5 minutes"): the longest interval stated is the design.
        if writes
            && let Some(seconds) = every(t, calc)
            && flush.is_none_or(|(best, _)| seconds > best)
        {
            flush = Some((seconds, i));
        }
        if compact.is_none()
            && starts(t, &["compact", "optimiz", "rewrit"]).is_some()
            && info.has(Group::SmallFiles)
        {
            let said = |words: &[&str]| t.iter().any(|w| words.contains(&w.text.as_str()));
            let period = if said(&["daily", "nightly"]) {
                86_400.0
            } else if said(&["hourly"]) {
                3600.0
            } else {
                every(t, calc).unwrap_or(3600.0).max(60.0)
            };
            compact = Some((period, i));
        }
    }
    let said = flush.map(|f| f.1).or(compact.map(|c| c.1))?;
    Some((flush.map(|f| f.0), compact.map(|c| c.0), said))
}

/// "every 5 minutes", "every few seconds", "every second": a period in seconds.
fn every(tokens: &[crate::text::Token], calc: &Calculator) -> Option<f64> {
    let at = tokens.iter().position(|t| t.text == "every")?;
    let next: Vec<&str> = tokens[at + 1..]
        .iter()
        .take(3)
        .map(|t| t.text.as_str())
        .collect();
    let time = |word: &str| {
        calc.evaluate(&format!("1 {word}"))
            .ok()
            .filter(|a| {
                a.quantity.dims == crate::calc::dims::Dims::of(crate::calc::dims::Base::Time)
            })
            .map(|a| a.quantity.value)
    };
    let number = |text: &str| text.replace(',', "").parse::<f64>().ok();
    // "every 30s": the unit written onto the number.
    if let Some(first) = next.first()
        && first.starts_with(|c: char| c.is_ascii_digit())
        && number(first).is_none()
        && let Ok(answer) = calc.evaluate(first)
        && answer.quantity.dims == crate::calc::dims::Dims::of(crate::calc::dims::Base::Time)
    {
        return Some(answer.quantity.value);
    }
    match next.as_slice() {
        ["few", unit, ..] => time(unit).map(|s| s * 3.0),
        // "every 5-10 minutes": the longer end.
        [low, high, unit, ..] if number(low).is_some() && number(high).is_some() => {
            time(unit).map(|s| s * number(high).unwrap_or(1.0))
        }
        [n, unit, ..] if number(n).is_some() => time(unit).map(|s| s * number(n).unwrap_or(1.0)),
        [unit, ..] => time(unit),
        [] => None,
    }
}

impl Simulation {
    fn new<C: Serialize, O: Serialize>(
        kind: &'static str,
        config: &C,
        outcome: &O,
        verdict: SimVerdict,
        summary: String,
        evidence: Option<String>,
    ) -> Self {
        Self {
            kind,
            config: json(config),
            outcome: json(outcome),
            verdict,
            summary,
            evidence,
        }
    }
}

fn json<T: Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// Above this many times the mean partition load, a skew profile with no capacity to compare
/// with is judged broken.
const MAX_IMBALANCE_WITHOUT_CAPACITY: f64 = 2.0;

/// Whether a skew outcome breaks. With a rate and a capacity the question is the one
/// `dei sim skew` answers: does the hottest partition fit? Without them, more than twice an
/// even share stands in for it.
pub(crate) fn skew_breaks(outcome: &skew::SkewOutcome) -> bool {
    outcome
        .exceeds_capacity
        .unwrap_or(outcome.imbalance > MAX_IMBALANCE_WITHOUT_CAPACITY)
}

/// Whether a redelivery outcome counts the revenue exactly: nothing lost, nothing twice.
pub(crate) fn redelivery_exact(outcome: &redelivery::RedeliveryOutcome) -> bool {
    outcome.counted_total == outcome.true_total && outcome.lost_events == 0
}

/// Whether a small-files outcome breaks: the query spends longer opening files than
/// scanning bytes.
pub(crate) fn small_files_breaks(
    config: &small_files::SmallFilesConfig,
    outcome: &small_files::SmallFilesOutcome,
) -> bool {
    let (scan, opening) = small_files_split(config, outcome);
    opening > scan
}

/// Seconds the query spends scanning bytes, and opening files after compaction.
fn small_files_split(
    config: &small_files::SmallFilesConfig,
    outcome: &small_files::SmallFilesOutcome,
) -> (f64, f64) {
    let scan = outcome.bytes / config.scan_rate;
    (scan, outcome.query_seconds_after - scan)
}

fn run_skew(
    p: &crate::scenario::model::SkewProfile,
    salt: u32,
    evidence: Option<String>,
) -> Option<Simulation> {
    let config = profile::skew(p, salt).ok()?;
    let outcome = skew::run(&config, DEFAULT_SEED).ok()?;
    let breaks = skew_breaks(&outcome);
    let design = if salt > 1 {
        format!("salting hot keys over {salt} sub-keys")
    } else {
        "partitioning by an entity key with no salting".to_owned()
    };
    let mut summary = format!(
        "your design, {design}: the hottest partition takes {}% of the load, {}x the mean",
        number(outcome.max_partition_share * 100.0),
        number(outcome.imbalance)
    );
    match outcome.exceeds_capacity {
        Some(true) => summary.push_str(", more than one partition can take"),
        Some(false) => summary.push_str(", within what one partition can take"),
        None if breaks => summary.push_str(", more than twice an even share"),
        None => {}
    }
    if salt > 1 {
        summary.push_str(if outcome.totals_match {
            "; the combined per-key totals match"
        } else {
            "; the combined totals do NOT match"
        });
    }
    Some(Simulation::new(
        "skew",
        &config,
        &outcome,
        if breaks {
            SimVerdict::Breaks
        } else {
            SimVerdict::Holds
        },
        summary,
        evidence,
    ))
}

fn run_redelivery(
    p: &crate::scenario::model::RedeliveryProfile,
    commit: CommitOrder,
    write: WriteMode,
    evidence: Option<String>,
) -> Option<Simulation> {
    let config = profile::redelivery(p, commit, write).ok()?;
    let outcome = redelivery::run(&config, DEFAULT_SEED).ok()?;
    let exact = redelivery_exact(&outcome);
    let design = match (commit, write) {
        (CommitOrder::AfterWrite, WriteMode::Upsert) => "commit after an idempotent upsert",
        (CommitOrder::AfterWrite, WriteMode::Insert) => "commit after a blind insert",
        (CommitOrder::BeforeWrite, WriteMode::Upsert) => "commit before an upsert",
        (CommitOrder::BeforeWrite, WriteMode::Insert) => "commit before a blind insert",
    };
    let result = if exact {
        format!("{} crashes and the revenue is exact", outcome.crashes)
    } else if outcome.lost_events > 0 {
        format!(
            "{} crashes lose {} events ({}% of the revenue)",
            outcome.crashes,
            number(outcome.lost_events as f64),
            number(outcome.error_pct.abs())
        )
    } else {
        format!(
            "{} crashes re-apply {} events: revenue {}% over",
            outcome.crashes,
            number(outcome.duplicates_applied as f64),
            number(outcome.error_pct)
        )
    };
    Some(Simulation::new(
        "redelivery",
        &config,
        &outcome,
        if exact {
            SimVerdict::Holds
        } else {
            SimVerdict::Breaks
        },
        format!("your design, {design}: {result}"),
        evidence,
    ))
}

fn run_small_files(
    p: &crate::scenario::model::SmallFilesProfile,
    flush: Option<f64>,
    compact: Option<f64>,
    evidence: Option<String>,
) -> Option<Simulation> {
    let config = profile::small_files(p, flush, compact).ok()?;
    let outcome = small_files::run(&config).ok()?;
    let (_, opening) = small_files_split(&config, &outcome);
    let breaks = small_files_breaks(&config, &outcome);
    let flush_text = flush.map_or_else(
        || {
            format!(
                "flushing every {} (the scenario's default)",
                crate::calc::format::duration(config.flush_seconds)
            )
        },
        |s| format!("flushing every {}", crate::calc::format::duration(s)),
    );
    let compact_text = if compact.is_some() {
        "with compaction"
    } else {
        "with no compaction"
    };
    Some(Simulation::new(
        "small-files",
        &config,
        &outcome,
        if breaks {
            SimVerdict::Breaks
        } else {
            SimVerdict::Holds
        },
        format!(
            "your design, {flush_text} {compact_text}: {} files an hour; a query over {} hours opens {} files, {}% of its time",
            number(outcome.files_per_hour),
            p.hours,
            number(outcome.files_after_compaction as f64),
            number(opening / outcome.query_seconds_after * 100.0)
        ),
        evidence,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::Rubric;
    use crate::scenario::Catalog;
    use crate::score::Lexicon;

    fn run(text: &str) -> (Vec<Simulation>, Vec<NotRun>) {
        let catalog = Catalog::builtin(Rubric::builtin());
        let scenario = catalog.get("realtime-analytics").expect("built-in");
        let answer = Answer::parse(text);
        let infos = super::super::analysis::analyse(&answer, Lexicon::builtin());
        check(&answer, &infos, scenario, &SimCache::default())
    }

    /// The simulation of `kind` that `text` ran; panics when it ran none.
    fn sim_of(text: &str, kind: &str) -> Simulation {
        let (sims, _) = run(text);
        sims.into_iter()
            .find(|s| s.kind == kind)
            .unwrap_or_else(|| panic!("no {kind} simulation ran for {text:?}"))
    }

    #[test]
    fn partitioning_by_seller_melts_a_partition_and_salting_fixes_it() {
        let (sims, _) =
            run("We partition the topic by seller_id so each seller's events stay in order.");
        assert_eq!(
            (sims[0].kind, sims[0].verdict),
            ("skew", SimVerdict::Breaks)
        );
        let (sims, _) = run(
            "If one seller is 40% of orders, I would salt the seller key over 16 sub-keys and sum the partials in a second step.",
        );
        assert_eq!((sims[0].kind, sims[0].verdict), ("skew", SimVerdict::Holds));
        assert_eq!(sims[0].config["salt"], 16);
    }

    #[test]
    fn the_word_inserts_alone_is_not_a_design() {
        let (sims, _) = run("It breaks first at the ClickHouse inserts if a sale goes past 10x.");
        assert!(sims.iter().all(|s| s.kind != "redelivery"), "{sims:?}");
        // Beside a commit order it is one.
        let sim = sim_of(
            "We commit offsets after the write, and each event is a plain insert into the totals.",
            "redelivery",
        );
        assert_eq!(sim.verdict, SimVerdict::Breaks);
    }

    #[test]
    fn commit_order_and_write_mode_decide_the_revenue() {
        let sim = sim_of(
            "The consumer commits offsets only after the write succeeds, and every write is an upsert keyed on the event id so a replay changes nothing.",
            "redelivery",
        );
        assert_eq!(sim.verdict, SimVerdict::Holds);
        let sim = sim_of(
            "The job inserts each batch into the table and commits the offset after the write.",
            "redelivery",
        );
        assert_eq!(sim.verdict, SimVerdict::Breaks);
    }

    #[test]
    fn a_simulation_that_cannot_run_says_so() {
        let catalog = Catalog::builtin(Rubric::builtin());
        let mut scenario = catalog.get("realtime-analytics").expect("built-in").clone();
        // Loading refuses this; a scenario built another way still never loses the simulation.
        if let Some(files) = scenario.load_profiles.small_files.as_mut() {
            files.partitions = 0;
        }
        let answer = Answer::parse("The writer flushes every 5 seconds into the lake.");
        let infos = super::super::analysis::analyse(&answer, Lexicon::builtin());
        let (sims, not_run) = check(&answer, &infos, &scenario, &SimCache::default());
        assert!(sims.iter().all(|s| s.kind != "small-files"), "{sims:?}");
        let missing = not_run
            .iter()
            .find(|n| n.kind == "small-files")
            .expect("reported");
        assert!(
            missing.note.contains("could not be simulated"),
            "{missing:?}"
        );
    }

    #[test]
    fn flush_interval_and_compaction() {
        let sim = sim_of(
            "The writer flushes every 5 seconds into the lake.",
            "small-files",
        );
        assert_eq!(sim.verdict, SimVerdict::Breaks);
        let sim = sim_of(
            "The writer commits every 10 minutes, and an hourly compaction job rewrites the files into 512 MB ones.",
            "small-files",
        );
        assert_eq!(sim.verdict, SimVerdict::Holds);
    }

    #[test]
    fn negations_and_near_misses_are_read_right() {
        let sim = sim_of(
            "Offsets are never committed before the write succeeds, and writes are upserts keyed on the event id.",
            "redelivery",
        );
        assert_eq!(sim.config["commit"], "after-write");
        let (sims, _) = run("We never partition by seller_id; we hash the event id instead.");
        assert!(sims.iter().all(|s| s.kind != "skew"));
        let (sims, _) = run("Consumers commit offsets every 5 seconds.");
        assert!(sims.iter().all(|s| s.kind != "small-files"));
        let (sims, _) = run(
            "When a seller exceeds 5% of traffic we salt it, spreading the key over 16 sub-keys.",
        );
        assert_eq!(sims[0].config["salt"], 16);
        let (sims, _) = run("The sink flushes every 30s.");
        assert_eq!(sims[0].config["flush_seconds"], 30.0);
        // A setting turned off, and one left on.
        let upsert = " Writes are upserts keyed on the event id.";
        let sim = sim_of(&format!("We disable auto-commit.{upsert}"), "redelivery");
        assert_eq!(sim.config["commit"], "after-write");
        let sim = sim_of(
            &format!("The consumer uses auto-commit.{upsert}"),
            "redelivery",
        );
        assert_eq!(sim.config["commit"], "before-write");
        for ruled_out in [
            "We avoid committing offsets before the sink write.",
            "Instead of committing offsets before the sink write, we wait for it.",
        ] {
            let sim = sim_of(&format!("{ruled_out}{upsert}"), "redelivery");
            assert_eq!(sim.config["commit"], "after-write", "{ruled_out}");
        }
    }

    #[test]
    fn skew_verdict_follows_capacity_when_known_and_twice_the_mean_otherwise() {
        use crate::scenario::model::SkewProfile;
        // 30% on one key over 8 partitions: the hottest partition takes about 39%, some 3x
        // the mean; at 8k events/s that is about 3.1k/s, under 5k and over 2k.
        let profile = |capacity: Option<&str>| SkewProfile {
            events: "200k".into(),
            partitions: 8,
            keys: "10k".into(),
            hot_key_share: Some("30%".into()),
            zipf: None,
            rate: capacity.map(|_| "8k/s".into()),
            partition_capacity: capacity.map(Into::into),
        };
        let ample = run_skew(&profile(Some("5k events/s")), 1, None).expect("runs");
        let imbalance = ample.outcome["imbalance"].as_f64().expect("number");
        assert!(imbalance > MAX_IMBALANCE_WITHOUT_CAPACITY, "{imbalance}");
        assert_eq!(ample.verdict, SimVerdict::Holds, "{}", ample.summary);
        assert!(ample.summary.contains("within what one partition can take"));

        let tight = run_skew(&profile(Some("2k events/s")), 1, None).expect("runs");
        assert_eq!(tight.verdict, SimVerdict::Breaks, "{}", tight.summary);

        let unknown = run_skew(&profile(None), 1, None).expect("runs");
        assert_eq!(unknown.verdict, SimVerdict::Breaks, "{}", unknown.summary);
        assert!(unknown.summary.contains("more than twice an even share"));
    }

    #[test]
    fn no_choice_no_simulation_but_a_note() {
        let (sims, not_run) = run("Kafka, then Flink, then a warehouse.");
        assert!(sims.is_empty());
        assert_eq!(not_run.len(), 3);
    }
}
