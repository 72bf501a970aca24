//! `breaking-points`: says under which load, key or failure the design stops working.

use super::prelude::*;

pub(super) const RULE: Rule = Rule {
    id: RuleId::BreakingPoints,
    groups: &[Group::Breaking, Group::Bulletproof],
    also: Also::Nothing,
    judge: |j| {
        let f = j.f;
        Verdict::new(
            !f.breaking.is_empty(),
            j.most_direct(&f.breaking, &[Group::Breaking], Some(Stage::Defend)),
            "",
        )
    },
    counts: |f, i, _, _| f.breaking.contains(&i),
    counted: |_, _| "says where the design breaks".to_owned(),
    missed: missed_default,
};
