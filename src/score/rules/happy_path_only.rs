//! `happy-path-only`: no failure is walked through.

use super::prelude::*;

pub(super) const RULE: Rule = Rule {
    id: RuleId::HappyPathOnly,
    groups: &Group::FAILURE_TOPICS,
    also: Also::Nothing,
    judge: |j| {
        let f = j.f;
        let any_failure = Group::FAILURE_TOPICS
            .iter()
            .any(|g| f.credited.contains_key(g));
        Verdict::new(
            !any_failure && f.breaking.is_empty(),
            None,
            "no failure is walked through: no crash, duplicate, hot key or schema change",
        )
    },
    counts: counts_credited,
    counted: counted_mechanism,
    missed: missed_mechanism,
};
