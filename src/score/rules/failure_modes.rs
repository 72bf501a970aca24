//! `failure-modes`: redelivery, hot keys, schema drift, late data and small files designed
//! for, not mentioned.

use super::prelude::*;

/// Failure modes the signal needs designed for.
const NEEDED: usize = 2;

pub(super) const RULE: Rule = Rule {
    id: RuleId::FailureModes,
    groups: &Group::FAILURE_TOPICS,
    also: Also::Nothing,
    judge: |j| {
        let credited = designed_for(j);
        Verdict::new(
            credited.len() >= NEEDED,
            j.most_direct(&credited, &Group::FAILURE_TOPICS, Some(Stage::DeepDive)),
            "",
        )
    },
    counts: counts_credited,
    counted: counted_mechanism,
    missed: missed_mechanism,
};

/// The first sentence designing for each failure mode the answer treats. When the answer's
/// failure story is "transactions everywhere make failure impossible", its crash and
/// duplicate handling is that story, not a treatment of failure modes.
fn designed_for(j: &Judging<'_>) -> Vec<usize> {
    Group::FAILURE_TOPICS
        .iter()
        .filter(|g| !(j.overreach && matches!(g, Group::Idempotency | Group::CrashRecovery)))
        .filter_map(|g| j.f.credited.get(g).copied())
        .collect()
}
