//! `tradeoffs`: every choice comes with what it buys and what it costs.

use super::prelude::*;

/// Trade-off sentences the signal needs: one trade-off is a remark, two are a habit.
pub(super) const NEEDED: usize = 2;

pub(super) const RULE: Rule = Rule {
    id: RuleId::Tradeoffs,
    groups: &[Group::Tradeoff],
    also: Also::Nothing,
    judge: |j| {
        let f = j.f;
        Verdict::new(
            f.tradeoffs.len() >= NEEDED,
            j.most_direct(&f.tradeoffs, &[Group::Tradeoff], Some(Stage::Defend)),
            "",
        )
    },
    counts: |f, i, _, _| f.tradeoffs.contains(&i),
    counted: |_, _| "names what a choice costs".to_owned(),
    missed: missed_default,
};
