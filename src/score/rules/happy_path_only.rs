//! `happy-path-only`: no failure is walked through.

use super::prelude::*;

pub(super) const RULE: Rule = Rule {
    id: RuleId::HappyPathOnly,
    groups: &Group::FAILURE_TOPICS,
    also: Also::Nothing,
    // An answer that designs for no failure mode and never says where the design breaks has
    // walked the happy path.
    judge: |j| {
        // Crash and duplicate handling count here even when exactly-once is the story:
        // `exactly-once-overreach` already says what is wrong with that story.
        let designed = Group::FAILURE_TOPICS
            .iter()
            .any(|g| j.f.credited.contains_key(g));
        Verdict::new(
            !designed && j.f.breaking.is_empty(),
            None,
            "no failure is walked through: no crash, duplicate, hot key or schema change",
        )
    },
    counts: counts_credited,
    counted: counted_mechanism,
    missed: missed_mechanism,
};
