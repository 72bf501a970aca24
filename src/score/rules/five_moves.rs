//! `five-moves`: clarify, size, sketch, deep-dive and defend all happen.

use super::prelude::*;

/// A move counts as made when it earns at least one part in this many of its points (a
/// third).
pub(super) const MOVE_DONE_PARTS: u32 = 3;

/// Moves that must carry content when the answer heads all five.
pub(super) const CONTENT_WHEN_HEADED: usize = 4;

pub(super) const RULE: Rule = Rule {
    id: RuleId::FiveMoves,
    groups: &[],
    also: Also::Nothing,
    judge: |j| {
        // A move counts when it carries content and earns a fair share of its points: a
        // heading over one line is not driving the conversation through that move.
        let moves = j
            .stages
            .iter()
            .filter(|s| {
                j.present.get(&s.stage).copied().unwrap_or(false)
                    && s.score * MOVE_DONE_PARTS >= s.max
            })
            .count();
        let headed: BTreeSet<Stage> = j.answer.headed_stages.iter().copied().collect();
        Verdict::new(
            moves == 5 || (headed.len() == 5 && moves >= CONTENT_WHEN_HEADED),
            None,
            if moves == 5 {
                "clarify, size, sketch, deep-dive and defend are all in the answer".to_owned()
            } else {
                format!("all five moves are headed, {moves} of them made")
            },
        )
    },
    counts: |_, _, _, _| false,
    counted: |_, _| String::new(),
    missed: missed_default,
};
