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
use crate::text::Token;

use super::analysis::{SentenceInfo, rules_out};
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
fn turned_off(tokens: &[Token], at: usize) -> bool {
    const OFF: [&str; 4] = ["disable", "disabled", "off", "false"];
    let near = at.saturating_sub(SETTING_BEFORE)..(at + SETTING_AFTER).min(tokens.len());
    tokens[near].iter().any(|t| OFF.contains(&t.text.as_str()))
}

fn starts(tokens: &[Token], stems: &[&str]) -> Option<usize> {
    tokens
        .iter()
        .position(|t| stems.iter().any(|s| t.text.starts_with(s)))
}

/// True when the choice stated by the word at `at` stands: not negated, contrasted away
/// ("hourly, not nightly") or avoided, read by the scorer's own negation.
fn stands(tokens: &[Token], at: usize) -> bool {
    !rules_out(tokens, &(at..at + 1))
}

/// One statement of a design choice: what it says, how specific it is, and where.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Stated<T> {
    value: T,
    /// Higher is more specific: "over 16 sub-keys" says more than "we salt", which says
    /// more than "partition by `seller_id`".
    specific: u8,
    /// The sentence's index in the answer.
    sentence: usize,
}

impl<T> Stated<T> {
    fn new(value: T, specific: u8, sentence: usize) -> Self {
        Self {
            value,
            specific,
            sentence,
        }
    }
}

/// The choice an answer makes, read from every sentence that states it: the most specific
/// statement, and of those the latest. The answer is read in order (a practice answer puts
/// the Deep-dive after the Sketch), so a later statement revises an earlier one, while a
/// passing mention ("we salt hot keys") never undoes a stated number. The sentence given is
/// the one that made the choice: a later statement saying the same again does not move it.
fn decided<T: PartialEq>(stated: impl IntoIterator<Item = Stated<T>>) -> Option<Stated<T>> {
    let stated: Vec<Stated<T>> = stated.into_iter().collect();
    let top = stated.iter().map(|s| s.specific).max()?;
    let mut at_top = stated.into_iter().filter(|s| s.specific == top).rev();
    let mut chosen = at_top.next()?;
    for earlier in at_top.take_while(|s| s.value == chosen.value) {
        chosen.sentence = earlier.sentence;
    }
    Some(chosen)
}

/// The sentences of `answer` that can state a design: questions ask, they do not decide.
fn statements<'a>(
    answer: &'a Answer<'_>,
    infos: &'a [SentenceInfo],
) -> impl Iterator<Item = (usize, &'a Sentence, &'a SentenceInfo)> {
    answer
        .sentences
        .iter()
        .zip(infos)
        .enumerate()
        .filter(|(_, (_, info))| !info.question)
        .map(|(i, (s, info))| (i, s, info))
}

/// Sub-keys a hot key is spread over when an answer salts without saying how many.
const DEFAULT_SALT: u32 = 8;
/// Most sub-keys a stated salt factor may name; larger numbers are something else.
const MAX_SALT_FACTOR: u32 = 4096;

/// How specific a skew statement is.
mod skew_said {
    /// Partitions by an entity that can be hot, and says nothing of salting.
    pub const KEYED: u8 = 0;
    /// Salts, without a number.
    pub const SALTED: u8 = 1;
    /// Salts, and says over how many sub-keys.
    pub const SALTED_BY: u8 = 2;
}

/// Partitioning by an entity that can be hot, and salting with its factor.
fn skew_design(answer: &Answer<'_>, infos: &[SentenceInfo]) -> Option<(u32, usize)> {
    let stated = statements(answer, infos).filter_map(|(i, s, info)| {
        let salts = salting_words(&s.tokens).any(|at| stands(&s.tokens, at));
        if salts && info.has_kind(Group::Skew, HitKind::Mechanism) {
            Some(match salt_factor(s, answer.source) {
                Some(n) => Stated::new(n, skew_said::SALTED_BY, i),
                None => Stated::new(DEFAULT_SALT, skew_said::SALTED, i),
            })
        } else {
            // "never by `seller_id`" leaves no hit; "by `seller_id`, not by user id" leaves
            // one; "by user, not seller" leaves one whose key is ruled out.
            let keyed = info
                .hits
                .iter()
                .any(|h| h.group == Group::HotKeyRouting && !rules_out(&s.tokens, &h.tokens));
            keyed.then(|| Stated::new(1, skew_said::KEYED, i))
        }
    });
    decided(stated).map(|s| (s.value, s.sentence))
}

/// Where a sentence says it salts: "salt", "a random suffix", "sub-keys".
fn salting_words(t: &[Token]) -> impl Iterator<Item = usize> + '_ {
    let random_fix = starts(t, &["suffix", "prefix"]).is_some();
    (0..t.len()).filter(move |&i| {
        let w = t[i].text.as_str();
        w.starts_with("salt")
            || (random_fix && w == "random")
            || (w == "sub" && t.get(i + 1).is_some_and(|n| n.text.starts_with("key")))
    })
}

/// The number of sub-keys a salting sentence names, if it names one: a number beside what the
/// key is split into ("over 16 sub-keys", "8 buckets"), else a range of salts after the salting
/// words ("from 0 to 15", "0..15", "a 1-16 suffix": 16), else the first number after them
/// ("salt by 16"), percentages aside ("when a seller passes 40%").
fn salt_factor(sentence: &Sentence, source: &str) -> Option<u32> {
    const SPREAD: [&str; 11] = [
        "sub", "bucket", "buckets", "shard", "shards", "ways", "salts", "pieces", "parts",
        "splits", "suffixes",
    ];
    let t = &sentence.tokens;
    let value = |i: usize| t[i].text.replace(',', "").parse::<u32>().ok();
    let factor = |n: &u32| (2..=MAX_SALT_FACTOR).contains(n);
    // A number followed by what it splits into: "over 16 sub-keys", "8 buckets".
    if let Some(n) = (0..t.len().saturating_sub(1))
        .filter(|&i| t[i].numeric && SPREAD.contains(&t[i + 1].text.as_str()))
        .find_map(value)
        .filter(factor)
    {
        return Some(n);
    }
    let from = salting_words(t).next().unwrap_or(0);
    let numbers: Vec<(usize, u32)> = (from..salting_clause_end(t, source, from))
        .filter(|&i| t[i].numeric && !is_percentage(t, source, i) && !is_enumerator(t, source, i))
        .filter_map(|i| value(i).map(|n| (i, n)))
        .collect();
    let range = numbers.windows(2).find_map(|pair| {
        let [(a, low), (b, high)] = [pair[0], pair[1]];
        (high > low && joins_range(t, source, a, b)).then(|| high - low + 1)
    });
    range
        .or_else(|| numbers.iter().map(|&(_, n)| n).find(factor))
        .filter(factor)
}

/// Where the clause of the salting word at `from` ends: at a comma, a semicolon, a full
/// stop or a dash ("we salt the hot key, and the topic has 24 partitions"), not at a colon or
/// a bracket, which introduce the salts ("a suffix: 0-15", "a suffix (0..15)").
fn salting_clause_end(t: &[Token], source: &str, from: usize) -> usize {
    let ends = |k: usize| {
        let gap = source
            .get(t[k - 1].span.end..t[k].span.start)
            .unwrap_or_default();
        t[k].clause_break
            && gap.contains([',', ';', '.', '!', '?', '—', '–', ')'])
            && !(t[k - 1].numeric && t[k].numeric && is_range_joiner(gap))
    };
    (from + 1..t.len()).find(|&k| ends(k)).unwrap_or(t.len())
}

/// "-", "..", "–" between the two ends of a range.
fn is_range_joiner(gap: &str) -> bool {
    matches!(gap.trim(), "-" | "–" | "—" | ".." | "..." | "…")
}

/// "40%": a share, not a count.
fn is_percentage(t: &[Token], source: &str, i: usize) -> bool {
    source
        .get(t[i].span.end..)
        .is_some_and(|r| r.starts_with('%'))
}

/// "(3)" or "3)" numbering the items of a list is not a count.
fn is_enumerator(t: &[Token], source: &str, i: usize) -> bool {
    let before = source
        .get(..t[i].span.start)
        .and_then(|b| b.chars().next_back());
    let after = source.get(t[i].span.end..).and_then(|a| a.chars().next());
    after == Some(')') && before.is_none_or(|c| c == '(' || c.is_whitespace())
}

/// True when the numbers at tokens `a` and `b` (`a < b`) are the ends of one range: "0-15",
/// "0..15", "0 to 15", "0 through 15", "between 0 and 15".
fn joins_range(t: &[Token], source: &str, a: usize, b: usize) -> bool {
    match b - a {
        1 => source
            .get(t[a].span.end..t[b].span.start)
            .is_some_and(is_range_joiner),
        2 => {
            let between = t[a + 1].text.as_str();
            matches!(between, "to" | "through" | "thru" | "until")
                || (between == "and" && a > 0 && t[a - 1].text == "between")
        }
        _ => false,
    }
}

/// The commit order and write mode an answer states. An answer often describes the failure
/// before the fix ("a blind insert would double-count; so every write is an upsert"), so the
/// safe choice is the more specific statement: it wins over the unsafe one wherever it is,
/// and the latest statement of the same choice is the one quoted.
fn redelivery_design(
    answer: &Answer<'_>,
    infos: &[SentenceInfo],
) -> Option<(CommitOrder, WriteMode, usize)> {
    let mut commits = Vec::new();
    let mut writes = Vec::new();
    for (i, s, info) in statements(answer, infos) {
        let t = &s.tokens;
        if let Some(order) = commit_order(t) {
            let safe = u8::from(order == CommitOrder::AfterWrite);
            commits.push(Stated::new(order, safe, i));
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
            writes.push(Stated::new(WriteMode::Upsert, 1, i));
        }
        if !keyed && starts(t, &["insert", "append", "increment"]).is_some() {
            writes.push(Stated::new(WriteMode::Insert, 0, i));
        }
    }
    let commit = decided(commits);
    let write = decided(writes);
    // "Inserts" alone is too common a word ("it breaks first at the ClickHouse inserts") to
    // read as a design: a blind insert counts only beside a stated commit order.
    if commit.is_none() && !write.is_some_and(|w| w.value == WriteMode::Upsert) {
        return None;
    }
    let said = [commit.map(|c| c.sentence), write.map(|w| w.sentence)]
        .into_iter()
        .flatten()
        .max()?;
    Some((
        commit.map_or(CommitOrder::AfterWrite, |c| c.value),
        write.map_or(WriteMode::Insert, |w| w.value),
        said,
    ))
}

/// The commit order one sentence states, if it states one.
fn commit_order(t: &[Token]) -> Option<CommitOrder> {
    const WROTE: [&str; 7] = [
        "writ",
        "succe",
        "land",
        "persist",
        "sink",
        "confirm",
        "acknowledg",
    ];
    let mut order = None;
    if let Some(c) = starts(t, &["commit", "ack", "checkpoint", "advance", "move"]) {
        let rest = &t[c..];
        let wrote = starts(rest, &WROTE).is_some();
        let says = |words: &[&str]| rest.iter().any(|w| words.contains(&w.text.as_str()));
        let before_write = says(&["before"]);
        // "never committed before the write succeeds", "we avoid committing before", "instead
        // of committing before the write": the order is ruled out, so it commits after.
        if wrote && (says(&["after", "once", "only"]) || before_write && !stands(t, c)) {
            order = Some(CommitOrder::AfterWrite);
        } else if wrote && before_write {
            order = Some(CommitOrder::BeforeWrite);
        }
    }
    if let Some(at) = t
        .windows(2)
        .position(|w| w[0].text == "auto" && w[1].text.starts_with("commit"))
    {
        // Auto-commit commits on a timer, whatever was written; disabling it is the fix.
        if rules_out(t, &(at..at + 2)) || turned_off(t, at) {
            order = Some(CommitOrder::AfterWrite);
        } else {
            order.get_or_insert(CommitOrder::BeforeWrite);
        }
    }
    order
}

/// How specific a flush statement is.
mod flush_said {
    /// The interval is named as the cause of small files ("flushing every few seconds makes
    /// tiny files"): the failure described, which is the design only if nothing else is.
    pub const CAUSE: u8 = 0;
    /// The interval stated as the design.
    pub const PLAIN: u8 = 1;
}

/// How many words from its write or compaction word a period may stand: "the job reads
/// three years of orders every night, ... and MERGE them" says when the old job runs, not
/// how often the new one writes.
const PERIOD_REACH: usize = 12;

/// Seconds between compactions when an answer compacts without saying how often.
const DEFAULT_COMPACTION: f64 = 3600.0;
/// The shortest compaction period read: a compaction "every 30 s" is a flush.
const MIN_COMPACTION: f64 = 60.0;

/// The flush interval ("commit every 5 minutes") and compaction period an answer states, and
/// the sentence that settled the design last.
fn files_design(
    answer: &Answer<'_>,
    infos: &[SentenceInfo],
) -> Option<(Option<f64>, Option<f64>, usize)> {
    let calc = Calculator::shared();
    let mut flushes = Vec::new();
    let mut compactions = Vec::new();
    for (i, s, info) in statements(answer, infos) {
        let (flush, compact) = files_statements(i, &s.tokens, info, calc);
        flushes.extend(flush);
        compactions.extend(compact);
    }
    let flush = decided(flushes);
    let compact = decided(compactions);
    let said = [flush.map(|f| f.sentence), compact.map(|c| c.sentence)]
        .into_iter()
        .flatten()
        .max()?;
    Some((flush.map(|f| f.value), compact.map(|c| c.value), said))
}

/// The flush interval and the compaction period sentence `i` states. Each period belongs to
/// the nearer of its sentence's write and compaction words ("flush every 5 minutes and compact
/// every 6 hours"), if one is within [`PERIOD_REACH`] words.
fn files_statements(
    i: usize,
    t: &[Token],
    info: &SentenceInfo,
    calc: &Calculator,
) -> (Option<Stated<f64>>, Option<Stated<f64>>) {
    // A lake `MERGE`, upsert or append writes files too ("five-minute MERGEs create small
    // files").
    const WRITES: [&str; 11] = [
        "flush",
        "commit",
        "writ",
        "trigger",
        "checkpoint",
        "roll",
        "micro",
        "merg",
        "upsert",
        "append",
        "insert",
    ];
    let at_stems = |stems: &[&str]| -> Vec<usize> {
        (0..t.len())
            .filter(|&at| stems.iter().any(|s| t[at].text.starts_with(s)))
            .collect()
    };
    // Offset commits are not file commits.
    let writes = if starts(t, &["offset"]).is_none() {
        at_stems(&WRITES)
    } else {
        Vec::new()
    };
    let compacts: Vec<usize> = if info.has(Group::SmallFiles) {
        at_stems(&["compact", "optimiz", "rewrit"])
            .into_iter()
            .filter(|&at| stands(t, at))
            .collect()
    } else {
        Vec::new()
    };
    let distance = |words: &[usize], at: usize| {
        words
            .iter()
            .map(|w| w.abs_diff(at))
            .filter(|d| *d <= PERIOD_REACH)
            .min()
    };
    // Each period with how far it is from the nearest write word and compaction word.
    let periods: Vec<(usize, f64, Option<usize>, Option<usize>)> = periods(t, calc)
        .into_iter()
        .filter(|&(at, _)| stands(t, at))
        .map(|(at, s)| (at, s, distance(&writes, at), distance(&compacts, at)))
        .collect();
    // Answers name the problem interval and then the fix ("every few seconds makes tiny
    // files, so commit every 5 minutes"): in one sentence the longest interval said with
    // "every" is the design.
    let flush = periods
        .iter()
        .filter(|(at, _, to_write, to_compact)| {
            t[*at].text == "every" && to_write.is_some_and(|w| to_compact.is_none_or(|c| w <= c))
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|&(at, seconds, _, _)| {
            let specific = if causes_small_files(info, at) {
                flush_said::CAUSE
            } else {
                flush_said::PLAIN
            };
            Stated::new(seconds, specific, i)
        });
    // The period nearest the compaction word is its own; a compaction with none is hourly,
    // and less specific than one that says.
    let compact = (!compacts.is_empty()).then(|| {
        let own = periods
            .iter()
            .filter_map(|&(at, seconds, to_write, to_compact)| {
                let c = to_compact?;
                to_write.is_none_or(|w| c < w).then_some((at, seconds, c))
            })
            .min_by_key(|&(at, _, c)| (c, usize::MAX - at));
        match own {
            Some((_, seconds, _)) => Stated::new(seconds.max(MIN_COMPACTION), 1, i),
            None => Stated::new(DEFAULT_COMPACTION, 0, i),
        }
    });
    (flush, compact)
}

/// True when the sentence names small files as what the interval at `at` causes: a
/// small-files symptom after it, in its clause ("flushing every 5 s makes tiny files").
fn causes_small_files(info: &SentenceInfo, at: usize) -> bool {
    let clause = |i: usize| info.clause_of.get(i).copied();
    info.hits.iter().any(|h| {
        h.group == Group::SmallFiles
            && h.kind == HitKind::Symptom
            && h.tokens.start > at
            && clause(h.tokens.start) == clause(at)
    })
}

/// Every period a sentence states, with the token it starts at: "every 5 minutes", "every
/// few seconds", "hourly", "nightly", "weekly".
fn periods(tokens: &[Token], calc: &Calculator) -> Vec<(usize, f64)> {
    const DAY: f64 = 86_400.0;
    tokens
        .iter()
        .enumerate()
        .filter_map(|(at, t)| {
            let seconds = match t.text.as_str() {
                "every" => every(&tokens[at + 1..], calc),
                "hourly" => Some(3600.0),
                "daily" | "nightly" => Some(DAY),
                "weekly" => Some(7.0 * DAY),
                _ => None,
            };
            seconds.map(|s| (at, s))
        })
        .collect()
}

/// The period after "every": "5 minutes", "few seconds", "second", "30s", in seconds.
fn every(after: &[Token], calc: &Calculator) -> Option<f64> {
    let next: Vec<&str> = after.iter().take(3).map(|t| t.text.as_str()).collect();
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
    let outcome = skew::expected(&config).ok()?;
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
    use proptest::prelude::*;

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
    fn a_number_of_sub_keys_said_later_beats_salting_said_without_one() {
        // The sketch salts without a number beside the partition count; the deep-dive says
        // how many sub-keys, with the range of salts.
        let answer = "## Sketch\n\n- Kafka: 24 partitions keyed by seller_id, hot sellers salted\n\n\
                      ## Deep-dive\n\nWe salt the hot seller key from 0 to 15, so one seller \
                      spreads over 16 sub-keys and a second step adds the partials.";
        let sim = sim_of(answer, "skew");
        assert_eq!(sim.config["salt"], 16);
        assert!(
            sim.evidence
                .as_deref()
                .is_some_and(|e| e.contains("from 0 to 15")),
            "{:?}",
            sim.evidence
        );
        // In other words: a number first, then a passing mention, which does not undo it.
        let sim = sim_of(
            "A hot merchant's key gets a random suffix 0..31, spreading it over the partitions. \
             Later steps sum the partials of the salted keys per merchant.",
            "skew",
        );
        assert_eq!(sim.config["salt"], 32);
        assert!(sim.evidence.as_deref().is_some_and(|e| e.contains("0..31")));
    }

    #[test]
    fn a_range_of_salts_counts_both_ends() {
        for (text, salt) in [
            (
                "We salt the hot seller key from 0 to 15 and sum the partials.",
                16,
            ),
            (
                "We salt the hot seller key with a 1-16 suffix and sum the partials.",
                16,
            ),
            (
                "Salt the hot key with a suffix between 0 and 3, then add the partial sums.",
                4,
            ),
            (
                "We salt the hot seller key with 0 through 63 and merge the partial counts.",
                64,
            ),
        ] {
            assert_eq!(sim_of(text, "skew").config["salt"], salt, "{text}");
        }
    }

    #[test]
    fn the_later_compaction_period_wins() {
        let answer = "## Sketch\n\n- The writer flushes every 5 minutes; a nightly compaction \
                      job rewrites the small files into 512 MB ones\n\n## Deep-dive\n\n\
                      Nightly is too slow for the dashboards, so compaction runs hourly instead.";
        let sim = sim_of(answer, "small-files");
        assert_eq!(sim.config["compact_every"], 3600.0);
        assert_eq!(sim.config["flush_seconds"], 300.0);
        assert!(
            sim.evidence
                .as_deref()
                .is_some_and(|e| e.contains("runs hourly")),
            "{:?}",
            sim.evidence
        );
        // In other words, the other way round, and within one sentence.
        let sim = sim_of(
            "Compaction runs every hour at first. Once the table settles we compact the small \
             files weekly.",
            "small-files",
        );
        assert_eq!(sim.config["compact_every"], 7.0 * 86_400.0);
        let sim = sim_of(
            "We compact the small files hourly, not nightly, since dashboards read them.",
            "small-files",
        );
        assert_eq!(sim.config["compact_every"], 3600.0);
        // A compaction that gives no period does not undo one that did.
        let sim = sim_of(
            "An hourly compaction job merges the small files. The compaction also sorts by seller.",
            "small-files",
        );
        assert_eq!(sim.config["compact_every"], 3600.0);
        assert!(
            sim.evidence
                .as_deref()
                .is_some_and(|e| e.contains("hourly"))
        );
    }

    #[test]
    fn each_period_belongs_to_its_own_choice() {
        let sim = sim_of(
            "The writer flushes every 5 minutes and we compact the small files every 6 hours.",
            "small-files",
        );
        assert_eq!(sim.config["flush_seconds"], 300.0);
        assert_eq!(sim.config["compact_every"], 6.0 * 3600.0);
        // The interval named as the cause of small files is the failure, not the fix, when a
        // fix is stated anywhere.
        let sim = sim_of(
            "The writer commits every 10 minutes. Flushing every 2 seconds would make tiny files.",
            "small-files",
        );
        assert_eq!(sim.config["flush_seconds"], 600.0);
        let sim = sim_of(
            "Commits go out every 10 minutes. A later revision commits every 2 minutes for fresher dashboards.",
            "small-files",
        );
        assert_eq!(sim.config["flush_seconds"], 120.0);
        // A period far from any write word says when something else happens.
        let (sims, _) = run(
            "Today the old batch job scans the entire orders history every night even though \
             only a sliver of it changes, so the new design merges just the changed orders.",
        );
        assert!(sims.iter().all(|s| s.kind != "small-files"), "{sims:?}");
    }

    #[test]
    fn a_contrast_is_not_a_negation_of_its_first_half() {
        let sim = sim_of(
            "We partition by seller_id, not by user id, so each seller's orders stay in order.",
            "skew",
        );
        assert_eq!(sim.config["salt"], 1);
        assert_eq!(sim.verdict, SimVerdict::Breaks);
        assert!(
            sim.evidence
                .as_deref()
                .is_some_and(|e| e.contains("not by user id"))
        );
        for text in [
            "Orders are keyed by merchant_id rather than by session.",
            "We hash on seller_id instead of the order id, for per-seller ordering.",
            "We partition by seller_id, not by a random suffix.",
            "Partition by seller_id and we do not salt anything.",
        ] {
            assert_eq!(sim_of(text, "skew").config["salt"], 1, "{text}");
        }
        // The second half is what is ruled out.
        for text in [
            "We partition by user id, not by seller_id.",
            "We partition by user id rather than by seller.",
            "Partition by user, not seller, so the load spreads.",
        ] {
            let (sims, _) = run(text);
            assert!(sims.iter().all(|s| s.kind != "skew"), "{text}: {sims:?}");
        }
        let sim = sim_of(
            "Commit the offset after the sink write lands, rather than before it. Writes are \
             upserts keyed on the event id.",
            "redelivery",
        );
        assert_eq!(sim.config["commit"], "after-write");
    }

    #[test]
    fn no_choice_no_simulation_but_a_note() {
        let (sims, not_run) = run("Kafka, then Flink, then a warehouse.");
        assert!(sims.is_empty());
        assert_eq!(not_run.len(), 3);
    }

    /// A salting sentence's factor, read as the scorer reads it.
    fn factor_of(text: &str) -> Option<u32> {
        let answer = Answer::parse(text);
        salt_factor(&answer.sentences[0], answer.source)
    }

    proptest! {
        #[test]
        fn a_range_of_salts_names_its_count(
            low in 0u32..4,
            count in 2u32..=1024,
            join in prop::sample::select(vec![" to ", "-", "..", " through ", "–"]),
        ) {
            let high = low + count - 1;
            let text = format!("We salt the hot seller key from {low}{join}{high} and sum the partials.");
            prop_assert_eq!(factor_of(&text), Some(count), "{}", text);
        }

        #[test]
        fn a_number_beside_sub_keys_wins_over_any_range(
            count in 2u32..=4096,
            high in 1u32..100,
        ) {
            let text = format!("We salt the hot key over {count} sub-keys, suffixes 0 to {high}.");
            prop_assert_eq!(factor_of(&text), Some(count), "{}", text);
        }

        /// Whatever the order of statements, the decided one is the latest of the most
        /// specific.
        #[test]
        fn the_latest_most_specific_statement_is_decided(
            levels in prop::collection::vec(0u8..3, 1..12),
        ) {
            let stated = levels.iter().enumerate().map(|(i, &l)| Stated::new(i, l, i));
            let top = levels.iter().copied().max().unwrap_or(0);
            let expected = levels.iter().rposition(|&l| l == top);
            prop_assert_eq!(decided(stated).map(|s| s.value), expected);
        }

        /// The same choice said again is quoted where it was first made, after the last
        /// statement that said otherwise.
        #[test]
        fn a_restatement_does_not_move_the_quote(
            values in prop::collection::vec(0u8..3, 1..12),
        ) {
            let stated = values.iter().enumerate().map(|(i, &v)| Stated::new(v, 1, i));
            let last = values.len() - 1;
            let first_of_run = (0..=last)
                .rev()
                .take_while(|&i| values[i] == values[last])
                .last();
            let chosen = decided(stated);
            prop_assert_eq!(chosen.map(|s| s.value), Some(values[last]));
            prop_assert_eq!(chosen.map(|s| s.sentence), first_of_run);
        }

    }

    proptest! {
        // Each case runs the skew simulation on the scenario's profile.
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// Salting statements in any order: the last one with a number decides, or the default
        /// when none has one; a keyed sentence never undoes salting.
        #[test]
        fn the_last_stated_salt_factor_is_simulated(
            said in prop::collection::vec(prop::option::of(2u32..=64), 1..5),
        ) {
            let text: Vec<String> = said
                .iter()
                .map(|n| match n {
                    Some(n) => format!("We salt the hot seller key over {n} sub-keys and add the partials."),
                    None => "We partition by seller_id and salt the hot sellers.".to_owned(),
                })
                .chain(["Orders are partitioned by seller_id for ordering.".to_owned()])
                .collect();
            let expected = said.iter().rev().find_map(|n| *n).unwrap_or(DEFAULT_SALT);
            let sim = sim_of(&text.join(" "), "skew");
            prop_assert_eq!(&sim.config["salt"], expected);
        }
    }
}
