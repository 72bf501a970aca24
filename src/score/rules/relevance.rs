//! Scenario relevance: which of the ideas the scenario names an answer addresses, and the
//! highest band that allows (an answer to another question is not an answer to this one).

use crate::score::Band;
use crate::text::PatternSet;

use super::gather::{Findings, ScenarioPatterns};

/// Share of a scenario's ideas an answer must address to be strong: two thirds of what the
/// question is about (4 of 5 or 6 ideas).
const RELEVANT_FOR_STRONG: f64 = 2.0 / 3.0;
/// Share below which the answer is weak: addressing under half of what the question is about,
/// it answers some other question.
const RELEVANT_FOR_MIXED: f64 = 0.5;

/// Which of the scenario's ideas the answer addresses, and the band that allows.
pub(super) fn relevance(
    f: &Findings,
    patterns: &ScenarioPatterns<'_>,
) -> Option<crate::score::Relevance> {
    if patterns.ideas.is_empty() {
        return None;
    }
    let (addressed, missing): (Vec<_>, Vec<_>) = patterns
        .ideas
        .iter()
        .zip(&f.ideas_addressed)
        .partition(|(_, seen)| **seen);
    // A little slack so that 4 of 6 is exactly two thirds.
    let share = addressed.len() as f64 / patterns.ideas.len() as f64 + 1e-9;
    let limit = if share < RELEVANT_FOR_MIXED {
        Some(Band::Weak)
    } else if share < RELEVANT_FOR_STRONG {
        Some(Band::Mixed)
    } else {
        None
    };
    let names = |list: Vec<(&(&str, PatternSet), &bool)>| {
        list.into_iter()
            .map(|((name, _), _)| (*name).to_owned())
            .collect()
    };
    Some(crate::score::Relevance {
        addressed: names(addressed),
        missing: names(missing),
        limit,
    })
}
