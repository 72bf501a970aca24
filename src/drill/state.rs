//! The drill's saved state (`drill.json`): each card's schedule by card id, and the session
//! queue built from it.
//!
//! ```json
//! {
//!   "format": 1,
//!   "cards": {
//!     "flag:no-clarify": {
//!       "ease": 250, "interval": 6, "due": "2026-11-30", "reps": 2, "lapses": 0,
//!       "last_review": "2026-11-24", "misses_seen": 3
//!     }
//!   }
//! }
//! ```
//!
//! Cards never reviewed are not in the file. Ids of cards that no longer exist (a user
//! scenario removed on this machine) are kept as they are, so syncing the file between
//! machines loses nothing.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Day;
use super::cards::{CardKind, Deck};
use super::misses::Misses;
use super::schedule::{CardState, Grade};

/// The format this dei writes; a file with a higher one is refused.
pub const DRILL_FORMAT: u32 = 1;

/// New cards (never reviewed) shown in one session at most.
pub const NEW_PER_SESSION: usize = 20;

/// Everything `drill.json` holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrillState {
    /// [`DRILL_FORMAT`] when written.
    pub format: u32,
    /// Each reviewed card's schedule, by card id.
    pub cards: BTreeMap<String, CardState>,
}

impl Default for DrillState {
    fn default() -> Self {
        Self {
            format: DRILL_FORMAT,
            cards: BTreeMap::new(),
        }
    }
}

impl DrillState {
    /// Takes from `other` (the file as another machine may have synced it meanwhile) every
    /// card reviewed there later than here, and every card not known here, so saving this
    /// state loses no grade given elsewhere.
    pub fn merge_newer(&mut self, other: &Self) {
        for (id, theirs) in &other.cards {
            let newer = self
                .cards
                .get(id)
                .is_none_or(|ours| theirs.last_review > ours.last_review);
            if newer {
                self.cards.insert(id.clone(), theirs.clone());
            }
        }
    }

    /// The interval in days grading card `id` `grade` on `today` would give (0: again
    /// today), without recording anything: the grade keys show it, as Anki does.
    #[must_use]
    pub fn preview(&self, id: &str, grade: Grade, today: Day) -> u32 {
        match self.cards.get(id) {
            Some(state) => state.review(grade, today).interval,
            None => CardState::first(grade, today).interval,
        }
    }

    /// Records a review of card `id` graded `grade` on `today`, when `misses` past misses of
    /// its items were known. Returns the new schedule.
    pub fn record(&mut self, id: &str, grade: Grade, today: Day, misses: u32) -> &CardState {
        let mut next = match self.cards.get(id) {
            Some(state) => state.review(grade, today),
            None => CardState::first(grade, today),
        };
        next.misses_seen = next.misses_seen.max(misses);
        self.cards.insert(id.to_owned(), next);
        &self.cards[id]
    }

    /// Cards reviewed before and due after `today`, and the earliest such day.
    #[must_use]
    pub fn due_later(&self, today: Day) -> (usize, Option<Day>) {
        let later = self.cards.values().filter(|s| s.due > today);
        let count = later.clone().count();
        (count, later.map(|s| s.due).min())
    }

    /// Indexes into `deck.cards()` of today's session, in order:
    /// 1. checklist cards whose items were missed since their last review, most missed first;
    /// 2. follow-up cards probing a missed item, likewise;
    /// 3. cards due by `today`, longest overdue first;
    /// 4. new cards in deck order.
    ///
    /// Cards never reviewed count against `new_limit`, except missed checklist items, which
    /// always come up.
    #[must_use]
    pub fn queue(&self, deck: &Deck, misses: &Misses, today: Day, new_limit: usize) -> Vec<usize> {
        let mut boosted_flags = Vec::new();
        let mut boosted_followups = Vec::new();
        let mut due = Vec::new();
        let mut new = Vec::new();
        for (index, card) in deck.cards().iter().enumerate() {
            let state = self.cards.get(&card.id);
            let count = misses.count(card);
            let seen = state.map_or(0, |s| s.misses_seen);
            if count > seen {
                match card.kind {
                    CardKind::Checklist { .. } => boosted_flags.push((count, index)),
                    _ => boosted_followups.push((count, index)),
                }
            } else {
                match state {
                    Some(s) if s.is_due(today) => due.push((s.due, index)),
                    Some(_) => {}
                    None => new.push(index),
                }
            }
        }
        boosted_flags.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        boosted_followups.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        due.sort();
        let mut queue: Vec<usize> = boosted_flags.into_iter().map(|(_, i)| i).collect();
        let mut new_left = new_limit.saturating_sub(
            queue
                .iter()
                .filter(|&&i| !self.cards.contains_key(&deck.cards()[i].id))
                .count(),
        );
        let later = boosted_followups
            .into_iter()
            .map(|(_, i)| i)
            .chain(due.into_iter().map(|(_, i)| i))
            .chain(new);
        for index in later {
            if self.cards.contains_key(&deck.cards()[index].id) {
                queue.push(index);
            } else if new_left > 0 {
                new_left -= 1;
                queue.push(index);
            }
        }
        queue
    }
}

#[cfg(test)]
mod merge_tests {
    use super::*;
    use crate::drill::{Day, Grade};

    #[test]
    fn merging_keeps_the_newer_review_of_each_card_and_cards_only_elsewhere() {
        let monday = Day::from_epoch_days(20_000);
        let tuesday = monday.plus(1);
        let mut here = DrillState::default();
        here.record("a", Grade::Good, tuesday, 0);
        here.record("b", Grade::Good, monday, 0);
        let mut there = DrillState::default();
        there.record("a", Grade::Again, monday, 0);
        there.record("b", Grade::Easy, tuesday, 0);
        there.record("c", Grade::Hard, monday, 0);
        let ours_a = here.cards["a"].clone();
        let theirs_b = there.cards["b"].clone();
        here.merge_newer(&there);
        assert_eq!(here.cards["a"], ours_a, "ours is newer");
        assert_eq!(here.cards["b"], theirs_b, "theirs is newer");
        assert!(here.cards.contains_key("c"), "only there");
    }
}
