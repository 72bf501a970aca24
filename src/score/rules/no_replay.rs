//! `no-replay`: no way to reprocess history after a bug.

use super::prelude::*;

pub(super) const RULE: Rule = Rule {
    id: RuleId::NoReplay,
    groups: &[Group::Replay],
    also: Also::Nothing,
    judge: |j| absent_or_dismissed(j.f, Group::Replay, "reprocessing history after a bug"),
    counts: counts_addressed,
    counted: counted_mechanism,
    missed: missed_mechanism,
};
