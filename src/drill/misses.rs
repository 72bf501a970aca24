//! The candidate's misses in past sessions, read from the history: which rubric items each
//! session missed, and which cards they point at. A checklist card answers for its red flag
//! and for the strong signal it is the opposite of (a missed `assumptions` signal counts for
//! `no-clarify`); a follow-up card answers for the ids it probes.

use std::collections::BTreeSet;

use crate::rubric::{Rubric, RuleId};

use super::cards::{CHECKLIST, Card, CardKind};

/// The rubric ids each past session missed: strong signals not shown and red flags raised.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Misses {
    sessions: Vec<BTreeSet<String>>,
}

impl Misses {
    /// No sessions.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one session's missed ids (`signals_missed` and `red_flags` of a history entry).
    pub fn add_session<S: Into<String>>(&mut self, ids: impl IntoIterator<Item = S>) {
        self.sessions
            .push(ids.into_iter().map(Into::into).collect());
    }

    /// How many sessions were read.
    #[must_use]
    pub fn sessions(&self) -> usize {
        self.sessions.len()
    }

    /// In how many sessions `card`'s items were missed (0 for estimation cards).
    #[must_use]
    pub fn count(&self, card: &Card) -> u32 {
        match &card.kind {
            CardKind::Checklist { flag, pairs_with } => self
                .count_any(&std::iter::once(flag.as_str()).chain(pairs_with.map(RuleId::as_str))),
            CardKind::FollowUp { probes, .. } => self.count_any(&probes.iter().map(String::as_str)),
            CardKind::Estimate(_) => 0,
        }
    }

    /// Sessions that missed at least one of `ids`.
    fn count_any<'a>(&self, ids: &(impl Iterator<Item = &'a str> + Clone)) -> u32 {
        self.sessions
            .iter()
            .filter(|missed| ids.clone().any(|id| missed.contains(id)))
            .count() as u32
    }

    /// In how many sessions the checklist item `flag` was missed.
    #[must_use]
    pub fn flag_count(&self, rubric: &Rubric, flag: &str) -> u32 {
        let pairs = rubric
            .red_flag(flag)
            .and_then(|f| f.pairs_with.map(RuleId::as_str));
        self.count_any(&std::iter::once(flag).chain(pairs))
    }
}

/// One item of the night-before summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryItem {
    /// The red flag's id.
    pub flag: RuleId,
    /// Its title.
    pub title: String,
    /// How to avoid it.
    pub advice: String,
    /// Sessions that missed it; 0 when it fills a place the history left empty.
    pub missed: u32,
}

/// What `dei drill --night-before` ends with: the three checklist items this candidate misses
/// most, most missed first (ties in checklist order). Without history, or with fewer than
/// three items ever missed, the checklist's first items fill the places, with `missed` 0.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Sessions in the history.
    pub sessions: usize,
    /// Three items.
    pub items: Vec<SummaryItem>,
}

/// The night-before summary for `misses`.
#[must_use]
pub fn summary(rubric: &Rubric, misses: &Misses) -> Summary {
    let mut ranked: Vec<(u32, usize, RuleId)> = CHECKLIST
        .into_iter()
        .enumerate()
        .map(|(order, flag)| (misses.flag_count(rubric, flag.as_str()), order, flag))
        .collect();
    // Most missed first; the checklist's order breaks ties and orders the never-missed.
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let items = ranked
        .into_iter()
        .filter_map(|(missed, _, flag)| {
            let def = rubric.red_flag(flag.as_str())?;
            Some(SummaryItem {
                flag,
                title: def.title.clone(),
                advice: def.advice.clone(),
                missed,
            })
        })
        .take(3)
        .collect();
    Summary {
        sessions: misses.sessions(),
        items,
    }
}
