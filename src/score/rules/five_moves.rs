//! `five-moves`: clarify, size, sketch, deep-dive and defend all happen.

use super::prelude::*;

/// Moves that must carry content when the answer heads all five.
pub(super) const CONTENT_WHEN_HEADED: usize = 4;

pub(super) const RULE: Rule = Rule {
    id: RuleId::FiveMoves,
    groups: &[],
    also: Also::Nothing,
    judge: |j| {
        let moves = j.present.values().filter(|p| **p).count();
        let headed: BTreeSet<Stage> = j.answer.headed_stages.iter().copied().collect();
        Verdict::new(
            moves == 5 || (headed.len() == 5 && moves >= CONTENT_WHEN_HEADED),
            None,
            if moves == 5 {
                "clarify, size, sketch, deep-dive and defend are all in the answer".to_owned()
            } else {
                format!("all five moves are headed, {moves} of them carry content")
            },
        )
    },
    counts: |_, _, _, _| false,
    counted: |_, _| String::new(),
    missed: missed_default,
};
