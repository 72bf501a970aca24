//! Progress over time, the pure part: what `dei history` lists and what `dei stats` adds up
//! from the finished sessions. No files, no terminal, no clock: the shell reads the history
//! (through the summary index in [`crate::store`]) and passes the summaries in.
//!
//! - [`Summary`]: the few fields of a [`HistoryEntry`] that history and stats need, small
//!   enough that 10,000 of them load in milliseconds.
//! - [`history`]: the rows of `dei history`, newest first, filtered.
//! - [`Stats`]: per scenario the scores in time order with a sparkline, count, last, best,
//!   average and trend; overall count and average; the rubric items missed most.

mod shared;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::practice::{HistoryEntry, Mode};

pub use shared::SharedId;

/// How many sessions on each side the trend compares: the mean of the last three scores
/// against the mean of the three before them.
pub const TREND_WINDOW: usize = 3;

/// The bars of a sparkline, lowest first; a score of 0 is the first, 100 the last.
const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// One finished session as history and stats see it. The history index stores it as a
/// positional row with its ids numbered (see `store::Indexed`): 100,000 of them are read on
/// every `dei history`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The entry's file name without `.json` (unique within the history folder).
    pub file: String,
    /// When the session started (RFC 3339, UTC), as stored.
    pub started: String,
    /// When it was scored (RFC 3339, UTC), as stored.
    pub finished: String,
    /// Scenario id.
    pub scenario: SharedId,
    /// Practice or mock.
    pub mode: Mode,
    /// 0-100.
    pub score: u32,
    /// `strong`, `mixed` or `weak`.
    pub band: SharedId,
    /// Time spent in the moves, in seconds.
    pub seconds: u64,
    /// The rubric items: signals shown and missed, red flags raised.
    pub items: Items,
}

/// A session's rubric ids, in one allocation: the signals shown, the signals missed and the
/// red flags raised. (Three vectors read from JSON each kept room for four ids, and were a
/// third of 100,000 summaries' memory.)
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Items {
    /// The signals hit, then missed, then the red flags.
    ids: Box<[SharedId]>,
    /// Where the missed signals start.
    missed: u32,
    /// Where the red flags start.
    flags: u32,
}

impl Items {
    /// The items of one session.
    #[must_use]
    pub fn new(
        signals_hit: &[SharedId],
        signals_missed: &[SharedId],
        red_flags: &[SharedId],
    ) -> Self {
        let ids: Box<[SharedId]> = [signals_hit, signals_missed, red_flags].concat().into();
        let missed = u32::try_from(signals_hit.len()).unwrap_or(u32::MAX);
        let flags = u32::try_from(signals_hit.len() + signals_missed.len()).unwrap_or(u32::MAX);
        Self { ids, missed, flags }
    }

    /// Strong signals shown.
    #[must_use]
    pub fn signals_hit(&self) -> &[SharedId] {
        &self.ids[..self.missed as usize]
    }

    /// Strong signals missed.
    #[must_use]
    pub fn signals_missed(&self) -> &[SharedId] {
        &self.ids[self.missed as usize..self.flags as usize]
    }

    /// Red flags raised.
    #[must_use]
    pub fn red_flags(&self) -> &[SharedId] {
        &self.ids[self.flags as usize..]
    }
}

impl Summary {
    /// The summary of `entry`, stored as `<file>.json`.
    #[must_use]
    pub fn new(file: &str, entry: HistoryEntry) -> Self {
        Self {
            file: file.to_owned(),
            seconds: entry.moves.iter().map(|m| m.seconds).sum(),
            started: entry.started,
            finished: entry.finished,
            scenario: entry.scenario.into(),
            mode: entry.mode,
            score: entry.score,
            band: entry.band.into(),
            items: Items::new(
                &shared(entry.signals_hit),
                &shared(entry.signals_missed),
                &shared(entry.red_flags),
            ),
        }
    }

    /// The start as `2026-11-24 09:40` (UTC, as stored); a start in another shape is shown
    /// as it is.
    #[must_use]
    pub fn date(&self) -> String {
        let s = &self.started;
        let shaped = s.len() >= 16
            && s.is_char_boundary(16)
            && s.as_bytes().get(10) == Some(&b'T')
            && s.as_bytes().get(13) == Some(&b':');
        if shaped {
            format!("{} {}", &s[..10], &s[11..16])
        } else {
            s.clone()
        }
    }

    /// Time spent, rounded to whole minutes.
    #[must_use]
    pub fn minutes(&self) -> u64 {
        (self.seconds + 30) / 60
    }

    /// Time spent as the history lists it: seconds under a minute ("17 s", not "0 min"),
    /// else whole minutes.
    #[must_use]
    pub fn time_spent(&self) -> String {
        if self.seconds < 60 {
            format!("{} s", self.seconds)
        } else {
            format!("{} min", self.minutes())
        }
    }
}

fn shared(ids: Vec<String>) -> Vec<SharedId> {
    ids.into_iter().map(SharedId::from).collect()
}

/// Sorts summaries oldest first: by start, then by file name, so equal starts keep a fixed
/// order.
pub fn sort_oldest_first(summaries: &mut [Summary]) {
    summaries.sort_by(|a, b| a.started.cmp(&b.started).then_with(|| a.file.cmp(&b.file)));
}

/// What `dei history` shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter<'a> {
    /// Only this scenario.
    pub scenario: Option<&'a str>,
    /// Only this mode.
    pub mode: Option<Mode>,
    /// At most this many rows (the newest).
    pub limit: Option<usize>,
}

impl Filter<'_> {
    /// True when `summary` passes the scenario and mode filters.
    #[must_use]
    pub fn keeps(&self, summary: &Summary) -> bool {
        self.scenario.is_none_or(|id| summary.scenario == id)
            && self.mode.is_none_or(|mode| summary.mode == mode)
    }
}

/// The rows of `dei history`: the sessions `filter` keeps, newest first, at most
/// `filter.limit` of them.
#[must_use]
pub fn history<'s>(summaries: &'s [Summary], filter: &Filter<'_>) -> Vec<&'s Summary> {
    let mut rows: Vec<&Summary> = summaries.iter().filter(|s| filter.keeps(s)).collect();
    rows.sort_by(|a, b| b.started.cmp(&a.started).then_with(|| b.file.cmp(&a.file)));
    if let Some(limit) = filter.limit {
        rows.truncate(limit);
    }
    rows
}

/// A sparkline of scores 0-100, one bar per score.
#[must_use]
pub fn sparkline(scores: &[u32]) -> String {
    scores
        .iter()
        .map(|&score| BARS[(score.min(100) as usize * (BARS.len() - 1) + 50) / 100])
        .collect()
}

/// The mean of the last [`TREND_WINDOW`] scores minus the mean of the (up to)
/// [`TREND_WINDOW`] before them, rounded; `None` with fewer than two scores.
#[must_use]
pub fn trend(scores: &[u32]) -> Option<i32> {
    if scores.len() < 2 {
        return None;
    }
    let recent = TREND_WINDOW.min(scores.len() - 1);
    let (before, last) = scores.split_at(scores.len() - recent);
    let before = &before[before.len().saturating_sub(TREND_WINDOW)..];
    Some((mean(last) - mean(before)).round() as i32)
}

fn mean(scores: &[u32]) -> f64 {
    if scores.is_empty() {
        return 0.0;
    }
    f64::from(scores.iter().sum::<u32>()) / scores.len() as f64
}

/// Progress on one scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioStats {
    /// Scenario id.
    pub scenario: String,
    /// Every score, oldest first.
    pub scores: Vec<u32>,
    /// [`sparkline`] of the scores.
    pub sparkline: String,
    /// Sessions.
    pub count: usize,
    /// The latest score.
    pub last: u32,
    /// The best score.
    pub best: u32,
    /// Mean score, to one decimal.
    pub average: f64,
    /// See [`trend`]: positive means improving.
    pub trend: Option<i32>,
}

/// Strong signal or red flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemKind {
    /// A strong signal, counted when missed.
    Signal,
    /// A red flag, counted when raised.
    RedFlag,
}

/// A rubric item the candidate keeps missing (a signal) or tripping (a red flag).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MissedItem {
    /// Rubric id.
    pub id: String,
    /// Signal or red flag.
    pub kind: ItemKind,
    /// Sessions that missed the signal or raised the flag.
    pub count: usize,
    /// Sessions where the item was in force: a signal scored (hit or missed), a red flag that
    /// applied to the scenario.
    pub sessions: usize,
    /// `count / sessions`, 0-1, to two decimals.
    pub share: f64,
    /// The item's title, when the rubric knows the id (filled in by [`Stats::describe`]).
    pub title: Option<String>,
    /// What to do about it (filled in by [`Stats::describe`]).
    pub advice: Option<String>,
}

/// Everything `dei stats` shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    /// Sessions counted.
    pub count: usize,
    /// Mean score over them, to one decimal (0 when there are none).
    pub average: f64,
    /// Per scenario, by id.
    pub scenarios: Vec<ScenarioStats>,
    /// The items missed most, most often first.
    pub missed_most: Vec<MissedItem>,
}

impl Stats {
    /// The stats of `summaries` (in any order), keeping the `top` items missed most.
    ///
    /// `flag_applies(scenario, flag)` says whether a red flag is in force for a scenario (a
    /// scenario may scope flags out); it decides the denominator of a flag's share.
    #[must_use]
    pub fn new(
        summaries: &[Summary],
        top: usize,
        flag_applies: impl Fn(&str, &str) -> bool,
    ) -> Self {
        let mut ordered: Vec<&Summary> = summaries.iter().collect();
        ordered.sort_by(|a, b| a.started.cmp(&b.started).then_with(|| a.file.cmp(&b.file)));

        let mut by_scenario: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
        for s in &ordered {
            by_scenario.entry(&s.scenario).or_default().push(s.score);
        }
        let scenarios = by_scenario
            .into_iter()
            .map(|(scenario, scores)| ScenarioStats {
                scenario: scenario.to_owned(),
                sparkline: sparkline(&scores),
                count: scores.len(),
                last: scores.last().copied().unwrap_or(0),
                best: scores.iter().copied().max().unwrap_or(0),
                average: one_decimal(mean(&scores)),
                trend: trend(&scores),
                scores,
            })
            .collect();

        let all: Vec<u32> = ordered.iter().map(|s| s.score).collect();
        Self {
            count: all.len(),
            average: one_decimal(mean(&all)),
            scenarios,
            missed_most: missed_most(&ordered, top, &flag_applies),
        }
    }

    /// Fills in each missed item's title and advice from `lookup(kind, id)`.
    pub fn describe(&mut self, lookup: impl Fn(ItemKind, &str) -> Option<(String, String)>) {
        for item in &mut self.missed_most {
            if let Some((title, advice)) = lookup(item.kind, &item.id) {
                item.title = Some(title);
                item.advice = Some(advice);
            }
        }
    }
}

/// Counts missed signals and raised flags with the sessions each was in force in.
fn missed_most(
    summaries: &[&Summary],
    top: usize,
    flag_applies: &impl Fn(&str, &str) -> bool,
) -> Vec<MissedItem> {
    // (kind, id) -> (count, sessions in force)
    let mut tally: BTreeMap<(ItemKind, &str), (usize, usize)> = BTreeMap::new();
    let mut flags_seen: Vec<&str> = Vec::new();
    for s in summaries {
        for id in s.items.signals_hit() {
            tally.entry((ItemKind::Signal, id)).or_default().1 += 1;
        }
        for id in s.items.signals_missed() {
            let t = tally.entry((ItemKind::Signal, id)).or_default();
            t.0 += 1;
            t.1 += 1;
        }
        for id in s.items.red_flags() {
            tally.entry((ItemKind::RedFlag, id)).or_default().0 += 1;
            if !flags_seen.contains(&id.as_str()) {
                flags_seen.push(id);
            }
        }
    }
    // A flag's denominator: sessions whose scenario it applies to. A raised flag obviously
    // applied, whatever the scenario says today (it may have been edited since).
    for flag in flags_seen {
        let in_force = summaries
            .iter()
            .filter(|s| {
                s.items.red_flags().iter().any(|f| f == flag) || flag_applies(&s.scenario, flag)
            })
            .count();
        if let Some(t) = tally.get_mut(&(ItemKind::RedFlag, flag)) {
            t.1 = in_force;
        }
    }
    let mut items: Vec<MissedItem> = tally
        .into_iter()
        .filter(|(_, (count, _))| *count > 0)
        .map(|((kind, id), (count, sessions))| MissedItem {
            id: id.to_owned(),
            kind,
            count,
            sessions,
            share: (count as f64 / sessions.max(1) as f64 * 100.0).round() / 100.0,
            title: None,
            advice: None,
        })
        .collect();
    items.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| b.share.total_cmp(&a.share))
            .then_with(|| a.kind.cmp(&b.kind))
            .then_with(|| a.id.cmp(&b.id))
    });
    items.truncate(top);
    items
}

fn one_decimal(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests;
